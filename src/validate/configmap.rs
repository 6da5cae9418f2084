//! Finding the result document in a ConfigMap, as the runner stores it.

use serde_json::Value;

use crate::OperationResultSpec;
use crate::validate::{Invalid, ValidationError, parse_json, validate};

/// The `data` key under which a runner stores its result document.
pub const RESULT_KEY: &str = "result";

/// Validates a ConfigMap that holds an operation result under `data.result`, and returns
/// the result typed when both are valid.
///
/// # Errors
///
/// [`Invalid`] with the ConfigMap's problems (pointing into the ConfigMap), or else every
/// problem of the result document (pointing into the result document).
pub fn validate_configmap(configmap: &Value) -> Result<OperationResultSpec, Invalid> {
    let text = result_text(configmap).map_err(|error| Invalid {
        errors: vec![error],
    })?;
    let document = parse_json(text.as_bytes(), "")?;
    validate(&document)
}

/// The JSON text under `data.result`.
fn result_text(configmap: &Value) -> Result<&str, ValidationError> {
    let Some(object) = configmap.as_object() else {
        return Err(problem(
            "",
            format!("expected a ConfigMap object, found {}", describe(configmap)),
        ));
    };
    match object.get("kind") {
        Some(Value::String(kind)) if kind == "ConfigMap" => {}
        Some(other) => {
            let message = format!("expected kind ConfigMap, found {}", describe(other));
            return Err(problem("/kind", message));
        }
        None => {
            return Err(problem(
                "/kind",
                "the object has no kind; expected ConfigMap".into(),
            ));
        }
    }

    let data = match object.get("data") {
        Some(Value::Object(data)) => Some(data),
        None | Some(Value::Null) => None,
        Some(other) => {
            let message = format!(
                "data must be an object of strings, found {}",
                describe(other)
            );
            return Err(problem("/data", message));
        }
    };
    match data.and_then(|d| d.get(RESULT_KEY)) {
        Some(Value::String(text)) => Ok(text),
        Some(other) => Err(not_a_string(other)),
        None => Err(missing_result(object, data)),
    }
}

fn not_a_string(value: &Value) -> ValidationError {
    let message = match value {
        Value::Object(_) => {
            "the result is a YAML or JSON mapping, not a string holding JSON; quote it".to_owned()
        }
        other => format!(
            "the result must be a string holding JSON, found {}",
            describe(other)
        ),
    };
    problem("/data/result", message)
}

fn missing_result(
    object: &serde_json::Map<String, Value>,
    data: Option<&serde_json::Map<String, Value>>,
) -> ValidationError {
    let in_binary = object
        .get("binaryData")
        .and_then(|b| b.get(RESULT_KEY))
        .is_some();
    if in_binary {
        let message = "the result is under binaryData; a runner writes it under data".to_owned();
        return problem("/binaryData/result", message);
    }
    let keys: Vec<&str> = data
        .map(|d| d.keys().map(String::as_str).collect())
        .unwrap_or_default();
    let found = if keys.is_empty() {
        "data has no keys".to_owned()
    } else {
        format!("data has {}", quote_list(&keys))
    };
    problem(
        "/data/result",
        format!("the ConfigMap has no {RESULT_KEY:?} key: {found}"),
    )
}

fn quote_list(keys: &[&str]) -> String {
    let shown: Vec<String> = keys.iter().take(10).map(|k| format!("{k:?}")).collect();
    let more = keys.len().saturating_sub(10);
    if more > 0 {
        format!("{} and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

fn problem(pointer: &str, message: String) -> ValidationError {
    ValidationError::ConfigMap {
        pointer: pointer.to_owned(),
        message,
    }
}

/// A short description of a JSON value's type, such as `a number`.
pub(crate) fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) if s.chars().count() <= 40 => format!("the string {s:?}"),
        Value::String(_) => "a long string".to_owned(),
        Value::Array(_) => "an array".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}
