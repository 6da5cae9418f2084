//! Finding the result document in a ConfigMap, as the runner stores it, and checking the
//! ConfigMap as the Kubernetes API server would.

use std::borrow::Cow;

use serde_json::{Map, Value};

use crate::OperationResultSpec;
use crate::escape_pointer;
use crate::names;
use crate::schema::screen::{Item, Tape};
use crate::validate::{Invalid, ValidationError, check_text, validate_text};

/// The `data` key under which a runner stores its result document.
pub const RESULT_KEY: &str = "result";

/// The most a ConfigMap's `data` and `binaryData` may hold together, in bytes, as the API
/// server counts it (keys plus values).
pub const MAX_CONFIGMAP_BYTES: usize = 1024 * 1024;

/// Validates a ConfigMap that holds an operation result under `data.result`, and returns
/// the result typed when both are valid.
///
/// The ConfigMap must be one the API server accepts: `kind: ConfigMap`, every `data` value
/// a string (in YAML, unquoted `yes`, `no`, `on`, `0755` or `3` are not strings), keys
/// made of `-`, `_`, `.` and ASCII letters and digits, and at most 1 MiB of data.
///
/// # Errors
///
/// [`Invalid`] with the ConfigMap's problems (pointing into the ConfigMap) followed by the
/// result document's problems (pointing into the result document).
pub fn validate_configmap(configmap: &Value) -> Result<OperationResultSpec, Invalid> {
    judge_configmap(configmap, |text| validate_text(text, "data.result")).map_err(redacted)
}

/// Checks a ConfigMap as [`validate_configmap`] does, without building the typed result:
/// the quickest way to a verdict.
///
/// # Errors
///
/// As [`validate_configmap`].
pub fn check_configmap(configmap: &Value) -> Result<(), Invalid> {
    let judge_result = |text: &[u8]| check_text::<OperationResultSpec>(text, "data.result");
    judge_configmap(configmap, judge_result).map_err(redacted)
}

/// A ConfigMap's namespace and name, as far as they are set.
pub(crate) type Names<'t> = (Option<Cow<'t, str>>, Option<Cow<'t, str>>);

/// The namespace and name of a ConfigMap on `tape` that is plainly valid, as
/// [`check_configmap`] would find it, result included; `None` when it must be checked in
/// full. Anything out of the ordinary (`binaryData`, a value that is not a string, a
/// name that breaks a rule) is left to the full check and its messages.
pub(crate) fn quick_configmap<'t>(tape: &Tape<'t>) -> Option<Names<'t>> {
    let (mut kind, mut metadata, mut data) = (false, None, None);
    for (key, value) in tape.members(0) {
        match (key, tape.item(value)) {
            ("kind", Item::String(text)) => kind = text == "ConfigMap",
            ("metadata", _) => metadata = Some(value),
            ("data", Item::Object { .. }) => data = Some(value),
            ("binaryData", Item::Null) => {}
            ("data" | "binaryData", _) => return None,
            _ => {}
        }
    }
    if !kind {
        return None;
    }

    let namespace = quick_name(tape, metadata, "namespace", names::label_problem)?;
    let name = quick_name(tape, metadata, "name", names::subdomain_problem)?;
    let result = quick_result(tape, data?)?;
    let judge = check_text::<OperationResultSpec>;
    judge(result.as_bytes(), "data.result").ok()?;
    Some((namespace, name))
}

/// The `data.result` text of the `data` object at `data`, when every entry is a string
/// under a valid key and they fit in a ConfigMap.
fn quick_result<'a>(tape: &'a Tape<'_>, data: usize) -> Option<&'a str> {
    let (mut size, mut result) = (0, None);
    for (key, value) in tape.members(data) {
        let Item::String(text) = tape.item(value) else {
            return None;
        };
        if !valid_key(key) {
            return None;
        }
        size += key.len() + text.len();
        if key == RESULT_KEY {
            result = Some(text.as_ref());
        }
    }
    result.filter(|_| size <= MAX_CONFIGMAP_BYTES)
}

/// The metadata field `field`, when unset or a string that keeps `rule`: `Some(None)` when
/// unset, `None` when it must be checked in full.
fn quick_name<'t>(
    tape: &Tape<'t>,
    metadata: Option<usize>,
    field: &str,
    rule: NameRule,
) -> Option<Option<Cow<'t, str>>> {
    let Some(metadata) = metadata.filter(|at| matches!(tape.item(*at), Item::Object { .. })) else {
        return Some(None);
    };
    let value = tape.members(metadata).find(|(key, _)| *key == field);
    match value.map(|(_, value)| tape.item(value)) {
        None | Some(Item::Null) => Some(None),
        Some(Item::String(text)) if rule(text).is_none() => Some(Some(text.clone())),
        Some(_) => None,
    }
}

fn redacted(invalid: Invalid) -> Invalid {
    Invalid {
        errors: invalid
            .errors
            .into_iter()
            .map(ValidationError::redacted)
            .collect(),
    }
}

/// Judges the ConfigMap, and its result text with `judge_result`.
fn judge_configmap<R>(
    configmap: &Value,
    judge_result: impl FnOnce(&[u8]) -> Result<R, Invalid>,
) -> Result<R, Invalid> {
    let mut errors = configmap_problems(configmap);
    if configmap.get("kind").and_then(Value::as_str) != Some("ConfigMap") {
        // Not a ConfigMap: its data is not a runner's result, so do not judge it as one.
        return Err(Invalid { errors });
    }
    let outcome = match result_text(configmap) {
        Ok(Some(text)) => judge_result(text.as_bytes()),
        Ok(None) => Err(Invalid { errors: Vec::new() }),
        Err(error) => Err(Invalid {
            errors: vec![error],
        }),
    };

    match outcome {
        Ok(result) if errors.is_empty() => Ok(result),
        Ok(_) => Err(Invalid { errors }),
        Err(invalid) => {
            errors.extend(invalid.errors);
            Err(Invalid { errors })
        }
    }
}

/// What the API server would refuse in the ConfigMap itself.
fn configmap_problems(configmap: &Value) -> Vec<ValidationError> {
    let Some(object) = configmap.as_object() else {
        let message = format!("expected a ConfigMap object, found {}", describe(configmap));
        return vec![problem("", message)];
    };
    let mut out = Vec::new();
    match object.get("kind") {
        Some(Value::String(kind)) if kind == "ConfigMap" => {}
        Some(other) => out.push(problem(
            "/kind",
            format!("expected kind ConfigMap, found {}", describe(other)),
        )),
        None => out.push(problem(
            "/kind",
            "the object has no kind; expected ConfigMap".to_owned(),
        )),
    }

    check_metadata(object, &mut out);
    check_shared_keys(object, &mut out);

    let mut size = 0;
    for section in ["data", "binaryData"] {
        match object.get(section) {
            None | Some(Value::Null) => {}
            Some(Value::Object(entries)) => size += check_entries(section, entries, &mut out),
            Some(other) => {
                let message = format!(
                    "{section} must be an object of strings, found {}",
                    describe(other)
                );
                out.push(problem(&format!("/{section}"), message));
            }
        }
    }
    if size > MAX_CONFIGMAP_BYTES {
        let message = format!(
            "data and binaryData hold {size} bytes; a ConfigMap holds at most {MAX_CONFIGMAP_BYTES}"
        );
        out.push(problem("/data", message));
    }
    out
}

/// Checks the keys and values of `data` or `binaryData`; returns the bytes they hold.
fn check_entries(
    section: &str,
    entries: &Map<String, Value>,
    out: &mut Vec<ValidationError>,
) -> usize {
    let mut size = 0;
    for (key, value) in entries {
        let pointer = format!("/{section}/{}", escape_pointer(key));
        if !valid_key(key) {
            let message = format!(
                "key {:?} is not a valid ConfigMap key: use letters, digits, '-', '_' and '.'",
                shorten(key)
            );
            out.push(problem(&pointer, message));
        }
        match value {
            Value::String(text) if section == "binaryData" => match base64_len(text) {
                Some(decoded) => size += key.len() + decoded,
                None => out.push(problem(&pointer, "value is not base64".to_owned())),
            },
            Value::String(text) => size += key.len() + text.len(),
            other => out.push(problem(&pointer, not_a_string(section, key, other))),
        }
    }
    size
}

/// A Kubernetes name rule: why a name is invalid, or `None`.
type NameRule = fn(&str) -> Option<String>;

/// The name must be a DNS-1123 subdomain and the namespace, when set, a DNS-1123 label.
fn check_metadata(object: &Map<String, Value>, out: &mut Vec<ValidationError>) {
    let metadata = object.get("metadata").and_then(Value::as_object);
    let field = |name: &str| metadata.and_then(|m| m.get(name));
    let checks: [(&str, NameRule); 2] = [
        ("name", names::subdomain_problem),
        ("namespace", names::label_problem),
    ];
    for (name, problem_of) in checks {
        let pointer = format!("/metadata/{name}");
        match field(name) {
            None | Some(Value::Null) => {}
            Some(Value::String(value)) => {
                if let Some(reason) = problem_of(value) {
                    let message = format!("{name} {:?} is not valid: it {reason}", shorten(value));
                    out.push(problem(&pointer, message));
                }
            }
            Some(other) => {
                out.push(problem(
                    &pointer,
                    format!("{name} must be a string, found {}", describe(other)),
                ));
            }
        }
    }
}

/// A key may not be under both `data` and `binaryData`.
fn check_shared_keys(object: &Map<String, Value>, out: &mut Vec<ValidationError>) {
    let (Some(data), Some(binary)) = (
        object.get("data").and_then(Value::as_object),
        object.get("binaryData").and_then(Value::as_object),
    ) else {
        return;
    };
    for key in data.keys().filter(|key| binary.contains_key(*key)) {
        let message = format!("key {:?} is under both data and binaryData", shorten(key));
        out.push(problem(
            &format!("/binaryData/{}", escape_pointer(key)),
            message,
        ));
    }
}

/// The decoded length of standard, padded base64 text, or `None` when it is not such text.
fn base64_len(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    if !bytes.len().is_multiple_of(4) {
        return None;
    }
    let padding = bytes.iter().rev().take_while(|b| **b == b'=').count();
    let body = &bytes[..bytes.len() - padding];
    let alphabet = |b: &u8| b.is_ascii_alphanumeric() || *b == b'+' || *b == b'/';
    (padding <= 2 && body.iter().all(alphabet)).then(|| bytes.len() / 4 * 3 - padding)
}

/// The API server's rule for ConfigMap keys: `[-._a-zA-Z0-9]+`, at most 253 characters,
/// and not `.` or `..`.
fn valid_key(key: &str) -> bool {
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    !key.is_empty() && key.len() <= 253 && key != "." && key != ".." && key.chars().all(allowed)
}

fn not_a_string(section: &str, key: &str, value: &Value) -> String {
    match value {
        Value::Object(_) if section == "data" && key == RESULT_KEY => {
            "the result is a mapping, not a string holding JSON; write it as one quoted string"
                .to_owned()
        }
        Value::Bool(_) | Value::Number(_) | Value::Null => format!(
            "value is {}, not a string: Kubernetes reads unquoted yes, no, on, off, numbers \
             and null in YAML as other types; quote it",
            describe(value)
        ),
        other => format!("value must be a string, found {}", describe(other)),
    }
}

/// The JSON text under `data.result`; `None` when the value is there but not a string,
/// which the ConfigMap checks already report.
fn result_text(configmap: &Value) -> Result<Option<&str>, ValidationError> {
    let Some(object) = configmap.as_object() else {
        return Ok(None);
    };
    let data = object.get("data").and_then(Value::as_object);
    match data.and_then(|d| d.get(RESULT_KEY)) {
        Some(Value::String(text)) => Ok(Some(text)),
        Some(_) => Ok(None),
        None if object
            .get("data")
            .is_some_and(|d| !d.is_object() && !d.is_null()) =>
        {
            Ok(None)
        }
        None => Err(missing_result(object, data)),
    }
}

fn missing_result(
    object: &Map<String, Value>,
    data: Option<&Map<String, Value>>,
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
    let misspelled = object
        .keys()
        .find(|k| k.as_str() != "data" && k.eq_ignore_ascii_case("data"));
    if let Some(key) = misspelled {
        let message =
            format!("the ConfigMap has no data; keys are case-sensitive: {key:?} is not \"data\"");
        return problem("/data/result", message);
    }
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
    let shown: Vec<String> = keys
        .iter()
        .take(10)
        .map(|k| format!("{:?}", shorten(k)))
        .collect();
    let more = keys.len().saturating_sub(10);
    if more > 0 {
        format!("{} and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

/// `text` redacted and cut for a message.
fn shorten(text: &str) -> String {
    crate::validate::quotable(text).0
}

fn problem(pointer: &str, message: String) -> ValidationError {
    ValidationError::ConfigMap {
        pointer: pointer.to_owned(),
        message,
    }
}

/// A short description of a JSON value, such as `the number 3`.
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn configmap(data: Value) -> Value {
        json!({ "apiVersion": "v1", "kind": "ConfigMap", "metadata": { "name": "r" }, "data": data })
    }

    fn pointers(value: &Value) -> Vec<String> {
        let invalid = validate_configmap(value).unwrap_err();
        invalid
            .errors
            .iter()
            .map(|e| e.pointer().to_owned())
            .collect()
    }

    #[test]
    fn data_values_must_be_strings() {
        let found = pointers(&configmap(
            json!({ "result": "{}", "flag": true, "mode": 493 }),
        ));
        assert!(found.contains(&"/data/flag".to_owned()), "{found:?}");
        assert!(found.contains(&"/data/mode".to_owned()), "{found:?}");
    }

    #[test]
    fn keys_follow_the_api_server() {
        let found = pointers(&configmap(
            json!({ "result": "{}", "a b": "x", "a/b": "y" }),
        ));
        assert!(found.contains(&"/data/a b".to_owned()), "{found:?}");
        assert!(found.contains(&"/data/a~1b".to_owned()), "{found:?}");
        assert!(valid_key("a-b_c.d") && !valid_key("..") && !valid_key(""));
    }

    #[test]
    fn metadata_names_follow_the_api_server() {
        let mut value = configmap(json!({ "result": "{}" }));
        value["metadata"] = json!({ "name": "Bad Name!", "namespace": "ONT_SYSTEM" });
        let found = pointers(&value);
        assert!(found.contains(&"/metadata/name".to_owned()), "{found:?}");
        assert!(
            found.contains(&"/metadata/namespace".to_owned()),
            "{found:?}"
        );
    }

    #[test]
    fn binary_data_is_base64_and_keys_are_not_shared() {
        let mut value = configmap(json!({ "result": "{}", "k": "x" }));
        value["binaryData"] = json!({ "k": "e30=", "bad": "!!!not base64!!!" });
        let found = pointers(&value);
        assert!(found.contains(&"/binaryData/k".to_owned()), "{found:?}");
        assert!(found.contains(&"/binaryData/bad".to_owned()), "{found:?}");
        assert_eq!(base64_len("e30="), Some(2));
        assert_eq!(base64_len("AAAA"), Some(3));
        assert_eq!(base64_len("AAA"), None);
    }

    #[test]
    fn binary_data_counts_its_decoded_size() {
        let mut value = configmap(json!({ "result": "{}" }));
        let encoded = "AAAA".repeat(MAX_CONFIGMAP_BYTES / 4 + 1000);
        value["binaryData"] = json!({ "blob": encoded });
        let found = pointers(&value);
        assert!(
            !found.contains(&"/data".to_owned()),
            "768 KiB decoded fits: {found:?}"
        );
    }

    #[test]
    fn size_is_limited() {
        let big = "x".repeat(MAX_CONFIGMAP_BYTES);
        let found = pointers(&configmap(json!({ "result": "{}", "pad": big })));
        assert!(found.contains(&"/data".to_owned()), "{found:?}");
    }

    #[test]
    fn a_mapping_or_binary_result_is_named_as_such() {
        let invalid =
            validate_configmap(&configmap(json!({ "result": { "Status": "x" } }))).unwrap_err();
        assert!(
            invalid.to_string().contains("the result is a mapping"),
            "{invalid}"
        );
        let binary = json!({ "kind": "ConfigMap", "binaryData": { "result": "e30=" } });
        let invalid = validate_configmap(&binary).unwrap_err();
        assert_eq!(invalid.errors[0].pointer(), "/binaryData/result");
    }
}

#[cfg(test)]
mod quick_tests {
    use super::*;

    #[test]
    fn a_plainly_valid_configmap_is_settled_on_its_tape_with_its_names() {
        let root = env!("CARGO_MANIFEST_DIR");
        let mut items = Vec::new();
        for file in [
            "examples/result-configmaps.json",
            "tests/fixtures/configmaps/list-one-invalid.json",
        ] {
            let text = std::fs::read_to_string(format!("{root}/{file}")).unwrap();
            items.extend(crate::input::read_items(&text).unwrap());
        }
        let mut settled = 0;
        for item in &items {
            let json = item.value.to_string();
            let tape = Tape::read(&json).unwrap();
            let quick = quick_configmap(&tape);
            if check_configmap(&item.value).is_ok() {
                let names = quick.expect("a valid example is settled quickly");
                assert_eq!(names.0.as_deref(), item.namespace());
                assert_eq!(names.1.as_deref(), item.name());
                settled += 1;
            } else {
                assert_eq!(quick, None);
            }
        }
        assert!(
            settled > 0 && settled < items.len(),
            "{settled} of {}",
            items.len()
        );
    }
}
