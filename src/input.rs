//! Splitting an input into the documents it holds: one JSON or YAML document, a
//! multi-document YAML stream, or a Kubernetes `List` (such as `kubectl get cm -o yaml`),
//! with lists inside lists expanded too.

use serde_json::Value;

use crate::strict_json::{self, StrictError};
use crate::yaml::{self, YamlError, YamlLimits};

/// The deepest a `List` may sit inside other lists.
pub const MAX_LIST_NESTING: usize = 8;

/// One document found in an input.
#[derive(Clone, Debug, PartialEq)]
pub struct InputItem {
    /// Where the document sits in the input: empty for a lone document, `document 2` for
    /// the second document of a YAML stream, followed by `/items/3` for an item of a
    /// `List`.
    pub item: String,
    /// The document.
    pub value: Value,
}

impl InputItem {
    /// `metadata.namespace` of a Kubernetes object, if set.
    pub fn namespace(&self) -> Option<&str> {
        self.value
            .pointer("/metadata/namespace")
            .and_then(Value::as_str)
    }

    /// `metadata.name` of a Kubernetes object, if set.
    pub fn name(&self) -> Option<&str> {
        self.value.pointer("/metadata/name").and_then(Value::as_str)
    }
}

/// Why an input could not be split into documents.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum InputError {
    /// The input is not valid JSON.
    #[error("not valid JSON: {message} at line {line} column {column}")]
    Json {
        /// What the parser reported.
        message: String,
        /// The 1-based line where parsing stopped.
        line: usize,
        /// The 1-based column where parsing stopped.
        column: usize,
    },
    /// A key appears twice in one JSON object; readers disagree on which value wins.
    #[error(
        "duplicate key {} at {pointer} (line {line} column {column})",
        short(key)
    )]
    DuplicateKey {
        /// The JSON Pointer of the repeated key.
        pointer: String,
        /// The repeated key.
        key: String,
        /// The 1-based line of the repeat.
        line: usize,
        /// The 1-based column of the repeat.
        column: usize,
    },
    /// The input is not valid YAML, or trips one of the reader's limits.
    #[error(transparent)]
    Yaml(#[from] YamlError),
    /// The input holds no document at all.
    #[error("the input holds no document")]
    Empty,
    /// Lists are nested deeper than [`MAX_LIST_NESTING`].
    #[error("{item}: lists are nested more than {MAX_LIST_NESTING} deep")]
    TooDeep {
        /// The item whose list is too deep.
        item: String,
    },
}

/// Splits `text` into its documents, expanding `List` objects and top-level arrays into
/// their items.
///
/// Text starting with `{` or `[` is read as JSON; anything else as a YAML stream, in
/// which empty and comment-only documents are skipped.
///
/// ```
/// use conductor_sdk::input::read_items;
///
/// let text = "kind: List\nitems:\n- kind: ConfigMap\n- kind: ConfigMap\n";
/// let items = read_items(text).unwrap();
/// assert_eq!(items[1].item, "/items/1");
/// ```
///
/// # Errors
///
/// [`InputError`] when the text is not JSON or YAML, holds nothing, or nests lists too
/// deeply.
pub fn read_items(text: &str) -> Result<Vec<InputItem>, InputError> {
    let documents = read_documents(text)?;
    if documents.is_empty() {
        return Err(InputError::Empty);
    }

    let mut items = Vec::new();
    for document in documents {
        match document.value {
            // A top-level JSON or YAML array is a list of documents, as a `List` is.
            Value::Array(values) => {
                for (index, value) in values.into_iter().enumerate() {
                    let item = format!("{}/{index}", document.item);
                    expand(InputItem { item, value }, 1, &mut items)?;
                }
            }
            value => expand(
                InputItem {
                    item: document.item,
                    value,
                },
                0,
                &mut items,
            )?,
        }
    }
    Ok(items)
}

fn read_documents(text: &str) -> Result<Vec<InputItem>, InputError> {
    let trimmed = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if trimmed.starts_with(['{', '[']) {
        match strict_json::parse(trimmed.as_bytes()) {
            Ok(value) => {
                return Ok(vec![InputItem {
                    item: String::new(),
                    value,
                }]);
            }
            // Flow-style YAML (`{kind: ConfigMap}`) starts like JSON too: when it reads as
            // YAML, take it; otherwise the JSON error says more.
            Err(error @ StrictError::Syntax { .. }) if !quotes_its_first_key(trimmed) => {
                return read_yaml(text).map_err(|_| json_error(error));
            }
            Err(error) => return Err(json_error(error)),
        }
    }
    read_yaml(text)
}

/// Whether text starting with `{` quotes its first key as JSON must: then it is meant as
/// JSON, and a JSON error is the right answer.
fn quotes_its_first_key(text: &str) -> bool {
    let mut rest = text.trim_start_matches(['{', '[', ' ', '\t', '\r', '\n']);
    rest = rest.trim_start();
    rest.starts_with('"') || rest.is_empty()
}

fn read_yaml(text: &str) -> Result<Vec<InputItem>, InputError> {
    let documents = yaml::read_documents(text, &YamlLimits::default())?;
    let several = documents.len() > 1;
    let items = documents.into_iter().map(|document| {
        let item = if several {
            format!("document {}", document.index + 1)
        } else {
            String::new()
        };
        InputItem {
            item,
            value: document.value,
        }
    });
    Ok(items.collect())
}

fn json_error(error: StrictError) -> InputError {
    match error {
        StrictError::Syntax {
            message,
            line,
            column,
        } => InputError::Json {
            message,
            line,
            column,
        },
        StrictError::DuplicateKey {
            pointer,
            key,
            line,
            column,
        } => InputError::DuplicateKey {
            pointer,
            key,
            line,
            column,
        },
    }
}

/// A key quoted for a message: redacted, and cut to 40 characters.
fn short(key: &str) -> String {
    match crate::validate::quotable(key) {
        (cut, true) => format!("{cut:?}..."),
        (cut, false) => format!("{cut:?}"),
    }
}

/// Pushes `document`, or the items of a `List` document, recursively.
fn expand(document: InputItem, depth: usize, out: &mut Vec<InputItem>) -> Result<(), InputError> {
    if !is_list(&document.value) {
        out.push(document);
        return Ok(());
    }
    if depth >= MAX_LIST_NESTING {
        return Err(InputError::TooDeep {
            item: document.item,
        });
    }

    let InputItem { item, mut value } = document;
    let items = match value.get_mut("items").map(Value::take) {
        Some(Value::Array(items)) => items,
        _ => Vec::new(),
    };
    for (index, value) in items.into_iter().enumerate() {
        let child = InputItem {
            item: format!("{item}/items/{index}"),
            value,
        };
        expand(child, depth + 1, out)?;
    }
    Ok(())
}

/// Whether a document is a Kubernetes list: kind `List` or `<Kind>List`, with `items`.
fn is_list(value: &Value) -> bool {
    let kind = value
        .get("kind")
        .and_then(Value::as_str)
        .unwrap_or_default();
    kind.ends_with("List") && value.get("items").is_some_and(Value::is_array)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lone_json_document_has_no_item_label() {
        let items = read_items(r#"{"kind":"ConfigMap"}"#).unwrap();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].item, "");
    }

    #[test]
    fn nested_lists_are_expanded_with_their_path() {
        let text = r#"{"kind":"List","items":[{"kind":"ConfigMap"},
            {"kind":"ConfigMapList","items":[{"kind":"ConfigMap","metadata":{"name":"x"}}]}]}"#;
        let items = read_items(text).unwrap();
        let labels: Vec<&str> = items.iter().map(|i| i.item.as_str()).collect();
        assert_eq!(labels, ["/items/0", "/items/1/items/0"]);
        assert_eq!(items[1].name(), Some("x"));
    }

    #[test]
    fn an_empty_list_holds_no_item_and_an_empty_input_is_an_error() {
        assert_eq!(
            read_items(r#"{"kind":"List","items":[]}"#).unwrap(),
            Vec::new()
        );
        assert_eq!(read_items("# nothing\n"), Err(InputError::Empty));
    }

    #[test]
    fn lists_nested_too_deep_are_refused() {
        let mut text = r#"{"kind":"ConfigMap"}"#.to_owned();
        for _ in 0..=MAX_LIST_NESTING {
            text = format!(r#"{{"kind":"List","items":[{text}]}}"#);
        }
        assert!(matches!(read_items(&text), Err(InputError::TooDeep { .. })));
    }

    #[test]
    fn yaml_streams_label_each_document() {
        let text = "kind: ConfigMap\n---\n# only a comment\n---\nkind: ConfigMap\n";
        let items = read_items(text).unwrap();
        let labels: Vec<&str> = items.iter().map(|i| i.item.as_str()).collect();
        assert_eq!(labels, ["document 1", "document 3"]);
    }

    #[test]
    fn duplicate_json_keys_are_refused() {
        let error = read_items(r#"{"kind":"ConfigMap","kind":"Secret"}"#).unwrap_err();
        assert!(
            matches!(error, InputError::DuplicateKey { ref pointer, .. } if pointer == "/kind")
        );
        assert!(
            error
                .to_string()
                .starts_with("duplicate key \"kind\" at /kind"),
            "{error}"
        );
    }

    #[test]
    fn a_top_level_array_is_a_list_of_documents() {
        let items = read_items(r#"[{"kind":"A"},{"kind":"B"}]"#).unwrap();
        let labels: Vec<&str> = items.iter().map(|i| i.item.as_str()).collect();
        assert_eq!(labels, ["/0", "/1"]);
    }

    #[test]
    fn flow_style_yaml_is_yaml() {
        let items = read_items("{apiVersion: v1, kind: ConfigMap, data: {result: '{}'}}").unwrap();
        assert_eq!(items[0].value["data"]["result"], "{}");
    }

    #[test]
    fn broken_json_reports_line_and_column() {
        let error = read_items("{\n  \"kind\": }").unwrap_err();
        assert!(
            matches!(error, InputError::Json { line: 2, .. }),
            "{error:?}"
        );
    }
}
