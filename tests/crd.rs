//! The RunnerConfigSpec schema rendered for Kubernetes, compared as data with the `spec`
//! schema of the upstream InfrastructureRunnerConfig CRD.
//!
//! Properties, types and required fields must be the same. Every other difference is
//! listed in [`KNOWN_DIFFERENCES`] with its reason (and in the README); a difference not
//! listed, or a listed one that went away, fails the test.

mod common;

use std::collections::BTreeSet;

use conductor_sdk::schema::{crd_yaml, structural_schema};
use conductor_sdk::yaml::read_documents;
use conductor_sdk::{DocumentKind, YamlLimits};
use serde_json::Value;

/// Where the rendered schema is stricter than the upstream one, and why.
const KNOWN_DIFFERENCES: &[(&str, &str)] = &[
    (
        "/properties/maintenanceTargetNodes/items: minLength ours=1 upstream=-",
        "a node name is never empty",
    ),
    (
        "/properties/operationalHistory/items/properties/appliedAt: pattern \
         ours=\"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-5][0-9]Z$\" upstream=-",
        "metav1.Time is written in whole seconds and UTC",
    ),
    (
        "/properties/operationalHistory/items/properties/appliedBy: minLength ours=1 upstream=-",
        "an entry says who applied the change",
    ),
    (
        "/properties/operationalHistory/items/properties/concern: minLength ours=1 upstream=-",
        "an entry says what changed",
    ),
    (
        "/properties/phases/items/properties/name: enum \
         ours=[\"launch\",\"enable\",\"bootstrap\",\"compile\"] upstream=-",
        "the phases are a closed set; upstream accepts any string",
    ),
    (
        "/properties/steps/items/properties/capability: enum ours=[\"bootstrap\",\
         \"talos-upgrade\",\"kube-upgrade\",\"stack-upgrade\",\"node-patch\",\
         \"node-scale-up\",\"node-decommission\",\"node-reboot\",\"etcd-backup\",\
         \"etcd-defrag\",\"etcd-restore\",\"pki-rotate\",\"credential-rotate\",\
         \"hardening-apply\",\"cluster-reset\",\"machineconfig-backup\",\
         \"machineconfig-restore\",\"pack-compile\",\"pack-deploy\",\"rbac-provision\"] \
         upstream=-",
        "a step names a capability of the catalog; upstream accepts any string",
    ),
    (
        "/properties/steps/items/properties/name: minLength ours=1 upstream=-",
        "a step is named, so that others can depend on it",
    ),
];

/// Keywords compared besides `properties`, `items` and `additionalProperties`, which are
/// walked. Descriptions differ throughout (upstream's are Go doc comments) and are not
/// compared.
const COMPARED: &[&str] = &[
    "type",
    "nullable",
    "format",
    "required",
    "enum",
    "pattern",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "minItems",
    "maxItems",
];

fn upstream_spec() -> Value {
    let text = common::fixture_text("upstream/infrastructurerunnerconfigs.crd.yaml");
    let documents = read_documents(&text, &YamlLimits::default()).expect("the CRD is YAML");
    let crd = &documents[0].value;
    crd.pointer("/spec/versions/0/schema/openAPIV3Schema/properties/spec")
        .expect("the CRD has a spec schema")
        .clone()
}

fn describe(value: Option<&Value>) -> String {
    value.map_or_else(|| "-".to_owned(), Value::to_string)
}

fn set_of(value: Option<&Value>) -> Option<BTreeSet<String>> {
    let items = value?.as_array()?;
    Some(items.iter().map(Value::to_string).collect())
}

fn compare(ours: &Value, upstream: &Value, pointer: &str, out: &mut Vec<String>) {
    for key in COMPARED {
        let (a, b) = (ours.get(*key), upstream.get(*key));
        let same = if *key == "required" {
            set_of(a) == set_of(b)
        } else {
            a == b
        };
        if !same {
            out.push(format!(
                "{pointer}: {key} ours={} upstream={}",
                describe(a),
                describe(b)
            ));
        }
    }
    let names = |v: &Value| -> BTreeSet<String> {
        v.get("properties")
            .and_then(Value::as_object)
            .map(|p| p.keys().cloned().collect())
            .unwrap_or_default()
    };
    let (ours_names, upstream_names) = (names(ours), names(upstream));
    for name in ours_names.union(&upstream_names) {
        let at = format!("{pointer}/properties/{name}");
        match (
            ours.pointer(&format!("/properties/{name}")),
            upstream.pointer(&format!("/properties/{name}")),
        ) {
            (Some(a), Some(b)) => compare(a, b, &at, out),
            (a, _) => out.push(format!(
                "{at}: only {}",
                if a.is_some() { "ours" } else { "upstream" }
            )),
        }
    }
    for key in ["items", "additionalProperties"] {
        let at = format!("{pointer}/{key}");
        match (ours.get(key), upstream.get(key)) {
            (Some(a), Some(b)) => compare(a, b, &at, out),
            (None, None) => {}
            (a, _) => out.push(format!(
                "{at}: only {}",
                if a.is_some() { "ours" } else { "upstream" }
            )),
        }
    }
}

#[test]
fn the_rendered_spec_schema_matches_the_upstream_crd_but_for_the_listed_differences() {
    let ours = structural_schema(DocumentKind::RunnerConfigSpec).unwrap();
    let mut differences = Vec::new();
    compare(&ours, &upstream_spec(), "", &mut differences);
    let known: Vec<&str> = KNOWN_DIFFERENCES.iter().map(|(d, _)| *d).collect();
    let unlisted: Vec<&String> = differences
        .iter()
        .filter(|d| !known.contains(&d.as_str()))
        .collect();
    let gone: Vec<&&str> = known
        .iter()
        .filter(|k| !differences.iter().any(|d| d == *k))
        .collect();
    assert!(
        unlisted.is_empty() && gone.is_empty(),
        "differences not listed: {unlisted:#?}\nlisted but gone: {gone:#?}"
    );
    // Only constraints may differ: never a property, a type or a required field.
    for difference in &differences {
        let what = difference.split(": ").nth(1).unwrap_or_default();
        for structural in ["only ", "type ", "required ", "nullable "] {
            assert!(!what.starts_with(structural), "{difference}");
        }
    }
}

#[test]
fn the_comparison_sees_a_property_type_or_requirement_that_differs() {
    let upstream = upstream_spec();
    let mut changed = upstream.clone();
    changed["properties"]["selfOperation"]["type"] = "string".into();
    changed["properties"]
        .as_object_mut()
        .unwrap()
        .remove("operatorLeaderNode");
    changed["required"] = serde_json::json!(["clusterRef"]);
    let mut differences = Vec::new();
    compare(&changed, &upstream, "", &mut differences);
    assert_eq!(
        differences,
        [
            r#": required ours=["clusterRef"] upstream=["clusterRef","runnerImage"]"#,
            "/properties/operatorLeaderNode: only upstream",
            r#"/properties/selfOperation: type ours="string" upstream="boolean""#,
        ]
    );
}

#[test]
fn the_rendered_yaml_reads_back_as_the_structural_schema() {
    let ours = structural_schema(DocumentKind::RunnerConfigSpec).unwrap();
    let yaml = crd_yaml(&ours);
    let read = read_documents(&yaml, &YamlLimits::default()).unwrap();
    assert_eq!(read[0].value, ours);
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"));
    let readme = readme.unwrap();
    for (_, reason) in KNOWN_DIFFERENCES {
        assert!(
            readme.contains(reason),
            "the README does not give the reason {reason:?}"
        );
    }
}
