//! The command line as scripts use it: verdicts, output formats and exit codes.

mod common;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn cli() -> Command {
    Command::cargo_bin("conductor-sdk").expect("the binary is built")
}

fn fixture(relative: &str) -> String {
    common::fixtures_dir()
        .join(relative)
        .to_string_lossy()
        .into_owned()
}

#[test]
fn example_configmaps_give_the_expected_verdicts() {
    let expected: Vec<Value> =
        serde_json::from_slice(&common::fixture_bytes("configmaps/expected.json")).unwrap();
    assert!(expected.len() >= 6);
    for case in expected {
        let file = case["file"].as_str().unwrap();
        let code = i32::try_from(case["exit"].as_i64().unwrap()).unwrap();
        let needle = case["expect"].as_str().unwrap();
        let output = cli()
            .args(["validate", &fixture(&format!("configmaps/{file}"))])
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert_eq!(output.status.code(), Some(code), "{file}: {stdout}");
        assert!(
            stdout.contains(needle),
            "{file}: {needle:?} not in {stdout}"
        );
    }
}

#[test]
fn a_list_reports_the_invalid_item_and_counts() {
    cli()
        .args(["validate", &fixture("configmaps/list-one-invalid.json")])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "/items/1 ont-system/node-patch-result-ccs-dev: invalid",
        ))
        .stdout(predicate::str::contains("/Status"))
        .stdout(predicate::str::contains("2 valid, 1 invalid"));
}

#[test]
fn json_output_has_one_object_per_document() {
    let output = cli()
        .args([
            "validate",
            "--output",
            "json",
            &fixture("configmaps/list-one-invalid.json"),
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let report: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report.len(), 3);
    let invalid = &report[1];
    assert_eq!(invalid["item"], "/items/1");
    assert_eq!(invalid["namespace"], "ont-system");
    assert_eq!(invalid["name"], "node-patch-result-ccs-dev");
    assert_eq!(invalid["valid"], false);
    assert_eq!(invalid["errors"][0]["pointer"], "/Status");
    assert!(
        invalid["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("Unknown")
    );
    assert_eq!(report[0]["valid"], true);
    assert_eq!(report[0]["errors"], serde_json::json!([]));
    let keys: Vec<&String> = report[0].as_object().unwrap().keys().collect();
    for key in ["source", "item", "namespace", "name", "valid", "errors"] {
        assert!(keys.iter().any(|k| *k == key), "missing {key}");
    }
}

#[test]
fn every_go_configmap_and_the_examples_are_valid() {
    let mut paths: Vec<String> = common::fixture_files("go-wire/configmap")
        .iter()
        .map(|f| fixture(f))
        .collect();
    paths.push("examples/etcd-backup-result.yaml".into());
    paths.push("examples/result-configmaps.json".into());
    cli()
        .arg("validate")
        .args(&paths)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("9 valid, 0 invalid"));
}

#[test]
fn stdin_is_read_for_a_dash() {
    let yaml = common::fixture_text("configmaps/status-lowercase.yaml");
    cli()
        .args(["validate", "-"])
        .write_stdin(yaml)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "<stdin> ont-system/r1: invalid: /Status",
        ));
}

#[test]
fn an_unreadable_path_exits_2_and_says_so_on_stderr() {
    cli()
        .args(["validate", "no/such/file.yaml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read no/such/file.yaml"));
}

#[test]
fn usage_errors_exit_2() {
    cli().args(["validate"]).assert().code(2);
    cli()
        .args(["validate", "--kind", "nope", "x"])
        .assert()
        .code(2);
    cli().args(["fmt", "--kind", "nope"]).assert().code(2);
}

#[test]
fn unparseable_input_is_invalid_not_a_crash() {
    cli()
        .args(["validate", "-"])
        .write_stdin("{\"kind\": ")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("not valid JSON"));
    cli()
        .args(["validate", "-"])
        .write_stdin(vec![0xff, 0xfe, 0x00])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("not UTF-8"));
    cli()
        .args(["validate", "-"])
        .write_stdin("# nothing here\n")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("no document"));
}

#[test]
fn bare_documents_are_validated_with_kind() {
    for file in common::fixture_files("go-wire/runner-config-spec") {
        cli()
            .args(["validate", "--kind", "runner-config-spec", &fixture(&file)])
            .assert()
            .code(0);
    }
    let broken = r#"{"clusterRef":"c","runnerImage":"i","steps":[
        {"name":"a","capability":"node-patch","dependsOn":"b"},
        {"name":"b","capability":"node-reboot"}]}"#;
    cli()
        .args(["validate", "--kind", "runner-config-spec", "-"])
        .write_stdin(broken)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("/steps/0/dependsOn"));
    cli()
        .args([
            "validate",
            "--kind",
            "operation-result",
            &fixture("go-wire/operation-result/zero-value.json"),
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("/Capability"));
}

#[test]
fn fmt_writes_gos_bytes() {
    for file in common::fixture_files("go-wire/operation-result") {
        let expected = common::fixture_text(&file);
        cli()
            .args(["fmt", "--kind", "operation-result", &fixture(&file)])
            .assert()
            .code(0)
            .stdout(expected);
    }
    let pretty = r#"{ "runnerImage": "i", "clusterRef": "c", "phases": [] }"#;
    cli()
        .args(["fmt", "--kind", "runner-config-spec"])
        .write_stdin(pretty)
        .assert()
        .code(0)
        .stdout("{\"clusterRef\":\"c\",\"runnerImage\":\"i\"}\n");
}

#[test]
fn fmt_reads_yaml_too() {
    let yaml = "clusterRef: ccs-dev\nrunnerImage: img\nselfOperation: true\n";
    cli()
        .args(["fmt", "--kind", "runner-config-spec", "-"])
        .write_stdin(yaml)
        .assert()
        .code(0)
        .stdout("{\"clusterRef\":\"ccs-dev\",\"runnerImage\":\"img\",\"selfOperation\":true}\n");
}

#[test]
fn fmt_exits_1_when_the_document_cannot_be_read() {
    cli()
        .args(["fmt", "--kind", "operation-result", "-"])
        .write_stdin("[]")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("expected a JSON object"));
    cli()
        .args(["fmt", "--kind", "operation-result", "-"])
        .write_stdin(r#"{"StartedAt":"2026-04-01"}"#)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("/StartedAt"));
}

#[test]
fn schema_list_and_show() {
    cli()
        .args(["schema", "list"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("operation-result"))
        .stdout(predicate::str::contains("OperationResultSpec"));
    let shown = cli().args(["schema", "show", "job-spec"]).output().unwrap();
    assert_eq!(
        shown.stdout,
        std::fs::read("schemas/job-spec.schema.json").unwrap()
    );
    cli().args(["schema", "show", "nope"]).assert().code(2);
}

#[test]
fn capabilities_print_the_whole_catalog() {
    let output = cli()
        .args(["capabilities", "--output", "json"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let catalog: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
    let mut names: Vec<&str> = catalog
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    names.sort_unstable();
    let expected: Vec<String> =
        serde_json::from_slice(&common::fixture_bytes("go-wire/capability/all-names.json"))
            .unwrap();
    assert_eq!(names, expected);
    let compile = catalog
        .iter()
        .find(|c| c["name"] == "pack-compile")
        .unwrap();
    assert_eq!(compile["runsAsJob"], false);
    assert_eq!(compile["mode"], "compile");

    let text = cli().arg("capabilities").output().unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert_eq!(text.lines().count(), 21);
    assert!(text.contains("CapabilityPKIRotate"));
}

#[test]
fn codegen_prints_the_generated_source() {
    cli()
        .arg("codegen")
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("// @generated"))
        .stdout(predicate::str::contains("pub struct OperationResultSpec"));
}

#[test]
fn text_output_cannot_be_forged_by_names() {
    let configmap = serde_json::json!({
        "apiVersion": "v1", "kind": "ConfigMap",
        "metadata": { "name": "r: valid\nforged ont-system/x: valid\n1 valid, 0 invalid\u{1b}[2K" },
        "data": { "result": "{}" },
    });
    let output = cli()
        .args(["validate", "-"])
        .write_stdin(configmap.to_string())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(
        stdout.lines().count(),
        2,
        "one verdict line and the count: {stdout}"
    );
    assert!(!stdout.contains('\u{1b}'));
    assert!(stdout.contains("r: valid\\nforged"));
}

#[test]
fn a_valid_verdict_cannot_be_forged_by_a_file_name() {
    let folder = std::env::temp_dir().join(format!("conductor-cli-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    let path = folder.join("a: valid\nforged.json");
    let list = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/result-configmaps.json"
    ));
    std::fs::write(&path, list.unwrap()).unwrap();

    let output = cli().arg("validate").arg(&path).output().unwrap();
    std::fs::remove_dir_all(&folder).unwrap();
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(
        stdout.lines().count(),
        5,
        "four verdicts and the count: {stdout}"
    );
    assert!(
        stdout
            .lines()
            .take(4)
            .all(|line| line.contains("a: valid\\nforged.json /items/"))
    );
}

#[test]
fn a_message_on_standard_error_starts_a_line_of_its_own_in_a_merged_stream() {
    let binary = assert_cmd::cargo::cargo_bin("conductor-sdk");
    let bad = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/configmaps/list-one-invalid.json"
    );
    for output in ["json", "text"] {
        let script = format!(
            "'{}' validate --output {output} '{bad}' /nonexistent 2>&1",
            binary.display()
        );
        let merged = std::process::Command::new("sh")
            .args(["-c", &script])
            .output()
            .unwrap();
        assert_eq!(merged.status.code(), Some(2));
        let text = String::from_utf8(merged.stdout).unwrap();
        let message = text
            .lines()
            .filter(|line| line.contains("/nonexistent"))
            .collect::<Vec<_>>();
        assert_eq!(message.len(), 1, "{text}");
        assert!(
            message[0].starts_with("conductor-sdk: cannot read"),
            "{text}"
        );
    }
}

#[test]
fn fmt_reads_json_after_a_bom_and_does_not_expand_yaml_lists() {
    cli()
        .args(["fmt", "--kind", "runner-config-spec", "-"])
        .write_stdin("\u{feff}{\"clusterRef\":\"a\",\"clusterRef\":\"b\"}")
        .assert()
        .code(0)
        .stdout("{\"clusterRef\":\"b\",\"runnerImage\":\"\"}\n");
    cli()
        .args(["fmt", "--kind", "runner-config-spec", "-"])
        .write_stdin("kind: List\nitems:\n- clusterRef: x\n")
        .assert()
        .code(0)
        .stdout("{\"clusterRef\":\"\",\"runnerImage\":\"\"}\n");
}

#[test]
fn flow_style_yaml_configmaps_are_read_as_yaml() {
    let result = common::fixture_text("go-wire/operation-result/etcd-backup-succeeded.json");
    let flow = format!(
        "{{apiVersion: v1, kind: ConfigMap, metadata: {{name: r, namespace: ont-system}}, data: {{result: '{}'}}}}",
        result.trim()
    );
    cli()
        .args(["validate", "-"])
        .write_stdin(flow)
        .assert()
        .code(0);
}

/// The three ConfigMaps of `list-one-invalid.json`, the second one invalid, as values.
fn three_configmaps() -> Vec<Value> {
    let bytes = common::fixture_bytes("configmaps/list-one-invalid.json");
    let list: Value = serde_json::from_slice(&bytes).unwrap();
    list["items"].as_array().unwrap().clone()
}

/// The verdict lines of `validate -` on `input`, with the exit code.
fn verdicts(input: String) -> (Option<i32>, Vec<String>) {
    let output = cli()
        .args(["validate", "-"])
        .write_stdin(input)
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    (
        output.status.code(),
        stdout.lines().map(str::to_owned).collect(),
    )
}

fn assert_lines_start_with(lines: &[String], starts: &[&str]) {
    assert_eq!(lines.len(), starts.len(), "{lines:?}");
    for (line, start) in lines.iter().zip(starts) {
        assert!(
            line.starts_with(start),
            "{line:?} does not start with {start:?}"
        );
    }
}

#[test]
fn a_list_written_items_first_as_kubectl_does_is_judged_item_by_item() {
    let items = three_configmaps();
    // Keys in alphabetical order, as `kubectl get cm -o json` writes them: `items` first.
    let list = serde_json::json!({"apiVersion": "v1", "items": items, "kind": "List",
        "metadata": {"resourceVersion": ""}});
    let text = serde_json::to_string(&list).unwrap();
    assert!(text.find("\"items\"") < text.find("\"kind\":\"List\""));
    let (code, lines) = verdicts(text);
    assert_eq!(code, Some(1));
    let starts = [
        "<stdin> /items/0 ont-system/etcd-backup-result-ccs-dev: valid",
        "<stdin> /items/1 ont-system/node-patch-result-ccs-dev: invalid: /Status",
        "<stdin> /items/2 seam-tenant-ccs-dev/pack-deploy-result-cilium: valid",
        "2 valid, 1 invalid",
    ];
    assert_lines_start_with(&lines, &starts);
}

#[test]
fn a_yaml_stream_keeps_the_verdicts_before_a_broken_document() {
    let documents: Vec<String> = three_configmaps()
        .iter()
        .map(|item| format!("---\n{item}\n"))
        .collect();
    let (code, lines) = verdicts(format!("{}---\nkind: [\n", documents.concat()));
    assert_eq!(code, Some(1));
    let starts = [
        "<stdin> document 1 ont-system/etcd-backup-result-ccs-dev: valid",
        "<stdin> document 2 ont-system/node-patch-result-ccs-dev: invalid: /Status",
        "<stdin> document 3 seam-tenant-ccs-dev/pack-deploy-result-cilium: valid",
        "<stdin>: invalid: yaml syntax error at line 9",
        "2 valid, 2 invalid",
    ];
    assert_lines_start_with(&lines, &starts);
    assert!(
        lines[3].ends_with("; nothing after it was read"),
        "{}",
        lines[3]
    );
}

#[test]
fn a_duplicate_key_in_the_last_item_refuses_the_whole_json_input() {
    let name = r#""name":"pack-deploy-result-cilium""#;
    let list = serde_json::json!({"items": three_configmaps(), "kind": "List"});
    let text = serde_json::to_string(&list).unwrap();
    let text = text.replace(name, &format!("{name},{name}"));
    let (code, lines) = verdicts(text);
    assert_eq!(code, Some(1));
    assert_eq!(lines.len(), 2, "{lines:?}");
    let refusal = "<stdin>: invalid: duplicate key \"name\" at /items/2/metadata/name (line 1";
    assert!(lines[0].starts_with(refusal), "{}", lines[0]);
    assert_eq!(lines[1], "0 valid, 1 invalid");
}
