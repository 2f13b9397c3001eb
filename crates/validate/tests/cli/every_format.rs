//! Every format tells the whole story of a run: entries skipped and why, a
//! run that checked nothing, the second place of a finding, which input a
//! result is in when it has no file, and a reader that goes away early.

use serde_json::Value;

use crate::support::{
    code, root, sarif_schema, stderr, stdout, validate, validate_into_closed_stdout, validate_with,
    validate_with_stdin,
};

/// Case C07: both entries of the endpoint lack a body.
const NO_BODIES: &str = "fixtures/har/no-bodies.har";
/// Like case C06: two entries checked, one of another endpoint skipped.
const BASE64: &str = "fixtures/har/base64-bodies.har";
/// Case C01: a password and an authentication type given twice.
const DUPLICATES: &str = "fixtures/regressions/duplicate-keys-with-secrets.json";

const FORMATS: [&str; 5] = ["human", "json", "junit", "github", "sarif"];

fn entry(har: &str, index: usize, status: u16) -> String {
    format!(
        "{har}#{index} GET https://www.autobutler.dk/api/v2/mechanics/mechanic_integrations \
         ({status})"
    )
}

/// A test case's status element other than `system-out`: its tag, `type`
/// and `message`.
type Status = Option<(String, String, String)>;

/// The `<testcase>` elements of a JUnit report, as (name, status).
fn junit_cases(text: &str) -> Vec<(String, Status)> {
    let document = roxmltree::Document::parse(text).expect("JUnit output is XML");
    document
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .map(|case| {
            let status = case
                .children()
                .find(|n| n.is_element() && !n.has_tag_name("system-out"))
                .map(|n| {
                    let attribute = |name| n.attribute(name).unwrap_or_default().to_owned();
                    (
                        n.tag_name().name().to_owned(),
                        attribute("type"),
                        attribute("message"),
                    )
                });
            (
                case.attribute("name").unwrap_or_default().to_owned(),
                status,
            )
        })
        .collect()
}

/// The counts on the `<testsuites>` element.
fn junit_totals(text: &str) -> [String; 4] {
    let document = roxmltree::Document::parse(text).expect("JUnit output is XML");
    let root = document.root_element();
    ["tests", "skipped", "failures", "errors"]
        .map(|name| root.attribute(name).unwrap_or_default().to_owned())
}

fn status(kind: &str, ty: &str, message: &str) -> Status {
    Some((kind.to_owned(), ty.to_owned(), message.to_owned()))
}

#[test]
fn junit_lists_skipped_entries_with_their_reason() {
    let output = validate(&["--format", "junit", BASE64]);
    assert_eq!(code(&output), 0);
    let text = stdout(&output);
    assert_eq!(junit_totals(&text), ["3", "1", "0", "0"].map(String::from));
    let settings = "fixtures/har/base64-bodies.har#2 GET \
                    https://www.autobutler.dk/api/v2/mechanics/settings (200)";
    assert_eq!(
        junit_cases(&text),
        [
            (entry(BASE64, 0, 200), None),
            (entry(BASE64, 1, 200), None),
            (
                settings.to_owned(),
                status(
                    "skipped",
                    "skipped.not-an-endpoint",
                    "`GET /api/v2/mechanics/settings` is not a documented endpoint"
                )
            ),
        ]
    );
}

#[test]
fn junit_of_a_run_that_checked_nothing_errors_and_says_why() {
    let output = validate(&["--format", "junit", NO_BODIES]);
    assert_eq!(code(&output), 3);
    let text = stdout(&output);
    assert_eq!(junit_totals(&text), ["3", "2", "0", "1"].map(String::from));
    assert_eq!(
        junit_cases(&text),
        [
            (
                entry(NO_BODIES, 0, 200),
                status(
                    "skipped",
                    "skipped.no-body",
                    "the capture holds no body for it (export the HAR with content included)"
                )
            ),
            (
                entry(NO_BODIES, 1, 204),
                status(
                    "skipped",
                    "skipped.empty-body",
                    "its body is empty (status 204)"
                )
            ),
            (
                "nothing checked".to_owned(),
                status(
                    "error",
                    "not-checked.nothing-checked",
                    "nothing was checked: all 2 entries read were skipped"
                )
            ),
        ]
    );
}

#[test]
fn junit_of_an_empty_capture_errors_too() {
    let dir = tempfile::tempdir().unwrap();
    let har = dir.path().join("empty.har");
    std::fs::write(&har, r#"{"log": {"version": "1.2", "entries": []}}"#).unwrap();
    let output = validate(&["--format", "junit", har.to_str().unwrap()]);
    assert_eq!(code(&output), 3);
    let text = stdout(&output);
    assert_eq!(junit_totals(&text), ["1", "0", "0", "1"].map(String::from));
    assert_eq!(
        junit_cases(&text),
        [(
            "nothing checked".to_owned(),
            status(
                "error",
                "not-checked.nothing-checked",
                "nothing was checked: the inputs named hold no response to check"
            )
        )]
    );
}

fn sarif(args: &[&str], expected_code: i32) -> Value {
    let mut all = vec!["--format", "sarif"];
    all.extend(args);
    let output = validate(&all);
    assert_eq!(code(&output), expected_code, "{}", stderr(&output));
    let log: Value = serde_json::from_slice(&output.stdout).expect("SARIF is JSON");
    let validator = jsonschema::validator_for(&sarif_schema()).expect("the schema compiles");
    let errors: Vec<String> = validator.iter_errors(&log).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    log
}

/// (descriptor id, level, message, artifact URI) of each notification.
fn notifications(log: &Value) -> Vec<(String, String, String, String)> {
    let invocation = &log["runs"][0]["invocations"][0];
    let Some(list) = invocation["toolExecutionNotifications"].as_array() else {
        return Vec::new();
    };
    let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    list.iter()
        .map(|n| {
            (
                text(&n["descriptor"]["id"]),
                text(&n["level"]),
                text(&n["message"]["text"]),
                text(&n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]),
            )
        })
        .collect()
}

#[test]
fn sarif_of_a_run_that_checked_nothing_is_unsuccessful_and_says_why() {
    let log = sarif(&[NO_BODIES], 3);
    let run = &log["runs"][0];
    assert_eq!(run["invocations"][0]["executionSuccessful"], false);
    assert_eq!(run["invocations"][0]["exitCode"], 3);
    assert_eq!(run["results"], serde_json::json!([]));
    let note = |id: &str, level: &str, message: String, uri: &str| {
        (id.to_owned(), level.to_owned(), message, uri.to_owned())
    };
    assert_eq!(
        notifications(&log),
        [
            note(
                "skipped",
                "warning",
                format!(
                    "{}: skipped[no-body]: the capture holds no body for it (export the HAR \
                     with content included)",
                    entry(NO_BODIES, 0, 200)
                ),
                NO_BODIES
            ),
            note(
                "skipped",
                "warning",
                format!(
                    "{}: skipped[empty-body]: its body is empty (status 204)",
                    entry(NO_BODIES, 1, 204)
                ),
                NO_BODIES
            ),
            note(
                "nothing-checked",
                "error",
                "nothing was checked: all 2 entries read were skipped".to_owned(),
                ""
            ),
        ]
    );
    // Each descriptor a notification names is described by the driver.
    let described: Vec<&str> = run["tool"]["driver"]["notifications"]
        .as_array()
        .expect("the driver describes its notifications")
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(described, ["skipped", "nothing-checked"]);
}

#[test]
fn sarif_mentions_skipped_entries_of_a_run_that_passes() {
    let log = sarif(&[BASE64], 0);
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], true);
    let notes = notifications(&log);
    assert_eq!(notes.len(), 1, "{notes:#?}");
    let (id, level, message, uri) = &notes[0];
    assert_eq!(
        (id.as_str(), level.as_str(), uri.as_str()),
        ("skipped", "warning", BASE64)
    );
    assert!(
        message.ends_with(
            "(200): skipped[not-an-endpoint]: `GET /api/v2/mechanics/settings` is not a \
             documented endpoint"
        ),
        "{message}"
    );
}

#[test]
fn sarif_is_unsuccessful_whenever_an_input_could_not_be_checked() {
    let log = sarif(
        &[
            "fixtures/valid/documented-example.json",
            "fixtures/nowhere.json",
        ],
        3,
    );
    assert_eq!(
        log["runs"][0]["invocations"][0]["executionSuccessful"],
        false
    );
    let notes = notifications(&log);
    assert_eq!(notes.len(), 1, "{notes:#?}");
    assert_eq!(notes[0].0, "not-checked");
    assert_eq!(notes[0].1, "error");
}

fn annotations(text: &str) -> Vec<&str> {
    text.lines().filter(|l| l.starts_with("::")).collect()
}

#[test]
fn github_warns_of_skipped_entries_and_errors_when_nothing_was_checked() {
    let output = validate(&["--format", "github", NO_BODIES]);
    assert_eq!(code(&output), 3);
    let text = stdout(&output);
    assert_eq!(
        annotations(&text),
        [
            format!(
                "::warning file={NO_BODIES},title=skipped[no-body]::{}: skipped: the capture \
                 holds no body for it (export the HAR with content included)",
                entry(NO_BODIES, 0, 200)
            ),
            format!(
                "::warning file={NO_BODIES},title=skipped[empty-body]::{}: skipped: its body is \
                 empty (status 204)",
                entry(NO_BODIES, 1, 204)
            ),
            "::error title=nothing checked::nothing was checked: all 2 entries read were skipped"
                .to_owned(),
        ]
    );
}

#[test]
fn github_names_the_input_of_results_without_a_file() {
    // A HAR entry: the capture is the file, the entry and its body's
    // line:column are in the message.
    let output = validate(&["--format", "github", "fixtures/har/chrome.har"]);
    assert_eq!(code(&output), 1);
    let text = stdout(&output);
    let error = annotations(&text)
        .into_iter()
        .find(|a| a.starts_with("::error "))
        .unwrap_or_else(|| panic!("an error annotation: {text}"));
    assert_eq!(
        error,
        "::error file=fixtures/har/chrome.har,title=error[enum] \
         /mechanicIntegrations/*/integrationDetails/authenticationType::fixtures/har/chrome.har#2 \
         GET https://www.autobutler.dk/api/v2/mechanics/mechanic_integrations?access_token=\
         REDACTED&locale=da (200):9:31: /mechanicIntegrations/0/integrationDetails/\
         authenticationType: expected one of \"simple\", \"oauth2\", found \"oauth3\""
    );

    // Standard input.
    let body = std::fs::read(root().join("fixtures/invalid/blank-name.json")).unwrap();
    let output = validate_with_stdin(&["--format", "github", "-"], Some(&body));
    assert_eq!(code(&output), 1);
    let text = stdout(&output);
    assert_eq!(
        annotations(&text),
        [
            "::error title=error[blank] /mechanicIntegrations/*/integrationDetails/name::\
             <stdin>:52:17: /mechanicIntegrations/2/integrationDetails/name: expected a \
             non-blank string, found \"   \""
        ]
    );

    // A live response, from a server of our own on 127.0.0.1.
    use crate::server::{Server, json_ok};
    let server = Server::always(json_ok(&body));
    let url = server.url("/api/v2/mechanics/mechanic_integrations");
    let output = validate_with(
        &["--format", "github", "--url", &url],
        None,
        &[("MECHANICS_API_TOKEN", "tok_FAKE_github_0701")],
    );
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let text = stdout(&output);
    let [annotation] = annotations(&text)[..] else {
        panic!("one annotation: {text}");
    };
    assert!(
        annotation.starts_with(&format!(
            "::error title=error[blank] /mechanicIntegrations/*/integrationDetails/name::GET \
             {url} (200):52:17: /mechanicIntegrations/2/integrationDetails/name: "
        )),
        "{annotation}"
    );
    crate::support::assert_no_secret(&output, &["tok_FAKE_github_0701"]);
}

#[test]
fn github_names_the_input_of_a_problem_without_a_line() {
    let output = validate(&["--format", "github", "fixtures/nowhere.json"]);
    assert_eq!(code(&output), 3);
    let text = stdout(&output);
    let [annotation] = annotations(&text)[..] else {
        panic!("one annotation: {text}");
    };
    assert!(
        annotation.starts_with(
            "::error file=fixtures/nowhere.json,title=not checked[unreadable]::\
             fixtures/nowhere.json: the input cannot be read: "
        ),
        "{annotation}"
    );
}

#[test]
fn every_format_gives_both_places_of_a_duplicate_key() {
    // Case C01: the second `password` at 22:11, the first at 21:11; the
    // second `authenticationType` at 34:9, the first at 33:9.
    let pointer = "/mechanicIntegrations/1/configuration/credentials/password";
    for format in FORMATS {
        let output = validate(&["--format", format, "--color", "never", DUPLICATES]);
        assert_eq!(code(&output), 1, "{format}");
        crate::support::assert_no_secret(&output, &["FAKE-pw"]);
        let text = stdout(&output);
        match format {
            "human" => assert!(
                text.contains(&format!(
                    "{DUPLICATES}:22:11: error[duplicate-key] {pointer}: expected the key \
                     `password` once per object, found the key a second time; first at 21:11"
                )),
                "{text}"
            ),
            "json" => {
                let records = crate::support::records(&output);
                let related = serde_json::json!({
                    "label": "first at",
                    "pointer": pointer,
                    "location": {"line": 21, "column": 11},
                });
                let finding = records
                    .iter()
                    .find(|r| r["type"] == "finding" && r["pointer"] == pointer)
                    .expect("a finding record");
                assert_eq!(
                    finding["location"],
                    serde_json::json!({"line": 22, "column": 11})
                );
                assert_eq!(finding["related"], related);
                let group = records
                    .iter()
                    .find(|r| r["type"] == "group" && r["rule"] == "duplicate-key")
                    .expect("a group record");
                assert_eq!(group["examples"][0]["related"], related);
            }
            "junit" => {
                let cases = junit_cases(&text);
                let description = roxmltree::Document::parse(&text)
                    .unwrap()
                    .descendants()
                    .find(|n| n.has_tag_name("failure"))
                    .and_then(|n| n.text().map(str::to_owned))
                    .expect("a failure with a description");
                assert_eq!(cases.len(), 1);
                assert!(
                    description.contains(&format!(
                        "22:11: error[duplicate-key] {pointer}: expected the key `password` \
                         once per object, found the key a second time; first at 21:11\n"
                    )),
                    "{description}"
                );
                assert!(
                    description.contains("34:9: error[duplicate-key] ")
                        && description.contains("; first at 33:9\n"),
                    "{description}"
                );
            }
            "github" => assert!(
                annotations(&text).contains(
                    &format!(
                        "::error file={DUPLICATES},line=22,col=11,title=error[duplicate-key] \
                         /mechanicIntegrations/*/configuration/credentials/password::{pointer}: \
                         expected the key `password` once per object, found the key a second \
                         time; first at 21:11"
                    )
                    .as_str()
                ),
                "{text}"
            ),
            "sarif" => {
                let log: Value = serde_json::from_str(&text).unwrap();
                let result = log["runs"][0]["results"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|r| {
                        r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == pointer
                    })
                    .expect("a result for the password");
                let region = |location: &Value| {
                    let region = &location["physicalLocation"]["region"];
                    (region["startLine"].clone(), region["startColumn"].clone())
                };
                assert_eq!(region(&result["locations"][0]), (22.into(), 11.into()));
                let related = result["relatedLocations"]
                    .as_array()
                    .expect("related locations");
                assert_eq!(related.len(), 1);
                assert_eq!(region(&related[0]), (21.into(), 11.into()));
                assert_eq!(
                    related[0]["physicalLocation"]["artifactLocation"]["uri"],
                    DUPLICATES
                );
                assert_eq!(related[0]["message"]["text"], format!("first at {pointer}"));
                assert!(
                    result["message"]["text"]
                        .as_str()
                        .unwrap()
                        .ends_with("; first at 21:11"),
                    "{result}"
                );
            }
            _ => unreachable!("every format is listed"),
        }
    }
}

#[test]
fn a_repeated_name_points_at_its_first_use_in_every_grouped_format() {
    let fixture = "fixtures/invalid/duplicate-names.json";
    let first = "first used at /mechanicIntegrations/0/integrationDetails/name 14:17";
    for format in ["junit", "github"] {
        let output = validate(&["--format", format, fixture]);
        assert_eq!(code(&output), 1, "{format}");
        let text = stdout(&output);
        assert!(text.contains(first), "{format}: {text}");
    }
    let log = sarif(&[fixture], 1);
    let related = &log["runs"][0]["results"][0]["relatedLocations"][0];
    assert_eq!(
        related["message"]["text"],
        "first used at /mechanicIntegrations/0/integrationDetails/name"
    );
    assert_eq!(related["physicalLocation"]["region"]["startLine"], 14);
    assert_eq!(
        related["logicalLocations"][0]["fullyQualifiedName"],
        "/mechanicIntegrations/0/integrationDetails/name"
    );
}

#[test]
fn a_closed_stdout_ends_every_format_quietly_with_the_verdicts_code() {
    // Each line of the stream breaks the contract, so the verdict is 1
    // however far the run got before it noticed the reader had gone.
    let line = std::fs::read_to_string(root().join("fixtures/invalid/blank-name.json"))
        .unwrap()
        .replace('\n', "");
    let stream = format!("{line}\n").repeat(200);
    for format in FORMATS {
        let args = ["--format", format, "--input-format", "ndjson", "-"];
        let (code, stderr) = validate_into_closed_stdout(&args, stream.as_bytes());
        assert_eq!(code, 1, "{format}: {stderr}");
        assert_eq!(stderr, "", "{format}");
    }
}

#[test]
fn counts_read_in_words_in_every_summary() {
    let args = [
        "fixtures/valid/documented-example.json",
        "fixtures/nowhere.json",
    ];
    let line = "2 inputs in [ELAPSED]: 1 checked (1 valid, 0 with violations, 0 with drift), \
                1 not checked, 0 skipped; 0 findings in 0 groups";

    let human = validate(&args);
    assert_eq!(code(&human), 3);
    assert!(
        without_elapsed(&stdout(&human)).contains(line),
        "{}",
        stdout(&human)
    );

    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.xml");
    let baseline = dir.path().join("baseline.json");
    let mut with_files = vec![
        "--format",
        "junit",
        "--output",
        report.to_str().unwrap(),
        "--write-baseline",
        baseline.to_str().unwrap(),
    ];
    with_files.extend(args);
    let output = validate(&with_files);
    assert_eq!(code(&output), 3);
    let terminal = without_elapsed(&stderr(&output));
    assert!(terminal.contains(line), "{terminal}");
    assert!(
        terminal.contains("validate: warning: 1 input could not be checked; the baseline `"),
        "{terminal}"
    );
}

/// Text with the run's duration, `in 0.04s:`, replaced by a placeholder.
fn without_elapsed(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(" in ") {
        let (head, tail) = rest.split_at(at + 4);
        out.push_str(head);
        let digits = tail
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(tail.len());
        if digits > 0 && tail[digits..].starts_with("s:") {
            out.push_str("[ELAPSED]:");
            rest = &tail[digits + 2..];
        } else {
            rest = tail;
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn skipped_entries_show_no_secret_in_any_format() {
    // Now that every format lists skipped entries, their URLs must be as
    // redacted as those of entries checked.
    let entry = |method: &str, url: &str, status: u16, text: &str| {
        serde_json::json!({
            "request": {
                "method": method,
                "url": url,
                "headers": [{"name": "Authorization", "value": "tok_FAKE_skip_0801"}],
            },
            "response": {
                "status": status,
                "content": {"mimeType": "application/json", "text": text},
            },
        })
    };
    let endpoint = "https://api.example.invalid/api/v2/mechanics/mechanic_integrations";
    let har = serde_json::json!({"log": {"version": "1.2", "entries": [
        entry("GET", &format!("{endpoint}?token=tok_FAKE_skip_0802"), 401,
              r#"{"password": "FAKE-pw-0803"}"#),
        entry("GET", "https://api.example.invalid/other?api_key=FAKE-key-0804", 200, "{}"),
        entry("GET", &format!("{endpoint}?access_token=tok_FAKE_skip_0805"), 204, ""),
    ]}});
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("secrets.har");
    std::fs::write(&path, har.to_string()).unwrap();
    for format in FORMATS {
        let output = validate(&["--format", format, path.to_str().unwrap()]);
        assert_eq!(code(&output), 3, "{format}");
        let text = stdout(&output);
        assert!(
            text.contains("secrets.har#0 GET") && text.contains("secrets.har#2 GET"),
            "{format}: the skipped entries are listed\n{text}"
        );
        assert!(text.contains("token=REDACTED"), "{format}: {text}");
        crate::support::assert_no_secret(&output, &["tok_FAKE", "FAKE-pw", "FAKE-key"]);
    }
}
