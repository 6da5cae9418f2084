//! The published JSON Schemas, embedded in the crate, and validators compiled from them;
//! the self-contained bundle other tools load, its Kubernetes rendering, the comparison of
//! two bundles, and the reference pages generated from it.

mod bundle;
mod crd;
mod diff;
mod docs;
mod inputs;
mod json;
pub(crate) mod screen;

use std::sync::OnceLock;

use jsonschema::{Draft, Registry, Validator};
use serde_json::Value;

use crate::DocumentKind;

pub use bundle::{
    Bundle, BundleError, BundleFile, ExportError, INDEX_FILE, ReadBundleError, SchemaRole,
    SchemaSet, bundle, read_bundle,
};
pub use crd::{CrdError, crd_yaml, structural_schema, to_structural};
pub use diff::{Change, ChangeKind, Compatibility, diff_bundles, diff_schemas};
pub use docs::{CAPABILITIES_PAGE, GENERATED_MARK, Page, reference_pages};

/// The `$id` of every published schema starts with this.
pub const ID_BASE: &str = "https://schemas.ontai.dev/conductor-sdk/v1/";

/// The `$id` of the published schema with this short name.
pub(crate) fn schema_id(name: &str) -> String {
    format!("{ID_BASE}{name}.schema.json")
}

/// Keywords that only annotate: they assert nothing about a value, and a change to them
/// is compatible.
pub(crate) const ANNOTATIONS: &[&str] = &[
    "$schema",
    "$comment",
    "title",
    "description",
    "default",
    "examples",
    "deprecated",
    "readOnly",
    "writeOnly",
    "x-enum-descriptions",
    "x-rust-fields",
];

/// One of the schema files the crate is generated from and validates with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SchemaFile {
    /// The short name, such as `operation-result`; the file is `<name>.schema.json`.
    pub name: &'static str,
    /// The schema's `$id`.
    pub id: &'static str,
    /// The schema's JSON text, exactly as in the crate's `schemas/` folder.
    pub text: &'static str,
}

macro_rules! schema_file {
    ($name:literal) => {
        SchemaFile {
            name: $name,
            id: concat!(
                "https://schemas.ontai.dev/conductor-sdk/v1/",
                $name,
                ".schema.json"
            ),
            text: include_str!(concat!("../../schemas/", $name, ".schema.json")),
        }
    };
}

/// Every schema file, sorted by name: the four documents and the capability names they
/// share.
pub const SCHEMAS: [SchemaFile; 5] = [
    schema_file!("capability"),
    schema_file!("capability-manifest"),
    schema_file!("job-spec"),
    schema_file!("operation-result"),
    schema_file!("runner-config-spec"),
];

/// The schema file with this short name, if any.
///
/// ```
/// let schema = conductor_sdk::schema::find("operation-result").unwrap();
/// assert!(schema.text.contains("\"title\": \"OperationResultSpec\""));
/// ```
pub fn find(name: &str) -> Option<&'static SchemaFile> {
    SCHEMAS.iter().find(|schema| schema.name == name)
}

/// The schema file of a document kind.
pub fn of(kind: DocumentKind) -> &'static SchemaFile {
    // Every kind's name is one of SCHEMAS; a test checks it.
    find(kind.name()).unwrap_or(&SCHEMAS[0])
}

/// The compiled validator of a document kind, built once.
pub(crate) fn validator(kind: DocumentKind) -> &'static Validator {
    // Each kind is compiled the first time it is needed, so that validating one kind of
    // document (the CLI's usual case) pays for compiling one schema, not four.
    static VALIDATORS: [OnceLock<Validator>; 4] = [
        OnceLock::new(),
        OnceLock::new(),
        OnceLock::new(),
        OnceLock::new(),
    ];
    VALIDATORS[kind.index()].get_or_init(|| {
        let documents: Vec<(&SchemaFile, Value)> = SCHEMAS.iter().map(|s| (s, parse(s))).collect();
        let registry = Registry::new()
            .extend(documents.iter().map(|(s, v)| (s.id, v.clone())))
            .and_then(|builder| builder.prepare())
            .unwrap_or_else(|e| panic!("the embedded schemas form an invalid registry: {e}"));
        compile(kind, &registry)
    })
}

fn parse(schema: &SchemaFile) -> Value {
    serde_json::from_str(schema.text)
        .unwrap_or_else(|e| panic!("the embedded schema {} is not JSON: {e}", schema.name))
}

fn compile(kind: DocumentKind, registry: &Registry<'_>) -> Validator {
    let schema = parse(of(kind));
    jsonschema::options()
        .with_draft(Draft::Draft202012)
        .should_validate_formats(true)
        .with_registry(registry)
        .build(&schema)
        .unwrap_or_else(|e| panic!("the embedded schema {kind} does not compile: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_schema_and_every_schema_its_id() {
        for kind in DocumentKind::ALL {
            let schema = of(kind);
            assert_eq!(schema.name, kind.name());
            let value: Value = serde_json::from_str(schema.text).unwrap();
            assert_eq!(value["title"], kind.type_name());
        }
        for schema in SCHEMAS {
            let value: Value = serde_json::from_str(schema.text).unwrap();
            assert_eq!(value["$id"], schema.id);
        }
    }

    #[test]
    fn every_validator_compiles() {
        for kind in DocumentKind::ALL {
            assert!(!validator(kind).is_valid(&Value::Null));
        }
    }
}
