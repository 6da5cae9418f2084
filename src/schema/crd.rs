//! Rendering a document's schema as a Kubernetes structural schema, for the
//! `openAPIV3Schema` of a CustomResourceDefinition.
//!
//! A structural schema has no references, no `$defs`, `$schema` or `$id`, one `type` per
//! node (`nullable: true` where JSON Schema writes `["T", "null"]`), and no
//! `additionalProperties` beside `properties`: Kubernetes prunes unknown fields instead.

use serde_json::{Map, Value};

use crate::DocumentKind;
use crate::schema::bundle;

/// The `format`s the Kubernetes API server knows; other formats are dropped.
const KUBERNETES_FORMATS: &[&str] = &[
    "bsonobjectid",
    "uri",
    "email",
    "hostname",
    "ipv4",
    "ipv6",
    "cidr",
    "mac",
    "uuid",
    "uuid3",
    "uuid4",
    "uuid5",
    "isbn",
    "isbn10",
    "isbn13",
    "creditcard",
    "ssn",
    "hexcolor",
    "rgbcolor",
    "byte",
    "password",
    "date",
    "duration",
    "datetime",
    "date-time",
    "int32",
    "int64",
    "float",
    "double",
];

/// Keywords copied as they are.
const KEPT: &[&str] = &[
    "description",
    "default",
    "enum",
    "pattern",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
    "required",
];

/// Keywords dropped: identifiers, names and annotations Kubernetes does not take.
const DROPPED: &[&str] = &["$schema", "$id", "$defs", "$comment", "title", "examples"];

/// The deepest chain of `$ref`s followed; deeper means the schema refers to itself.
const MAX_REF_DEPTH: usize = 32;

/// Why a schema cannot be rendered as a structural schema.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CrdError {
    /// The schema uses a keyword a structural schema cannot hold.
    #[error("#{pointer}: {keyword} cannot be expressed in a Kubernetes structural schema")]
    Unsupported {
        /// The JSON Pointer of the schema object holding the keyword.
        pointer: String,
        /// The keyword, such as `if`.
        keyword: String,
    },
    /// A `$ref` does not resolve inside the schema, or refers to itself.
    #[error("#{pointer}: $ref {reference} does not resolve to a finite schema")]
    Reference {
        /// The JSON Pointer of the schema object holding the `$ref`.
        pointer: String,
        /// The reference.
        reference: String,
    },
    /// The embedded schemas cannot be bundled.
    #[error("cannot bundle the schemas")]
    Bundle(#[from] bundle::BundleError),
}

/// The structural schema of a document kind.
///
/// ```
/// use conductor_sdk::DocumentKind;
/// use conductor_sdk::schema::structural_schema;
///
/// let schema = structural_schema(DocumentKind::RunnerConfigSpec).unwrap();
/// assert_eq!(schema["properties"]["phases"]["type"], "array");
/// assert!(schema.get("$defs").is_none() && schema.get("additionalProperties").is_none());
/// ```
///
/// # Errors
///
/// [`CrdError::Unsupported`] for the documents whose schema uses `if`/`then`/`else`
/// (OperationResultSpec), which Kubernetes cannot express.
pub fn structural_schema(kind: DocumentKind) -> Result<Value, CrdError> {
    let bundle = bundle::bundle()?;
    let text = bundle
        .file(kind.name())
        .map(|f| f.text.as_str())
        .unwrap_or("{}");
    let schema: Value = serde_json::from_str(text).unwrap_or_default();
    to_structural(&schema)
}

/// Renders a self-contained JSON Schema (references only into its own `$defs`) as a
/// Kubernetes structural schema.
///
/// # Errors
///
/// [`CrdError`] naming the first keyword that has no structural form, or a reference
/// that does not resolve.
pub fn to_structural(schema: &Value) -> Result<Value, CrdError> {
    Converter { root: schema }.convert(schema, "", 0)
}

struct Converter<'a> {
    root: &'a Value,
}

impl Converter<'_> {
    fn convert(&self, node: &Value, pointer: &str, depth: usize) -> Result<Value, CrdError> {
        let Some(object) = node.as_object() else {
            return Ok(node.clone());
        };
        let mut out = Map::new();
        if let Some(reference) = object.get("$ref") {
            out = self.resolve(reference, pointer, depth)?;
        }
        for (key, value) in object {
            let at = format!("{pointer}/{}", crate::escape_pointer(key));
            match key.as_str() {
                "$ref" => {}
                "type" => set_type(&mut out, value, &at)?,
                "format" => {
                    if value
                        .as_str()
                        .is_some_and(|f| KUBERNETES_FORMATS.contains(&f))
                    {
                        out.insert(key.clone(), value.clone());
                    }
                }
                "const" => {
                    out.insert("enum".into(), Value::Array(vec![value.clone()]));
                }
                "properties" => {
                    let mut properties = Map::new();
                    for (name, schema) in value.as_object().into_iter().flatten() {
                        let at = format!("{at}/{}", crate::escape_pointer(name));
                        properties.insert(name.clone(), self.convert(schema, &at, depth)?);
                    }
                    out.insert(key.clone(), Value::Object(properties));
                }
                "items" | "not" => {
                    out.insert(key.clone(), self.convert(value, &at, depth)?);
                }
                "additionalProperties" => match value {
                    Value::Bool(false) => {}
                    Value::Bool(true) => {
                        let preserve = "x-kubernetes-preserve-unknown-fields";
                        out.insert(preserve.into(), Value::Bool(true));
                    }
                    schema => {
                        out.insert(key.clone(), self.convert(schema, &at, depth)?);
                    }
                },
                "anyOf" => self.nullable_any_of(&mut out, value, &at, depth)?,
                "allOf" => {
                    for (index, part) in value.as_array().into_iter().flatten().enumerate() {
                        let part = self.convert(part, &format!("{at}/{index}"), depth)?;
                        merge(&mut out, part, &at)?;
                    }
                }
                key if KEPT.contains(&key) => {
                    out.insert(key.to_owned(), value.clone());
                }
                key if DROPPED.contains(&key) || key.starts_with("x-") => {}
                other => {
                    return Err(CrdError::Unsupported {
                        pointer: pointer.to_owned(),
                        keyword: other.to_owned(),
                    });
                }
            }
        }
        if out.contains_key("properties") {
            out.remove("additionalProperties");
        }
        Ok(Value::Object(out))
    }

    /// The converted schema a `$ref` points at.
    fn resolve(
        &self,
        reference: &Value,
        pointer: &str,
        depth: usize,
    ) -> Result<Map<String, Value>, CrdError> {
        let error = || CrdError::Reference {
            pointer: pointer.to_owned(),
            reference: reference.to_string(),
        };
        let target = reference
            .as_str()
            .and_then(|r| r.strip_prefix('#'))
            .filter(|_| depth < MAX_REF_DEPTH)
            .ok_or_else(error)?;
        let schema = self.root.pointer(target).ok_or_else(error)?;
        match self.convert(schema, target, depth + 1)? {
            Value::Object(map) => Ok(map),
            _ => Err(error()),
        }
    }

    /// `anyOf` of one schema and `{"type": "null"}` becomes that schema, nullable.
    fn nullable_any_of(
        &self,
        out: &mut Map<String, Value>,
        any_of: &Value,
        pointer: &str,
        depth: usize,
    ) -> Result<(), CrdError> {
        let unsupported = || CrdError::Unsupported {
            pointer: pointer.to_owned(),
            keyword: "anyOf of anything but one schema and null".to_owned(),
        };
        let parts = any_of.as_array().ok_or_else(unsupported)?;
        let is_null = |part: &Value| part.get("type").and_then(Value::as_str) == Some("null");
        let (nulls, schemas): (Vec<&Value>, Vec<&Value>) = parts.iter().partition(|p| is_null(p));
        let [schema] = schemas[..] else {
            return Err(unsupported());
        };
        let index = parts.iter().position(|p| p == schema).unwrap_or(0);
        let converted = self.convert(schema, &format!("{pointer}/{index}"), depth)?;
        merge(out, converted, pointer)?;
        if !nulls.is_empty() {
            out.insert("nullable".into(), Value::Bool(true));
        }
        Ok(())
    }
}

/// `type`, with `"null"` in a list of types turned into `nullable: true`.
fn set_type(out: &mut Map<String, Value>, value: &Value, pointer: &str) -> Result<(), CrdError> {
    let types: Vec<&str> = match value {
        Value::String(single) => vec![single.as_str()],
        Value::Array(many) => many.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let (nulls, rest): (Vec<&str>, Vec<&str>) = types.iter().partition(|t| **t == "null");
    let [single] = rest[..] else {
        return Err(CrdError::Unsupported {
            pointer: pointer.to_owned(),
            keyword: format!("type {value}"),
        });
    };
    out.insert("type".into(), Value::String(single.to_owned()));
    if !nulls.is_empty() {
        out.insert("nullable".into(), Value::Bool(true));
    }
    Ok(())
}

/// Adds `part`'s keywords to `out`; the keywords already in `out` win for descriptions,
/// and any other keyword in both must agree.
fn merge(out: &mut Map<String, Value>, part: Value, pointer: &str) -> Result<(), CrdError> {
    let Value::Object(part) = part else {
        return Ok(());
    };
    for (key, value) in part {
        match out.get(&key) {
            None => {
                out.insert(key, value);
            }
            Some(_) if key == "description" => {}
            Some(existing) if *existing == value => {}
            Some(_) => {
                return Err(CrdError::Unsupported {
                    pointer: pointer.to_owned(),
                    keyword: format!("{key} given twice with different values"),
                });
            }
        }
    }
    Ok(())
}

/// The structural schema as YAML, in the layout of a CRD's `openAPIV3Schema`: keys
/// sorted, two-space indentation, a final newline.
pub fn crd_yaml(schema: &Value) -> String {
    let mut out = String::new();
    write_yaml(schema, 0, &mut out);
    out
}

fn write_yaml(value: &Value, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (key, child) in map {
                out.push_str(&format!(
                    "{pad}{}:",
                    yaml_scalar(&Value::String(key.clone()))
                ));
                write_child(child, indent, out);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for item in items {
                out.push_str(&format!("{pad}-"));
                write_child(item, indent, out);
            }
        }
        scalar => {
            out.push_str(&pad);
            out.push_str(&yaml_scalar(scalar));
            out.push('\n');
        }
    }
}

fn write_child(child: &Value, indent: usize, out: &mut String) {
    match child {
        Value::Object(map) if !map.is_empty() => {
            out.push('\n');
            write_yaml(child, indent + 2, out);
        }
        Value::Array(items) if !items.is_empty() => {
            out.push('\n');
            write_yaml(child, indent + 2, out);
        }
        scalar => {
            out.push(' ');
            out.push_str(&yaml_scalar(scalar));
            out.push('\n');
        }
    }
}

/// A scalar, an empty list or an empty map on one line. Strings are written as JSON
/// strings (YAML's double-quoted style) unless they are plainly safe.
fn yaml_scalar(value: &Value) -> String {
    match value {
        Value::String(text) if plain_safe(text) => text.clone(),
        Value::Object(_) => "{}".to_owned(),
        Value::Array(_) => "[]".to_owned(),
        other => other.to_string(),
    }
}

/// Whether a string reads back as the same string when written without quotes.
fn plain_safe(text: &str) -> bool {
    let reserved = [
        "", "~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE", "yes",
        "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N",
    ];
    let first_ok = text
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '$');
    first_ok
        && !reserved.contains(&text)
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./$ ".contains(c))
        && !text.ends_with(' ')
        && text.parse::<f64>().is_err()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn type_lists_with_null_and_nullable_any_of_become_nullable() {
        let schema = json!({
            "type": "object",
            "properties": {
                "a": {"type": ["array", "null"], "items": {"type": "string"}},
                "b": {"description": "b", "anyOf": [{"$ref": "#/$defs/B"}, {"type": "null"}]}
            },
            "additionalProperties": false,
            "$defs": {"B": {"title": "B", "description": "inner", "type": "integer"}}
        });
        let out = to_structural(&schema).unwrap();
        assert_eq!(
            out,
            json!({
                "type": "object",
                "properties": {
                    "a": {"type": "array", "nullable": true, "items": {"type": "string"}},
                    "b": {"description": "b", "type": "integer", "nullable": true}
                }
            })
        );
    }

    #[test]
    fn references_are_inlined_with_the_referring_description_and_const_becomes_enum() {
        let schema = json!({
            "properties": {"c": {"description": "outer", "allOf": [
                {"$ref": "#/$defs/C"}, {"not": {"const": "x"}}
            ]}},
            "$defs": {"C": {"description": "inner", "type": "string", "enum": ["x", "y"],
                            "x-enum-descriptions": {"x": "."}}}
        });
        let out = to_structural(&schema).unwrap();
        assert_eq!(
            out["properties"]["c"],
            json!({"description": "outer", "type": "string", "enum": ["x", "y"],
                   "not": {"enum": ["x"]}})
        );
    }

    #[test]
    fn conditionals_and_other_unions_are_refused_with_their_place() {
        let error = to_structural(&json!({"properties": {"a": {"if": {}}}})).unwrap_err();
        assert_eq!(
            error.to_string(),
            "#/properties/a: if cannot be expressed in a Kubernetes structural schema"
        );
        let union = json!({"type": ["string", "integer"]});
        assert!(matches!(
            to_structural(&union),
            Err(CrdError::Unsupported { .. })
        ));
        let looping = json!({"$ref": "#/$defs/L", "$defs": {"L": {"$ref": "#/$defs/L"}}});
        assert!(matches!(
            to_structural(&looping),
            Err(CrdError::Reference { .. })
        ));
    }

    #[test]
    fn maps_keep_their_value_schema_and_unknown_formats_are_dropped() {
        let schema = json!({"properties": {
            "m": {"type": "object", "additionalProperties": {"type": "string"}},
            "f": {"type": "string", "format": "regex"},
            "t": {"type": "string", "format": "date-time"}
        }});
        let out = to_structural(&schema).unwrap();
        assert_eq!(
            out["properties"]["m"]["additionalProperties"],
            json!({"type": "string"})
        );
        assert!(out["properties"]["f"].get("format").is_none());
        assert_eq!(out["properties"]["t"]["format"], "date-time");
    }

    #[test]
    fn yaml_quotes_what_would_read_back_as_something_else() {
        let value = json!({"a": ["true", "x y", "2", "", "a: b", "multi\nline"], "b": {}, "c": 1});
        let yaml = crd_yaml(&value);
        assert_eq!(
            yaml,
            "a:\n  - \"true\"\n  - x y\n  - \"2\"\n  - \"\"\n  - \"a: b\"\n  - \"multi\\nline\"\n\
             b: {}\nc: 1\n"
        );
        let read = crate::yaml::read_documents(&yaml, &crate::YamlLimits::default()).unwrap();
        assert_eq!(read[0].value, value);
    }

    #[test]
    fn every_document_but_the_result_has_a_structural_schema() {
        for kind in DocumentKind::ALL {
            let rendered = structural_schema(kind);
            if kind == DocumentKind::OperationResult {
                let error = rendered.unwrap_err().to_string();
                assert!(error.starts_with("#: else cannot"), "{error}");
                continue;
            }
            let text = rendered.unwrap().to_string();
            for banned in [
                "$ref", "$defs", "$schema", "$id", "x-enum", "x-capab", "\"null\"",
            ] {
                assert!(!text.contains(banned), "{kind}: {banned} in {text}");
            }
        }
    }
}
