//! Reading one place of a schema: the schemas that apply there (its own,
//! those it references, those in its `allOf`) merged into one [`Shape`].
//! Members and items stay unread until asked for, so recursive schemas
//! cost nothing until someone walks into them.

use std::collections::{BTreeMap, BTreeSet, HashSet, VecDeque};

use serde_json::{Map, Value};

use super::{
    ANNOTATIONS, ASSERTIONS, Alternatives, JsonType, LOWER_BOUNDS, Part, Shape, Sub, UPPER_BOUNDS,
    admits,
};
use crate::parse::spans::escape;

/// A schema that cannot be read. Pointers are written as URI fragments
/// (`#/$defs/Name`), the way `$ref` writes them.
#[derive(Debug, thiserror::Error)]
pub enum ShapeError {
    /// A value where a schema should be that is neither an object nor a
    /// boolean.
    #[error("`#{at}` is not a schema (expected an object or a boolean)")]
    NotASchema {
        /// Where.
        at: String,
    },
    /// A reference to another file or URL.
    #[error(
        "the `$ref` at `#{at}` points outside this file (`{reference}`); only references \
         into the same file are followed"
    )]
    ExternalRef {
        /// Where the reference is.
        at: String,
        /// What it says.
        reference: String,
    },
    /// A reference to nothing.
    #[error("the `$ref` at `#{at}` points at `{reference}`, which does not exist")]
    DanglingRef {
        /// Where the reference is.
        at: String,
        /// What it says.
        reference: String,
    },
    /// A keyword with a value of the wrong kind.
    #[error("`{keyword}` at `#{at}` is not {expected}")]
    BadKeyword {
        /// Where the schema is.
        at: String,
        /// The keyword.
        keyword: String,
        /// What it should be.
        expected: &'static str,
    },
}

/// A whole schema file, against which references are followed.
#[derive(Debug, Clone, Copy)]
pub struct SchemaDoc<'a> {
    root: &'a Value,
}

/// What a conjunction learnt about `null` besides the types.
#[derive(Default)]
struct NullState {
    /// An `anyOf`/`oneOf` offered `null` as one alternative, or OpenAPI
    /// 3.0's `nullable: true` was set.
    offered: bool,
    /// A `type` outside that alternative leaves `null` out.
    excluded: bool,
}

type Queue<'a> = VecDeque<(Part<'a>, bool)>;

impl<'a> SchemaDoc<'a> {
    /// A schema file's root value.
    pub fn new(root: &'a Value) -> Self {
        Self { root }
    }

    /// The root schema, unread.
    pub fn root(&self) -> Sub<'a> {
        Sub::one(String::new(), self.root)
    }

    /// Reads every schema of `sub` into one shape.
    pub fn resolve(&self, sub: &Sub<'a>) -> Result<Shape<'a>, ShapeError> {
        let mut shape = Shape {
            at: sub.at().unwrap_or_default().to_owned(),
            ..Shape::default()
        };
        // The flag marks schemas reached through the non-null alternative
        // of "X or null", whose types must not rule `null` out.
        let mut queue: Queue<'a> = sub.parts.iter().cloned().map(|p| (p, false)).collect();
        let mut seen = HashSet::new();
        let mut null = NullState::default();
        while let Some((part, in_alternative)) = queue.pop_front() {
            // The same schema twice in one conjunction adds nothing, and a
            // `$ref` cycle ends here.
            if !seen.insert(part.at.clone()) {
                continue;
            }
            shape.reached.push(part.at.clone());
            match part.value {
                Value::Bool(true) => {}
                Value::Bool(false) => shape.never = true,
                Value::Object(map) => {
                    self.merge(
                        &mut shape,
                        &part.at,
                        map,
                        in_alternative,
                        &mut queue,
                        &mut null,
                    )?;
                }
                _ => return Err(ShapeError::NotASchema { at: part.at }),
            }
        }
        if null.offered && !null.excluded {
            if let Some(types) = &mut shape.types {
                types.insert(JsonType::Null);
            }
            if let Some(values) = &mut shape.enumeration
                && !values.contains(&Value::Null)
            {
                values.push(Value::Null);
            }
        }
        Ok(shape)
    }

    fn merge(
        &self,
        shape: &mut Shape<'a>,
        at: &str,
        map: &'a Map<String, Value>,
        in_alternative: bool,
        queue: &mut Queue<'a>,
        null: &mut NullState,
    ) -> Result<(), ShapeError> {
        let bad = |keyword: &str, expected| ShapeError::BadKeyword {
            at: at.to_owned(),
            keyword: keyword.to_owned(),
            expected,
        };
        let below = |keyword: &str| format!("{at}/{}", escape(keyword));
        for (key, value) in map {
            let keyword = key.as_str();
            match keyword {
                "$ref" => {
                    let reference = value.as_str().ok_or_else(|| bad(keyword, "a string"))?;
                    let (target_at, target) = self.follow(at, reference)?;
                    queue.push_back((
                        Part {
                            at: target_at,
                            value: target,
                        },
                        in_alternative,
                    ));
                }
                "allOf" => {
                    let list = value.as_array().ok_or_else(|| bad(keyword, "an array"))?;
                    for (i, item) in list.iter().enumerate() {
                        let part = Part {
                            at: format!("{at}/allOf/{i}"),
                            value: item,
                        };
                        queue.push_back((part, in_alternative));
                    }
                }
                "anyOf" | "oneOf" => {
                    let list = value.as_array().ok_or_else(|| bad(keyword, "an array"))?;
                    let options: Vec<Sub<'a>> = list
                        .iter()
                        .enumerate()
                        .map(|(i, item)| Sub::one(format!("{at}/{keyword}/{i}"), item))
                        .collect();
                    let mut rest = Vec::new();
                    let mut offers_null = false;
                    for option in &options {
                        if self.is_null_only(option)? {
                            offers_null = true;
                        } else {
                            rest.push(option.clone());
                        }
                    }
                    // "X or null" is how generators write an optional X; it
                    // reads as X with null allowed, like `type: [.., null]`.
                    if offers_null && rest.len() == 1 {
                        null.offered = true;
                        for part in rest.remove(0).parts {
                            queue.push_back((part, true));
                        }
                    } else {
                        let keyword = if keyword == "anyOf" { "anyOf" } else { "oneOf" };
                        shape.alternatives.push(Alternatives { keyword, options });
                    }
                }
                "type" => {
                    let types = type_set(value)
                        .ok_or_else(|| bad(keyword, "a type name or an array of type names"))?;
                    if !in_alternative && !types.contains(&JsonType::Null) {
                        null.excluded = true;
                    }
                    shape.types = Some(match shape.types.take() {
                        None => types,
                        Some(before) => intersect(&before, &types),
                    });
                }
                "nullable" => {
                    if value == &Value::Bool(true) {
                        null.offered = true;
                    }
                }
                "enum" => {
                    let values = value.as_array().ok_or_else(|| bad(keyword, "an array"))?;
                    intersect_enum(shape, values);
                }
                "const" => intersect_enum(shape, std::slice::from_ref(value)),
                "properties" => {
                    let members = value.as_object().ok_or_else(|| bad(keyword, "an object"))?;
                    for (name, schema) in members {
                        shape
                            .properties
                            .entry(name.clone())
                            .or_default()
                            .parts
                            .push(Part {
                                at: format!("{at}/properties/{}", escape(name)),
                                value: schema,
                            });
                    }
                }
                "required" => {
                    let names = value.as_array().ok_or_else(|| bad(keyword, "an array"))?;
                    for name in names {
                        let name = name
                            .as_str()
                            .ok_or_else(|| bad(keyword, "an array of strings"))?;
                        shape.required.insert(name.to_owned());
                    }
                }
                "additionalProperties" => shape.additional.parts.push(Part {
                    at: below(keyword),
                    value,
                }),
                "items" if !value.is_array() => shape.items.parts.push(Part {
                    at: below(keyword),
                    value,
                }),
                _ => merge_other(shape, keyword, value),
            }
        }
        Ok(())
    }

    fn is_null_only(&self, option: &Sub<'a>) -> Result<bool, ShapeError> {
        let shape = self.resolve(option)?;
        Ok(shape.types == Some(BTreeSet::from([JsonType::Null])))
    }

    /// The schema a `$ref` found at `at` points to.
    fn follow(&self, at: &str, reference: &str) -> Result<(String, &'a Value), ShapeError> {
        let external = || ShapeError::ExternalRef {
            at: at.to_owned(),
            reference: reference.to_owned(),
        };
        let fragment = reference.strip_prefix('#').ok_or_else(external)?;
        let pointer = percent_decode(fragment);
        // `#name` anchors need the `$anchor` index of every resource; the
        // schemas we generate never use them.
        if !(pointer.is_empty() || pointer.starts_with('/')) {
            return Err(external());
        }
        let target = self
            .root
            .pointer(&pointer)
            .ok_or_else(|| ShapeError::DanglingRef {
                at: at.to_owned(),
                reference: reference.to_owned(),
            })?;
        Ok((pointer, target))
    }
}

/// Bounds, assertions and keywords outside the model.
fn merge_other<'a>(shape: &mut Shape<'a>, keyword: &str, value: &'a Value) {
    if let Some(bound) = LOWER_BOUNDS.iter().find(|k| **k == keyword) {
        tighten(&mut shape.constraints, bound, value, |new, old| new > old);
    } else if let Some(bound) = UPPER_BOUNDS.iter().find(|k| **k == keyword) {
        tighten(&mut shape.constraints, bound, value, |new, old| new < old);
    } else if let Some(assertion) = ASSERTIONS.iter().find(|k| **k == keyword) {
        match shape.constraints.get(assertion) {
            None => {
                shape.constraints.insert(assertion, value.clone());
            }
            Some(existing) if existing == value => {}
            // Two different patterns (or formats) both apply; one value
            // cannot say that, so the second is kept as written.
            Some(_) => shape
                .opaque
                .entry(keyword.to_owned())
                .or_default()
                .push(value),
        }
    } else if !(ANNOTATIONS.contains(&keyword) || keyword.starts_with("x-")) {
        shape
            .opaque
            .entry(keyword.to_owned())
            .or_default()
            .push(value);
    }
}

fn tighten(
    constraints: &mut BTreeMap<&'static str, Value>,
    keyword: &'static str,
    value: &Value,
    stricter: impl Fn(f64, f64) -> bool,
) {
    let Some(new) = value.as_f64() else {
        return;
    };
    let keep_old = constraints
        .get(keyword)
        .and_then(Value::as_f64)
        .is_some_and(|old| !stricter(new, old));
    if !keep_old {
        constraints.insert(keyword, value.clone());
    }
}

fn type_set(value: &Value) -> Option<BTreeSet<JsonType>> {
    match value {
        Value::String(name) => JsonType::from_name(name).map(|ty| BTreeSet::from([ty])),
        Value::Array(names) => names
            .iter()
            .map(|name| name.as_str().and_then(JsonType::from_name))
            .collect(),
        _ => None,
    }
}

fn intersect(a: &BTreeSet<JsonType>, b: &BTreeSet<JsonType>) -> BTreeSet<JsonType> {
    a.iter()
        .copied()
        .filter(|ty| admits(b, *ty))
        .chain(b.iter().copied().filter(|ty| admits(a, *ty)))
        .collect()
}

fn intersect_enum(shape: &mut Shape<'_>, values: &[Value]) {
    shape.enumeration = Some(match shape.enumeration.take() {
        None => values.to_vec(),
        Some(before) => before.into_iter().filter(|v| values.contains(v)).collect(),
    });
}

/// Undoes the percent-encoding a `$ref` fragment may use (`%24defs`).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn shape_of(schema: &Value) -> Shape<'_> {
        let doc = SchemaDoc::new(schema);
        doc.resolve(&doc.root()).unwrap()
    }

    #[test]
    fn references_and_all_of_are_merged() {
        let schema = json!({
            "$ref": "#/$defs/A",
            "allOf": [{"required": ["b"], "maxLength": 9}],
            "$defs": {"A": {"type": ["integer", "string"], "maxLength": 4, "required": ["a"]}}
        });
        let shape = shape_of(&schema);
        assert_eq!(
            shape.types,
            Some(BTreeSet::from([JsonType::Integer, JsonType::String]))
        );
        assert_eq!(shape.required, BTreeSet::from(["a".into(), "b".into()]));
        assert_eq!(shape.constraints["maxLength"], json!(4));
    }

    #[test]
    fn an_optional_reference_reads_as_nullable() {
        let schema = json!({
            "anyOf": [{"$ref": "#/$defs/C"}, {"type": "null"}],
            "$defs": {"C": {"type": "object", "properties": {"id": {"type": "integer"}}}}
        });
        let shape = shape_of(&schema);
        assert!(shape.allows_null());
        assert!(shape.alternatives.is_empty());
        assert!(shape.properties.contains_key("id"));
    }

    #[test]
    fn a_type_outside_the_alternative_still_rules_null_out() {
        let schema = json!({"type": "object", "anyOf": [{"type": "object"}, {"type": "null"}]});
        assert!(!shape_of(&schema).allows_null());
    }

    #[test]
    fn number_and_integer_intersect_to_integer() {
        let schema = json!({"type": "number", "allOf": [{"type": ["integer", "null"]}]});
        assert_eq!(
            shape_of(&schema).types,
            Some(BTreeSet::from([JsonType::Integer]))
        );
    }

    #[test]
    fn reference_cycles_end() {
        let schema = json!({
            "$ref": "#/$defs/A",
            "$defs": {"A": {"$ref": "#/$defs/B"}, "B": {"$ref": "#/$defs/A", "type": "string"}}
        });
        assert_eq!(
            shape_of(&schema).types,
            Some(BTreeSet::from([JsonType::String]))
        );
    }

    #[test]
    fn bad_references_are_errors_naming_the_place() {
        let dangling = json!({"properties": {"a": {"$ref": "#/$defs/Nope"}}});
        let doc = SchemaDoc::new(&dangling);
        let shape = doc.resolve(&doc.root()).unwrap();
        let error = doc.resolve(&shape.properties["a"]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "the `$ref` at `#/properties/a` points at `#/$defs/Nope`, which does not exist"
        );
        let external = json!({"$ref": "https://example.invalid/s.json"});
        let doc = SchemaDoc::new(&external);
        assert!(matches!(
            doc.resolve(&doc.root()),
            Err(ShapeError::ExternalRef { .. })
        ));
    }

    #[test]
    fn percent_encoded_fragments_are_decoded() {
        assert_eq!(percent_decode("/%24defs/A%20B"), "/$defs/A B");
        assert_eq!(percent_decode("/100%"), "/100%");
    }

    #[test]
    fn unmodelled_keywords_are_kept_and_annotations_dropped() {
        let schema = json!({"description": "d", "not": {"type": "null"}, "x-internal": 1});
        let shape = shape_of(&schema);
        assert_eq!(shape.opaque.keys().collect::<Vec<_>>(), ["not"]);
    }
}
