//! The screen checked against the full validator: whatever it vouches for, the full
//! validator accepts, and whatever it fails, the full validator refuses; on every document
//! the repository ships and on generated variations of the valid ones.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use proptest::prelude::*;
use serde_json::Value;

use super::check::{Verdict, check};
use super::tape::Tape;
use super::{rules, vouches_for_text};
use crate::DocumentKind;
use crate::input::read_items;

/// One document to judge: its kind, where it came from, and its JSON text.
struct Sample {
    kind: DocumentKind,
    origin: String,
    text: String,
}

fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every document file under the folders named after a document kind.
fn document_files(root: &Path, out: &mut Vec<Sample>) {
    for kind in DocumentKind::ALL {
        let folder = root.join(kind.name());
        for path in json_files(&folder) {
            let text = std::fs::read_to_string(&path).unwrap();
            let origin = path.display().to_string();
            out.push(Sample { kind, origin, text });
        }
    }
}

fn json_files(folder: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut files = Vec::new();
    for path in entries.map(|entry| entry.unwrap().path()) {
        if path.is_dir() {
            files.extend(json_files(&path));
        } else if path.extension().is_some_and(|e| e == "json") {
            files.push(path);
        }
    }
    files
}

/// The result documents held by every ConfigMap in `folder`, valid or not.
fn configmap_results(folder: &Path, out: &mut Vec<Sample>) {
    for entry in std::fs::read_dir(folder).unwrap() {
        let path = entry.unwrap().path();
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Ok(items) = read_items(&text) else {
            continue;
        };
        for item in items {
            if let Some(result) = item.value.pointer("/data/result").and_then(Value::as_str) {
                out.push(Sample {
                    kind: DocumentKind::OperationResult,
                    origin: format!("{} {}", path.display(), item.item),
                    text: result.to_owned(),
                });
            }
        }
    }
}

fn samples() -> Vec<Sample> {
    let root = repository();
    let mut samples = Vec::new();
    document_files(&root.join("tests/fixtures/go-wire"), &mut samples);
    document_files(&root.join("tests/conformance/invalid"), &mut samples);
    for folder in ["tests/fixtures/configmaps", "tests/hostile", "examples"] {
        configmap_results(&root.join(folder), &mut samples);
    }
    samples
}

/// What the full validator says of `text`: `None` when it is not strict JSON.
fn full_verdict(kind: DocumentKind, text: &str) -> Option<bool> {
    let value = crate::strict_json::parse(text.as_bytes()).ok()?;
    Some(crate::schema::validator(kind).is_valid(&value))
}

/// Fails the test when the screen contradicts the full validator on `text`.
fn agrees(kind: DocumentKind, text: &str) -> Result<(), String> {
    let full = full_verdict(kind, text);
    let on_tape = Tape::read(text).map(|tape| check(rules(kind), 0, (&tape, 0)));
    let on_value = serde_json::from_str::<Value>(text)
        .ok()
        .map(|value| check(rules(kind), 0, &value));
    for verdict in [on_tape, on_value].into_iter().flatten() {
        let contradicts = match verdict {
            Verdict::Pass => full != Some(true),
            Verdict::Fail => full == Some(true),
            Verdict::Unsure => false,
        };
        if contradicts {
            return Err(format!("screen {verdict:?}, full validator {full:?}"));
        }
    }
    if on_tape == Some(Verdict::Pass) && full.is_none() {
        return Err("the tape read text the strict reader refuses".to_owned());
    }
    Ok(())
}

#[test]
fn the_screen_never_contradicts_the_full_validator_on_shipped_documents() {
    let samples = samples();
    assert!(samples.len() > 80, "only {} samples", samples.len());
    for sample in &samples {
        if let Err(problem) = agrees(sample.kind, &sample.text) {
            panic!("{}: {problem}", sample.origin);
        }
    }
}

#[test]
fn the_screen_vouches_for_every_valid_go_document() {
    let mut samples = Vec::new();
    document_files(&repository().join("tests/fixtures/go-wire"), &mut samples);
    let valid: Vec<&Sample> = samples
        .iter()
        .filter(|s| full_verdict(s.kind, &s.text) == Some(true))
        .collect();
    assert!(valid.len() >= 10, "only {} valid samples", valid.len());
    for sample in valid {
        assert!(
            vouches_for_text(sample.kind, &sample.text),
            "{}",
            sample.origin
        );
    }
}

#[test]
fn the_screen_fails_plainly_broken_results() {
    let base: Value = serde_json::from_str(&valid_result()).unwrap();
    let broken = [
        ("/Status", Value::from("succeeded")),
        ("/Capability", Value::from("etcd-backupp")),
        ("/Steps", Value::from("none")),
        ("/RBACDigest", Value::from("sha256:ABC")),
    ];
    for (pointer, replacement) in broken {
        let mut document = base.clone();
        *document.pointer_mut(pointer).unwrap() = replacement;
        let verdict = check(rules(DocumentKind::OperationResult), 0, &document);
        assert_eq!(verdict, Verdict::Fail, "{pointer}");
    }
}

fn valid_result() -> String {
    let path = "tests/fixtures/go-wire/operation-result/bootstrap-multistep-failure.json";
    std::fs::read_to_string(repository().join(path)).unwrap()
}

/// Strings that sit on the edges of the schemas' patterns, formats and lengths.
fn edge_string() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("Failed".to_owned()),
        Just("Succeeded".to_owned()),
        Just("etcd-backup".to_owned()),
        Just("ConfigMap".to_owned()),
        Just("OCIImage".to_owned()),
        Just("ont-system/result".to_owned()),
        Just("2026-02-29T10:00:00Z".to_owned()),
        Just("2024-02-29T10:00:00.5+02:00".to_owned()),
        Just("2026-04-01T23:59:60Z".to_owned()),
        Just("2026-04-01t10:00:00z".to_owned()),
        Just(format!("sha256:{}", "a".repeat(64))),
        Just(format!("sha256:{}\n", "a".repeat(64))),
        Just("ont-system/ré".to_owned()),
        Just("a\u{2028}b".to_owned()),
        Just("x".repeat(2049)),
        "[ -~]{0,12}",
        "\\PC{0,6}",
    ]
}

/// A value of any JSON type, leaning on the edges above.
fn edge_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        4 => edge_string().prop_map(Value::from),
        1 => Just(Value::Null),
        1 => any::<bool>().prop_map(Value::from),
        1 => any::<i64>().prop_map(Value::from),
        1 => Just(serde_json::json!(2.0)),
        1 => Just(serde_json::json!([])),
        1 => Just(serde_json::json!({})),
    ]
}

/// Every JSON Pointer into `value`, containers included.
fn pointers(value: &Value, at: &str, out: &mut Vec<String>) {
    out.push(at.to_owned());
    match value {
        Value::Object(members) => {
            for (key, member) in members {
                pointers(member, &format!("{at}/{}", crate::escape_pointer(key)), out);
            }
        }
        Value::Array(elements) => {
            for (index, element) in elements.iter().enumerate() {
                pointers(element, &format!("{at}/{index}"), out);
            }
        }
        _ => {}
    }
}

/// One change to a document: replace a value, remove a member, or add one.
#[derive(Clone, Debug)]
enum Change {
    Replace(usize, Value),
    Remove(usize),
    Add(usize, String, Value),
}

fn change() -> impl Strategy<Value = Change> {
    let key = prop_oneof![
        Just("status".to_owned()),
        Just("Name".to_owned()),
        Just("Extra".to_owned())
    ];
    prop_oneof![
        3 => (any::<usize>(), edge_value()).prop_map(|(at, v)| Change::Replace(at, v)),
        1 => any::<usize>().prop_map(Change::Remove),
        1 => (any::<usize>(), key, edge_value()).prop_map(|(at, k, v)| Change::Add(at, k, v)),
    ]
}

fn apply(document: &mut Value, change: &Change) {
    let mut all = Vec::new();
    pointers(document, "", &mut all);
    let pick = |at: usize| all[at % all.len()].clone();
    match change {
        Change::Replace(at, value) => *document.pointer_mut(&pick(*at)).unwrap() = value.clone(),
        Change::Remove(at) => {
            let pointer = pick(*at);
            if let Some((parent, key)) = pointer.rsplit_once('/')
                && let Some(Value::Object(members)) = document.pointer_mut(parent)
            {
                members.remove(&key.replace("~1", "/").replace("~0", "~"));
            }
        }
        Change::Add(at, key, value) => {
            if let Some(Value::Object(members)) = document.pointer_mut(&pick(*at)) {
                members.insert(key.clone(), value.clone());
            }
        }
    }
}

fn go_documents() -> &'static [(DocumentKind, Value)] {
    static DOCUMENTS: OnceLock<Vec<(DocumentKind, Value)>> = OnceLock::new();
    DOCUMENTS.get_or_init(|| {
        let mut samples = Vec::new();
        document_files(&repository().join("tests/fixtures/go-wire"), &mut samples);
        samples
            .into_iter()
            .filter_map(|s| Some((s.kind, serde_json::from_str(&s.text).ok()?)))
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn the_screen_never_contradicts_the_full_validator_on_changed_documents(
        pick in any::<usize>(),
        changes in proptest::collection::vec(change(), 1..4),
    ) {
        let documents = go_documents();
        let (kind, mut document) = documents[pick % documents.len()].clone();
        for change in &changes {
            apply(&mut document, change);
        }
        let text = serde_json::to_string(&document).unwrap();
        prop_assert_eq!(agrees(kind, &text), Ok(()), "{}", text);
    }
}
