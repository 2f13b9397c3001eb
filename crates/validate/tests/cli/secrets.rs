//! Every fake secret planted in the fixtures stays out of every output.

use crate::support::{root, validate};

/// Text that marks a planted secret in our fixtures.
const PLANTED: &[&str] = &["FAKE-pw", "FAKE-key", "tok_FAKE"];

fn fixtures_with_secrets() -> Vec<String> {
    let mut paths = Vec::new();
    for dir in [
        "fixtures/invalid",
        "fixtures/valid",
        "fixtures/regressions",
        "fixtures/malformed",
    ] {
        for entry in std::fs::read_dir(root().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            let text = String::from_utf8_lossy(&bytes).replace('\0', "");
            if PLANTED.iter().any(|p| text.contains(p)) {
                paths.push(format!(
                    "{dir}/{}",
                    path.file_name().unwrap().to_string_lossy()
                ));
            }
        }
    }
    paths
}

#[test]
fn no_planted_secret_appears_in_any_format() {
    let paths = fixtures_with_secrets();
    assert!(paths.len() >= 8, "the fixtures plant secrets: {paths:?}");
    for format in ["human", "json"] {
        for color in ["never", "always"] {
            let mut args = vec!["--format", format, "--color", color];
            args.extend(paths.iter().map(String::as_str));
            let output = validate(&args);
            for stream in [&output.stdout, &output.stderr] {
                let text = String::from_utf8_lossy(stream);
                for planted in PLANTED {
                    assert!(
                        !text.contains(planted),
                        "{format}/{color} leaked {planted}:\n{text}"
                    );
                }
            }
        }
    }
}

#[test]
fn the_documented_example_credentials_are_not_shown_when_it_breaks() {
    // `bar` is the password of the documentation's example. The duplicate
    // key sits on the line after it, so a careless excerpt would show it.
    let body = std::fs::read_to_string(root().join("fixtures/valid/documented-example.json"))
        .unwrap()
        .replace(
            r#""password": "bar","#,
            r#""password": "bar", "password": "bar","#,
        );
    let output = crate::support::validate_with_stdin(&["-"], Some(body.as_bytes()));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("duplicate-key"), "{text}");
    assert!(!text.contains("\"bar\""), "{text}");
}
