//! `--save DIR`: what is kept of a response, what is left out, how it
//! reads back, and a folder that cannot be written.

use std::path::{Path, PathBuf};

use crate::server::{Reply, Server, json_ok, response};
use crate::support::{all_output, assert_no_secret, code, problems, root, stderr, summary};

const TOKEN: &str = "tok_FAKE_save_0801";
const PATH: &str = "/api/v2/mechanics/mechanic_integrations";

fn live(args: &[&str]) -> std::process::Output {
    let mut all = vec!["--format", "json", "--retries", "0"];
    all.extend_from_slice(args);
    let output = crate::support::validate_with(&all, None, &[("MECHANICS_API_TOKEN", TOKEN)]);
    assert_no_secret(&output, &[TOKEN, "FAKE-pw"]);
    output
}

fn valid_body() -> Vec<u8> {
    std::fs::read(root().join("fixtures/valid/documented-example.json")).unwrap()
}

/// The one file saved into `dir`, its text and its only entry.
fn saved(dir: &Path) -> (String, serde_json::Value) {
    let files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let text = std::fs::read_to_string(&files[0]).unwrap();
    let har: serde_json::Value = serde_json::from_str(&text).unwrap();
    (text, har["log"]["entries"][0].clone())
}

#[test]
fn a_body_that_is_not_json_is_left_out_and_reads_back_as_not_checked() {
    // Cut short after the credentials, as QA found it: masking the text
    // left the username in clear and broke the JSON.
    let body = br#"{"mechanicIntegrations": [{"configuration": {"id": 3,
        "credentials": {"password": "FAKE-pw-0802", "username": "fake-user"}"#;
    let server = Server::always(json_ok(body));
    let dir = tempfile::tempdir().unwrap();
    let save = dir.path().join("saved");
    let output = live(&["--url", &server.url(PATH), "--save", save.to_str().unwrap()]);
    assert_eq!(code(&output), 3, "{}", all_output(&output));
    assert_eq!(problems(&output)[0]["problem"], "syntax");
    assert_no_secret(&output, &["fake-user"]);
    assert!(
        stderr(&output).contains("without its body: it is not JSON"),
        "{}",
        stderr(&output)
    );

    let (text, entry) = saved(&save);
    for secret in [
        "FAKE-pw",
        "fake-user",
        TOKEN,
        "password",
        "mechanicIntegrations",
    ] {
        assert!(!text.contains(secret), "{secret} saved:\n{text}");
    }
    let content = &entry["response"]["content"];
    assert_eq!(content["_withheld"], true);
    assert_eq!(content["size"], body.len());
    assert_eq!(content["mimeType"], "application/json");
    assert!(content.get("text").is_none(), "{content}");

    let again = crate::support::validate(&["--format", "json", save.to_str().unwrap()]);
    assert_eq!(code(&again), 3, "{}", all_output(&again));
    let problem = &problems(&again)[0];
    assert_eq!(problem["problem"], "withheld");
    assert!(
        problem["message"]
            .as_str()
            .unwrap()
            .contains("`validate --save` left it out"),
        "{problem}"
    );
}

#[test]
fn an_error_page_is_left_out_too() {
    let server = Server::always(response(
        "502 Bad Gateway",
        &[("Content-Type", "text/html")],
        b"<p>upstream said password=FAKE-pw-0803 user fake-user</p>",
    ));
    let dir = tempfile::tempdir().unwrap();
    let output = live(&[
        "--url",
        &server.url(PATH),
        "--save",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(code(&output), 3);
    let (text, entry) = saved(dir.path());
    assert!(
        !text.contains("FAKE-pw") && !text.contains("fake-user"),
        "{text}"
    );
    assert_eq!(entry["response"]["status"], 502);
    assert_eq!(entry["response"]["content"]["mimeType"], "text/html");
    assert_eq!(entry["response"]["content"]["_withheld"], true);
}

#[test]
fn a_response_from_another_path_reads_back_as_the_endpoint_it_was_checked_as() {
    let body = valid_body();
    // A proxy path, and a redirect away from the documented path.
    let server = Server::start(move |request, _| match request.path.as_str() {
        PATH => Reply::Raw(response("302 Found", &[("Location", "/v2/moved")], b"")),
        _ => Reply::Raw(json_ok(&body)),
    });
    let dir = tempfile::tempdir().unwrap();
    let save = dir.path().to_str().unwrap();
    for url in [server.url("/proxy/mi?page=1"), server.url(PATH)] {
        let output = live(&["--url", &url, "--save", save]);
        assert_eq!(code(&output), 0, "{}", all_output(&output));
    }
    let mut paths = Vec::new();
    for file in std::fs::read_dir(dir.path()).unwrap() {
        let text = std::fs::read_to_string(file.unwrap().path()).unwrap();
        let har: serde_json::Value = serde_json::from_str(&text).unwrap();
        let entry = &har["log"]["entries"][0];
        assert_eq!(entry["_endpoint"], "mechanic_integrations");
        let url = url::Url::parse(entry["request"]["url"].as_str().unwrap()).unwrap();
        paths.push(url.path().to_owned());
    }
    paths.sort();
    assert_eq!(paths, ["/proxy/mi", "/v2/moved"]);

    let again = crate::support::validate(&["--format", "json", save]);
    assert_eq!(code(&again), 0, "{}", all_output(&again));
    let summary = summary(&again);
    assert_eq!(
        (summary["valid"].as_u64(), summary["skipped"].as_u64()),
        (Some(2), Some(0))
    );
}

#[test]
fn a_folder_that_cannot_be_made_fails_the_run_before_any_request() {
    let server = Server::always(json_ok(&valid_body()));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("taken");
    std::fs::write(&file, "a file, not a folder").unwrap();
    let under = file.join("responses");
    for (save, reason) in [
        (&file, "it is a file, not a folder".to_owned()),
        (
            &under,
            format!("`{}` is a file, not a folder", file.display()),
        ),
    ] {
        let output = live(&["--url", &server.url(PATH), "--save", save.to_str().unwrap()]);
        assert_eq!(code(&output), 2, "{}", all_output(&output));
        assert_eq!(
            stderr(&output),
            format!(
                "validate: error: cannot save responses into the folder `{}`: {reason}\n",
                save.display()
            )
        );
    }
    assert!(server.requests().is_empty(), "nothing was fetched");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "a file, not a folder"
    );
}

#[test]
fn a_save_that_fails_during_the_run_fails_it_after_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let save = dir.path().join("saved");
    let body = valid_body();
    let in_the_way = save.clone();
    // The folder is fine when the run starts, and taken by a file while
    // the response is on its way.
    let server = Server::start(move |_, _| {
        std::fs::remove_dir_all(&in_the_way).unwrap();
        std::fs::write(&in_the_way, "taken").unwrap();
        Reply::Raw(json_ok(&body))
    });
    let url = server.url(PATH);
    let output = live(&["--url", &url, "--save", save.to_str().unwrap()]);
    assert_eq!(code(&output), 2, "{}", all_output(&output));
    // The response was still checked and reported, to the last record.
    let summary = summary(&output);
    assert_eq!(summary["valid"], 1);
    let told = stderr(&output);
    assert!(
        told.ends_with(&format!(
            "validate: error: cannot save responses into the folder `{}`: it is a file, not a \
             folder\n",
            save.display()
        )),
        "{told}"
    );
}
