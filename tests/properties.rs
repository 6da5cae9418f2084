//! Property tests: any value the types can hold survives a write and a read unchanged, and
//! `fmt` (canonicalization) is idempotent on anything it accepts.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};
use conductor_sdk::{
    ArtifactKind, ArtifactRef, CapabilityEntry, CapabilityManifest, DeployedResource, Document,
    DocumentKind, FailureCategory, FailureReason, GoTime, JobSpec, KubeTime, OperationResultSpec,
    ParameterDef, ParameterType, ResultStatus, RunnerConfigSpec, RunnerConfigStep,
    RunnerOperationalHistoryEntry, RunnerPhaseConfig, SecretVolume, StepResult,
};
use proptest::collection::{btree_map, vec};
use proptest::option;
use proptest::prelude::*;
use serde_json::Value;

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-z0-9-]{0,12}",
        1 => any::<String>(),
        1 => Just("<a & b>\u{2028}\u{2029}\u{8}\u{c}\"\\".to_owned()),
    ]
}

fn go_time() -> impl Strategy<Value = GoTime> {
    let date = (0i32..=9999, 1u32..=12, 1u32..=28);
    let clock = (0u32..24, 0u32..60, 0u32..60, 0u32..1_000_000_000);
    let offset = -1439i32..=1439;
    (date, clock, offset).prop_map(|((y, mo, d), (h, mi, s, ns), minutes)| {
        let naive = NaiveDate::from_ymd_opt(y, mo, d)
            .and_then(|date| date.and_hms_nano_opt(h, mi, s, ns))
            .expect("a valid date");
        let offset = FixedOffset::east_opt(minutes * 60).expect("a valid offset");
        let time: DateTime<FixedOffset> =
            offset.from_local_datetime(&naive).single().expect("fixed");
        GoTime::from(time)
    })
}

/// Kubernetes times hold whole seconds in UTC: a fraction or an offset is not written,
/// so only such values can survive a round trip.
fn kube_time() -> impl Strategy<Value = KubeTime> {
    prop_oneof![
        1 => Just(KubeTime::zero()),
        4 => (0i64..253_402_300_799).prop_map(|secs| {
            KubeTime::from(Utc.timestamp_opt(secs, 0).single().expect("in range"))
        }),
    ]
}

fn open_enum<T: From<String> + std::fmt::Debug + Clone + 'static>(
    known: &'static [T],
) -> impl Strategy<Value = T> {
    prop_oneof![3 => proptest::sample::select(known), 1 => text().prop_map(T::from)]
}

fn artifact() -> impl Strategy<Value = ArtifactRef> {
    (text(), open_enum(ArtifactKind::KNOWN), text(), text()).prop_map(
        |(name, kind, reference, checksum)| ArtifactRef {
            name,
            kind,
            reference,
            checksum,
        },
    )
}

fn step() -> impl Strategy<Value = StepResult> {
    (
        text(),
        open_enum(ResultStatus::KNOWN),
        go_time(),
        go_time(),
        text(),
    )
        .prop_map(
            |(name, status, started_at, completed_at, message)| StepResult {
                name,
                status,
                started_at,
                completed_at,
                message,
            },
        )
}

fn failure() -> impl Strategy<Value = FailureReason> {
    (open_enum(FailureCategory::KNOWN), text(), text()).prop_map(
        |(category, reason, failed_step)| FailureReason {
            category,
            reason,
            failed_step,
        },
    )
}

fn deployed() -> impl Strategy<Value = DeployedResource> {
    (text(), text(), text(), text()).prop_map(|(api_version, kind, namespace, name)| {
        DeployedResource {
            api_version,
            kind,
            namespace,
            name,
        }
    })
}

fn operation_result() -> impl Strategy<Value = OperationResultSpec> {
    let head = (
        text(),
        open_enum(ResultStatus::KNOWN),
        text(),
        go_time(),
        go_time(),
    );
    let lists = (
        option::of(vec(artifact(), 0..3)),
        option::of(failure()),
        option::of(vec(step(), 0..3)),
        option::of(vec(deployed(), 0..3)),
    );
    let tail = (text(), text(), text(), text());
    (head, lists, tail).prop_map(|(head, lists, tail)| OperationResultSpec {
        phase: head.0,
        status: head.1,
        capability: head.2,
        started_at: head.3,
        completed_at: head.4,
        artifacts: lists.0,
        failure_reason: lists.1,
        steps: lists.2,
        deployed_resources: lists.3,
        cluster_pack_ref: tail.0,
        cluster_pack_version: tail.1,
        rbac_digest: tail.2,
        workload_digest: tail.3,
    })
}

fn parameters() -> impl Strategy<Value = BTreeMap<String, String>> {
    btree_map(text(), text(), 0..3)
}

fn runner_config() -> impl Strategy<Value = RunnerConfigSpec> {
    let phase = (text(), parameters())
        .prop_map(|(name, parameters)| RunnerPhaseConfig { name, parameters });
    let step = (text(), text(), parameters(), text(), any::<bool>()).prop_map(
        |(name, capability, parameters, depends_on, halt_on_failure)| RunnerConfigStep {
            name,
            capability,
            parameters,
            depends_on,
            halt_on_failure,
        },
    );
    let history = (kube_time(), text(), text(), text(), text()).prop_map(
        |(applied_at, concern, previous_value, new_value, applied_by)| {
            RunnerOperationalHistoryEntry {
                applied_at,
                concern,
                previous_value,
                new_value,
                applied_by,
            }
        },
    );
    let head = (text(), text(), vec(phase, 0..3), vec(step, 0..3));
    let tail = (vec(history, 0..3), vec(text(), 0..3), text(), any::<bool>());
    (head, tail).prop_map(|(head, tail)| RunnerConfigSpec {
        cluster_ref: head.0,
        runner_image: head.1,
        phases: head.2,
        steps: head.3,
        operational_history: tail.0,
        maintenance_target_nodes: tail.1,
        operator_leader_node: tail.2,
        self_operation: tail.3,
    })
}

fn job_spec() -> impl Strategy<Value = JobSpec> {
    let volume =
        (text(), text(), any::<bool>()).prop_map(|(secret_name, mount_path, read_only)| {
            SecretVolume {
                secret_name,
                mount_path,
                read_only,
            }
        });
    let head = (text(), text(), text(), text(), text(), text());
    let tail = (
        text(),
        option::of(vec(volume, 0..3)),
        any::<i32>(),
        text(),
        option::of(vec(text(), 0..3)),
    );
    (head, tail).prop_map(|(head, tail)| JobSpec {
        name: head.0,
        namespace: head.1,
        image: head.2,
        capability: head.3,
        cluster_ref: head.4,
        queue_name: head.5,
        operation_result_config_map: tail.0,
        secret_volumes: tail.1,
        ttl_seconds_after_finished: tail.2,
        service_account_name: tail.3,
        node_exclusions: tail.4,
    })
}

fn manifest() -> impl Strategy<Value = CapabilityManifest> {
    let parameter = (
        open_enum(ParameterType::KNOWN),
        any::<bool>(),
        text(),
        text(),
    )
        .prop_map(|(type_, required, description, default)| ParameterDef {
            type_,
            required,
            description,
            default,
        });
    // The mode is never written, so a value read back holds the default mode.
    let entry = (text(), text(), btree_map(text(), parameter, 0..3), text()).prop_map(
        |(name, version, parameter_schema, description)| CapabilityEntry {
            name,
            version,
            parameter_schema,
            description,
            ..CapabilityEntry::default()
        },
    );
    (text(), go_time(), option::of(vec(entry, 0..3))).prop_map(
        |(runner_version, published_at, entries)| CapabilityManifest {
            runner_version,
            published_at,
            entries,
        },
    )
}

fn assert_round_trip<T: Document + PartialEq + std::fmt::Debug>(value: &T) {
    let written = value.to_json().expect("writable");
    let read = T::from_json(&written).expect("readable");
    assert_eq!(&read, value, "{}", String::from_utf8_lossy(&written));
    let again = T::KIND.canonicalize(&written).expect("canonical");
    assert_eq!(again, written, "fmt changed canonical bytes");
}

/// JSON built from the documents' keys in assorted spellings, so that key folding,
/// unknown keys and wrong types are all exercised.
fn json_value() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        Just("Status".to_owned()),
        Just("status".to_owned()),
        Just("STEPS".to_owned()),
        Just("Steps".to_owned()),
        Just("Name".to_owned()),
        Just("StartedAt".to_owned()),
        Just("clusterRef".to_owned()),
        Just("phases".to_owned()),
        Just("Entries".to_owned()),
        Just("SecretVolumes".to_owned()),
        "[a-zA-Z]{1,8}",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i32>().prop_map(Value::from),
        text().prop_map(Value::String),
        Just(Value::String("2026-04-01T10:00:00.5+02:00".to_owned())),
    ];
    leaf.prop_recursive(4, 32, 6, move |inner| {
        prop_oneof![
            vec(inner.clone(), 0..4).prop_map(Value::Array),
            btree_map(key.clone(), inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn operation_results_survive_write_then_read(value in operation_result()) {
        assert_round_trip(&value);
    }

    #[test]
    fn runner_configs_survive_write_then_read(value in runner_config()) {
        assert_round_trip(&value);
    }

    #[test]
    fn job_specs_survive_write_then_read(value in job_spec()) {
        assert_round_trip(&value);
    }

    #[test]
    fn manifests_survive_write_then_read(value in manifest()) {
        assert_round_trip(&value);
    }

    #[test]
    fn fmt_is_idempotent_on_any_json_it_accepts(value in json_value()) {
        let input = serde_json::to_vec(&value).unwrap();
        for kind in DocumentKind::ALL {
            if let Ok(once) = kind.canonicalize(&input) {
                let twice = kind.canonicalize(&once).expect("canonical output reads back");
                prop_assert_eq!(&twice, &once);
            }
        }
    }
}
