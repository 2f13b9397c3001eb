//! Turning the validator's errors into findings. Messages are built from
//! the error's kind and the schema, never from the validator's own text,
//! which quotes the offending value and could print a secret.

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{JsonType, ValidationError, Validator};
use serde_json::Value;

use crate::finding::{Finding, Rule, Severity};
use crate::parse::spans::escape;
use crate::redact::Found;

/// Every schema error of `value`, each at the deepest place it can be
/// pinned to.
pub fn findings(validator: &Validator, value: &Value) -> Vec<Finding> {
    let mut findings = Vec::new();
    for error in validator.iter_errors(value) {
        push(&error, &mut findings);
    }
    findings.dedup_by(|a, b| a.pointer == b.pointer && a.rule == b.rule);
    // A value of the wrong type also fails whatever the schema says about
    // values of the right type (`null` is not in the enum either); only
    // the type is news to the reader.
    let mistyped: Vec<String> = findings
        .iter()
        .filter(|f| matches!(f.rule, Rule::Type | Rule::Null))
        .map(|f| f.pointer.clone())
        .collect();
    findings.retain(|f| {
        matches!(f.rule, Rule::Type | Rule::Null | Rule::Required) || !mistyped.contains(&f.pointer)
    });
    findings
}

fn push(error: &ValidationError<'_>, out: &mut Vec<Finding>) {
    let pointer = error.instance_path().as_str().to_owned();
    let instance: &Value = error.instance();
    let found = || Found::describe(&pointer, instance);
    let finding = |rule, expected: String, found| Finding {
        rule,
        severity: Severity::Error,
        pointer: pointer.clone(),
        location: None,
        expected,
        found,
        related: None,
        excerpt: None,
        hint: None,
        folded_pointer: String::new(),
    };
    let blank = instance
        .as_str()
        .is_some_and(mechanics_model::blank::is_blank);
    match error.kind() {
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().unwrap_or_default();
            out.push(Finding {
                pointer: format!("{pointer}/{}", escape(name)),
                ..finding(Rule::Required, format!("a member `{name}`"), Found::Missing)
            });
        }
        ValidationErrorKind::Type { kind } => {
            let rule = if instance.is_null() {
                Rule::Null
            } else {
                Rule::Type
            };
            // A string where an object or array belongs may hold what the
            // container would have held, credentials included
            // (`"configuration": "password=..."`): its length is shown,
            // never its text.
            let container = match kind {
                TypeKind::Single(ty) => matches!(ty, JsonType::Object | JsonType::Array),
                TypeKind::Multiple(set) => {
                    set.contains(JsonType::Object) || set.contains(JsonType::Array)
                }
            };
            let found = match found() {
                Found::String { chars, .. } if container => Found::String { value: None, chars },
                found => found,
            };
            out.push(finding(rule, type_names(kind), found));
        }
        ValidationErrorKind::Enum { options } => {
            out.push(finding(Rule::Enum, one_of(options), found()));
        }
        ValidationErrorKind::Constant { expected_value } => {
            out.push(finding(
                Rule::Enum,
                format!("exactly {expected_value}"),
                found(),
            ));
        }
        ValidationErrorKind::Pattern { pattern } => {
            let (rule, expected) = if blank {
                (Rule::Blank, "a non-blank string".to_owned())
            } else {
                (Rule::Pattern, format!("a string matching `{pattern}`"))
            };
            out.push(finding(rule, expected, found()));
        }
        ValidationErrorKind::MinLength { limit } => {
            let (rule, expected) = if blank {
                (Rule::Blank, "a non-blank string".to_owned())
            } else {
                (Rule::Length, format!("at least {limit} characters"))
            };
            out.push(finding(rule, expected, found()));
        }
        ValidationErrorKind::MaxLength { limit } => {
            out.push(finding(
                Rule::Length,
                format!("at most {limit} characters"),
                found(),
            ));
        }
        ValidationErrorKind::MinItems { limit } => {
            out.push(finding(
                Rule::Length,
                format!("at least {limit} items"),
                found(),
            ));
        }
        ValidationErrorKind::MaxItems { limit } => {
            out.push(finding(
                Rule::Length,
                format!("at most {limit} items"),
                found(),
            ));
        }
        ValidationErrorKind::MinProperties { limit } => {
            out.push(finding(
                Rule::Length,
                format!("at least {limit} members"),
                found(),
            ));
        }
        ValidationErrorKind::MaxProperties { limit } => {
            out.push(finding(
                Rule::Length,
                format!("at most {limit} members"),
                found(),
            ));
        }
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            for name in unexpected {
                out.push(Finding {
                    pointer: format!("{pointer}/{}", escape(name)),
                    ..finding(
                        Rule::Schema("additionalProperties".into()),
                        format!("no member `{name}`"),
                        Found::Missing,
                    )
                });
            }
        }
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => {
            let keyword = error.kind().keyword().to_owned();
            match closest_alternative(context, &pointer) {
                Some(errors) => {
                    for error in errors {
                        push(error, out);
                    }
                }
                None => out.push(finding(
                    Rule::Schema(keyword),
                    "a value matching one of the schema's alternatives".to_owned(),
                    found(),
                )),
            }
        }
        kind => out.push(finding(
            Rule::Schema(kind.keyword().to_owned()),
            format!("a value that satisfies `{}`", kind.keyword()),
            found(),
        )),
    }
}

/// Of the alternatives of an `anyOf` or `oneOf`, the one that got furthest
/// into the value: its errors point at the real problem. None when no
/// alternative went deeper than the combinator itself.
fn closest_alternative<'a>(
    context: &'a [Vec<ValidationError<'static>>],
    pointer: &str,
) -> Option<&'a [ValidationError<'static>]> {
    let depth = |errors: &[ValidationError<'_>]| {
        errors
            .iter()
            .map(|e| e.instance_path().as_str().len())
            .max()
            .unwrap_or(0)
    };
    context
        .iter()
        .filter(|errors| depth(errors) > pointer.len())
        .max_by_key(|errors| (depth(errors), usize::MAX - errors.len()))
        .map(Vec::as_slice)
}

fn type_names(kind: &TypeKind) -> String {
    let names: Vec<&str> = match kind {
        TypeKind::Single(ty) => vec![ty.as_str()],
        TypeKind::Multiple(set) => set.iter().map(|ty| ty.as_str()).collect(),
    };
    let names: Vec<String> = names.iter().map(|n| with_article(n)).collect();
    match names.as_slice() {
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
        [] => "no value".to_owned(),
    }
}

fn with_article(type_name: &str) -> String {
    match type_name {
        "null" => "null".to_owned(),
        "integer" | "object" | "array" => format!("an {type_name}"),
        _ => format!("a {type_name}"),
    }
}

fn one_of(options: &Value) -> String {
    match options.as_array() {
        Some(options) => {
            let list: Vec<String> = options.iter().map(Value::to_string).collect();
            format!("one of {}", list.join(", "))
        }
        None => format!("one of {options}"),
    }
}
