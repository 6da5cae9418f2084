//! The capability contract between Conductor runners and the operators that drive them.
//!
//! Conductor runs Kubernetes Jobs that perform named capabilities on Talos clusters
//! (bootstrap a cluster, back up etcd, deploy a pack ...). Four documents pass between a
//! runner and the operators:
//!
//! | document | written by | read by |
//! |---|---|---|
//! | [`CapabilityManifest`] | the agent, into its RunnerConfig's status | operators, before they submit a Job |
//! | [`JobSpec`] | operators, through [`JobSpecBuilder`] | operators, mapped to a `batch/v1` Job |
//! | [`OperationResultSpec`] | the runner Job, into a ConfigMap under `data.result` | the operator that submitted the Job |
//! | [`RunnerConfigSpec`] | operators, through [`generate_from_talos_cluster`] and [`generate_from_pack_build`] | the runner |
//!
//! The types are generated at build time from the JSON Schemas in the crate's `schemas/`
//! folder (see [`schema`]), and read and write exactly the JSON the original Go package
//! writes: Go's key order and spelling, `null` where Go writes `null`, Go's time format
//! and string escaping. See [`Document`] and [`wire`].
//!
//! # Building a Job
//!
//! ```
//! use conductor_sdk::{Capability, JobSpecBuilder};
//!
//! let spec = JobSpecBuilder::new()
//!     .with_capability(Capability::EtcdBackup)
//!     .with_cluster_ref("ccs-dev")
//!     .with_runner_image("registry.ontai.dev/ontai-dev/conductor:v1.9.3-r1")
//!     .with_secret_volume("s3-credentials", "/var/run/secrets/s3")
//!     .build()
//!     .unwrap();
//! assert_eq!(spec.name, "etcd-backup-ccs-dev");
//! assert!(spec.secret_volumes.unwrap()[0].read_only);
//! ```
//!
//! With the `k8s` feature (on by default), the `k8s` module renders a [`JobSpec`] into the
//! `batch/v1` Job that Kueue admits, writes and reads result ConfigMaps, and wraps a
//! [`RunnerConfigSpec`] in its `InfrastructureRunnerConfig` resource, as k8s-openapi
//! objects.
//!
//! # Generating a RunnerConfig
//!
//! ```
//! use conductor_sdk::{PackBuildSpec, generate_from_pack_build};
//!
//! let mut spec = generate_from_pack_build(&PackBuildSpec::default());
//! spec.runner_image = "registry.ontai.dev/ontai-dev/conductor:v1.9.3-r1".into();
//! assert_eq!(spec.phases[0].name, "compile");
//! ```
//!
//! # Reading a result and validating it
//!
//! ```
//! use conductor_sdk::{Document, OperationResultSpec, ResultStatus};
//! use conductor_sdk::validate::validate_operation_result;
//!
//! let json = br#"{"Phase":"","Status":"Failed","Capability":"node-patch",
//!     "StartedAt":"2026-05-02T08:15:00Z","CompletedAt":"2026-05-02T08:15:02.75Z",
//!     "Artifacts":[],"FailureReason":{"Category":"ValidationFailure",
//!     "Reason":"empty patch","FailedStep":""},"Steps":[],"DeployedResources":null,
//!     "ClusterPackRef":"","ClusterPackVersion":"","RBACDigest":"","WorkloadDigest":""}"#;
//!
//! // Lenient, like Go's reader:
//! let result = OperationResultSpec::from_json(json).unwrap();
//! assert_eq!(result.status, ResultStatus::Failed);
//!
//! // Strict: the schema and the contract's rules.
//! assert!(validate_operation_result(json).is_ok());
//! ```

mod capability;
mod document;
mod generated;
mod generators;
pub mod input;
mod job_spec;
#[cfg(feature = "k8s")]
pub mod k8s;
mod names;
pub mod schema;
mod strict_json;
mod time;
pub mod validate;
pub mod wire;
pub mod yaml;

pub use capability::UnknownCapability;
pub use document::{
    CanonicalizeError, Document, DocumentKind, ReadError, UnknownDocumentKind, escape_pointer,
};
pub use generated::*;
pub use generators::{
    COMPILE_PHASE, HelmSource, KustomizeSource, LAUNCH_PHASE, PackBuildSpec, RawManifestSource,
    TalosClusterSpec, generate_from_named_talos_cluster, generate_from_pack_build,
    generate_from_talos_cluster,
};
pub use job_spec::{
    BuildError, DEFAULT_NAMESPACE, DEFAULT_SERVICE_ACCOUNT, DEFAULT_TTL_SECONDS, JobSpecBuilder,
    derive_job_name, resolve_node_exclusions_from_runner_config,
};
pub use time::{GoTime, KubeTime, TimeError};
pub use yaml::{YamlError, YamlLimits};

/// The README's examples, run as doctests so that they stay true.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
