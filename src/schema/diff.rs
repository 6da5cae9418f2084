//! Comparing two schema bundles and classifying every change as breaking or compatible.
//!
//! The documents pass between separately released programs, so a change is breaking when
//! a document one side writes or reads under the old schema may be refused or misread
//! under the new one: a capability, enum value, property or schema removed (a rename is a
//! removal and an addition), a type or constraint narrowed, a new required property, an
//! optional property made required. Adding or widening something is compatible, and so is
//! a change of description or other annotation.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde_json::Value;

use crate::escape_pointer;
use crate::schema::ANNOTATIONS;
use crate::schema::bundle::SchemaSet;

/// Whether a change can break a program built against the old schemas.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Compatibility {
    /// Documents valid under the old schema may be refused or read differently.
    Breaking,
    /// Every document valid under the old schema is still valid and means the same.
    Compatible,
}

impl fmt::Display for Compatibility {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Compatibility::Breaking => "breaking",
            Compatibility::Compatible => "compatible",
        })
    }
}

/// What changed between two schemas.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ChangeKind {
    /// A schema file of the old bundle is missing from the new one.
    SchemaRemoved,
    /// The new bundle has a schema file the old one lacks.
    SchemaAdded,
    /// A schema's `$id` changed, so references to the old one no longer resolve.
    IdChanged,
    /// A capability name was removed from the catalog (or renamed).
    CapabilityRemoved,
    /// A capability name was added to the catalog.
    CapabilityAdded,
    /// A capability constant now names another value, or a capability changed its mode.
    CapabilityChanged,
    /// An enum value was removed (or renamed).
    EnumValueRemoved,
    /// An enum value was added.
    EnumValueAdded,
    /// A property was removed (or renamed).
    PropertyRemoved,
    /// An optional property was added.
    PropertyAdded,
    /// A property was added and is required.
    RequiredPropertyAdded,
    /// An existing optional property became required.
    MadeRequired,
    /// A required property became optional.
    MadeOptional,
    /// A schema now allows fewer JSON types.
    TypeNarrowed,
    /// A schema now allows more JSON types.
    TypeWidened,
    /// A constraint was added, tightened, or changed in a way that may refuse old values.
    Narrowed,
    /// A constraint was removed or loosened.
    Widened,
    /// A definition under `$defs` was removed; references to it from other files break.
    DefinitionRemoved,
    /// A definition under `$defs` was added.
    DefinitionAdded,
    /// A description, title, default or other annotation changed.
    AnnotationChanged,
}

impl ChangeKind {
    /// Whether this kind of change is breaking or compatible.
    pub const fn compatibility(self) -> Compatibility {
        match self {
            ChangeKind::SchemaRemoved
            | ChangeKind::IdChanged
            | ChangeKind::CapabilityRemoved
            | ChangeKind::CapabilityChanged
            | ChangeKind::EnumValueRemoved
            | ChangeKind::PropertyRemoved
            | ChangeKind::RequiredPropertyAdded
            | ChangeKind::MadeRequired
            | ChangeKind::TypeNarrowed
            | ChangeKind::Narrowed
            | ChangeKind::DefinitionRemoved => Compatibility::Breaking,
            ChangeKind::SchemaAdded
            | ChangeKind::CapabilityAdded
            | ChangeKind::EnumValueAdded
            | ChangeKind::PropertyAdded
            | ChangeKind::MadeOptional
            | ChangeKind::TypeWidened
            | ChangeKind::Widened
            | ChangeKind::DefinitionAdded
            | ChangeKind::AnnotationChanged => Compatibility::Compatible,
        }
    }
}

/// One change between two bundles.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// The schema file, such as `operation-result.schema.json`.
    pub file: String,
    /// The RFC 6901 JSON Pointer of the changed place in the schema: in the new schema,
    /// or in the old one for something removed.
    pub pointer: String,
    /// What changed.
    pub kind: ChangeKind,
    /// The change in words, naming the values involved.
    pub detail: String,
}

impl Change {
    /// Whether the change is breaking or compatible.
    pub fn compatibility(&self) -> Compatibility {
        self.kind.compatibility()
    }
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let class = self.compatibility().to_string();
        write!(
            f,
            "{class:<10} {}#{}: {}",
            self.file, self.pointer, self.detail
        )
    }
}

/// Lower bounds: raising or adding one narrows.
const LOWER_BOUNDS: &[&str] = &[
    "minLength",
    "minimum",
    "exclusiveMinimum",
    "minItems",
    "minProperties",
];

/// Upper bounds: lowering or adding one narrows.
const UPPER_BOUNDS: &[&str] = &[
    "maxLength",
    "maximum",
    "exclusiveMaximum",
    "maxItems",
    "maxProperties",
];

/// Every change from the `old` bundle to the `new` one, file by file in name order.
///
/// ```
/// use conductor_sdk::schema::{ChangeKind, SchemaSet, diff_bundles};
/// use serde_json::json;
///
/// let old = SchemaSet::from([("a.schema.json".into(), json!({"enum": ["x", "y"]}))]);
/// let new = SchemaSet::from([("a.schema.json".into(), json!({"enum": ["x"]}))]);
/// let changes = diff_bundles(&old, &new);
/// assert_eq!(changes[0].kind, ChangeKind::EnumValueRemoved);
/// assert_eq!(changes[0].pointer, "/enum");
/// ```
pub fn diff_bundles(old: &SchemaSet, new: &SchemaSet) -> Vec<Change> {
    let mut changes = Vec::new();
    let files: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    for file in files {
        let mut differ = Differ {
            file,
            old_root: old.get(file).unwrap_or(&Value::Null),
            new_root: new.get(file).unwrap_or(&Value::Null),
            changes: Vec::new(),
        };
        match (old.get(file), new.get(file)) {
            (Some(a), Some(b)) => differ.schema(a, b, "", 0),
            (Some(_), None) => differ.push("", ChangeKind::SchemaRemoved, "schema removed".into()),
            (None, _) => differ.push("", ChangeKind::SchemaAdded, "schema added".into()),
        }
        changes.extend(differ.changes);
    }
    changes
}

/// Every change from one schema to another, as [`diff_bundles`] reports it for a file
/// named `file`.
pub fn diff_schemas(file: &str, old: &Value, new: &Value) -> Vec<Change> {
    let old = SchemaSet::from([(file.to_owned(), old.clone())]);
    let new = SchemaSet::from([(file.to_owned(), new.clone())]);
    diff_bundles(&old, &new)
}

/// The deepest chain of differing `$ref`s followed.
const MAX_DEPTH: usize = 32;

struct Differ<'a> {
    file: &'a str,
    old_root: &'a Value,
    new_root: &'a Value,
    changes: Vec<Change>,
}

impl Differ<'_> {
    fn push(&mut self, pointer: &str, kind: ChangeKind, detail: String) {
        self.changes.push(Change {
            file: self.file.to_owned(),
            pointer: pointer.to_owned(),
            kind,
            detail,
        });
    }

    fn schema(&mut self, old: &Value, new: &Value, at: &str, depth: usize) {
        if old == new || depth > MAX_DEPTH {
            return;
        }
        let (Some(a), Some(b)) = (old.as_object(), new.as_object()) else {
            // Boolean schemas: `true` allows everything, `false` nothing.
            let kind = match (old, new) {
                (_, Value::Bool(true)) => ChangeKind::Widened,
                _ => ChangeKind::Narrowed,
            };
            self.push(at, kind, format!("schema changed from {old} to {new}"));
            return;
        };
        let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
        let capabilities = b.contains_key("x-capabilities") || a.contains_key("x-capabilities");
        for key in keys {
            let (x, y) = (a.get(key.as_str()), b.get(key.as_str()));
            if x == y {
                continue;
            }
            let here = format!("{at}/{}", escape_pointer(key));
            match key.as_str() {
                "type" => self.types(x, y, &here),
                "enum" => self.enumeration(x, y, &here, capabilities),
                "properties" => self.properties(old, new, &here, depth),
                "required" => self.required(old, new, &here),
                "$defs" | "definitions" => self.definitions(x, y, &here, depth),
                "$ref" => self.reference(x, y, &here, depth),
                "$id" => self.push(&here, ChangeKind::IdChanged, changed(key, x, y)),
                "x-capabilities" => self.capabilities(x, y, &here),
                "items" | "additionalProperties" | "not" | "if" | "then" | "else" => {
                    self.subschema(key, x, y, &here, depth);
                }
                "anyOf" | "oneOf" | "allOf" => self.list(key, x, y, &here, depth),
                key if ANNOTATIONS.contains(&key) => {
                    self.push(&here, ChangeKind::AnnotationChanged, changed(key, x, y));
                }
                key if LOWER_BOUNDS.contains(&key) => self.bound(key, x, y, &here, true),
                key if UPPER_BOUNDS.contains(&key) => self.bound(key, x, y, &here, false),
                key => self.constraint(key, x, y, &here),
            }
        }
    }

    fn types(&mut self, old: Option<&Value>, new: Option<&Value>, at: &str) {
        let (a, b) = (type_set(old), type_set(new));
        let kind = if covers(&b, &a) {
            ChangeKind::TypeWidened
        } else {
            ChangeKind::TypeNarrowed
        };
        self.push(at, kind, changed("type", old, new));
    }

    fn enumeration(&mut self, old: Option<&Value>, new: Option<&Value>, at: &str, cap: bool) {
        let (Some(a), Some(b)) = (old.and_then(Value::as_array), new.and_then(Value::as_array))
        else {
            let kind = if new.is_some() {
                ChangeKind::Narrowed
            } else {
                ChangeKind::Widened
            };
            return self.push(at, kind, changed("enum", old, new));
        };
        let (removed, added) = if cap {
            (ChangeKind::CapabilityRemoved, ChangeKind::CapabilityAdded)
        } else {
            (ChangeKind::EnumValueRemoved, ChangeKind::EnumValueAdded)
        };
        let what = if cap { "capability" } else { "value" };
        for value in a.iter().filter(|v| !b.contains(v)) {
            self.push(at, removed, format!("{what} {value} removed"));
        }
        for value in b.iter().filter(|v| !a.contains(v)) {
            self.push(at, added, format!("{what} {value} added"));
        }
    }

    fn properties(&mut self, old: &Value, new: &Value, at: &str, depth: usize) {
        let empty = serde_json::Map::new();
        let a = old["properties"].as_object().unwrap_or(&empty);
        let b = new["properties"].as_object().unwrap_or(&empty);
        let new_required = string_set(new.get("required"));
        for (name, schema) in a {
            let here = format!("{at}/{}", escape_pointer(name));
            match b.get(name) {
                Some(other) => self.schema(schema, other, &here, depth),
                None => self.push(
                    &here,
                    ChangeKind::PropertyRemoved,
                    format!("property {name:?} removed"),
                ),
            }
        }
        for name in b.keys().filter(|n| !a.contains_key(*n)) {
            let here = format!("{at}/{}", escape_pointer(name));
            if new_required.contains(name.as_str()) {
                let detail = format!("required property {name:?} added");
                self.push(&here, ChangeKind::RequiredPropertyAdded, detail);
            } else {
                self.push(
                    &here,
                    ChangeKind::PropertyAdded,
                    format!("property {name:?} added"),
                );
            }
        }
    }

    fn required(&mut self, old: &Value, new: &Value, at: &str) {
        let (a, b) = (
            string_set(old.get("required")),
            string_set(new.get("required")),
        );
        let had = |name: &str| old.pointer(&format!("/properties/{}", escape_pointer(name)));
        let has = |name: &str| new.pointer(&format!("/properties/{}", escape_pointer(name)));
        for name in b.difference(&a) {
            // A property that is new as well is reported where it is added.
            if had(name).is_some() || has(name).is_none() {
                let detail = format!("property {name:?} made required");
                self.push(at, ChangeKind::MadeRequired, detail);
            }
        }
        for name in a.difference(&b) {
            if has(name).is_some() {
                let detail = format!("property {name:?} made optional");
                self.push(at, ChangeKind::MadeOptional, detail);
            }
        }
    }

    fn definitions(&mut self, old: Option<&Value>, new: Option<&Value>, at: &str, depth: usize) {
        let empty = serde_json::Map::new();
        let a = old.and_then(Value::as_object).unwrap_or(&empty);
        let b = new.and_then(Value::as_object).unwrap_or(&empty);
        for (name, schema) in a {
            let here = format!("{at}/{}", escape_pointer(name));
            match b.get(name) {
                Some(other) => self.schema(schema, other, &here, depth),
                None => self.push(
                    &here,
                    ChangeKind::DefinitionRemoved,
                    format!("definition {name:?} removed"),
                ),
            }
        }
        for name in b.keys().filter(|n| !a.contains_key(*n)) {
            let here = format!("{at}/{}", escape_pointer(name));
            let detail = format!("definition {name:?} added");
            self.push(&here, ChangeKind::DefinitionAdded, detail);
        }
    }

    /// A reference to another place: the definitions are compared where they are, so a
    /// different reference compares the schemas it points at.
    fn reference(&mut self, old: Option<&Value>, new: Option<&Value>, at: &str, depth: usize) {
        let resolve = |root: &Value, reference: Option<&Value>| -> Value {
            reference
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix('#'))
                .and_then(|p| root.pointer(p))
                .cloned()
                .unwrap_or(Value::Bool(true))
        };
        let (a, b) = (resolve(self.old_root, old), resolve(self.new_root, new));
        self.schema(&a, &b, at, depth + 1);
    }

    fn capabilities(&mut self, old: Option<&Value>, new: Option<&Value>, at: &str) {
        let by_constant = |catalog: Option<&Value>| -> BTreeMap<String, (String, Value)> {
            let entries = catalog.and_then(Value::as_object).into_iter().flatten();
            entries
                .filter_map(|(name, entry)| {
                    let constant = entry.get("constant")?.as_str()?.to_owned();
                    Some((constant, (name.clone(), entry.clone())))
                })
                .collect()
        };
        let (a, b) = (by_constant(old), by_constant(new));
        let mut other_change = false;
        for (constant, (name, entry)) in &a {
            let Some((new_name, new_entry)) = b.get(constant) else {
                continue;
            };
            let here = format!("{at}/{}", escape_pointer(new_name));
            if name != new_name {
                let detail = format!("{constant} changed value from {name:?} to {new_name:?}");
                self.push(&here, ChangeKind::CapabilityChanged, detail);
            } else if entry.get("mode") != new_entry.get("mode") {
                let detail = format!(
                    "{name:?} {}",
                    changed("mode", entry.get("mode"), new_entry.get("mode"))
                );
                self.push(&here, ChangeKind::CapabilityChanged, detail);
            } else if entry != new_entry {
                other_change = true;
            }
        }
        if other_change {
            let detail = "a capability's group, trigger or description changed".to_owned();
            self.push(at, ChangeKind::AnnotationChanged, detail);
        }
    }

    fn subschema(
        &mut self,
        key: &str,
        old: Option<&Value>,
        new: Option<&Value>,
        at: &str,
        depth: usize,
    ) {
        match (old, new) {
            (Some(a), Some(b)) => self.schema(a, b, at, depth),
            // `additionalProperties: true` and a missing one mean the same.
            (None, Some(b)) if key == "additionalProperties" && *b == Value::Bool(true) => {}
            (Some(a), None) if key == "additionalProperties" && *a == Value::Bool(true) => {}
            (None, Some(_)) => self.push(at, ChangeKind::Narrowed, format!("{key} added")),
            (Some(_), None) => self.push(at, ChangeKind::Widened, format!("{key} removed")),
            (None, None) => {}
        }
    }

    fn list(
        &mut self,
        key: &str,
        old: Option<&Value>,
        new: Option<&Value>,
        at: &str,
        depth: usize,
    ) {
        match (old.and_then(Value::as_array), new.and_then(Value::as_array)) {
            (Some(a), Some(b)) if a.len() == b.len() => {
                for (index, (x, y)) in a.iter().zip(b).enumerate() {
                    self.schema(x, y, &format!("{at}/{index}"), depth);
                }
            }
            (Some(a), Some(b)) if key == "anyOf" && a.iter().all(|x| b.contains(x)) => {
                self.push(
                    at,
                    ChangeKind::Widened,
                    "anyOf alternative added".to_owned(),
                );
            }
            (None, _) | (Some(_), Some(_)) => {
                self.push(at, ChangeKind::Narrowed, changed(key, old, new));
            }
            (Some(_), None) => self.push(at, ChangeKind::Widened, format!("{key} removed")),
        }
    }

    fn bound(
        &mut self,
        key: &str,
        old: Option<&Value>,
        new: Option<&Value>,
        at: &str,
        lower: bool,
    ) {
        let number = |v: Option<&Value>| v.and_then(Value::as_f64);
        let narrowed = match (number(old), number(new)) {
            (_, None) => false,
            (None, Some(_)) => true,
            (Some(a), Some(b)) => (b > a) == lower,
        };
        let kind = if narrowed {
            ChangeKind::Narrowed
        } else {
            ChangeKind::Widened
        };
        self.push(at, kind, changed(key, old, new));
    }

    /// Any other keyword (`pattern`, `format`, `const`, `uniqueItems` ...): adding or
    /// changing it may refuse old values; removing it does not.
    fn constraint(&mut self, key: &str, old: Option<&Value>, new: Option<&Value>, at: &str) {
        let relaxed = new.is_none() || (key == "uniqueItems" && new == Some(&Value::Bool(false)));
        let kind = if relaxed {
            ChangeKind::Widened
        } else {
            ChangeKind::Narrowed
        };
        self.push(at, kind, changed(key, old, new));
    }
}

fn changed(key: &str, old: Option<&Value>, new: Option<&Value>) -> String {
    let show = |v: Option<&Value>| v.map_or_else(|| "absent".to_owned(), Value::to_string);
    let (a, b) = (show(old), show(new));
    if a.len() + b.len() > 120 {
        format!("{key} changed")
    } else {
        format!("{key} changed from {a} to {b}")
    }
}

fn string_set(value: Option<&Value>) -> BTreeSet<&str> {
    let items = value.and_then(Value::as_array).into_iter().flatten();
    items.filter_map(Value::as_str).collect()
}

/// The JSON types a `type` keyword allows; `None` for any type.
fn type_set(value: Option<&Value>) -> Option<BTreeSet<&str>> {
    match value? {
        Value::String(single) => Some(BTreeSet::from([single.as_str()])),
        Value::Array(many) => Some(many.iter().filter_map(Value::as_str).collect()),
        _ => None,
    }
}

/// Whether the types `wide` allow every value the types `narrow` allow.
fn covers(wide: &Option<BTreeSet<&str>>, narrow: &Option<BTreeSet<&str>>) -> bool {
    match (wide, narrow) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some(wide), Some(narrow)) => narrow
            .iter()
            .all(|t| wide.contains(t) || (*t == "integer" && wide.contains("number"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn kinds(old: Value, new: Value) -> Vec<(ChangeKind, String)> {
        diff_schemas("t.schema.json", &old, &new)
            .into_iter()
            .map(|c| (c.kind, c.pointer))
            .collect()
    }

    fn one(old: Value, new: Value) -> (ChangeKind, String) {
        let mut all = kinds(old, new);
        assert_eq!(all.len(), 1, "{all:?}");
        all.remove(0)
    }

    fn object(properties: Value, required: Value) -> Value {
        json!({"type": "object", "properties": properties, "required": required})
    }

    #[test]
    fn equal_schemas_have_no_change() {
        let schema = object(json!({"a": {"type": "string"}}), json!(["a"]));
        assert!(kinds(schema.clone(), schema).is_empty());
    }

    #[test]
    fn a_removed_or_renamed_property_is_breaking() {
        let old = object(json!({"a": {"type": "string"}}), json!([]));
        let new = object(json!({"b": {"type": "string"}}), json!([]));
        let all = kinds(old, new);
        assert_eq!(
            all,
            [
                (ChangeKind::PropertyRemoved, "/properties/a".to_owned()),
                (ChangeKind::PropertyAdded, "/properties/b".to_owned()),
            ]
        );
        assert_eq!(all[0].0.compatibility(), Compatibility::Breaking);
        assert_eq!(all[1].0.compatibility(), Compatibility::Compatible);
    }

    #[test]
    fn a_new_required_property_is_breaking_and_a_new_optional_one_is_not() {
        let old = object(json!({"a": {}}), json!(["a"]));
        let required = object(json!({"a": {}, "b": {}}), json!(["a", "b"]));
        let optional = object(json!({"a": {}, "b": {}}), json!(["a"]));
        let b = "/properties/b".to_owned();
        assert_eq!(
            one(old.clone(), required),
            (ChangeKind::RequiredPropertyAdded, b.clone())
        );
        assert_eq!(one(old, optional), (ChangeKind::PropertyAdded, b));
    }

    #[test]
    fn optional_made_required_is_breaking_and_the_reverse_compatible() {
        let optional = object(json!({"a": {}}), json!([]));
        let required = object(json!({"a": {}}), json!(["a"]));
        let at = "/required".to_owned();
        assert_eq!(
            one(optional.clone(), required.clone()),
            (ChangeKind::MadeRequired, at.clone())
        );
        assert_eq!(one(required, optional), (ChangeKind::MadeOptional, at));
    }

    #[test]
    fn enum_values_removed_are_breaking_and_added_compatible() {
        let all = kinds(json!({"enum": ["a", "b"]}), json!({"enum": ["a", "c"]}));
        let at = "/enum".to_owned();
        assert_eq!(
            all,
            [
                (ChangeKind::EnumValueRemoved, at.clone()),
                (ChangeKind::EnumValueAdded, at)
            ]
        );
        assert_eq!(
            one(
                json!({"type": "string"}),
                json!({"type": "string", "enum": ["a"]})
            )
            .0,
            ChangeKind::Narrowed
        );
    }

    #[test]
    fn types_narrowed_are_breaking_and_widened_compatible() {
        let nullable = json!({"type": ["array", "null"]});
        let array = json!({"type": "array"});
        assert_eq!(
            one(nullable.clone(), array.clone()).0,
            ChangeKind::TypeNarrowed
        );
        assert_eq!(one(array, nullable).0, ChangeKind::TypeWidened);
        assert_eq!(
            one(json!({"type": "integer"}), json!({"type": "number"})).0,
            ChangeKind::TypeWidened
        );
        assert_eq!(
            one(json!({"type": "string"}), json!({"type": "boolean"})).0,
            ChangeKind::TypeNarrowed
        );
    }

    #[test]
    fn bounds_and_patterns_classify_by_direction() {
        let len = |n: u32| json!({"maxLength": n});
        assert_eq!(one(len(10), len(5)).0, ChangeKind::Narrowed);
        assert_eq!(one(len(5), len(10)).0, ChangeKind::Widened);
        let min = |n: u32| json!({"minimum": n});
        assert_eq!(one(min(0), min(1)).0, ChangeKind::Narrowed);
        assert_eq!(one(min(1), json!({})).0, ChangeKind::Widened);
        assert_eq!(
            one(json!({"pattern": "^a"}), json!({"pattern": "^b"})).0,
            ChangeKind::Narrowed
        );
        assert_eq!(
            one(json!({"pattern": "^a"}), json!({})).0,
            ChangeKind::Widened
        );
        assert_eq!(
            one(
                json!({"additionalProperties": true}),
                json!({"additionalProperties": false})
            )
            .0,
            ChangeKind::Narrowed
        );
    }

    #[test]
    fn capabilities_removed_renamed_or_changed_are_breaking() {
        let catalog = |names: &[(&str, &str, &str)]| {
            let entries: serde_json::Map<String, Value> = names
                .iter()
                .map(|(n, c, m)| (n.to_string(), json!({"constant": c, "mode": m})))
                .collect();
            let list: Vec<&str> = names.iter().map(|(n, _, _)| *n).collect();
            json!({"enum": list, "x-capabilities": entries})
        };
        let old = catalog(&[("a", "CapA", "executor"), ("b", "CapB", "executor")]);
        let renamed = catalog(&[("a2", "CapA", "executor"), ("b", "CapB", "executor")]);
        let all = kinds(old.clone(), renamed);
        let found: Vec<ChangeKind> = all.iter().map(|(k, _)| *k).collect();
        assert_eq!(
            found,
            [
                ChangeKind::CapabilityRemoved,
                ChangeKind::CapabilityAdded,
                ChangeKind::CapabilityChanged
            ]
        );
        let mode = catalog(&[("a", "CapA", "compile"), ("b", "CapB", "executor")]);
        assert_eq!(
            one(old.clone(), mode),
            (
                ChangeKind::CapabilityChanged,
                "/x-capabilities/a".to_owned()
            )
        );
        let dropped = catalog(&[("a", "CapA", "executor")]);
        assert_eq!(one(old, dropped).0, ChangeKind::CapabilityRemoved);
    }

    #[test]
    fn definitions_are_compared_where_they_are_and_a_description_is_compatible() {
        let old = json!({"$ref": "#/$defs/S", "$defs": {"S": {"enum": ["a", "b"]}}});
        let new = json!({"$ref": "#/$defs/S", "$defs": {"S": {"enum": ["a"], "description": "d"}}});
        assert_eq!(
            kinds(old, new),
            [
                (
                    ChangeKind::AnnotationChanged,
                    "/$defs/S/description".to_owned()
                ),
                (ChangeKind::EnumValueRemoved, "/$defs/S/enum".to_owned()),
            ]
        );
        let old = json!({"$defs": {"S": {}}});
        assert_eq!(
            one(old.clone(), json!({"$defs": {}})).0,
            ChangeKind::DefinitionRemoved
        );
        assert_eq!(
            one(json!({"$defs": {}}), old).0,
            ChangeKind::DefinitionAdded
        );
    }

    #[test]
    fn a_reference_to_another_definition_compares_their_schemas() {
        let old = json!({"properties": {"p": {"$ref": "#/$defs/A"}},
            "$defs": {"A": {"type": "string"}, "B": {"type": "integer"}}});
        let mut new = old.clone();
        new["properties"]["p"]["$ref"] = "#/$defs/B".into();
        assert_eq!(
            one(old, new),
            (
                ChangeKind::TypeNarrowed,
                "/properties/p/$ref/type".to_owned()
            )
        );
    }

    #[test]
    fn schema_files_removed_are_breaking_and_added_compatible() {
        let set = |names: &[&str]| -> SchemaSet {
            names.iter().map(|n| (n.to_string(), json!({}))).collect()
        };
        let changes = diff_bundles(&set(&["a", "b"]), &set(&["b", "c"]));
        let found: Vec<(ChangeKind, &str)> =
            changes.iter().map(|c| (c.kind, c.file.as_str())).collect();
        assert_eq!(
            found,
            [
                (ChangeKind::SchemaRemoved, "a"),
                (ChangeKind::SchemaAdded, "c")
            ]
        );
        assert_eq!(changes[0].to_string(), "breaking   a#: schema removed");
    }
}
