//! `conductor-sdk job`: the Job YAML or JobSpec JSON it prints, and its exit codes.

use assert_cmd::Command;
use conductor_sdk::input::read_items;
use conductor_sdk::{Capability, Document, JobSpecBuilder};
use predicates::prelude::*;
use serde_json::Value;

const IMAGE: &str = "registry.ontai.dev/ontai-dev/conductor:v1.9.3-r1";

fn cli() -> Command {
    Command::cargo_bin("conductor-sdk").expect("the binary is built")
}

/// Runs `job` with `args` after the capability and image, expecting success, and returns
/// stdout.
fn job(args: &[&str]) -> String {
    let output = cli()
        .args(["job", "--capability", "etcd-backup", "--image", IMAGE])
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    String::from_utf8(output.stdout).unwrap()
}

fn only_document(yaml: &str) -> Value {
    let items = read_items(yaml).unwrap();
    assert_eq!(items.len(), 1, "{yaml}");
    items[0].value.clone()
}

#[test]
fn the_default_output_is_the_job_as_yaml() {
    let yaml = job(&[
        "--cluster",
        "ccs-dev",
        "--queue",
        "platform-system-queue",
        "--namespace",
        "seam-system",
        "--result-configmap",
        "etcd-backup-result-ccs-dev",
        "--secret",
        "s3-credentials:/var/run/secrets/s3",
        "--secret",
        "talosconfig-ccs-dev:/var/run/secrets/talosconfig",
        "--ttl",
        "300",
        "--exclude-node",
        "ccs-mgmt-cp1",
    ]);
    assert!(
        yaml.starts_with("apiVersion: batch/v1\nkind: Job\n"),
        "{yaml}"
    );
    let job = only_document(&yaml);
    assert_eq!(job["metadata"]["name"], "etcd-backup-ccs-dev");
    assert_eq!(job["metadata"]["namespace"], "seam-system");
    let labels = &job["metadata"]["labels"];
    assert_eq!(labels["kueue.x-k8s.io/queue-name"], "platform-system-queue");
    assert_eq!(job["spec"]["suspend"], true);
    assert_eq!(job["spec"]["ttlSecondsAfterFinished"], 300);
    let pod = &job["spec"]["template"]["spec"];
    assert_eq!(pod["volumes"].as_array().unwrap().len(), 2);
    let mounts = pod["containers"][0]["volumeMounts"].as_array().unwrap();
    assert_eq!(mounts[1]["mountPath"], "/var/run/secrets/talosconfig");
    let env = &pod["containers"][0]["env"];
    assert_eq!(env[2]["value"], "etcd-backup-result-ccs-dev");
    let term = &pod["affinity"]["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"];
    let requirement = &term["nodeSelectorTerms"][0]["matchExpressions"][0];
    assert_eq!(requirement["values"], serde_json::json!(["ccs-mgmt-cp1"]));
}

#[test]
fn the_spec_output_is_the_builders_jobspec_in_go_form() {
    let json = job(&["--cluster", "ccs-dev", "--output", "spec"]);
    let expected = JobSpecBuilder::new()
        .with_capability(Capability::EtcdBackup)
        .with_runner_image(IMAGE)
        .with_cluster_ref("ccs-dev")
        .build()
        .unwrap()
        .to_json()
        .unwrap();
    assert_eq!(json.as_bytes(), [expected.as_slice(), b"\n"].concat());
}

#[test]
fn a_spec_the_builder_refuses_exits_1_naming_field_and_value() {
    let long_queue = "q".repeat(64);
    let cases: [(&[&str], &str); 4] = [
        (&["--queue", &long_queue], "queue_name \"qqqq"),
        (&["--ttl", "-1"], "TTL -1 seconds is negative"),
        (
            &["--secret", "s:relative/path"],
            "\"relative/path\", which is not absolute",
        ),
        (&["--namespace", "Seam"], "namespace \"Seam\""),
    ];
    for (args, needle) in cases {
        cli()
            .args(["job", "--capability", "etcd-backup", "--image", IMAGE])
            .args(args)
            .assert()
            .code(1)
            .stdout("")
            .stderr(predicate::str::contains(needle));
    }
    cli()
        .args(["job", "--capability", "pack-compile", "--image", IMAGE])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "\"pack-compile\" does not run as a Job",
        ));
}

#[test]
fn usage_errors_exit_2() {
    let cases: [&[&str]; 4] = [
        &["job", "--capability", "etcd-backupp", "--image", IMAGE],
        &["job", "--capability", "etcd-backup"],
        &[
            "job",
            "--capability",
            "etcd-backup",
            "--image",
            IMAGE,
            "--secret",
            "nopath",
        ],
        &[
            "job",
            "--capability",
            "etcd-backup",
            "--image",
            IMAGE,
            "--output",
            "pod",
        ],
    ];
    for args in cases {
        cli().args(args).assert().code(2).stdout("");
    }
    cli()
        .args(["job", "--capability", "etcd-backupp", "--image", IMAGE])
        .assert()
        .stderr(predicate::str::contains(
            "unknown capability \"etcd-backupp\"",
        ));
}
