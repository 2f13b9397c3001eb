//! No input can crash any source: arbitrary bytes read as a response file,
//! as an NDJSON stream, as a HAR capture, inside a HAR body (plain and
//! base64), and as an HTTP body in any content encoding. Every document a
//! source hands on is checked; every outcome is an item, never a panic.

use std::ops::ControlFlow;

use base64::Engine;
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use validate::check::{Checker, Verdict};
use validate::cli::InputFormat;
use validate::input::{self, Item, Settings, Source};

fn endpoint() -> &'static mechanics_model::Endpoint {
    mechanics_model::endpoint_by_name("mechanic_integrations").unwrap()
}

/// Reads `bytes` as a file of `format` and checks every document; returns
/// how many items the source produced.
fn read_all(bytes: &[u8], format: InputFormat) -> usize {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("input");
    std::fs::write(&path, bytes).unwrap();
    let checker = Checker::builtin(endpoint());
    let settings = Settings {
        format,
        endpoint: endpoint(),
        defer_reading: false,
    };
    let mut items = 0;
    let flow = input::read(Source::Path(&path), &settings, &mut |item| {
        items += 1;
        if let Item::Document(document) = item {
            let verdict = checker.check(&document.bytes);
            if let Verdict::Checked(findings) = &verdict {
                assert!(
                    findings
                        .iter()
                        .all(|f| f.pointer.is_empty() || f.pointer.starts_with('/'))
                );
            }
        }
        ControlFlow::Continue(())
    });
    assert!(flow.is_continue(), "nothing asked the source to stop");
    items
}

/// A HAR capture with one entry of the endpoint whose body is `text`.
fn har_with_body(text: &str, base64: bool) -> Vec<u8> {
    let content = if base64 {
        serde_json::json!({"mimeType": "application/json", "text": text, "encoding": "base64"})
    } else {
        serde_json::json!({"mimeType": "application/json", "text": text})
    };
    serde_json::to_vec(&serde_json::json!({"log": {"version": "1.2", "entries": [{
        "request": {"method": "GET",
            "url": "https://api.example.invalid/api/v2/mechanics/mechanic_integrations"},
        "response": {"status": 200, "content": content}
    }]}}))
    .unwrap()
}

fn bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..400),
        // Mostly JSON-ish text, which gets further into each reader.
        "[\\[\\]{}\":,0-9a-z \\n\\r\\\\-]{0,300}".prop_map(String::into_bytes),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 96,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "sources.proptest-regressions",
        ))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn arbitrary_bytes_in_every_file_format_never_crash(bytes in bytes()) {
        for format in [InputFormat::Json, InputFormat::Ndjson, InputFormat::Har] {
            // Every source says something about any input, if only that it
            // could not be read as its format.
            let items = read_all(&bytes, format);
            prop_assert!(items > 0 || format == InputFormat::Ndjson, "{format:?}");
        }
    }

    #[test]
    fn arbitrary_har_bodies_never_crash(bytes in bytes(), base64 in any::<bool>()) {
        let text = if base64 {
            base64::engine::general_purpose::STANDARD.encode(&bytes)
        } else {
            String::from_utf8_lossy(&bytes).into_owned()
        };
        let items = read_all(&har_with_body(&text, base64), InputFormat::Har);
        prop_assert!(items >= 1);
    }

    #[test]
    fn arbitrary_http_bodies_never_crash(
        bytes in bytes(),
        encoding in prop::sample::select(vec![None, Some("gzip"), Some("deflate"), Some("br")]),
    ) {
        let checker = Checker::builtin(endpoint());
        match input::live::body::decompress(bytes, encoding, 1 << 20) {
            Ok(body) => {
                let _ = checker.check(&body);
            }
            Err(problem) => prop_assert!(!problem.to_string().is_empty()),
        }
    }
}
