//! The inputs fuzzing found problems with, kept in `fuzz/regressions/`, stay fixed.

use std::path::Path;

use conductor_sdk::input::read_items;
use conductor_sdk::validate::{validate_configmap, validate_operation_result};
use conductor_sdk::{GoTime, KubeTime};

fn regressions(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    let mut found: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("the regressions folder")
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(target)
        })
        .map(|path| (path.display().to_string(), std::fs::read(&path).unwrap()))
        .collect();
    found.sort();
    found
}

#[test]
fn configmap_validation_never_repeats_a_pem_header() {
    let inputs = regressions("validate_configmap-");
    assert!(inputs.len() >= 4);
    for (name, bytes) in inputs {
        // As the fuzz target does: the bytes as a result's JSON text, then every item.
        let mut outcomes = vec![validate_operation_result(&bytes).map(drop)];
        let text = String::from_utf8(bytes).unwrap();
        let items = read_items(&text).unwrap_or_default();
        outcomes.extend(
            items
                .iter()
                .map(|item| validate_configmap(&item.value).map(drop)),
        );
        for invalid in outcomes.into_iter().filter_map(Result::err) {
            for error in &invalid.errors {
                let shown = format!("{error} {}", error.pointer());
                assert!(!shown.contains("-----BEGIN"), "{name}: {shown}");
            }
        }
    }
}

#[test]
fn times_read_back_as_written() {
    let inputs = regressions("go_time-");
    assert!(!inputs.is_empty());
    for (name, bytes) in inputs {
        let text = String::from_utf8_lossy(&bytes).trim().to_owned();
        if let Ok(time) = KubeTime::parse(&text) {
            let again = KubeTime::parse(&time.to_string());
            assert!(again.is_ok(), "{name}: {time} does not read back");
        }
        if let Ok(time) = GoTime::parse(&text) {
            assert_eq!(GoTime::parse(&time.to_string()).ok(), Some(time), "{name}");
        }
    }
}
