//! A broken schema fails the build with a message that names the schema file and the
//! JSON Pointer of the problem, never with a panic.
//!
//! Each case builds a scratch crate that uses this crate's `build.rs` on a copy of the
//! schemas with one defect. The scratch builds share their own target folder, so only the
//! first one compiles the generator's dependencies.

use std::path::{Path, PathBuf};
use std::process::Command;

fn crate_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Writes a scratch crate whose schemas are this crate's, with `edit` applied.
fn scratch_crate(name: &str, edit: impl FnOnce(&Path)) -> PathBuf {
    let dir = crate_dir().join("target/schema-errors").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("schemas")).unwrap();
    for schema in conductor_sdk::schema::SCHEMAS {
        let file = format!("{}.schema.json", schema.name);
        std::fs::write(dir.join("schemas").join(file), schema.text).unwrap();
    }
    edit(&dir.join("schemas"));

    let manifest = std::fs::read_to_string(crate_dir().join("Cargo.toml")).unwrap();
    let build_deps = manifest.split("[build-dependencies]").nth(1).unwrap();
    let build_deps = build_deps.split("\n[").next().unwrap();
    let build_script = crate_dir().join("build.rs");
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"schema-error-check\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\
             build = {build_script:?}\n\n[lib]\npath = \"lib.rs\"\n\n\
             [build-dependencies]{build_deps}\n[workspace]\n"
        ),
    )
    .unwrap();
    std::fs::write(dir.join("lib.rs"), "").unwrap();
    std::fs::copy(crate_dir().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    dir
}

/// Builds the scratch crate and returns what the build printed on stderr.
fn build_stderr(dir: &Path) -> String {
    let output = Command::new(env!("CARGO"))
        .args(["build", "--offline", "--quiet"])
        .env(
            "CARGO_TARGET_DIR",
            crate_dir().join("target/schema-errors/target"),
        )
        .current_dir(dir)
        .output()
        .expect("cargo runs");
    assert!(!output.status.success(), "the broken schema built");
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Replaces the one occurrence of `from` in a schema file; the edit is textual so that
/// the file keeps its key order.
fn replace_once(schemas: &Path, file: &str, from: &str, to: &str) {
    let path = schemas.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        text.matches(from).count(),
        1,
        "{from:?} must occur once in {file}"
    );
    std::fs::write(&path, text.replace(from, to)).unwrap();
}

/// A case: its name, the defect to make in the schemas folder, and the expected message.
type Case = (&'static str, Box<dyn FnOnce(&Path)>, &'static str);

#[test]
fn broken_schemas_fail_the_build_with_file_and_pointer() {
    let cases: [Case; 4] = [
        (
            "not-json",
            Box::new(|s| std::fs::write(s.join("job-spec.schema.json"), "{ nope").unwrap()),
            "schemas/job-spec.schema.json: invalid JSON",
        ),
        (
            "no-description",
            Box::new(|s| {
                let from = r#""description": "The runner image the Job runs, such as"#;
                replace_once(s, "job-spec.schema.json", from, r#""comment": ""#);
            }),
            "schemas/job-spec.schema.json#/properties/Image: every property needs a `description`",
        ),
        (
            "dangling-ref",
            Box::new(|s| {
                let from = r##""description": "The outcome of the step.",
          "$ref": "#/$defs/ResultStatus""##;
                let to = r##""description": "The outcome of the step.",
          "$ref": "#/$defs/StepStatus""##;
                replace_once(s, "operation-result.schema.json", from, to);
            }),
            "schemas/operation-result.schema.json#/$defs/StepResult/properties/Status: `$ref` \"#/$defs/StepStatus\" names no type",
        ),
        (
            "misdescribed-enum-value",
            Box::new(|s| {
                let from = r#""Failed": "The operation or step failed.""#;
                let to = r#""Failure": "The operation or step failed.""#;
                replace_once(s, "operation-result.schema.json", from, to);
            }),
            "schemas/operation-result.schema.json#/$defs/ResultStatus: the keys of `x-enum-descriptions` must be the `enum` values",
        ),
    ];

    for (name, edit, expected) in cases {
        let dir = scratch_crate(name, edit);
        let stderr = build_stderr(&dir);
        assert!(
            stderr.contains(expected),
            "{name}: expected {expected:?} in:\n{stderr}"
        );
        assert!(
            !stderr.contains("panicked"),
            "{name}: the build script panicked:\n{stderr}"
        );
    }
}
