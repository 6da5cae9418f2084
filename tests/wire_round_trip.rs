//! Every Go-written fixture reads and writes back byte for byte.

mod common;

use conductor_sdk::{CapabilityManifest, Document, JobSpec, OperationResultSpec, RunnerConfigSpec};

/// Reads `relative` as `T` and checks that writing it back gives the same bytes.
fn assert_round_trip<T: Document>(relative: &str) {
    let bytes = common::fixture_bytes(relative);
    let document = T::from_json(&bytes).unwrap_or_else(|e| panic!("{relative}: {e}"));
    let mut written = document
        .to_json()
        .unwrap_or_else(|e| panic!("{relative}: {e}"));
    written.push(b'\n');
    assert_eq!(
        String::from_utf8_lossy(&written),
        String::from_utf8_lossy(&bytes),
        "{relative} does not round-trip"
    );
}

#[test]
fn operation_results_round_trip() {
    let files = common::fixture_files("go-wire/operation-result");
    assert!(
        files.len() >= 13,
        "expected the operation-result fixtures, found {files:?}"
    );
    for file in files {
        assert_round_trip::<OperationResultSpec>(&file);
    }
}

#[test]
fn capability_manifests_round_trip() {
    for file in common::fixture_files("go-wire/capability-manifest") {
        assert_round_trip::<CapabilityManifest>(&file);
    }
}

#[test]
fn job_specs_round_trip() {
    let files = common::fixture_files("go-wire/job-spec");
    for file in files.iter().filter(|f| !f.ends_with("build-errors.json")) {
        assert_round_trip::<JobSpec>(file);
    }
}

#[test]
fn runner_config_specs_round_trip() {
    let files = common::fixture_files("go-wire/runner-config-spec");
    assert_eq!(files.len(), 5, "{files:?}");
    for file in files {
        assert_round_trip::<RunnerConfigSpec>(&file);
    }
}

#[test]
fn results_inside_configmaps_round_trip() {
    for file in common::fixture_files("go-wire/configmap") {
        let configmap: serde_json::Value = serde_json::from_slice(&common::fixture_bytes(&file))
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        let result = configmap["data"]["result"]
            .as_str()
            .expect("data.result is a string");
        let document = OperationResultSpec::from_json(result.as_bytes())
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        let written = String::from_utf8(document.to_json().unwrap()).unwrap();
        assert_eq!(written, result, "{file}: the result does not round-trip");
    }
}
