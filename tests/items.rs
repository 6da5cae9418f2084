//! `check_items` gives every item of an input exactly the verdict that checking the items
//! one by one gives, whether it takes the quick one-pass way through a JSON array or
//! `List` or the ordinary way, on every document and ConfigMap the repository ships.

mod common;

use std::path::{Path, PathBuf};

use conductor_sdk::validate::{ItemKind, check, check_configmap, check_items};
use conductor_sdk::{
    CapabilityManifest, DocumentKind, JobSpec, OperationResultSpec, RunnerConfigSpec,
};
use serde_json::{Value, json};

/// An item's label, namespace, name and outcome, as owned values to compare.
type Verdict = (String, Option<String>, Option<String>, Result<(), String>);

fn outcome(result: Result<(), conductor_sdk::validate::Invalid>) -> Result<(), String> {
    result.map_err(|invalid| format!("{:?}", invalid.errors))
}

/// The verdicts `check_items` gives.
fn quick(text: &str, kind: ItemKind) -> Result<Vec<Verdict>, String> {
    let mut out = Vec::new();
    check_items(text, kind, |v| {
        let owned = |name: Option<std::borrow::Cow<'_, str>>| name.map(|n| n.into_owned());
        out.push((
            v.item,
            owned(v.namespace),
            owned(v.name),
            outcome(v.outcome),
        ));
    })
    .map_err(|e| e.to_string())?;
    Ok(out)
}

/// The verdicts of reading every item and checking each on its own.
fn one_by_one(text: &str, kind: ItemKind) -> Result<Vec<Verdict>, String> {
    let items = conductor_sdk::input::read_items(text).map_err(|e| e.to_string())?;
    let verdict = |item: conductor_sdk::input::InputItem| {
        let value = &item.value;
        let (result, names) = match kind {
            ItemKind::ConfigMap => (check_configmap(value), true),
            ItemKind::Document(kind) => (check_as(kind, value), false),
        };
        let namespace = names.then(|| item.namespace().map(str::to_owned)).flatten();
        let name = names.then(|| item.name().map(str::to_owned)).flatten();
        (item.item.clone(), namespace, name, outcome(result))
    };
    Ok(items.into_iter().map(verdict).collect())
}

fn check_as(kind: DocumentKind, value: &Value) -> Result<(), conductor_sdk::validate::Invalid> {
    match kind {
        DocumentKind::CapabilityManifest => check::<CapabilityManifest>(value),
        DocumentKind::JobSpec => check::<JobSpec>(value),
        DocumentKind::OperationResult => check::<OperationResultSpec>(value),
        DocumentKind::RunnerConfigSpec => check::<RunnerConfigSpec>(value),
    }
}

/// Checks `items` as a top-level array and as lists with `items` before and after `kind`,
/// quickly and one by one; returns how many were valid.
fn agree(items: &[Value], kind: ItemKind) -> usize {
    let array = serde_json::to_string(items).unwrap();
    let pretty = serde_json::to_string_pretty(items).unwrap();
    let list_after = json!({"apiVersion": "v1", "kind": "List", "items": items}).to_string();
    let list_first = format!(r#"{{"items":{array},"kind":"ConfigMapList"}}"#);
    let mut valid = 0;
    for text in [&array, &pretty, &list_after, &list_first] {
        let quick = quick(text, kind).unwrap();
        assert_eq!(quick, one_by_one(text, kind).unwrap(), "{kind:?}");
        assert_eq!(quick.len(), items.len());
        valid = quick.iter().filter(|v| v.3.is_ok()).count();
    }
    valid
}

fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn files(folder: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for path in entries.map(|entry| entry.unwrap().path()) {
        if path.is_dir() {
            out.extend(files(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// Every document the repository ships of `kind`, valid ones and broken ones.
fn documents(kind: DocumentKind) -> Vec<Value> {
    let mut out = Vec::new();
    for root in ["tests/fixtures/go-wire", "tests/conformance/invalid"] {
        for path in files(&repository().join(root).join(kind.name())) {
            let text = std::fs::read_to_string(&path).unwrap();
            if let Ok(value) = serde_json::from_str::<Value>(&text) {
                out.push(value);
            }
        }
    }
    out
}

/// Every ConfigMap the repository ships, valid or not, each read on its own.
fn configmaps() -> Vec<Value> {
    let mut out = Vec::new();
    for folder in ["tests/fixtures/configmaps", "tests/hostile", "examples"] {
        for path in files(&repository().join(folder)) {
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let Ok(items) = conductor_sdk::input::read_items(&text) else {
                continue;
            };
            out.extend(items.into_iter().map(|item| item.value));
        }
    }
    out
}

#[test]
fn every_shipped_document_gets_the_verdict_it_gets_alone() {
    for kind in DocumentKind::ALL {
        let documents = documents(kind);
        assert!(documents.len() > 3, "{kind:?}: {}", documents.len());
        let valid = agree(&documents, ItemKind::Document(kind));
        assert!(
            valid > 0 && valid < documents.len(),
            "{kind:?}: {valid} valid"
        );
    }
}

#[test]
fn every_shipped_configmap_gets_the_verdict_it_gets_alone() {
    let configmaps = configmaps();
    assert!(configmaps.len() > 30, "{}", configmaps.len());
    let valid = agree(&configmaps, ItemKind::ConfigMap);
    assert!(valid > 3 && valid < configmaps.len(), "{valid} valid");
}

/// A valid result ConfigMap, changed by `change`.
fn configmap_with(change: impl FnOnce(&mut Value)) -> Value {
    let text = common::fixture_text("configmaps/valid-kubectl-get-yaml.yaml");
    let items = conductor_sdk::input::read_items(&text).unwrap();
    let mut configmap = items[0].value.clone();
    change(&mut configmap);
    configmap
}

#[test]
fn configmaps_out_of_the_ordinary_get_the_full_check() {
    let plain = configmap_with(|_| {});
    let changes: Vec<fn(&mut Value)> = vec![
        |c| c["binaryData"] = json!({"x": "AAAA"}),
        |c| c["binaryData"] = json!({"result": "AAAA"}),
        |c| c["binaryData"] = Value::Null,
        |c| c["data"]["other"] = json!(3),
        |c| c["data"]["bad key"] = json!("x"),
        |c| c["data"]["big"] = json!("x".repeat(1024 * 1024)),
        |c| c["data"] = Value::Null,
        |c| c["data"] = json!({}),
        |c| c["metadata"]["name"] = json!("Not_A_Name"),
        |c| c["metadata"]["name"] = json!(7),
        |c| c["metadata"]["name"] = Value::Null,
        |c| c["metadata"]["namespace"] = json!("a.b"),
        |c| c["metadata"] = json!("metadata"),
        |c| c["metadata"] = json!({}),
        |c| c["kind"] = json!("Secret"),
        |c| c["kind"] = json!(["ConfigMap"]),
        |c| c["data"]["result"] = json!("{\"Status\":\"Succeeded\"}"),
        |c| c["data"]["result"] = json!("not json"),
    ];
    let mut items = vec![plain.clone()];
    for change in &changes {
        let mut configmap = plain.clone();
        change(&mut configmap);
        items.push(configmap);
    }
    let valid = agree(&items, ItemKind::ConfigMap);
    assert!(valid >= 4, "{valid} valid");
}

#[test]
fn broken_json_yields_no_verdict_at_all() {
    let configmap = configmap_with(|_| {}).to_string();
    for text in [
        format!("[{configmap},{configmap},{configmap}"),
        format!("[{configmap},{configmap}] x"),
        format!(r#"[{configmap},{{"kind":"ConfigMap","kind":"ConfigMap"}}]"#),
    ] {
        let mut verdicts = 0;
        let result = check_items(&text, ItemKind::ConfigMap, |_| verdicts += 1);
        assert!(result.is_err());
        assert_eq!(verdicts, 0);
    }
}
