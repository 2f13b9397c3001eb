//! What a JSON Schema lets a value be, read one level at a time with its
//! `$ref`s and `allOf`s followed: the view that `doc-check` compares with a
//! documentation table and that `diff` compares between two schemas.
//!
//! A [`Shape`] holds the keywords that decide which values are valid
//! (types, members, items, enumerations, bounds). Annotations such as
//! `description` are dropped. Keywords this view does not model are kept
//! raw in [`Shape::opaque`], so that a change to them is never mistaken for
//! no change.

pub mod path;
mod resolve;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde_json::Value;

pub use path::{Path, Segment};
pub use resolve::{SchemaDoc, ShapeError};

/// A JSON type as JSON Schema names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum JsonType {
    /// `null`.
    Null,
    /// `true` or `false`.
    Boolean,
    /// An object.
    Object,
    /// An array.
    Array,
    /// Any number.
    Number,
    /// A number without a fraction.
    Integer,
    /// A string.
    String,
}

impl JsonType {
    /// The type named `name` in a schema's `type` keyword.
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "null" => Self::Null,
            "boolean" => Self::Boolean,
            "object" => Self::Object,
            "array" => Self::Array,
            "number" => Self::Number,
            "integer" => Self::Integer,
            "string" => Self::String,
            _ => return None,
        })
    }

    /// The keyword's name for the type.
    pub fn name(self) -> &'static str {
        match self {
            Self::Null => "null",
            Self::Boolean => "boolean",
            Self::Object => "object",
            Self::Array => "array",
            Self::Number => "number",
            Self::Integer => "integer",
            Self::String => "string",
        }
    }
}

impl fmt::Display for JsonType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Whether a set of types admits values of type `ty`; every integer is a
/// number, so `number` admits `integer`.
pub fn admits(types: &BTreeSet<JsonType>, ty: JsonType) -> bool {
    types.contains(&ty) || (ty == JsonType::Integer && types.contains(&JsonType::Number))
}

/// One schema of a conjunction, with the JSON Pointer it was read from.
#[derive(Debug, Clone)]
pub struct Part<'a> {
    /// JSON Pointer of the schema within its document.
    pub at: String,
    /// The schema.
    pub value: &'a Value,
}

/// A subschema not yet read: every schema listed applies. None at all
/// means any value is allowed.
#[derive(Debug, Clone, Default)]
pub struct Sub<'a> {
    /// The schemas that apply together.
    pub parts: Vec<Part<'a>>,
}

impl<'a> Sub<'a> {
    /// A subschema of one schema.
    pub fn one(at: String, value: &'a Value) -> Self {
        Self {
            parts: vec![Part { at, value }],
        }
    }

    /// Whether no schema constrains the value.
    pub fn is_any(&self) -> bool {
        self.parts
            .iter()
            .all(|part| part.value == &Value::Bool(true))
    }

    /// The pointer of the first schema, for reports.
    pub fn at(&self) -> Option<&str> {
        self.parts.first().map(|part| part.at.as_str())
    }
}

/// The alternatives of an `anyOf` or `oneOf`.
#[derive(Debug, Clone)]
pub struct Alternatives<'a> {
    /// `anyOf` or `oneOf`.
    pub keyword: &'static str,
    /// Each alternative.
    pub options: Vec<Sub<'a>>,
}

/// The assertions of one place of a value.
#[derive(Debug, Clone, Default)]
pub struct Shape<'a> {
    /// JSON Pointer of the first schema read for this place.
    pub at: String,
    /// JSON Pointers of every schema read for this place, references
    /// followed.
    pub reached: Vec<String>,
    /// Nothing is valid here (a `false` schema applies).
    pub never: bool,
    /// The types allowed; `None` allows every type.
    pub types: Option<BTreeSet<JsonType>>,
    /// The values allowed, from `enum` or `const`.
    pub enumeration: Option<Vec<Value>>,
    /// Bounds and formats: `minLength`, `pattern`, `maximum`, ...
    pub constraints: BTreeMap<&'static str, Value>,
    /// Named members.
    pub properties: BTreeMap<String, Sub<'a>>,
    /// Members that must be present.
    pub required: BTreeSet<String>,
    /// Members not named in `properties`.
    pub additional: Sub<'a>,
    /// Items of an array.
    pub items: Sub<'a>,
    /// `anyOf` and `oneOf` that are more than "this, or null".
    pub alternatives: Vec<Alternatives<'a>>,
    /// Keywords this view does not model, kept as written.
    pub opaque: BTreeMap<String, Vec<&'a Value>>,
}

impl Shape<'_> {
    /// Whether `null` is a valid value here, as far as the types say.
    pub fn allows_null(&self) -> bool {
        !self.never
            && self
                .types
                .as_ref()
                .is_none_or(|types| types.contains(&JsonType::Null))
    }

    /// The allowed types other than `null`; `None` when any type is.
    pub fn non_null_types(&self) -> Option<BTreeSet<JsonType>> {
        self.types.as_ref().map(|types| {
            types
                .iter()
                .copied()
                .filter(|ty| *ty != JsonType::Null)
                .collect()
        })
    }

    /// Whether only arrays (or null) are allowed.
    pub fn is_array(&self) -> bool {
        self.non_null_types()
            .is_some_and(|types| types.len() == 1 && types.contains(&JsonType::Array))
    }
}

/// Keywords that decide nothing about validity.
pub(crate) const ANNOTATIONS: &[&str] = &[
    "$schema",
    "$id",
    "$anchor",
    "$comment",
    "$defs",
    "definitions",
    "title",
    "description",
    "examples",
    "example",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
    "contentMediaType",
    "contentEncoding",
    "externalDocs",
    "xml",
    "discriminator",
];

/// Keywords that give a lower bound: a larger value is stricter.
pub const LOWER_BOUNDS: &[&str] = &[
    "minLength",
    "minItems",
    "minProperties",
    "minimum",
    "exclusiveMinimum",
];

/// Keywords that give an upper bound: a smaller value is stricter.
pub const UPPER_BOUNDS: &[&str] = &[
    "maxLength",
    "maxItems",
    "maxProperties",
    "maximum",
    "exclusiveMaximum",
];

/// Keywords that hold or do not: adding one is stricter, any change of
/// value cannot be judged.
pub const ASSERTIONS: &[&str] = &["pattern", "format", "multipleOf", "uniqueItems"];
