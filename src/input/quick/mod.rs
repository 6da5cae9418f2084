//! The quick way through a JSON array of documents or a `List` of them: one pass that
//! reads each item onto the screen's tape, which also checks it strictly, and lets a
//! judge settle it there, without building a `Value`.
//!
//! Nothing is passed on until the whole input is read, so that an input refused for any
//! reason still passes no item at all; what is kept meanwhile is each item's verdict, or
//! where its text lies when the judge could not settle it. A long array is shared out
//! between threads (see [`split`]), with the same items and verdicts as one thread finds.
//!
//! Whenever the input is anything else (a lone document, a list inside a list, a value
//! the tape does not read, a syntax error, items so small that keeping a verdict for each
//! would cost more memory than the input itself), the walk gives up and the caller reads
//! the input the ordinary way, which decides exactly and words any error.

mod split;

use std::borrow::Cow;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::schema::screen::{Item, Tape, is_whitespace};
use crate::strict_json::MAX_VALUES;

/// The most members the top-level object of a `List` may have here; one with more is read
/// the ordinary way, since finding a repeated key compares each key with those before.
const MAX_LIST_MEMBERS: usize = 64;

/// What the walk may keep of its items beyond half the bytes they were read from.
const KEPT_BYTES_ALLOWED: usize = 64 * 1024;

/// A judge of one item: its tape and its text, to a verdict, or `None` when the item must
/// be built and judged in full. Several threads may call it at once.
pub(super) type Judge<'j, 't, V> = dyn Fn(&Tape<'t>, &'t str) -> Option<V> + Sync + 'j;

/// What the walk kept of one item.
#[derive(Debug, PartialEq)]
pub(super) enum Seen<V> {
    /// The judge settled the item.
    Settled(V),
    /// The judge did not: where the item's text lies.
    Unsettled(Range<usize>),
}

/// The items of an input walked in one pass.
#[derive(Debug, PartialEq)]
pub(super) struct Walk<V> {
    /// What each item's label starts with, before its index: `""` for the elements of an
    /// array, `"/items"` for the items of a list.
    pub(super) label: &'static str,
    /// What was kept of each item, in order.
    pub(super) items: Vec<Seen<V>>,
}

/// Walks JSON `text`, which starts with `[` or `{`, judging each item with `judge`; `None`
/// when the text is not an array or a list of plain documents that the tape reads.
pub(super) fn walk<'t, V: Send>(text: &'t str, judge: &Judge<'_, 't, V>) -> Option<Walk<V>> {
    walk_split(text, judge, split::Split::FOR_THIS_MACHINE)
}

/// [`walk`], sharing long arrays out as `split` says.
fn walk_split<'t, V: Send>(
    text: &'t str,
    judge: &Judge<'_, 't, V>,
    split: split::Split,
) -> Option<Walk<V>> {
    // Truncated input, or anything after the document, is the usual way JSON is broken:
    // the ordinary reading words the error without judging every item first.
    let bytes = text.as_bytes();
    let close = if *bytes.first()? == b'[' { b']' } else { b'}' };
    let last = bytes.iter().rposition(|b| !is_whitespace(*b))?;
    if bytes[last] != close {
        return None;
    }
    let mut walker = Walker::new(text, 0, judge);
    walker.split = split;
    let label = if close == b']' {
        walker.elements()?;
        ""
    } else {
        walker.list()?;
        "/items"
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
    /// Where this walker started reading.
    origin: usize,
    at: usize,
    tape: Tape<'t>,
    /// At least as many values as the strict reader would count so far.
    values: usize,
    judge: &'w Judge<'j, 't, V>,
    items: Vec<Seen<V>>,
    /// How long arrays are shared out between threads.
    split: split::Split,
}

/// How a run of array elements ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    /// The array closed; the reading position is after its `]`.
    Closed,
    /// The walk must give up.
    GiveUp,
    /// The next element begins exactly where the run was to stop.
    Reached,
    /// The next element begins beyond where the run was to stop.
    Passed,
}

impl<'t, 'w, 'j, V: Send> Walker<'t, 'w, 'j, V> {
    fn new(text: &'t str, at: usize, judge: &'w Judge<'j, 't, V>) -> Self {
        Walker {
            text,
            origin: at,
            at,
            tape: Tape::new(),
            values: 0,
            judge,
            items: Vec::new(),
            split: split::Split::NEVER,
        }
    }

    /// The elements of the array at the reading position, each judged as an item.
    fn elements(&mut self) -> Option<()> {
        self.at += 1;
        self.values += 1;
        if self.next_is(b']') {
            self.at += 1;
            return Some(());
        }
        let guesses = self.split.guesses(self.text, self.at);
        let step = if guesses.is_empty() {
            self.run(None, None)
        } else {
            self.run_split(&guesses)
        };
        (step == Step::Closed).then_some(())
    }

    /// Reads elements from the reading position, which is at one, until the array closes,
    /// the walk must give up, `stop` is told, or the next element begins at or beyond
    /// `until`.
    fn run(&mut self, until: Option<usize>, stop: Option<&AtomicBool>) -> Step {
        loop {
            let start = self.skip_whitespace();
            match until {
                Some(until) if start == until => return Step::Reached,
                Some(until) if start > until => return Step::Passed,
                _ => {}
            }
            if stop.is_some_and(|stop| stop.load(Ordering::Relaxed)) {
                return Step::GiveUp;
            }
            if self.element(start).is_none() {
                return Step::GiveUp;
            }
            match self.continues(b']') {
                Some(true) => {}
                Some(false) => return Step::Closed,
                None => return Step::GiveUp,
            }
        }
    }

    /// Reads and judges the element at `start`; `None` when the walk must give up.
    fn element(&mut self, start: usize) -> Option<()> {
        let end = self.read_value(start)?;
        if is_list(&self.tape) {
            return None;
        }
        let text = &self.text[start..end];
        self.items.push(match (self.judge)(&self.tape, text) {
            Some(verdict) => Seen::Settled(verdict),
            None => Seen::Unsettled(start..end),
        });
        self.tape.release_if_large();
        self.within_budget().then_some(())
    }

    /// Whether what is kept of the items so far is small beside the text they were read
    /// from: at most half as many bytes, and a little more for the first few items.
    fn within_budget(&self) -> bool {
        let kept = self.items.len() * std::mem::size_of::<Seen<V>>();
        kept <= KEPT_BYTES_ALLOWED + (self.at - self.origin) / 2
    }

    /// The members of a top-level list object: its `items` are judged; the walk gives up
    /// unless the object is a list, of a kind ending in `List`, with an `items` array, and
    /// nothing but `apiVersion` and `metadata` besides.
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
            // A list holds only these; anything else is most likely a lone document, read
            // the ordinary way without reading all its members first.
            let list_key = matches!(&*key, "apiVersion" | "kind" | "metadata" | "items");
            if !list_key || keys.contains(&key) || keys.len() == MAX_LIST_MEMBERS {
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
                    if !list_kind {
                        return None;
                    }
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
