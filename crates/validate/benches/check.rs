//! Checking one response, valid and invalid, at typical and large sizes.
//! The valid cases measure the quick yes (`check`) and, beside it, the
//! full path that builds a value (`full`: parse, yes/no schema check,
//! semantic rules, typed model, drift walk); the invalid ones add the
//! located report.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use mechanics_model::strategies::{Breakage, broken, payload_sized};
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use validate::check::Checker;

// The allocator `validate` runs with.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use validate::generate::Corpus;

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
    let large = Corpus::new(7, 200..201, None)
        .documented_only()
        .get(0)
        .unwrap();
    let large = serde_json::to_vec_pretty(&large.payload).unwrap();
    let drifting = serde_json::to_vec_pretty(&generate(payload_sized(200..201))).unwrap();
    let broken = generate(broken(Breakage::EnumOutside));
    let broken = serde_json::to_vec_pretty(&broken.payload).unwrap();
    // Keys by the hundred thousand, which the quick yes must not compare
    // pair by pair.
    let mut many_keys: serde_json::Value = serde_json::from_slice(&example).unwrap();
    let options = (0..100_000)
        .map(|i| (format!("k{i}"), serde_json::Value::from(i)))
        .collect();
    *many_keys
        .pointer_mut("/mechanicIntegrations/1/configuration/options")
        .expect("the example's second integration has options") =
        serde_json::Value::Object(options);
    let many_keys = serde_json::to_vec(&many_keys).unwrap();
    vec![
        ("documented-example", example),
        ("options-with-100000-keys", many_keys),
        ("valid-200-integrations", large),
        ("drifting-200-integrations", drifting),
        ("invalid-enum", broken),
    ]
}

fn check(c: &mut Criterion) {
    let endpoint = mechanics_model::endpoint_by_name("mechanic_integrations").unwrap();
    with_checker(c, "check", &Checker::builtin(endpoint));
}

fn full(c: &mut Criterion) {
    let endpoint = mechanics_model::endpoint_by_name("mechanic_integrations").unwrap();
    with_checker(c, "full", &Checker::builtin(endpoint).without_quick_yes());
}

fn with_checker(c: &mut Criterion, name: &str, checker: &Checker) {
    let mut group = c.benchmark_group(name);
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

criterion_group!(benches, check, full, floor);
criterion_main!(benches);
