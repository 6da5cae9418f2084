//! The published schema bundle: one self-contained file per schema, and an index.
//!
//! The schemas in the crate refer to each other (`capability.schema.json`,
//! `operation-result.schema.json#/$defs/GoTime`). A tool that loads one file alone cannot
//! follow such references, so the bundle copies every schema a file refers to into that
//! file's own `$defs` and rewrites the reference to point there. The bundle also holds the
//! schemas of the generator inputs, derived from their Rust types.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::schema::SCHEMAS;
use crate::schema::inputs;
use crate::schema::json::{Json, Object};

/// The name of the bundle's index file.
pub const INDEX_FILE: &str = "index.json";

/// The keys that come first, in this order, in every schema object the bundle writes.
const KEY_ORDER: &[&str] = &[
    "$schema",
    "$id",
    "title",
    "description",
    "type",
    "format",
    "enum",
    "const",
    "$ref",
    "items",
    "properties",
    "required",
    "additionalProperties",
];

/// What a schema of the bundle describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum SchemaRole {
    /// The capability names and their catalog.
    Names,
    /// One of the four documents that pass between runners and operators.
    Document,
    /// The input of a RunnerConfig generator.
    GeneratorInput,
}

impl SchemaRole {
    /// The role's name in the index file: `names`, `document` or `generator-input`.
    pub const fn name(self) -> &'static str {
        match self {
            SchemaRole::Names => "names",
            SchemaRole::Document => "document",
            SchemaRole::GeneratorInput => "generator-input",
        }
    }
}

/// One self-contained schema of the bundle.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BundleFile {
    /// The short name, such as `operation-result`; the file is `<name>.schema.json`.
    pub name: String,
    /// The schema's `title`, which is also the name of the Rust type it describes.
    pub title: String,
    /// The schema's `$id`.
    pub id: String,
    /// What the schema describes.
    pub role: SchemaRole,
    /// The file's JSON text: two-space indentation, keys in the schema's own order, a
    /// final newline.
    pub text: String,
}

impl BundleFile {
    /// The file name, `<name>.schema.json`.
    pub fn file_name(&self) -> String {
        format!("{}.schema.json", self.name)
    }
}

/// Every schema the crate publishes, each loadable on its own, in the order of the
/// index: the capability names, the four documents, then the generator inputs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bundle {
    /// The crate version that wrote the bundle, as in `Cargo.toml`.
    pub version: String,
    /// The schemas.
    pub files: Vec<BundleFile>,
}

impl Bundle {
    /// The schema with this short name, if any.
    pub fn file(&self, name: &str) -> Option<&BundleFile> {
        self.files.iter().find(|file| file.name == name)
    }

    /// The schemas parsed, by file name, as [`read_bundle`] returns a written bundle.
    pub fn schemas(&self) -> SchemaSet {
        self.files
            .iter()
            .map(|file| {
                let value = serde_json::from_str(&file.text).unwrap_or_default();
                (file.file_name(), value)
            })
            .collect()
    }

    /// The text of the index file: the crate version and, for each schema, its name,
    /// title, `$id`, file and role.
    pub fn index(&self) -> String {
        let schemas = self
            .files
            .iter()
            .map(|file| {
                let entry = [
                    ("name", file.name.clone()),
                    ("title", file.title.clone()),
                    ("$id", file.id.clone()),
                    ("file", file.file_name()),
                    ("role", file.role.name().to_owned()),
                ];
                Json::Object(
                    entry
                        .into_iter()
                        .map(|(k, v)| (k.to_owned(), Json::String(v)))
                        .collect(),
                )
            })
            .collect();
        let index: Object = [
            ("version".to_owned(), Json::String(self.version.clone())),
            ("schemas".to_owned(), Json::Array(schemas)),
        ]
        .into_iter()
        .collect();
        Json::Object(index).to_pretty()
    }

    /// Writes every schema and the index into `dir`, creating it when needed. Other files
    /// in `dir` are left alone.
    ///
    /// # Errors
    ///
    /// [`ExportError`] when the folder cannot be created or a file cannot be written.
    pub fn write_to(&self, dir: &Path) -> Result<(), ExportError> {
        std::fs::create_dir_all(dir).map_err(|source| ExportError::CreateDir {
            path: dir.to_owned(),
            source,
        })?;
        let files = self
            .files
            .iter()
            .map(|file| (file.file_name(), file.text.clone()))
            .chain([(INDEX_FILE.to_owned(), self.index())]);
        for (name, text) in files {
            let path = dir.join(name);
            std::fs::write(&path, text).map_err(|source| ExportError::Write { path, source })?;
        }
        Ok(())
    }
}

/// Why a schema could not be made self-contained.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BundleError {
    /// An embedded schema is not JSON.
    #[error("schema {file} is not valid JSON")]
    Parse {
        /// The schema's file name.
        file: String,
        /// What the parser reported.
        #[source]
        source: serde_json::Error,
    },
    /// A `$ref` names a file or location that does not exist.
    #[error("{file}#{pointer}: $ref {reference:?} does not resolve")]
    Unresolved {
        /// The file holding the reference.
        file: String,
        /// The JSON Pointer of the object holding the `$ref`.
        pointer: String,
        /// The reference.
        reference: String,
    },
    /// A `$ref` points into another file somewhere other than its root or a `$defs` entry.
    #[error("{file}#{pointer}: $ref {reference:?} is neither a whole file nor a definition")]
    UnsupportedRef {
        /// The file holding the reference.
        file: String,
        /// The JSON Pointer of the object holding the `$ref`.
        pointer: String,
        /// The reference.
        reference: String,
    },
    /// Two different schemas would be copied under the same name into `$defs`.
    #[error("{file}: the definition {name:?} would hold both {first} and {second}")]
    NameClash {
        /// The file being made self-contained.
        file: String,
        /// The definition's name.
        name: String,
        /// Where the first schema of that name comes from, as `file#pointer`.
        first: String,
        /// Where the second one comes from.
        second: String,
    },
}

/// Why the bundle could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExportError {
    /// The target folder could not be created.
    #[error("cannot create the folder {}", path.display())]
    CreateDir {
        /// The folder.
        path: PathBuf,
        /// What the system reported.
        #[source]
        source: std::io::Error,
    },
    /// A file could not be written.
    #[error("cannot write {}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// What the system reported.
        #[source]
        source: std::io::Error,
    },
}

/// Why a bundle folder could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReadBundleError {
    /// The folder or one of its files cannot be read.
    #[error("cannot read {}", path.display())]
    Io {
        /// The folder or file.
        path: PathBuf,
        /// What the system reported.
        #[source]
        source: std::io::Error,
    },
    /// A schema file is not JSON.
    #[error("{} is not valid JSON", path.display())]
    Parse {
        /// The file.
        path: PathBuf,
        /// What the parser reported.
        #[source]
        source: serde_json::Error,
    },
    /// The folder holds no `*.schema.json` file.
    #[error("{} holds no *.schema.json file", path.display())]
    Empty {
        /// The folder.
        path: PathBuf,
    },
}

/// The schemas of a bundle folder, by file name (`operation-result.schema.json` ...).
pub type SchemaSet = BTreeMap<String, Value>;

/// Builds the bundle from the schemas embedded in the crate and the generator input types.
///
/// ```
/// let bundle = conductor_sdk::schema::bundle().unwrap();
/// let result = bundle.file("operation-result").unwrap();
/// assert!(!result.text.contains("capability.schema.json"));
/// assert!(result.text.contains("\"$ref\": \"#/$defs/Capability\""));
/// ```
///
/// # Errors
///
/// [`BundleError`] when a schema cannot be made self-contained; the crate's tests make
/// sure that its own schemas can.
pub fn bundle() -> Result<Bundle, BundleError> {
    let mut sources = BTreeMap::new();
    for schema in SCHEMAS {
        let file = format!("{}.schema.json", schema.name);
        let json = Json::parse(schema.text).map_err(|source| BundleError::Parse {
            file: file.clone(),
            source,
        })?;
        sources.insert(file, json);
    }

    let mut files = Vec::new();
    let names = SCHEMAS.iter().filter(|s| s.name == "capability");
    let documents = SCHEMAS.iter().filter(|s| s.name != "capability");
    for (schema, role) in names
        .map(|s| (s, SchemaRole::Names))
        .chain(documents.map(|s| (s, SchemaRole::Document)))
    {
        let file = format!("{}.schema.json", schema.name);
        let json = self_contained(&file, &sources)?;
        files.push(bundle_file(schema.name, role, &json));
    }
    for (name, schema) in inputs::schemas() {
        let mut json = Json::from(&schema);
        if let Some(root) = json.as_object_mut() {
            root.insert("$id", Json::String(super::schema_id(name)));
        }
        order_keys(&mut json);
        files.push(bundle_file(name, SchemaRole::GeneratorInput, &json));
    }
    Ok(Bundle {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        files,
    })
}

fn bundle_file(name: &str, role: SchemaRole, json: &Json) -> BundleFile {
    let text_of = |key: &str| {
        json.get(key)
            .and_then(Json::as_str)
            .unwrap_or("")
            .to_owned()
    };
    BundleFile {
        name: name.to_owned(),
        title: text_of("title"),
        id: text_of("$id"),
        role,
        text: json.to_pretty(),
    }
}

/// Puts the keys of every object in [`KEY_ORDER`], keeping the order of the others.
fn order_keys(json: &mut Json) {
    match json {
        Json::Object(object) => {
            object.reorder(KEY_ORDER);
            if let Some(defs) = object.remove("$defs") {
                object.insert("$defs", defs);
            }
            for (_, value) in object.iter_mut() {
                order_keys(value);
            }
        }
        Json::Array(items) => items.iter_mut().for_each(order_keys),
        _ => {}
    }
}

/// Reads the schemas of a bundle folder: every `*.schema.json` file in it.
///
/// # Errors
///
/// [`ReadBundleError`] when the folder or a file cannot be read, a file is not JSON, or
/// there is no schema file at all.
pub fn read_bundle(dir: &Path) -> Result<SchemaSet, ReadBundleError> {
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| ReadBundleError::Io { path, source }
    };
    let mut set = SchemaSet::new();
    for entry in std::fs::read_dir(dir).map_err(io(dir))? {
        let path = entry.map_err(io(dir))?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if !name.ends_with(".schema.json") || !path.is_file() {
            continue;
        }
        let text = std::fs::read_to_string(&path).map_err(io(&path))?;
        let value = serde_json::from_str(&text).map_err(|source| ReadBundleError::Parse {
            path: path.clone(),
            source,
        })?;
        set.insert(name.to_owned(), value);
    }
    if set.is_empty() {
        return Err(ReadBundleError::Empty {
            path: dir.to_owned(),
        });
    }
    Ok(set)
}

/// The schema of `file` with every schema it refers to in other files copied into its
/// `$defs`.
fn self_contained(file: &str, sources: &BTreeMap<String, Json>) -> Result<Json, BundleError> {
    let mut root = sources[file].clone();
    let mut inliner = Inliner {
        root: file,
        sources,
        origins: BTreeMap::new(),
        added: Vec::new(),
    };
    if let Some(defs) = root.get("$defs").and_then(Json::as_object) {
        for (name, _) in defs.iter() {
            let origin = (file.to_owned(), format!("/$defs/{name}"));
            inliner.origins.insert(name.clone(), origin);
        }
    }
    inliner.rewrite(&mut root, file, "")?;
    if !inliner.added.is_empty()
        && let Some(object) = root.as_object_mut()
    {
        let mut defs = match object.remove("$defs") {
            Some(Json::Object(defs)) => defs,
            _ => Object::default(),
        };
        for (name, schema) in inliner.added {
            defs.insert(name, schema);
        }
        object.insert("$defs", Json::Object(defs));
    }
    Ok(root)
}

struct Inliner<'a> {
    /// The file being made self-contained.
    root: &'a str,
    sources: &'a BTreeMap<String, Json>,
    /// For each name in the result's `$defs`: the file and pointer its schema comes from.
    origins: BTreeMap<String, (String, String)>,
    /// The copied schemas, in the order they were first needed.
    added: Vec<(String, Json)>,
}

impl Inliner<'_> {
    /// Rewrites every `$ref` under `value`, which sits at `pointer` in `base`, so that it
    /// points into the root file, copying schemas of other files as needed.
    fn rewrite(&mut self, value: &mut Json, base: &str, pointer: &str) -> Result<(), BundleError> {
        match value {
            Json::Object(object) => {
                if let Some(Json::String(reference)) = object.get("$ref") {
                    let target = self.target(reference, base, pointer)?;
                    object.insert("$ref", Json::String(target));
                }
                for (key, child) in object.iter_mut() {
                    let at = format!("{pointer}/{}", crate::escape_pointer(key));
                    self.rewrite(child, base, &at)?;
                }
            }
            Json::Array(items) => {
                for (index, child) in items.iter_mut().enumerate() {
                    self.rewrite(child, base, &format!("{pointer}/{index}"))?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// The rewritten form of `reference`, found in `base` at `pointer`.
    fn target(
        &mut self,
        reference: &str,
        base: &str,
        pointer: &str,
    ) -> Result<String, BundleError> {
        let (file, fragment) = match reference.split_once('#') {
            Some(("", fragment)) => (base, fragment),
            Some((file, fragment)) => (file, fragment),
            None => (reference, ""),
        };
        let unresolved = || BundleError::Unresolved {
            file: base.to_owned(),
            pointer: pointer.to_owned(),
            reference: reference.to_owned(),
        };
        let source = self.sources.get(file).ok_or_else(unresolved)?;
        let schema = source.pointer(fragment).ok_or_else(unresolved)?;
        if file == self.root {
            return Ok(format!("#{fragment}"));
        }

        let name = if fragment.is_empty() {
            schema.get("title").and_then(Json::as_str)
        } else {
            fragment
                .strip_prefix("/$defs/")
                .filter(|n| !n.contains('/'))
        };
        let name = name.ok_or_else(|| BundleError::UnsupportedRef {
            file: base.to_owned(),
            pointer: pointer.to_owned(),
            reference: reference.to_owned(),
        })?;
        let name = name.replace("~1", "/").replace("~0", "~");
        let origin = (file.to_owned(), fragment.to_owned());
        match self.origins.get(&name) {
            Some(known) if *known == origin => {}
            Some(known) => {
                return Err(BundleError::NameClash {
                    file: self.root.to_owned(),
                    name,
                    first: format!("{}#{}", known.0, known.1),
                    second: format!("{file}#{fragment}"),
                });
            }
            None => {
                self.origins.insert(name.clone(), origin);
                let mut copy = schema.clone();
                if let Some(object) = copy.as_object_mut() {
                    for key in ["$schema", "$id", "$defs"] {
                        object.remove(key);
                    }
                }
                self.rewrite(&mut copy, file, fragment)?;
                self.added.push((name.clone(), copy));
            }
        }
        Ok(format!("#/$defs/{}", crate::escape_pointer(&name)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources(files: &[(&str, &str)]) -> BTreeMap<String, Json> {
        files
            .iter()
            .map(|(name, text)| (name.to_string(), Json::parse(text).unwrap()))
            .collect()
    }

    #[test]
    fn references_into_other_files_are_copied_and_rewritten() {
        let sources = sources(&[
            (
                "a.schema.json",
                r##"{"$id": "a", "properties": {
                    "x": {"$ref": "b.schema.json"},
                    "y": {"$ref": "b.schema.json#/$defs/Inner"}}}"##,
            ),
            (
                "b.schema.json",
                r##"{"$schema": "s", "$id": "b", "title": "B", "enum": ["one"],
                    "$defs": {"Inner": {"$ref": "#/$defs/Leaf"}, "Leaf": {"type": "string"}}}"##,
            ),
        ]);
        let out = self_contained("a.schema.json", &sources).unwrap();
        assert_eq!(
            out.pointer("/properties/x/$ref").unwrap().as_str(),
            Some("#/$defs/B")
        );
        assert_eq!(
            out.pointer("/properties/y/$ref").unwrap().as_str(),
            Some("#/$defs/Inner")
        );
        assert_eq!(
            out.pointer("/$defs/Inner/$ref").unwrap().as_str(),
            Some("#/$defs/Leaf")
        );
        assert_eq!(
            out.pointer("/$defs/Leaf/type").unwrap().as_str(),
            Some("string")
        );
        let copied = out.pointer("/$defs/B").unwrap().as_object().unwrap();
        assert!(copied.get("$id").is_none() && copied.get("$defs").is_none());
        assert!(!out.to_pretty().contains(".schema.json"));
    }

    #[test]
    fn a_copy_that_would_replace_an_own_definition_is_refused() {
        let sources = sources(&[
            (
                "a.schema.json",
                r##"{"properties": {"x": {"$ref": "b.schema.json#/$defs/T"}},
                    "$defs": {"T": {"type": "integer"}}}"##,
            ),
            ("b.schema.json", r##"{"$defs": {"T": {"type": "string"}}}"##),
        ]);
        let error = self_contained("a.schema.json", &sources).unwrap_err();
        assert!(matches!(error, BundleError::NameClash { ref name, .. } if name == "T"));
    }

    #[test]
    fn a_dangling_reference_names_its_file_and_place() {
        let sources = sources(&[(
            "a.schema.json",
            r##"{"properties": {"x": {"$ref": "#/$defs/Missing"}}}"##,
        )]);
        let error = self_contained("a.schema.json", &sources).unwrap_err();
        assert_eq!(
            error.to_string(),
            "a.schema.json#/properties/x: $ref \"#/$defs/Missing\" does not resolve"
        );
    }

    #[test]
    fn the_crate_bundle_has_every_schema_once_and_no_external_reference() {
        let bundle = bundle().unwrap();
        let names: Vec<&str> = bundle.files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "capability",
                "capability-manifest",
                "job-spec",
                "operation-result",
                "runner-config-spec",
                "talos-cluster-spec",
                "pack-build-spec"
            ]
        );
        for file in &bundle.files {
            let value: Value = serde_json::from_str(&file.text).unwrap();
            assert_eq!(value["$id"], file.id.as_str(), "{}", file.name);
            assert!(file.id.ends_with(&file.file_name()), "{}", file.name);
            assert!(!file.title.is_empty(), "{}", file.name);
            assert!(!file.text.contains(".schema.json#"), "{}", file.name);
            assert!(
                !file.text.contains("\"$ref\": \"capability"),
                "{}",
                file.name
            );
        }
        let manifest = bundle.file("capability-manifest").unwrap();
        assert!(manifest.text.contains("\"GoTime\": {"));
    }

    #[test]
    fn the_bundle_is_the_same_bytes_every_time() {
        assert_eq!(bundle().unwrap(), bundle().unwrap());
        let capability = bundle().unwrap().file("capability").unwrap().text.clone();
        assert_eq!(capability, SCHEMAS[0].text.trim_end().to_owned() + "\n");
    }
}
