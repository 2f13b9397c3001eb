//! Every fixture under `fixtures/` through both schema implementations and
//! the model.

use std::path::PathBuf;

use crate::oracle::oracle;

/// Fixtures that are not JSON on purpose, so no verdict applies.
const NOT_JSON: &[&str] = &[
    "regressions/number-1e400.json",
    "regressions/number-nan.json",
    "regressions/number-negative-infinity.json",
    "regressions/utf16le-bom.json",
];

fn fixtures() -> Vec<(String, PathBuf)> {
    let root = contract_tests::root().join("fixtures");
    let mut found = Vec::new();
    for dir in ["valid", "invalid", "regressions", "malformed"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "json") {
                let name = format!("{dir}/{}", path.file_name().unwrap().to_string_lossy());
                found.push((name, path));
            }
        }
    }
    found.sort();
    found
}

#[test]
fn both_schema_implementations_judge_every_fixture_alike() {
    let oracle = oracle();
    let fixtures = fixtures();
    assert!(fixtures.len() >= 30, "{fixtures:?}");
    let mut judged = 0;
    for (name, path) in fixtures {
        let bytes = std::fs::read(&path).unwrap();
        let (value, text) = match validate::parse::parse(&bytes) {
            Ok((parsed, text)) => (parsed.value, text.to_owned()),
            Err(problem) => {
                assert!(
                    name.starts_with("malformed/") || NOT_JSON.contains(&name.as_str()),
                    "{name} is expected to be JSON: {problem}"
                );
                continue;
            }
        };
        let verdicts = oracle.assert_consistent(&name, &text);
        if name.starts_with("valid/") {
            assert!(
                verdicts.schema && verdicts.model.is_ok(),
                "{name}: {verdicts:?}"
            );
        }
        let (first, second) = oracle.error_pointers(&value);
        assert_eq!(
            first, second,
            "{name}: values faulted by jsonschema, then by boon"
        );
        judged += 1;
    }
    assert!(judged >= 25, "only {judged} fixtures were JSON");
}

#[test]
fn the_invalid_fixtures_the_schema_can_express_are_refused_by_both() {
    let oracle = oracle();
    // Repeated names and keys, and `3.0`, are beyond JSON Schema: the
    // schema allows them and `validate` reports them by its own rules.
    let beyond_schema = [
        "invalid/duplicate-key.json",
        "invalid/duplicate-names.json",
        "invalid/integer-with-fraction.json",
    ];
    for (name, path) in fixtures() {
        if !name.starts_with("invalid/") {
            continue;
        }
        let bytes = std::fs::read(path).unwrap();
        let (parsed, _) = validate::parse::parse(&bytes).unwrap();
        let verdicts = oracle.verdicts(&parsed.value);
        let refused = !beyond_schema.contains(&name.as_str());
        assert_eq!(!verdicts.schema, refused, "{name}");
        assert_eq!(!verdicts.second_schema, refused, "{name}");
    }
}
