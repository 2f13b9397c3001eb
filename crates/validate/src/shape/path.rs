//! Places in a value, written as jq writes them:
//! `.mechanicIntegrations[].integrationDetails.name`. A place is a set of
//! values, not one value: `[]` stands for every item of an array, `.*` for
//! every member a schema does not name.

use std::fmt;

/// One step from a value to a value inside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// A named member.
    Member(String),
    /// Every item of an array.
    Items,
    /// Every member not named by `properties`.
    OtherMembers,
    /// One alternative of an `anyOf` or `oneOf`, counted from 1.
    Alternative {
        /// `anyOf` or `oneOf`.
        keyword: &'static str,
        /// 1-based position.
        number: usize,
    },
}

/// A place in a value, from the root.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Path(Vec<Segment>);

impl Path {
    /// The root.
    pub fn root() -> Self {
        Self::default()
    }

    /// This path, one step further.
    pub fn join(&self, segment: Segment) -> Self {
        let mut segments = self.0.clone();
        segments.push(segment);
        Self(segments)
    }

    /// The steps.
    pub fn segments(&self) -> &[Segment] {
        &self.0
    }

    /// The member names only, joined by dots, as API documentation tables
    /// write attributes (`mechanicIntegrations.configuration.id`).
    pub fn dotted(&self) -> String {
        let names: Vec<&str> = self
            .0
            .iter()
            .filter_map(|segment| match segment {
                Segment::Member(name) => Some(name.as_str()),
                _ => None,
            })
            .collect();
        names.join(".")
    }

    /// Whether any member on the way is secret, so that values found there
    /// (enumerations, constants) must not be shown.
    pub fn is_secret(&self) -> bool {
        self.0.iter().any(|segment| match segment {
            Segment::Member(name) => crate::redact::is_secret_key(name),
            _ => false,
        })
    }
}

fn is_plain(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // jq starts every path with a dot: `.`, `.[]`, `.a`.
        if !matches!(
            self.0.first(),
            Some(Segment::Member(_) | Segment::OtherMembers)
        ) {
            f.write_str(".")?;
        }
        for segment in &self.0 {
            match segment {
                Segment::Member(name) if is_plain(name) => write!(f, ".{name}")?,
                Segment::Member(name) => write!(f, ".{name:?}")?,
                Segment::Items => f.write_str("[]")?,
                Segment::OtherMembers => f.write_str(".*")?,
                Segment::Alternative { keyword, number } => write!(f, "<{keyword} #{number}>")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_like_jq() {
        let path = Path::root()
            .join(Segment::Member("mechanicIntegrations".into()))
            .join(Segment::Items)
            .join(Segment::Member("odd.name".into()))
            .join(Segment::OtherMembers);
        assert_eq!(path.to_string(), r#".mechanicIntegrations[]."odd.name".*"#);
        assert_eq!(path.dotted(), "mechanicIntegrations.odd.name");
        assert_eq!(Path::root().to_string(), ".");
        assert_eq!(Path::root().join(Segment::Items).to_string(), ".[]");
    }

    #[test]
    fn secret_members_are_noticed() {
        let path = Path::root()
            .join(Segment::Member("configuration".into()))
            .join(Segment::Member("credentials".into()));
        assert!(path.is_secret());
        assert!(!Path::root().join(Segment::Member("id".into())).is_secret());
    }
}
