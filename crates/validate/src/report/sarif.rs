//! SARIF 2.1.0, for code scanning services. One result per group of
//! findings: its first place is the result's location, the next few are
//! related locations, its fingerprint is the partial fingerprint that
//! services use to follow a result from run to run, and its count is the
//! occurrence count. A finding's second place (the first of two
//! duplicate keys) is a related location too.
//!
//! Inputs that could not be checked, entries skipped, a run that checked
//! nothing and stale baseline entries are notifications of the invocation,
//! each naming one of the driver's notification descriptors; the
//! invocation is successful only when every input was checked.
//!
//! The document is built with the `serde-sarif` typed model, which is
//! generated from the SARIF 2.1.0 schema; a test validates real output
//! against that schema.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;

use serde_json::{Value, json};
use serde_sarif::sarif::{self as model, ResultLevel};

use super::{
    Outcome, Report, Reporter, container_of, counted, file_of, nothing_checked, related_text,
};
use crate::aggregate::{Example, Group};
use crate::document::Origin;
use crate::finding::{Location, Related, Rule, Severity};

/// The key of our fingerprint among a result's partial fingerprints.
const FINGERPRINT_KEY: &str = "contractGroup/v1";

/// SARIF output.
#[derive(Debug)]
pub struct Sarif<W> {
    out: W,
}

impl<W: Write> Sarif<W> {
    /// A printer writing to `out`.
    pub fn new(out: W) -> Self {
        Self { out }
    }
}

impl<W: Write> Reporter for Sarif<W> {
    fn input(&mut self, _: &Outcome<'_>) -> io::Result<()> {
        // A SARIF log is one JSON document, written whole at the end.
        Ok(())
    }

    fn finish(&mut self, report: &Report<'_>) -> io::Result<()> {
        let log = log(report);
        serde_json::to_writer_pretty(&mut self.out, &log)?;
        self.out.write_all(b"\n")?;
        self.out.flush()
    }
}

fn log(report: &Report<'_>) -> model::Sarif {
    let mut rules: Vec<&Rule> = Vec::new();
    for group in report.groups {
        if !rules.contains(&&group.rule) {
            rules.push(&group.rule);
        }
    }
    let results: Vec<model::Result> = report
        .groups
        .iter()
        .map(|group| {
            let index = rules.iter().position(|r| *r == &group.rule).unwrap_or(0);
            result(group, index, report.baseline)
        })
        .collect();
    let invocation = invocation(report);
    let mut driver = model::ToolComponent::builder()
        .name("validate")
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .rules(
            rules
                .iter()
                .map(|rule| descriptor(rule))
                .collect::<Vec<_>>(),
        )
        .build();
    driver.notifications = notification_descriptors(&invocation);
    let run = model::Run::builder()
        .tool(model::Tool::builder().driver(driver).build())
        .results(results)
        .invocations(vec![invocation])
        // Our columns count characters, not UTF-16 code units.
        .column_kind(json!("unicodeCodePoints"))
        .build();
    model::Sarif::builder()
        .schema(model::SCHEMA_URL)
        .version(json!("2.1.0"))
        .runs(vec![run])
        .build()
}

fn descriptor(rule: &Rule) -> model::ReportingDescriptor {
    let text = match rule {
        Rule::Required => "A documented member is missing.",
        Rule::Type => "A value has the wrong JSON type.",
        Rule::Null => "A value is null where the documentation says it cannot be blank.",
        Rule::Enum => "A value is outside the documented set.",
        Rule::Blank => "A string that must not be blank is empty or white space.",
        Rule::Pattern => "A string does not match the schema's pattern.",
        Rule::Length => "A string, array or object is too short or too long.",
        Rule::Schema(_) => "A value breaks a keyword of the given schema.",
        Rule::DuplicateKey => "A key appears twice in one object.",
        Rule::UniqueName => "Two integrations share one name.",
        Rule::ModelMismatch => "The schema accepts a value that the typed model refuses.",
        Rule::Drift => "A member the documentation does not describe.",
    };
    model::ReportingDescriptor::builder()
        .id(rule.name())
        .short_description(
            model::MultiformatMessageString::builder()
                .text(text)
                .build(),
        )
        .build()
}

fn result(group: &Group, rule_index: usize, baseline: bool) -> model::Result {
    let level = match group.severity {
        Severity::Error => ResultLevel::Error,
        Severity::Warning => ResultLevel::Warning,
    };
    let mut text = format!("{}: expected {}", group.pointer, group.expected);
    if let Some(first) = group.examples.first() {
        text.push_str(&format!(", found {}", first.finding.found));
    }
    if let Some(hint) = &group.hint {
        text.push_str(&format!("; {hint}"));
    }
    if let Some(related) = group
        .examples
        .first()
        .and_then(|e| related_text(&e.finding))
    {
        text.push_str(&format!("; {related}"));
    }
    if group.count > 1 {
        text.push_str(&format!(
            " ({} times in {})",
            group.count,
            counted(group.inputs, "input")
        ));
    }
    // The first instance is the result's location; the others, and every
    // instance's second place, are related locations.
    let first: Vec<model::Location> = group.examples.first().map(location).into_iter().collect();
    let mut related = Vec::new();
    for (index, example) in group.examples.iter().enumerate() {
        if index > 0 {
            related.push(location(example));
        }
        if let Some(other) = &example.finding.related {
            related.push(related_location(&example.origin, other));
        }
    }
    let mut result = model::Result::builder()
        .rule_id(group.rule.name())
        .rule_index(i64::try_from(rule_index).unwrap_or(i64::MAX))
        .level(level)
        .message(message(&text))
        .locations(first)
        .partial_fingerprints(BTreeMap::from([(
            FINGERPRINT_KEY.to_owned(),
            group.fingerprint.to_string(),
        )]))
        .occurrence_count(i64::try_from(group.count).unwrap_or(i64::MAX))
        .build();
    if !related.is_empty() {
        result.related_locations = Some(related);
    }
    if baseline {
        let state = if group.accepted { "unchanged" } else { "new" };
        result.baseline_state = Some(json!(state));
    }
    if group.accepted {
        result.suppressions = Some(vec![
            model::Suppression::builder()
                .kind(json!("external"))
                .justification("accepted in the baseline")
                .build(),
        ]);
    }
    result
}

fn location(example: &Example) -> model::Location {
    let finding = &example.finding;
    let mut location = place(&example.origin, finding.location);
    location.logical_locations = Some(vec![logical(&finding.pointer)]);
    location
}

/// The other place a finding involves, in the same input.
fn related_location(origin: &Origin, related: &Related) -> model::Location {
    let mut location = place(origin, related.location);
    let mut text = format!("{} {}", related.label, related.pointer);
    if file_of(origin).is_none() {
        text.push_str(&format!(" in {}", origin.place(related.location)));
    }
    location.message = Some(message(&text));
    location.logical_locations = Some(vec![logical(&related.pointer)]);
    location
}

fn logical(pointer: &str) -> model::LogicalLocation {
    model::LogicalLocation::builder()
        .fully_qualified_name(pointer)
        .kind("value")
        .build()
}

/// A location in an input: the file and line:column when the input is a
/// file. Otherwise a message naming the input, and the file that holds it
/// (a HAR entry's capture), if any, without a region: the body's lines are
/// not the file's.
fn place(origin: &Origin, at: Option<Location>) -> model::Location {
    let Some(file) = file_of(origin) else {
        let mut location = model::Location::builder()
            .message(message(&format!("in {}", origin.place(at))))
            .build();
        location.physical_location = container_of(origin).map(|file| {
            model::PhysicalLocation::builder()
                .artifact_location(artifact(file))
                .build()
        });
        return location;
    };
    let mut physical = model::PhysicalLocation::builder()
        .artifact_location(artifact(file))
        .build();
    physical.region = at.map(|at| {
        model::Region::builder()
            .start_line(i64::try_from(at.line).unwrap_or(i64::MAX))
            .start_column(i64::try_from(at.column).unwrap_or(i64::MAX))
            .build()
    });
    model::Location::builder()
        .physical_location(physical)
        .build()
}

fn artifact(file: &Path) -> model::ArtifactLocation {
    model::ArtifactLocation::builder()
        .uri(file_uri(file))
        .build()
}

fn invocation(report: &Report<'_>) -> model::Invocation {
    let mut notifications = Vec::new();
    for group in report.problems {
        for (origin, problem) in &group.examples {
            notifications.push(notification(
                Notice::NotChecked,
                &format!("{origin}: the input {problem}"),
                Some(place(origin, problem.location())),
            ));
        }
        let rest = group.count - group.examples.len();
        if rest > 0 {
            notifications.push(notification(
                Notice::NotChecked,
                &format!(
                    "{} not checked[{}] for the same reason",
                    counted(rest, "more input"),
                    group.kind
                ),
                None,
            ));
        }
    }
    for group in report.skipped {
        for (origin, reason) in &group.examples {
            notifications.push(notification(
                Notice::Skipped,
                &format!("{origin}: skipped[{}]: {reason}", group.kind),
                Some(place(origin, None)),
            ));
        }
        let text = match group.count - group.examples.len() {
            0 => None,
            1 => Some("1 more entry was skipped".to_owned()),
            rest => Some(format!("{rest} more entries were skipped")),
        };
        if let Some(text) = text {
            notifications.push(notification(
                Notice::Skipped,
                &format!("{text}[{}] for the same reason", group.kind),
                None,
            ));
        }
    }
    if let Some(why) = nothing_checked(report.summary) {
        notifications.push(notification(Notice::NothingChecked, &why, None));
    }
    for entry in report.stale {
        notifications.push(notification(
            Notice::Stale,
            &format!(
                "baseline entry {} ({} at {}) no longer occurs",
                entry.fingerprint, entry.rule, entry.pointer
            ),
            None,
        ));
    }
    let summary = report.summary;
    // The run did what was asked only if it checked every input: a partial
    // run, or one that checked nothing, must not read as a success.
    let complete = summary.not_checked == 0 && summary.inputs > 0;
    let mut invocation = model::Invocation::builder()
        .execution_successful(complete)
        .exit_code(i64::from(summary.exit_code))
        .build();
    if !notifications.is_empty() {
        invocation.tool_execution_notifications = Some(notifications);
    }
    invocation
}

/// The descriptors of the kinds of notification an invocation gives, in a
/// fixed order; `None` when it gives none.
fn notification_descriptors(
    invocation: &model::Invocation,
) -> Option<Vec<model::ReportingDescriptor>> {
    let given: Vec<&str> = invocation
        .tool_execution_notifications
        .iter()
        .flatten()
        .filter_map(|n| n.descriptor.as_ref()?.id.as_deref())
        .collect();
    let used: Vec<model::ReportingDescriptor> = Notice::ALL
        .iter()
        .filter(|notice| given.contains(&notice.id()))
        .map(|notice| notice.descriptor())
        .collect();
    (!used.is_empty()).then_some(used)
}

/// The kinds of notification a run can give, each a descriptor of the
/// driver.
#[derive(Debug, Clone, Copy)]
enum Notice {
    NotChecked,
    Skipped,
    NothingChecked,
    Stale,
}

impl Notice {
    const ALL: [Self; 4] = [
        Self::NotChecked,
        Self::Skipped,
        Self::NothingChecked,
        Self::Stale,
    ];

    fn id(self) -> &'static str {
        match self {
            Self::NotChecked => "not-checked",
            Self::Skipped => "skipped",
            Self::NothingChecked => "nothing-checked",
            Self::Stale => "stale-baseline-entry",
        }
    }

    fn level(self) -> &'static str {
        match self {
            Self::NotChecked | Self::NothingChecked => "error",
            Self::Skipped => "warning",
            Self::Stale => "note",
        }
    }

    fn descriptor(self) -> model::ReportingDescriptor {
        let text = match self {
            Self::NotChecked => "An input could not be checked.",
            Self::Skipped => "Something read holds nothing to check against this contract.",
            Self::NothingChecked => "The run checked no input at all.",
            Self::Stale => "A baseline entry no longer occurs.",
        };
        model::ReportingDescriptor::builder()
            .id(self.id())
            .short_description(
                model::MultiformatMessageString::builder()
                    .text(text)
                    .build(),
            )
            .build()
    }
}

fn notification(notice: Notice, text: &str, at: Option<model::Location>) -> model::Notification {
    let mut notification = model::Notification::builder()
        .level(Value::from(notice.level()))
        .message(message(text))
        .build();
    notification.descriptor = Some(
        model::ReportingDescriptorReference::builder()
            .id(notice.id())
            .build(),
    );
    notification.locations = at.map(|location| vec![location]);
    notification
}

fn message(text: &str) -> model::Message {
    model::Message::builder().text(text).build()
}

/// A relative path as a URI reference, an absolute one as a `file` URI.
/// Bytes outside the unreserved set are percent-encoded.
fn file_uri(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut uri = String::with_capacity(text.len());
    if text.starts_with('/') {
        uri.push_str("file://");
    }
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            uri.push(char::from(byte));
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(file_uri(Path::new("a b/c%.json")), "a%20b/c%25.json");
        assert_eq!(file_uri(Path::new("/tmp/x.json")), "file:///tmp/x.json");
        assert_eq!(file_uri(Path::new("dir/é.json")), "dir/%C3%A9.json");
    }
}
