use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = validate::cli::Cli::parse();
    ExitCode::from(validate::run(cli))
}
