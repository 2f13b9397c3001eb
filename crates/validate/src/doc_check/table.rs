//! The words of an attribute table: type names such as `array(object)`,
//! and the "Can be blank?" column.

use crate::shape::JsonType;

/// A type as a documentation table writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocType {
    /// A plain type: `string`, `integer`, `object`, ...
    Plain(JsonType),
    /// `array`, or `array(T)` with the items' type.
    Array(Option<Box<DocType>>),
}

/// Reads a type cell: one type, or several joined by `|` or `or`.
///
/// Besides JSON Schema's names, the usual synonyms are understood (`int`,
/// `float`, `bool`, `hash`), and `array<T>` and `T[]` mean `array(T)`.
pub fn parse_type(text: &str) -> Result<Vec<DocType>, String> {
    let text = text.trim().trim_matches('`').trim();
    let lower = text.to_lowercase();
    let normalised = lower.replace(" or ", "|");
    let alternatives: Vec<&str> = normalised.split('|').map(str::trim).collect();
    if alternatives.iter().any(|a| a.is_empty()) {
        return Err(format!("`{text}` is not a type"));
    }
    alternatives
        .into_iter()
        .map(|a| one_type(a, text))
        .collect()
}

fn one_type(word: &str, whole: &str) -> Result<DocType, String> {
    let inner = word
        .strip_prefix("array(")
        .and_then(|rest| rest.strip_suffix(')'))
        .or_else(|| {
            word.strip_prefix("array<")
                .and_then(|rest| rest.strip_suffix('>'))
        })
        .or_else(|| word.strip_suffix("[]"));
    if let Some(inner) = inner {
        return Ok(DocType::Array(Some(Box::new(one_type(
            inner.trim(),
            whole,
        )?))));
    }
    let ty = match word {
        "array" | "list" => return Ok(DocType::Array(None)),
        "string" | "text" => JsonType::String,
        "integer" | "int" => JsonType::Integer,
        "number" | "float" | "double" | "decimal" => JsonType::Number,
        "boolean" | "bool" => JsonType::Boolean,
        "object" | "hash" | "map" => JsonType::Object,
        "null" => JsonType::Null,
        _ => {
            return Err(format!(
                "`{whole}` is not a type this check knows (expected string, integer, number, \
                 boolean, object, array or array(T))"
            ));
        }
    };
    Ok(DocType::Plain(ty))
}

/// Renders a documented type back in the table's own notation.
pub fn render(types: &[DocType]) -> String {
    let names: Vec<String> = types.iter().map(render_one).collect();
    names.join(" or ")
}

fn render_one(ty: &DocType) -> String {
    match ty {
        DocType::Plain(ty) => ty.name().to_owned(),
        DocType::Array(None) => "array".to_owned(),
        DocType::Array(Some(inner)) => format!("array({})", render_one(inner)),
    }
}

/// The "Can be blank?" column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Blank {
    /// "yes": the member may be absent or `null`.
    Yes,
    /// "no": the member is always present and never `null`.
    No,
}

/// Reads a "Can be blank?" cell.
pub fn parse_blank(text: &str) -> Option<Blank> {
    match text.trim().trim_end_matches('.').to_lowercase().as_str() {
        "yes" | "y" | "true" => Some(Blank::Yes),
        "no" | "n" | "false" => Some(Blank::No),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_types_are_read() {
        assert_eq!(
            parse_type("array(object)").unwrap(),
            [DocType::Array(Some(Box::new(DocType::Plain(
                JsonType::Object
            ))))]
        );
        assert_eq!(
            parse_type("`String`").unwrap(),
            [DocType::Plain(JsonType::String)]
        );
        assert_eq!(render(&parse_type("int[]").unwrap()), "array(integer)");
        assert_eq!(
            render(&parse_type("string | null").unwrap()),
            "string or null"
        );
        assert!(parse_type("timestamp").unwrap_err().contains("`timestamp`"));
        assert!(parse_type("").is_err());
    }

    #[test]
    fn blank_cells_are_read() {
        assert_eq!(parse_blank(" No "), Some(Blank::No));
        assert_eq!(parse_blank("yes."), Some(Blank::Yes));
        assert_eq!(parse_blank("sometimes"), None);
    }
}
