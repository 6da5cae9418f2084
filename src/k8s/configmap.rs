//! The ConfigMap a runner Job leaves its result in: writing it as the runner does, and
//! reading it as the operator does.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::ConfigMap;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use crate::validate::{Invalid, RESULT_KEY, ValidationError, validate_configmap};
use crate::wire::{self, WriteError};
use crate::{Document, OperationResultSpec, ReadError, names};

/// Why [`result_to_configmap`] could not build a ConfigMap.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ResultConfigMapError {
    /// The ConfigMap's name (a DNS-1123 subdomain) or namespace (a DNS-1123 label) is not
    /// valid.
    #[error("{field} {value:?} is not a valid Kubernetes name: it {reason}")]
    InvalidName {
        /// `name` or `namespace`.
        field: &'static str,
        /// The value that was given.
        value: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The result has no JSON form Go would write.
    #[error("cannot write the result as JSON")]
    Write(#[source] WriteError),
}

/// Why [`result_from_configmap`] could not read a result.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ResultReadError {
    /// The ConfigMap has no `result` key under `data`.
    #[error("ConfigMap {configmap:?} has no \"result\" key under data")]
    MissingResult {
        /// The ConfigMap as `namespace/name`.
        configmap: String,
    },
    /// The text under `data.result` cannot be read as an operation result.
    #[error("the result in ConfigMap {configmap:?} cannot be read")]
    Read {
        /// The ConfigMap as `namespace/name`.
        configmap: String,
        /// Why the text could not be read.
        #[source]
        source: ReadError,
    },
}

/// The ConfigMap a runner writes its result into: `name` in `namespace`, holding the
/// result under the key `result` as JSON in Go's wire form, byte for byte as the Go
/// runner writes it.
///
/// ```
/// use conductor_sdk::{OperationResultSpec, ResultStatus};
/// use conductor_sdk::k8s::{result_from_configmap, result_to_configmap};
///
/// let result = OperationResultSpec {
///     status: ResultStatus::Succeeded,
///     capability: "etcd-defrag".into(),
///     ..OperationResultSpec::default()
/// };
/// let configmap = result_to_configmap(&result, "etcd-defrag-result", "ont-system")?;
/// assert!(configmap.data.as_ref().unwrap()["result"].starts_with(r#"{"Phase":"","#));
/// assert_eq!(result_from_configmap(&configmap)?, result);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`ResultConfigMapError`] when the name or namespace is not valid, or the result has
/// no Go form (a time outside the years 0 to 9999).
pub fn result_to_configmap(
    result: &OperationResultSpec,
    name: &str,
    namespace: &str,
) -> Result<ConfigMap, ResultConfigMapError> {
    let invalid = |field, value: &str, reason| ResultConfigMapError::InvalidName {
        field,
        value: value.to_owned(),
        reason,
    };
    if let Some(reason) = names::subdomain_problem(name) {
        return Err(invalid("name", name, reason));
    }
    if let Some(reason) = names::label_problem(namespace) {
        return Err(invalid("namespace", namespace, reason));
    }

    let json = wire::to_string(result).map_err(ResultConfigMapError::Write)?;
    Ok(ConfigMap {
        metadata: ObjectMeta {
            name: Some(name.to_owned()),
            namespace: Some(namespace.to_owned()),
            ..ObjectMeta::default()
        },
        data: Some(BTreeMap::from([(RESULT_KEY.to_owned(), json)])),
        ..ConfigMap::default()
    })
}

/// Reads the result a runner left in a ConfigMap, as leniently as the Go operators do
/// (see [`Document::from_json`]): missing keys read as zero values, unknown keys are
/// ignored and nothing beyond the JSON types is checked. Use
/// [`validate_result_configmap`] to check the result against the contract as well.
///
/// # Errors
///
/// [`ResultReadError`] when `data.result` is missing or is not a result document.
pub fn result_from_configmap(
    configmap: &ConfigMap,
) -> Result<OperationResultSpec, ResultReadError> {
    let text = configmap
        .data
        .as_ref()
        .and_then(|data| data.get(RESULT_KEY));
    let Some(text) = text else {
        let configmap = describe(configmap);
        return Err(ResultReadError::MissingResult { configmap });
    };
    OperationResultSpec::from_json(text.as_bytes()).map_err(|source| ResultReadError::Read {
        configmap: describe(configmap),
        source,
    })
}

/// Validates the result a runner left in a ConfigMap against its schema and the
/// contract, as [`validate_configmap`] does, and returns it typed when it is valid.
///
/// # Errors
///
/// [`Invalid`] with every problem found, each with a JSON Pointer into the ConfigMap (for
/// a missing or misplaced result) or into the result document.
pub fn validate_result_configmap(configmap: &ConfigMap) -> Result<OperationResultSpec, Invalid> {
    let value = serde_json::to_value(configmap).map_err(|error| Invalid {
        errors: vec![ValidationError::ConfigMap {
            pointer: String::new(),
            message: format!("cannot read the ConfigMap: {error}"),
        }],
    })?;
    validate_configmap(&value)
}

fn describe(configmap: &ConfigMap) -> String {
    let namespace = configmap.metadata.namespace.as_deref().unwrap_or_default();
    let name = configmap.metadata.name.as_deref().unwrap_or_default();
    format!("{namespace}/{name}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ResultStatus;

    fn succeeded() -> OperationResultSpec {
        OperationResultSpec {
            status: ResultStatus::Succeeded,
            capability: "etcd-defrag".into(),
            ..OperationResultSpec::default()
        }
    }

    fn configmap_with(data: &[(&str, &str)]) -> ConfigMap {
        let data = data.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned()));
        ConfigMap {
            metadata: ObjectMeta {
                name: Some("r".into()),
                namespace: Some("ont-system".into()),
                ..ObjectMeta::default()
            },
            data: Some(data.collect()),
            ..ConfigMap::default()
        }
    }

    #[test]
    fn the_result_is_stored_under_result_in_go_form() {
        let configmap =
            result_to_configmap(&succeeded(), "etcd-defrag-result", "ont-system").unwrap();
        assert_eq!(
            configmap.metadata.name.as_deref(),
            Some("etcd-defrag-result")
        );
        assert_eq!(configmap.metadata.namespace.as_deref(), Some("ont-system"));
        let data = configmap.data.as_ref().unwrap();
        assert_eq!(data.keys().collect::<Vec<_>>(), ["result"]);
        assert_eq!(data["result"].as_bytes(), succeeded().to_json().unwrap());
        assert_eq!(configmap.binary_data, None);
    }

    #[test]
    fn names_are_checked_before_anything_is_written() {
        let bad_name = result_to_configmap(&succeeded(), "Result_1", "ont-system");
        assert!(matches!(
            bad_name,
            Err(ResultConfigMapError::InvalidName { field: "name", .. })
        ));
        let bad_namespace = result_to_configmap(&succeeded(), "r", "ont.system");
        let error = bad_namespace.unwrap_err();
        assert!(matches!(
            error,
            ResultConfigMapError::InvalidName {
                field: "namespace",
                ..
            }
        ));
        assert!(
            error.to_string().starts_with("namespace \"ont.system\""),
            "{error}"
        );
    }

    #[test]
    fn reading_is_lenient_like_go() {
        let configmap = configmap_with(&[("result", r#"{"Status":"Succeeded","Extra":1}"#)]);
        let result = result_from_configmap(&configmap).unwrap();
        assert_eq!(result.status, ResultStatus::Succeeded);
        assert_eq!(result.capability, "");
    }

    #[test]
    fn a_missing_or_broken_result_names_the_configmap() {
        let missing = result_from_configmap(&configmap_with(&[("other", "{}")])).unwrap_err();
        assert_eq!(
            missing.to_string(),
            "ConfigMap \"ont-system/r\" has no \"result\" key under data"
        );
        let broken = result_from_configmap(&configmap_with(&[("result", "[1]")])).unwrap_err();
        assert!(matches!(broken, ResultReadError::Read { .. }), "{broken:?}");
        let no_data = ConfigMap::default();
        assert!(matches!(
            result_from_configmap(&no_data),
            Err(ResultReadError::MissingResult { .. })
        ));
    }

    #[test]
    fn validation_is_strict_where_reading_is_lenient() {
        let lowercase = configmap_with(&[("result", r#"{"Status":"succeeded"}"#)]);
        assert!(result_from_configmap(&lowercase).is_ok());
        let invalid = validate_result_configmap(&lowercase).unwrap_err();
        assert!(invalid.errors.iter().any(|e| e.pointer() == "/Status"));

        let written = result_to_configmap(&succeeded(), "r", "ont-system").unwrap();
        assert_eq!(validate_result_configmap(&written).unwrap(), succeeded());

        let failed_without_reason = OperationResultSpec {
            status: ResultStatus::Failed,
            ..succeeded()
        };
        let written = result_to_configmap(&failed_without_reason, "r", "ont-system").unwrap();
        assert!(result_from_configmap(&written).is_ok());
        let invalid = validate_result_configmap(&written).unwrap_err();
        assert!(!invalid.errors.is_empty());
    }
}
