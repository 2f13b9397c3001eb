use crate::support::{code, problems, records, validate, validate_with_stdin};

#[test]
fn no_input_is_a_usage_error() {
    let output = validate(&[]);
    assert_eq!(code(&output), 2);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("no input to check"), "{stderr}");
    assert!(output.stdout.is_empty());
}

#[test]
fn unknown_flags_and_endpoints_are_usage_errors() {
    assert_eq!(code(&validate(&["--no-such-flag", "x.json"])), 2);
    let output = validate(&["--endpoint", "nope", "x.json"]);
    assert_eq!(code(&output), 2);
    assert!(String::from_utf8_lossy(&output.stderr).contains("known: mechanic_integrations"));
}

#[test]
fn an_unusable_schema_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let not_json = dir.path().join("schema.json");
    std::fs::write(&not_json, "{ nope").unwrap();
    let not_a_schema = dir.path().join("bad.json");
    std::fs::write(&not_a_schema, r#"{"type": 12}"#).unwrap();
    let missing = dir.path().join("missing.json");
    for schema in [&not_json, &not_a_schema, &missing] {
        let output = validate(&[
            "--schema",
            schema.to_str().unwrap(),
            "fixtures/valid/documented-example.json",
        ]);
        assert_eq!(code(&output), 2, "{schema:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.starts_with("validate: error: "), "{stderr}");
    }
}

#[test]
fn another_schema_can_be_given() {
    let dir = tempfile::tempdir().unwrap();
    let schema = dir.path().join("strict.json");
    std::fs::write(
        &schema,
        r#"{"type": "object", "required": ["mechanicIntegrations", "page"]}"#,
    )
    .unwrap();
    let output = validate(&[
        "--format",
        "json",
        "--schema",
        schema.to_str().unwrap(),
        "fixtures/valid/documented-example.json",
    ]);
    assert_eq!(code(&output), 1);
    let problems = problems(&output);
    assert_eq!(problems[0]["rule"], "required");
    assert_eq!(problems[0]["pointer"], "/page");
}

#[test]
fn not_checked_wins_over_violations_and_the_run_goes_on() {
    let output = validate(&[
        "--format",
        "json",
        "fixtures/does-not-exist.json",
        "fixtures/invalid/blank-name.json",
        "fixtures/valid/documented-example.json",
        "fixtures/malformed/empty.json",
    ]);
    assert_eq!(code(&output), 3);
    let summary = records(&output).pop().unwrap();
    assert_eq!(summary["type"], "summary");
    assert_eq!(summary["inputs"], 4);
    assert_eq!(summary["valid"], 1);
    assert_eq!(summary["with_violations"], 1);
    assert_eq!(summary["not_checked"], 2);
    assert_eq!(summary["exit_code"], 3);
}

#[test]
fn violations_alone_exit_1() {
    let output = validate(&[
        "fixtures/invalid/blank-name.json",
        "fixtures/valid/documented-example.json",
    ]);
    assert_eq!(code(&output), 1);
}

#[test]
fn stdin_is_read_for_a_dash() {
    let output = validate_with_stdin(
        &["--format", "json", "-"],
        Some(b"{\"mechanicIntegrations\": 1}"),
    );
    assert_eq!(code(&output), 1);
    let problems = problems(&output);
    assert_eq!(problems[0]["input"], "<stdin>");
    assert_eq!(problems[0]["rule"], "type");
}

#[test]
fn help_lists_the_exit_codes() {
    let output = validate(&["--help"]);
    assert_eq!(code(&output), 0);
    let help = String::from_utf8_lossy(&output.stdout);
    assert!(
        help.contains(
            "2  usage error (bad flags, unreadable schema or baseline), or a report,\n     \
             baseline or --save response that cannot be written"
        ),
        "{help}"
    );
    assert!(
        help.contains("3  some input could not be checked, or nothing was checked; wins over 1"),
        "{help}"
    );
}

#[test]
fn every_subcommand_lists_its_exit_codes() {
    for (command, codes) in [
        ("schema", &["0  the schema", "2  usage error"][..]),
        (
            "doc-check",
            &[
                "0  every document agrees",
                "1  a disagreement",
                "3  a document",
            ],
        ),
        (
            "diff",
            &[
                "0  no breaking change",
                "1  a breaking change",
                "2  usage error",
            ],
        ),
        (
            "generate",
            &["0  every response was written", "2  usage error"],
        ),
    ] {
        for flag in ["--help", "-h"] {
            let output = validate(&[command, flag]);
            assert_eq!(code(&output), 0, "{command} {flag}");
            let help = String::from_utf8_lossy(&output.stdout);
            let (_, codes_part) = help
                .split_once("\nExit codes:\n")
                .unwrap_or_else(|| panic!("{command} {flag} lists no exit codes:\n{help}"));
            for line in codes {
                assert!(
                    codes_part.contains(line),
                    "{command} {flag}: {line}\n{help}"
                );
            }
        }
    }
}

#[test]
fn no_color_is_honoured_and_pipes_get_no_colour() {
    let output = validate(&["fixtures/invalid/blank-name.json"]);
    assert!(
        !output.stdout.contains(&0x1b),
        "a pipe gets no escape codes"
    );
    let forced = validate(&["--color", "always", "fixtures/invalid/blank-name.json"]);
    assert!(forced.stdout.contains(&0x1b), "--color always colours");
}

#[test]
fn a_custom_schema_keeps_the_typed_model_check() {
    // Naming the committed schema explicitly must not switch off the
    // report of values typed clients refuse.
    let output = validate(&[
        "--format",
        "json",
        "--schema",
        "schemas/mechanic_integrations.schema.json",
        "fixtures/regressions/integer-with-fraction-3.0.json",
    ]);
    assert_eq!(code(&output), 1);
    let problems = problems(&output);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0]["rule"], "model-mismatch");
    assert_eq!(
        problems[0]["pointer"],
        "/mechanicIntegrations/1/configuration/id"
    );
}

#[test]
fn a_report_or_baseline_never_overwrites_an_input_or_each_other() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("response.json");
    let original =
        std::fs::read(crate::support::root().join("fixtures/invalid/blank-name.json")).unwrap();
    std::fs::write(&input, &original).unwrap();
    let input = input.to_str().unwrap();
    let other = dir.path().join("out.json");
    let other = other.to_str().unwrap();
    for args in [
        vec!["--output", input, input],
        vec!["--write-baseline", input, input],
        vec!["--output", other, "--write-baseline", other, input],
    ] {
        let output = validate(&args);
        assert_eq!(code(&output), 2, "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("would overwrite"), "{stderr}");
        assert_eq!(std::fs::read(input).unwrap(), original, "{args:?}");
    }
}

#[test]
fn a_schema_that_is_not_json_is_explained_once() {
    let dir = tempfile::tempdir().unwrap();
    let schema = dir.path().join("schema.json");
    std::fs::write(&schema, "{ nope").unwrap();
    let output = validate(&[
        "--schema",
        schema.to_str().unwrap(),
        "fixtures/valid/documented-example.json",
    ]);
    assert_eq!(code(&output), 2);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.matches("line 1 column 3").count(), 1, "{stderr}");
}

#[test]
fn standard_input_named_twice_is_a_usage_error() {
    for args in [&["-", "-"][..], &["doc-check", "-", "-"][..]] {
        // No input is given: the run must refuse before reading any, and
        // a pipe it never reads would break under the writer.
        let output = validate(args);
        assert_eq!(code(&output), 2, "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("named more than once"),
            "{args:?}: {stderr}"
        );
        assert!(output.stdout.is_empty(), "{args:?}");
    }
}
