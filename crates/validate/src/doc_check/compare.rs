//! A documentation table against the schema: which attributes each side
//! has, their types, and whether they can be blank.
//!
//! A table that lists no member of an object documents that object as a
//! whole; once it lists one member of an object, it must list them all.
//! The documented `features` flags are one such object, described by their
//! row alone.

use std::collections::BTreeSet;

use super::finding::{DocFinding, DocRule, Subject};
use super::markdown::{Cell, Table};
use super::table::{Blank, DocType, parse_blank, parse_type, render};
use crate::finding::Location;
use crate::shape::{JsonType, SchemaDoc, Shape, ShapeError};

/// How deep arrays of arrays are described.
const MAX_ARRAY_NESTING: usize = 8;

/// The types a schema allows at a place, arrays with their items' types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeView {
    /// Any type.
    Any,
    /// These types, other than `null`.
    Types(Vec<(JsonType, Option<TypeView>)>),
}

impl TypeView {
    /// The types in a documentation table's notation.
    pub fn describe(&self) -> String {
        let TypeView::Types(types) = self else {
            return "any type".to_owned();
        };
        let names: Vec<String> = types
            .iter()
            .map(|(ty, items)| match items {
                Some(items @ TypeView::Types(_)) => format!("array({})", items.describe()),
                _ => ty.name().to_owned(),
            })
            .collect();
        names.join(" or ")
    }

    /// Whether documented types say the same. `null` is left to the
    /// "Can be blank?" column, and a bare `array` leaves items open.
    pub fn agrees(&self, documented: &[DocType]) -> bool {
        let TypeView::Types(types) = self else {
            return true;
        };
        let documented: Vec<&DocType> = documented
            .iter()
            .filter(|ty| **ty != DocType::Plain(JsonType::Null))
            .collect();
        documented.len() == types.len()
            && documented.iter().all(|doc| match doc {
                DocType::Plain(ty) => types.iter().any(|(t, _)| t == ty),
                DocType::Array(inner) => types.iter().any(|(t, items)| {
                    *t == JsonType::Array
                        && match (inner, items) {
                            (Some(inner), Some(items)) => items.agrees(std::slice::from_ref(inner)),
                            _ => true,
                        }
                }),
            })
    }
}

/// One member of the schema, named the way tables name attributes.
#[derive(Debug, Clone)]
pub struct SchemaAttribute {
    /// Dotted path through objects and array items.
    pub path: String,
    /// Whether the parent object requires it.
    pub required: bool,
    /// Whether it may be `null`.
    pub nullable: bool,
    /// Its types.
    pub types: TypeView,
}

/// Every named member of the schema, parents before children.
pub fn schema_attributes(doc: &SchemaDoc<'_>) -> Result<Vec<SchemaAttribute>, ShapeError> {
    let root = doc.resolve(&doc.root())?;
    let mut out = Vec::new();
    walk(doc, &root, "", &mut Vec::new(), &mut out)?;
    Ok(out)
}

fn walk(
    doc: &SchemaDoc<'_>,
    shape: &Shape<'_>,
    prefix: &str,
    stack: &mut Vec<String>,
    out: &mut Vec<SchemaAttribute>,
) -> Result<(), ShapeError> {
    for (name, sub) in &shape.properties {
        let child = doc.resolve(sub)?;
        let path = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}.{name}")
        };
        out.push(SchemaAttribute {
            path: path.clone(),
            required: shape.required.contains(name),
            nullable: child.allows_null(),
            types: view(doc, &child, 0)?,
        });
        // Tables name the members of array items after the array itself.
        let mut inner = child;
        for _ in 0..MAX_ARRAY_NESTING {
            if !inner.is_array() {
                break;
            }
            inner = doc.resolve(&inner.items)?;
        }
        // A recursive schema is listed one level deep.
        if !inner.properties.is_empty() && !stack.contains(&inner.at) {
            stack.push(inner.at.clone());
            walk(doc, &inner, &path, stack, out)?;
            stack.pop();
        }
    }
    Ok(())
}

fn view(doc: &SchemaDoc<'_>, shape: &Shape<'_>, depth: usize) -> Result<TypeView, ShapeError> {
    let Some(types) = shape.non_null_types() else {
        return Ok(TypeView::Any);
    };
    let mut out = Vec::new();
    for ty in types {
        let items = if ty == JsonType::Array && depth < MAX_ARRAY_NESTING {
            Some(view(doc, &doc.resolve(&shape.items)?, depth + 1)?)
        } else {
            None
        };
        out.push((ty, items));
    }
    Ok(TypeView::Types(out))
}

struct Columns {
    attribute: usize,
    kind: usize,
    blank: Option<usize>,
}

impl Columns {
    fn find(header: &[Cell]) -> Option<Self> {
        let position = |wanted: &dyn Fn(&str) -> bool| {
            header
                .iter()
                .position(|cell| wanted(&cell.text.trim().to_lowercase()))
        };
        Some(Self {
            attribute: position(&|h| h == "attribute" || h == "field")?,
            kind: position(&|h| h == "type")?,
            blank: position(&|h| h.contains("blank")),
        })
    }
}

fn finding(rule: DocRule, location: Location, attribute: &str, message: String) -> DocFinding {
    DocFinding {
        rule,
        location,
        subject: (!attribute.is_empty()).then(|| Subject::Attribute(attribute.to_owned())),
        message,
        excerpt: None,
    }
}

fn parent(path: &str) -> &str {
    path.rsplit_once('.').map_or("", |(parent, _)| parent)
}

/// Every disagreement between one table and the schema's attributes.
pub fn check_table(table: &Table, attributes: &[SchemaAttribute]) -> Vec<DocFinding> {
    let Some(columns) = Columns::find(&table.header) else {
        let found: Vec<&str> = table.header.iter().map(|c| c.text.as_str()).collect();
        return vec![finding(
            DocRule::Table,
            table.location,
            "",
            format!(
                "expected the columns `Attribute`, `Type` and `Can be blank?`, found `{}`",
                found.join(" | ")
            ),
        )];
    };
    let mut findings = Vec::new();
    if columns.blank.is_none() {
        findings.push(finding(
            DocRule::Table,
            table.location,
            "",
            "the table has no `Can be blank?` column, so blank-ability is not compared".to_owned(),
        ));
    }

    let mut documented: Vec<(&str, Location)> = Vec::new();
    for row in &table.rows {
        let Some(cell) = row.get(columns.attribute) else {
            continue;
        };
        let name = cell.text.trim_matches('`').trim();
        if name.is_empty() {
            continue;
        }
        if let Some((_, first)) = documented.iter().find(|(n, _)| *n == name) {
            let message = format!("`{name}` is listed twice (first on line {})", first.line);
            findings.push(finding(DocRule::Table, cell.location, name, message));
            continue;
        }
        documented.push((name, cell.location));
        let Some(attribute) = attributes.iter().find(|a| a.path == name) else {
            let message = "documented, but the schema has no such member".to_owned();
            findings.push(finding(
                DocRule::AttributeNotInSchema,
                cell.location,
                name,
                message,
            ));
            continue;
        };
        if let Some(cell) = row.get(columns.kind) {
            findings.extend(check_type(attribute, cell));
        }
        if let Some(cell) = columns.blank.and_then(|i| row.get(i)) {
            findings.extend(check_blank(attribute, cell));
        }
    }

    let expanded: BTreeSet<&str> = documented
        .iter()
        .map(|(name, _)| parent(name))
        .chain([""])
        .collect();
    for attribute in attributes {
        let name = attribute.path.as_str();
        if documented.iter().any(|(n, _)| *n == name) || !expanded.contains(parent(name)) {
            continue;
        }
        // Shown at the parent's row, where the missing row belongs.
        let location = documented
            .iter()
            .find(|(n, _)| *n == parent(name))
            .map_or(table.location, |(_, at)| *at);
        let message = format!(
            "in the schema ({}, {}), but the table has no row for it",
            if attribute.required {
                "required"
            } else {
                "optional"
            },
            attribute.types.describe()
        );
        findings.push(finding(
            DocRule::AttributeNotInTable,
            location,
            name,
            message,
        ));
    }
    findings
}

fn check_type(attribute: &SchemaAttribute, cell: &Cell) -> Option<DocFinding> {
    let name = &attribute.path;
    match parse_type(&cell.text) {
        Err(message) => Some(finding(DocRule::Table, cell.location, name, message)),
        Ok(documented) if !attribute.types.agrees(&documented) => Some(finding(
            DocRule::AttributeType,
            cell.location,
            name,
            format!(
                "documented as {}, the schema says {}",
                render(&documented),
                attribute.types.describe()
            ),
        )),
        Ok(_) => None,
    }
}

fn check_blank(attribute: &SchemaAttribute, cell: &Cell) -> Option<DocFinding> {
    let name = &attribute.path;
    let Some(blank) = parse_blank(&cell.text) else {
        let message = format!("`{}` in \"Can be blank?\" is not yes or no", cell.text);
        return Some(finding(DocRule::Table, cell.location, name, message));
    };
    let (required, nullable) = (attribute.required, attribute.nullable);
    let problem = match blank {
        Blank::No if !required && nullable => "the schema lets it be absent or null",
        Blank::No if !required => "the schema lets it be absent",
        Blank::No if nullable => "the schema allows null",
        Blank::Yes if required && !nullable => "the schema requires it and refuses null",
        Blank::Yes if required => "the schema requires it (only null is allowed)",
        Blank::Yes if !nullable => "the schema refuses null (only absence is allowed)",
        Blank::No | Blank::Yes => return None,
    };
    let documented = match blank {
        Blank::No => "no",
        Blank::Yes => "yes",
    };
    Some(finding(
        DocRule::AttributeBlank,
        cell.location,
        name,
        format!("documented with \"Can be blank?\" {documented}, but {problem}"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn attributes(schema: &serde_json::Value) -> Vec<SchemaAttribute> {
        schema_attributes(&SchemaDoc::new(schema)).unwrap()
    }

    #[test]
    fn attributes_follow_array_items_and_describe_types() {
        let schema = json!({
            "type": "object",
            "properties": {"list": {"type": "array", "items": {"$ref": "#/$defs/I"}}},
            "required": ["list"],
            "$defs": {"I": {"type": "object", "properties": {
                "tags": {"type": "array", "items": {"type": "string"}},
                "n": {"type": ["integer", "null"]}
            }}}
        });
        let found = attributes(&schema);
        let summary: Vec<(String, bool, bool, String)> = found
            .iter()
            .map(|a| (a.path.clone(), a.required, a.nullable, a.types.describe()))
            .collect();
        assert_eq!(
            summary,
            [
                ("list".into(), true, false, "array(object)".into()),
                ("list.n".into(), false, true, "integer".into()),
                ("list.tags".into(), false, false, "array(string)".into()),
            ]
        );
    }

    #[test]
    fn documented_types_agree_or_not() {
        let view = TypeView::Types(vec![(
            JsonType::Array,
            Some(TypeView::Types(vec![(JsonType::Object, None)])),
        )]);
        assert!(view.agrees(&parse_type("array(object)").unwrap()));
        assert!(view.agrees(&parse_type("array").unwrap()));
        assert!(!view.agrees(&parse_type("array(string)").unwrap()));
        assert!(!view.agrees(&parse_type("object").unwrap()));
        assert!(TypeView::Any.agrees(&parse_type("string").unwrap()));
    }

    fn blank_finding(documented: &str, required: bool, nullable: bool) -> Option<String> {
        let attribute = SchemaAttribute {
            path: "a.b".into(),
            required,
            nullable,
            types: TypeView::Any,
        };
        let cell = Cell {
            text: documented.into(),
            location: Location { line: 9, column: 3 },
        };
        check_blank(&attribute, &cell).map(|finding| {
            assert_eq!(finding.location, cell.location);
            finding.message
        })
    }

    #[test]
    fn blank_cells_are_compared_with_required_and_nullable() {
        assert_eq!(blank_finding("no", true, false), None);
        assert_eq!(blank_finding("yes", false, true), None);
        let message =
            |documented, required, nullable| blank_finding(documented, required, nullable).unwrap();
        assert!(message("no", true, true).ends_with("but the schema allows null"));
        assert!(message("no", false, false).ends_with("but the schema lets it be absent"));
        assert!(message("yes", true, false).ends_with("requires it and refuses null"));
        assert!(message("yes", true, true).ends_with("requires it (only null is allowed)"));
        assert!(message("yes", false, false).ends_with("refuses null (only absence is allowed)"));
    }
}
