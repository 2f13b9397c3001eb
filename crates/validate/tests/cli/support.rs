//! Running the binary from the workspace root, so that input paths in the
//! output are the short relative ones the snapshots hold.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn validate(args: &[&str]) -> Output {
    validate_with_stdin(args, None)
}

pub fn validate_with_stdin(args: &[&str], stdin: Option<&[u8]>) -> Output {
    validate_with(args, stdin, &[])
}

/// Variables that would change where requests go or which token is sent;
/// every run starts without them, so that nothing leaves the machine.
const CLEARED: &[&str] = &[
    "NO_COLOR",
    "CLICOLOR_FORCE",
    "ALL_PROXY",
    "all_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
    "NO_PROXY",
    "no_proxy",
    "MECHANICS_API_TOKEN",
    "MECHANICS_API_EMAIL",
    "MECHANICS_API_PASSWORD",
];

/// Runs the binary with standard input and extra environment variables.
pub fn validate_with(args: &[&str], stdin: Option<&[u8]>, env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_validate"));
    command.args(args).current_dir(root());
    for name in CLEARED {
        command.env_remove(name);
    }
    command.envs(env.iter().copied());
    let mut child = command
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the validate binary starts");
    if let Some(bytes) = stdin {
        use std::io::Write;
        let mut pipe = child.stdin.take().expect("stdin was piped");
        pipe.write_all(bytes).expect("stdin accepts the input");
    }
    child
        .wait_with_output()
        .expect("the validate binary finishes")
}

/// Runs the binary with its standard output closed before it can write,
/// as when `head` has read what it wanted: the read end is dropped while
/// the binary still waits for `stdin`, so every report write finds the
/// pipe closed. Returns the exit code and standard error.
pub fn validate_into_closed_stdout(args: &[&str], stdin: &[u8]) -> (i32, String) {
    use std::io::{Read, Write};
    let mut command = Command::new(env!("CARGO_BIN_EXE_validate"));
    command.args(args).current_dir(root());
    for name in CLEARED {
        command.env_remove(name);
    }
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the validate binary starts");
    drop(child.stdout.take());
    let mut pipe = child.stdin.take().expect("stdin was piped");
    // The binary may stop reading once its report cannot be written.
    let _ = pipe.write_all(stdin);
    drop(pipe);
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("stderr was piped")
        .read_to_string(&mut stderr)
        .expect("stderr is text");
    let status = child.wait().expect("the validate binary finishes");
    (
        status.code().expect("the process exited, not killed"),
        stderr,
    )
}

pub fn code(output: &Output) -> i32 {
    output
        .status
        .code()
        .expect("the process exited, not killed")
}

/// The JSON Lines records of a `--format json` run.
pub fn records(output: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("every stdout line is a JSON record"))
        .collect()
}

/// The `finding` and `not_checked` records.
pub fn problems(output: &Output) -> Vec<Value> {
    records(output)
        .into_iter()
        .filter(|r| r["type"] == "finding" || r["type"] == "not_checked")
        .collect()
}

/// Snapshot settings: durations change from run to run, nothing else may.
pub fn snapshot_settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(r"in \d+\.\d+s:", "in [ELAPSED]:");
    settings.add_filter(r#""elapsed_ms":\d+"#, r#""elapsed_ms":"[ELAPSED]""#);
    settings.add_filter(r#"time="[0-9.]+""#, r#"time="[ELAPSED]""#);
    settings.set_prepend_module_to_snapshot(false);
    settings
}

/// Both streams of a run, as text.
pub fn all_output(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Fails when any of `secrets` shows in either stream.
pub fn assert_no_secret(output: &Output, secrets: &[&str]) {
    let text = all_output(output);
    for secret in secrets {
        assert!(!text.contains(secret), "{secret} leaked:\n{text}");
    }
}

/// The `summary` record of a `--format json` run.
pub fn summary(output: &Output) -> Value {
    let summary = records(output).pop().expect("a summary record");
    assert_eq!(summary["type"], "summary");
    summary
}

/// The stdout of a run as text.
pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The stderr of a run as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The records of one type from a `--format json` run.
pub fn records_of(output: &Output, kind: &str) -> Vec<Value> {
    records(output)
        .into_iter()
        .filter(|r| r["type"] == kind)
        .collect()
}

/// `count` copies of a fixture in a fresh temporary folder, named
/// `input-000.json` and so on.
pub fn copies(fixture: &str, count: usize) -> (tempfile::TempDir, Vec<String>) {
    let dir = tempfile::tempdir().expect("a temporary folder can be made");
    let bytes = std::fs::read(root().join(fixture)).expect("the fixture exists");
    let paths = (0..count)
        .map(|i| {
            let path = dir.path().join(format!("input-{i:03}.json"));
            std::fs::write(&path, &bytes).expect("the copy can be written");
            path.to_string_lossy().into_owned()
        })
        .collect();
    (dir, paths)
}

/// The SARIF 2.1.0 schema that the `serde-sarif` crate ships and generates
/// its model from. Cargo has it on disk already; `cargo metadata --offline`
/// says where, so the test needs no network. Only this machine's platform
/// is asked for: crates built for other systems alone are never downloaded.
pub fn sarif_schema() -> Value {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let host = host_triple();
    let output = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--offline", "--locked"])
        .args(["--filter-platform", &host])
        .current_dir(root())
        .output()
        .expect("cargo metadata runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: Value = serde_json::from_slice(&output.stdout).expect("metadata is JSON");
    let manifest = metadata["packages"]
        .as_array()
        .expect("metadata lists packages")
        .iter()
        .find(|p| p["name"] == "serde-sarif")
        .and_then(|p| p["manifest_path"].as_str())
        .expect("serde-sarif is a dependency");
    let path = Path::new(manifest)
        .parent()
        .expect("a manifest is in a folder")
        .join("src/schema.json");
    let text = std::fs::read_to_string(&path).expect("serde-sarif ships its schema");
    let mut schema: Value = serde_json::from_str(&text).expect("the SARIF schema is JSON");
    // The published schema's pattern for `language` (of a run and of a
    // tool component) has a stray `]`, which a strict validator refuses to
    // compile. Our logs never set `language` (the SARIF tests assert it),
    // so dropping those two patterns hides nothing.
    for definition in ["run", "toolComponent"] {
        let language = schema
            .pointer_mut(&format!("/definitions/{definition}/properties/language"))
            .and_then(Value::as_object_mut)
            .expect("the SARIF schema describes `language`");
        assert!(
            language.remove("pattern").is_some(),
            "the erratum is still there"
        );
    }
    schema
}

/// The target this machine builds for, as `rustc` names it.
fn host_triple() -> String {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned());
    let output = Command::new(rustc).arg("-vV").output().expect("rustc runs");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .find_map(|line| line.strip_prefix("host: "))
        .expect("rustc -vV names the host")
        .trim()
        .to_owned()
}
