//! The screen: a quick, narrow validator that vouches for plainly valid documents, so
//! that only the others pay for the full JSON Schema validator and its start-up.
//!
//! The screen compiles the published schemas into its own small rules in well under a
//! millisecond and judges a document without building a tree of owned values. It answers
//! only when it is sure: whenever a document has anything it does not read exactly (an
//! unknown keyword, a fraction, text beyond printable ASCII under a pattern, a leap
//! second, a duplicate key, a syntax error), it says nothing and the full validator
//! decides. So a document the screen vouches for is one the full validator accepts; the
//! tests check this on every document the crate ships and on generated ones.

mod check;
mod rules;
mod tape;
#[cfg(test)]
mod tests;

use std::sync::OnceLock;

use serde_json::Value;

use crate::DocumentKind;
pub(crate) use check::{Node, Shape};
use check::{Verdict, check};
use rules::Rules;
pub(crate) use tape::{Item, Tape, is_whitespace};

/// Whether the JSON `text` is surely valid against the schema of `kind`, with no
/// duplicate keys; `false` means only that the full validator must decide.
#[cfg(test)]
pub(crate) fn vouches_for_text(kind: DocumentKind, text: &str) -> bool {
    vouched_tape(kind, text).is_some()
}

/// The JSON `text` on a tape, when it is surely valid against the schema of `kind` and
/// has no duplicate keys; `None` means only that the full validator must decide.
pub(crate) fn vouched_tape(kind: DocumentKind, text: &str) -> Option<Tape<'_>> {
    let tape = Tape::read(text)?;
    vouches_for_tape(kind, &tape).then_some(tape)
}

/// Whether the document on `tape` is surely valid against the schema of `kind`; `false`
/// means only that the full validator must decide.
pub(crate) fn vouches_for_tape(kind: DocumentKind, tape: &Tape<'_>) -> bool {
    check(rules(kind), 0, (tape, 0)) == Verdict::Pass
}

/// Whether a parsed document is surely valid against the schema of `kind`; `false` means
/// only that the full validator must decide.
pub(crate) fn vouches_for(kind: DocumentKind, document: &Value) -> bool {
    check(rules(kind), 0, document) == Verdict::Pass
}

/// The rules of a document kind, compiled once.
fn rules(kind: DocumentKind) -> &'static Rules {
    static RULES: [OnceLock<Rules>; 4] = [
        OnceLock::new(),
        OnceLock::new(),
        OnceLock::new(),
        OnceLock::new(),
    ];
    RULES[kind.index()].get_or_init(|| Rules::compile(crate::schema::of(kind).id))
}
