//! Copies a benchmark corpus with every undocumented member removed, so
//! that `bench/run.sh` can measure responses that drift nowhere beside the
//! generated ones, about half of whose integrations carry an undocumented
//! feature flag and so a finding to place and report.
//!
//! ```sh
//! documented_only IN OUT
//! ```
//!
//! IN is a folder of `.json` responses (copied to the folder OUT, pretty
//! printed) or an NDJSON stream (copied to the file OUT, one line each).
//! Lines and files that are not JSON are copied as they are.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use serde_json::Value;
use validate::check::drift::undocumented;

fn main() -> ExitCode {
    let args: Vec<_> = std::env::args_os().skip(1).collect();
    let [input, output] = args.as_slice() else {
        let _ = writeln!(io::stderr(), "usage: documented_only IN OUT");
        return ExitCode::from(2);
    };
    let endpoint = mechanics_model::endpoint_by_name("mechanic_integrations")
        .expect("the endpoint is registered");
    let schema: Value = serde_json::from_str(endpoint.committed_schema)
        .expect("the committed schema is JSON: a test parses it");
    let (input, output) = (Path::new(input), Path::new(output));
    let copied = if input.is_dir() {
        copy_folder(&schema, input, output)
    } else {
        copy_stream(&schema, input, output)
    };
    match copied {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            let _ = writeln!(io::stderr(), "documented_only: {error}");
            ExitCode::from(1)
        }
    }
}

/// `value` without the members the schema does not document.
fn documented(schema: &Value, mut value: Value) -> Value {
    // Deepest first, so that removing one member never moves another.
    let mut pointers: Vec<String> = undocumented(schema, &value)
        .into_iter()
        .map(|member| member.pointer)
        .collect();
    pointers.sort_by_key(|pointer| std::cmp::Reverse(pointer.len()));
    for pointer in pointers {
        let Some((parent, key)) = pointer.rsplit_once('/') else {
            continue;
        };
        let key = key.replace("~1", "/").replace("~0", "~");
        if let Some(Value::Object(members)) = value.pointer_mut(parent) {
            members.remove(&key);
        }
    }
    value
}

fn copy_folder(schema: &Value, input: &Path, output: &Path) -> io::Result<()> {
    for entry in walkdir::WalkDir::new(input).sort_by_file_name() {
        let entry = entry.map_err(io::Error::other)?;
        let relative = entry.path().strip_prefix(input).map_err(io::Error::other)?;
        let target = output.join(relative);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target)?;
            continue;
        }
        let bytes = std::fs::read(entry.path())?;
        let copied = match serde_json::from_slice::<Value>(&bytes) {
            Ok(value) => serde_json::to_vec_pretty(&documented(schema, value))?,
            Err(_) => bytes,
        };
        std::fs::write(target, copied)?;
    }
    Ok(())
}

fn copy_stream(schema: &Value, input: &Path, output: &Path) -> io::Result<()> {
    let reader = BufReader::new(File::open(input)?);
    let mut writer = BufWriter::new(File::create(output)?);
    for line in reader.lines() {
        let line = line?;
        match serde_json::from_str::<Value>(&line) {
            Ok(value) => serde_json::to_writer(&mut writer, &documented(schema, value))?,
            Err(_) => writer.write_all(line.as_bytes())?,
        }
        writer.write_all(b"\n")?;
    }
    writer.flush()
}
