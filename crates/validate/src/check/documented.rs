//! The members each part of a schema documents, worked out once per run.
//!
//! Every document is walked for drift, valid or not, so the walk is on the
//! fast path. Resolving `$ref`s and merging alternatives at every object
//! of every document cost more than parsing it; here each set of schemas
//! that can apply to a value becomes one node, compiled when the checker
//! is built, and the walk per document is a lookup per member. It finds
//! exactly what [`super::drift::undocumented`] finds; a schema whose sets
//! grow past a bound is left to that walk instead.

use std::collections::HashMap;

use serde_json::Value;

use super::drift::{Undocumented, Walker, item_schema, member_schema, suggest};
use crate::parse::spans::escape;

/// Sets of schemas compiled before giving up on a schema; the committed
/// one needs a few dozen.
const MAX_NODES: usize = 4096;

/// The drift view of one schema.
#[derive(Debug)]
pub struct Documented {
    nodes: Vec<Node>,
    /// Whether drift can occur at or below each node; open maps such as
    /// `options` hold nothing to walk into.
    live: Vec<bool>,
}

type NodeId = usize;

/// No schema applies: nothing below can drift.
const NOTHING: NodeId = usize::MAX;

#[derive(Debug, Default)]
struct Node {
    /// Some schema of the set lists `properties`.
    described: bool,
    /// Some schema of the set has `patternProperties` or refuses unnamed
    /// members itself.
    open: bool,
    /// Documented names, as the schemas list them, for suggestions.
    names: Vec<String>,
    /// Each documented name and the node of its value, sorted by name.
    members: Vec<(String, NodeId)>,
    /// The node of any other member's value.
    other: NodeId,
    /// The nodes of the first array items, where schemas name positions.
    positions: Vec<NodeId>,
    /// The node of every later item.
    items: NodeId,
}

impl Documented {
    /// Compiles `schema`, or None when it has too many distinct sets.
    pub fn compile(schema: &Value) -> Option<Self> {
        let walker = Walker::new(schema);
        let mut compiler = Compiler {
            walker,
            ids: HashMap::new(),
            nodes: Vec::new(),
            pending: Vec::new(),
        };
        compiler.id(vec![schema])?;
        while let Some((id, schemas)) = compiler.pending.pop() {
            let node = compiler.node(&schemas)?;
            compiler.nodes[id] = node;
        }
        let live = live_nodes(&compiler.nodes);
        Some(Self {
            nodes: compiler.nodes,
            live,
        })
    }

    fn is_live(&self, id: NodeId) -> bool {
        self.live.get(id).copied().unwrap_or(false)
    }

    /// Every undocumented member of `value`, in the order the walk of
    /// [`super::drift::undocumented`] gives.
    pub fn undocumented(&self, value: &Value) -> Vec<Undocumented> {
        let mut found = Vec::new();
        let mut pointer = String::new();
        self.visit(0, value, &mut pointer, &mut found);
        found
    }

    fn visit(
        &self,
        id: NodeId,
        value: &Value,
        pointer: &mut String,
        found: &mut Vec<Undocumented>,
    ) {
        let Some(node) = self.nodes.get(id).filter(|_| self.is_live(id)) else {
            return;
        };
        match value {
            Value::Object(members) => {
                let report = node.described && !node.open;
                for (key, member) in members {
                    let child = match node
                        .members
                        .binary_search_by(|(name, _)| name.as_str().cmp(key.as_str()))
                    {
                        Ok(at) => node.members[at].1,
                        Err(_) => {
                            if report {
                                found.push(Undocumented {
                                    pointer: joined(pointer, key),
                                    suggestion: suggest(key, &names(node)),
                                });
                            }
                            node.other
                        }
                    };
                    if self.is_live(child) && is_container(member) {
                        let len = pointer.len();
                        push_token(pointer, key);
                        self.visit(child, member, pointer, found);
                        pointer.truncate(len);
                    }
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    let child = node.positions.get(index).copied().unwrap_or(node.items);
                    if self.is_live(child) && is_container(item) {
                        let len = pointer.len();
                        pointer.push('/');
                        pointer.push_str(&index.to_string());
                        self.visit(child, item, pointer, found);
                        pointer.truncate(len);
                    }
                }
            }
            _ => {}
        }
    }
}

/// Marks the nodes at or below which drift can be reported: those that
/// report unknown members themselves, and those that lead to one.
fn live_nodes(nodes: &[Node]) -> Vec<bool> {
    let mut live: Vec<bool> = nodes.iter().map(|n| n.described && !n.open).collect();
    let is_live = |live: &[bool], id: NodeId| live.get(id).copied().unwrap_or(false);
    // Each round marks at least one more node or ends; cycles of
    // references settle like any other path.
    loop {
        let mut changed = false;
        for (id, node) in nodes.iter().enumerate() {
            if live[id] {
                continue;
            }
            let children = node
                .members
                .iter()
                .map(|(_, child)| *child)
                .chain([node.other, node.items])
                .chain(node.positions.iter().copied());
            if children.into_iter().any(|child| is_live(&live, child)) {
                live[id] = true;
                changed = true;
            }
        }
        if !changed {
            return live;
        }
    }
}

fn names(node: &Node) -> Vec<&str> {
    node.names.iter().map(String::as_str).collect()
}

fn is_container(value: &Value) -> bool {
    matches!(value, Value::Object(_) | Value::Array(_))
}

fn push_token(pointer: &mut String, key: &str) {
    pointer.push('/');
    if key.contains(['~', '/']) {
        pointer.push_str(&escape(key));
    } else {
        pointer.push_str(key);
    }
}

fn joined(pointer: &str, key: &str) -> String {
    let mut joined = String::with_capacity(pointer.len() + key.len() + 1);
    joined.push_str(pointer);
    push_token(&mut joined, key);
    joined
}

struct Compiler<'s> {
    walker: Walker<'s>,
    /// Each set met so far, by the addresses of its schemas, sorted.
    ids: HashMap<Vec<usize>, NodeId>,
    nodes: Vec<Node>,
    /// Sets given an id whose node is still to be built.
    pending: Vec<(NodeId, Vec<&'s Value>)>,
}

impl<'s> Compiler<'s> {
    /// The id of the set `schemas` (before expansion), new or known.
    fn id(&mut self, schemas: Vec<&'s Value>) -> Option<NodeId> {
        let expanded = self.walker.expand(&schemas);
        if expanded.is_empty() {
            return Some(NOTHING);
        }
        // The walk treats a set by its members, never their order or
        // repeats, so sets equal as sets share a node.
        let mut key: Vec<usize> = schemas
            .iter()
            .map(|s| std::ptr::from_ref(*s) as usize)
            .collect();
        key.sort_unstable();
        key.dedup();
        if let Some(&id) = self.ids.get(&key) {
            return Some(id);
        }
        if self.nodes.len() >= MAX_NODES {
            return None;
        }
        let id = self.nodes.len();
        self.nodes.push(Node::default());
        self.ids.insert(key, id);
        self.pending.push((id, schemas));
        Some(id)
    }

    fn node(&mut self, schemas: &[&'s Value]) -> Option<Node> {
        let expanded = self.walker.expand(schemas);
        let mut node = Node::default();
        for schema in &expanded {
            if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
                node.described = true;
                node.names.extend(properties.keys().cloned());
            }
            if schema.get("patternProperties").is_some()
                || schema.get("additionalProperties") == Some(&Value::Bool(false))
            {
                node.open = true;
            }
        }
        let mut names = node.names.clone();
        names.sort_unstable();
        names.dedup();
        for name in names {
            let children = expanded
                .iter()
                .filter_map(|s| member_schema(s, &name))
                .collect();
            let child = self.id(children)?;
            node.members.push((name, child));
        }
        let others = expanded
            .iter()
            .filter_map(|s| s.get("additionalProperties"))
            .collect();
        node.other = self.id(others)?;

        let positions = expanded.iter().map(|s| positions(s)).max().unwrap_or(0);
        for index in 0..positions {
            let children = expanded
                .iter()
                .filter_map(|s| item_schema(s, index))
                .collect();
            let child = self.id(children)?;
            node.positions.push(child);
        }
        let rest = expanded
            .iter()
            .filter_map(|s| item_schema(s, positions))
            .collect();
        node.items = self.id(rest)?;
        Some(node)
    }
}

/// How many leading items a schema names one by one.
fn positions(schema: &Value) -> usize {
    let prefix = schema
        .get("prefixItems")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    let positional = match schema.get("items") {
        Some(Value::Array(items)) => items.len(),
        _ => 0,
    };
    prefix.max(positional)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::drift::undocumented;
    use serde_json::json;

    fn committed() -> Value {
        let endpoint = mechanics_model::endpoint_by_name("mechanic_integrations")
            .expect("the endpoint is registered");
        serde_json::from_str(endpoint.committed_schema).expect("the committed schema is JSON")
    }

    fn assert_same(schema: &Value, value: &Value) {
        let compiled = Documented::compile(schema).expect("the schema compiles");
        assert_eq!(
            compiled.undocumented(value),
            undocumented(schema, value),
            "{value}"
        );
    }

    #[test]
    fn the_committed_schema_compiles_small() {
        let compiled = Documented::compile(&committed()).expect("it compiles");
        assert!(compiled.nodes.len() < 64, "{} nodes", compiled.nodes.len());
    }

    #[test]
    fn open_maps_are_not_walked_into() {
        let compiled = Documented::compile(&committed()).expect("it compiles");
        assert!(compiled.is_live(0));
        // `credentials` and `options` at least: maps, with nothing below.
        assert!(compiled.live.iter().filter(|live| !**live).count() >= 2);
    }

    #[test]
    fn drift_in_the_fixtures_is_found_alike() {
        let schema = committed();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
        let mut seen = 0;
        for entry in walkdir::WalkDir::new(root) {
            let entry = entry.expect("the fixtures can be listed");
            if entry.path().extension().is_none_or(|x| x != "json") {
                continue;
            }
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            let Ok(value) = serde_json::from_str::<Value>(&text) else {
                continue;
            };
            assert_same(&schema, &value);
            seen += 1;
        }
        assert!(seen > 10, "only {seen} fixtures read");
    }

    #[test]
    fn positions_alternatives_and_cycles_are_followed_alike() {
        let schema = json!({
            "$defs": {"node": {"anyOf": [
                {"properties": {"next": {"$ref": "#/$defs/node"}, "list": {
                    "prefixItems": [{"properties": {"p": true}}],
                    "items": {"properties": {"q": true}}
                }}},
                {"properties": {"leaf": true}, "additionalProperties": {
                    "properties": {"x": true}
                }}
            ]}},
            "$ref": "#/$defs/node",
            "properties": {"old": {"items": [{"properties": {"a": true}}],
                                   "additionalItems": {"properties": {"b": true}}}}
        });
        let value = json!({
            "leaf": 1,
            "next": {"next": {"oops": 1, "list": [{"p": 1, "q": 2}, {"p": 1, "q": 2}]}},
            "other": {"x": 1, "y~/": 2},
            "old": [{"a": 1, "b": 1}, {"a": 1, "b": 1}],
            "a/b": [1]
        });
        assert_same(&schema, &value);
        let closed = json!({"properties": {"a": {"properties": {"b": true},
            "additionalProperties": false}}, "patternProperties": {"^x-": true}});
        assert_same(
            &closed,
            &json!({"x-extra": 1, "a": {"b": 1, "c": 2}, "z": 1}),
        );
    }

    #[test]
    fn schemas_with_too_many_sets_are_left_to_the_walk() {
        let properties: serde_json::Map<String, Value> = (0..MAX_NODES)
            .map(|i| {
                (
                    format!("k{i}"),
                    json!({"properties": {format!("p{i}"): true}}),
                )
            })
            .collect();
        let schema = json!({ "properties": properties });
        assert!(Documented::compile(&schema).is_none());
        let checker = crate::check::Checker::with_schema(
            mechanics_model::ENDPOINTS.first().unwrap(),
            &schema.to_string(),
        )
        .expect("the schema compiles for validation");
        let crate::check::Verdict::Checked(findings) =
            checker.check(br#"{"k7": {"p7": 1, "q": 2}}"#)
        else {
            panic!("the document is checked");
        };
        // The typed model refuses the document as well; only drift is
        // about this schema.
        let drift: Vec<&str> = findings
            .iter()
            .filter(|f| f.rule == crate::finding::Rule::Drift)
            .map(|f| f.pointer.as_str())
            .collect();
        assert_eq!(drift, ["/k7/q"]);
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(48))]

        #[test]
        fn generated_payloads_drift_alike(
            payload in mechanics_model::strategies::payload_sized(0..6),
        ) {
            assert_same(&committed(), &payload);
        }

        #[test]
        fn broken_payloads_drift_alike(
            broken in mechanics_model::strategies::broken_payload(),
        ) {
            assert_same(&committed(), &broken.payload);
        }
    }
}
