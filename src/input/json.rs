//! JSON inputs, item by item.
//!
//! The caller has checked the whole input with [`strict_json::check`], which also found
//! where its lists are, so nothing can refuse the input any more. One pass of serde_json
//! over the text then builds one item's value at a time and passes it on before reading
//! the next: the elements of a top-level array, or the items of a top-level list, whether
//! its `items` come before its `kind` or after. An item that is itself a list is built
//! whole, and its own items are passed on from that value.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::{InputError, InputItem, MAX_LIST_NESTING, expand};
use crate::strict_json::{self, Shape};

/// Passes the items of JSON `text`, which [`strict_json::check`] found to have `shape`,
/// to `emit`, in order.
pub(super) fn read(
    text: &str,
    shape: Shape,
    emit: &mut dyn FnMut(InputItem),
) -> Result<(), InputError> {
    // The elements of a top-level array sit one list deep already.
    let lists = match shape {
        Shape::Array { lists } => lists + 1,
        shape => shape.lists(),
    };
    if lists > MAX_LIST_NESTING {
        // Lists nested too deep refuse the whole input, before any item goes out; a first
        // pass finds the one too deep, for its label.
        walk(text, shape, &mut |_| {})?;
    }
    walk(text, shape, emit)
}

/// Reads `text` once, passing its items to `emit`.
fn walk(text: &str, shape: Shape, emit: &mut dyn FnMut(InputItem)) -> Result<(), InputError> {
    let mut sink = Sink {
        emit,
        refusal: None,
    };
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let read = match shape {
        Shape::Array { .. } => deserializer.deserialize_seq(Elements::new("", &mut sink)),
        Shape::Object { lists: 1.. } => deserializer.deserialize_map(TopList(&mut sink)),
        _ => Value::deserialize(&mut deserializer).and_then(|value| {
            let item = String::new();
            sink.pass(InputItem { item, value }, 0)
        }),
    };
    match read.and_then(|()| deserializer.end()) {
        Ok(()) => Ok(()),
        Err(error) => Err(sink.refusal.unwrap_or_else(|| syntax(&error))),
    }
}

/// A serde_json error, which the check rules out, as the whole input's.
fn syntax(error: &serde_json::Error) -> InputError {
    InputError::Json {
        message: strict_json::message_of(error),
        line: error.line(),
        column: error.column(),
    }
}

/// Where items go, and why passing one on failed, if it did.
struct Sink<'e> {
    emit: &'e mut dyn FnMut(InputItem),
    refusal: Option<InputError>,
}

impl Sink<'_> {
    /// Passes on `item`, or the items of the list it is, `depth` lists deep; a refusal
    /// stops the read.
    fn pass<E: de::Error>(&mut self, item: InputItem, depth: usize) -> Result<(), E> {
        expand(item, depth, self.emit).map_err(|refusal| {
            let error = E::custom(&refusal);
            self.refusal = Some(refusal);
            error
        })
    }
}

/// The elements of an array, each passed on as an item as soon as it is built.
struct Elements<'s, 'e> {
    /// The label of the array.
    label: &'static str,
    sink: &'s mut Sink<'e>,
}

impl<'s, 'e> Elements<'s, 'e> {
    fn new(label: &'static str, sink: &'s mut Sink<'e>) -> Self {
        Elements { label, sink }
    }
}

impl<'de> DeserializeSeed<'de> for Elements<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Elements<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0_usize;
        while let Some(value) = seq.next_element::<Value>()? {
            #[cfg(test)]
            tests::PARSED.with(|parsed| parsed.set(parsed.get() + 1));
            let item = format!("{}/{index}", self.label);
            self.sink.pass(InputItem { item, value }, 1)?;
            index += 1;
        }
        Ok(())
    }
}

/// A top-level list: its `items` are passed on, its other members skipped.
struct TopList<'s, 'e>(&'s mut Sink<'e>);

impl<'de> Visitor<'de> for TopList<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            if key == "items" {
                map.next_value_seed(Elements::new("/items", self.0))?;
                // `items` appears once: the check refused duplicate keys.
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                return Ok(());
            }
            map.next_value::<IgnoredAny>()?;
        }
        Ok(())
    }
}

#[cfg(test)]
pub(super) mod tests {
    use std::cell::Cell;

    thread_local! {
        /// How many items the walk has built on this thread.
        pub(in crate::input) static PARSED: Cell<usize> = const { Cell::new(0) };
    }
}
