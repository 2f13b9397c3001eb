use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    validate::install_interrupt_handler();
    let cli = validate::cli::Cli::parse();
    ExitCode::from(validate::run(cli))
}
