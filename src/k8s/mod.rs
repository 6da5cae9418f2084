//! Kubernetes objects for the contract, as [`k8s_openapi`] types: the runner Job an
//! operator submits, the result ConfigMap a runner writes and an operator reads, and the
//! RunnerConfig resource an operator creates.
//!
//! ```
//! use conductor_sdk::{Capability, JobSpecBuilder};
//! use conductor_sdk::k8s::{QUEUE_NAME_LABEL, render_job, to_yaml};
//!
//! let spec = JobSpecBuilder::new()
//!     .with_capability(Capability::EtcdBackup)
//!     .with_cluster_ref("ccs-dev")
//!     .with_runner_image("registry.ontai.dev/ontai-dev/conductor:v1.9.3-r1")
//!     .with_queue_name("platform-system-queue")
//!     .build()?;
//! let job = render_job(&spec)?;
//!
//! let labels = job.metadata.labels.as_ref().unwrap();
//! assert_eq!(labels[QUEUE_NAME_LABEL], "platform-system-queue");
//! assert_eq!(job.spec.as_ref().unwrap().suspend, Some(true));
//! let yaml = to_yaml(&job)?; // ready for `kubectl apply -f -`
//! assert!(yaml.starts_with("apiVersion: batch/v1\nkind: Job\n"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Kubernetes version
//!
//! This module needs the `k8s` feature (on by default). Like every library built on
//! k8s-openapi, this crate enables none of its `v1_*` features: the application that
//! links it picks the Kubernetes version, once for its whole dependency graph, by
//! depending on `k8s-openapi` with one such feature (or by setting
//! `K8S_OPENAPI_ENABLED_VERSION`, such as `1.33`, when it builds). Everything here uses
//! only fields that every version k8s-openapi 0.29 supports (1.33 and later) knows.

mod configmap;
mod job;
mod labels;
mod manifest;
mod runner_config;

pub use configmap::{
    ResultConfigMapError, ResultReadError, result_from_configmap, result_to_configmap,
    validate_result_configmap,
};
pub use job::{
    CONTAINER_NAME, ENV_CAPABILITY, ENV_CLUSTER_REF, ENV_OPERATION_RESULT_CM, ENV_POD_NAMESPACE,
    EXECUTE_ARGS, HOSTNAME_LABEL, render_job, secret_volume_name,
};
pub use labels::{CAPABILITY_LABEL, CLUSTER_LABEL, QUEUE_NAME_LABEL, cluster_label_value};
pub use manifest::{ToYamlError, to_yaml};
pub use runner_config::InfrastructureRunnerConfig;
