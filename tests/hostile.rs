//! Hostile and malformed inputs: each gets a clear verdict (exit 1 with the expected
//! message), never a crash, and no message repeats key material.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn cli() -> Command {
    Command::cargo_bin("conductor-sdk").expect("the binary is built")
}

/// Runs `validate` in text and JSON form; returns the exit code and both outputs.
fn validate(kind: &str, input: Vec<u8>) -> (i32, String, String) {
    let run = |output: &str| {
        let result = cli()
            .args(["validate", "--kind", kind, "--output", output, "-"])
            .write_stdin(input.clone())
            .output()
            .expect("the CLI runs");
        let text = String::from_utf8_lossy(&result.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&result.stderr).into_owned();
        assert!(!stderr.contains("panicked"), "the CLI panicked: {stderr}");
        (
            result
                .status
                .code()
                .expect("exited normally, not by a signal"),
            text,
        )
    };
    let (code, text) = run("text");
    let (json_code, json) = run("json");
    assert_eq!(
        code, json_code,
        "text and JSON output disagree on the exit code"
    );
    serde_json::from_str::<Vec<Value>>(&json).expect("JSON output is a JSON array");
    (code, text, json)
}

#[test]
fn every_corpus_file_gets_its_expected_verdict() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile");
    let cases: Vec<Value> =
        serde_json::from_slice(&std::fs::read(dir.join("expected.json")).unwrap()).unwrap();
    assert!(cases.len() >= 30);

    for case in cases {
        let file = case["file"].as_str().unwrap();
        let kind = case["kind"].as_str().unwrap_or("configmap");
        let input = std::fs::read(dir.join(file)).unwrap();
        let (code, text, json) = validate(kind, input);

        let expected_code = i32::try_from(case["exit"].as_i64().unwrap()).unwrap();
        assert_eq!(code, expected_code, "{file}: {text}");
        let expect = case["expect"].as_str().unwrap();
        assert!(text.contains(expect), "{file}: {expect:?} not in {text}");
        if let Some(forbid) = case["forbid"].as_str() {
            assert!(
                !text.contains(forbid),
                "{file}: the text output repeats key material"
            );
            assert!(
                !json.contains(forbid),
                "{file}: the JSON output repeats key material"
            );
        }
    }
}

#[test]
fn deep_json_nesting_is_refused() {
    let deep = format!("{}{}", "[".repeat(200_000), "]".repeat(200_000));
    let (code, text, _) = validate("configmap", deep.into_bytes());
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("recursion limit"), "{text}");

    let objects = format!("{}1{}", "{\"a\":".repeat(50_000), "}".repeat(50_000));
    let (code, text, _) = validate("operation-result", objects.into_bytes());
    assert_eq!(code, 1, "{text}");
}

#[test]
fn deep_yaml_nesting_is_refused() {
    let flow = format!("a: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let (code, text, _) = validate("configmap", flow.into_bytes());
    assert_eq!(code, 1);
    assert!(text.contains("nesting deeper than"), "{text}");

    let mut block = String::new();
    for depth in 0..5_000 {
        block.push_str(&" ".repeat(depth));
        block.push_str("- \n");
    }
    let (code, text, _) = validate("configmap", block.into_bytes());
    assert_eq!(code, 1);
    assert!(
        text.contains("nesting deeper than") || text.contains("invalid"),
        "{text}"
    );
}

#[test]
fn a_huge_result_string_is_refused_by_size() {
    let result = "x".repeat(3 * 1024 * 1024);
    let configmap = serde_json::json!({
        "apiVersion": "v1", "kind": "ConfigMap", "metadata": { "name": "big" },
        "data": { "result": result },
    });
    let (code, text, _) = validate("configmap", serde_json::to_vec(&configmap).unwrap());
    assert_eq!(code, 1);
    assert!(
        text.contains("a ConfigMap holds at most 1048576"),
        "{}",
        &text[..200.min(text.len())]
    );
}

#[test]
fn a_wide_flow_sequence_is_refused_without_reading_it_whole() {
    let wide = format!("data: [{}1]\n", "1,".repeat(3_000_000));
    let (code, text, _) = validate("configmap", wide.into_bytes());
    assert_eq!(code, 1);
    assert!(text.contains("invalid"), "{text}");
}

#[test]
fn nul_bytes_and_binary_noise_are_refused() {
    let noise: Vec<u8> = (0..10_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let (code, _, _) = validate("configmap", noise);
    assert_eq!(code, 1);
    let (code, text, _) = validate("configmap", b"\0\0\0".to_vec());
    assert_eq!(code, 1, "{text}");
}

#[test]
fn a_json_input_with_millions_of_values_is_refused_with_the_limit() {
    let list = format!(
        "{{\"kind\":\"List\",\"items\":[{}0]}}",
        "0,".repeat(4_100_000)
    );
    let (code, text, _) = validate("configmap", list.into_bytes());
    assert_eq!(code, 1);
    assert!(text.contains("more than 4000000 values"), "{text}");
}

#[test]
fn many_yaml_documents_cannot_add_up_to_unbounded_memory() {
    let document = format!("---\n[{}0]\n", "0,".repeat(900_000));
    let stream = document.repeat(6);
    let (code, text, _) = validate("configmap", stream.into_bytes());
    assert_eq!(code, 1);
    assert!(text.contains("more than 4000000 nodes"), "{text}");
}

#[test]
fn a_failed_write_to_stdout_fails_the_command() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        return; // Only where the system has a device that is always full.
    };
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_conductor-sdk"))
        .arg("capabilities")
        .stdout(full)
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(1));
}
