//! One difference between two response schemas, classified for the
//! clients that were built against the old one.

use std::fmt;

use serde::Serialize;

use crate::shape::Path;

/// Whether a difference can break clients.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Class {
    /// A body valid under the new schema can be invalid under the old one.
    Breaking,
    /// Every body valid under the new schema is valid under the old one.
    Compatible,
}

impl Class {
    /// The class's stable name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Breaking => "breaking",
            Self::Compatible => "compatible",
        }
    }
}

/// What changed. Stable names: CI scripts may match on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// A member the old schema did not name.
    PropertyAdded,
    /// A member the new schema no longer names.
    PropertyRemoved,
    /// A member became required.
    RequiredAdded,
    /// A member is no longer required.
    RequiredRemoved,
    /// Types the old schema refused are allowed.
    TypeWidened,
    /// Types the old schema allowed are refused.
    TypeNarrowed,
    /// `null` is newly allowed.
    NullAllowed,
    /// `null` is no longer allowed.
    NullRefused,
    /// A value joined an enumeration.
    EnumValueAdded,
    /// A value left an enumeration.
    EnumValueRemoved,
    /// The value is newly limited to a list.
    EnumAdded,
    /// The value is no longer limited to a list.
    EnumRemoved,
    /// A bound, pattern or format was added or made stricter.
    ConstraintTightened,
    /// A bound, pattern or format was removed or made looser.
    ConstraintLoosened,
    /// A pattern, format or multiple changed to one that is neither
    /// stricter nor looser as far as this tool can tell.
    ConstraintChanged,
    /// An `anyOf`/`oneOf` gained an alternative.
    AlternativeAdded,
    /// An `anyOf`/`oneOf` lost an alternative.
    AlternativeRemoved,
    /// A keyword this tool does not model changed.
    KeywordChanged,
}

impl Kind {
    /// The kind's stable name.
    pub fn name(self) -> &'static str {
        match self {
            Self::PropertyAdded => "property-added",
            Self::PropertyRemoved => "property-removed",
            Self::RequiredAdded => "required-added",
            Self::RequiredRemoved => "required-removed",
            Self::TypeWidened => "type-widened",
            Self::TypeNarrowed => "type-narrowed",
            Self::NullAllowed => "null-allowed",
            Self::NullRefused => "null-refused",
            Self::EnumValueAdded => "enum-value-added",
            Self::EnumValueRemoved => "enum-value-removed",
            Self::EnumAdded => "enum-added",
            Self::EnumRemoved => "enum-removed",
            Self::ConstraintTightened => "constraint-tightened",
            Self::ConstraintLoosened => "constraint-loosened",
            Self::ConstraintChanged => "constraint-changed",
            Self::AlternativeAdded => "alternative-added",
            Self::AlternativeRemoved => "alternative-removed",
            Self::KeywordChanged => "keyword-changed",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Kind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// One classified difference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Breaking or compatible.
    pub class: Class,
    /// What changed.
    pub kind: Kind,
    /// Where in a response body.
    pub path: Path,
    /// JSON Pointer of the old schema's part, when it has one.
    pub old_at: Option<String>,
    /// JSON Pointer of the new schema's part, when it has one.
    pub new_at: Option<String>,
    /// The change in words. Values of secret members are never quoted.
    pub detail: String,
}
