//! Each test pins one kind of input that other tools get wrong.

use crate::support::{code, problems, validate, validate_with_stdin};

fn problems_of(path: &str) -> (i32, Vec<serde_json::Value>) {
    let output = validate(&["--format", "json", path]);
    (code(&output), problems(&output))
}

#[test]
fn duplicate_keys_are_each_reported_with_both_places() {
    let (code, problems) = problems_of("fixtures/regressions/duplicate-keys-with-secrets.json");
    assert_eq!(code, 1);
    let found: Vec<(&str, &str, u64, u64, u64)> = problems
        .iter()
        .map(|p| {
            (
                p["rule"].as_str().unwrap(),
                p["pointer"].as_str().unwrap(),
                p["location"]["line"].as_u64().unwrap(),
                p["related"]["location"]["line"].as_u64().unwrap(),
                p["related"]["location"]["column"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "duplicate-key",
                "/mechanicIntegrations/1/configuration/credentials/password",
                22,
                21,
                11
            ),
            (
                "duplicate-key",
                "/mechanicIntegrations/1/integrationDetails/authenticationType",
                34,
                33,
                9
            ),
        ]
    );
}

#[test]
fn a_utf8_byte_order_mark_is_skipped_in_files_and_stdin() {
    let path = "fixtures/regressions/utf8-bom.json";
    assert_eq!(code(&validate(&[path])), 0);
    let bytes = std::fs::read(crate::support::root().join(path)).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    assert_eq!(code(&validate_with_stdin(&["-"], Some(&bytes))), 0);
}

#[test]
fn utf16_is_explained_not_reported_as_a_syntax_error() {
    let (code, problems) = problems_of("fixtures/regressions/utf16le-bom.json");
    assert_eq!(code, 3);
    assert_eq!(problems[0]["problem"], "wrong-encoding");
    let message = problems[0]["message"].as_str().unwrap();
    assert!(
        message.contains("UTF-16LE") && message.contains("must be UTF-8"),
        "{message}"
    );
}

#[test]
fn an_integer_written_as_3_0_is_a_model_mismatch() {
    let (code, problems) = problems_of("fixtures/regressions/integer-with-fraction-3.0.json");
    assert_eq!(code, 1);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0]["rule"], "model-mismatch");
    assert_eq!(
        problems[0]["pointer"],
        "/mechanicIntegrations/1/configuration/id"
    );
    assert_eq!(problems[0]["location"]["line"], 24);
    let expected = problems[0]["expected"].as_str().unwrap();
    assert!(expected.contains("without a fraction"), "{expected}");
}

#[test]
fn unusable_numbers_are_not_checked_with_a_plain_reason() {
    let cases = [
        (
            "number-1e400",
            "number-out-of-range",
            "beyond the range of every integer",
        ),
        ("number-nan", "syntax", "`NaN` is not a JSON number"),
        (
            "number-negative-infinity",
            "syntax",
            "`-Infinity` is not a JSON number",
        ),
    ];
    for (name, kind, reason) in cases {
        let (code, problems) = problems_of(&format!("fixtures/regressions/{name}.json"));
        assert_eq!(code, 3, "{name}");
        let problem = &problems[0];
        assert_eq!(problem["problem"], kind, "{name}");
        // Each points at the start of the number, where the reader looks.
        assert_eq!(problem["location"]["column"], 15, "{name}");
        assert_eq!(
            problem["pointer"], "/mechanicIntegrations/1/configuration/id",
            "{name}"
        );
        assert_eq!(problem["location"]["line"], 24, "{name}");
        let message = problem["message"].as_str().unwrap();
        assert!(message.contains(reason), "{name}: {message}");
    }
}

#[test]
fn nesting_200_deep_in_options_is_checked() {
    let (code, problems) = problems_of("fixtures/regressions/options-200-deep.json");
    assert_eq!((code, problems.len()), (0, 0));
}

#[test]
fn nesting_100k_deep_is_reported_and_the_run_goes_on() {
    let depth = 100_000;
    let body = format!(
        r#"{{"mechanicIntegrations": [{{"configuration": {{"credentials": {{}}, "id": 1,
        "options": {{"deep": {}{}}}}}}}]}}"#,
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let dir = tempfile::tempdir().unwrap();
    let deep = dir.path().join("deep.json");
    std::fs::write(&deep, body).unwrap();
    let output = validate(&[
        "--format",
        "json",
        deep.to_str().unwrap(),
        "fixtures/valid/documented-example.json",
    ]);
    assert_eq!(code(&output), 3);
    let problems = problems(&output);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0]["problem"], "too-deep");
    assert_eq!(problems[0]["location"]["line"], 2);
    let pointer = problems[0]["pointer"].as_str().unwrap();
    assert!(pointer.starts_with("/mechanicIntegrations/0/configuration/options/deep/0/0"));
    let summary = crate::support::records(&output).pop().unwrap();
    assert_eq!(
        (summary["valid"].as_u64(), summary["not_checked"].as_u64()),
        (Some(1), Some(1))
    );
}

#[test]
fn secrets_in_the_wrong_shape_are_violations_at_their_pointers() {
    let cases = [
        (
            "credentials-as-string",
            "/mechanicIntegrations/1/configuration/credentials",
        ),
        (
            "password-in-array",
            "/mechanicIntegrations/1/configuration/credentials/password",
        ),
    ];
    for (name, pointer) in cases {
        let (code, problems) = problems_of(&format!("fixtures/regressions/{name}.json"));
        assert_eq!(code, 1, "{name}");
        assert_eq!(problems.len(), 1, "{name}");
        assert_eq!(problems[0]["rule"], "type", "{name}");
        assert_eq!(problems[0]["pointer"], pointer, "{name}");
        assert_eq!(problems[0]["found"]["type"], "redacted", "{name}");
    }
}

#[test]
fn a_string_where_a_container_belongs_is_described_not_shown() {
    // Credentials sent as `"configuration": "password=..."`, one level
    // above `credentials`, and an integration sent as a string.
    let (code, problems) = problems_of("fixtures/regressions/containers-as-strings.json");
    assert_eq!(code, 1);
    let found: Vec<(&str, &str, &serde_json::Value)> = problems
        .iter()
        .map(|p| {
            (
                p["rule"].as_str().unwrap(),
                p["pointer"].as_str().unwrap(),
                &p["found"],
            )
        })
        .collect();
    let opaque = |chars: u64| serde_json::json!({"type": "string", "chars": chars});
    assert_eq!(
        found,
        [
            ("type", "/mechanicIntegrations/0", &opaque(22)),
            ("type", "/mechanicIntegrations/1/configuration", &opaque(33)),
        ]
    );
}

#[test]
fn numbers_are_shown_as_written_not_as_parsed() {
    let response = |id: &str, open_job: &str| {
        format!(
            r#"{{"mechanicIntegrations": [{{"configuration": {{"credentials": {{}}, "id": {id},
            "options": {{}}}}, "integrationDetails": {{"authenticationFields": [],
            "authenticationType": "simple", "features": {{"supportsCustomerLookup": true,
            "supportsOpenJob": {open_job}}}, "name": "A", "optionFields": []}}}}]}}"#
        )
    };
    for (id, open_job, rule, shown) in [
        ("1E2", "true", "model-mismatch", "1E2"),
        ("3.0", "true", "model-mismatch", "3.0"),
        ("1", "-0.50", "type", "-0.50"),
        ("1", "2e-0", "type", "2e-0"),
    ] {
        let text = response(id, open_job);
        let output = validate_with_stdin(&["--format", "json", "-"], Some(text.as_bytes()));
        let found = problems(&output);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0]["rule"], rule);
        assert_eq!(found[0]["found"]["text"], shown, "{found:#?}");
    }
}
