//! `conductor-sdk schema`: list, show and export the schemas.

use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};
use conductor_sdk::DocumentKind;
use conductor_sdk::schema::{self, SCHEMAS};

use crate::cli::{EXIT_INVALID, EXIT_OK, EXIT_USAGE};

/// The schema subcommands.
#[derive(Debug, Subcommand)]
pub enum SchemaCommand {
    /// List the schemas: name, title and `$id`.
    List,
    /// Print one schema's JSON text.
    Show {
        /// capability-manifest, job-spec, operation-result, runner-config-spec or
        /// capability.
        name: String,
    },
    /// Write the published bundle into DIR: every schema self-contained, with `index.json`.
    ///
    /// Exits 0 when written, 1 when a schema cannot be bundled, 2 when DIR cannot be
    /// written.
    Export {
        /// The folder to write; created when missing. Other files in it are left alone.
        dir: PathBuf,
    },
    /// Print a document's schema as a Kubernetes structural schema, for a CRD.
    ///
    /// Exits 0 when printed, 1 when the schema has no structural form (the operation
    /// result's schema uses if/then/else).
    Crd {
        /// capability-manifest, job-spec, operation-result or runner-config-spec.
        kind: DocumentKind,
        /// The output format: YAML as in a CRD file, or JSON.
        #[arg(long, value_enum, default_value_t = CrdOutput::Yaml)]
        output: CrdOutput,
    },
    /// Compare two bundles written by `schema export` and classify every change.
    ///
    /// Prints each change with its JSON Pointer and class. Exits 1 when a change is
    /// breaking, 0 otherwise, and 2 when a folder cannot be read.
    Diff {
        /// The bundle folder of the released schemas.
        old: PathBuf,
        /// The bundle folder of the new schemas.
        new: PathBuf,
    },
    /// Write the reference pages generated from the schemas into DIR: one per document,
    /// the capability catalog and an index.
    ///
    /// Exits 0 when written, 1 when the schemas cannot be bundled, 2 when DIR cannot be
    /// written.
    Docs {
        /// The folder to write, such as `docs/schemas`; created when missing.
        dir: PathBuf,
    },
}

/// How `schema crd` prints.

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CrdOutput {
    /// YAML, to paste under `openAPIV3Schema`.
    Yaml,
    /// JSON.
    Json,
}

/// Runs a schema subcommand; returns the exit code.
pub fn run(command: &SchemaCommand) -> u8 {
    match command {
        SchemaCommand::List => {
            for file in SCHEMAS {
                let title = serde_json::from_str::<serde_json::Value>(file.text)
                    .ok()
                    .and_then(|v| v["title"].as_str().map(str::to_owned))
                    .unwrap_or_default();
                outln!("{:<20} {:<20} {}", file.name, title, file.id);
            }
            EXIT_OK
        }
        SchemaCommand::Show { name } => match schema::find(name) {
            Some(file) => {
                out!("{}", file.text);
                EXIT_OK
            }
            None => {
                let names: Vec<&str> = SCHEMAS.iter().map(|s| s.name).collect();
                eprintln!(
                    "conductor-sdk: no schema named {name:?}; expected one of {}",
                    names.join(", ")
                );
                EXIT_USAGE
            }
        },
        SchemaCommand::Export { dir } => export(dir),
        SchemaCommand::Crd { kind, output } => crd(*kind, *output),
        SchemaCommand::Diff { old, new } => diff(old, new),
        SchemaCommand::Docs { dir } => docs(dir),
    }
}

fn docs(dir: &std::path::Path) -> u8 {
    let pages = match schema::reference_pages() {
        Ok(pages) => pages,
        Err(error) => {
            eprintln!("conductor-sdk: {}", error_chain(&error));
            return EXIT_INVALID;
        }
    };
    if let Err(error) = std::fs::create_dir_all(dir) {
        eprintln!("conductor-sdk: cannot create {}: {error}", dir.display());
        return EXIT_USAGE;
    }
    for page in pages {
        let path = dir.join(&page.file);
        if let Err(error) = std::fs::write(&path, page.text) {
            eprintln!("conductor-sdk: cannot write {}: {error}", path.display());
            return EXIT_USAGE;
        }
        println!("{}", path.display());
    }
    EXIT_OK
}

fn diff(old: &std::path::Path, new: &std::path::Path) -> u8 {
    let read = |dir: &std::path::Path| {
        schema::read_bundle(dir).map_err(|e| eprintln!("conductor-sdk: {}", error_chain(&e)))
    };
    let (Ok(old), Ok(new)) = (read(old), read(new)) else {
        return EXIT_USAGE;
    };
    let changes = schema::diff_bundles(&old, &new);
    for change in &changes {
        println!("{change}");
    }
    let breaking = changes
        .iter()
        .filter(|c| c.compatibility() == schema::Compatibility::Breaking)
        .count();
    println!(
        "{breaking} breaking, {} compatible",
        changes.len() - breaking
    );
    if breaking > 0 { EXIT_INVALID } else { EXIT_OK }
}

fn crd(kind: DocumentKind, output: CrdOutput) -> u8 {
    match schema::structural_schema(kind) {
        Ok(structural) => {
            match output {
                CrdOutput::Yaml => print!("{}", schema::crd_yaml(&structural)),
                CrdOutput::Json => {
                    let text = serde_json::to_string_pretty(&structural).unwrap_or_default();
                    println!("{text}");
                }
            }
            EXIT_OK
        }
        Err(error) => {
            eprintln!("conductor-sdk: {kind}: {}", error_chain(&error));
            EXIT_INVALID
        }
    }
}

fn export(dir: &std::path::Path) -> u8 {
    let bundle = match schema::bundle() {
        Ok(bundle) => bundle,
        Err(error) => {
            eprintln!("conductor-sdk: {error}");
            return EXIT_INVALID;
        }
    };
    match bundle.write_to(dir) {
        Ok(()) => {
            for file in &bundle.files {
                println!("{}", dir.join(file.file_name()).display());
            }
            println!("{}", dir.join(schema::INDEX_FILE).display());
            EXIT_OK
        }
        Err(error) => {
            eprintln!("conductor-sdk: {}", error_chain(&error));
            EXIT_USAGE
        }
    }
}

/// An error's message followed by its causes, separated by `: `.
pub fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
