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
mod items;
mod keys;
mod secrets;

use serde_json::Value;

#[cfg(test)]
use crate::DocumentKind;
use crate::schema::screen::{Node, Tape};
use crate::strict_json::{self, StrictError};
use crate::{Document, OperationResultSpec, schema};

pub use configmap::{MAX_CONFIGMAP_BYTES, RESULT_KEY, check_configmap, validate_configmap};
pub use contract::Contract;
pub use error::{ContractRule, Invalid, ValidationError};
pub use items::{ItemKind, ItemVerdict, check_items};
pub(crate) use secrets::quotable;
pub use secrets::{Material, find_material, redact};

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
    if schema::screen::vouches_for(T::KIND, document)
        && let Ok(typed) = T::deserialize(document)
        && typed.violations().is_empty()
    {
        return Ok(typed);
    }
    validate_in_full(document)
}

/// Validates a document with the full JSON Schema validator, the contract and the typed
/// reader, for when the screen did not vouch for it or the quick path found a problem.
fn validate_in_full<T: Document + Contract>(document: &Value) -> Result<T, Invalid> {
    let mut errors = schema_and_key_errors::<T>(document);

    match read_typed::<T>(document) {
        Ok(typed) => {
            errors.extend(typed.violations());
            if errors.is_empty() {
                return Ok(typed);
            }
        }
        Err(error) => {
            // A value the schema refused needs no second, rawer message, unless the schema
            // only said it does not look like a time, which the reader explains better.
            errors.retain(|e| !(e.pointer() == error.pointer() && is_format_check(e)));
            if !errors.iter().any(|e| e.pointer() == error.pointer()) {
                errors.push(error);
            }
        }
    }
    Err(Invalid {
        errors: errors.into_iter().map(ValidationError::redacted).collect(),
    })
}

/// Checks a parsed document as [`validate`] does, without building the typed document: the
/// quickest way to a verdict.
///
/// # Errors
///
/// As [`validate`].
pub fn check<T: Document + Contract>(document: &Value) -> Result<(), Invalid> {
    let vouched = schema::screen::vouches_for(T::KIND, document);
    if vouched && keeps_contract::<T>(document, || T::deserialize(document).ok()) {
        return Ok(());
    }
    validate_in_full::<T>(document).map(drop)
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
    validate_text(text, "")
}

/// Validates JSON text as [`validate_json`] does; `what` names the text in messages, as
/// in [`parse_json`].
///
/// A document the schema screen vouches for is read straight from the text into its
/// type; only the others are parsed into a tree and given to the full validator.
pub(crate) fn validate_text<T: Document + Contract>(text: &[u8], what: &str) -> Result<T, Invalid> {
    if let Some(typed) = screened::<T>(text) {
        return Ok(typed);
    }
    let document = parse_json(text, what)?;
    validate_in_full(&document)
}

/// The typed document, when the screen vouches for the text and it keeps the contract.
fn screened<T: Document + Contract>(text: &[u8]) -> Option<T> {
    let text = std::str::from_utf8(text).ok()?;
    schema::screen::vouched_tape(T::KIND, text)?;
    let typed: T = serde_json::from_str(text).ok()?;
    typed.violations().is_empty().then_some(typed)
}

/// Checks JSON text as [`validate_json`] does, without building the typed document: the
/// quickest way to a verdict.
///
/// ```
/// use conductor_sdk::OperationResultSpec;
/// use conductor_sdk::validate::check_json;
///
/// let text = br#"{"Phase":"","Status":"Succeeded","Capability":"etcd-defrag",
///     "StartedAt":"2026-04-01T10:00:00Z","CompletedAt":"2026-04-01T10:00:30Z",
///     "Artifacts":null,"FailureReason":null,"Steps":null,"DeployedResources":null,
///     "ClusterPackRef":"","ClusterPackVersion":"","RBACDigest":"","WorkloadDigest":""}"#;
/// assert!(check_json::<OperationResultSpec>(text).is_ok());
/// let invalid = check_json::<OperationResultSpec>(br#"{"Status":"Done"}"#).unwrap_err();
/// assert!(invalid.errors.iter().any(|e| e.pointer() == "/Status"));
/// ```
///
/// # Errors
///
/// As [`validate_json`].
pub fn check_json<T: Document + Contract>(text: &[u8]) -> Result<(), Invalid> {
    check_text::<T>(text, "")
}

/// Checks JSON text as [`check_json`] does; `what` names the text in messages, as in
/// [`parse_json`].
pub(crate) fn check_text<T: Document + Contract>(text: &[u8], what: &str) -> Result<(), Invalid> {
    if passes_quickly::<T>(text) {
        return Ok(());
    }
    let document = parse_json(text, what)?;
    validate_in_full::<T>(&document).map(drop)
}

/// Whether the screen vouches for the text and the document keeps the contract; an
/// operation result's rules are checked on the screen's tape, without reading the typed
/// document.
fn passes_quickly<T: Document + Contract>(text: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(text) else {
        return false;
    };
    Tape::read(text).is_some_and(|tape| passes_on_tape::<T>(&tape, text))
}

/// Whether the document on `tape`, read from `text`, is one the screen vouches for and
/// that keeps the contract.
fn passes_on_tape<T: Document + Contract>(tape: &Tape<'_>, text: &str) -> bool {
    schema::screen::vouches_for_tape(T::KIND, tape)
        && keeps_contract::<T>((tape, 0), || serde_json::from_str(text).ok())
}

/// Whether a document the screen vouched for keeps the contract: an operation result's
/// rules read the document as it is, other documents' rules read it typed.
fn keeps_contract<'v, T: Document + Contract>(
    document: impl Node<'v>,
    typed: impl FnOnce() -> Option<T>,
) -> bool {
    if T::KIND == crate::DocumentKind::OperationResult {
        let facts = contract::ResultFacts::from_node(document);
        return facts.is_some_and(|facts| contract::result_violations(&facts).is_empty());
    }
    typed().is_some_and(|typed| typed.violations().is_empty())
}

/// Validates the JSON text of an operation result, as a runner stores it.
///
/// # Errors
///
/// As [`validate_json`].
pub fn validate_operation_result(text: &[u8]) -> Result<OperationResultSpec, Invalid> {
    validate_json(text)
}

/// Parses JSON text. `what` names the text in messages (`data.result`), or is empty for
/// a whole input; pointers of problems point into the text.
pub(crate) fn parse_json(text: &[u8], what: &str) -> Result<Value, Invalid> {
    let named = |message: String| {
        if what.is_empty() {
            format!("not valid JSON: {message}")
        } else {
            format!("{what} is not valid JSON: {message}")
        }
    };
    let error = match strict_json::parse(text) {
        Ok(value) => return Ok(value),
        Err(StrictError::Syntax {
            message,
            line,
            column,
        }) => ValidationError::Syntax {
            pointer: String::new(),
            message: named(message),
            line,
            column,
        },
        Err(StrictError::DuplicateKey {
            pointer,
            key,
            line,
            column,
        }) => {
            let message = format!(
                "key {key:?} appears twice (line {line} column {column}): readers disagree on \
                 which value wins"
            );
            let message = if what.is_empty() {
                message
            } else {
                format!("in {what}, {message}")
            };
            ValidationError::Ambiguous { pointer, message }
        }
    };
    Err(Invalid {
        errors: vec![error.redacted()],
    })
}

/// Reads the typed document; on failure, reads it again tracking the path, so that the
/// common valid case pays nothing for the pointer.
fn read_typed<T: Document>(document: &Value) -> Result<T, ValidationError> {
    T::deserialize(document).or_else(|_| {
        serde_path_to_error::deserialize::<_, T>(document).map_err(|error| decode_error(&error))
    })
}

/// The schema's violations, with case-variant keys reported as ambiguous in place of the
/// "additional property" and "required" complaints they cause.
fn schema_and_key_errors<T: Document>(document: &Value) -> Vec<ValidationError> {
    let validator = schema::validator(T::KIND);
    if validator.is_valid(document) {
        return Vec::new();
    }
    let raw: Vec<jsonschema::ValidationError<'_>> = validator.iter_errors(document).collect();

    // A case variant is always an unexpected property, so only then is the walk needed.
    let unexpected = raw.iter().any(|error| {
        matches!(
            error.kind(),
            jsonschema::error::ValidationErrorKind::AdditionalProperties { .. }
        )
    });
    let variants = if unexpected {
        keys::case_variants(T::KIND, document)
    } else {
        Vec::new()
    };

    let schema_errors = raw
        .iter()
        .filter(|error| !explained_by_variants(error, &variants));
    let mut errors: Vec<ValidationError> = variants
        .iter()
        .cloned()
        .map(keys::Variant::into_error)
        .collect();
    errors.extend(schema_errors.map(schema_error));
    without_vague_any_of(errors)
}

fn schema_error(error: &jsonschema::ValidationError<'_>) -> ValidationError {
    let pointer = error.instance_path().as_str().to_owned();
    let keyword = error.kind().keyword().to_owned();
    let quoted = error.instance().to_string().len() <= MAX_QUOTED_VALUE;
    let mut message = if quoted {
        error.to_string()
    } else {
        error.masked().to_string()
    };

    // The schema's only `not` keeps pack-compile out of a JobSpec; say why.
    if keyword == "not" && pointer == "/Capability" {
        message = format!("{} never runs as a Job", error.instance());
    }
    if pointer == "/FailureReason" && keyword == "type" {
        message.push_str(condition_note(error.evaluation_path().as_str()));
    }
    ValidationError::Schema {
        pointer,
        keyword,
        message,
    }
}

/// Leaves out an `anyOf` complaint when a more precise error explains the same value: an
/// `anyOf` of a type and `null` only says "neither", where the branch's own errors say why.
fn without_vague_any_of(errors: Vec<ValidationError>) -> Vec<ValidationError> {
    let precise: Vec<String> = errors
        .iter()
        .filter(|e| !matches!(e, ValidationError::Schema { keyword, .. } if keyword == "anyOf"))
        .map(|e| e.pointer().to_owned())
        .collect();
    errors
        .into_iter()
        .filter(|error| {
            let ValidationError::Schema {
                keyword, pointer, ..
            } = error
            else {
                return true;
            };
            let below = |p: &String| p == pointer || p.starts_with(&format!("{pointer}/"));
            keyword != "anyOf" || !precise.iter().any(below)
        })
        .collect()
}

/// Whether an error is a schema `pattern` or `format` check.
fn is_format_check(error: &ValidationError) -> bool {
    matches!(error, ValidationError::Schema { keyword, .. } if keyword == "pattern" || keyword == "format")
}

/// Whether a schema error only restates a case-variant key: the variant is an unexpected
/// property, and the field it spells is missing.
fn explained_by_variants(
    error: &jsonschema::ValidationError<'_>,
    variants: &[keys::Variant],
) -> bool {
    use jsonschema::error::ValidationErrorKind;

    let object = error.instance_path().as_str();
    let in_object = || variants.iter().filter(move |v| v.object == object);
    match error.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected } => unexpected
            .iter()
            .all(|key| in_object().any(|v| v.key == *key)),
        ValidationErrorKind::Required { property } => {
            in_object().any(|v| property.as_str() == Some(v.canonical.as_str()))
        }
        _ => false,
    }
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
    let pointer = crate::document::json_pointer(error.path());
    ValidationError::Decode {
        pointer,
        message: error.inner().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quick path (screen, then reading straight from the text) must give exactly what
    /// the full path gives.
    #[test]
    fn screened_documents_equal_what_the_full_path_reads() {
        let folder = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/go-wire/operation-result"
        );
        let mut seen = 0;
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "json") {
                continue;
            }
            let text = std::fs::read(&path).unwrap();
            let document = parse_json(&text, "").unwrap();
            let full = validate::<OperationResultSpec>(&document).ok();
            let quick = screened::<OperationResultSpec>(&text);
            assert_eq!(quick, full, "{}", path.display());
            seen += usize::from(full.is_some());
        }
        assert!(seen >= 5);
    }

    /// The verdict-only path must give exactly the verdict and errors of the full path.
    #[test]
    fn checking_gives_the_verdicts_and_errors_of_validating() {
        let root = env!("CARGO_MANIFEST_DIR");
        let folders = [
            "tests/fixtures/go-wire/operation-result",
            "tests/fixtures/go-wire/operation-result/failure-category",
            "tests/conformance/invalid/operation-result",
        ];
        let (mut valid, mut invalid) = (0, 0);
        for folder in folders {
            for entry in std::fs::read_dir(format!("{root}/{folder}")).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_none_or(|e| e != "json") {
                    continue;
                }
                let text = std::fs::read(&path).unwrap();
                let full = validate_json::<OperationResultSpec>(&text).map(drop);
                let quick = check_json::<OperationResultSpec>(&text);
                assert_eq!(quick, full, "{}", path.display());
                if let Ok(document) = parse_json(&text, "") {
                    let parsed = check::<OperationResultSpec>(&document);
                    assert_eq!(parsed, full, "{}", path.display());
                }
                if full.is_ok() {
                    valid += 1;
                } else {
                    invalid += 1;
                }
            }
        }
        assert!(
            valid >= 10 && invalid >= 10,
            "{valid} valid, {invalid} invalid"
        );
    }

    #[test]
    fn a_vouched_document_that_breaks_the_contract_gets_its_full_verdict() {
        let text = br#"{"Phase":"","Status":"Succeeded","Capability":"etcd-defrag",
            "StartedAt":"2026-04-01T10:00:30Z","CompletedAt":"2026-04-01T10:00:00Z",
            "Artifacts":null,"FailureReason":null,"Steps":null,"DeployedResources":null,
            "ClusterPackRef":"","ClusterPackVersion":"","RBACDigest":"","WorkloadDigest":""}"#;
        let text = std::str::from_utf8(text).unwrap();
        assert!(schema::screen::vouches_for_text(
            DocumentKind::OperationResult,
            text
        ));
        assert_eq!(screened::<OperationResultSpec>(text.as_bytes()), None);
        let invalid = validate_operation_result(text.as_bytes()).unwrap_err();
        assert_eq!(invalid.errors[0].pointer(), "/CompletedAt");
    }
}
