//! The labels on runner Jobs and their pods, so that Kueue admits them and operators can
//! list them.

use crate::names::{self, MAX_LABEL_LEN};

/// The label Kueue reads to find a Job's LocalQueue. It must be a label: Kueue ignores
/// an annotation of the same name.
pub const QUEUE_NAME_LABEL: &str = "kueue.x-k8s.io/queue-name";

/// The label naming the capability a runner Job performs, such as `etcd-backup`. Set on
/// the Job and its pods.
pub const CAPABILITY_LABEL: &str = "conductor.ontai.dev/capability";

/// The label naming the cluster a runner Job acts on, with the value
/// [`cluster_label_value`] gives. Set on the Job and its pods when the Job has a cluster.
pub const CLUSTER_LABEL: &str = "conductor.ontai.dev/cluster";

/// The value of [`CLUSTER_LABEL`] for a cluster reference, for selecting a cluster's Jobs.
///
/// A cluster reference that is already a valid label value (at most 63 letters, digits,
/// `-`, `_` and `.`, starting and ending with a letter or digit) is used as it is, so a
/// name such as `ccs-dev` or an IP address such as `10.20.0.10` reads plainly. Anything
/// else, such as an endpoint with a port (`10.20.0.20:6443`), has each run of other
/// characters replaced by `-`, is cut to fit and is followed by `-` and eight hex digits
/// of a hash of the exact reference, so that references that read alike keep different
/// values. An empty reference gives an empty value (the label is then left out).
///
/// ```
/// use conductor_sdk::k8s::cluster_label_value;
///
/// assert_eq!(cluster_label_value("ccs-dev"), "ccs-dev");
/// assert_eq!(cluster_label_value("10.20.0.10"), "10.20.0.10");
/// assert!(cluster_label_value("10.20.0.20:6443").starts_with("10.20.0.20-6443-"));
/// ```
pub fn cluster_label_value(cluster_ref: &str) -> String {
    if cluster_ref.is_empty() || names::label_value_problem(cluster_ref).is_none() {
        return cluster_ref.to_owned();
    }

    let mut readable = String::with_capacity(cluster_ref.len());
    for c in cluster_ref.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
            readable.push(c);
        } else if !readable.ends_with('-') {
            readable.push('-');
        }
    }
    let hash = format!("{:08x}", names::fnv1a(&[cluster_ref]) as u32);
    let room = MAX_LABEL_LEN - hash.len() - 1;
    let start = readable.trim_start_matches(|c: char| !c.is_ascii_alphanumeric());
    let prefix =
        start[..start.len().min(room)].trim_end_matches(|c: char| !c.is_ascii_alphanumeric());
    if prefix.is_empty() {
        hash
    } else {
        format!("{prefix}-{hash}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_label_values_are_kept_as_they_are() {
        for value in ["ccs-dev", "10.20.0.10", "CCS_Dev.1", &"c".repeat(63)] {
            assert_eq!(cluster_label_value(value), value);
        }
        assert_eq!(cluster_label_value(""), "");
    }

    #[test]
    fn other_references_become_distinct_valid_values() {
        let inputs = [
            "10.20.0.20:6443",
            "10.20.0.20/6443",
            "https://10.20.0.20:6443/",
            &"c".repeat(64),
            &"c".repeat(65),
            "::1",
            "-x-",
            "é",
        ];
        let mut seen = Vec::new();
        for input in inputs {
            let value = cluster_label_value(input);
            assert_eq!(
                names::label_value_problem(&value),
                None,
                "{input:?} -> {value:?}"
            );
            assert!(!seen.contains(&value), "{value:?} repeats");
            seen.push(value);
        }
        assert!(seen[0].starts_with("10.20.0.20-6443-"), "{}", seen[0]);
        assert_eq!(
            cluster_label_value("10.20.0.20:6443"),
            seen[0],
            "deterministic"
        );
    }
}
