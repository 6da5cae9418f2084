//! The published schemas compiled into the screen's rules: one [`Rule`] per schema
//! object, with every keyword the schemas use, and `$ref`s resolved to rule numbers.

use std::collections::HashMap;
use std::sync::OnceLock;

use regex::Regex;
use serde_json::{Map, Value};

use crate::schema::{ANNOTATIONS, ID_BASE, SCHEMAS};

/// The number of a rule in [`Rules`].
pub(crate) type RuleId = usize;

/// The JSON types a `type` keyword allows, one bit each.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Types(u8);

impl Types {
    pub(crate) const NULL: Types = Types(1);
    pub(crate) const BOOLEAN: Types = Types(2);
    pub(crate) const INTEGER: Types = Types(4);
    pub(crate) const NUMBER: Types = Types(8);
    pub(crate) const STRING: Types = Types(16);
    pub(crate) const ARRAY: Types = Types(32);
    pub(crate) const OBJECT: Types = Types(64);

    fn named(name: &str) -> Option<Types> {
        Some(match name {
            "null" => Types::NULL,
            "boolean" => Types::BOOLEAN,
            "integer" => Types::INTEGER,
            "number" => Types::NUMBER,
            "string" => Types::STRING,
            "array" => Types::ARRAY,
            "object" => Types::OBJECT,
            _ => return None,
        })
    }

    /// Whether a value of type `kind` is allowed.
    pub(crate) fn allows(self, kind: Types) -> bool {
        self.0 & kind.0 != 0
    }

    fn with(self, other: Types) -> Types {
        Types(self.0 | other.0)
    }
}

/// What an object allows beyond its named `properties`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum Others {
    /// Anything.
    #[default]
    Any,
    /// Nothing: `additionalProperties: false`.
    Never,
    /// Values that pass a rule.
    Rule(RuleId),
}

/// A `format` the screen checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Format {
    /// RFC 3339 `date-time`.
    DateTime,
    /// A 32-bit signed integer.
    Int32,
}

/// One schema object, compiled.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Rule {
    /// A keyword the screen does not understand: the rule can never vouch.
    pub(crate) unknown: bool,
    /// `false` as a schema: nothing passes.
    pub(crate) nothing: bool,
    pub(crate) types: Option<Types>,
    /// `enum`, or `const` as a one-value list.
    pub(crate) one_of_values: Option<Vec<Value>>,
    /// The same values when they are all strings, compared without building a `Value`.
    pub(crate) one_of_strings: Option<Vec<String>>,
    pub(crate) properties: Vec<(String, RuleId)>,
    /// The required names that are among the first 64 `properties`, one bit per place.
    pub(crate) required_properties: u64,
    /// The other required names.
    pub(crate) required: Vec<String>,
    pub(crate) others: Others,
    pub(crate) items: Option<RuleId>,
    pub(crate) min_length: Option<u64>,
    pub(crate) max_length: Option<u64>,
    pub(crate) pattern: Option<usize>,
    pub(crate) format: Option<Format>,
    pub(crate) minimum: Option<i64>,
    pub(crate) maximum: Option<i64>,
    pub(crate) all_of: Vec<RuleId>,
    pub(crate) any_of: Vec<RuleId>,
    pub(crate) not: Option<RuleId>,
    /// `if`, with `then` and `else` when present.
    pub(crate) condition: Option<(RuleId, Option<RuleId>, Option<RuleId>)>,
    pub(crate) reference: Option<RuleId>,
}

impl Rule {
    /// The rule this one only refers to, if it asserts nothing of its own.
    fn alias_of(&self) -> Option<RuleId> {
        let target = self.reference?;
        let alone = Rule {
            reference: Some(target),
            ..Rule::default()
        };
        (*self == alone).then_some(target)
    }
}

/// A pattern, compiled the first time a value needs it.
#[derive(Debug)]
pub(crate) struct Pattern {
    source: String,
    compiled: OnceLock<Option<Regex>>,
    /// Whether the empty string matches, which optional fields such as digests hold
    /// most of the time.
    empty: OnceLock<Option<bool>>,
}

impl Pattern {
    /// The compiled pattern, or `None` when the regex crate cannot read it.
    fn regex(&self) -> Option<&Regex> {
        self.compiled
            .get_or_init(|| Regex::new(&self.source).ok())
            .as_ref()
    }

    /// Whether `text` matches, or `None` when the regex crate cannot read the pattern.
    pub(crate) fn matches(&self, text: &str) -> Option<bool> {
        if text.is_empty() {
            let empty = || self.regex().map(|regex| regex.is_match(""));
            return *self.empty.get_or_init(empty);
        }
        self.regex().map(|regex| regex.is_match(text))
    }
}

/// The compiled rules of one document's schema; the root rule is number 0.
#[derive(Debug, Default)]
pub(crate) struct Rules {
    rules: Vec<Rule>,
    patterns: Vec<Pattern>,
}

impl Rules {
    /// Compiles the published schema with this `$id` and everything it refers to.
    pub(crate) fn compile(id: &str) -> Rules {
        let mut compiler = Compiler::default();
        compiler.reference(id, "");
        let mut rules = Rules {
            rules: compiler.rules,
            patterns: compiler.patterns,
        };
        rules.skip_aliases();
        rules
    }

    /// Points every use of a rule that only refers to another (a property that is just a
    /// `$ref` with a description) at the rule it refers to, saving a step per value.
    fn skip_aliases(&mut self) {
        let targets: Vec<RuleId> = (0..self.rules.len()).map(|id| self.target(id)).collect();
        let skip = |id: &mut RuleId| *id = targets[*id];
        for rule in &mut self.rules {
            rule.properties.iter_mut().for_each(|(_, id)| skip(id));
            rule.items.iter_mut().for_each(skip);
            if let Others::Rule(id) = &mut rule.others {
                skip(id);
            }
            rule.all_of.iter_mut().for_each(skip);
            rule.any_of.iter_mut().for_each(skip);
            rule.not.iter_mut().for_each(skip);
            rule.reference.iter_mut().for_each(skip);
            if let Some((condition, then, otherwise)) = &mut rule.condition {
                skip(condition);
                then.iter_mut().for_each(skip);
                otherwise.iter_mut().for_each(skip);
            }
        }
    }

    /// The rule `id` stands for: itself, or, when it only refers to another, that one's.
    fn target(&self, id: RuleId) -> RuleId {
        let mut current = id;
        // A chain longer than the rules is a cycle of references: leave it as it is.
        for _ in 0..self.rules.len() {
            match self.rules[current].alias_of() {
                Some(next) => current = next,
                None => return current,
            }
        }
        id
    }

    /// The rule numbered `id`.
    pub(crate) fn rule(&self, id: RuleId) -> &Rule {
        &self.rules[id]
    }

    /// The pattern numbered `index`.
    pub(crate) fn pattern(&self, index: usize) -> &Pattern {
        &self.patterns[index]
    }
}

/// The rules written so far, and where each referenced schema landed.
#[derive(Default)]
struct Compiler {
    rules: Vec<Rule>,
    patterns: Vec<Pattern>,
    documents: HashMap<String, Option<Value>>,
    compiled: HashMap<(String, String), RuleId>,
}

impl Compiler {
    /// The rule for the schema at `pointer` in the document `id`, compiled once.
    fn reference(&mut self, id: &str, pointer: &str) -> RuleId {
        let key = (id.to_owned(), pointer.to_owned());
        if let Some(rule) = self.compiled.get(&key) {
            return *rule;
        }
        let rule = self.reserve();
        self.compiled.insert(key, rule);

        let schema = self.document(id).and_then(|d| d.pointer(pointer)).cloned();
        self.rules[rule] = match schema {
            Some(schema) => self.schema(&schema, id),
            None => unknown(),
        };
        rule
    }

    fn document(&mut self, id: &str) -> Option<&Value> {
        self.documents
            .entry(id.to_owned())
            .or_insert_with(|| {
                let file = SCHEMAS.iter().find(|schema| schema.id == id)?;
                serde_json::from_str(file.text).ok()
            })
            .as_ref()
    }

    fn reserve(&mut self) -> RuleId {
        self.rules.push(Rule::default());
        self.rules.len() - 1
    }

    /// A subschema of the document `id`, compiled into a new rule.
    fn child(&mut self, schema: &Value, id: &str) -> RuleId {
        let rule = self.schema(schema, id);
        self.rules.push(rule);
        self.rules.len() - 1
    }

    fn schema(&mut self, schema: &Value, id: &str) -> Rule {
        let object = match schema {
            Value::Bool(true) => return Rule::default(),
            Value::Bool(false) => {
                return Rule {
                    nothing: true,
                    ..Rule::default()
                };
            }
            Value::Object(object) => object,
            _ => return unknown(),
        };

        let mut rule = Rule::default();
        for (keyword, value) in object {
            if !self.keyword(&mut rule, keyword, value, object, id) {
                rule.unknown = true;
            }
        }
        mark_required(&mut rule);
        rule.one_of_strings = strings_among(rule.one_of_values.as_deref());
        rule
    }

    /// Adds one keyword to `rule`; `false` when the screen does not understand it.
    fn keyword(
        &mut self,
        rule: &mut Rule,
        keyword: &str,
        value: &Value,
        schema: &Map<String, Value>,
        id: &str,
    ) -> bool {
        match keyword {
            "type" => set(&mut rule.types, types(value)),
            // A schema with both `enum` and `const` is left to the full validator.
            "enum" | "const" if rule.one_of_values.is_some() => false,
            "enum" => set(&mut rule.one_of_values, value.as_array().cloned()),
            "const" => set(&mut rule.one_of_values, Some(vec![value.clone()])),
            "properties" => self.properties(rule, value, id),
            "required" => set_list(&mut rule.required, strings(value)),
            "additionalProperties" => {
                rule.others = match value {
                    Value::Bool(false) => Others::Never,
                    Value::Bool(true) => Others::Any,
                    other => Others::Rule(self.child(other, id)),
                };
                true
            }
            "items" => set(&mut rule.items, Some(self.child(value, id))),
            "minLength" => set(&mut rule.min_length, value.as_u64()),
            "maxLength" => set(&mut rule.max_length, value.as_u64()),
            "minimum" => set(&mut rule.minimum, value.as_i64()),
            "maximum" => set(&mut rule.maximum, value.as_i64()),
            "pattern" => {
                let pattern = value.as_str().map(|p| self.pattern(p));
                set(&mut rule.pattern, pattern)
            }
            "format" => set(&mut rule.format, format(value)),
            "allOf" => set_list(&mut rule.all_of, self.children(value, id)),
            "anyOf" => set_list(&mut rule.any_of, self.children(value, id)),
            "not" => set(&mut rule.not, Some(self.child(value, id))),
            "if" => {
                let then = schema.get("then").map(|s| self.child(s, id));
                let otherwise = schema.get("else").map(|s| self.child(s, id));
                set(
                    &mut rule.condition,
                    Some((self.child(value, id), then, otherwise)),
                )
            }
            // Read with `if`; alone they assert nothing.
            "then" | "else" => true,
            "$ref" => self.resolve(rule, value, id),
            // `$id` and `$defs` only name and hold schemas.
            other => {
                matches!(other, "$id" | "$defs")
                    || other.starts_with("x-")
                    || ANNOTATIONS.contains(&other)
            }
        }
    }

    fn properties(&mut self, rule: &mut Rule, value: &Value, id: &str) -> bool {
        let Some(properties) = value.as_object() else {
            return false;
        };
        for (name, schema) in properties {
            let child = self.child(schema, id);
            rule.properties.push((name.clone(), child));
        }
        true
    }

    fn children(&mut self, value: &Value, id: &str) -> Option<Vec<RuleId>> {
        let schemas = value.as_array()?;
        Some(schemas.iter().map(|s| self.child(s, id)).collect())
    }

    /// A `$ref` to a published schema, by relative or absolute URI, with an optional
    /// JSON Pointer fragment.
    fn resolve(&mut self, rule: &mut Rule, value: &Value, id: &str) -> bool {
        let Some(reference) = value.as_str() else {
            return false;
        };
        let (document, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let target = if document.is_empty() {
            id.to_owned()
        } else if document.contains(':') {
            document.to_owned()
        } else {
            format!("{ID_BASE}{document}")
        };
        if !fragment.is_empty() && !fragment.starts_with('/') {
            return false;
        }
        rule.reference = Some(self.reference(&target, fragment));
        true
    }

    fn pattern(&mut self, source: &str) -> usize {
        self.patterns.push(Pattern {
            source: source.to_owned(),
            compiled: OnceLock::new(),
            empty: OnceLock::new(),
        });
        self.patterns.len() - 1
    }
}

/// Moves the required names that are properties into the rule's bit mask, so that a
/// check of an object compares each key once.
fn mark_required(rule: &mut Rule) {
    let properties = &rule.properties;
    rule.required.retain(|name| {
        let place = properties.iter().take(64).position(|(p, _)| p == name);
        if let Some(place) = place {
            rule.required_properties |= 1 << place;
        }
        place.is_none()
    });
}

/// The `enum` values, when they are all strings.
fn strings_among(values: Option<&[Value]>) -> Option<Vec<String>> {
    let strings = values?
        .iter()
        .map(|value| value.as_str().map(str::to_owned));
    strings.collect()
}

/// Sets a keyword's value; `false` when the schema gave one the screen cannot read.
fn set<T>(slot: &mut Option<T>, value: Option<T>) -> bool {
    let known = value.is_some();
    *slot = value;
    known
}

fn set_list<T>(slot: &mut Vec<T>, value: Option<Vec<T>>) -> bool {
    let known = value.is_some();
    *slot = value.unwrap_or_default();
    known
}

fn unknown() -> Rule {
    Rule {
        unknown: true,
        ..Rule::default()
    }
}

fn types(value: &Value) -> Option<Types> {
    match value {
        Value::String(name) => Types::named(name),
        Value::Array(names) => names.iter().try_fold(Types::default(), |all, name| {
            Some(all.with(Types::named(name.as_str()?)?))
        }),
        _ => None,
    }
}

fn strings(value: &Value) -> Option<Vec<String>> {
    let names = value.as_array()?;
    names
        .iter()
        .map(|n| n.as_str().map(str::to_owned))
        .collect()
}

fn format(value: &Value) -> Option<Format> {
    match value.as_str()? {
        "date-time" => Some(Format::DateTime),
        "int32" => Some(Format::Int32),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_published_schema_compiles_without_unknown_keywords() {
        for schema in SCHEMAS {
            let rules = Rules::compile(schema.id);
            let unknown: Vec<usize> = (0..rules.rules.len())
                .filter(|id| rules.rule(*id).unknown)
                .collect();
            assert!(unknown.is_empty(), "{}: rules {unknown:?}", schema.name);
        }
    }

    #[test]
    fn references_are_shared_and_resolved_across_files() {
        let rules = Rules::compile(&format!("{ID_BASE}operation-result.schema.json"));
        let root = rules.rule(0);
        // A property that is only a `$ref` points straight at the rule it refers to.
        let target = |name: &str| {
            let (_, property) = root.properties.iter().find(|(n, _)| n == name).unwrap();
            *property
        };
        assert!(rules.rule(target("StartedAt")).pattern.is_some());
        assert_eq!(target("StartedAt"), target("CompletedAt"));
        let capability = rules.rule(target("Capability"));
        let values = capability.one_of_values.as_ref().unwrap();
        assert!(values.contains(&Value::from("etcd-backup")));
    }

    #[test]
    fn keywords_the_screen_does_not_know_make_a_rule_unknown() {
        let mut compiler = Compiler::default();
        let known = serde_json::json!({"type": "string", "x-note": 1, "title": "t"});
        assert!(!compiler.schema(&known, ID_BASE).unknown);
        for schema in [
            serde_json::json!({"uniqueItems": true}),
            serde_json::json!({"type": "text"}),
            serde_json::json!({"format": "email"}),
            serde_json::json!({"minLength": "3"}),
            serde_json::json!({"$ref": "#definitions"}),
        ] {
            let rule = compiler.schema(&schema, ID_BASE);
            let unknown = rule.unknown || rule.reference.is_some_and(|r| compiler.rules[r].unknown);
            assert!(unknown, "{schema}");
        }
    }
}
