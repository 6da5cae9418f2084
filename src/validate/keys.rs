//! Finding keys that Go would fold onto a field although they are not its spelling, such
//! as `status` for `Status`: Go reads them, other readers ignore them, so the document
//! means different things to different programs.

use std::sync::OnceLock;

use serde_json::Value;

use crate::schema::SCHEMAS;
use crate::validate::error::ValidationError;
use crate::wire::go_equal_fold;
use crate::{DocumentKind, escape_pointer};

/// A key that is a case variant of a field, found at `pointer` (the key's own pointer).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Variant {
    /// The pointer of the object holding the key.
    pub object: String,
    /// The key as written.
    pub key: String,
    /// The field's canonical name.
    pub canonical: String,
}

impl Variant {
    pub(crate) fn into_error(self) -> ValidationError {
        let pointer = format!("{}/{}", self.object, escape_pointer(&self.key));
        let message = format!(
            "key \"{}\" is another spelling of {:?}: Go reads it, other readers ignore it; \
             write {:?}",
            escape_non_ascii(&self.key),
            self.canonical,
            self.canonical
        );
        ValidationError::Ambiguous { pointer, message }
    }
}

/// `text` with every character outside printable ASCII written as `\u{...}`, so that a
/// key that only looks like another (a Kelvin sign for `K`) shows the difference.
fn escape_non_ascii(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_graphic() || c == ' ' {
            out.push(c);
        } else {
            out.extend(c.escape_unicode());
        }
    }
    out
}

/// Every case-variant key of `document`, read as `kind`.
pub(crate) fn case_variants(kind: DocumentKind, document: &Value) -> Vec<Variant> {
    let schemas = parsed();
    let file = schemas
        .iter()
        .position(|(name, _)| *name == kind.name())
        .unwrap_or(0);
    let mut out = Vec::new();
    let mut pointer = String::new();
    walk(
        schemas,
        (file, &schemas[file].1),
        document,
        &mut pointer,
        &mut out,
    );
    out
}

type Schemas = Vec<(&'static str, Value)>;

fn parsed() -> &'static Schemas {
    static PARSED: OnceLock<Schemas> = OnceLock::new();
    PARSED.get_or_init(|| {
        SCHEMAS
            .iter()
            .map(|s| (s.name, serde_json::from_str(s.text).unwrap_or(Value::Null)))
            .collect()
    })
}

/// A schema node and the index of the file it is in, for resolving relative `$ref`s.
type Node<'a> = (usize, &'a Value);

fn walk(
    schemas: &Schemas,
    node: Node<'_>,
    instance: &Value,
    pointer: &mut String,
    out: &mut Vec<Variant>,
) {
    let Some((file, schema)) = object_schema(schemas, node, 0) else {
        return;
    };
    match instance {
        Value::Object(object) => {
            if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
                for (key, value) in object {
                    let child = properties.get(key).or_else(|| {
                        let (name, child) = properties
                            .iter()
                            .find(|(name, _)| go_equal_fold(name, key))?;
                        out.push(Variant {
                            object: pointer.clone(),
                            key: key.clone(),
                            canonical: name.clone(),
                        });
                        Some(child)
                    });
                    if let Some(child) = child {
                        descend(schemas, (file, child), value, key, pointer, out);
                    }
                }
            } else if let Some(values) =
                schema.get("additionalProperties").filter(|v| v.is_object())
            {
                for (key, value) in object {
                    descend(schemas, (file, values), value, key, pointer, out);
                }
            }
        }
        Value::Array(items) => {
            if let Some(item_schema) = schema.get("items") {
                for (index, item) in items.iter().enumerate() {
                    descend(
                        schemas,
                        (file, item_schema),
                        item,
                        &index.to_string(),
                        pointer,
                        out,
                    );
                }
            }
        }
        _ => {}
    }
}

fn descend(
    schemas: &Schemas,
    node: Node<'_>,
    value: &Value,
    token: &str,
    pointer: &mut String,
    out: &mut Vec<Variant>,
) {
    let length = pointer.len();
    pointer.push('/');
    pointer.push_str(&escape_pointer(token));
    walk(schemas, node, value, pointer, out);
    pointer.truncate(length);
}

/// The schema that describes an object's keys or an array's items: follows `$ref`s and
/// picks the first branch of `allOf`/`anyOf` that has `properties`, `items` or
/// `additionalProperties`.
fn object_schema<'a>(schemas: &'a Schemas, node: Node<'a>, depth: usize) -> Option<Node<'a>> {
    if depth > 16 {
        return None;
    }
    let (file, schema) = node;
    if let Some(target) = schema.get("$ref").and_then(Value::as_str) {
        return object_schema(schemas, resolve(schemas, file, target)?, depth + 1);
    }
    let structural = ["properties", "items", "additionalProperties"];
    if structural
        .iter()
        .any(|k| schema.get(k).is_some_and(Value::is_object))
    {
        return Some(node);
    }
    for combinator in ["allOf", "anyOf", "oneOf"] {
        let branches = schema
            .get(combinator)
            .and_then(Value::as_array)
            .into_iter()
            .flatten();
        for branch in branches {
            if let Some(found) = object_schema(schemas, (file, branch), depth + 1) {
                return Some(found);
            }
        }
    }
    None
}

fn resolve<'a>(schemas: &'a Schemas, file: usize, target: &str) -> Option<Node<'a>> {
    let (file_part, fragment) = target.split_once('#').unwrap_or((target, ""));
    let file = if file_part.is_empty() {
        file
    } else {
        let name = file_part.strip_suffix(".schema.json")?;
        schemas.iter().position(|(n, _)| *n == name)?
    };
    schemas[file]
        .1
        .pointer(fragment)
        .map(|schema| (file, schema))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn finds_variants_at_every_depth() {
        let document = json!({
            "status": "Succeeded",
            "Steps": [{ "NAME": "a" }],
            "FailureReason": { "category": "ExecutionFailure" },
            "DeployedResources": [{ "APIVERSION": "v1", "kind": "Namespace" }],
        });
        let found = case_variants(DocumentKind::OperationResult, &document);
        let described: Vec<(String, String)> = found
            .iter()
            .map(|v| (format!("{}/{}", v.object, v.key), v.canonical.clone()))
            .collect();
        assert!(
            described.contains(&("/status".into(), "Status".into())),
            "{described:?}"
        );
        assert!(described.contains(&("/Steps/0/NAME".into(), "Name".into())));
        assert!(described.contains(&("/FailureReason/category".into(), "Category".into())));
        assert!(described.contains(&(
            "/DeployedResources/0/APIVERSION".into(),
            "apiVersion".into()
        )));
        assert_eq!(found.len(), 4);
    }

    #[test]
    fn canonical_documents_have_none() {
        let document = json!({ "Status": "Failed", "Steps": [{ "Name": "a" }] });
        assert!(case_variants(DocumentKind::OperationResult, &document).is_empty());
        let manifest = json!({ "Entries": [{ "name": "bootstrap", "parameterSchema": {
            "p": { "type": "string" } } }] });
        let found = case_variants(DocumentKind::CapabilityManifest, &manifest);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].object, "/Entries/0/parameterSchema/p");
        assert_eq!(found[0].canonical, "Type");
    }

    #[test]
    fn unknown_keys_that_fold_onto_nothing_are_left_to_the_schema() {
        let document = json!({ "Extra": 1, "Status": "Failed" });
        assert!(case_variants(DocumentKind::OperationResult, &document).is_empty());
    }
}
