//! The JobSpecs whose rendered Jobs are pinned by `tests/golden_jobs.rs` and checked
//! against the Kubernetes schema by `tests/kubernetes_validate.rs`.

use conductor_sdk::{
    Capability, Document, JobSpec, JobSpecBuilder, RunnerConfigSpec,
    resolve_node_exclusions_from_runner_config,
};

use super::common;

const IMAGE: &str = "registry.ontai.dev/ontai-dev/conductor:v1.9.3-r1";

/// Each case's name (its golden file is `tests/golden/jobs/<name>.yaml`) and JobSpec.
pub fn job_cases() -> Vec<(&'static str, JobSpec)> {
    let minimal = JobSpecBuilder::new()
        .with_capability(Capability::EtcdDefrag)
        .with_runner_image(IMAGE)
        .build()
        .unwrap();

    let from_go = JobSpec::from_json(&common::fixture_bytes(
        "go-wire/job-spec/bootstrap-full.json",
    ))
    .unwrap();

    let upgrade = RunnerConfigSpec::from_json(&common::fixture_bytes(
        "go-wire/runner-config-spec/self-operation-upgrade.json",
    ))
    .unwrap();
    let exclusions = resolve_node_exclusions_from_runner_config(&upgrade).unwrap();
    let self_operation = JobSpecBuilder::new()
        .with_capability(Capability::NodePatch)
        .with_runner_image(IMAGE)
        .with_cluster_ref("10.20.0.20:6443")
        .with_namespace("seam-system")
        .with_queue_name("platform-system-queue")
        .with_operation_result_config_map("node-patch-result-ccs-mgmt")
        .with_secret_volume("talosconfig.ccs-mgmt", "/var/run/secrets/talosconfig")
        .with_secret_volume("talosconfig.ccs-mgmt", "/etc/talos")
        .with_ttl(0)
        .with_service_account_name("conductor-platform")
        .with_node_exclusions(exclusions)
        .build()
        .unwrap();

    let long_cluster = JobSpecBuilder::new()
        .with_capability(Capability::MachineConfigRestore)
        .with_runner_image(IMAGE)
        .with_cluster_ref("tenant-cluster-with-a-rather-long-name-for-its-region-eu-west-2")
        .with_operation_result_config_map("machineconfig-restore-result")
        .build()
        .unwrap();

    vec![
        ("etcd-defrag-minimal", minimal),
        ("bootstrap-full-from-go", from_go),
        ("node-patch-self-operation", self_operation),
        ("machineconfig-restore-long-cluster", long_cluster),
    ]
}
