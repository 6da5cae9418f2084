//! Generating a [`RunnerConfigSpec`] from the spec of the resource an operator reconciles.
//!
//! The caller must set [`RunnerConfigSpec::runner_image`] before it creates the
//! RunnerConfig: the generators cannot know which runner image the operator deploys.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{RunnerConfigSpec, RunnerPhaseConfig};

/// The phase of a RunnerConfig generated for a TalosCluster.
pub const LAUNCH_PHASE: &str = "launch";

/// The phase of a RunnerConfig generated for a PackBuild.
pub const COMPILE_PHASE: &str = "compile";

/// The parts of a TalosCluster spec that a RunnerConfig is generated from.
///
/// Keys are camelCase, as in the TalosCluster resource (`clusterEndpoint`,
/// `talosVersion` ...); missing keys read as empty.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct TalosClusterSpec {
    /// The cluster's API endpoint, such as `10.20.0.10`.
    pub cluster_endpoint: String,
    /// The Talos version, such as `v1.9.3`.
    pub talos_version: String,
    /// The Kubernetes version, such as `v1.32.1`.
    pub kubernetes_version: String,
    /// The disk Talos installs to, such as `/dev/sda`.
    pub install_disk: String,
    /// The addresses of the control-plane nodes.
    pub control_plane_nodes: Vec<String>,
    /// The addresses of the worker nodes.
    pub worker_nodes: Vec<String>,
    /// The addresses of the nodes a bootstrap starts from.
    pub seed_nodes: Vec<String>,
}

/// The spec of a PackBuild: where a ClusterPack's manifests come from.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct PackBuildSpec {
    /// A Helm chart source, if the pack renders one.
    pub source_helm: Option<HelmSource>,
    /// A Kustomize overlay source, if the pack renders one.
    pub source_kustomize: Option<KustomizeSource>,
    /// Plain manifest files, if the pack includes any.
    pub source_raw: Vec<RawManifestSource>,
    /// The version of the ClusterPack to build, such as `1.16.3-r2`.
    pub target_version: String,
}

/// A Helm chart a PackBuild renders.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct HelmSource {
    /// The chart repository, such as `https://helm.cilium.io`.
    #[serde(rename = "repoURL", alias = "repoUrl")]
    pub repo_url: String,
    /// The chart's name, such as `cilium`.
    pub chart_name: String,
    /// The chart's version, such as `1.16.3`.
    pub chart_version: String,
    /// The values the chart is rendered with.
    pub values: BTreeMap<String, serde_json::Value>,
}

/// A Kustomize overlay a PackBuild renders.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct KustomizeSource {
    /// The path of the overlay.
    pub overlay_path: String,
}

/// A plain manifest file a PackBuild includes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct RawManifestSource {
    /// The path of the manifest file.
    pub path: String,
}

/// The RunnerConfig spec for a TalosCluster: the cluster endpoint as the cluster
/// reference, one `launch` phase, no steps and no history. The runner image is left
/// empty for the caller to set.
///
/// A spec carries no name, so the endpoint stands in for the cluster's identity here, as
/// in the Go original. When the TalosCluster resource is at hand, use
/// [`generate_from_named_talos_cluster`], which uses its name.
///
/// ```
/// use conductor_sdk::{TalosClusterSpec, generate_from_talos_cluster};
///
/// let cluster = TalosClusterSpec {
///     cluster_endpoint: "10.20.0.10".into(),
///     talos_version: "v1.9.3".into(),
///     ..TalosClusterSpec::default()
/// };
/// let mut spec = generate_from_talos_cluster(&cluster);
/// spec.runner_image = "registry.ontai.dev/ontai-dev/conductor:v1.9.3-r1".into();
///
/// assert_eq!(spec.cluster_ref, "10.20.0.10");
/// assert_eq!(spec.phases[0].name, "launch");
/// ```
pub fn generate_from_talos_cluster(cluster: &TalosClusterSpec) -> RunnerConfigSpec {
    generate_from_named_talos_cluster("", cluster)
}

/// The RunnerConfig spec for the TalosCluster named `name`: as
/// [`generate_from_talos_cluster`], but with the name as the cluster reference, since a
/// RunnerConfig's `clusterRef` names its TalosCluster. An empty name falls back to the
/// cluster endpoint.
///
/// ```
/// use conductor_sdk::{TalosClusterSpec, generate_from_named_talos_cluster};
///
/// let cluster = TalosClusterSpec {
///     cluster_endpoint: "10.20.0.20:6443".into(),
///     ..TalosClusterSpec::default()
/// };
/// assert_eq!(generate_from_named_talos_cluster("ccs-dev", &cluster).cluster_ref, "ccs-dev");
/// assert_eq!(generate_from_named_talos_cluster("", &cluster).cluster_ref, "10.20.0.20:6443");
/// ```
pub fn generate_from_named_talos_cluster(
    name: &str,
    cluster: &TalosClusterSpec,
) -> RunnerConfigSpec {
    let cluster_ref = if name.is_empty() {
        cluster.cluster_endpoint.clone()
    } else {
        name.to_owned()
    };
    RunnerConfigSpec {
        cluster_ref,
        phases: vec![phase(LAUNCH_PHASE)],
        ..RunnerConfigSpec::default()
    }
}

/// The RunnerConfig spec for a PackBuild: no cluster reference, one `compile` phase, no
/// steps and no history. The runner image is left empty for the caller to set.
///
/// ```
/// use conductor_sdk::{PackBuildSpec, generate_from_pack_build};
///
/// let spec = generate_from_pack_build(&PackBuildSpec::default());
/// assert_eq!(spec.cluster_ref, "");
/// assert_eq!(spec.phases[0].name, "compile");
/// ```
pub fn generate_from_pack_build(_pack: &PackBuildSpec) -> RunnerConfigSpec {
    RunnerConfigSpec {
        phases: vec![phase(COMPILE_PHASE)],
        ..RunnerConfigSpec::default()
    }
}

fn phase(name: &str) -> RunnerPhaseConfig {
    RunnerPhaseConfig {
        name: name.to_owned(),
        ..RunnerPhaseConfig::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn talos_cluster_gives_one_launch_phase_and_nothing_else() {
        let cluster = TalosClusterSpec {
            cluster_endpoint: "10.20.0.10".into(),
            control_plane_nodes: vec!["10.20.0.11".into()],
            ..TalosClusterSpec::default()
        };
        let spec = generate_from_talos_cluster(&cluster);
        assert_eq!(spec.cluster_ref, "10.20.0.10");
        assert_eq!(spec.runner_image, "");
        assert_eq!(spec.phases, [phase("launch")]);
        assert!(spec.steps.is_empty() && spec.operational_history.is_empty());
        assert!(!spec.self_operation && spec.maintenance_target_nodes.is_empty());
    }

    #[test]
    fn a_named_cluster_is_its_own_reference_and_otherwise_the_endpoint_is() {
        let cluster = TalosClusterSpec {
            cluster_endpoint: "10.20.0.20:6443".into(),
            ..TalosClusterSpec::default()
        };
        let named = generate_from_named_talos_cluster("ccs-dev", &cluster);
        assert_eq!(named.cluster_ref, "ccs-dev");
        assert_eq!(named.phases, [phase("launch")]);
        let unnamed = generate_from_named_talos_cluster("", &cluster);
        assert_eq!(unnamed, generate_from_talos_cluster(&cluster));
        assert_eq!(unnamed.cluster_ref, "10.20.0.20:6443");
    }

    #[test]
    fn pack_build_gives_one_compile_phase_and_no_cluster() {
        let pack = PackBuildSpec {
            target_version: "1.16.3-r2".into(),
            ..PackBuildSpec::default()
        };
        let spec = generate_from_pack_build(&pack);
        assert_eq!(spec.cluster_ref, "");
        assert_eq!(spec.runner_image, "");
        assert_eq!(spec.phases, [phase("compile")]);
        assert!(spec.steps.is_empty() && spec.operational_history.is_empty());
    }

    #[test]
    fn talos_cluster_spec_reads_the_resource_spelling() {
        let json =
            r#"{"clusterEndpoint":"10.20.0.20:6443","talosVersion":"v1.9.3","mode":"import"}"#;
        let spec: TalosClusterSpec = serde_json::from_str(json).unwrap();
        assert_eq!(spec.cluster_endpoint, "10.20.0.20:6443");
        assert_eq!(spec.talos_version, "v1.9.3");
    }
}
