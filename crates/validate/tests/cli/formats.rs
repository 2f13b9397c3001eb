//! Every format is valid for the tools that read it: JSON Lines against
//! our committed schema, SARIF against the SARIF 2.1.0 schema, JUnit
//! against the structure CI servers require, GitHub annotations as the
//! runner parses them.

use serde_json::Value;

use crate::support::{code, records, root, sarif_schema, stderr, stdout, validate};

/// Inputs that together produce every kind of record and finding.
const MIXED: &[&str] = &[
    "fixtures/valid/documented-example.json",
    "fixtures/invalid/enum-authentication-type.json",
    "fixtures/invalid/missing-name.json",
    "fixtures/regressions/duplicate-keys-with-secrets.json",
    "fixtures/regressions/password-in-array.json",
    "fixtures/drift/undocumented-members.json",
    "fixtures/malformed/truncated.json",
    "fixtures/does-not-exist.json",
];

fn run(format: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["--format", format];
    args.extend(extra);
    args.extend(MIXED);
    validate(&args)
}

fn errors_against(schema: &Value, instance: &Value) -> Vec<String> {
    let validator = jsonschema::validator_for(schema).expect("the schema compiles");
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn json_records_match_the_committed_schema() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schemas/validate-report.schema.json")).unwrap(),
    )
    .unwrap();
    assert!(jsonschema::meta::is_valid(&schema));

    // A baseline with one stale entry and a second, complete run, so that
    // every record type appears: a run with inputs it could not check
    // reports nothing as stale.
    let dir = tempfile::tempdir().unwrap();
    let baseline = dir.path().join("baseline.json");
    std::fs::write(
        &baseline,
        r#"{"version": 1, "findings": [{"fingerprint": "0000000000000000",
            "endpoint": "mechanic_integrations", "rule": "type", "pointer": "/gone",
            "count": 1}]}"#,
    )
    .unwrap();
    let output = run("json", &[]);
    assert_eq!(code(&output), 3);
    let complete = validate(&[
        "--format",
        "json",
        "--baseline",
        baseline.to_str().unwrap(),
        "fixtures/drift/undocumented-members.json",
    ]);
    assert_eq!(code(&complete), 0);
    let mut records = records(&output);
    records.extend(crate::support::records(&complete));
    let mut kinds: Vec<&str> = records
        .iter()
        .map(|r| r["type"].as_str().unwrap())
        .collect();
    kinds.dedup();
    for kind in [
        "input",
        "finding",
        "not_checked",
        "group",
        "stale",
        "summary",
    ] {
        assert!(kinds.contains(&kind), "no {kind} record: {kinds:?}");
    }
    assert_eq!(*kinds.last().unwrap(), "summary");
    assert_eq!(kinds.iter().filter(|k| **k == "summary").count(), 2);
    for record in &records {
        let errors = errors_against(&schema, record);
        assert!(errors.is_empty(), "{record}: {errors:#?}");
    }
}

#[test]
fn the_report_schema_rejects_what_it_should() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schemas/validate-report.schema.json")).unwrap(),
    )
    .unwrap();
    for bad in [
        serde_json::json!({"type": "summary", "version": 1}),
        serde_json::json!({"type": "input", "input": "a", "verdict": "maybe", "findings": 0}),
        serde_json::json!({"type": "finding", "input": "a"}),
    ] {
        assert!(!errors_against(&schema, &bad).is_empty(), "{bad}");
    }
}

#[test]
fn sarif_output_is_valid_sarif_2_1_0() {
    let output = run("sarif", &[]);
    assert_eq!(code(&output), 3);
    let log: Value = serde_json::from_slice(&output.stdout).expect("SARIF is one JSON document");
    let schema = sarif_schema();
    let errors = errors_against(&schema, &log);
    assert!(errors.is_empty(), "{errors:#?}");
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(
        !errors_against(&schema, &broken).is_empty(),
        "the schema bites"
    );

    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert!(!stdout(&output).contains("\"language\""));
    let results = run["results"].as_array().unwrap();
    let enum_result = results
        .iter()
        .find(|r| r["ruleId"] == "enum")
        .expect("the enum violation is a result");
    assert_eq!(enum_result["level"], "error");
    let physical = &enum_result["locations"][0]["physicalLocation"];
    assert_eq!(
        physical["artifactLocation"]["uri"],
        "fixtures/invalid/enum-authentication-type.json"
    );
    assert_eq!(physical["region"]["startLine"], 9);
    assert_eq!(physical["region"]["startColumn"], 31);
    assert_eq!(
        enum_result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
        "/mechanicIntegrations/0/integrationDetails/authenticationType"
    );
    assert!(enum_result["partialFingerprints"]["contractGroup/v1"].is_string());
    let drift = results.iter().find(|r| r["ruleId"] == "drift").unwrap();
    assert_eq!(drift["level"], "warning");
    let category = results
        .iter()
        .find(|r| r["message"]["text"].as_str().unwrap().contains("/category"))
        .unwrap();
    assert_eq!(category["occurrenceCount"], 2);
    assert_eq!(category["relatedLocations"].as_array().unwrap().len(), 1);
    let notifications = run["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    assert_eq!(notifications.len(), 2, "{notifications:#?}");
    assert_eq!(run["invocations"][0]["executionSuccessful"], false);
    assert_eq!(run["invocations"][0]["exitCode"], 3);
}

#[test]
fn sarif_marks_baseline_state_and_suppresses_accepted_results() {
    let dir = tempfile::tempdir().unwrap();
    let baseline = dir.path().join("baseline.json");
    validate(&[
        "--write-baseline",
        baseline.to_str().unwrap(),
        "fixtures/invalid/enum-authentication-type.json",
    ]);
    let output = validate(&[
        "--format",
        "sarif",
        "--baseline",
        baseline.to_str().unwrap(),
        "fixtures/invalid/enum-authentication-type.json",
        "fixtures/invalid/blank-name.json",
    ]);
    assert_eq!(code(&output), 1);
    let log: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(errors_against(&sarif_schema(), &log).is_empty());
    let results = log["runs"][0]["results"].as_array().unwrap();
    let states: Vec<(&str, &str, bool)> = results
        .iter()
        .map(|r| {
            (
                r["ruleId"].as_str().unwrap(),
                r["baselineState"].as_str().unwrap(),
                r.get("suppressions").is_some(),
            )
        })
        .collect();
    assert_eq!(
        states,
        [("enum", "unchanged", true), ("blank", "new", false)]
    );
}

#[test]
fn junit_output_has_the_structure_ci_servers_require() {
    let output = run("junit", &[]);
    assert_eq!(code(&output), 3);
    let text = stdout(&output);
    let document = roxmltree::Document::parse(&text).expect("JUnit output is XML");
    let root = document.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let number = |node: roxmltree::Node<'_, '_>, name: &str| -> usize {
        node.attribute(name)
            .unwrap_or_else(|| panic!("<{}> lacks `{name}`", node.tag_name().name()))
            .parse()
            .unwrap()
    };
    let suites: Vec<_> = root.children().filter(|n| n.is_element()).collect();
    assert_eq!(suites.len(), 1);
    let suite = suites[0];
    assert_eq!(suite.tag_name().name(), "testsuite");
    assert!(suite.attribute("name").is_some_and(|n| !n.is_empty()));
    let cases: Vec<_> = suite
        .children()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(cases.len(), MIXED.len(), "one test case per input");
    assert_eq!(number(suite, "tests"), cases.len());
    let with = |tag: &str| {
        cases
            .iter()
            .filter(|c| c.children().any(|n| n.has_tag_name(tag)))
            .count()
    };
    assert_eq!(number(suite, "failures"), with("failure"));
    assert_eq!(number(suite, "errors"), with("error"));
    assert_eq!(number(root, "tests"), cases.len());
    assert_eq!(
        number(root, "failures"),
        4,
        "enum, missing name, duplicate keys, password"
    );
    assert_eq!(number(root, "errors"), 2, "truncated and missing file");
    for case in &cases {
        assert!(case.attribute("name").is_some_and(|n| !n.is_empty()));
        assert_eq!(
            case.attribute("classname"),
            Some("validate.mechanic_integrations")
        );
        for status in case.children().filter(|n| n.is_element()) {
            let tag = status.tag_name().name();
            assert!(
                ["failure", "error", "system-out"].contains(&tag),
                "unexpected <{tag}>"
            );
            if tag != "system-out" {
                assert!(
                    status.attribute("type").is_some() && status.attribute("message").is_some()
                );
            }
        }
    }
    let enum_case = cases
        .iter()
        .find(|c| c.attribute("name") == Some("fixtures/invalid/enum-authentication-type.json"))
        .unwrap();
    let failure = enum_case
        .children()
        .find(|n| n.has_tag_name("failure"))
        .unwrap();
    assert_eq!(failure.attribute("type"), Some("enum"));
    assert!(failure.text().unwrap().contains(
        "9:31: error[enum] /mechanicIntegrations/0/integrationDetails/authenticationType"
    ));
    // Drift alone passes, with the warnings in the case's output.
    let drift_case = cases
        .iter()
        .find(|c| c.attribute("name") == Some("fixtures/drift/undocumented-members.json"))
        .unwrap();
    let out = drift_case
        .children()
        .find(|n| n.has_tag_name("system-out"))
        .unwrap();
    assert!(out.text().unwrap().contains("warning[drift] /nextPage"));
}

#[test]
fn github_annotations_carry_file_line_and_column() {
    let output = run("github", &[]);
    assert_eq!(code(&output), 3);
    let text = stdout(&output);
    let annotations: Vec<&str> = text.lines().filter(|l| l.starts_with("::")).collect();
    assert!(
        annotations.contains(
            &"::error file=fixtures/invalid/enum-authentication-type.json,line=9,col=31,\
              title=error[enum] /mechanicIntegrations/*/integrationDetails/authenticationType::\
              /mechanicIntegrations/0/integrationDetails/authenticationType: expected one of \
              \"simple\", \"oauth2\", found \"oauth3\""
        ),
        "{text}"
    );
    assert!(
        annotations.iter().any(|a| a.starts_with(
            "::warning file=fixtures/drift/undocumented-members.json,line=52,col=15,"
        )),
        "{text}"
    );
    assert!(
        annotations.iter().any(|a| a.starts_with(
            "::error file=fixtures/malformed/truncated.json,line=22,col=8,\
             title=not checked[syntax]::"
        )),
        "{text}"
    );
    // Plain lines never look like commands.
    let last = text.lines().last().unwrap();
    assert!(last.starts_with("not checked: "), "{last}");
}

#[test]
fn github_properties_escape_their_delimiters() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("odd, name: 100%.json");
    std::fs::copy(
        root().join("fixtures/invalid/enum-authentication-type.json"),
        &path,
    )
    .unwrap();
    let output = validate(&["--format", "github", path.to_str().unwrap()]);
    let text = stdout(&output);
    assert!(
        text.contains("odd%2C name%3A 100%25.json,line=9,col=31,"),
        "{text}"
    );
}

#[test]
fn output_goes_to_a_file_with_a_summary_on_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    for format in ["human", "json", "junit", "github", "sarif"] {
        let file = dir.path().join(format!("report.{format}"));
        let output = run(format, &["--output", file.to_str().unwrap()]);
        assert_eq!(code(&output), 3, "{format}");
        assert!(
            output.stdout.is_empty(),
            "{format}: the report goes to the file"
        );
        let direct = run(format, &[]);
        let written = std::fs::read_to_string(&file).unwrap();
        assert_eq!(
            without_timings(&written),
            without_timings(&stdout(&direct)),
            "{format}"
        );
        let summary = stderr(&output);
        assert_eq!(summary.lines().count(), 2, "{summary}");
        assert!(
            summary.contains("8 inputs in ") && summary.contains(": 6 checked ("),
            "{summary}"
        );
        assert!(
            summary.contains(", 2 not checked, 0 skipped; "),
            "{summary}"
        );
        assert!(
            summary.contains("(exit 3); report written to "),
            "{summary}"
        );
    }
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 5, "no temporary files are left behind");
}

#[test]
fn files_get_colour_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.txt");
    let path = file.to_str().unwrap();
    validate(&["--output", path, "fixtures/invalid/blank-name.json"]);
    assert!(!std::fs::read(&file).unwrap().contains(&0x1b));
    validate(&[
        "--color",
        "always",
        "--output",
        path,
        "fixtures/invalid/blank-name.json",
    ]);
    assert!(std::fs::read(&file).unwrap().contains(&0x1b));
}

/// Output with its timings cut out, since two runs never take equally
/// long.
fn without_timings(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let mut line = line.to_owned();
        for (start, ends) in [
            ("inputs in ", &["s:"][..]),
            ("\"elapsed_ms\":", &[",", "}"][..]),
            ("time=\"", &["\""][..]),
        ] {
            // Cut from the marker's value to its end, wherever it is.
            while let Some(from) = line.find(start).map(|i| i + start.len()) {
                let Some(to) = ends.iter().filter_map(|e| line[from..].find(e)).min() else {
                    break;
                };
                if to == 0 {
                    break;
                }
                line.replace_range(from..from + to, "");
            }
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}
