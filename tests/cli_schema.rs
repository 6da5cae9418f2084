//! `conductor-sdk schema export`, `crd`, `diff` and `docs` as scripts use them: files
//! written, output and exit codes.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn cli() -> Command {
    Command::cargo_bin("conductor-sdk").expect("the binary is built")
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("cli-schema")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn export(dir: &Path) {
    cli().args(["schema", "export"]).arg(dir).assert().success();
}

#[test]
fn export_writes_every_schema_and_an_index_the_same_way_twice() {
    let (a, b) = (scratch("export-a"), scratch("export-b"));
    export(&a);
    export(&b);
    let index: Value =
        serde_json::from_str(&std::fs::read_to_string(a.join("index.json")).unwrap()).unwrap();
    let entries = index["schemas"].as_array().unwrap();
    assert_eq!(entries.len(), 7);
    assert_eq!(index["version"], env!("CARGO_PKG_VERSION"));
    for entry in entries {
        let file = entry["file"].as_str().unwrap();
        let text = std::fs::read(a.join(file)).unwrap();
        assert_eq!(text, std::fs::read(b.join(file)).unwrap(), "{file} differs");
        let schema: Value = serde_json::from_slice(&text).unwrap();
        assert_eq!(schema["$id"], entry["$id"], "{file}");
        assert_eq!(schema["title"], entry["title"], "{file}");
    }
}

#[test]
fn export_into_an_unwritable_place_is_a_usage_error() {
    let file = scratch("not-a-dir");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, "x").unwrap();
    cli()
        .args(["schema", "export"])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot create the folder"));
}

#[test]
fn crd_prints_yaml_or_json_and_refuses_the_result_schema() {
    cli()
        .args(["schema", "crd", "runner-config-spec"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\n  clusterRef:\n"))
        .stdout(predicate::str::contains("$ref").not());
    let output = cli()
        .args(["schema", "crd", "job-spec", "--output", "json"])
        .output()
        .unwrap();
    let schema: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(schema["properties"]["SecretVolumes"]["nullable"], true);
    cli()
        .args(["schema", "crd", "operation-result"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cannot be expressed"));
    cli().args(["schema", "crd", "nope"]).assert().code(2);
}

#[test]
fn diff_exits_one_on_a_breaking_change_and_zero_otherwise() {
    let (old, new) = (scratch("diff-old"), scratch("diff-new"));
    export(&old);
    export(&new);
    cli()
        .args(["schema", "diff"])
        .args([&old, &new])
        .assert()
        .success()
        .stdout("0 breaking, 0 compatible\n");

    let path = new.join("job-spec.schema.json");
    let mut schema: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    schema["properties"]["TTLSecondsAfterFinished"]["maximum"] = 86400.into();
    schema["properties"]["Name"]["description"] = "The Job's name.".into();
    std::fs::write(&path, serde_json::to_string(&schema).unwrap()).unwrap();
    cli()
        .args(["schema", "diff"])
        .args([&old, &new])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "breaking   job-spec.schema.json#/properties/TTLSecondsAfterFinished/maximum: \
             maximum changed from 2147483647 to 86400",
        ))
        .stdout(predicate::str::contains(
            "compatible job-spec.schema.json#/properties/Name/description",
        ))
        .stdout(predicate::str::ends_with("1 breaking, 1 compatible\n"));

    // The reverse widens: compatible.
    cli()
        .args(["schema", "diff"])
        .args([&new, &old])
        .assert()
        .success();
}

#[test]
fn diff_of_an_unreadable_folder_is_a_usage_error() {
    let old = scratch("diff-present");
    export(&old);
    cli()
        .args(["schema", "diff"])
        .arg(&old)
        .arg(scratch("diff-missing"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read"));
}

#[test]
fn docs_writes_the_pages_kept_in_the_repository() {
    let dir = scratch("docs");
    cli().args(["schema", "docs"]).arg(&dir).assert().success();
    let kept = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/schemas");
    for name in ["README.md", "capabilities.md", "operation-result.md"] {
        assert_eq!(
            std::fs::read_to_string(dir.join(name)).unwrap(),
            std::fs::read_to_string(kept.join(name)).unwrap(),
            "{name}"
        );
    }
}
