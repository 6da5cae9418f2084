//! Generates the contract's Rust types from `schemas/` into `OUT_DIR`.

#[path = "codegen/mod.rs"]
mod codegen;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The file the library includes.
const OUTPUT: &str = "conductor_types.rs";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: cannot generate the contract's types: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let crate_dir = env_path("CARGO_MANIFEST_DIR")?;
    let out_dir = env_path("OUT_DIR")?;

    // Listing every input replaces Cargo's default rescan of the whole package, so an
    // unrelated edit does not rerun generation.
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=codegen");
    println!("cargo::rerun-if-changed=schemas");
    let generated = codegen::generate(&crate_dir).map_err(|e| e.to_string())?;
    for input in &generated.inputs {
        println!("cargo::rerun-if-changed={}", input.display());
    }

    write_if_changed(&out_dir.join(OUTPUT), &generated.source)
}

fn env_path(name: &str) -> Result<PathBuf, String> {
    std::env::var_os(name)
        .map(PathBuf::from)
        .ok_or_else(|| format!("the environment variable {name} is not set"))
}

/// Writes `source` unless the file already holds exactly these bytes, so that a rerun
/// that changes nothing does not force the crate to recompile.
fn write_if_changed(path: &Path, source: &str) -> Result<(), String> {
    if std::fs::read(path).is_ok_and(|old| old == source.as_bytes()) {
        return Ok(());
    }
    std::fs::write(path, source).map_err(|e| format!("cannot write {}: {e}", path.display()))
}
