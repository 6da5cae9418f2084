//! `conductor-sdk generate runner-config`: RunnerConfig resources from TalosClusters and
//! PackBuilds.

mod common;

use assert_cmd::Command;
use conductor_sdk::input::read_items;
use predicates::prelude::*;
use serde_json::Value;

const IMAGE: &str = "registry.ontai.dev/ontai-dev/conductor:v1.9.3-r1";

fn cli() -> Command {
    Command::cargo_bin("conductor-sdk").expect("the binary is built")
}

fn talos_cluster() -> String {
    common::fixtures_dir()
        .join("upstream/taloscluster-ccs-dev.yaml")
        .to_string_lossy()
        .into_owned()
}

/// Runs `generate runner-config` on `stdin` with `args`, expecting success; returns the
/// documents printed and stderr.
fn generate(stdin: &str, args: &[&str]) -> (Vec<Value>, String) {
    let output = cli()
        .args(["generate", "runner-config"])
        .args(args)
        .write_stdin(stdin)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let stdout = String::from_utf8(output.stdout).unwrap();
    let items = read_items(&stdout).unwrap();
    (items.into_iter().map(|i| i.value).collect(), stderr)
}

#[test]
fn a_talos_cluster_resource_names_its_cluster() {
    let (documents, stderr) = generate("", &["--from", &talos_cluster(), "--runner-image", IMAGE]);
    let [config] = documents.as_slice() else {
        panic!("expected one document");
    };
    assert_eq!(config["apiVersion"], "infrastructure.ontai.dev/v1alpha1");
    assert_eq!(config["kind"], "InfrastructureRunnerConfig");
    assert_eq!(config["metadata"]["name"], "ccs-dev");
    assert_eq!(config["metadata"]["namespace"], "seam-system");
    assert_eq!(config["spec"]["clusterRef"], "ccs-dev");
    assert_eq!(config["spec"]["runnerImage"], IMAGE);
    assert_eq!(
        config["spec"]["phases"],
        serde_json::json!([{"name": "launch"}])
    );
    assert_eq!(stderr, "");
}

#[test]
fn without_a_runner_image_the_output_says_it_must_be_set() {
    let output = cli()
        .args(["generate", "runner-config", "--from", &talos_cluster()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.starts_with("# spec.runnerImage is empty"),
        "{stdout}"
    );
    assert_eq!(
        read_items(&stdout).unwrap()[0].value["spec"]["runnerImage"],
        ""
    );
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("warning") && stderr.contains("runnerImage"),
        "{stderr}"
    );
}

#[test]
fn a_bare_talos_cluster_spec_falls_back_to_its_endpoint() {
    let spec = r#"{"clusterEndpoint": "10.20.0.20:6443", "talosVersion": "v1.9.3"}"#;
    let (documents, _) = generate(spec, &["--from", "-", "--name", "ccs-dev"]);
    assert_eq!(documents[0]["metadata"]["name"], "ccs-dev");
    assert_eq!(documents[0]["metadata"].get("namespace"), None);
    assert_eq!(documents[0]["spec"]["clusterRef"], "10.20.0.20:6443");
}

#[test]
fn a_pack_build_gives_a_compile_phase_without_a_cluster() {
    let yaml = "sourceHelm:\n  repoURL: https://helm.cilium.io\n  chartName: cilium\n\
                targetVersion: 1.16.3-r2\n";
    let (documents, _) = generate(yaml, &["--from", "-", "--name", "cilium-1-16-3"]);
    assert_eq!(documents[0]["spec"]["clusterRef"], "");
    assert_eq!(documents[0]["spec"]["phases"][0]["name"], "compile");

    let resource = "kind: PackBuild\nmetadata:\n  name: cilium\nspec:\n  targetVersion: '1'\n";
    let (documents, _) = generate(resource, &["--from", "-", "--runner-image", IMAGE]);
    assert_eq!(documents[0]["metadata"]["name"], "cilium");
    assert_eq!(documents[0]["spec"]["phases"][0]["name"], "compile");
}

#[test]
fn a_stream_gives_one_runner_config_per_document() {
    let stream = "kind: InfrastructureTalosCluster\nmetadata: {name: a}\nspec: {}\n---\n\
                  kind: InfrastructureTalosCluster\nmetadata: {name: b}\nspec: {}\n";
    let (documents, _) = generate(stream, &["--from", "-", "--runner-image", IMAGE]);
    let refs: Vec<&Value> = documents.iter().map(|d| &d["spec"]["clusterRef"]).collect();
    assert_eq!(refs, ["a", "b"]);
}

#[test]
fn inputs_it_cannot_use_are_refused() {
    let run = |stdin: &str, args: &[&str]| {
        cli()
            .args(["generate", "runner-config", "--from", "-"])
            .args(args)
            .write_stdin(stdin.to_owned())
            .assert()
    };
    run("kind: Pod\nmetadata: {name: p}\n", &[])
        .code(1)
        .stderr(predicate::str::contains(
            "a Pod is neither a TalosCluster nor a PackBuild",
        ));
    run(r#"{"clusterEndpoint": "10.20.0.20"}"#, &[])
        .code(2)
        .stderr(predicate::str::contains("pass --name"));
    run(r#"{"mode": "import"}"#, &["--name", "x"])
        .code(1)
        .stderr(predicate::str::contains("cannot tell whether"));
    run(r#"{"clusterEndpoint": 5}"#, &["--name", "x"])
        .code(1)
        .stderr(predicate::str::contains("cannot read the TalosClusterSpec"));
    cli()
        .args([
            "generate",
            "runner-config",
            "--from",
            "/nonexistent/cluster.yaml",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "cannot read /nonexistent/cluster.yaml",
        ));
}
