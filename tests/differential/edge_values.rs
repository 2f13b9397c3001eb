//! A fixed corpus of values that JSON libraries, schema validators and
//! typed clients are known to read differently, each spliced as raw text
//! into the documented example. For each, the three verdicts agree or
//! `validate` reports the disagreement, and `validate` gives exactly the
//! findings listed.

use serde_json::{Value, json};
use validate::check::Verdict;

use crate::oracle::{findings, oracle};

const ID: &str = "/mechanicIntegrations/1/configuration/id";
const NAME: &str = "/mechanicIntegrations/0/integrationDetails/name";
const AUTH_TYPE: &str = "/mechanicIntegrations/0/integrationDetails/authenticationType";
const PASSWORD: &str = "/mechanicIntegrations/1/configuration/credentials/password";
const FLAG: &str = "/mechanicIntegrations/0/integrationDetails/features/supportsOpenJob";
const OPTION_FIELDS: &str = "/mechanicIntegrations/0/integrationDetails/optionFields";
const OPTIONS: &str = "/mechanicIntegrations/1/configuration/options";
const UNCONFIGURED: &str = "/mechanicIntegrations/0/configuration";
const DETAILS: &str = "/mechanicIntegrations/0/integrationDetails";
const INTEGRATIONS: &str = "/mechanicIntegrations";

/// What `validate` must conclude.
#[derive(Debug)]
enum Expect {
    /// No finding: every verdict accepts.
    Valid,
    /// Exactly these (rule, pointer) findings.
    Findings(Vec<(&'static str, String)>),
    /// Not checked, for this kind of input problem.
    NotChecked(&'static str),
}

fn one(rule: &'static str, pointer: &str) -> Expect {
    Expect::Findings(vec![(rule, pointer.to_owned())])
}

struct Edge {
    label: String,
    text: String,
    expect: Expect,
}

fn documented_example() -> Value {
    let path = contract_tests::root().join("fixtures/valid/documented-example.json");
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// The documented example with `raw` written, as it is, at `pointer`.
fn at(pointer: &str, raw: &str, expect: Expect) -> Edge {
    const PLACEHOLDER: &str = "\u{0}edge\u{0}";
    let mut document = documented_example();
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    match document.pointer_mut(parent).unwrap() {
        Value::Object(members) => {
            members.insert(key.to_owned(), json!(PLACEHOLDER));
        }
        other => panic!("{parent} is not an object: {other}"),
    }
    let text = serde_json::to_string_pretty(&document)
        .unwrap()
        .replace(r#""\u0000edge\u0000""#, raw);
    let shown: String = raw.chars().take(40).collect();
    Edge {
        label: format!("`{shown}` at {pointer}"),
        text,
        expect,
    }
}

/// The documented example with one piece of its text replaced.
fn replaced(from: &str, to: &str, expect: Expect) -> Edge {
    let path = contract_tests::root().join("fixtures/valid/documented-example.json");
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "the documented example has `{from}`");
    Edge {
        label: format!("`{from}` written as `{to}`"),
        text: text.replacen(from, to, 1),
        expect,
    }
}

fn numbers() -> Vec<Edge> {
    let mismatch = || one("model-mismatch", ID);
    vec![
        at(ID, "3", Expect::Valid),
        at(ID, "0", Expect::Valid),
        at(ID, "-1", Expect::Valid),
        at(ID, "3.0", mismatch()),
        at(ID, "1e2", mismatch()),
        at(ID, "1E+2", mismatch()),
        at(ID, "-0", mismatch()),
        at(ID, "-0.0", mismatch()),
        at(ID, "1.0000000000000000001", mismatch()),
        // 2^53 + 1: exact as a 64-bit integer, though JavaScript rounds it.
        at(ID, "9007199254740993", Expect::Valid),
        at(ID, "9223372036854775807", Expect::Valid),
        at(ID, "-9223372036854775808", Expect::Valid),
        // Beyond i64, within u64.
        at(ID, "9223372036854775808", mismatch()),
        at(ID, "18446744073709551615", mismatch()),
        // Beyond u64: parsed as a float.
        at(ID, "18446744073709551616", mismatch()),
        at(ID, "-9223372036854775809", mismatch()),
        at(ID, "1e400", Expect::NotChecked("number-out-of-range")),
        at(ID, "3.5", one("type", ID)),
        at(ID, r#""3""#, one("type", ID)),
        at(ID, "null", one("null", ID)),
        at(FLAG, "1", one("type", FLAG)),
        at(FLAG, "0.0", one("type", FLAG)),
    ]
}

fn strings() -> Vec<Edge> {
    let blank = || one("blank", NAME);
    let mut edges = vec![
        at(NAME, r#""""#, blank()),
        at(NAME, r#"" ""#, blank()),
        at(NAME, r#""\t\r\n""#, blank()),
        at(NAME, r#""\u00a0""#, blank()),
        at(NAME, "\"\u{a0}\"", blank()),
        at(NAME, r#""\ufeff""#, blank()),
        at(NAME, "\"\u{feff}\u{feff}\"", blank()),
        at(NAME, r#""\u0085""#, blank()),
        at(NAME, r#""\u3000""#, blank()),
        at(
            NAME,
            r#""\u1680\u2000\u200a\u2028\u2029\u202f\u205f""#,
            blank(),
        ),
        // Not white space: the Mongolian vowel separator left Unicode's
        // white space in 6.3; zero width space is a format character.
        at(NAME, r#""\u180e""#, Expect::Valid),
        at(NAME, r#""\u200b""#, Expect::Valid),
        at(NAME, r#""\u0000""#, Expect::Valid),
        at(NAME, r#"" \ufeffx""#, Expect::Valid),
        at(NAME, r#""\u0041\u00e6\ud83d\ude97""#, Expect::Valid),
        at(NAME, "\"Værksted Ærø — 🚗 ✓ \\\" \\\\ \\/\"", Expect::Valid),
        at(NAME, r#""\ud800""#, Expect::NotChecked("syntax")),
        at(NAME, "12", one("type", NAME)),
        at(AUTH_TYPE, r#""\u0073imple""#, Expect::Valid),
        at(AUTH_TYPE, r#""simple ""#, one("enum", AUTH_TYPE)),
        at(AUTH_TYPE, r#""SIMPLE""#, one("enum", AUTH_TYPE)),
        at(AUTH_TYPE, r#""""#, one("enum", AUTH_TYPE)),
        at(AUTH_TYPE, r#"{"simple": null}"#, one("type", AUTH_TYPE)),
        at(AUTH_TYPE, r#"["oauth2"]"#, one("type", AUTH_TYPE)),
        at(PASSWORD, r#""""#, Expect::Valid),
        at(PASSWORD, r#""\u0000 \ufeff""#, Expect::Valid),
        at(PASSWORD, "12", one("type", PASSWORD)),
        at(PASSWORD, "null", one("null", PASSWORD)),
        replaced(
            r#""name": "MechanicIntegrations::Au2officeIntegration""#,
            r#""n\u0061me": " ""#,
            blank(),
        ),
        replaced(
            r#""supportsOpenJob": true"#,
            r#""supports\u004fpenJob": "yes""#,
            one("type", FLAG),
        ),
    ];
    let long = "x".repeat(100_000);
    edges.push(at(NAME, &format!("\"{long}\""), Expect::Valid));
    let long_blank = " ".repeat(100_000);
    edges.push(at(NAME, &format!("\"{long_blank}\""), blank()));
    edges
}

fn shapes() -> Vec<Edge> {
    let many: Vec<String> = (0..50_000).map(|i| format!("\"field{i}\"")).collect();
    let mut last_bad = many.clone();
    last_bad[49_999] = "49999".to_owned();
    let integrations: Vec<Value> = (0..4_000)
        .map(|i| {
            let mut item = documented_example()["mechanicIntegrations"][1].clone();
            item["integrationDetails"]["name"] = json!(format!("Integration {i}"));
            item
        })
        .collect();
    let deep = format!("{}1{}", "[".repeat(200), "]".repeat(200));
    vec![
        at(OPTION_FIELDS, "[]", Expect::Valid),
        at(
            OPTION_FIELDS,
            &format!("[{}]", many.join(",")),
            Expect::Valid,
        ),
        at(
            OPTION_FIELDS,
            &format!("[{}]", last_bad.join(",")),
            one("type", &format!("{OPTION_FIELDS}/49999")),
        ),
        at(OPTION_FIELDS, "{}", one("type", OPTION_FIELDS)),
        at(OPTIONS, &format!("{{\"deep\": {deep}}}"), Expect::Valid),
        at(
            OPTIONS,
            r#"{"n": [3.0, -0, 1e308, 18446744073709551616]}"#,
            Expect::Valid,
        ),
        at(OPTIONS, "null", one("null", OPTIONS)),
        at(OPTIONS, "[]", one("type", OPTIONS)),
        at(UNCONFIGURED, "null", Expect::Valid),
        at(
            UNCONFIGURED,
            r#"{"credentials": {}, "id": 1, "options": {}, "extra": [null]}"#,
            Expect::Valid,
        ),
        at(UNCONFIGURED, "[]", one("type", UNCONFIGURED)),
        at(
            UNCONFIGURED,
            "{}",
            Expect::Findings(vec![
                ("required", format!("{UNCONFIGURED}/credentials")),
                ("required", format!("{UNCONFIGURED}/id")),
                ("required", format!("{UNCONFIGURED}/options")),
            ]),
        ),
        // serde's derive reads a struct from an array of its fields; the
        // schema and JSON clients do not.
        at(
            DETAILS,
            r#"[[], "simple", {"supportsCustomerLookup": true, "supportsOpenJob": true},
                "Array", []]"#,
            one("type", DETAILS),
        ),
        at(
            UNCONFIGURED,
            r#"[{"password": "FAKE-pw-edge"}, 4, {}]"#,
            one("type", UNCONFIGURED),
        ),
        at(DETAILS, "null", one("null", DETAILS)),
        at(
            INTEGRATIONS,
            &serde_json::to_string(&integrations).unwrap(),
            Expect::Valid,
        ),
        at(INTEGRATIONS, "[]", Expect::Valid),
        at(INTEGRATIONS, "{}", one("type", INTEGRATIONS)),
        at("/extra", r#"{"page": 1}"#, Expect::Valid),
    ]
}

#[test]
fn edge_values_get_one_verdict_and_the_listed_findings() {
    let oracle = oracle();
    let mut edges = numbers();
    edges.extend(strings());
    edges.extend(shapes());
    for Edge {
        label,
        text,
        expect,
    } in edges
    {
        let verdict = oracle.validate(&text);
        match expect {
            Expect::NotChecked(kind) => match verdict {
                Verdict::NotChecked(problem) => assert_eq!(problem.kind(), kind, "{label}"),
                Verdict::Checked(_) => panic!("{label}: checked, expected {kind}"),
            },
            Expect::Valid => {
                oracle.assert_consistent(&label, &text);
                assert!(
                    matches!(verdict, Verdict::Checked(_)),
                    "{label}: {verdict:?}"
                );
                assert_eq!(findings(&verdict), Vec::new(), "{label}");
            }
            Expect::Findings(mut expected) => {
                oracle.assert_consistent(&label, &text);
                let mut found = findings(&verdict);
                found.sort();
                expected.sort();
                let expected: Vec<(String, String)> = expected
                    .into_iter()
                    .map(|(rule, pointer)| (rule.to_owned(), pointer))
                    .collect();
                assert_eq!(found, expected, "{label}");
            }
        }
    }
}

#[test]
fn a_whole_document_of_the_wrong_shape_is_one_type_finding() {
    let oracle = oracle();
    for text in ["[]", r#"[[{"integrationDetails": {}}]]"#, "\"x\"", "3.0"] {
        oracle.assert_consistent(text, text);
        assert_eq!(
            findings(&oracle.validate(text)),
            [("type".to_owned(), String::new())],
            "{text}"
        );
    }
}
