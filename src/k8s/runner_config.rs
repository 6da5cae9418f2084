//! The `InfrastructureRunnerConfig` resource that carries a [`RunnerConfigSpec`].

use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde::{Deserialize, Serialize};

use crate::RunnerConfigSpec;

/// An `InfrastructureRunnerConfig` resource (`infrastructure.ontai.dev/v1alpha1`): the
/// RunnerConfig an operator creates for a cluster, whose spec it generates.
///
/// The spec is written in its wire form (camelCase keys in Go's order, empty values left
/// out), which the resource's CRD accepts. The status is the agent's to write and is not
/// carried here.
///
/// ```
/// use conductor_sdk::k8s::{InfrastructureRunnerConfig, to_yaml};
/// use conductor_sdk::{TalosClusterSpec, generate_from_named_talos_cluster};
///
/// let mut spec = generate_from_named_talos_cluster("ccs-dev", &TalosClusterSpec::default());
/// spec.runner_image = "registry.ontai.dev/ontai-dev/conductor:v1.9.3-r1".into();
/// let resource = InfrastructureRunnerConfig::new("ccs-dev", Some("seam-system"), spec);
/// let yaml = to_yaml(&resource)?;
/// assert!(yaml.starts_with("apiVersion: infrastructure.ontai.dev/v1alpha1\n"));
/// assert!(yaml.contains("  clusterRef: ccs-dev\n"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InfrastructureRunnerConfig {
    /// Always [`API_VERSION`](Self::API_VERSION) for a resource made by
    /// [`new`](Self::new).
    pub api_version: String,
    /// Always [`KIND`](Self::KIND) for a resource made by [`new`](Self::new).
    pub kind: String,
    /// The resource's name, namespace, labels and annotations.
    pub metadata: ObjectMeta,
    /// The generated configuration the runner reads.
    pub spec: RunnerConfigSpec,
}

impl InfrastructureRunnerConfig {
    /// The resource's API group and version.
    pub const API_VERSION: &str = "infrastructure.ontai.dev/v1alpha1";

    /// The resource's kind.
    pub const KIND: &str = "InfrastructureRunnerConfig";

    /// A RunnerConfig named `name`, in `namespace` when given (else in whatever namespace
    /// it is created in), holding `spec`.
    pub fn new(name: &str, namespace: Option<&str>, spec: RunnerConfigSpec) -> Self {
        InfrastructureRunnerConfig {
            api_version: Self::API_VERSION.to_owned(),
            kind: Self::KIND.to_owned(),
            metadata: ObjectMeta {
                name: Some(name.to_owned()),
                namespace: namespace.map(str::to_owned),
                ..ObjectMeta::default()
            },
            spec,
        }
    }
}
