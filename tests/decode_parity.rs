//! The reader takes what Go's `json.Unmarshal` takes and refuses what it refuses: for
//! every input Go read, `fmt` writes what Go wrote back (compared as parsed JSON).

mod common;

use conductor_sdk::DocumentKind;
use serde_json::Value;

#[test]
fn the_reader_agrees_with_go_on_every_recorded_input() {
    let cases: Vec<Value> =
        serde_json::from_slice(&common::fixture_bytes("go-decode/decode-parity.json")).unwrap();
    assert!(
        cases.len() >= 25,
        "expected the whole table, found {}",
        cases.len()
    );

    for case in &cases {
        let name = case["name"].as_str().unwrap();
        let kind: DocumentKind = case["kind"].as_str().unwrap().parse().unwrap();
        let input = case["input"].as_str().unwrap();
        let outcome = kind.canonicalize(input.as_bytes());

        match (&case["goReencodes"], outcome) {
            (Value::String(expected), Ok(bytes)) => {
                let ours: Value = serde_json::from_slice(&bytes).unwrap();
                let go: Value = serde_json::from_str(expected).unwrap();
                assert_eq!(ours, go, "{name}: reads differently from Go");
            }
            (Value::String(_), Err(error)) => {
                let may_refuse = case.get("mayRefuse").is_some();
                assert!(may_refuse, "{name}: Go reads it, we refuse it: {error}");
            }
            (_, Ok(bytes)) => {
                let go_error = case["goError"].as_str().unwrap_or("?");
                let ours = String::from_utf8_lossy(&bytes);
                panic!("{name}: Go refuses it ({go_error}), we read {ours}");
            }
            (_, Err(_)) => {}
        }
    }
}

/// Go behaviours beyond the recorded table: `null` items of a list and `null` values of a
/// map read as zero values, and a top-level `null` reads as the zero document.
#[test]
fn null_items_and_values_read_as_zero_values() {
    let cases = [
        (
            DocumentKind::OperationResult,
            r#"{"Artifacts":[null]}"#,
            "/Artifacts/0/Name",
            "",
        ),
        (
            DocumentKind::JobSpec,
            r#"{"NodeExclusions":[null,"n"]}"#,
            "/NodeExclusions/1",
            "n",
        ),
        (
            DocumentKind::CapabilityManifest,
            r#"{"Entries":[{"name":"x","parameterSchema":{"a":null}}]}"#,
            "/Entries/0/parameterSchema/a/Type",
            "",
        ),
        (DocumentKind::RunnerConfigSpec, "null", "/runnerImage", ""),
    ];
    for (kind, input, pointer, expected) in cases {
        let bytes = kind
            .canonicalize(input.as_bytes())
            .unwrap_or_else(|e| panic!("{input}: {e}"));
        let written: Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(
            written.pointer(pointer),
            Some(&Value::from(expected)),
            "{input}: {written}"
        );
    }
}
