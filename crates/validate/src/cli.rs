//! What the user typed: clap types only. Turning them into a plan is
//! `run`'s job.

use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::time::Duration;

use clap::builder::PossibleValue;
use clap::{Args, Parser, Subcommand, ValueEnum};
use mechanics_model::strategies::Breakage;

use crate::exit;
use crate::generate::IntegrationRange;

/// Check Autobutler Mechanics API responses against their documented
/// contract.
///
/// Reads recorded responses (files, NDJSON streams, HAR captures,
/// directories, standard input) or fetches them live, checks each against
/// the endpoint's JSON Schema and the rules the schema cannot express, and
/// reports every violation with its place.
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
    /// Write responses that follow the contract, or that each break one
    /// documented constraint, for tests, mock servers and load runs.
    ///
    /// The same seed and options give the same responses, byte for byte,
    /// and response N is the same whatever the count.
    Generate(GenerateArgs),
}

/// Options of `validate schema`.
#[derive(Debug, Args)]
#[command(after_help = exit::SCHEMA_HELP)]
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
    pub format: ToolFormat,

    /// When to colour human output. `auto` colours only a terminal and
    /// honours NO_COLOR.
    #[arg(long, value_enum, default_value_t, help_heading = "Output")]
    pub color: Color,
}

/// Options of `validate generate`.
#[derive(Debug, Args)]
#[command(after_help = exit::GENERATE_HELP)]
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

    /// Also give about half of the integrations an undocumented feature
    /// flag, as an API that has moved past its documentation would;
    /// `validate` reports each as drift. Without it, responses hold only
    /// documented members.
    #[arg(long)]
    pub drift: bool,

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
    /// Recorded responses to check: JSON bodies, NDJSON streams (.ndjson,
    /// .jsonl), HAR captures (.har), or directories holding them, walked
    /// recursively. `-` reads standard input.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// How to read the files named and standard input; `auto` goes by the
    /// file's extension and reads standard input as one JSON body. Files
    /// found in directories always go by their extension.
    #[arg(long, value_enum, default_value_t, help_heading = "Input")]
    pub input_format: InputFormat,

    /// Fetch the response from this URL and check it (repeatable). A URL
    /// naming only an origin gets the endpoint's documented path.
    #[arg(long = "url", value_name = "URL", help_heading = "Live")]
    pub urls: Vec<String>,

    /// How live requests are made.
    #[command(flatten)]
    pub live: LiveArgs,

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

    /// Never show the progress line. It is shown only on a terminal,
    /// outside CI, once a run takes longer than half a second.
    #[arg(long, help_heading = "Output")]
    pub no_progress: bool,

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

    /// Check documents on N threads; by default one per core. The report
    /// keeps the input order whatever N is.
    #[arg(long, short = 'j', value_name = "N", help_heading = "Performance")]
    pub jobs: Option<NonZeroUsize>,
}

/// How `--url` requests are made and authorised. The token is never taken
/// from a command-line value, which `ps` and shell history would show.
#[derive(Debug, Args)]
pub struct LiveArgs {
    /// The environment variable holding the token, sent as is in the
    /// `Authorization` header.
    #[arg(
        long,
        value_name = "NAME",
        default_value = "MECHANICS_API_TOKEN",
        help_heading = "Live"
    )]
    pub token_env: String,

    /// Read the token from this file instead (one line).
    #[arg(
        long,
        value_name = "PATH",
        help_heading = "Live",
        conflicts_with = "login"
    )]
    pub token_file: Option<PathBuf>,

    /// Get a fresh token from the API's token endpoint on the URL's
    /// origin, logging in with the email and password in the environment
    /// variables named by --email-env and --password-env.
    #[arg(long, help_heading = "Live")]
    pub login: bool,

    /// The environment variable holding the email for --login.
    #[arg(
        long,
        value_name = "NAME",
        default_value = "MECHANICS_API_EMAIL",
        help_heading = "Live"
    )]
    pub email_env: String,

    /// The environment variable holding the password for --login.
    #[arg(
        long,
        value_name = "NAME",
        default_value = "MECHANICS_API_PASSWORD",
        help_heading = "Live"
    )]
    pub password_env: String,

    /// Longest wait for a connection, e.g. `10s` or `500ms`.
    #[arg(long, value_name = "DURATION", default_value = "10s",
          value_parser = humantime::parse_duration, help_heading = "Live")]
    pub connect_timeout: Duration,

    /// Longest wait for a whole fetch, redirects and retries included.
    #[arg(long, value_name = "DURATION", default_value = "60s",
          value_parser = humantime::parse_duration, help_heading = "Live")]
    pub timeout: Duration,

    /// Largest body accepted, after decompression, e.g. `32MiB`.
    #[arg(long, value_name = "SIZE", default_value = "32MiB",
          value_parser = parse_size, help_heading = "Live")]
    pub max_body: u64,

    /// Attempts after the first on connection failures and HTTP 502, 503
    /// and 504; never on other statuses.
    #[arg(long, value_name = "N", default_value_t = 2, help_heading = "Live")]
    pub retries: u32,

    /// The pause before the first retry; each next one doubles.
    #[arg(long, value_name = "DURATION", default_value = "1s",
          value_parser = humantime::parse_duration, help_heading = "Live")]
    pub retry_delay: Duration,

    /// Keep each fetched response in DIR as a HAR capture that `validate`
    /// reads back, with credentials and the token redacted.
    #[arg(long, value_name = "DIR", help_heading = "Live")]
    pub save: Option<PathBuf>,
}

/// A byte count: digits, then optionally B, KiB, MiB or GiB (or KB, MB,
/// GB for powers of 1000).
fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let digits = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(digits);
    let number: u64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a size (expected e.g. 32MiB)"))?;
    let factor: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "kib" | "k" => 1 << 10,
        "mib" | "m" => 1 << 20,
        "gib" | "g" => 1 << 30,
        "kb" => 1_000,
        "mb" => 1_000_000,
        "gb" => 1_000_000_000,
        other => return Err(format!("unknown size unit `{other}` (use KiB, MiB or GiB)")),
    };
    number
        .checked_mul(factor)
        .filter(|&size| size > 0)
        .ok_or_else(|| format!("`{text}` is not a usable size"))
}

/// How files and standard input are read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    /// By extension: .ndjson and .jsonl are NDJSON, .har is HAR, anything
    /// else one JSON body.
    #[default]
    Auto,
    /// One JSON response body.
    Json,
    /// One JSON response body per line (JSON Lines).
    Ndjson,
    /// A HAR capture.
    Har,
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

/// Report formats of `doc-check` and `diff`, whose findings are about
/// documents and schemas rather than responses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum ToolFormat {
    /// Findings one per line, with a summary.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_with_binary_and_decimal_units() {
        assert_eq!(parse_size("32MiB"), Ok(32 << 20));
        assert_eq!(parse_size("1 KiB"), Ok(1024));
        assert_eq!(parse_size("2kb"), Ok(2000));
        assert_eq!(parse_size("512"), Ok(512));
        assert!(parse_size("0").is_err());
        assert!(parse_size("12 parsecs").is_err());
        assert!(parse_size("MiB").is_err());
    }
}
