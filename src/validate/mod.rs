//! Validating documents and the ConfigMaps runners write: the JSON Schema, with formats
//! asserted, and then the contract's rules that a schema cannot express.
//!
//! ```
//! use conductor_sdk::validate::validate_configmap;
//!
//! let configmap = serde_json::json!({
//!     "apiVersion": "v1",
//!     "kind": "ConfigMap",
//!     "metadata": { "name": "etcd-defrag-result", "namespace": "ont-system" },
//!     "data": { "result": r#"{"Phase":"","Status":"Succeeded","Capability":"etcd-defrag",
//!         "StartedAt":"2026-04-01T10:00:00Z","CompletedAt":"2026-04-01T10:00:30Z",
//!         "Artifacts":null,"FailureReason":null,"Steps":null,"DeployedResources":null,
//!         "ClusterPackRef":"","ClusterPackVersion":"","RBACDigest":"","WorkloadDigest":""}"# },
//! });
//! let result = validate_configmap(&configmap).unwrap();
//! assert_eq!(result.capability, "etcd-defrag");
//!
//! let mut broken = configmap.clone();
//! broken["data"]["result"] = r#"{"Status":"succeeded"}"#.into();
//! let invalid = validate_configmap(&broken).unwrap_err();
//! assert!(invalid.errors.iter().any(|e| e.pointer() == "/Status"));
//! ```

mod configmap;
mod contract;
mod error;

use serde_json::Value;

use crate::{Document, OperationResultSpec, escape_pointer, schema};

pub use configmap::{RESULT_KEY, validate_configmap};
pub use contract::Contract;
pub use error::{ContractRule, Invalid, ValidationError};

/// The longest instance value a schema message quotes; longer values are described
/// instead, so that a message never repeats a large or sensitive value.
const MAX_QUOTED_VALUE: usize = 64;

/// Validates a parsed document against its schema and the contract, and returns it
/// typed when it is valid.
///
/// # Errors
///
/// [`Invalid`] with every problem found: each schema violation, each broken contract rule,
/// and any value that cannot be read as Go reads it.
pub fn validate<T: Document + Contract>(document: &Value) -> Result<T, Invalid> {
    let mut errors = schema_errors::<T>(document);

    match serde_path_to_error::deserialize::<_, T>(document) {
        Ok(typed) => {
            errors.extend(typed.violations());
            if errors.is_empty() {
                return Ok(typed);
            }
        }
        Err(error) => errors.push(decode_error(&error)),
    }
    Err(Invalid { errors })
}

/// Parses JSON text and validates it as [`validate`] does.
///
/// ```
/// use conductor_sdk::OperationResultSpec;
/// use conductor_sdk::validate::validate_json;
///
/// let invalid = validate_json::<OperationResultSpec>(br#"{"Status": "#).unwrap_err();
/// assert!(invalid.errors[0].to_string().starts_with("not valid JSON"));
/// ```
///
/// # Errors
///
/// As [`validate`], or a single syntax error when the text is not JSON.
pub fn validate_json<T: Document + Contract>(text: &[u8]) -> Result<T, Invalid> {
    let document = parse_json(text, "")?;
    validate(&document)
}

/// Validates the JSON text of an operation result, as a runner stores it.
///
/// # Errors
///
/// As [`validate_json`].
pub fn validate_operation_result(text: &[u8]) -> Result<OperationResultSpec, Invalid> {
    validate_json(text)
}

/// Parses JSON text, reporting a syntax error at `pointer`.
pub(crate) fn parse_json(text: &[u8], pointer: &str) -> Result<Value, Invalid> {
    serde_json::from_slice(text).map_err(|error| Invalid {
        errors: vec![ValidationError::Syntax {
            pointer: pointer.to_owned(),
            message: syntax_message(&error),
            line: error.line(),
            column: error.column(),
        }],
    })
}

fn syntax_message(error: &serde_json::Error) -> String {
    let full = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    full.strip_suffix(&suffix).unwrap_or(&full).to_owned()
}

fn schema_errors<T: Document>(document: &Value) -> Vec<ValidationError> {
    let validator = schema::validator(T::KIND);
    validator
        .iter_errors(document)
        .map(|error| {
            let quoted = error.instance().to_string().len() <= MAX_QUOTED_VALUE;
            let message = if quoted {
                error.to_string()
            } else {
                error.masked().to_string()
            };
            let message = format!(
                "{message}{}",
                condition_note(error.evaluation_path().as_str())
            );
            ValidationError::Schema {
                pointer: error.instance_path().as_str().to_owned(),
                message,
            }
        })
        .collect()
}

/// Explains a violation of a document-level `if`/`then`/`else` rule, which a schema
/// message alone leaves unexplained. The only such rule ties `FailureReason` to `Status`.
fn condition_note(schema_path: &str) -> &'static str {
    if schema_path.starts_with("/then/") {
        " (a failure reason is required when Status is \"Failed\")"
    } else if schema_path.starts_with("/else/") {
        " (only a result whose Status is \"Failed\" has a failure reason)"
    } else {
        ""
    }
}

fn decode_error(error: &serde_path_to_error::Error<serde_json::Error>) -> ValidationError {
    use serde_path_to_error::Segment;

    let mut pointer = String::new();
    for segment in error.path().iter() {
        match segment {
            Segment::Seq { index } => pointer.push_str(&format!("/{index}")),
            Segment::Map { key } => pointer.push_str(&format!("/{}", escape_pointer(key))),
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    ValidationError::Decode {
        pointer,
        message: error.inner().to_string(),
    }
}
