//! Secrets never leave this module. Responses carry the credentials that
//! workshops store for their integrations; every value shown to a user is
//! described here first, and anything under `credentials` or under a key
//! that names a secret is replaced by its type and length.

use std::fmt;

use serde::Serialize;
use serde_json::Value;

/// Parts of key names that mark their values as secret, compared after
/// lower-casing and dropping `_`, `-` and spaces.
const SECRET_KEY_PARTS: &[&str] = &[
    "password",
    "passwd",
    "passphrase",
    "secret",
    "token",
    "apikey",
    "authorization",
    "cookie",
    "credential",
    "privatekey",
    "sessionid",
];

/// Strings longer than this are described by their length only.
const MAX_SHOWN_CHARS: usize = 60;

/// Whether a member named `key` holds a secret, as do all values below it.
pub fn is_secret_key(key: &str) -> bool {
    let folded: String = key
        .chars()
        .filter(|c| !matches!(c, '_' | '-' | ' ' | '.'))
        .flat_map(char::to_lowercase)
        .collect();
    SECRET_KEY_PARTS.iter().any(|part| folded.contains(part))
}

/// Whether the value at a JSON Pointer is secret.
pub fn is_secret_pointer(pointer: &str) -> bool {
    pointer
        .split('/')
        .skip(1)
        .any(|token| is_secret_key(&token.replace("~1", "/").replace("~0", "~")))
}

/// What was found at a place, safe to print.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Found {
    /// Nothing: the member is missing.
    Missing,
    /// The same key a second time.
    Repeated,
    /// `null`.
    Null,
    /// `true` or `false`.
    Boolean {
        /// The value.
        value: bool,
    },
    /// A number, as written when the parser keeps it.
    Number {
        /// The number's text.
        text: String,
    },
    /// A string; its text only when short and not secret.
    String {
        /// The text, when it may be shown.
        #[serde(skip_serializing_if = "Option::is_none")]
        value: Option<String>,
        /// Length in characters.
        chars: usize,
    },
    /// An array.
    Array {
        /// Number of items.
        items: usize,
    },
    /// An object.
    Object {
        /// Number of members.
        members: usize,
    },
    /// A secret value, described by type and length only.
    Redacted {
        /// The JSON type.
        json_type: &'static str,
        /// Length in characters, for strings.
        #[serde(skip_serializing_if = "Option::is_none")]
        chars: Option<usize>,
    },
}

impl Found {
    /// Describes `value`, found at `pointer`, without leaking secrets.
    pub fn describe(pointer: &str, value: &Value) -> Self {
        if is_secret_pointer(pointer) {
            return Self::redacted(value);
        }
        match value {
            Value::Null => Self::Null,
            Value::Bool(value) => Self::Boolean { value: *value },
            Value::Number(number) => Self::Number {
                text: number.to_string(),
            },
            Value::String(text) => {
                let chars = text.chars().count();
                let shown = chars <= MAX_SHOWN_CHARS && !text.chars().any(char::is_control);
                Self::String {
                    value: shown.then(|| text.clone()),
                    chars,
                }
            }
            Value::Array(items) => Self::Array { items: items.len() },
            Value::Object(members) => Self::Object {
                members: members.len(),
            },
        }
    }

    /// The marker for a secret value.
    pub fn redacted(value: &Value) -> Self {
        Self::Redacted {
            json_type: json_type(value),
            chars: value.as_str().map(|s| s.chars().count()),
        }
    }
}

impl fmt::Display for Found {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Missing => f.write_str("nothing (missing)"),
            Self::Repeated => f.write_str("the key a second time"),
            Self::Null => f.write_str("null"),
            Self::Boolean { value } => write!(f, "{value}"),
            Self::Number { text } => write!(f, "the number {text}"),
            Self::String {
                value: Some(text), ..
            } => write!(f, "{text:?}"),
            Self::String { value: None, chars } => write!(f, "a string of {chars} characters"),
            Self::Array { items } => write!(f, "an array of {items} items"),
            Self::Object { members } => write!(f, "an object with {members} members"),
            Self::Redacted {
                json_type,
                chars: Some(chars),
            } => write!(f, "<redacted {json_type}, {chars} chars>"),
            Self::Redacted {
                json_type,
                chars: None,
            } => write!(f, "<redacted {json_type}>"),
        }
    }
}

/// The JSON type name of a value.
pub fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// The marker that replaces a secret span of source text.
pub fn source_marker(span_text: &str) -> String {
    match span_text.strip_prefix('"') {
        Some(inner) => {
            let chars = inner.strip_suffix('"').unwrap_or(inner).chars().count();
            format!("<redacted string, {chars} chars>")
        }
        None => "<redacted>".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn secret_keys_are_recognised_in_any_spelling() {
        for key in [
            "password",
            "Password",
            "api_key",
            "API-Key",
            "accessToken",
            "Cookie",
        ] {
            assert!(is_secret_key(key), "{key}");
        }
        for key in [
            "authenticationFields",
            "authenticationType",
            "name",
            "id",
            "options",
        ] {
            assert!(!is_secret_key(key), "{key}");
        }
    }

    #[test]
    fn everything_under_credentials_is_redacted() {
        let pointer = "/mechanicIntegrations/1/configuration/credentials/username";
        let found = Found::describe(pointer, &json!("FAKE-pw-0001"));
        assert_eq!(found.to_string(), "<redacted string, 12 chars>");
        let found = Found::describe("/a/credentials", &json!(["FAKE-pw-0001"]));
        assert_eq!(found.to_string(), "<redacted array>");
    }

    #[test]
    fn ordinary_values_are_shown() {
        let found = Found::describe("/x/authenticationType", &json!("oauth3"));
        assert_eq!(found.to_string(), "\"oauth3\"");
    }
}
