//! Recognising key material (PEM blocks, long base64 runs, well-known token forms) so
//! that an artifact reference holding it is refused and no message ever repeats it.

/// What kind of key material a text holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Material {
    /// A PEM block (`-----BEGIN ...`).
    Pem,
    /// A JSON Web Token.
    Jwt,
    /// A token in a well-known form, such as an AWS access key id or a GitHub token.
    Token,
    /// A long run of base64 text, as encoded keys and certificates are.
    Base64,
}

impl Material {
    /// A short description for messages.
    pub fn describe(self) -> &'static str {
        match self {
            Material::Pem => "a PEM block",
            Material::Jwt => "a JSON Web Token",
            Material::Token => "an access token",
            Material::Base64 => "a long base64 run",
        }
    }
}

/// The shortest base64 run taken for encoded key material.
const MIN_BASE64_RUN: usize = 32;

/// The shortest run of token characters that can hold material of any kind: a JSON Web
/// Token needs 16 (`eyJ` and seven more, a dot, four, a dot), a known token 20, base64 32.
const MIN_MATERIAL_RUN: usize = 16;

/// What placeholder replaces key material in messages.
const REDACTED: &str = "[redacted]";

/// The key material `text` holds, if any.
///
/// ```
/// use conductor_sdk::validate::{Material, find_material};
///
/// assert_eq!(find_material("-----BEGIN PRIVATE KEY-----\nMIIE..."), Some(Material::Pem));
/// assert_eq!(find_material("ont-system/talosconfig-ccs-dev"), None);
/// let digest = "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
/// assert_eq!(find_material(digest), None);
/// ```
pub fn find_material(text: &str) -> Option<Material> {
    material_spans(text).first().map(|(_, _, kind)| *kind)
}

/// Replaces every piece of key material in `text` with `[redacted]`.
///
/// ```
/// use conductor_sdk::validate::redact;
///
/// let text = "bad reference \"AKIAIOSFODNN7EXAMPLE\"";
/// assert_eq!(redact(text), "bad reference \"[redacted]\"");
/// ```
pub fn redact(text: &str) -> String {
    let spans = material_spans(text);
    if spans.is_empty() {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (start, end, _) in spans {
        if start >= last {
            out.push_str(&text[last..start]);
            out.push_str(REDACTED);
            last = end;
        }
    }
    out.push_str(&text[last..]);
    out
}

/// The most characters of document text a message quotes.
pub(crate) const MAX_QUOTED_CHARS: usize = 40;

/// `text` as a message may quote it: key material redacted first, so that cutting cannot
/// hide it from the redaction, then cut to [`MAX_QUOTED_CHARS`] characters. The flag says
/// whether anything was cut.
pub(crate) fn quotable(text: &str) -> (String, bool) {
    let redacted = redact(text);
    let cut: String = redacted.chars().take(MAX_QUOTED_CHARS).collect();
    let was_cut = cut.len() < redacted.len();
    (cut, was_cut)
}

/// Byte ranges of key material, in order.
fn material_spans(text: &str) -> Vec<(usize, usize, Material)> {
    let mut spans = pem_spans(text);
    for (start, end) in runs(text) {
        if end - start < MIN_MATERIAL_RUN || spans.iter().any(|(s, e, _)| start < *e && end > *s) {
            continue;
        }
        if let Some(kind) = classify_run(&text[start..end]) {
            spans.push((start, end, kind));
        }
    }
    spans.sort_by_key(|(start, _, _)| *start);
    spans
}

/// Byte ranges of every PEM block. A block runs to its `-----END ...-----` line; a block
/// cut short, to the end of the line or the quoted text it sits in.
fn pem_spans(text: &str) -> Vec<(usize, usize, Material)> {
    let mut spans = Vec::new();
    let mut from = 0;
    while let Some(start) = pem_start(text, from) {
        let rest = &text[start..];
        let end = match rest.find("-----END ") {
            Some(i) => {
                let after = start + i + "-----END ".len();
                text[after..]
                    .find("-----")
                    .map_or(text.len(), |j| after + j + 5)
            }
            None => rest.find(['"', '\n']).map_or(text.len(), |i| start + i),
        };
        spans.push((start, end, Material::Pem));
        // A block cut short at a quote may be followed by another in the same text.
        from = end.max(start + 1);
    }
    spans
}

/// Where the next PEM block starts at or after `from`: a search for `-` (which finds it
/// quickly in text that has none) before comparing the whole marker.
fn pem_start(text: &str, from: usize) -> Option<usize> {
    let marker = "-----BEGIN";
    // A dash five bytes on rules out most dashes before comparing the whole marker.
    let bytes = text.as_bytes();
    text.get(from..)?
        .match_indices('-')
        .map(|(index, _)| from + index)
        .find(|index| bytes.get(index + 4) == Some(&b'-') && text[*index..].starts_with(marker))
}

/// Maximal runs of token characters (base64 and base64url letters, `.` and `=`), in
/// order, as byte ranges.
fn runs(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let is_token =
        |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'_' | b'-' | b'.');
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        let start = at + bytes.get(at..)?.iter().position(|b| is_token(*b))?;
        let length = bytes[start..].iter().position(|b| !is_token(*b));
        let end = length.map_or(bytes.len(), |length| start + length);
        at = end;
        Some((start, end))
    })
}

fn classify_run(run: &str) -> Option<Material> {
    if is_jwt(run) {
        return Some(Material::Jwt);
    }
    if is_known_token(run) {
        return Some(Material::Token);
    }
    // Within a run, split at the characters that separate names; what remains must itself
    // be a long word that switches between upper case, lower case and digits as often as
    // encoded random bytes do.
    let words = run.split(['.', '-', '_']);
    words
        .filter(|w| w.len() >= MIN_BASE64_RUN)
        .find(|w| is_base64_like(w))
        .map(|_| Material::Base64)
}

/// A JSON Web Token anywhere in the run: `eyJ` (an encoded `{"`), then at least two
/// dot-separated parts, the signature possibly empty. Within one dot-free part, the
/// first `eyJ` gives the longest header, so only it is tried.
fn is_jwt(run: &str) -> bool {
    if !run.contains("eyJ") {
        return false;
    }
    let parts: Vec<&str> = run.split('.').collect();
    parts.windows(3).any(|window| {
        let header = window[0].find("eyJ").map(|start| &window[0][start..]);
        header.is_some_and(|header| header.len() >= 10) && window[1].len() >= 4
    })
}

/// Tokens in well-known forms: AWS access key ids (`AKIA`, `ASIA` and 16 upper-case
/// letters or digits), and the prefixes of GitHub, GitLab, Slack, Google and npm tokens.
fn is_known_token(run: &str) -> bool {
    // Every form starts with one of these letters; most suffixes are ruled out by it.
    let may_start =
        |rest: &&str| matches!(rest.as_bytes().first(), Some(b'A' | b'g' | b'n' | b'x'));
    starts(run).filter(may_start).any(|rest| {
        let key_id = |prefix: &str| {
            rest.strip_prefix(prefix).is_some_and(|id| {
                let id = id.as_bytes();
                id.len() >= 16
                    && id[..16]
                        .iter()
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
            })
        };
        let prefixed = |prefixes: &[&str], min: usize| {
            prefixes
                .iter()
                .any(|p| rest.strip_prefix(p).is_some_and(|token| token.len() >= min))
        };
        key_id("AKIA")
            || key_id("ASIA")
            || prefixed(&["ghp_", "gho_", "ghs_", "ghu_", "github_pat_", "npm_"], 30)
            || prefixed(&["xoxb-", "xoxp-", "xoxa-", "xoxs-", "glpat-"], 20)
            || prefixed(&["AIza"], 35)
    })
}

/// Every suffix of a run of token characters (which are ASCII), longest first.
fn starts(run: &str) -> impl Iterator<Item = &str> {
    (0..run.len()).filter_map(|index| run.get(index..))
}

/// Long, mixing upper case, lower case and digits, and switching between them often:
/// encoded random bytes do, names, paths and hex digests do not.
fn is_base64_like(word: &str) -> bool {
    let class = |b: u8| match b {
        b'A'..=b'Z' => 0,
        b'a'..=b'z' => 1,
        b'0'..=b'9' => 2,
        _ => 3,
    };
    // `/`, `+` and `=` belong to base64 but also to paths: judge the letters and digits.
    let bytes: Vec<u8> = word.bytes().filter(u8::is_ascii_alphanumeric).collect();
    if bytes.len() < MIN_BASE64_RUN {
        return false;
    }
    let count = |c: u8| bytes.iter().filter(|b| class(**b) == c).count();
    let switches = bytes
        .windows(2)
        .filter(|w| class(w[0]) != class(w[1]))
        .count();
    count(0) >= 4 && count(1) >= 4 && count(2) >= 1 && switches * 5 >= bytes.len() * 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pem_header_is_redacted_however_many_there_are() {
        let text = "keys ('a-----BEGIN x', 'b\"-----BEGIN y\" -----BEGIN z') were unexpected";
        let redacted = redact(text);
        assert!(!redacted.contains("BEGIN"), "{redacted}");
        assert!(redacted.starts_with("keys ('a[redacted]"), "{redacted}");
    }

    #[test]
    fn the_shortest_material_of_each_kind_is_still_found() {
        assert_eq!(find_material("x eyJhbGciOi.abcd. y"), Some(Material::Jwt));
        assert_eq!(find_material("x eyJhbGciO.abcd. y"), None);
        assert_eq!(find_material("ref AKIAIOSFODNN7EXAMPL"), None);
        assert_eq!(find_material("a-b -----BEGIN X"), Some(Material::Pem));
        assert_eq!(find_material("----BEGIN X"), None);
    }

    #[test]
    fn finds_key_material() {
        let pem =
            "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----";
        assert_eq!(find_material(pem), Some(Material::Pem));
        let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
        assert_eq!(find_material(jwt), Some(Material::Jwt));
        assert_eq!(find_material("AKIAIOSFODNN7EXAMPLE"), Some(Material::Token));
        assert_eq!(
            find_material("ghp_abcdefghijklmnopqrstuvwxyz0123456789"),
            Some(Material::Token)
        );
        let base64 = "ns/x/MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo";
        assert_eq!(find_material(base64), Some(Material::Base64));
    }

    #[test]
    fn leaves_references_alone() {
        for text in [
            "ont-system/talosconfig-ccs-dev",
            "s3://ccs-backups/etcd-backup-ccs-dev-20260401T100000Z.snapshot",
            "registry.ontai.dev/packs/cilium:1.16.3-r2@sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae",
            "talos API 10.20.0.11:50000 unreachable: connection refused",
            "machineconfig-restore-cluster-cluster-cluster-cluster-cluster",
            "s3://bucket/Backups/ClusterPackBuild/ReleaseNotes2026/SomethingLongerHere",
            "registry.ontai.dev/ontai-dev/conductor:v1.9.3-r1",
        ] {
            assert_eq!(find_material(text), None, "{text}");
            assert_eq!(redact(text), text);
        }
    }

    #[test]
    fn a_bare_pem_header_is_material() {
        assert_eq!(find_material(" ae-----BEGIN rPa"), Some(Material::Pem));
        assert_eq!(find_material("-----BEGINX"), Some(Material::Pem));
    }

    #[test]
    fn redaction_keeps_the_rest_of_the_message() {
        let message =
            "invalid time \"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\": bad";
        assert_eq!(redact(message), "invalid time \"[redacted]\": bad");
    }
}
