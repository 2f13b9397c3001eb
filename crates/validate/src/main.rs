use std::process::ExitCode;

use clap::Parser;

// Documents are read on one thread and freed on another, by the million on
// long streams; mimalloc keeps that cheap where the system allocator pays
// in locking and page faults. bench/run.sh measures the difference.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = validate::cli::Cli::parse();
    ExitCode::from(validate::run(cli))
}
