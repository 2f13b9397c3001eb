//! Checking one document: the schema compiled once, the yes/no question
//! first, and the costly work (every error, positions, excerpts) only for
//! documents that fail.

mod documented;
pub mod drift;
mod rules;
mod schema;

use jsonschema::Validator;
use mechanics_model::Endpoint;
use serde_json::Value;

use crate::excerpt;
use crate::finding::{Finding, InputProblem, Severity};
use crate::parse::{self, MAX_VALUES, Places};
use crate::redact::Found;

/// What checking one document concluded.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// The document was checked; no findings means it conforms.
    Checked(Vec<Finding>),
    /// The document could not be checked.
    NotChecked(InputProblem),
}

impl Verdict {
    /// Whether the input could not be checked or has an error finding.
    pub fn fails(&self) -> bool {
        match self {
            Self::Checked(findings) => findings.iter().any(|f| f.severity == Severity::Error),
            Self::NotChecked(_) => true,
        }
    }

    /// Moves every location `lines` lines down: a document that starts on
    /// line 7 of its stream has its findings placed on the stream's lines.
    pub fn shift_lines(&mut self, lines: u64) {
        if lines == 0 {
            return;
        }
        match self {
            Self::Checked(findings) => {
                for finding in findings {
                    let related = finding.related.as_mut().and_then(|r| r.location.as_mut());
                    for location in finding.location.iter_mut().chain(related) {
                        location.line += lines;
                    }
                }
            }
            Self::NotChecked(problem) => {
                if let Some(location) = problem.location_mut() {
                    location.line += lines;
                }
            }
        }
    }
}

/// The schema given with `--schema` is unusable.
#[derive(Debug, thiserror::Error)]
pub enum SchemaError {
    /// Not JSON. The parser's message is part of this one, not a cause
    /// of its own, so that the error chain says it once.
    #[error("the schema is not valid JSON: {0}")]
    NotJson(serde_json::Error),
    /// JSON, but not a schema the validator can compile.
    #[error("the schema cannot be compiled: {0}")]
    Invalid(String),
}

/// Checks documents against one endpoint's contract.
#[derive(Debug)]
pub struct Checker {
    validator: Validator,
    schema: Value,
    /// The drift walk compiled, unless the schema is too intricate for it.
    documented: Option<documented::Documented>,
    endpoint: &'static Endpoint,
    drift_severity: Severity,
    /// Whether the endpoint's quick yes may stand for the full check: only
    /// with the committed schema, which it mirrors.
    quick_yes: bool,
}

impl Checker {
    /// A checker with the endpoint's committed schema. Whatever the schema,
    /// the typed model is consulted too: a value the schema accepts and
    /// typed clients refuse is reported, never passed silently.
    pub fn builtin(endpoint: &'static Endpoint) -> Self {
        let schema: Value = serde_json::from_str(endpoint.committed_schema)
            .expect("the committed schema is JSON: a test parses it");
        let validator = jsonschema::validator_for(&schema)
            .expect("the committed schema compiles: a test compiles it");
        Self {
            validator,
            documented: documented::Documented::compile(&schema),
            schema,
            endpoint,
            drift_severity: Severity::Warning,
            quick_yes: true,
        }
    }

    /// A checker with a schema the user supplied.
    pub fn with_schema(endpoint: &'static Endpoint, text: &str) -> Result<Self, SchemaError> {
        let schema: Value = serde_json::from_str(text).map_err(SchemaError::NotJson)?;
        // The validator's message about a broken schema quotes the schema,
        // never a payload, so it is safe to show.
        let validator = jsonschema::validator_for(&schema)
            .map_err(|error| SchemaError::Invalid(error.to_string()))?;
        Ok(Self {
            validator,
            documented: documented::Documented::compile(&schema),
            schema,
            endpoint,
            drift_severity: Severity::Warning,
            quick_yes: false,
        })
    }

    /// Makes drift an error that fails the run, instead of a warning.
    #[must_use]
    pub fn deny_drift(mut self, deny: bool) -> Self {
        self.drift_severity = if deny {
            Severity::Error
        } else {
            Severity::Warning
        };
        self
    }

    /// Takes every document the long way, building its JSON value, even
    /// when the quick yes would do: for comparing the two.
    #[must_use]
    pub fn without_quick_yes(mut self) -> Self {
        self.quick_yes = false;
        self
    }

    /// The endpoint this checker is for.
    pub fn endpoint(&self) -> &'static Endpoint {
        self.endpoint
    }

    /// Checks one document's bytes.
    pub fn check(&self, bytes: &[u8]) -> Verdict {
        let text = match parse::prepare(bytes) {
            Ok(text) => text,
            Err(problem) => return Verdict::NotChecked(problem),
        };
        // Most documents have nothing to report; the quick yes finds that
        // out without building a value. A text this short cannot hold more
        // values than the parser allows, and nesting is bounded by the
        // quick reading itself.
        if self.quick_yes && text.len() < MAX_VALUES && (self.endpoint.keeps_to_contract)(text) {
            return Verdict::Checked(Vec::new());
        }
        let parsed = match parse::parse_text(text) {
            Ok(parsed) => parsed,
            Err(problem) => return Verdict::NotChecked(problem),
        };
        let value = &parsed.value;

        let schema_ok = self.validator.is_valid(value);
        let repeats = rules::repeated_members(self.endpoint, value);
        let model_rejection = schema_ok
            .then(|| (self.endpoint.model_accepts)(value).err())
            .flatten();
        let undocumented = match &self.documented {
            Some(documented) => documented.undocumented(value),
            None => drift::undocumented(&self.schema, value),
        };
        if schema_ok
            && repeats.is_empty()
            && model_rejection.is_none()
            && !parsed.has_duplicate_keys
            && undocumented.is_empty()
        {
            return Verdict::Checked(Vec::new());
        }

        // A capture saved as `.json` is not a response to hold to the
        // contract; the responses are in its entries.
        if !schema_ok && looks_like_har(value) {
            return Verdict::NotChecked(InputProblem::IsHar);
        }
        let places = Places::scan(text, parsed.has_duplicate_keys);
        let mut findings = rules::duplicate_keys(&places.duplicates);
        if !schema_ok {
            findings.extend(schema::findings(&self.validator, value));
        }
        findings.extend(rules::repeat_findings(&repeats, value));
        if let Some(rejection) = model_rejection {
            findings.push(rules::model_mismatch(&rejection, value));
        }
        findings.extend(
            undocumented
                .iter()
                .map(|member| drift::finding(member, value, self.drift_severity)),
        );

        for finding in &mut findings {
            finding.folded_pointer = fold_indices(value, &finding.pointer);
            finding.location = finding
                .location
                .or_else(|| locate(&places, &finding.pointer));
            if let Some(related) = &mut finding.related {
                related.location = related
                    .location
                    .or_else(|| places.location(&related.pointer));
            }
            // Shown as written: a parsed `1E2` would read `100.0`.
            if let Found::Number { text } = &mut finding.found
                && let Some(written) = places.number_text(&finding.pointer)
            {
                *text = shortened_number(written);
            }
            let withheld = matches!(
                finding.found,
                Found::String { value: None, .. } | Found::Redacted { .. }
            );
            let hide = withheld
                .then(|| places.string_span(&finding.pointer))
                .flatten();
            finding.excerpt = finding
                .location
                .and_then(|location| excerpt::build(text, &places, location, hide));
        }
        findings.sort_by(|a, b| a.location.cmp(&b.location).then(a.rule.cmp(&b.rule)));
        Verdict::Checked(findings)
    }
}

/// Characters of a number shown before it is cut short.
const MAX_NUMBER_CHARS: usize = 40;

/// A number's text, cut short when it is longer than anyone reads: a
/// number of a million digits is still a number.
fn shortened_number(written: &str) -> String {
    if written.len() <= MAX_NUMBER_CHARS {
        return written.to_owned();
    }
    // Numbers are ASCII, so any byte is a character boundary.
    let head = &written[..MAX_NUMBER_CHARS - 8];
    format!("{head}… ({} characters)", written.len())
}

/// Whether a document has the shape of a HAR archive: `log.entries` is an
/// array.
fn looks_like_har(value: &Value) -> bool {
    value
        .get("log")
        .and_then(|log| log.get("entries"))
        .is_some_and(Value::is_array)
}

/// `pointer` with every token that indexes an array replaced by `*`. The
/// value tells indices from object keys that happen to be digits; tokens
/// past the end of the value (a missing member) are kept as they are.
pub fn fold_indices(value: &Value, pointer: &str) -> String {
    let mut folded = String::with_capacity(pointer.len());
    let mut current = Some(value);
    for token in pointer.split('/').skip(1) {
        folded.push('/');
        current = match current {
            Some(Value::Array(items)) => {
                folded.push('*');
                token.parse::<usize>().ok().and_then(|i| items.get(i))
            }
            Some(Value::Object(members)) => {
                folded.push_str(token);
                members.get(&token.replace("~1", "/").replace("~0", "~"))
            }
            _ => {
                folded.push_str(token);
                None
            }
        };
    }
    folded
}

/// The location of a pointer, or of its nearest ancestor that exists: a
/// missing member is shown at the object that lacks it.
fn locate(places: &Places<'_>, pointer: &str) -> Option<crate::finding::Location> {
    let mut pointer = pointer;
    loop {
        if let Some(location) = places.location(pointer) {
            return Some(location);
        }
        pointer = &pointer[..pointer.rfind('/')?];
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn long_numbers_are_cut_short() {
        assert_eq!(shortened_number("-1.5e3"), "-1.5e3");
        let long = format!("1.{}", "5".repeat(1000));
        let shown = shortened_number(&long);
        assert!(shown.starts_with("1.555"), "{shown}");
        assert!(shown.ends_with("… (1002 characters)"), "{shown}");
        assert!(shown.chars().count() < 60, "{shown}");
    }

    #[test]
    fn only_array_indices_are_folded() {
        let value = json!({"a": [{"0": {"b": [1, 2]}}, {}]});
        assert_eq!(fold_indices(&value, "/a/0/0/b/1"), "/a/*/0/b/*");
        assert_eq!(fold_indices(&value, "/a/1/missing/3"), "/a/*/missing/3");
        assert_eq!(fold_indices(&value, ""), "");
    }
}
