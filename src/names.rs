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
        label_chars_problem(part).map(|problem| format!("each dot-separated part {problem}"))
    })
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
    fn subdomains() {
        assert_eq!(subdomain_problem("talosconfig-ccs-dev"), None);
        assert_eq!(subdomain_problem("a.b-c.d"), None);
        assert!(subdomain_problem("a..b").is_some());
        assert!(subdomain_problem("a_b").is_some());
        assert!(subdomain_problem(&"a".repeat(254)).is_some());
    }
}
