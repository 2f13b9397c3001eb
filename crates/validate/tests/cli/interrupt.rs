//! Ctrl-C while a file is being written: the run ends as a signal death
//! would (130), and leaves neither a partial file nor its temporary.

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

#[test]
fn ctrl_c_while_writing_leaves_no_file_behind() {
    let dir = tempfile::tempdir().expect("a temporary folder can be made");
    let target = dir.path().join("stream.ndjson");
    // Far more responses than can be written before the interrupt comes.
    let mut child = Command::new(env!("CARGO_BIN_EXE_validate"))
        .args([
            "generate",
            "--count",
            "100000000",
            "--format",
            "ndjson",
            "--out",
        ])
        .arg(&target)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("validate starts");

    let deadline = Instant::now() + Duration::from_secs(60);
    while !names_in(dir.path())
        .iter()
        .any(|name| name.ends_with(".tmp"))
    {
        if let Some(status) = child.try_wait().expect("the child can be polled") {
            panic!("generate ended before it was interrupted: {status}");
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("no temporary file appeared within a minute");
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
    assert_eq!(names_in(dir.path()), Vec::<String>::new());
}
