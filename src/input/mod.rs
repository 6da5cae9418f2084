//! Splitting an input into the documents it holds: one JSON or YAML document, a
//! multi-document YAML stream, or a Kubernetes `List` (such as `kubectl get cm -o yaml`),
//! with lists inside lists expanded too.
//!
//! [`for_each_item`] passes the documents on one at a time, building each only when its
//! turn comes, so that a long list never has to fit in memory as values;
//! [`read_items`] collects them.

use serde_json::Value;

use crate::schema::screen::Tape;
use crate::strict_json::{self, StrictError};
use crate::yaml::{self, YamlError, YamlLimits};

mod json;
mod quick;
mod stream;

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

/// Passes each document of `text` to `f`, in order, expanding `List` objects and top-level
/// arrays into their items; returns how many items were passed.
///
/// Text starting with `{` or `[` is read as JSON; anything else as a YAML stream, in
/// which empty and comment-only documents are skipped.
///
/// Items are built one at a time, when their turn comes, so that memory does not grow
/// with their number:
///
/// - JSON is first checked whole without building anything, so that an input refused for
///   any reason passes no item at all; then it is read once more, building and passing on
///   one element of a top-level array, or one item of a top-level `List`, at a time. An
///   item that is itself a `List` is built whole before its items are passed on.
/// - A YAML stream is read document by document: an error in a document is returned after
///   the items of the documents before it were passed. The first document waits until a
///   second one is read, since it is labelled only when there are several. A `List`
///   document is one document, built whole, and its items are then passed one by one.
///
/// ```
/// use conductor_sdk::input::for_each_item;
///
/// let text = r#"{"apiVersion":"v1","items":[{"kind":"ConfigMap"}],"kind":"List"}"#;
/// let mut labels = Vec::new();
/// let count = for_each_item(text, |item| labels.push(item.item)).unwrap();
/// assert_eq!((count, labels), (1, vec!["/items/0".to_owned()]));
/// ```
///
/// # Errors
///
/// [`InputError`] when the text is not JSON or YAML, holds nothing, or nests lists too
/// deeply.
pub fn for_each_item(text: &str, mut f: impl FnMut(InputItem)) -> Result<usize, InputError> {
    let mut count = 0;
    read(text, &mut |item| {
        count += 1;
        f(item);
    })?;
    Ok(count)
}

/// Splits `text` into its documents, expanding `List` objects and top-level arrays into
/// their items: [`for_each_item`], collected.
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
    let mut items = Vec::new();
    for_each_item(text, |item| items.push(item))?;
    Ok(items)
}

/// An item of an input, settled by a quick judge from its text, or built for a full one.
pub(crate) enum Judged<V> {
    /// An item the quick judge settled: its label and the judge's verdict.
    Settled {
        /// Where the item sits in the input, as [`InputItem::item`].
        item: String,
        /// The quick judge's verdict.
        verdict: V,
    },
    /// An item the quick judge did not settle, or that was read the ordinary way.
    Built(InputItem),
}

/// Passes each item of `text` to `f`, in order, as [`for_each_item`] does, first offering
/// each to `judge`, on the screen's tape and as text, when the text is a JSON array or
/// `List` of plain documents; returns how many items were passed.
///
/// Such input is read in one pass that keeps only each item's verdict, or where its text
/// lies when `judge` returned `None`; every item is passed on, built when it was not
/// settled, once the whole input has been read. Other input is read as [`for_each_item`]
/// reads it, and every item arrives built. `judge` may see an item and its verdict may
/// still be dropped, when the input turns out not to be such a list; on a long input,
/// several threads call it at once.
///
/// # Errors
///
/// As [`for_each_item`].
pub(crate) fn for_each_judged_item<'t, V: Send>(
    text: &'t str,
    judge: impl Fn(&Tape<'t>, &'t str) -> Option<V> + Sync,
    mut f: impl FnMut(Judged<V>),
) -> Result<usize, InputError> {
    let trimmed = without_leading_space(text);
    let walked = match trimmed.as_bytes().first() {
        Some(b'[' | b'{') => quick::walk(trimmed, &judge),
        _ => None,
    };
    let Some(walk) = walked else {
        return for_each_item(text, |item| f(Judged::Built(item)));
    };

    let count = walk.items.len();
    for (index, seen) in walk.items.into_iter().enumerate() {
        let item = format!("{}/{index}", walk.label);
        match seen {
            quick::Seen::Settled(verdict) => f(Judged::Settled { item, verdict }),
            quick::Seen::Unsettled(span) => {
                // The tape read this text strictly, so serde_json reads it too.
                let value =
                    serde_json::from_str(&trimmed[span]).map_err(|error| InputError::Json {
                        message: strict_json::message_of(&error),
                        line: error.line(),
                        column: error.column(),
                    })?;
                f(Judged::Built(InputItem { item, value }));
            }
        }
    }
    Ok(count)
}

fn read(text: &str, emit: &mut dyn FnMut(InputItem)) -> Result<(), InputError> {
    let trimmed = without_leading_space(text);
    if !trimmed.starts_with(['{', '[']) {
        return stream::read(text, emit);
    }
    match strict_json::check(trimmed) {
        Ok(shape) => json::read(trimmed, shape, emit),
        // Flow-style YAML (`{kind: ConfigMap}`) starts like JSON too: when it reads as
        // YAML, take it; otherwise the JSON error says more.
        Err(error @ StrictError::Syntax { .. }) if !quotes_its_first_key(trimmed) => {
            let documents = yaml::read_documents(text, &YamlLimits::default());
            stream::emit_all(documents.map_err(|_| json_error(error))?, emit)
        }
        Err(error) => Err(json_error(error)),
    }
}

/// `text` without a leading byte-order mark and whitespace, where JSON input starts.
fn without_leading_space(text: &str) -> &str {
    text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n'])
}

/// Whether text starting with `{` quotes its first key as JSON must: then it is meant as
/// JSON, and a JSON error is the right answer.
fn quotes_its_first_key(text: &str) -> bool {
    let mut rest = text.trim_start_matches(['{', '[', ' ', '\t', '\r', '\n']);
    rest = rest.trim_start();
    rest.starts_with('"') || rest.is_empty()
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

/// Passes on `document`, or the items of a `List` document, recursively: `depth` is how
/// many lists hold `document`.
fn expand(
    document: InputItem,
    depth: usize,
    emit: &mut dyn FnMut(InputItem),
) -> Result<(), InputError> {
    if !is_list(&document.value) {
        emit(document);
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
        expand(child, depth + 1, emit)?;
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
mod tests;
