//! Checking one response, valid and invalid, at typical and large sizes.
//! The valid cases measure the fast path (parse, yes/no schema check,
//! semantic rules, typed model); the invalid ones add the located report.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use mechanics_model::strategies::{Breakage, broken, payload_sized};
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use validate::check::Checker;

fn runner() -> TestRunner {
    // A fixed seed: every run measures the same documents.
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]);
    TestRunner::new_with_rng(Config::default(), rng)
}

fn generate<S: Strategy>(strategy: S) -> S::Value {
    strategy
        .new_tree(&mut runner())
        .expect("the strategies have no filters that could reject")
        .current()
}

fn documents() -> Vec<(&'static str, Vec<u8>)> {
    let example = include_bytes!("../../../fixtures/valid/documented-example.json").to_vec();
    let large = serde_json::to_vec_pretty(&generate(payload_sized(200..201))).unwrap();
    let broken = generate(broken(Breakage::EnumOutside));
    let broken = serde_json::to_vec_pretty(&broken.payload).unwrap();
    vec![
        ("documented-example", example),
        ("valid-200-integrations", large),
        ("invalid-enum", broken),
    ]
}

fn check(c: &mut Criterion) {
    let endpoint = mechanics_model::endpoint_by_name("mechanic_integrations").unwrap();
    let checker = Checker::builtin(endpoint);
    let mut group = c.benchmark_group("check");
    for (name, bytes) in documents() {
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(name), &bytes, |b, bytes| {
            b.iter(|| checker.check(bytes));
        });
    }
    group.finish();
}

/// The floor we compare with: a plain `serde_json::Value` parse and the
/// validator's yes/no answer, nothing else.
fn floor(c: &mut Criterion) {
    let endpoint = mechanics_model::endpoint_by_name("mechanic_integrations").unwrap();
    let schema: serde_json::Value = serde_json::from_str(endpoint.committed_schema).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let mut group = c.benchmark_group("floor");
    for (name, bytes) in documents() {
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(name), &bytes, |b, bytes| {
            b.iter(|| {
                let value: serde_json::Value = serde_json::from_slice(bytes).unwrap();
                validator.is_valid(&value)
            });
        });
    }
    group.finish();
}

criterion_group!(benches, check, floor);
criterion_main!(benches);
