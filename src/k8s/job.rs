//! Rendering a [`JobSpec`] into the `batch/v1` Job that runs the runner in execute mode.

use std::collections::BTreeMap;

use k8s_openapi::api::batch::v1::{Job, JobSpec as KubeJobSpec};
use k8s_openapi::api::core::v1::{
    Affinity, Capabilities, Container, EnvVar, EnvVarSource, NodeAffinity, NodeSelector,
    NodeSelectorRequirement, NodeSelectorTerm, ObjectFieldSelector, PodSpec, PodTemplateSpec,
    SeccompProfile, SecretVolumeSource, SecurityContext, Volume, VolumeMount,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use crate::job_spec::check_spec;
use crate::k8s::labels::{CAPABILITY_LABEL, CLUSTER_LABEL, QUEUE_NAME_LABEL, cluster_label_value};
use crate::names;
use crate::{BuildError, Capability, JobSpec, derive_job_name};

/// The name of the runner Job's only container.
pub const CONTAINER_NAME: &str = "conductor";

/// The arguments that start the runner image in execute mode.
// TODO: confirm the runner's real execute-mode flag. The contract names the mode but not
// how the image is told; `execute` as the only argument is an assumption, kept in this
// one constant so that correcting it changes every rendered Job at once.
pub const EXECUTE_ARGS: &[&str] = &["execute"];

/// The environment variable holding the capability the runner performs.
pub const ENV_CAPABILITY: &str = "CAPABILITY";

/// The environment variable holding the cluster the capability acts on; may be empty.
pub const ENV_CLUSTER_REF: &str = "CLUSTER_REF";

/// The environment variable holding the name of the ConfigMap the runner writes its
/// result to; may be empty.
pub const ENV_OPERATION_RESULT_CM: &str = "OPERATION_RESULT_CM";

/// The environment variable holding the pod's namespace, from the downward API
/// (`metadata.namespace`); the result ConfigMap is written there.
pub const ENV_POD_NAMESPACE: &str = "POD_NAMESPACE";

/// The node label a Job's node exclusions are matched against.
pub const HOSTNAME_LABEL: &str = "kubernetes.io/hostname";

/// Renders a [`JobSpec`] into the `batch/v1` Job an operator submits.
///
/// The Job:
/// - is named by the spec's `Name`, or when that is empty (as in every JobSpec the Go
///   original wrote) by [`derive_job_name`], in the spec's namespace;
/// - carries the labels [`CAPABILITY_LABEL`] and, with a cluster, [`CLUSTER_LABEL`] (on
///   the Job and its pods), and when queued [`QUEUE_NAME_LABEL`] with `suspend: true`,
///   so that Kueue admits it; without a queue it is not suspended;
/// - never retries (`backoffLimit: 0`, `restartPolicy: Never`) and is deleted
///   `ttlSecondsAfterFinished` seconds after it finishes;
/// - runs one container, [`CONTAINER_NAME`], with the runner image, [`EXECUTE_ARGS`],
///   the environment [`ENV_CAPABILITY`], [`ENV_CLUSTER_REF`],
///   [`ENV_OPERATION_RESULT_CM`] and [`ENV_POD_NAMESPACE`], no privilege escalation, a
///   non-root user, every Linux capability dropped and the `RuntimeDefault` seccomp
///   profile;
/// - mounts every secret read-only, one volume per distinct secret (named by
///   [`secret_volume_name`]);
/// - with node exclusions, requires a node whose [`HOSTNAME_LABEL`] is not one of them.
///
/// # Errors
///
/// The spec is checked as [`JobSpecBuilder::build`](crate::JobSpecBuilder::build)
/// checks it, since it may have been read from JSON rather than built, and the first
/// problem is returned; an unknown capability is refused too.
pub fn render_job(spec: &JobSpec) -> Result<Job, BuildError> {
    let capability = check_spec(spec)?;
    let name = if spec.name.is_empty() {
        derive_job_name(capability, &spec.cluster_ref)
    } else {
        spec.name.clone()
    };
    let queued = !spec.queue_name.is_empty();

    let pod_labels = pod_labels(capability, &spec.cluster_ref);
    let mut job_labels = pod_labels.clone();
    if queued {
        job_labels.insert(QUEUE_NAME_LABEL.to_owned(), spec.queue_name.clone());
    }

    let (volumes, mounts) = secret_volumes(spec);
    let pod = PodSpec {
        restart_policy: Some("Never".to_owned()),
        service_account_name: Some(spec.service_account_name.clone()),
        containers: vec![container(spec, mounts)],
        volumes: (!volumes.is_empty()).then_some(volumes),
        affinity: spec.node_exclusions.as_deref().and_then(exclusion_affinity),
        ..PodSpec::default()
    };

    Ok(Job {
        metadata: ObjectMeta {
            name: Some(name),
            namespace: Some(spec.namespace.clone()),
            labels: Some(job_labels),
            ..ObjectMeta::default()
        },
        spec: Some(KubeJobSpec {
            backoff_limit: Some(0),
            suspend: queued.then_some(true),
            ttl_seconds_after_finished: Some(spec.ttl_seconds_after_finished),
            template: PodTemplateSpec {
                metadata: Some(ObjectMeta {
                    labels: Some(pod_labels),
                    ..ObjectMeta::default()
                }),
                spec: Some(pod),
            },
            ..KubeJobSpec::default()
        }),
        status: None,
    })
}

/// The name of the pod volume that mounts a Secret: the Secret's name when it is a valid
/// volume name (a DNS-1123 label), else its name with `.` replaced by `-`, cut to fit and
/// followed by `-` and eight hex digits of a hash of the exact name.
///
/// ```
/// use conductor_sdk::k8s::secret_volume_name;
///
/// assert_eq!(secret_volume_name("talosconfig-ccs-dev"), "talosconfig-ccs-dev");
/// assert!(secret_volume_name("s3.credentials").starts_with("s3-credentials-"));
/// ```
pub fn secret_volume_name(secret_name: &str) -> String {
    let readable = names::sanitize_label(secret_name);
    names::fit_label(&readable, readable == secret_name, &[secret_name])
}

fn pod_labels(capability: Capability, cluster_ref: &str) -> BTreeMap<String, String> {
    let mut labels = BTreeMap::new();
    labels.insert(CAPABILITY_LABEL.to_owned(), capability.as_str().to_owned());
    if !cluster_ref.is_empty() {
        labels.insert(CLUSTER_LABEL.to_owned(), cluster_label_value(cluster_ref));
    }
    labels
}

fn container(spec: &JobSpec, mounts: Vec<VolumeMount>) -> Container {
    let plain = |name: &str, value: &str| EnvVar {
        name: name.to_owned(),
        value: Some(value.to_owned()),
        value_from: None,
    };
    let env = vec![
        plain(ENV_CAPABILITY, &spec.capability),
        plain(ENV_CLUSTER_REF, &spec.cluster_ref),
        plain(ENV_OPERATION_RESULT_CM, &spec.operation_result_config_map),
        EnvVar {
            name: ENV_POD_NAMESPACE.to_owned(),
            value: None,
            value_from: Some(EnvVarSource {
                field_ref: Some(ObjectFieldSelector {
                    api_version: None,
                    field_path: "metadata.namespace".to_owned(),
                }),
                ..EnvVarSource::default()
            }),
        },
    ];

    Container {
        name: CONTAINER_NAME.to_owned(),
        image: Some(spec.image.clone()),
        args: Some(EXECUTE_ARGS.iter().map(|&a| a.to_owned()).collect()),
        env: Some(env),
        volume_mounts: (!mounts.is_empty()).then_some(mounts),
        security_context: Some(hardened()),
        ..Container::default()
    }
}

fn hardened() -> SecurityContext {
    SecurityContext {
        allow_privilege_escalation: Some(false),
        run_as_non_root: Some(true),
        capabilities: Some(Capabilities {
            add: None,
            drop: Some(vec!["ALL".to_owned()]),
        }),
        seccomp_profile: Some(SeccompProfile {
            localhost_profile: None,
            type_: "RuntimeDefault".to_owned(),
        }),
        ..SecurityContext::default()
    }
}

/// One volume per distinct secret, in order of first use, and one read-only mount per
/// secret volume of the spec.
fn secret_volumes(spec: &JobSpec) -> (Vec<Volume>, Vec<VolumeMount>) {
    let mut volumes: Vec<Volume> = Vec::new();
    let mut mounts = Vec::new();
    for secret in spec.secret_volumes.iter().flatten() {
        let name = secret_volume_name(&secret.secret_name);
        if !volumes.iter().any(|v| v.name == name) {
            volumes.push(Volume {
                name: name.clone(),
                secret: Some(SecretVolumeSource {
                    secret_name: Some(secret.secret_name.clone()),
                    ..SecretVolumeSource::default()
                }),
                ..Volume::default()
            });
        }
        mounts.push(VolumeMount {
            name,
            mount_path: secret.mount_path.clone(),
            // Secret volumes are read-only by contract, whatever the spec says.
            read_only: Some(true),
            ..VolumeMount::default()
        });
    }
    (volumes, mounts)
}

fn exclusion_affinity(nodes: &[String]) -> Option<Affinity> {
    if nodes.is_empty() {
        return None;
    }
    let not_on_excluded = NodeSelectorRequirement {
        key: HOSTNAME_LABEL.to_owned(),
        operator: "NotIn".to_owned(),
        values: Some(nodes.to_vec()),
    };
    let required = NodeSelector {
        node_selector_terms: vec![NodeSelectorTerm {
            match_expressions: Some(vec![not_on_excluded]),
            match_fields: None,
        }],
    };
    Some(Affinity {
        node_affinity: Some(NodeAffinity {
            required_during_scheduling_ignored_during_execution: Some(required),
            ..NodeAffinity::default()
        }),
        ..Affinity::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Document, JobSpecBuilder};

    const IMAGE: &str = "registry.ontai.dev/ontai-dev/conductor:v1.9.3-r1";

    fn builder() -> JobSpecBuilder {
        JobSpecBuilder::new()
            .with_runner_image(IMAGE)
            .with_capability(Capability::EtcdBackup)
            .with_cluster_ref("ccs-dev")
    }

    fn render(builder: JobSpecBuilder) -> Job {
        render_job(&builder.build().unwrap()).unwrap()
    }

    fn pod(job: &Job) -> &PodSpec {
        job.spec.as_ref().unwrap().template.spec.as_ref().unwrap()
    }

    fn pod_labels(job: &Job) -> &std::collections::BTreeMap<String, String> {
        let template = job
            .spec
            .as_ref()
            .unwrap()
            .template
            .metadata
            .as_ref()
            .unwrap();
        template.labels.as_ref().unwrap()
    }

    fn job_labels(job: &Job) -> &std::collections::BTreeMap<String, String> {
        job.metadata.labels.as_ref().unwrap()
    }

    #[test]
    fn a_queued_job_is_labelled_for_kueue_and_suspended() {
        let job = render(builder().with_queue_name("platform-system-queue"));
        let labels = job.metadata.labels.as_ref().unwrap();
        assert_eq!(labels[QUEUE_NAME_LABEL], "platform-system-queue");
        assert_eq!(job.metadata.annotations, None);
        assert_eq!(job.spec.as_ref().unwrap().suspend, Some(true));
        assert!(!pod_labels(&job).contains_key(QUEUE_NAME_LABEL));
    }

    #[test]
    fn a_job_without_a_queue_has_no_queue_label_and_is_not_suspended() {
        let job = render(builder());
        assert!(!job_labels(&job).contains_key(QUEUE_NAME_LABEL));
        assert_ne!(job.spec.as_ref().unwrap().suspend, Some(true));
    }

    #[test]
    fn the_job_never_retries_and_expires_after_its_ttl() {
        let job = render(builder().with_ttl(120).with_service_account_name("runner"));
        let spec = job.spec.as_ref().unwrap();
        assert_eq!(spec.backoff_limit, Some(0));
        assert_eq!(spec.ttl_seconds_after_finished, Some(120));
        assert_eq!(pod(&job).restart_policy.as_deref(), Some("Never"));
        assert_eq!(pod(&job).service_account_name.as_deref(), Some("runner"));
        assert_eq!(job.metadata.name.as_deref(), Some("etcd-backup-ccs-dev"));
        assert_eq!(job.metadata.namespace.as_deref(), Some("ont-system"));
    }

    #[test]
    fn labels_name_the_capability_and_the_cluster_on_job_and_pods() {
        let job = render(builder().with_cluster_ref("10.20.0.20:6443"));
        for labels in [job_labels(&job), pod_labels(&job)] {
            assert_eq!(labels[CAPABILITY_LABEL], "etcd-backup");
            assert_eq!(
                labels[CLUSTER_LABEL],
                cluster_label_value("10.20.0.20:6443")
            );
            assert_eq!(names::label_value_problem(&labels[CLUSTER_LABEL]), None);
        }
        let no_cluster = render(builder().with_cluster_ref(""));
        assert!(!job_labels(&no_cluster).contains_key(CLUSTER_LABEL));
    }

    #[test]
    fn one_hardened_container_runs_the_image_in_execute_mode() {
        let job = render(builder().with_operation_result_config_map("etcd-backup-result"));
        let [container] = pod(&job).containers.as_slice() else {
            panic!("expected one container");
        };
        assert_eq!(container.image.as_deref(), Some(IMAGE));
        assert_eq!(container.args.as_deref(), Some(&["execute".to_owned()][..]));

        let env = container.env.as_ref().unwrap();
        let plain: Vec<(&str, Option<&str>)> = env
            .iter()
            .map(|e| (e.name.as_str(), e.value.as_deref()))
            .collect();
        assert_eq!(
            plain,
            [
                ("CAPABILITY", Some("etcd-backup")),
                ("CLUSTER_REF", Some("ccs-dev")),
                ("OPERATION_RESULT_CM", Some("etcd-backup-result")),
                ("POD_NAMESPACE", None),
            ]
        );
        let field = env[3]
            .value_from
            .as_ref()
            .unwrap()
            .field_ref
            .as_ref()
            .unwrap();
        assert_eq!(field.field_path, "metadata.namespace");

        let security = container.security_context.as_ref().unwrap();
        assert_eq!(security.allow_privilege_escalation, Some(false));
        assert_eq!(security.run_as_non_root, Some(true));
        assert_eq!(security.privileged, None);
        let dropped = security
            .capabilities
            .as_ref()
            .unwrap()
            .drop
            .as_ref()
            .unwrap();
        assert_eq!(dropped, &["ALL".to_owned()]);
        assert_eq!(security.capabilities.as_ref().unwrap().add, None);
        assert_eq!(
            security.seccomp_profile.as_ref().unwrap().type_,
            "RuntimeDefault"
        );
    }

    #[test]
    fn every_secret_is_mounted_read_only_with_one_volume_per_secret() {
        let job = render(
            builder()
                .with_secret_volume("talosconfig-ccs-dev", "/var/run/secrets/talosconfig")
                .with_secret_volume("s3.credentials", "/var/run/secrets/s3")
                .with_secret_volume("talosconfig-ccs-dev", "/etc/talos"),
        );
        let volumes = pod(&job).volumes.as_ref().unwrap();
        let sources: Vec<(&str, &str)> = volumes
            .iter()
            .map(|v| {
                let secret = v.secret.as_ref().unwrap().secret_name.as_deref().unwrap();
                (v.name.as_str(), secret)
            })
            .collect();
        let s3_volume = secret_volume_name("s3.credentials");
        assert_eq!(
            sources,
            [
                ("talosconfig-ccs-dev", "talosconfig-ccs-dev"),
                (s3_volume.as_str(), "s3.credentials"),
            ]
        );
        assert_eq!(names::label_problem(&s3_volume), None);

        let mounts = pod(&job).containers[0].volume_mounts.as_ref().unwrap();
        let paths: Vec<(&str, &str)> = mounts
            .iter()
            .map(|m| (m.name.as_str(), m.mount_path.as_str()))
            .collect();
        assert_eq!(
            paths,
            [
                ("talosconfig-ccs-dev", "/var/run/secrets/talosconfig"),
                (s3_volume.as_str(), "/var/run/secrets/s3"),
                ("talosconfig-ccs-dev", "/etc/talos"),
            ]
        );
        assert!(mounts.iter().all(|m| m.read_only == Some(true)));
    }

    #[test]
    fn a_spec_that_asks_for_a_writable_secret_still_gets_a_read_only_mount() {
        let mut spec = builder().with_secret_volume("s", "/s").build().unwrap();
        spec.secret_volumes.as_mut().unwrap()[0].read_only = false;
        let job = render_job(&spec).unwrap();
        let mounts = pod(&job).containers[0].volume_mounts.clone().unwrap();
        assert_eq!(mounts[0].read_only, Some(true));
    }

    #[test]
    fn node_exclusions_become_a_required_hostname_not_in_affinity() {
        let job = render(builder().with_node_exclusions(["ccs-mgmt-cp2", "ccs-mgmt-cp1"]));
        let affinity = pod(&job)
            .affinity
            .as_ref()
            .unwrap()
            .node_affinity
            .as_ref()
            .unwrap();
        let required = affinity
            .required_during_scheduling_ignored_during_execution
            .as_ref()
            .unwrap();
        let [term] = required.node_selector_terms.as_slice() else {
            panic!("expected one term");
        };
        let [requirement] = term.match_expressions.as_deref().unwrap() else {
            panic!("expected one requirement");
        };
        assert_eq!(requirement.key, "kubernetes.io/hostname");
        assert_eq!(requirement.operator, "NotIn");
        let values = requirement.values.as_deref().unwrap();
        assert_eq!(values, ["ccs-mgmt-cp2", "ccs-mgmt-cp1"]);
        assert_eq!(
            affinity.preferred_during_scheduling_ignored_during_execution,
            None
        );

        assert_eq!(pod(&render(builder())).affinity, None);
    }

    #[test]
    fn a_job_spec_written_by_go_renders_with_a_derived_name() {
        let text = include_bytes!("../../tests/fixtures/go-wire/job-spec/bootstrap-full.json");
        let spec = JobSpec::from_json(text).unwrap();
        assert_eq!(spec.name, "");
        let job = render_job(&spec).unwrap();
        assert_eq!(job.metadata.name.as_deref(), Some("bootstrap-ccs-dev"));
        assert_eq!(job.spec.unwrap().ttl_seconds_after_finished, Some(300));
    }

    #[test]
    fn a_set_name_is_kept_and_a_bad_spec_is_refused() {
        let mut spec = builder().build().unwrap();
        spec.name = "etcd-backup-retry-2".into();
        let job = render_job(&spec).unwrap();
        assert_eq!(job.metadata.name.as_deref(), Some("etcd-backup-retry-2"));

        spec.capability = "etcd-restoree".into();
        assert!(matches!(
            render_job(&spec),
            Err(BuildError::UnknownCapability { .. })
        ));
    }
}
