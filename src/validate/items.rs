//! Checking every item of an input: a lone document, a YAML stream, a JSON array or a
//! Kubernetes `List`, one verdict per item.

use std::borrow::Cow;

use serde_json::Value;

use crate::input::{self, InputError, InputItem, Judged};
use crate::schema::screen::Tape;
use crate::validate::configmap::{Names, check_configmap, quick_configmap};
use crate::validate::{Invalid, check, passes_on_tape};
use crate::{CapabilityManifest, DocumentKind, JobSpec, OperationResultSpec, RunnerConfigSpec};

/// What every item of an input is checked as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemKind {
    /// A ConfigMap holding an operation result under `data.result`, checked as
    /// [`check_configmap`] checks it.
    ConfigMap,
    /// A bare document of this kind, checked as [`check`] checks it.
    Document(DocumentKind),
}

/// The verdict on one item of an input.
#[derive(Debug)]
pub struct ItemVerdict<'t> {
    /// Where the item sits in the input, as [`InputItem::item`] says.
    pub item: String,
    /// `metadata.namespace` of a ConfigMap, when set; `None` for bare documents.
    pub namespace: Option<Cow<'t, str>>,
    /// `metadata.name` of a ConfigMap, when set; `None` for bare documents.
    pub name: Option<Cow<'t, str>>,
    /// `Ok` when the item is valid, or every problem found.
    pub outcome: Result<(), Invalid>,
}

/// Checks every item of `text` as `kind`, passing each verdict to `f` in order; returns
/// how many items there were.
///
/// Items are found as [`input::for_each_item`] finds them, and each is checked as
/// [`check_configmap`] or [`check`] checks it, with the same verdict and the same errors.
/// A JSON array or `List` of plain documents takes a quicker way: it is read in one pass
/// that judges each item straight from the text, without building it, and only items that
/// are not plainly valid are built and checked in full. Then the verdicts are passed on
/// once the whole input has been read, so that an input that is not valid JSON still
/// yields no verdict at all, as with any JSON input.
///
/// ```
/// use conductor_sdk::DocumentKind;
/// use conductor_sdk::validate::{ItemKind, check_items};
///
/// let text = r#"[{"Status":"Succeeded"}, {"Status":"Done"}]"#;
/// let mut verdicts = Vec::new();
/// let kind = ItemKind::Document(DocumentKind::OperationResult);
/// check_items(text, kind, |verdict| verdicts.push(verdict)).unwrap();
/// assert_eq!(verdicts[1].item, "/1");
/// let invalid = verdicts[1].outcome.as_ref().unwrap_err();
/// assert!(invalid.errors.iter().any(|e| e.pointer() == "/Status"));
/// ```
///
/// # Errors
///
/// [`InputError`] when the text is not JSON or YAML, holds nothing, or nests lists too
/// deeply; for a YAML stream, after the verdicts on the documents before the broken one.
pub fn check_items<'t>(
    text: &'t str,
    kind: ItemKind,
    mut f: impl FnMut(ItemVerdict<'t>),
) -> Result<usize, InputError> {
    let judge = |tape: &Tape<'t>, text: &'t str| quick_verdict(kind, tape, text);
    input::for_each_judged_item(text, judge, |judged| {
        f(match judged {
            Judged::Settled {
                item,
                verdict: (namespace, name),
            } => ItemVerdict {
                item,
                namespace,
                name,
                outcome: Ok(()),
            },
            Judged::Built(item) => full_verdict(kind, item),
        });
    })
}

/// The names of an item that is plainly valid, read from its tape and text; `None` when it
/// must be checked in full.
fn quick_verdict<'t>(kind: ItemKind, tape: &Tape<'t>, text: &'t str) -> Option<Names<'t>> {
    match kind {
        ItemKind::ConfigMap => quick_configmap(tape),
        ItemKind::Document(kind) => passes_as(kind, tape, text).then_some((None, None)),
    }
}

fn passes_as(kind: DocumentKind, tape: &Tape<'_>, text: &str) -> bool {
    match kind {
        DocumentKind::CapabilityManifest => passes_on_tape::<CapabilityManifest>(tape, text),
        DocumentKind::JobSpec => passes_on_tape::<JobSpec>(tape, text),
        DocumentKind::OperationResult => passes_on_tape::<OperationResultSpec>(tape, text),
        DocumentKind::RunnerConfigSpec => passes_on_tape::<RunnerConfigSpec>(tape, text),
    }
}

/// The verdict on a built item, checked in full.
fn full_verdict<'t>(kind: ItemKind, item: InputItem) -> ItemVerdict<'t> {
    let owned = |text: Option<&str>| text.map(|text| Cow::Owned(text.to_owned()));
    let (outcome, namespace, name) = match kind {
        ItemKind::ConfigMap => (
            check_configmap(&item.value),
            owned(item.namespace()),
            owned(item.name()),
        ),
        ItemKind::Document(kind) => (check_as(kind, &item.value), None, None),
    };
    ItemVerdict {
        item: item.item,
        namespace,
        name,
        outcome,
    }
}

fn check_as(kind: DocumentKind, document: &Value) -> Result<(), Invalid> {
    match kind {
        DocumentKind::CapabilityManifest => check::<CapabilityManifest>(document),
        DocumentKind::JobSpec => check::<JobSpec>(document),
        DocumentKind::OperationResult => check::<OperationResultSpec>(document),
        DocumentKind::RunnerConfigSpec => check::<RunnerConfigSpec>(document),
    }
}
