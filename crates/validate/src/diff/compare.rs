//! Walking two schemas side by side and classifying each difference.
//!
//! The question for every difference is the one a client asks of a
//! response: can a body the new schema allows be one the old schema
//! refuses? If it can, clients built for the old schema may break, and the
//! change is breaking; if every new body was already an old body, the
//! change only narrows what clients see, and it is compatible.

use std::collections::BTreeSet;

use serde_json::Value;

use super::change::{Change, Class, Kind};
use crate::shape::{
    ASSERTIONS, JsonType, LOWER_BOUNDS, Path, SchemaDoc, Segment, Shape, ShapeError, Sub,
    UPPER_BOUNDS, admits,
};

/// Which of the two schemas a problem is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The old schema.
    Old,
    /// The new schema.
    New,
}

/// Every difference between `old` and `new`, in schema order.
pub fn compare(old: &Value, new: &Value) -> Result<Vec<Change>> {
    let old = SchemaDoc::new(old);
    let new = SchemaDoc::new(new);
    let mut walk = Walk {
        old,
        new,
        stack: Vec::new(),
        changes: Vec::new(),
    };
    walk.subs(&old.root(), &new.root(), &Path::root())?;
    Ok(walk.changes)
}

struct Walk<'a> {
    old: SchemaDoc<'a>,
    new: SchemaDoc<'a>,
    /// The schemas being compared on the way here. Meeting a schema of
    /// each side again means a recursive schema, compared once already.
    stack: Vec<(Vec<String>, Vec<String>)>,
    changes: Vec<Change>,
}

type Result<T> = std::result::Result<T, (Side, ShapeError)>;

impl<'a> Walk<'a> {
    fn subs(&mut self, old: &Sub<'a>, new: &Sub<'a>, path: &Path) -> Result<()> {
        if old.is_any() && new.is_any() {
            return Ok(());
        }
        let o = self.old.resolve(old).map_err(|e| (Side::Old, e))?;
        let n = self.new.resolve(new).map_err(|e| (Side::New, e))?;
        // A side that allows anything repeats trivially.
        let repeats = |seen: &[String], now: &[String]| {
            now.is_empty() || now.iter().any(|at| seen.contains(at))
        };
        let recursive = self.stack.iter().any(|(old_seen, new_seen)| {
            repeats(old_seen, &o.reached) && repeats(new_seen, &n.reached)
        });
        if recursive {
            return Ok(());
        }
        self.stack.push((o.reached.clone(), n.reached.clone()));
        let result = self.shapes(&o, &n, path);
        self.stack.pop();
        result
    }

    /// Whether comparing `old` with `new` finds anything breaking; the
    /// changes themselves are dropped. Used where one change (a member
    /// added or removed) stands for the comparison of its schemas.
    fn breaks(&mut self, old: &Sub<'a>, new: &Sub<'a>, path: &Path) -> Result<bool> {
        let before = self.changes.len();
        self.subs(old, new, path)?;
        let breaking = self.changes[before..]
            .iter()
            .any(|c| c.class == Class::Breaking);
        self.changes.truncate(before);
        Ok(breaking)
    }

    fn push(
        &mut self,
        class: Class,
        kind: Kind,
        path: &Path,
        o: &Shape,
        n: &Shape,
        detail: String,
    ) {
        self.changes.push(Change {
            class,
            kind,
            path: path.clone(),
            old_at: Some(o.at.clone()),
            new_at: Some(n.at.clone()),
            detail,
        });
    }

    fn shapes(&mut self, o: &Shape<'a>, n: &Shape<'a>, path: &Path) -> Result<()> {
        match (o.never, n.never) {
            (_, true) if o.never => return Ok(()),
            (_, true) => {
                let detail = "NEW allows no value here".to_owned();
                self.push(Class::Compatible, Kind::TypeNarrowed, path, o, n, detail);
                return Ok(());
            }
            (true, false) => {
                let detail = "OLD allowed no value here; NEW allows some".to_owned();
                self.push(Class::Breaking, Kind::TypeWidened, path, o, n, detail);
                return Ok(());
            }
            (false, false) => {}
        }
        self.types(o, n, path);
        self.enumerations(o, n, path);
        self.constraints(o, n, path);
        let new_types = n.types.as_ref();
        if new_types.is_none_or(|types| types.contains(&JsonType::Object)) {
            self.members(o, n, path)?;
        }
        if new_types.is_none_or(|types| types.contains(&JsonType::Array)) {
            self.subs(&o.items, &n.items, &path.join(Segment::Items))?;
        }
        self.alternatives(o, n, path)?;
        self.opaque(o, n, path);
        Ok(())
    }

    fn types(&mut self, o: &Shape<'a>, n: &Shape<'a>, path: &Path) {
        match (o.non_null_types(), n.non_null_types()) {
            (None, None) => {}
            (Some(old), None) => {
                let detail = format!("NEW allows any type; OLD allowed only {}", names(&old));
                self.push(Class::Breaking, Kind::TypeWidened, path, o, n, detail);
            }
            (None, Some(new)) => {
                let detail = format!("OLD allowed any type; NEW allows only {}", names(&new));
                self.push(Class::Compatible, Kind::TypeNarrowed, path, o, n, detail);
            }
            (Some(old), Some(new)) => {
                let widened: BTreeSet<JsonType> =
                    new.iter().copied().filter(|t| !admits(&old, *t)).collect();
                let narrowed: BTreeSet<JsonType> =
                    old.iter().copied().filter(|t| !admits(&new, *t)).collect();
                if !widened.is_empty() {
                    let detail = format!(
                        "NEW also allows {}; OLD allowed only {}",
                        names(&widened),
                        names(&old)
                    );
                    self.push(Class::Breaking, Kind::TypeWidened, path, o, n, detail);
                }
                if !narrowed.is_empty() {
                    let detail = format!("NEW no longer allows {}", names(&narrowed));
                    self.push(Class::Compatible, Kind::TypeNarrowed, path, o, n, detail);
                }
            }
        }
        // "Any type" above already says that null is allowed.
        let widened_to_any = o.types.is_some() && n.types.is_none();
        match (o.allows_null(), n.allows_null()) {
            (false, true) if !widened_to_any => {
                let detail = "NEW allows null; OLD did not".to_owned();
                self.push(Class::Breaking, Kind::NullAllowed, path, o, n, detail);
            }
            (true, false) => {
                let detail = "NEW refuses null; OLD allowed it".to_owned();
                self.push(Class::Compatible, Kind::NullRefused, path, o, n, detail);
            }
            _ => {}
        }
    }

    fn enumerations(&mut self, o: &Shape<'a>, n: &Shape<'a>, path: &Path) {
        let shown = |value: &Value| {
            if path.is_secret() {
                "a value (not shown: the member is secret)".to_owned()
            } else {
                value.to_string()
            }
        };
        match (&o.enumeration, &n.enumeration) {
            (Some(old), Some(new)) => {
                // `null` in a list is reported by the type comparison.
                for value in new.iter().filter(|v| !v.is_null() && !old.contains(v)) {
                    let detail = format!("NEW allows {}", shown(value));
                    self.push(Class::Breaking, Kind::EnumValueAdded, path, o, n, detail);
                }
                for value in old.iter().filter(|v| !v.is_null() && !new.contains(v)) {
                    let detail = format!("NEW no longer allows {}", shown(value));
                    self.push(
                        Class::Compatible,
                        Kind::EnumValueRemoved,
                        path,
                        o,
                        n,
                        detail,
                    );
                }
            }
            (Some(old), None) => {
                let detail = format!(
                    "NEW allows any value of its type; OLD allowed only {} listed",
                    old.len()
                );
                self.push(Class::Breaking, Kind::EnumRemoved, path, o, n, detail);
            }
            (None, Some(new)) => {
                let detail = format!("NEW allows only {} listed values", new.len());
                self.push(Class::Compatible, Kind::EnumAdded, path, o, n, detail);
            }
            (None, None) => {}
        }
    }

    fn constraints(&mut self, o: &Shape<'a>, n: &Shape<'a>, path: &Path) {
        let bounds = LOWER_BOUNDS
            .iter()
            .map(|k| (*k, true))
            .chain(UPPER_BOUNDS.iter().map(|k| (*k, false)));
        for (keyword, lower) in bounds {
            let old = o.constraints.get(keyword).and_then(Value::as_f64);
            let new = n.constraints.get(keyword).and_then(Value::as_f64);
            let (class, kind, detail) = match (old, new) {
                (None, None) => continue,
                (None, Some(new)) => tightened(format!("`{keyword}` {new} added")),
                (Some(old), None) => loosened(format!("`{keyword}` {old} removed")),
                (Some(old), Some(new)) if old == new => continue,
                (Some(old), Some(new)) => {
                    let detail = format!("`{keyword}` {old} became {new}");
                    if (new > old) == lower {
                        tightened(detail)
                    } else {
                        loosened(detail)
                    }
                }
            };
            self.push(class, kind, path, o, n, detail);
        }
        for keyword in ASSERTIONS {
            // `uniqueItems: false` asserts nothing.
            let get = |shape: &Shape<'_>| {
                shape
                    .constraints
                    .get(keyword)
                    .filter(|v| **v != Value::Bool(false))
                    .cloned()
            };
            let (class, kind, detail) = match (get(o), get(n)) {
                (None, None) => continue,
                (None, Some(new)) => tightened(format!("`{keyword}` {new} added")),
                (Some(old), None) => loosened(format!("`{keyword}` {old} removed")),
                (Some(old), Some(new)) if old == new => continue,
                (Some(old), Some(new)) => (
                    Class::Breaking,
                    Kind::ConstraintChanged,
                    format!(
                        "`{keyword}` {old} became {new}; values NEW allows may break OLD's \
                         (review by hand)"
                    ),
                ),
            };
            self.push(class, kind, path, o, n, detail);
        }
    }

    fn members(&mut self, o: &Shape<'a>, n: &Shape<'a>, path: &Path) -> Result<()> {
        let names: BTreeSet<&String> = o
            .properties
            .keys()
            .chain(n.properties.keys())
            .chain(&o.required)
            .chain(&n.required)
            .collect();
        for name in names {
            let here = path.join(Segment::Member(name.clone()));
            let (old_required, new_required) =
                (o.required.contains(name), n.required.contains(name));
            match (o.properties.get(name), n.properties.get(name)) {
                (Some(old), None) => {
                    // NEW's rule for members it does not name now applies.
                    let class = if old_required && !new_required
                        || self.breaks(old, &n.additional, &here)?
                    {
                        Class::Breaking
                    } else {
                        Class::Compatible
                    };
                    let detail = match (class, old_required && !new_required) {
                        (Class::Breaking, true) => "OLD required it; NEW no longer has it",
                        (Class::Breaking, false) => {
                            "NEW no longer describes it, so it may hold values OLD refuses"
                        }
                        (Class::Compatible, _) => "NEW no longer allows it",
                    };
                    self.member(class, Kind::PropertyRemoved, &here, old.at(), None, detail);
                }
                (None, Some(new)) => {
                    let class = if self.breaks(&o.additional, new, &here)? {
                        Class::Breaking
                    } else {
                        Class::Compatible
                    };
                    let detail = match (class, new_required) {
                        (Class::Breaking, _) => {
                            "NEW adds it, with values OLD refused for members it did not name"
                        }
                        (Class::Compatible, true) => "NEW adds it and always sends it",
                        (Class::Compatible, false) => "NEW adds it as an optional member",
                    };
                    self.member(class, Kind::PropertyAdded, &here, None, new.at(), detail);
                }
                (old, new) => {
                    if old_required && !new_required {
                        let detail = "OLD required it; NEW lets it be absent";
                        self.member(
                            Class::Breaking,
                            Kind::RequiredRemoved,
                            &here,
                            Some(&o.at),
                            Some(&n.at),
                            detail,
                        );
                    } else if !old_required && new_required {
                        let detail = "NEW always sends it";
                        self.member(
                            Class::Compatible,
                            Kind::RequiredAdded,
                            &here,
                            Some(&o.at),
                            Some(&n.at),
                            detail,
                        );
                    }
                    // A required member the schema does not describe takes
                    // its schema from the unnamed-member rule.
                    let old = old.unwrap_or(&o.additional);
                    let new = new.unwrap_or(&n.additional);
                    self.subs(old, new, &here)?;
                }
            }
        }
        self.subs(
            &o.additional,
            &n.additional,
            &path.join(Segment::OtherMembers),
        )
    }

    fn member(
        &mut self,
        class: Class,
        kind: Kind,
        path: &Path,
        old_at: Option<&str>,
        new_at: Option<&str>,
        detail: &str,
    ) {
        self.changes.push(Change {
            class,
            kind,
            path: path.clone(),
            old_at: old_at.map(str::to_owned),
            new_at: new_at.map(str::to_owned),
            detail: detail.to_owned(),
        });
    }

    fn alternatives(&mut self, o: &Shape<'a>, n: &Shape<'a>, path: &Path) -> Result<()> {
        let count = o.alternatives.len().max(n.alternatives.len());
        for i in 0..count {
            match (o.alternatives.get(i), n.alternatives.get(i)) {
                (Some(old), Some(new)) => {
                    if old.keyword != new.keyword {
                        // Exactly one (`oneOf`) is stricter than at least
                        // one (`anyOf`) over the same alternatives.
                        let detail = format!("`{}` became `{}`", old.keyword, new.keyword);
                        let (class, kind, detail) = if new.keyword == "oneOf" {
                            tightened(detail)
                        } else {
                            loosened(detail)
                        };
                        self.push(class, kind, path, o, n, detail);
                    }
                    let options = old.options.len().max(new.options.len());
                    for j in 0..options {
                        let here = path.join(Segment::Alternative {
                            keyword: new.keyword,
                            number: j + 1,
                        });
                        match (old.options.get(j), new.options.get(j)) {
                            (Some(a), Some(b)) => self.subs(a, b, &here)?,
                            (None, Some(b)) => self.member(
                                Class::Breaking,
                                Kind::AlternativeAdded,
                                &here,
                                None,
                                b.at(),
                                "NEW allows values matching this alternative",
                            ),
                            (Some(a), None) => self.member(
                                Class::Compatible,
                                Kind::AlternativeRemoved,
                                &here,
                                a.at(),
                                None,
                                "NEW no longer allows values only this alternative matched",
                            ),
                            (None, None) => {}
                        }
                    }
                }
                (Some(old), None) => {
                    let (class, kind, detail) = loosened(format!("`{}` removed", old.keyword));
                    self.push(class, kind, path, o, n, detail);
                }
                (None, Some(new)) => {
                    let (class, kind, detail) = tightened(format!("`{}` added", new.keyword));
                    self.push(class, kind, path, o, n, detail);
                }
                (None, None) => {}
            }
        }
        Ok(())
    }

    fn opaque(&mut self, o: &Shape<'a>, n: &Shape<'a>, path: &Path) {
        let keywords: BTreeSet<&String> = o.opaque.keys().chain(n.opaque.keys()).collect();
        for keyword in keywords {
            if o.opaque.get(keyword) != n.opaque.get(keyword) {
                let detail = format!(
                    "`{keyword}` changed; this tool does not judge that keyword, so it is \
                     counted as breaking (review by hand)"
                );
                self.push(Class::Breaking, Kind::KeywordChanged, path, o, n, detail);
            }
        }
    }
}

fn tightened(detail: String) -> (Class, Kind, String) {
    (Class::Compatible, Kind::ConstraintTightened, detail)
}

fn loosened(detail: String) -> (Class, Kind, String) {
    (Class::Breaking, Kind::ConstraintLoosened, detail)
}

fn names(types: &BTreeSet<JsonType>) -> String {
    let names: Vec<&str> = types.iter().map(|t| t.name()).collect();
    names.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn changes(old: Value, new: Value) -> Vec<(Class, Kind, String)> {
        compare(&old, &new)
            .unwrap()
            .into_iter()
            .map(|c| (c.class, c.kind, c.path.to_string()))
            .collect()
    }

    fn one(class: Class, kind: Kind, path: &str) -> Vec<(Class, Kind, String)> {
        vec![(class, kind, path.to_owned())]
    }

    fn object(properties: Value, required: &[&str]) -> Value {
        json!({"type": "object", "properties": properties, "required": required})
    }

    #[test]
    fn identical_schemas_have_no_changes() {
        let schema = object(json!({"a": {"type": "string"}}), &["a"]);
        assert!(changes(schema.clone(), schema).is_empty());
    }

    #[test]
    fn removing_a_required_property_breaks() {
        let old = object(json!({"a": {"type": "string"}, "b": {}}), &["a"]);
        let new = object(json!({"b": {}}), &[]);
        assert_eq!(
            changes(old, new),
            one(Class::Breaking, Kind::PropertyRemoved, ".a")
        );
    }

    #[test]
    fn removing_an_optional_property_breaks_unless_new_forbids_it() {
        let old = object(json!({"a": {"type": "string"}}), &[]);
        let open = object(json!({}), &[]);
        assert_eq!(
            changes(old.clone(), open),
            one(Class::Breaking, Kind::PropertyRemoved, ".a")
        );
        let mut closed = object(json!({}), &[]);
        closed["additionalProperties"] = json!(false);
        let found = changes(old, closed);
        assert_eq!(
            found[0],
            (Class::Compatible, Kind::PropertyRemoved, ".a".to_owned())
        );
    }

    #[test]
    fn adding_an_optional_property_is_compatible_unless_old_forbade_it() {
        let old = object(json!({}), &[]);
        let new = object(json!({"logo": {"type": "string"}}), &[]);
        assert_eq!(
            changes(old.clone(), new.clone()),
            one(Class::Compatible, Kind::PropertyAdded, ".logo")
        );
        let mut closed = old;
        closed["additionalProperties"] = json!(false);
        let found = changes(closed, new);
        assert_eq!(
            found[0],
            (Class::Breaking, Kind::PropertyAdded, ".logo".to_owned())
        );
    }

    #[test]
    fn an_added_member_is_checked_against_the_old_rule_for_unnamed_members() {
        let mut old = object(json!({}), &[]);
        old["additionalProperties"] = json!({"type": "boolean"});
        let flag = object(json!({"supportsX": {"type": "boolean"}}), &["supportsX"]);
        let text = object(json!({"supportsX": {"type": "string"}}), &[]);
        let mut flag_new = flag.clone();
        flag_new["additionalProperties"] = json!({"type": "boolean"});
        assert_eq!(
            changes(old.clone(), flag_new),
            one(Class::Compatible, Kind::PropertyAdded, ".supportsX")
        );
        let found = changes(old, text);
        assert!(found.contains(&(
            Class::Breaking,
            Kind::PropertyAdded,
            ".supportsX".to_owned()
        )));
    }

    #[test]
    fn required_changes_are_classified() {
        let optional = object(json!({"a": {"type": "string"}}), &[]);
        let required = object(json!({"a": {"type": "string"}}), &["a"]);
        assert_eq!(
            changes(required.clone(), optional.clone()),
            one(Class::Breaking, Kind::RequiredRemoved, ".a")
        );
        assert_eq!(
            changes(optional, required),
            one(Class::Compatible, Kind::RequiredAdded, ".a")
        );
    }

    #[test]
    fn types_widen_and_narrow() {
        let old = object(json!({"id": {"type": "integer"}}), &["id"]);
        let new = object(json!({"id": {"type": "number"}}), &["id"]);
        assert_eq!(
            changes(old.clone(), new.clone()),
            one(Class::Breaking, Kind::TypeWidened, ".id")
        );
        assert_eq!(
            changes(new, old),
            one(Class::Compatible, Kind::TypeNarrowed, ".id")
        );
    }

    #[test]
    fn null_newly_allowed_breaks() {
        let old = json!({"type": "object"});
        let new = json!({"type": ["object", "null"]});
        assert_eq!(
            changes(old.clone(), new.clone()),
            one(Class::Breaking, Kind::NullAllowed, ".")
        );
        assert_eq!(
            changes(new, old),
            one(Class::Compatible, Kind::NullRefused, ".")
        );
    }

    #[test]
    fn enum_values_added_break_and_removed_do_not() {
        let old = json!({"enum": ["simple", "oauth2"]});
        let new = json!({"enum": ["simple", "oauth2", "saml"]});
        assert_eq!(
            changes(old.clone(), new.clone()),
            one(Class::Breaking, Kind::EnumValueAdded, ".")
        );
        assert_eq!(
            changes(new, old),
            one(Class::Compatible, Kind::EnumValueRemoved, ".")
        );
    }

    #[test]
    fn constraints_loosen_and_tighten() {
        let old = json!({"type": "string", "minLength": 1, "pattern": "\\S"});
        let new = json!({"type": "string"});
        let found = changes(old.clone(), new.clone());
        assert_eq!(found.len(), 2);
        assert!(
            found
                .iter()
                .all(|c| c.0 == Class::Breaking && c.1 == Kind::ConstraintLoosened)
        );
        let found = changes(new, old);
        assert!(
            found
                .iter()
                .all(|c| c.0 == Class::Compatible && c.1 == Kind::ConstraintTightened)
        );
        let wider = json!({"type": "string", "maxLength": 10});
        let narrower = json!({"type": "string", "maxLength": 5});
        assert_eq!(
            changes(wider.clone(), narrower.clone()),
            one(Class::Compatible, Kind::ConstraintTightened, ".")
        );
        assert_eq!(
            changes(narrower, wider),
            one(Class::Breaking, Kind::ConstraintLoosened, ".")
        );
    }

    #[test]
    fn a_changed_pattern_cannot_be_judged_and_counts_as_breaking() {
        let old = json!({"type": "string", "pattern": "^a"});
        let new = json!({"type": "string", "pattern": "^b"});
        assert_eq!(
            changes(old, new),
            one(Class::Breaking, Kind::ConstraintChanged, ".")
        );
    }

    #[test]
    fn changes_are_found_through_references_and_array_items() {
        let old = json!({
            "type": "object",
            "properties": {"list": {"type": "array", "items": {"$ref": "#/$defs/Item"}}},
            "$defs": {"Item": {
                "type": "object",
                "properties": {"n": {"type": "string"}},
                "required": ["n"]
            }}
        });
        let mut new = old.clone();
        new["$defs"]["Item"]["required"] = json!([]);
        assert_eq!(
            changes(old, new),
            one(Class::Breaking, Kind::RequiredRemoved, ".list[].n")
        );
    }

    #[test]
    fn recursive_schemas_are_compared_once() {
        let tree = json!({
            "$ref": "#/$defs/Node",
            "$defs": {"Node": {"type": "object", "properties": {
                "children": {"type": "array", "items": {"$ref": "#/$defs/Node"}}
            }}}
        });
        let mut new = tree.clone();
        new["$defs"]["Node"]["properties"]["label"] = json!({"type": "string"});
        assert_eq!(
            changes(tree, new),
            one(Class::Compatible, Kind::PropertyAdded, ".label")
        );
    }

    #[test]
    fn enum_values_under_secret_members_are_not_quoted() {
        let old = object(json!({"password": {"enum": ["FAKE-pw-0001"]}}), &[]);
        let new = object(
            json!({"password": {"enum": ["FAKE-pw-0001", "FAKE-pw-0002"]}}),
            &[],
        );
        let found = compare(&old, &new).unwrap();
        assert_eq!(found[0].kind, Kind::EnumValueAdded);
        assert!(!found[0].detail.contains("FAKE"), "{}", found[0].detail);
    }

    #[test]
    fn alternatives_added_break() {
        let old = json!({"anyOf": [{"type": "string"}, {"type": "integer"}]});
        let new = json!({"anyOf": [{"type": "string"}, {"type": "integer"}, {"type": "boolean"}]});
        assert_eq!(
            changes(old.clone(), new.clone()),
            one(Class::Breaking, Kind::AlternativeAdded, ".<anyOf #3>")
        );
        assert_eq!(
            changes(new, old),
            one(Class::Compatible, Kind::AlternativeRemoved, ".<anyOf #3>")
        );
    }

    #[test]
    fn unmodelled_keywords_that_change_count_as_breaking() {
        let old = json!({"not": {"type": "null"}});
        let new = json!({"not": {"type": "string"}});
        assert_eq!(
            changes(old, new),
            one(Class::Breaking, Kind::KeywordChanged, ".")
        );
    }
}
