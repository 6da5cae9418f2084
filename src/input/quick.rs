//! The quick way through a JSON array of documents or a `List` of them: one pass that
//! reads each item onto the screen's tape, which also checks it strictly, and lets a
//! judge settle it there, without building a `Value`.
//!
//! Nothing is passed on until the whole input is read, so that an input refused for any
//! reason still passes no item at all; what is kept meanwhile is each item's verdict, or
//! where its text lies when the judge could not settle it. Whenever the input is anything
//! else (a lone document, a list inside a list, a value the tape does not read, a syntax
//! error), the walk gives up and the caller reads the input the ordinary way, which
//! decides exactly and words any error.

use std::borrow::Cow;
use std::ops::Range;

use crate::schema::screen::{Item, Tape, is_whitespace};
use crate::strict_json::MAX_VALUES;

/// The most members the top-level object of a `List` may have here; one with more is read
/// the ordinary way, since finding a repeated key compares each key with those before.
const MAX_LIST_MEMBERS: usize = 64;

/// A judge of one item: its tape and its text, to a verdict, or `None` when the item must
/// be built and judged in full.
pub(super) type Judge<'j, 't, V> = dyn FnMut(&Tape<'t>, &'t str) -> Option<V> + 'j;

/// What the walk kept of one item.
pub(super) enum Seen<V> {
    /// The judge settled the item.
    Settled(V),
    /// The judge did not: where the item's text lies.
    Unsettled(Range<usize>),
}

/// The items of an input walked in one pass.
pub(super) struct Walk<V> {
    /// What each item's label starts with, before its index: `""` for the elements of an
    /// array, `"/items"` for the items of a list.
    pub(super) label: &'static str,
    /// What was kept of each item, in order.
    pub(super) items: Vec<Seen<V>>,
}

/// Walks JSON `text`, which starts with `[` or `{`, judging each item with `judge`; `None`
/// when the text is not an array or a list of plain documents that the tape reads.
pub(super) fn walk<'t, V>(text: &'t str, judge: &mut Judge<'_, 't, V>) -> Option<Walk<V>> {
    let mut walker = Walker {
        text,
        at: 0,
        tape: Tape::new(),
        values: 0,
        judge,
        items: Vec::new(),
    };
    let label = match text.as_bytes().first()? {
        b'[' => {
            walker.elements()?;
            ""
        }
        _ => {
            walker.list()?;
            "/items"
        }
    };

    let end = walker.skip_whitespace();
    (end == text.len()).then_some(Walk {
        label,
        items: walker.items,
    })
}

/// The reading position, a tape to read items onto, and what was kept so far.
struct Walker<'t, 'w, 'j, V> {
    text: &'t str,
    at: usize,
    tape: Tape<'t>,
    /// At least as many values as the strict reader would count so far.
    values: usize,
    judge: &'w mut Judge<'j, 't, V>,
    items: Vec<Seen<V>>,
}

impl<'t, V> Walker<'t, '_, '_, V> {
    /// The elements of the array at the reading position, each judged as an item.
    fn elements(&mut self) -> Option<()> {
        self.at += 1;
        self.values += 1;
        if self.next_is(b']') {
            self.at += 1;
            return Some(());
        }
        loop {
            let start = self.skip_whitespace();
            let end = self.read_value(start)?;
            if is_list(&self.tape) {
                return None;
            }
            let text = &self.text[start..end];
            self.items.push(match (self.judge)(&self.tape, text) {
                Some(verdict) => Seen::Settled(verdict),
                None => Seen::Unsettled(start..end),
            });
            if !self.continues(b']')? {
                return Some(());
            }
        }
    }

    /// The members of a top-level list object: its `items` are judged; the walk gives up
    /// unless the object is a list, of a kind ending in `List`, with an `items` array.
    fn list(&mut self) -> Option<()> {
        self.at += 1;
        self.values += 1;
        let mut keys: Vec<Cow<'t, str>> = Vec::new();
        let (mut list_kind, mut items) = (false, false);
        if self.next_is(b'}') {
            return None;
        }
        loop {
            let key = self.key()?;
            if keys.contains(&key) || keys.len() == MAX_LIST_MEMBERS {
                return None;
            }
            self.skip_whitespace();
            if !self.next_is(b':') {
                return None;
            }
            self.at += 1;

            let start = self.skip_whitespace();
            if key == "items" && self.next_is(b'[') {
                self.elements()?;
                items = true;
            } else {
                self.read_value(start)?;
                if key == "kind" {
                    list_kind =
                        matches!(self.tape.item(0), Item::String(kind) if kind.ends_with("List"));
                }
            }
            keys.push(key);
            if !self.continues(b'}')? {
                return (list_kind && items).then_some(());
            }
        }
    }

    /// A member's key at the reading position.
    fn key(&mut self) -> Option<Cow<'t, str>> {
        let start = self.skip_whitespace();
        if !self.next_is(b'"') {
            return None;
        }
        self.read_value(start)?;
        match self.tape.item(0) {
            Item::String(key) => Some(key.clone()),
            _ => None,
        }
    }

    /// Reads the value at `start` onto the tape and moves past it; `None` when the tape
    /// does not read it or the input holds too many values.
    fn read_value(&mut self, start: usize) -> Option<usize> {
        let end = self.tape.read_value(self.text, start)?;
        self.values += self.tape.values();
        self.at = end;
        (self.values <= MAX_VALUES).then_some(end)
    }

    /// After a member or element: `Some(true)` on a comma, `Some(false)` on `close`.
    fn continues(&mut self, close: u8) -> Option<bool> {
        self.skip_whitespace();
        let next = *self.text.as_bytes().get(self.at)?;
        self.at += 1;
        match next {
            b',' => Some(true),
            byte if byte == close => Some(false),
            _ => None,
        }
    }

    fn next_is(&mut self, byte: u8) -> bool {
        self.skip_whitespace();
        self.text.as_bytes().get(self.at) == Some(&byte)
    }

    /// Moves past whitespace; returns the new reading position.
    fn skip_whitespace(&mut self) -> usize {
        let bytes = self.text.as_bytes();
        while bytes.get(self.at).copied().is_some_and(is_whitespace) {
            self.at += 1;
        }
        self.at
    }
}

/// Whether the document on the tape is a Kubernetes list: an object of a kind ending in
/// `List`, with an `items` array.
fn is_list(tape: &Tape<'_>) -> bool {
    let (mut list_kind, mut items) = (false, false);
    for (key, value) in tape.members(0) {
        match (key, tape.item(value)) {
            ("kind", Item::String(kind)) => list_kind = kind.ends_with("List"),
            ("items", Item::Array { .. }) => items = true,
            _ => {}
        }
    }
    list_kind && items
}
