//! What the user typed: clap types only. Turning them into a plan is
//! `run`'s job.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::exit;

/// Check Autobutler Mechanics API responses against their documented
/// contract.
///
/// Reads recorded responses from files or standard input, checks each
/// against the endpoint's JSON Schema and the rules the schema cannot
/// express, and reports every violation with its place.
#[derive(Debug, Parser)]
#[command(name = "validate", version, after_help = exit::HELP)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// A task other than checking responses.
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Options for checking responses.
    #[command(flatten)]
    pub check: CheckArgs,
}

/// Tasks besides checking.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print or write the JSON Schemas generated from the Rust model.
    Schema(SchemaArgs),
}

/// Options of `validate schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Write every endpoint's schema into DIR (atomically) instead of
    /// printing the chosen endpoint's schema.
    #[arg(long, value_name = "DIR")]
    pub write: Option<PathBuf>,

    /// The endpoint whose schema to print.
    #[arg(long, default_value = "mechanic_integrations")]
    pub endpoint: String,
}

/// Options for checking responses.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Recorded response bodies to check; `-` reads standard input.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Check against this JSON Schema file instead of the built-in one.
    #[arg(long, value_name = "FILE", help_heading = "Contract")]
    pub schema: Option<PathBuf>,

    /// The endpoint the responses come from.
    #[arg(
        long,
        default_value = "mechanic_integrations",
        help_heading = "Contract"
    )]
    pub endpoint: String,

    /// Report format.
    #[arg(long, value_enum, default_value_t, help_heading = "Output")]
    pub format: Format,

    /// When to colour human output. `auto` colours only a terminal and
    /// honours NO_COLOR.
    #[arg(long, value_enum, default_value_t, help_heading = "Output")]
    pub color: Color,

    /// Write the report to FILE (atomically) and print only a short
    /// summary on standard error.
    #[arg(long, value_name = "FILE", help_heading = "Output")]
    pub output: Option<PathBuf>,

    /// Fail the run on members the documentation does not describe, as on
    /// violations. Without it they are warnings.
    #[arg(long, help_heading = "Contract")]
    pub deny_drift: bool,

    /// Accept the findings listed in FILE: only new ones fail the run, and
    /// entries that no longer occur are reported as stale.
    #[arg(long, value_name = "FILE", help_heading = "Baseline")]
    pub baseline: Option<PathBuf>,

    /// Write every finding of this run to FILE as a baseline (atomically).
    /// May name the same file as --baseline to update it.
    #[arg(long, value_name = "FILE", help_heading = "Baseline")]
    pub write_baseline: Option<PathBuf>,
}

/// Report formats.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Problems grouped across inputs, each with its first places and
    /// their source lines, and a summary.
    #[default]
    Human,
    /// One JSON record per line (JSON Lines), closed by a summary record.
    Json,
    /// JUnit XML, one test case per input, for CI test reports.
    Junit,
    /// GitHub Actions workflow commands: one annotation per group.
    Github,
    /// SARIF 2.1.0, for code scanning services.
    Sarif,
}

/// Colour choices.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum Color {
    /// Colour on a terminal, unless NO_COLOR or TERM=dumb is set.
    #[default]
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}
