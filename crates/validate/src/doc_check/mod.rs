//! `validate doc-check DOC.md...`: API documentation against the contract.
//!
//! Each endpoint section of a markdown document is matched to a registered
//! endpoint by the method and path of its `HTTP Request` line. For a match,
//! the `Response` attribute table is compared with the endpoint's committed
//! schema (attributes on each side, types, "Can be blank?") and every
//! `json` example is checked like a response. Sections for endpoints the
//! registry does not know are listed and skipped. Every finding carries the
//! document's own line and column.

mod compare;
mod examples;
mod finding;
mod markdown;
mod report;
mod table;

pub use finding::{DocFinding, DocRule, Subject};

use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::time::Instant;

use mechanics_model::{Endpoint, endpoint_for_request};

use crate::check::Checker;
use crate::cli::{DocCheckArgs, ToolFormat};
use crate::document::Origin;
use crate::error::Error;
use crate::exit;
use crate::finding::{InputProblem, Location};
use crate::input::Item;
use crate::shape::SchemaDoc;
use compare::SchemaAttribute;
use markdown::Lines;
use report::{DocReporter, DocSummary};

/// How a section was matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SectionStatus {
    /// Matched to this registered endpoint and checked.
    Checked(&'static str),
    /// Its request names no registered endpoint; listed, not checked.
    UnknownEndpoint,
    /// It has a table or examples but no request line to match by.
    NoRequest,
}

/// One section of a document, as matched.
#[derive(Debug, Clone)]
pub struct SectionEntry {
    /// The heading's text.
    pub heading: String,
    /// Where the heading is.
    pub location: Location,
    /// The request's method and path, when the section has one.
    pub request: Option<(String, String)>,
    /// How it was matched.
    pub status: SectionStatus,
    /// Attribute rows in its tables.
    pub attributes: usize,
    /// `json` examples in it.
    pub examples: usize,
}

/// What checking one document found.
#[derive(Debug, Clone, Default)]
pub struct DocReport {
    /// Sections with a request line, a table or an example.
    pub sections: Vec<SectionEntry>,
    /// Every disagreement, in document order.
    pub findings: Vec<DocFinding>,
}

impl DocReport {
    /// Sections matched to a registered endpoint.
    pub fn matched(&self) -> usize {
        self.sections
            .iter()
            .filter(|s| matches!(s.status, SectionStatus::Checked(_)))
            .count()
    }
}

/// Why a document was not checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocProblem {
    /// It could not be read.
    Read(InputProblem),
    /// UTF-16 or UTF-32 text.
    WrongEncoding {
        /// `UTF-16LE`, `UTF-32BE`, ...
        encoding: &'static str,
    },
    /// Its bytes are not UTF-8.
    NotUtf8 {
        /// Where the first bad byte is.
        location: Location,
    },
    /// No section matched a registered endpoint.
    NoEndpoint,
}

impl DocProblem {
    /// A short stable name for machine output.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Read(problem) => problem.kind(),
            Self::WrongEncoding { .. } => "wrong-encoding",
            Self::NotUtf8 { .. } => "invalid-utf8",
            Self::NoEndpoint => "no-endpoint",
        }
    }
}

impl fmt::Display for DocProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Read(problem) => write!(f, "the document {problem}"),
            Self::WrongEncoding { encoding } => write!(
                f,
                "the document is {encoding} text; re-save it as UTF-8 to check it"
            ),
            Self::NotUtf8 { location } => {
                write!(
                    f,
                    "the document is not valid UTF-8 (first bad byte at {location})"
                )
            }
            Self::NoEndpoint => f.write_str(
                "the document has no section for a registered endpoint (a section needs an \
                 `HTTP Request` heading followed by a line such as `GET /path`)",
            ),
        }
    }
}

/// The contract of each endpoint a document names, built once per run.
#[derive(Debug, Default)]
pub struct Contracts {
    known: HashMap<&'static str, (Checker, Vec<SchemaAttribute>)>,
}

impl Contracts {
    fn get(&mut self, endpoint: &'static Endpoint) -> &(Checker, Vec<SchemaAttribute>) {
        self.known.entry(endpoint.name).or_insert_with(|| {
            let schema: serde_json::Value = serde_json::from_str(endpoint.committed_schema)
                .expect("the committed schema is JSON: a test parses it");
            let attributes = compare::schema_attributes(&SchemaDoc::new(&schema))
                .expect("the committed schema has only local references: a test reads it");
            (Checker::builtin(endpoint), attributes)
        })
    }
}

/// Checks one markdown document.
pub fn check_document(source: &str, contracts: &mut Contracts) -> DocReport {
    let lines = Lines::new(source);
    let mut report = DocReport::default();
    for section in markdown::sections(source) {
        let endpoint = section
            .request
            .as_ref()
            .and_then(|r| endpoint_for_request(&r.method, &r.path));
        let status = match (&section.request, endpoint) {
            (_, Some(endpoint)) => SectionStatus::Checked(endpoint.name),
            (Some(_), None) => SectionStatus::UnknownEndpoint,
            (None, None) if section.tables.is_empty() && section.examples.is_empty() => continue,
            (None, None) => SectionStatus::NoRequest,
        };
        let contract = endpoint.map(|endpoint| contracts.get(endpoint));
        for block in &section.examples {
            let checker = contract.map(|(checker, _)| checker);
            report
                .findings
                .extend(examples::check(block, checker, &lines));
        }
        if let Some((_, attributes)) = contract {
            for table in &section.tables {
                report
                    .findings
                    .extend(compare::check_table(table, attributes));
            }
            if section.tables.is_empty() {
                report.findings.push(DocFinding {
                    rule: DocRule::Table,
                    location: section.location,
                    subject: None,
                    message: "the section has no attribute table under a `Response` heading"
                        .to_owned(),
                    excerpt: None,
                });
            }
        }
        report.sections.push(SectionEntry {
            heading: section.heading,
            location: section.location,
            request: section.request.map(|r| (r.method, r.path)),
            status,
            attributes: section.tables.iter().map(|t| t.rows.len()).sum(),
            examples: section.examples.len(),
        });
    }
    report
        .findings
        .sort_by(|a, b| a.location.cmp(&b.location).then(a.rule.cmp(&b.rule)));
    report
}

/// Standard input, as `-` names it on the command line.
const STDIN: &str = "-";

fn load(path: &Path) -> Result<String, DocProblem> {
    let bytes = if path == Path::new(STDIN) {
        match crate::input::read_whole(std::io::stdin().lock(), Origin::Stdin) {
            Item::Document(document) => document.bytes,
            Item::Problem(_, problem) => return Err(DocProblem::Read(problem)),
            Item::Skipped(..) | Item::Note(..) | Item::Failed(..) | Item::File(..) => {
                let reason = "nothing was read".to_owned();
                return Err(DocProblem::Read(InputProblem::Unreadable { reason }));
            }
        }
    } else {
        crate::input::read_body(path)
            .map_err(DocProblem::Read)?
            .bytes
    };
    match crate::parse::prepare(&bytes) {
        Ok(text) => Ok(text.to_owned()),
        // Said as a document without an endpoint, like any other text
        // that has none.
        Err(InputProblem::Empty) => Ok(String::new()),
        Err(InputProblem::WrongEncoding { encoding }) => {
            Err(DocProblem::WrongEncoding { encoding })
        }
        Err(InputProblem::InvalidUtf8 { location }) => Err(DocProblem::NotUtf8 { location }),
        Err(problem) => Err(DocProblem::Read(problem)),
    }
}

/// Runs `validate doc-check` and returns the exit code.
pub fn run(args: &DocCheckArgs) -> Result<u8, Error> {
    let DocCheckArgs { docs, output } = args;
    crate::stdin_at_most_once(docs)?;
    let started = Instant::now();
    let color = crate::color_choice(output.color);
    let mut reporter: Box<dyn DocReporter> = match output.format {
        ToolFormat::Human => Box::new(report::Human::new(color)),
        ToolFormat::Json => Box::new(report::Json::new()),
    };

    let mut contracts = Contracts::default();
    let mut summary = DocSummary::default();
    for path in docs {
        summary.documents += 1;
        let loaded = load(path);
        // Named as the checks of responses name it.
        let path = if path == Path::new(STDIN) {
            Path::new("<stdin>")
        } else {
            path.as_path()
        };
        let written = match loaded {
            Err(problem) => {
                summary.not_checked += 1;
                reporter.not_checked(path, &problem)
            }
            Ok(source) => {
                let report = check_document(&source, &mut contracts);
                let matched = report.matched() > 0;
                summary.findings += report.findings.len();
                if !matched {
                    summary.not_checked += 1;
                } else if report.findings.is_empty() {
                    summary.agreeing += 1;
                } else {
                    summary.disagreeing += 1;
                }
                reporter.document(path, &report).and_then(|()| {
                    if matched {
                        Ok(())
                    } else {
                        reporter.not_checked(path, &DocProblem::NoEndpoint)
                    }
                })
            }
        };
        if let Err(error) = written {
            return quiet(error, &summary);
        }
    }
    summary.elapsed = started.elapsed();
    summary.exit_code = summary.exit_code();
    if let Err(error) = reporter.finish(&summary) {
        return quiet(error, &summary);
    }
    Ok(summary.exit_code)
}

fn quiet(error: std::io::Error, summary: &DocSummary) -> Result<u8, Error> {
    if error.kind() == std::io::ErrorKind::BrokenPipe {
        return Ok(summary.exit_code());
    }
    Err(Error::Write {
        path: "<stdout>".into(),
        source: error,
    })
}

impl DocSummary {
    /// "Not checked" wins over disagreements, as for responses.
    pub fn exit_code(&self) -> u8 {
        if self.not_checked > 0 || self.documents == 0 {
            exit::NOT_CHECKED
        } else if self.disagreeing > 0 || self.findings > 0 {
            exit::VIOLATION
        } else {
            exit::VALID
        }
    }
}
