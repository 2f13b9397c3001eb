//! What the user typed: clap types only. Turning them into a plan is
//! `run`'s job.

use std::path::PathBuf;

use clap::builder::PossibleValue;
use clap::{Args, Parser, Subcommand, ValueEnum};
use mechanics_model::strategies::Breakage;

use crate::exit;
use crate::generate::IntegrationRange;

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
    /// Write responses that follow the contract, or that each break one
    /// documented constraint, for tests, mock servers and load runs.
    ///
    /// The same seed and options give the same responses, byte for byte,
    /// and response N is the same whatever the count.
    Generate(GenerateArgs),
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

/// Options of `validate generate`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// How many responses to write.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub count: u64,

    /// The seed of the generator.
    #[arg(long, value_name = "S", default_value_t = 0)]
    pub seed: u64,

    /// Integrations per response: `N`, `A..B` (B excluded) or `A..=B`.
    /// Without it, `0..8`, starting instead at the fewest that the
    /// `--break` rule needs.
    #[arg(long, value_name = "RANGE")]
    pub integrations: Option<IntegrationRange>,

    /// Make every response break this one documented constraint;
    /// `validate` then reports exactly that finding for each.
    #[arg(long = "break", value_name = "RULE")]
    pub breakage: Option<BreakRule>,

    /// Output format.
    #[arg(long, value_enum, default_value_t, help_heading = "Output")]
    pub format: GenerateFormat,

    /// Where to write: the folder for `json`; the file for `ndjson` and
    /// `har`, which go to standard output without it. Files appear whole
    /// or not at all.
    #[arg(long, value_name = "PATH", help_heading = "Output")]
    pub out: Option<PathBuf>,
}

/// Output formats of `validate generate`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum GenerateFormat {
    /// One pretty-printed JSON file per response, in the `--out` folder.
    Json,
    /// One response per line (newline-delimited JSON).
    #[default]
    Ndjson,
    /// A HAR 1.2 archive with one GET of the endpoint per response.
    Har,
}

/// A documented constraint `generate --break` can break.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BreakRule(pub Breakage);

/// Every breakage, in the order of [`Breakage::ALL`].
const BREAK_RULES: [BreakRule; Breakage::ALL.len()] = {
    let mut rules = [BreakRule(Breakage::ALL[0]); Breakage::ALL.len()];
    let mut i = 1;
    while i < rules.len() {
        rules[i] = BreakRule(Breakage::ALL[i]);
        i += 1;
    }
    rules
};

impl ValueEnum for BreakRule {
    fn value_variants<'a>() -> &'a [Self] {
        &BREAK_RULES
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        let Self(breakage) = *self;
        let help = format!("{}; reported as `{}`", breakage.summary(), breakage.rule());
        Some(PossibleValue::new(breakage.name()).help(help))
    }
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
