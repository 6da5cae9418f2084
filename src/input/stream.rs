//! YAML streams, document by document.
//!
//! Documents are read one at a time, and the items of each are passed on before the next
//! document is read; only the first waits for the second, to know its label. A `List`
//! document is one document: its items all come from its one value.

use serde_json::Value;

use super::{InputError, InputItem, expand};
use crate::yaml::{self, YamlDocument, YamlLimits};

/// Passes the items of the YAML stream `text` to `emit`, document by document.
///
/// An error in a document is returned after the items of the documents before it.
pub(super) fn read(text: &str, emit: &mut dyn FnMut(InputItem)) -> Result<(), InputError> {
    let mut labels = Labels::new(emit);
    let limits = YamlLimits::default();
    match yaml::for_each_document(text, &limits, |document| labels.push(document)) {
        Ok(()) => labels.finish(),
        Err(error) => {
            labels.flush()?;
            Err(error)
        }
    }
}

/// Passes the items of the documents already read from a stream to `emit`.
pub(super) fn emit_all(
    documents: Vec<YamlDocument>,
    emit: &mut dyn FnMut(InputItem),
) -> Result<(), InputError> {
    let mut labels = Labels::new(emit);
    for document in documents {
        labels.push(document)?;
    }
    labels.finish()
}

/// Labels documents `document N` when the stream holds several and leaves a lone one
/// unlabelled; so the first document waits until a second one, or the end, comes.
struct Labels<'e> {
    emit: &'e mut dyn FnMut(InputItem),
    first: Option<YamlDocument>,
    several: bool,
}

impl<'e> Labels<'e> {
    fn new(emit: &'e mut dyn FnMut(InputItem)) -> Self {
        Labels {
            emit,
            first: None,
            several: false,
        }
    }

    fn push(&mut self, document: YamlDocument) -> Result<(), InputError> {
        if self.several || self.first.is_some() {
            self.flush()?;
            self.expand(document)
        } else {
            self.first = Some(document);
            Ok(())
        }
    }

    /// Passes on the first document, labelled: more of the stream follows it.
    fn flush(&mut self) -> Result<(), InputError> {
        self.several = true;
        match self.first.take() {
            Some(first) => self.expand(first),
            None => Ok(()),
        }
    }

    /// Ends the stream: a lone document is passed on unlabelled.
    fn finish(mut self) -> Result<(), InputError> {
        match self.first.take() {
            Some(document) => items(String::new(), document.value, self.emit),
            None if self.several => Ok(()),
            None => Err(InputError::Empty),
        }
    }

    fn expand(&mut self, document: YamlDocument) -> Result<(), InputError> {
        let label = format!("document {}", document.index + 1);
        items(label, document.value, self.emit)
    }
}

/// Passes on the items of one document labelled `label`.
fn items(label: String, value: Value, emit: &mut dyn FnMut(InputItem)) -> Result<(), InputError> {
    match value {
        // A top-level array is a list of documents, as a `List` is.
        Value::Array(values) => values
            .into_iter()
            .enumerate()
            .try_for_each(|(index, value)| {
                let item = format!("{label}/{index}");
                expand(InputItem { item, value }, 1, emit)
            }),
        value => expand(InputItem { item: label, value }, 0, emit),
    }
}
