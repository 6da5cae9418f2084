//! The released bundle in `schemas/released/` guards the contract: a capability never
//! disappears or changes value, and a breaking change (as `schema diff` classifies it)
//! needs a major version bump of the crate over the version recorded with the release.
//!
//! Releasing: bump the version in `Cargo.toml`, then run
//! `cargo run -- schema export schemas/released` and commit the result.

use std::path::Path;

use conductor_sdk::Capability;
use conductor_sdk::schema::{Compatibility, SchemaSet, bundle, diff_bundles, read_bundle};
use serde_json::Value;

fn released_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/schemas/released"))
}

fn released() -> (SchemaSet, String) {
    let schemas = read_bundle(released_dir()).expect("the released bundle is readable");
    let index = std::fs::read_to_string(released_dir().join("index.json")).unwrap();
    let index: Value = serde_json::from_str(&index).unwrap();
    let version = index["version"]
        .as_str()
        .expect("the index records a version");
    (schemas, version.to_owned())
}

/// `(major, minor, patch)`, ignoring pre-release and build suffixes.
fn parse_version(version: &str) -> (u64, u64, u64) {
    let core = version.split(['-', '+']).next().unwrap_or_default();
    let parts: Vec<u64> = core.split('.').map(|p| p.parse().unwrap()).collect();
    (parts[0], parts[1], parts[2])
}

/// Whether `new` is a version Cargo treats as incompatible with `old`: a higher major
/// version, or for `0.y.z` a higher minor version, or for `0.0.z` any higher version.
fn is_breaking_bump(old: &str, new: &str) -> bool {
    let (old, new) = (parse_version(old), parse_version(new));
    match old {
        (0, 0, _) => new > old,
        (0, minor, _) => new.0 > 0 || new.1 > minor,
        (major, _, _) => new.0 > major,
    }
}

/// The capabilities of a bundle: value, Go constant and mode.
fn capabilities(schemas: &SchemaSet) -> Vec<(String, Value, Value)> {
    let catalog = &schemas["capability.schema.json"]["x-capabilities"];
    let entries = catalog
        .as_object()
        .expect("the bundle has the capability catalog");
    entries
        .iter()
        .map(|(name, e)| (name.clone(), e["constant"].clone(), e["mode"].clone()))
        .collect()
}

/// Everything wrong with releasing `current` at `current_version` after `released` at
/// `released_version`.
fn release_problems(
    released: &SchemaSet,
    released_version: &str,
    current: &SchemaSet,
    current_version: &str,
) -> Vec<String> {
    let mut problems = Vec::new();
    let now = capabilities(current);
    for (name, constant, mode) in capabilities(released) {
        match now.iter().find(|(_, c, _)| *c == constant) {
            None => problems.push(format!("capability {name:?} ({constant}) disappeared")),
            Some((value, _, _)) if *value != name => problems.push(format!(
                "capability {constant} changed value from {name:?} to {value:?}"
            )),
            Some((_, _, now_mode)) if *now_mode != mode => problems.push(format!(
                "capability {name:?} changed mode from {mode} to {now_mode}"
            )),
            Some(_) => {}
        }
    }
    let breaking: Vec<String> = diff_bundles(released, current)
        .iter()
        .filter(|c| c.compatibility() == Compatibility::Breaking)
        .map(ToString::to_string)
        .collect();
    if !breaking.is_empty() && !is_breaking_bump(released_version, current_version) {
        problems.push(format!(
            "breaking changes since the release of {released_version} need a major version \
             bump in Cargo.toml (now {current_version}):\n{}",
            breaking.join("\n")
        ));
    }
    problems
}

#[test]
fn the_schemas_keep_the_released_contract() {
    let (released, version) = released();
    let current = bundle().unwrap().schemas();
    let problems = release_problems(&released, &version, &current, env!("CARGO_PKG_VERSION"));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_released_capability_is_still_a_capability_of_the_crate() {
    let (released, _) = released();
    for (name, constant, _) in capabilities(&released) {
        let capability = Capability::from_name(&name)
            .unwrap_or_else(|| panic!("the released capability {name:?} is gone"));
        assert_eq!(capability.as_str(), name);
        assert_eq!(capability.go_constant(), constant.as_str().unwrap());
    }
}

#[test]
fn the_released_version_is_not_newer_than_the_crate() {
    let (_, version) = released();
    assert!(parse_version(&version) <= parse_version(env!("CARGO_PKG_VERSION")));
}

fn current() -> SchemaSet {
    bundle().unwrap().schemas()
}

fn remove_capability(schemas: &mut SchemaSet, name: &str) {
    for schema in schemas.values_mut() {
        let targets = ["", "/$defs/Capability"];
        for target in targets {
            let Some(node) = schema.pointer_mut(target) else {
                continue;
            };
            if let Some(list) = node.get_mut("enum").and_then(Value::as_array_mut) {
                list.retain(|v| v != name);
            }
            if let Some(catalog) = node
                .get_mut("x-capabilities")
                .and_then(Value::as_object_mut)
            {
                catalog.remove(name);
            }
        }
    }
}

#[test]
fn a_removed_capability_fails_even_with_a_major_bump() {
    let released = current();
    let mut changed = released.clone();
    remove_capability(&mut changed, "etcd-defrag");
    let problems = release_problems(&released, "1.4.0", &changed, "2.0.0");
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(problems[0].contains("\"etcd-defrag\" (\"CapabilityEtcdDefrag\") disappeared"));
}

#[test]
fn a_renamed_capability_value_fails() {
    let released = current();
    let mut changed = released.clone();
    let capability = changed.get_mut("capability.schema.json").unwrap();
    let catalog = capability["x-capabilities"].as_object_mut().unwrap();
    let entry = catalog.remove("node-reboot").unwrap();
    catalog.insert("node-restart".into(), entry);
    let problems = release_problems(&released, "1.4.0", &changed, "2.0.0");
    let expected = r#"capability "CapabilityNodeReboot" changed value from "node-reboot" to "#;
    assert_eq!(problems, [format!(r#"{expected}"node-restart""#)]);
}

#[test]
fn a_breaking_change_needs_a_major_bump_and_a_compatible_one_does_not() {
    let released = current();
    let mut breaking = released.clone();
    let result = breaking.get_mut("operation-result.schema.json").unwrap();
    let required = result["required"].as_array_mut().unwrap();
    required.retain(|v| v != "WorkloadDigest");
    result["properties"]
        .as_object_mut()
        .unwrap()
        .remove("WorkloadDigest");

    let problems = release_problems(&released, "1.4.0", &breaking, "1.5.0");
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(
        problems[0].contains("property \"WorkloadDigest\" removed"),
        "{problems:#?}"
    );
    assert!(release_problems(&released, "1.4.0", &breaking, "2.0.0").is_empty());
    assert!(release_problems(&released, "0.1.0", &breaking, "0.2.0").is_empty());
    assert!(!release_problems(&released, "0.1.0", &breaking, "0.1.1").is_empty());

    let mut compatible = released.clone();
    let status = &mut compatible.get_mut("operation-result.schema.json").unwrap()["$defs"];
    status["ResultStatus"]["enum"]
        .as_array_mut()
        .unwrap()
        .push("Skipped".into());
    assert!(release_problems(&released, "1.4.0", &compatible, "1.4.1").is_empty());
}
