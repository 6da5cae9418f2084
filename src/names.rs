//! Kubernetes name rules, checked before a name reaches the API server.

/// The longest DNS-1123 label.
pub const MAX_LABEL_LEN: usize = 63;

/// The longest DNS-1123 subdomain.
pub const MAX_SUBDOMAIN_LEN: usize = 253;

/// Why `value` is not a DNS-1123 label (a namespace or Job name), or `None` when it is.
pub fn label_problem(value: &str) -> Option<String> {
    if value.is_empty() {
        return Some("must not be empty".to_owned());
    }
    if value.len() > MAX_LABEL_LEN {
        return Some(format!("must be at most {MAX_LABEL_LEN} characters"));
    }
    label_chars_problem(value)
}

/// Why `value` is not a DNS-1123 subdomain (a ConfigMap, Secret or service account
/// name), or `None` when it is.
pub fn subdomain_problem(value: &str) -> Option<String> {
    if value.is_empty() {
        return Some("must not be empty".to_owned());
    }
    if value.len() > MAX_SUBDOMAIN_LEN {
        return Some(format!("must be at most {MAX_SUBDOMAIN_LEN} characters"));
    }
    value.split('.').find_map(|part| {
        label_chars_problem(part).map(|_| {
            "must be dot-separated parts of lowercase letters, digits and '-', each \
             starting and ending with a letter or digit"
                .to_owned()
        })
    })
}

/// Why `value` is not a non-empty label value (a Kueue queue name on a Job, a node's
/// `kubernetes.io/hostname`), or `None` when it is: at most 63 characters of letters,
/// digits, `-`, `_` and `.`, starting and ending with a letter or digit.
pub fn label_value_problem(value: &str) -> Option<String> {
    if value.is_empty() {
        return Some("must not be empty".to_owned());
    }
    if value.len() > MAX_LABEL_LEN {
        return Some(format!("must be at most {MAX_LABEL_LEN} characters"));
    }
    let valid = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    let ends_well = value.starts_with(|c: char| c.is_ascii_alphanumeric())
        && value.ends_with(|c: char| c.is_ascii_alphanumeric());
    if value.chars().all(valid) && ends_well {
        return None;
    }
    Some(
        "must consist of letters, digits, '-', '_' and '.', and start and end with a \
         letter or digit"
            .to_owned(),
    )
}

/// Why `value` is not a Kueue queue name, or `None` when it is. A LocalQueue's name is a
/// DNS-1123 subdomain, and the Job names it in a label, whose values hold at most 63
/// characters.
pub fn queue_name_problem(value: &str) -> Option<String> {
    subdomain_problem(value).or_else(|| {
        (value.len() > MAX_LABEL_LEN)
            .then(|| format!("must be at most {MAX_LABEL_LEN} characters, as it is a label value"))
    })
}

/// A DNS-1123 label made from `readable` (already lowercase letters, digits and inner
/// `-`): `readable` itself when `exact` is false and it fits, else `readable` cut to fit
/// and followed by `-` and eight hex digits of a hash of `parts`, so that inputs that
/// read alike keep different labels. Never empty, never ends in `-`.
pub fn fit_label(readable: &str, exact: bool, parts: &[&str]) -> String {
    if exact && !readable.is_empty() && readable.len() <= MAX_LABEL_LEN {
        return readable.to_owned();
    }
    let hash = format!("{:08x}", fnv1a(parts) as u32);
    let room = MAX_LABEL_LEN - hash.len() - 1;
    let prefix = readable[..readable.len().min(room)].trim_end_matches('-');
    if prefix.is_empty() {
        // A label may start with a digit, so the hash alone is a valid label.
        hash
    } else {
        format!("{prefix}-{hash}")
    }
}

/// Lowercases `value` and turns every run of characters a DNS-1123 label cannot hold into
/// one `-`, trimming `-` from both ends.
pub fn sanitize_label(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars().map(|c| c.to_ascii_lowercase()) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_owned()
}

/// 64-bit FNV-1a over `parts`, each followed by a zero byte but the last. Stable across
/// versions and platforms, which a name derived from it must be.
pub fn fnv1a(parts: &[&str]) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325_u64;
    for (index, part) in parts.iter().enumerate() {
        let separator: &[u8] = if index + 1 < parts.len() { &[0] } else { &[] };
        for &byte in part.as_bytes().iter().chain(separator) {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    hash
}

fn label_chars_problem(value: &str) -> Option<String> {
    let valid = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-';
    let alphanumeric = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit();
    let starts_and_ends_well = value.starts_with(alphanumeric) && value.ends_with(alphanumeric);
    if value.chars().all(valid) && starts_and_ends_well {
        return None;
    }
    Some(
        "must consist of lowercase letters, digits and '-', and start and end with a \
         letter or digit"
            .to_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        assert_eq!(label_problem("ont-system"), None);
        assert_eq!(label_problem("a"), None);
        assert!(label_problem("").is_some());
        assert!(label_problem("-a").is_some());
        assert!(label_problem("a-").is_some());
        assert!(label_problem("A").is_some());
        assert!(label_problem("a.b").is_some());
        assert!(label_problem(&"a".repeat(64)).is_some());
        assert_eq!(label_problem(&"a".repeat(63)), None);
    }

    #[test]
    fn label_values() {
        assert_eq!(label_value_problem("10.20.0.10"), None);
        assert_eq!(label_value_problem("Platform_Queue.1"), None);
        assert_eq!(label_value_problem(&"a".repeat(63)), None);
        assert!(label_value_problem("").is_some());
        assert!(label_value_problem(&"a".repeat(64)).is_some());
        assert!(label_value_problem("10.20.0.20:6443").is_some());
        assert!(label_value_problem("_a").is_some());
        assert!(label_value_problem("a.").is_some());
        assert!(label_value_problem("a b").is_some());
    }

    #[test]
    fn queue_names_are_subdomains_short_enough_for_a_label() {
        assert_eq!(queue_name_problem("platform-system-queue"), None);
        assert_eq!(queue_name_problem("q.a"), None);
        assert_eq!(queue_name_problem(&"q".repeat(63)), None);
        let long = queue_name_problem(&"q".repeat(64)).unwrap();
        assert!(long.contains("63"), "{long}");
        assert!(queue_name_problem("Queue").is_some());
        assert!(queue_name_problem("q_a").is_some());
    }

    #[test]
    fn fitted_labels_are_valid_and_keep_exact_names() {
        assert_eq!(fit_label("ccs-dev", true, &["ccs-dev"]), "ccs-dev");
        let hashed = fit_label("10-20-0-10", false, &["10.20.0.10"]);
        assert!(hashed.starts_with("10-20-0-10-"), "{hashed}");
        assert_eq!(hashed.len(), "10-20-0-10-".len() + 8);
        let long = fit_label(&"abc-".repeat(25), true, &["x"]);
        assert_eq!(long.len(), 63, "{long}");
        // The cut lands on a `-`, which is dropped rather than doubled.
        let cut_at_dash = fit_label(&"a-".repeat(40), true, &["x"]);
        assert_eq!(cut_at_dash.len(), 62, "{cut_at_dash}");
        assert_eq!(label_problem(&long), None, "{long}");
        let empty = fit_label("", false, &["..."]);
        assert_eq!(label_problem(&empty), None, "{empty}");
    }

    #[test]
    fn fnv1a_separates_parts() {
        assert_ne!(fnv1a(&["ab", "c"]), fnv1a(&["a", "bc"]));
        assert_eq!(fnv1a(&[]), 0xcbf2_9ce4_8422_2325);
        // The published FNV-1a 64 value for "a".
        assert_eq!(fnv1a(&["a"]), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn subdomains() {
        assert_eq!(subdomain_problem("talosconfig-ccs-dev"), None);
        assert_eq!(subdomain_problem("a.b-c.d"), None);
        assert!(subdomain_problem("a..b").is_some());
        assert!(subdomain_problem("a_b").is_some());
        assert!(subdomain_problem(&"a".repeat(254)).is_some());
    }
}
