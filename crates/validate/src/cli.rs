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
    /// Check API documentation in markdown against the contract: attribute
    /// tables, types, blank-ability and JSON examples.
    DocCheck(DocCheckArgs),
    /// Classify each difference between two versions of a response schema
    /// as breaking or compatible for clients.
    Diff(DiffArgs),
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

    /// Print the OpenAPI 3.1 document of every endpoint instead of one
    /// endpoint's JSON Schema.
    #[arg(long, conflicts_with_all = ["write", "endpoint"])]
    pub openapi: bool,
}

/// Options of `validate doc-check`.
#[derive(Debug, Args)]
#[command(after_help = exit::DOC_CHECK_HELP)]
pub struct DocCheckArgs {
    /// Markdown documents to check.
    #[arg(value_name = "DOC.md", required = true)]
    pub docs: Vec<PathBuf>,

    /// How to report.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Options of `validate diff`.
#[derive(Debug, Args)]
#[command(after_help = exit::DIFF_HELP)]
pub struct DiffArgs {
    /// The schema clients were built for.
    #[arg(value_name = "OLD.schema.json")]
    pub old: PathBuf,

    /// The schema the server will follow.
    #[arg(value_name = "NEW.schema.json")]
    pub new: PathBuf,

    /// How to report.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Report format and colour, for the subcommands that report.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Report format.
    #[arg(long, value_enum, default_value_t, help_heading = "Output")]
    pub format: Format,

    /// When to colour human output. `auto` colours only a terminal and
    /// honours NO_COLOR.
    #[arg(long, value_enum, default_value_t, help_heading = "Output")]
    pub color: Color,
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
}

/// Report formats.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One line per problem, with the source line, and a summary.
    #[default]
    Human,
    /// One JSON record per line (JSON Lines), closed by a summary record.
    Json,
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
