//! Writing Kubernetes objects as manifests that kubectl reads back exactly.

use serde::Serialize;

use crate::yaml::{YamlLimits, read_documents};

/// Why an object could not be written as a manifest.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ToYamlError {
    /// The YAML serializer refused a value.
    #[error("cannot write the object as YAML")]
    Yaml(#[source] serde_norway::Error),
    /// The object has no JSON form, such as a map with non-string keys.
    #[error("cannot write the object as JSON")]
    Json(#[source] serde_json::Error),
}

/// Writes `value` as one YAML document, ready for `kubectl apply -f -`.
///
/// Fields keep the order their type serializes them in (for k8s-openapi objects:
/// `apiVersion`, `kind`, `metadata`, `spec`, the rest alphabetical).
///
/// Kubernetes reads YAML with YAML 1.1 rules, under which some unquoted strings are not
/// strings (`on` and `no` are booleans, `1_000` is a number), while the YAML
/// writer follows YAML 1.2 and may leave them unquoted. So the YAML is read back with
/// Kubernetes' rules (see [`crate::yaml`]) and, if it does not give back exactly the
/// object, the object is written as indented JSON instead, which every YAML reader reads
/// exactly. Only objects holding such a string, such as a cluster named `on`, are
/// written as JSON.
///
/// ```
/// use std::collections::BTreeMap;
/// use conductor_sdk::k8s::to_yaml;
///
/// let plain = BTreeMap::from([("cluster", "ccs-dev")]);
/// assert_eq!(to_yaml(&plain)?, "cluster: ccs-dev\n");
/// let ambiguous = BTreeMap::from([("cluster", "on")]);
/// assert_eq!(to_yaml(&ambiguous)?, "{\n  \"cluster\": \"on\"\n}\n");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`ToYamlError`] when a value cannot be written at all, such as a map with non-string
/// keys.
pub fn to_yaml<T: Serialize + ?Sized>(value: &T) -> Result<String, ToYamlError> {
    let yaml = serde_norway::to_string(value).map_err(ToYamlError::Yaml)?;
    let expected = serde_json::to_value(value).map_err(ToYamlError::Json)?;
    if reads_back_as(&yaml, &expected) {
        return Ok(yaml);
    }

    let mut json = serde_json::to_string_pretty(&expected).map_err(ToYamlError::Json)?;
    json.push('\n');
    Ok(json)
}

/// Whether Kubernetes' YAML reader reads `yaml` as exactly one document equal to
/// `expected`.
fn reads_back_as(yaml: &str, expected: &serde_json::Value) -> bool {
    match read_documents(yaml, &YamlLimits::default()) {
        Ok(documents) => matches!(documents.as_slice(), [one] if one.value == *expected),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[test]
    fn strings_yaml_1_1_would_misread_are_written_so_that_they_read_back() {
        let tricky = [
            "yes",
            "on",
            "Off",
            "NO",
            "y",
            "0777",
            "1e3",
            "1_000",
            "0b101",
            "0o17",
            "0x1F",
            "1:20",
            "+1",
            "null",
            "~",
            ".inf",
            "-",
            "<<",
            "=",
            "",
            "a: b",
            "#x",
            "2001-12-14",
        ];
        for text in tricky {
            let object = BTreeMap::from([("value", text)]);
            let written = to_yaml(&object).unwrap();
            let expected = serde_json::to_value(&object).unwrap();
            assert!(reads_back_as(&written, &expected), "{text:?} -> {written}");
        }
    }

    #[test]
    fn ordinary_objects_stay_yaml() {
        let object = BTreeMap::from([("image", "registry.ontai.dev/conductor:v1.9.3-r1")]);
        assert_eq!(
            to_yaml(&object).unwrap(),
            "image: registry.ontai.dev/conductor:v1.9.3-r1\n"
        );
        // Quoted by the YAML writer itself, so still YAML.
        let number_like = BTreeMap::from([("value", "0777")]);
        assert_eq!(to_yaml(&number_like).unwrap(), "value: '0777'\n");
    }

    #[test]
    fn a_string_only_yaml_1_1_misreads_makes_the_object_json() {
        for text in ["on", "y", "1_000"] {
            let object = BTreeMap::from([("value", text)]);
            let written = to_yaml(&object).unwrap();
            assert_eq!(written, format!("{{\n  \"value\": \"{text}\"\n}}\n"));
        }
    }
}
