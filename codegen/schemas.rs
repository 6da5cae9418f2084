//! Reading the schema files into the model: named types, their kinds, and the shape of
//! every property, with each unsupported construct reported at its JSON Pointer.

use std::path::Path;

use serde_json::{Map, Value};

use crate::codegen::error::CodegenError;
use crate::codegen::model::{
    CapabilityDef, EnumValue, ExtraField, Kind, Property, Shape, StructDef, TypeDef,
};

/// Schema types whose Rust type is written by hand, with the path of that type.
const HAND_WRITTEN: &[(&str, &str)] =
    &[("GoTime", "crate::GoTime"), ("KubeTime", "crate::KubeTime")];

/// One parsed schema file.
pub struct SchemaFile {
    /// The path relative to the crate, with `/` separators.
    pub path: String,
    /// The file name, which other schemas use in their `$ref`s.
    pub name: String,
    /// The parsed document.
    pub root: Value,
}

/// Reads every `*.schema.json` file of `dir`, sorted by name.
pub fn read_dir(dir: &Path, display_dir: &str) -> Result<Vec<SchemaFile>, CodegenError> {
    let listing = std::fs::read_dir(dir).map_err(|source| CodegenError::Read {
        file: display_dir.to_owned(),
        source,
    })?;
    let mut names = Vec::new();
    for entry in listing {
        let entry = entry.map_err(|source| CodegenError::Read {
            file: display_dir.to_owned(),
            source,
        })?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".schema.json") {
            names.push(name);
        }
    }
    names.sort();

    names
        .into_iter()
        .map(|name| read_file(dir, display_dir, name))
        .collect()
}

fn read_file(dir: &Path, display_dir: &str, name: String) -> Result<SchemaFile, CodegenError> {
    let path = format!("{display_dir}/{name}");
    let text = std::fs::read_to_string(dir.join(&name)).map_err(|source| CodegenError::Read {
        file: path.clone(),
        source,
    })?;
    let root = serde_json::from_str(&text).map_err(|source| CodegenError::Json {
        file: path.clone(),
        source,
    })?;
    Ok(SchemaFile { path, name, root })
}

/// Builds the named types of all files: every root with a `title` and every `$defs` entry.
pub fn collect_types(files: &[SchemaFile]) -> Result<Vec<TypeDef>, CodegenError> {
    let mut locations = Vec::new();
    for (index, file) in files.iter().enumerate() {
        locate_types(index, file, &mut locations)?;
    }
    check_unique_names(files, &locations)?;
    check_hand_written(&locations)?;

    let resolver = Resolver {
        files,
        locations: &locations,
    };
    locations
        .iter()
        .map(|location| resolver.type_def(location))
        .collect()
}

/// Where a named type is defined.
struct Location {
    name: String,
    file: usize,
    pointer: String,
}

fn locate_types(
    index: usize,
    file: &SchemaFile,
    out: &mut Vec<Location>,
) -> Result<(), CodegenError> {
    let title = file.root.get("title").and_then(Value::as_str);
    let Some(title) = title else {
        return Err(CodegenError::schema(
            &file.path,
            "",
            "the root has no `title`",
        ));
    };
    out.push(Location {
        name: title.to_owned(),
        file: index,
        pointer: String::new(),
    });

    let defs = file.root.get("$defs").and_then(Value::as_object);
    for (key, def) in defs.into_iter().flatten() {
        let pointer = format!("/$defs/{}", escape_pointer(key));
        if let Some(title) = def.get("title").and_then(Value::as_str)
            && title != key
        {
            let message = format!("`title` {title:?} differs from the `$defs` key {key:?}");
            return Err(CodegenError::schema(&file.path, &pointer, message));
        }
        out.push(Location {
            name: key.clone(),
            file: index,
            pointer,
        });
    }
    Ok(())
}

fn check_unique_names(files: &[SchemaFile], locations: &[Location]) -> Result<(), CodegenError> {
    for (i, location) in locations.iter().enumerate() {
        if let Some(first) = locations[..i].iter().find(|l| l.name == location.name) {
            let message = format!(
                "type name {:?} is already defined in {}#{}",
                location.name, files[first.file].path, first.pointer
            );
            return Err(CodegenError::schema(
                &files[location.file].path,
                &location.pointer,
                message,
            ));
        }
    }
    Ok(())
}

/// Fails when a hand-written type names no schema type, so that a renamed schema type
/// cannot silently lose its Rust type.
fn check_hand_written(locations: &[Location]) -> Result<(), CodegenError> {
    for (name, path) in HAND_WRITTEN {
        if !locations.iter().any(|l| l.name == *name) {
            let message = format!("no schema defines {name:?}, the type written by hand as {path}");
            return Err(CodegenError::schema("schemas", "", message));
        }
    }
    Ok(())
}

/// Escapes a key for use in a JSON Pointer.
pub fn escape_pointer(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// Resolves `$ref`s and turns schema nodes into the model.
struct Resolver<'a> {
    files: &'a [SchemaFile],
    locations: &'a [Location],
}

impl Resolver<'_> {
    fn type_def(&self, location: &Location) -> Result<TypeDef, CodegenError> {
        let file = &self.files[location.file];
        let node = node_at(&file.root, &location.pointer);
        let at = At {
            file: &file.path,
            pointer: location.pointer.clone(),
        };
        let object = node
            .as_object()
            .ok_or_else(|| at.error("a type must be a JSON object"))?;

        let description = required_str(object, "description", &at)?.to_owned();
        let kind = self.kind(location, object, &at)?;
        Ok(TypeDef {
            name: location.name.clone(),
            file: file.path.clone(),
            pointer: location.pointer.clone(),
            description,
            kind,
        })
    }

    fn kind(
        &self,
        location: &Location,
        node: &Map<String, Value>,
        at: &At,
    ) -> Result<Kind, CodegenError> {
        if node.contains_key("x-capabilities") {
            return capabilities(node, at).map(Kind::Capabilities);
        }
        match node.get("type").and_then(Value::as_str) {
            Some("object") => self.struct_def(location, node, at).map(Kind::Struct),
            Some("string") if node.contains_key("enum") => enum_values(node, at).map(Kind::Enum),
            Some("string") => Ok(hand_written(&location.name)
                .map(Kind::HandWritten)
                .unwrap_or(Kind::PlainString)),
            _ => Err(at.error("a named type must have `type` \"object\" or \"string\"")),
        }
    }

    fn struct_def(
        &self,
        location: &Location,
        node: &Map<String, Value>,
        at: &At,
    ) -> Result<StructDef, CodegenError> {
        let required: Vec<&str> = node
            .get("required")
            .and_then(Value::as_array)
            .map(|list| list.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let properties = node
            .get("properties")
            .and_then(Value::as_object)
            .ok_or_else(|| at.error("an object type must list its `properties`"))?;

        let mut out = Vec::new();
        for (wire_name, schema) in properties {
            let at = at.child(&format!("properties/{}", escape_pointer(wire_name)));
            let description = schema
                .get("description")
                .and_then(Value::as_str)
                .ok_or_else(|| at.error("every property needs a `description`"))?;
            out.push(Property {
                wire_name: wire_name.clone(),
                description: description.to_owned(),
                shape: self.shape(location.file, schema, &at)?,
                required: required.contains(&wire_name.as_str()),
            });
        }
        for name in &required {
            if !properties.contains_key(*name) {
                return Err(at.error(format!("required property {name:?} is not declared")));
            }
        }

        let extra_fields = extra_fields(node, at)?;
        Ok(StructDef {
            properties: out,
            extra_fields,
        })
    }

    /// The Rust shape of the schema node `schema` found in file `file`.
    fn shape(&self, file: usize, schema: &Value, at: &At) -> Result<Shape, CodegenError> {
        if let Some(target) = schema.get("$ref").and_then(Value::as_str) {
            return self.ref_shape(file, target, at);
        }
        if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
            let mut refs = parts.iter().filter(|part| part.get("$ref").is_some());
            return match (refs.next(), refs.next()) {
                (Some(only), None) => self.shape(file, only, &at.child("allOf")),
                _ => Err(at.error("an `allOf` must hold exactly one `$ref` and constraints")),
            };
        }
        if let Some(parts) = schema.get("anyOf").and_then(Value::as_array) {
            return self.nullable_shape(file, parts, &at.child("anyOf"));
        }
        self.typed_shape(file, schema, at)
    }

    fn nullable_shape(&self, file: usize, parts: &[Value], at: &At) -> Result<Shape, CodegenError> {
        let is_null = |v: &Value| v.get("type").and_then(Value::as_str) == Some("null");
        match parts {
            [value, null] if is_null(null) => Ok(Shape::Nullable(Box::new(self.shape(
                file,
                value,
                &at.child("0"),
            )?))),
            _ => Err(at.error("an `anyOf` must be exactly [schema, {\"type\": \"null\"}]")),
        }
    }

    fn typed_shape(&self, file: usize, schema: &Value, at: &At) -> Result<Shape, CodegenError> {
        let (type_name, nullable) = match schema.get("type") {
            Some(Value::String(name)) => (name.as_str(), false),
            Some(Value::Array(names)) => match names.as_slice() {
                [Value::String(name), Value::String(null)] if null == "null" => {
                    (name.as_str(), true)
                }
                _ => return Err(at.error("a `type` list must be [type, \"null\"]")),
            },
            _ => return Err(at.error("a property needs a `type`, a `$ref`, or an `anyOf`")),
        };

        let shape = match type_name {
            "string" => Shape::String,
            "boolean" => Shape::Bool,
            "integer" => integer_shape(schema, at)?,
            "array" => {
                let items = schema
                    .get("items")
                    .ok_or_else(|| at.error("an array needs `items`"))?;
                Shape::Array(Box::new(self.shape(file, items, &at.child("items"))?))
            }
            "object" => {
                let values = schema
                    .get("additionalProperties")
                    .filter(|v| v.is_object())
                    .ok_or_else(|| at.error("an inline object must be a map: give `additionalProperties` a schema, or define a named type in `$defs`"))?;
                Shape::Map(Box::new(self.shape(
                    file,
                    values,
                    &at.child("additionalProperties"),
                )?))
            }
            other => return Err(at.error(format!("unsupported `type` {other:?}"))),
        };
        Ok(if nullable {
            Shape::Nullable(Box::new(shape))
        } else {
            shape
        })
    }

    fn ref_shape(&self, file: usize, target: &str, at: &At) -> Result<Shape, CodegenError> {
        let (file_part, fragment) = target.split_once('#').unwrap_or((target, ""));
        let target_file = if file_part.is_empty() {
            Some(file)
        } else {
            self.files.iter().position(|f| f.name == file_part)
        };
        let location = target_file.and_then(|index| {
            self.locations
                .iter()
                .find(|l| l.file == index && l.pointer == fragment)
        });
        let Some(location) = location else {
            return Err(at.error(format!("`$ref` {target:?} names no type of these schemas")));
        };

        let node = node_at(&self.files[location.file].root, &location.pointer);
        let is_struct = node.get("type").and_then(Value::as_str) == Some("object");
        let is_enum = node.get("enum").is_some() && node.get("x-capabilities").is_none();
        if is_struct || is_enum || hand_written(&location.name).is_some() {
            Ok(Shape::Named(location.name.clone()))
        } else {
            Ok(Shape::String)
        }
    }
}

fn integer_shape(schema: &Value, at: &At) -> Result<Shape, CodegenError> {
    match schema.get("format").and_then(Value::as_str) {
        Some("int32") => Ok(Shape::Int32),
        Some("int64") => Ok(Shape::Int64),
        _ => Err(at.error("an integer needs `format` \"int32\" or \"int64\"")),
    }
}

fn enum_values(node: &Map<String, Value>, at: &At) -> Result<Vec<EnumValue>, CodegenError> {
    let values = string_list(node, "enum", at)?;
    let descriptions = node
        .get("x-enum-descriptions")
        .and_then(Value::as_object)
        .ok_or_else(|| at.error("an enum type needs `x-enum-descriptions`"))?;
    check_same_keys(&values, descriptions, "x-enum-descriptions", at)?;

    let at = at.child("x-enum-descriptions");
    values
        .into_iter()
        .map(|value| {
            let description = descriptions.get(&value).and_then(Value::as_str);
            let description = description
                .ok_or_else(|| at.error(format!("the description of {value:?} is not a string")))?;
            Ok(EnumValue {
                description: description.to_owned(),
                value,
            })
        })
        .collect()
}

fn capabilities(node: &Map<String, Value>, at: &At) -> Result<Vec<CapabilityDef>, CodegenError> {
    let values = string_list(node, "enum", at)?;
    let catalog = node
        .get("x-capabilities")
        .and_then(Value::as_object)
        .ok_or_else(|| at.error("`x-capabilities` must be an object"))?;
    check_same_keys(&values, catalog, "x-capabilities", at)?;

    values
        .into_iter()
        .map(|value| {
            let at = at.child(&format!("x-capabilities/{}", escape_pointer(&value)));
            let entry = catalog
                .get(&value)
                .and_then(Value::as_object)
                .ok_or_else(|| at.error("a catalog entry must be an object"))?;
            Ok(CapabilityDef {
                constant: required_str(entry, "constant", &at)?.to_owned(),
                group: required_str(entry, "group", &at)?.to_owned(),
                mode: required_str(entry, "mode", &at)?.to_owned(),
                trigger: required_str(entry, "trigger", &at)?.to_owned(),
                description: required_str(entry, "description", &at)?.to_owned(),
                value,
            })
        })
        .collect()
}

fn extra_fields(node: &Map<String, Value>, at: &At) -> Result<Vec<ExtraField>, CodegenError> {
    let Some(fields) = node.get("x-rust-fields") else {
        return Ok(Vec::new());
    };
    let at = at.child("x-rust-fields");
    let fields = fields
        .as_object()
        .ok_or_else(|| at.error("must be an object"))?;
    fields
        .iter()
        .map(|(name, field)| {
            let at = at.child(&escape_pointer(name));
            let field = field
                .as_object()
                .ok_or_else(|| at.error("must be an object"))?;
            Ok(ExtraField {
                name: name.clone(),
                description: required_str(field, "description", &at)?.to_owned(),
                type_name: required_str(field, "type", &at)?.to_owned(),
            })
        })
        .collect()
}

fn check_same_keys(
    values: &[String],
    map: &Map<String, Value>,
    key: &str,
    at: &At,
) -> Result<(), CodegenError> {
    let keys: Vec<&String> = map.keys().collect();
    let listed: Vec<&String> = values.iter().collect();
    if keys != listed {
        let message = format!("the keys of `{key}` must be the `enum` values in the same order");
        return Err(at.error(message));
    }
    Ok(())
}

fn string_list(node: &Map<String, Value>, key: &str, at: &At) -> Result<Vec<String>, CodegenError> {
    let list = node.get(key).and_then(Value::as_array);
    let list = list.ok_or_else(|| at.error(format!("`{key}` must be a list")))?;
    list.iter()
        .map(|v| v.as_str().map(str::to_owned))
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| at.error(format!("`{key}` must hold strings only")))
}

fn required_str<'a>(
    node: &'a Map<String, Value>,
    key: &str,
    at: &At,
) -> Result<&'a str, CodegenError> {
    node.get(key)
        .and_then(Value::as_str)
        .ok_or_else(|| at.error(format!("`{key}` must be a string")))
}

fn hand_written(name: &str) -> Option<&'static str> {
    HAND_WRITTEN
        .iter()
        .find(|(schema, _)| *schema == name)
        .map(|(_, path)| *path)
}

/// The node at an (unescaped-key) JSON Pointer built by this module; `Null` when absent.
fn node_at<'a>(root: &'a Value, pointer: &str) -> &'a Value {
    root.pointer(pointer).unwrap_or(&Value::Null)
}

/// A position in a schema file, for error messages.
struct At<'a> {
    file: &'a str,
    pointer: String,
}

impl At<'_> {
    fn child(&self, segment: &str) -> Self {
        At {
            file: self.file,
            pointer: format!("{}/{segment}", self.pointer),
        }
    }

    fn error(&self, message: impl Into<String>) -> CodegenError {
        CodegenError::schema(self.file, &self.pointer, message)
    }
}
