//! Values built in Rust serialize to exactly the bytes Go wrote for the same values.

mod common;

use std::collections::BTreeMap;

use conductor_sdk::{
    ArtifactKind, ArtifactRef, BuildError, Capability, CapabilityEntry, CapabilityManifest,
    Document, FailureCategory, FailureReason, GoTime, JobSpecBuilder, OperationResultSpec,
    PackBuildSpec, ParameterDef, ParameterType, ResultStatus, RunnerConfigSpec, StepResult,
    TalosClusterSpec, generate_from_pack_build, generate_from_talos_cluster,
    resolve_node_exclusions_from_runner_config,
};

const IMAGE: &str = "registry.ontai.dev/ontai-dev/conductor:v1.9.3-r1";

fn written<T: Document>(value: &T) -> String {
    let mut bytes = value.to_json().expect("writable");
    bytes.push(b'\n');
    String::from_utf8(bytes).expect("UTF-8")
}

fn time(text: &str) -> GoTime {
    text.parse().expect("valid time")
}

#[test]
fn the_builder_writes_gos_bootstrap_job_spec_apart_from_the_derived_name() {
    let mut spec = JobSpecBuilder::new()
        .with_capability(Capability::Bootstrap)
        .with_cluster_ref("ccs-dev")
        .with_runner_image(IMAGE)
        .with_queue_name("platform-system-queue")
        .with_operation_result_config_map("bootstrap-result-ccs-dev")
        .with_secret_volume("talosconfig-ccs-dev", "/var/run/secrets/talosconfig")
        .with_secret_volume("seam-mc-ccs-dev-kubeconfig", "/var/run/secrets/kubeconfig")
        .with_ttl(300)
        .with_node_exclusions(["ccs-mgmt-cp1", "ccs-mgmt-cp2"])
        .build()
        .unwrap();

    assert_eq!(spec.name, "bootstrap-ccs-dev");
    spec.name.clear();
    assert_eq!(
        written(&spec),
        common::fixture_text("go-wire/job-spec/bootstrap-full.json")
    );
}

#[test]
fn the_builder_writes_gos_minimal_job_spec_apart_from_the_derived_name() {
    let mut spec = JobSpecBuilder::new()
        .with_capability(Capability::EtcdDefrag)
        .with_runner_image(IMAGE)
        .with_node_exclusions(Vec::<String>::new())
        .build()
        .unwrap();

    assert_eq!(spec.name, "etcd-defrag");
    spec.name.clear();
    let expected = common::fixture_text("go-wire/job-spec/etcd-defrag-minimal.json");
    assert_eq!(written(&spec), expected);
}

#[test]
fn build_errors_are_reported_in_gos_order() {
    let go: BTreeMap<String, String> =
        serde_json::from_slice(&common::fixture_bytes("go-wire/job-spec/build-errors.json"))
            .unwrap();
    let cases = [
        ("missing-both", JobSpecBuilder::new()),
        (
            "missing-image",
            JobSpecBuilder::new().with_capability(Capability::Bootstrap),
        ),
        (
            "missing-capability",
            JobSpecBuilder::new().with_runner_image(IMAGE),
        ),
    ];
    for (case, builder) in cases {
        let error = builder.build().unwrap_err();
        let go_message = &go[case];
        let field = if go_message.contains("RunnerImage") {
            "RunnerImage"
        } else {
            "Capability"
        };
        let expected = match field {
            "RunnerImage" => BuildError::MissingImage,
            _ => BuildError::MissingCapability,
        };
        assert_eq!(error, expected, "{case}");
        assert!(error.to_string().contains(field), "{case}: {error}");
    }
}

#[test]
fn generators_write_gos_runner_config_specs() {
    let seed_example = TalosClusterSpec {
        cluster_endpoint: "10.20.0.10".into(),
        talos_version: "v1.9.3".into(),
        kubernetes_version: "v1.32.1".into(),
        install_disk: "/dev/sda".into(),
        control_plane_nodes: vec![
            "10.20.0.11".into(),
            "10.20.0.12".into(),
            "10.20.0.13".into(),
        ],
        worker_nodes: vec!["10.20.0.14".into(), "10.20.0.15".into()],
        seed_nodes: vec!["10.20.0.11".into()],
    };
    let mut spec = generate_from_talos_cluster(&seed_example);
    let folder = "go-wire/runner-config-spec";
    assert_eq!(
        written(&spec),
        common::fixture_text(&format!("{folder}/from-talos-cluster-seed-example.json"))
    );
    spec.runner_image = IMAGE.into();
    assert_eq!(
        written(&spec),
        common::fixture_text(&format!(
            "{folder}/from-talos-cluster-seed-example-with-image.json"
        ))
    );

    let zero = generate_from_talos_cluster(&TalosClusterSpec::default());
    let expected = common::fixture_text(&format!("{folder}/from-talos-cluster-zero.json"));
    assert_eq!(written(&zero), expected);

    let helm: PackBuildSpec = serde_json::from_value(serde_json::json!({
        "sourceHelm": {
            "repoURL": "https://helm.cilium.io", "chartName": "cilium", "chartVersion": "1.16.3",
            "values": { "kubeProxyReplacement": true }
        },
        "targetVersion": "1.16.3-r2"
    }))
    .unwrap();
    let expected = common::fixture_text(&format!("{folder}/from-pack-build-helm.json"));
    assert_eq!(written(&generate_from_pack_build(&helm)), expected);
}

#[test]
fn node_exclusions_match_go() {
    let text = common::fixture_bytes("go-wire/runner-config-spec/self-operation-upgrade.json");
    let mut spec = RunnerConfigSpec::from_json(&text).unwrap();
    let excluded = resolve_node_exclusions_from_runner_config(&spec);
    let expected = common::fixture_text("go-wire/node-exclusions/self-operation-upgrade.json");
    assert_eq!(
        format!("{}\n", serde_json::to_string(&excluded).unwrap()),
        expected
    );

    spec.self_operation = false;
    let excluded = resolve_node_exclusions_from_runner_config(&spec);
    let expected = common::fixture_text("go-wire/node-exclusions/tenant-operation.json");
    assert_eq!(
        format!("{}\n", serde_json::to_string(&excluded).unwrap()),
        expected
    );
}

#[test]
fn capability_names_match_gos_sorted_list() {
    let mut names: Vec<&str> = Capability::ALL.iter().map(|c| c.as_str()).collect();
    names.sort_unstable();
    let expected = common::fixture_text("go-wire/capability/all-names.json");
    assert_eq!(
        format!("{}\n", serde_json::to_string(&names).unwrap()),
        expected
    );
}

#[test]
fn an_operation_result_built_in_rust_matches_go() {
    let step = |name: &str, started: &str, completed: &str| StepResult {
        name: name.into(),
        status: ResultStatus::Succeeded,
        started_at: time(started),
        completed_at: time(completed),
        message: String::new(),
    };
    let result = OperationResultSpec {
        status: ResultStatus::Succeeded,
        capability: Capability::EtcdBackup.into(),
        started_at: time("2026-04-01T10:00:00.123456789Z"),
        completed_at: time("2026-04-01T10:02:31.5Z"),
        artifacts: Some(vec![ArtifactRef {
            name: "etcd-snapshot".into(),
            kind: ArtifactKind::S3Object,
            reference: "s3://ccs-backups/etcd-backup-ccs-dev-20260401T100000Z.snapshot".into(),
            checksum: String::new(),
        }]),
        steps: Some(vec![
            step(
                "etcd-snapshot",
                "2026-04-01T10:00:00.2Z",
                "2026-04-01T10:01:10Z",
            ),
            step(
                "s3-upload",
                "2026-04-01T10:01:10.000000001Z",
                "2026-04-01T10:02:31.4Z",
            ),
        ]),
        ..OperationResultSpec::default()
    };
    let expected = common::fixture_text("go-wire/operation-result/etcd-backup-succeeded.json");
    assert_eq!(written(&result), expected);
}

#[test]
fn html_escaping_matches_go() {
    let result = OperationResultSpec {
        status: ResultStatus::Failed,
        capability: Capability::HardeningApply.into(),
        started_at: time("2026-08-08T08:08:08.08Z"),
        completed_at: time("2026-08-08T08:09:00Z"),
        failure_reason: Some(FailureReason {
            category: FailureCategory::ExecutionFailure,
            reason: "profile <cis-level-2> & kernel args \"lockdown=integrity\" rejected\u{2028}line two\ttab".into(),
            failed_step: "apply".into(),
        }),
        steps: Some(vec![StepResult {
            name: "apply".into(),
            status: ResultStatus::Failed,
            started_at: time("2026-08-08T08:08:09Z"),
            completed_at: time("2026-08-08T08:09:00Z"),
            message: "sysctl net.ipv4.ip_forward=1 -> 0 é中🚀 \\ back".into(),
        }]),
        ..OperationResultSpec::default()
    };
    let expected = common::fixture_text("go-wire/operation-result/hardening-html-escaping.json");
    assert_eq!(written(&result), expected);
}

#[test]
fn zero_values_match_go() {
    let expected = common::fixture_text("go-wire/operation-result/zero-value.json");
    assert_eq!(written(&OperationResultSpec::default()), expected);
}

#[test]
fn a_manifest_built_in_rust_matches_go_and_never_writes_the_mode() {
    let parameter = |kind, required, description: &str, default: &str| ParameterDef {
        type_: kind,
        required,
        description: description.into(),
        default: default.into(),
    };
    let mut entries: Vec<CapabilityEntry> = Capability::ALL
        .into_iter()
        .filter(|c| *c != Capability::PackCompile)
        .map(|c| CapabilityEntry {
            name: c.into(),
            version: "v1.9.3-r1".into(),
            mode: c.mode(),
            ..CapabilityEntry::default()
        })
        .collect();
    entries.sort_by(|a, b| a.name.cmp(&b.name));
    for entry in &mut entries {
        match entry.name.as_str() {
            "cluster-reset" => {
                entry.description =
                    "destructive factory reset; requires ontai.dev/reset-approved=true".into();
            }
            "etcd-backup" => {
                entry.description = "etcd snapshot and machine config export to S3".into();
                entry.parameter_schema = BTreeMap::from([
                    (
                        "s3Bucket".into(),
                        parameter(ParameterType::String, true, "destination bucket", ""),
                    ),
                    (
                        "s3Credentials".into(),
                        parameter(
                            ParameterType::SecretRef,
                            true,
                            "Secret with S3 credentials",
                            "",
                        ),
                    ),
                    (
                        "s3Key".into(),
                        parameter(
                            ParameterType::String,
                            false,
                            "object key; generated when empty",
                            "",
                        ),
                    ),
                ]);
            }
            "node-reboot" => {
                entry.parameter_schema = BTreeMap::from([
                    (
                        "drainTimeoutSeconds".into(),
                        parameter(ParameterType::Int, false, "", "300"),
                    ),
                    (
                        "force".into(),
                        parameter(ParameterType::Bool, false, "", "false"),
                    ),
                ]);
            }
            _ => {}
        }
    }
    let manifest = CapabilityManifest {
        runner_version: "v1.9.3-r1".into(),
        published_at: time("2026-04-01T09:59:58.000000123Z"),
        entries: Some(entries),
    };
    let expected = common::fixture_text("go-wire/capability-manifest/agent-v1.9.3-r1.json");
    assert_eq!(written(&manifest), expected);
}
