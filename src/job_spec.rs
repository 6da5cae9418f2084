//! Building [`JobSpec`]s: the fluent builder operators use, and the node exclusions they
//! derive from a RunnerConfig.

use crate::names;
use crate::{Capability, JobSpec, RunnerConfigSpec, SecretVolume};

/// The namespace a runner Job runs in unless the builder is told otherwise.
pub const DEFAULT_NAMESPACE: &str = "ont-system";

/// Seconds a finished runner Job is kept unless the builder is told otherwise (ten
/// minutes). The operator must read the result ConfigMap within this time.
pub const DEFAULT_TTL_SECONDS: i32 = 600;

/// The service account a runner Job uses unless the builder is told otherwise.
pub const DEFAULT_SERVICE_ACCOUNT: &str = "conductor";

/// Why [`JobSpecBuilder::build`] refused to build a [`JobSpec`].
///
/// The checks run in a fixed order (runner image, capability, names, mount paths, TTL,
/// node exclusions) and the first failing one is reported.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// No runner image was given.
    #[error("the runner image (RunnerImage) is required")]
    MissingImage,
    /// The runner image has leading or trailing whitespace, which the API server refuses.
    #[error("runner image {image:?} has leading or trailing whitespace")]
    InvalidImage {
        /// The image that was given.
        image: String,
    },
    /// No capability was given.
    #[error("the capability (Capability) is required")]
    MissingCapability,
    /// A JobSpec names a capability this version does not know.
    #[error("capability {value:?} is not one this version knows")]
    UnknownCapability {
        /// The capability name that was given.
        value: String,
    },
    /// The capability never runs as a Job, such as `pack-compile`, which runs in compile
    /// mode.
    #[error("capability {:?} does not run as a Job", capability.as_str())]
    NotAJob {
        /// The capability that was given.
        capability: Capability,
    },
    /// A name is not valid where Kubernetes uses it.
    #[error("{field} {value:?} is not a valid Kubernetes name: it {reason}")]
    InvalidName {
        /// The builder field holding the name, such as `namespace`.
        field: &'static str,
        /// The name that was given.
        value: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A secret volume's mount path is not absolute (this includes an empty path).
    #[error("secret {secret:?} has mount path {path:?}, which is not absolute")]
    RelativeMountPath {
        /// The secret's name.
        secret: String,
        /// The mount path that was given.
        path: String,
    },
    /// Two secret volumes share a mount path. Paths that differ only in repeated or
    /// trailing `/` or in `.` segments, such as `/m` and `/m/`, are the same path.
    #[error("secrets {first:?} and {second:?} are both mounted at {path:?}")]
    DuplicateMountPath {
        /// The first secret mounted at the path.
        first: String,
        /// The second secret mounted at the path.
        second: String,
        /// The second secret's mount path, as given.
        path: String,
    },
    /// The TTL is negative.
    #[error("TTL {seconds} seconds is negative")]
    NegativeTtl {
        /// The TTL that was given.
        seconds: i32,
    },
}

/// Builds a [`JobSpec`] step by step.
///
/// Every `with_*` method takes the builder by value and returns a new one, so a partly
/// configured builder can be cloned, branched and sent to other threads without any
/// branch seeing another's changes.
///
/// Defaults: namespace `ont-system`, TTL 600 seconds, service account `conductor`, no
/// secret volumes (written as `[]`) and no node exclusions (written as `null`). The Job
/// name is derived from the capability and the cluster.
///
/// ```
/// use conductor_sdk::{Capability, JobSpecBuilder};
///
/// let base = JobSpecBuilder::new()
///     .with_runner_image("registry.ontai.dev/ontai-dev/conductor:v1.9.3-r1")
///     .with_cluster_ref("ccs-dev")
///     .with_queue_name("platform-system-queue");
///
/// let backup = base.clone().with_capability(Capability::EtcdBackup).build().unwrap();
/// let defrag = base.with_capability(Capability::EtcdDefrag).with_ttl(300).build().unwrap();
///
/// assert_eq!(backup.name, "etcd-backup-ccs-dev");
/// assert_eq!(backup.namespace, "ont-system");
/// assert_eq!(backup.ttl_seconds_after_finished, 600);
/// assert_eq!(defrag.ttl_seconds_after_finished, 300);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[must_use = "a builder does nothing until `build` is called"]
pub struct JobSpecBuilder {
    capability: Option<Capability>,
    cluster_ref: String,
    image: String,
    namespace: String,
    queue_name: String,
    result_config_map: String,
    secret_volumes: Vec<(String, String)>,
    ttl_seconds: i32,
    service_account: String,
    node_exclusions: Vec<String>,
}

impl Default for JobSpecBuilder {
    fn default() -> Self {
        JobSpecBuilder {
            capability: None,
            cluster_ref: String::new(),
            image: String::new(),
            namespace: DEFAULT_NAMESPACE.to_owned(),
            queue_name: String::new(),
            result_config_map: String::new(),
            secret_volumes: Vec::new(),
            ttl_seconds: DEFAULT_TTL_SECONDS,
            service_account: DEFAULT_SERVICE_ACCOUNT.to_owned(),
            node_exclusions: Vec::new(),
        }
    }
}

impl JobSpecBuilder {
    /// A builder holding only the defaults.
    pub fn new() -> Self {
        JobSpecBuilder::default()
    }

    /// The capability the Job performs; required.
    pub fn with_capability(mut self, capability: Capability) -> Self {
        self.capability = Some(capability);
        self
    }

    /// The cluster the capability acts on, passed to the runner as `CLUSTER_REF`.
    pub fn with_cluster_ref(mut self, cluster_ref: impl Into<String>) -> Self {
        self.cluster_ref = cluster_ref.into();
        self
    }

    /// The runner image the Job runs; required.
    pub fn with_runner_image(mut self, image: impl Into<String>) -> Self {
        self.image = image.into();
        self
    }

    /// The namespace the Job runs in; `ont-system` unless set.
    pub fn with_namespace(mut self, namespace: impl Into<String>) -> Self {
        self.namespace = namespace.into();
        self
    }

    /// The Kueue LocalQueue the Job is submitted to. A queued Job is created suspended,
    /// for Kueue to admit; without a queue it starts at once.
    pub fn with_queue_name(mut self, queue_name: impl Into<String>) -> Self {
        self.queue_name = queue_name.into();
        self
    }

    /// The ConfigMap the runner writes its result to, passed as `OPERATION_RESULT_CM`.
    pub fn with_operation_result_config_map(mut self, name: impl Into<String>) -> Self {
        self.result_config_map = name.into();
        self
    }

    /// Mounts a Secret into the runner; may be called many times. The volume is always
    /// read-only: there is no way to ask otherwise.
    pub fn with_secret_volume(
        mut self,
        secret_name: impl Into<String>,
        mount_path: impl Into<String>,
    ) -> Self {
        self.secret_volumes
            .push((secret_name.into(), mount_path.into()));
        self
    }

    /// Seconds the finished Job is kept; 600 unless set. Negative values are refused by
    /// [`build`](Self::build).
    pub fn with_ttl(mut self, seconds: i32) -> Self {
        self.ttl_seconds = seconds;
        self
    }

    /// The service account the Job runs as; `conductor` unless set.
    pub fn with_service_account_name(mut self, name: impl Into<String>) -> Self {
        self.service_account = name.into();
        self
    }

    /// Nodes the Job must not run on, by their `kubernetes.io/hostname` label, replacing
    /// any given before. An empty list means none, and is written as `null`.
    pub fn with_node_exclusions<I, S>(mut self, nodes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.node_exclusions = nodes.into_iter().map(Into::into).collect();
        self
    }

    /// Checks the configuration and builds the [`JobSpec`].
    ///
    /// # Errors
    ///
    /// The first failing check, in this order: a missing runner image or one with
    /// leading or trailing whitespace, a missing capability, a capability that does not
    /// run as a Job, an invalid namespace (a DNS-1123 label), queue (a DNS-1123
    /// subdomain of at most 63 characters, as it is also a label value), ConfigMap,
    /// service account or Secret name (DNS-1123 subdomains), a relative or repeated mount
    /// path, a negative TTL, a node exclusion that is not a valid label value (it could
    /// never match a node's `kubernetes.io/hostname`).
    pub fn build(self) -> Result<JobSpec, BuildError> {
        let capability = self.check()?;

        let name = derive_job_name(capability, &self.cluster_ref);
        let secret_volumes = self
            .secret_volumes
            .into_iter()
            .map(|(secret_name, mount_path)| SecretVolume {
                secret_name,
                mount_path,
                // Secret volumes are read-only by contract, whatever the caller intends.
                read_only: true,
            })
            .collect();
        let node_exclusions = (!self.node_exclusions.is_empty()).then_some(self.node_exclusions);

        Ok(JobSpec {
            name,
            namespace: self.namespace,
            image: self.image,
            capability: capability.as_str().to_owned(),
            cluster_ref: self.cluster_ref,
            queue_name: self.queue_name,
            operation_result_config_map: self.result_config_map,
            secret_volumes: Some(secret_volumes),
            ttl_seconds_after_finished: self.ttl_seconds,
            service_account_name: self.service_account,
            node_exclusions,
        })
    }

    /// Runs every check in order and returns the capability.
    fn check(&self) -> Result<Capability, BuildError> {
        if self.image.is_empty() {
            return Err(BuildError::MissingImage);
        }
        if self.image.trim() != self.image {
            let image = self.image.clone();
            return Err(BuildError::InvalidImage { image });
        }
        let capability = self.capability.ok_or(BuildError::MissingCapability)?;
        if !capability.runs_as_job() {
            return Err(BuildError::NotAJob { capability });
        }

        check_name("namespace", &self.namespace, names::label_problem)?;
        if !self.queue_name.is_empty() {
            check_name("queue_name", &self.queue_name, names::queue_name_problem)?;
        }
        if !self.result_config_map.is_empty() {
            let name = &self.result_config_map;
            check_name(
                "operation_result_config_map",
                name,
                names::subdomain_problem,
            )?;
        }
        check_name(
            "service_account_name",
            &self.service_account,
            names::subdomain_problem,
        )?;
        self.check_secret_volumes()?;

        if self.ttl_seconds < 0 {
            return Err(BuildError::NegativeTtl {
                seconds: self.ttl_seconds,
            });
        }
        for node in &self.node_exclusions {
            check_name("node_exclusions", node, names::label_value_problem)?;
        }
        Ok(capability)
    }

    fn check_secret_volumes(&self) -> Result<(), BuildError> {
        for (index, (secret, path)) in self.secret_volumes.iter().enumerate() {
            check_name("secret_volume", secret, names::subdomain_problem)?;
            if !path.starts_with('/') {
                let (secret, path) = (secret.clone(), path.clone());
                return Err(BuildError::RelativeMountPath { secret, path });
            }
            let normal = normalize_mount_path(path);
            let earlier = self.secret_volumes[..index]
                .iter()
                .find(|(_, p)| normalize_mount_path(p) == normal);
            if let Some((first, _)) = earlier {
                return Err(BuildError::DuplicateMountPath {
                    first: first.clone(),
                    second: secret.clone(),
                    path: path.clone(),
                });
            }
        }
        Ok(())
    }
}

fn check_name(
    field: &'static str,
    value: &str,
    problem: fn(&str) -> Option<String>,
) -> Result<(), BuildError> {
    match problem(value) {
        None => Ok(()),
        Some(reason) => Err(BuildError::InvalidName {
            field,
            value: value.to_owned(),
            reason,
        }),
    }
}

/// `path` without repeated or trailing `/` and without `.` segments, for comparing.
fn normalize_mount_path(path: &str) -> String {
    let segments: Vec<&str> = path
        .split('/')
        .filter(|s| !s.is_empty() && *s != ".")
        .collect();
    format!("/{}", segments.join("/"))
}

/// Checks a [`JobSpec`] that did not come from the builder, such as one read from JSON,
/// as [`JobSpecBuilder::build`] would, and returns its capability. A set `Name` must be a
/// DNS-1123 label; an empty one is derived later.
#[cfg(feature = "k8s")]
pub(crate) fn check_spec(spec: &JobSpec) -> Result<Capability, BuildError> {
    if spec.image.is_empty() {
        return Err(BuildError::MissingImage);
    }
    let capability = match spec.capability.as_str() {
        "" => None,
        name => Some(name.parse().map_err(|_| BuildError::UnknownCapability {
            value: name.to_owned(),
        })?),
    };
    let secret_volumes = spec.secret_volumes.iter().flatten();
    let builder = JobSpecBuilder {
        capability,
        cluster_ref: spec.cluster_ref.clone(),
        image: spec.image.clone(),
        namespace: spec.namespace.clone(),
        queue_name: spec.queue_name.clone(),
        result_config_map: spec.operation_result_config_map.clone(),
        secret_volumes: secret_volumes
            .map(|v| (v.secret_name.clone(), v.mount_path.clone()))
            .collect(),
        ttl_seconds: spec.ttl_seconds_after_finished,
        service_account: spec.service_account_name.clone(),
        node_exclusions: spec.node_exclusions.clone().unwrap_or_default(),
    };

    let capability = builder.check()?;
    if !spec.name.is_empty() {
        check_name("name", &spec.name, names::label_problem)?;
    }
    Ok(capability)
}

/// The Job name for a capability acting on a cluster: `<capability>-<cluster>`, or the
/// capability alone when there is no cluster.
///
/// The name is always a valid DNS-1123 label of at most 63 characters. When the cluster
/// reference holds characters a label cannot (such as the dots of an IP address), or the
/// name would be too long, the readable part is cut to fit and followed by `-` and eight
/// hex digits of a hash of the exact inputs, so that different inputs keep different
/// names.
///
/// ```
/// use conductor_sdk::{Capability, derive_job_name};
///
/// assert_eq!(derive_job_name(Capability::Bootstrap, "ccs-dev"), "bootstrap-ccs-dev");
/// assert_eq!(derive_job_name(Capability::EtcdDefrag, ""), "etcd-defrag");
/// let from_ip = derive_job_name(Capability::Bootstrap, "10.20.0.10");
/// assert!(from_ip.starts_with("bootstrap-10-20-0-10-"));
/// ```
pub fn derive_job_name(capability: Capability, cluster_ref: &str) -> String {
    let cluster = names::sanitize_label(cluster_ref);
    let readable = if cluster.is_empty() {
        capability.as_str().to_owned()
    } else {
        format!("{}-{cluster}", capability.as_str())
    };
    names::fit_label(
        &readable,
        cluster == cluster_ref,
        &[capability.as_str(), cluster_ref],
    )
}

/// The nodes a runner Job must avoid for a RunnerConfig: none unless the operation acts
/// on the cluster it runs in (`selfOperation`); then the maintenance target nodes followed
/// by the operator leader node, if set. `None` when there is nothing to exclude.
///
/// ```
/// use conductor_sdk::{RunnerConfigSpec, resolve_node_exclusions_from_runner_config};
///
/// let mut spec = RunnerConfigSpec::default();
/// spec.maintenance_target_nodes = vec!["cp2".into()];
/// spec.operator_leader_node = "cp1".into();
/// assert_eq!(resolve_node_exclusions_from_runner_config(&spec), None);
///
/// spec.self_operation = true;
/// let excluded = resolve_node_exclusions_from_runner_config(&spec);
/// assert_eq!(excluded, Some(vec!["cp2".to_owned(), "cp1".to_owned()]));
/// ```
pub fn resolve_node_exclusions_from_runner_config(spec: &RunnerConfigSpec) -> Option<Vec<String>> {
    if !spec.self_operation {
        return None;
    }
    let mut nodes = spec.maintenance_target_nodes.clone();
    if !spec.operator_leader_node.is_empty() {
        nodes.push(spec.operator_leader_node.clone());
    }
    (!nodes.is_empty()).then_some(nodes)
}

#[cfg(test)]
mod tests {
    use super::*;

    const IMAGE: &str = "registry.ontai.dev/ontai-dev/conductor:v1.9.3-r1";

    fn ready() -> JobSpecBuilder {
        JobSpecBuilder::new()
            .with_runner_image(IMAGE)
            .with_capability(Capability::Bootstrap)
    }

    #[test]
    fn the_image_is_checked_before_the_capability() {
        assert_eq!(JobSpecBuilder::new().build(), Err(BuildError::MissingImage));
        let no_capability = JobSpecBuilder::new().with_runner_image(IMAGE).build();
        assert_eq!(no_capability, Err(BuildError::MissingCapability));
        let no_image = JobSpecBuilder::new()
            .with_capability(Capability::Bootstrap)
            .build();
        assert_eq!(no_image, Err(BuildError::MissingImage));
    }

    #[test]
    fn defaults_apply() {
        let spec = ready().build().unwrap();
        assert_eq!(spec.namespace, "ont-system");
        assert_eq!(spec.ttl_seconds_after_finished, 600);
        assert_eq!(spec.service_account_name, "conductor");
        assert_eq!(spec.secret_volumes, Some(Vec::new()));
        assert_eq!(spec.node_exclusions, None);
        assert_eq!(spec.capability, "bootstrap");
        assert_eq!(spec.name, "bootstrap");
    }

    #[test]
    fn the_namespace_can_be_set_and_is_checked() {
        let spec = ready().with_namespace("seam-system").build().unwrap();
        assert_eq!(spec.namespace, "seam-system");
        let error = ready().with_namespace("Seam_System").build().unwrap_err();
        assert!(matches!(
            error,
            BuildError::InvalidName {
                field: "namespace",
                ..
            }
        ));
        assert!(ready().with_namespace("").build().is_err());
    }

    #[test]
    fn secret_volumes_are_always_read_only_and_keep_their_order() {
        let spec = ready()
            .with_secret_volume("b", "/var/run/b")
            .with_secret_volume("a", "/var/run/a")
            .build()
            .unwrap();
        let volumes = spec.secret_volumes.unwrap();
        let names: Vec<&str> = volumes.iter().map(|v| v.secret_name.as_str()).collect();
        assert_eq!(names, ["b", "a"]);
        assert!(volumes.iter().all(|v| v.read_only));
    }

    #[test]
    fn mount_paths_must_be_absolute_and_distinct() {
        let relative = ready().with_secret_volume("s", "var/run/s").build();
        assert!(matches!(
            relative,
            Err(BuildError::RelativeMountPath { .. })
        ));
        let repeated = ready()
            .with_secret_volume("a", "/m")
            .with_secret_volume("b", "/m")
            .build();
        let expected = BuildError::DuplicateMountPath {
            first: "a".into(),
            second: "b".into(),
            path: "/m".into(),
        };
        assert_eq!(repeated, Err(expected));
        let bad_secret = ready().with_secret_volume("Bad_Name", "/m").build();
        assert!(matches!(
            bad_secret,
            Err(BuildError::InvalidName {
                field: "secret_volume",
                ..
            })
        ));
    }

    #[test]
    fn a_negative_ttl_is_refused_and_zero_is_kept() {
        assert_eq!(
            ready().with_ttl(-1).build(),
            Err(BuildError::NegativeTtl { seconds: -1 })
        );
        assert_eq!(
            ready()
                .with_ttl(0)
                .build()
                .unwrap()
                .ttl_seconds_after_finished,
            0
        );
    }

    #[test]
    fn pack_compile_never_builds_a_job() {
        let error = ready()
            .with_capability(Capability::PackCompile)
            .build()
            .unwrap_err();
        assert_eq!(
            error,
            BuildError::NotAJob {
                capability: Capability::PackCompile
            }
        );
        assert_eq!(
            error.to_string(),
            "capability \"pack-compile\" does not run as a Job"
        );
    }

    #[test]
    fn queue_and_result_names_are_checked_when_set() {
        assert!(ready().with_queue_name("Platform Queue").build().is_err());
        assert!(
            ready()
                .with_operation_result_config_map("r/1")
                .build()
                .is_err()
        );
        assert!(ready().with_service_account_name("").build().is_err());
        let account = ready().with_service_account_name("Conductor").build();
        assert!(matches!(
            account,
            Err(BuildError::InvalidName {
                field: "service_account_name",
                ..
            })
        ));
        let long_config_map = "r".repeat(254);
        let config_map = ready()
            .with_operation_result_config_map(long_config_map.as_str())
            .build();
        assert!(matches!(
            config_map,
            Err(BuildError::InvalidName {
                field: "operation_result_config_map",
                ..
            })
        ));
        assert!(
            ready()
                .with_queue_name("q.a")
                .with_operation_result_config_map("r")
                .build()
                .is_ok()
        );
    }

    #[test]
    fn an_empty_exclusion_list_is_none() {
        let none: [&str; 0] = [];
        assert_eq!(
            ready()
                .with_node_exclusions(none)
                .build()
                .unwrap()
                .node_exclusions,
            None
        );
        let some = ready().with_node_exclusions(["n1", "n2"]).build().unwrap();
        assert_eq!(
            some.node_exclusions,
            Some(vec!["n1".to_owned(), "n2".to_owned()])
        );
    }

    #[test]
    fn branches_do_not_share_changes() {
        let base = ready().with_secret_volume("a", "/a");
        let left = base.clone().with_secret_volume("b", "/b");
        let right = base.clone().with_ttl(5);
        assert_eq!(
            base.clone().build().unwrap().secret_volumes.unwrap().len(),
            1
        );
        assert_eq!(left.build().unwrap().secret_volumes.unwrap().len(), 2);
        assert_eq!(right.build().unwrap().ttl_seconds_after_finished, 5);
        assert_eq!(base.build().unwrap().ttl_seconds_after_finished, 600);
    }

    #[test]
    fn builders_can_be_sent_between_threads() {
        fn assert_send_sync<T: Send + Sync + 'static>(_: &T) {}
        let base = ready();
        assert_send_sync(&base);
        let handle = std::thread::spawn(move || base.with_cluster_ref("x").build());
        assert_eq!(handle.join().unwrap().unwrap().name, "bootstrap-x");
    }

    #[test]
    fn derived_names_are_valid_short_and_distinct() {
        let long = "a".repeat(80);
        let inputs = [
            "ccs-dev",
            "10.20.0.10",
            "10-20-0-10",
            "CCS-Dev",
            "x--y",
            &long,
            "-",
        ];
        let mut seen = Vec::new();
        for cluster in inputs {
            for capability in Capability::ALL {
                let name = derive_job_name(capability, cluster);
                assert_eq!(names::label_problem(&name), None, "{name:?}");
                assert!(!seen.contains(&name), "{name:?} repeats");
                seen.push(name);
            }
        }
    }

    #[test]
    fn derived_names_are_deterministic_and_keep_readable_names() {
        let name = derive_job_name(Capability::MachineConfigRestore, &"cluster-".repeat(10));
        assert_eq!(
            name,
            derive_job_name(Capability::MachineConfigRestore, &"cluster-".repeat(10))
        );
        assert!(name.len() <= 63 && name.len() > 55, "{name}");
        assert!(name.starts_with("machineconfig-restore-cluster-cluster-"));
        assert_eq!(
            derive_job_name(Capability::NodePatch, "ccs-dev"),
            "node-patch-ccs-dev"
        );
    }

    #[test]
    fn a_queue_name_must_fit_in_a_label_value() {
        let longest = "q".repeat(63);
        assert!(ready().with_queue_name(longest.as_str()).build().is_ok());
        let too_long = "q".repeat(64);
        let error = ready()
            .with_queue_name(too_long.as_str())
            .build()
            .unwrap_err();
        assert!(matches!(
            &error,
            BuildError::InvalidName { field: "queue_name", value, .. } if *value == too_long
        ));
        assert!(error.to_string().contains("label value"), "{error}");
    }

    #[test]
    fn an_image_with_surrounding_whitespace_is_refused() {
        let error = JobSpecBuilder::new()
            .with_runner_image(" registry.ontai.dev/conductor:v1 ")
            .with_capability(Capability::Bootstrap)
            .build()
            .unwrap_err();
        let expected = BuildError::InvalidImage {
            image: " registry.ontai.dev/conductor:v1 ".into(),
        };
        assert_eq!(error, expected);
        assert_eq!(
            error.to_string(),
            "runner image \" registry.ontai.dev/conductor:v1 \" has leading or trailing whitespace"
        );
    }

    #[test]
    fn mount_paths_that_differ_only_in_slashes_are_the_same_path() {
        for (first, second) in [("/m", "/m/"), ("/a/b", "/a//b"), ("/a/b", "/a/./b")] {
            let error = ready()
                .with_secret_volume("a", first)
                .with_secret_volume("b", second)
                .build()
                .unwrap_err();
            assert!(
                matches!(error, BuildError::DuplicateMountPath { ref path, .. } if path == second),
                "{first} {second}: {error:?}"
            );
        }
        let nested = ready()
            .with_secret_volume("a", "/a")
            .with_secret_volume("b", "/a/b")
            .build();
        assert!(nested.is_ok());
    }

    #[test]
    fn node_exclusions_must_be_hostname_label_values() {
        assert!(
            ready()
                .with_node_exclusions(["ccs-mgmt-cp1", "10.20.0.11"])
                .build()
                .is_ok()
        );
        for bad in ["", "cp 1", &"n".repeat(64), "-cp1"] {
            let error = ready().with_node_exclusions([bad]).build().unwrap_err();
            assert!(
                matches!(
                    &error,
                    BuildError::InvalidName { field: "node_exclusions", value, .. } if value == bad
                ),
                "{bad:?}: {error:?}"
            );
        }
    }

    #[test]
    #[cfg(feature = "k8s")]
    fn a_spec_from_elsewhere_is_checked_like_a_built_one() {
        let mut spec = ready().with_cluster_ref("ccs-dev").build().unwrap();
        assert_eq!(check_spec(&spec), Ok(Capability::Bootstrap));

        spec.capability = "etcd-backupp".into();
        let unknown = BuildError::UnknownCapability {
            value: "etcd-backupp".into(),
        };
        assert_eq!(check_spec(&spec), Err(unknown));
        spec.image.clear();
        assert_eq!(check_spec(&spec), Err(BuildError::MissingImage));

        let mut spec = ready().build().unwrap();
        spec.capability = "pack-compile".into();
        assert!(matches!(check_spec(&spec), Err(BuildError::NotAJob { .. })));
        spec.capability = String::new();
        assert_eq!(check_spec(&spec), Err(BuildError::MissingCapability));

        let mut spec = ready().build().unwrap();
        spec.ttl_seconds_after_finished = -5;
        assert_eq!(
            check_spec(&spec),
            Err(BuildError::NegativeTtl { seconds: -5 })
        );
        spec.ttl_seconds_after_finished = 5;
        spec.name = "Bootstrap".into();
        assert!(matches!(
            check_spec(&spec),
            Err(BuildError::InvalidName { field: "name", .. })
        ));
    }

    #[test]
    fn shortened_names_never_end_in_a_dash_and_keep_their_hash() {
        // Cut points land on every position of a `-`-separated cluster name.
        for length in 40..90 {
            let cluster: String = "ab-".repeat(30)[..length].to_owned();
            let name = derive_job_name(Capability::NodeDecommission, &cluster);
            assert!(name.len() <= 63, "{name}");
            assert!(!name.ends_with('-') && !name.contains("--"), "{name}");
            assert_eq!(names::label_problem(&name), None, "{name}");
        }
        // Pinned: a name must not change between versions, or a retried Job would not
        // find its earlier run.
        assert_eq!(
            derive_job_name(Capability::Bootstrap, "10.20.0.10"),
            PINNED_IP_NAME
        );
        let shared = "c".repeat(60);
        assert_ne!(
            derive_job_name(Capability::Bootstrap, &format!("{shared}-x")),
            derive_job_name(Capability::Bootstrap, &format!("{shared}-y"))
        );
    }

    const PINNED_IP_NAME: &str = "bootstrap-10-20-0-10-7585a6a3";

    #[test]
    fn exclusions_need_self_operation() {
        let mut spec = RunnerConfigSpec {
            maintenance_target_nodes: vec!["cp2".into()],
            operator_leader_node: "cp1".into(),
            ..RunnerConfigSpec::default()
        };
        assert_eq!(resolve_node_exclusions_from_runner_config(&spec), None);
        spec.self_operation = true;
        let both = resolve_node_exclusions_from_runner_config(&spec);
        assert_eq!(both, Some(vec!["cp2".to_owned(), "cp1".to_owned()]));
        spec.operator_leader_node.clear();
        let targets = resolve_node_exclusions_from_runner_config(&spec);
        assert_eq!(targets, Some(vec!["cp2".to_owned()]));
        spec.maintenance_target_nodes.clear();
        assert_eq!(resolve_node_exclusions_from_runner_config(&spec), None);
    }
}
