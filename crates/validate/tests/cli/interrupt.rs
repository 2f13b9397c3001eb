//! Ctrl-C while files are being written: the run ends as a signal death
//! would (130), and leaves neither a partial file nor a temporary one.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("the folder can be listed")
        .map(|entry| {
            entry
                .expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

/// Starts `generate` with `args`, waits until `ready` holds for the folder
/// it writes in, and interrupts it.
fn interrupt_generate(args: &[&str], dir: &Path, ready: impl Fn(&[String]) -> bool) {
    // Far more responses than can be written before the interrupt comes.
    let mut child = Command::new(env!("CARGO_BIN_EXE_validate"))
        .args(["generate", "--count", "100000000"])
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("validate starts");

    let deadline = Instant::now() + Duration::from_secs(60);
    while !dir.is_dir() || !ready(&names_in(dir)) {
        if let Some(status) = child.try_wait().expect("the child can be polled") {
            panic!("generate ended before it was interrupted: {status}");
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("generate did not get going within a minute");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(sent.success(), "SIGINT could not be sent");
    let status = child.wait().expect("validate ends");
    assert_eq!(status.code(), Some(130), "ended with {status}");
}

#[test]
fn ctrl_c_while_writing_a_stream_leaves_no_file_behind() {
    let dir = tempfile::tempdir().expect("a temporary folder can be made");
    let target = dir.path().join("stream.ndjson");
    let target = target.to_str().expect("temporary paths are UTF-8");
    interrupt_generate(
        &["--format", "ndjson", "--out", target],
        dir.path(),
        |names| names.iter().any(|name| name.ends_with(".tmp")),
    );
    assert_eq!(names_in(dir.path()), Vec::<String>::new());
}

#[test]
fn ctrl_c_while_writing_many_files_leaves_only_whole_ones() {
    // Several threads write files side by side, so whether one is caught
    // between creating its temporary file and finishing it depends on the
    // moment; a few rounds at different moments catch it.
    for files_before in [20, 100, 300, 600] {
        let dir = tempfile::tempdir().expect("a temporary folder can be made");
        let out = dir.path().join("corpus");
        let out_arg = out.to_str().expect("temporary paths are UTF-8");
        interrupt_generate(&["--format", "json", "--out", out_arg], &out, |names| {
            names.len() >= files_before
        });
        for name in names_in(&out) {
            assert!(
                name.starts_with("response-") && name.ends_with(".json"),
                "{name} is left after {files_before} files"
            );
            let text = std::fs::read_to_string(out.join(&name)).expect("the file can be read");
            assert!(
                serde_json::from_str::<serde_json::Value>(&text).is_ok(),
                "{name} is cut"
            );
        }
    }
}
