//! Parsing JSON into a [`Value`] while refusing duplicate keys, which readers resolve
//! differently (Go and serde_json keep the last, others the first).

use std::cell::{Cell, RefCell};
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::escape_pointer;

mod check;

pub(crate) use check::{Shape, check};

/// Why strict parsing failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum StrictError {
    /// Not JSON, nested deeper than serde_json's limit of 128, or holding more than
    /// [`MAX_VALUES`] values.
    Syntax {
        message: String,
        line: usize,
        column: usize,
    },
    /// A key appears twice in one object.
    DuplicateKey {
        pointer: String,
        key: String,
        line: usize,
        column: usize,
    },
}

/// The most values (objects, arrays, strings, numbers ...) one JSON input may hold, so
/// that memory stays bounded whatever the input: the same budget a YAML stream has.
pub(crate) const MAX_VALUES: usize = 4_000_000;

/// Parses one JSON document, refusing duplicate keys and anything after the document.
pub(crate) fn parse(text: &[u8]) -> Result<Value, StrictError> {
    let context = Context::default();
    let seed = ValueSeed {
        path: Path::Root,
        duplicate: &context,
    };
    let deserializer = serde_json::Deserializer::from_slice(text);
    deserialize_all(deserializer, seed).map_err(|error| refusal(&error, context))
}

/// Reads one document with `seed`, refusing anything after it.
fn deserialize_all<'de, R, S>(
    mut deserializer: serde_json::Deserializer<R>,
    seed: S,
) -> Result<S::Value, serde_json::Error>
where
    R: serde_json::de::Read<'de>,
    S: DeserializeSeed<'de>,
{
    let value = seed.deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(value)
}

/// Why a read with `context` failed with `error`.
fn refusal(error: &serde_json::Error, context: Context) -> StrictError {
    let (line, column) = (error.line(), error.column());
    let too_many = context.values.get() > MAX_VALUES;
    match context.duplicate.into_inner() {
        _ if too_many => {
            let message = format!("more than {MAX_VALUES} values, the limit of one input");
            StrictError::Syntax {
                message,
                line,
                column,
            }
        }
        Some((pointer, key)) => StrictError::DuplicateKey {
            pointer,
            key,
            line,
            column,
        },
        None => StrictError::Syntax {
            message: message_of(error),
            line,
            column,
        },
    }
}

/// serde_json's message without its ` at line L column C` suffix.
pub(crate) fn message_of(error: &serde_json::Error) -> String {
    let full = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    let message = full.strip_suffix(&suffix).unwrap_or(&full);
    if message == "recursion limit exceeded" {
        return "nesting deeper than 128 levels (serde_json's recursion limit)".to_owned();
    }
    message.to_owned()
}

/// What the parse shares across values: the repeated key, if any, and the values seen.
#[derive(Default)]
struct Context {
    duplicate: RefCell<Option<(String, String)>>,
    values: Cell<usize>,
}

impl Context {
    /// Counts one more value; fails past [`MAX_VALUES`].
    fn count<E: de::Error>(&self) -> Result<(), E> {
        let values = self.values.get() + 1;
        self.values.set(values);
        if values > MAX_VALUES {
            return Err(E::custom(format!("more than {MAX_VALUES} values")));
        }
        Ok(())
    }

    /// Records `key`, repeated at `path`, and returns the error that stops the parse.
    fn repeated<E: de::Error>(&self, path: &Path<'_>, key: &str) -> E {
        let pointer = path.pointer();
        let message = format!("duplicate key at {pointer}");
        *self.duplicate.borrow_mut() = Some((pointer, key.to_owned()));
        E::custom(message)
    }
}

/// Where a value sits: a chain of keys and indexes up to the root, built on the stack so
/// that parsing allocates nothing for paths; a pointer is only made for an error.
#[derive(Clone, Copy)]
enum Path<'a> {
    Root,
    Key(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl Path<'_> {
    fn pointer(&self) -> String {
        match self {
            Path::Root => String::new(),
            Path::Key(parent, key) => format!("{}/{}", parent.pointer(), escape_pointer(key)),
            Path::Index(parent, index) => format!("{}/{index}", parent.pointer()),
        }
    }
}

struct ValueSeed<'a> {
    path: Path<'a>,
    duplicate: &'a Context,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        self.duplicate.count()?;
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        loop {
            let path = Path::Index(&self.path, items.len());
            let seed = ValueSeed {
                path,
                duplicate: self.duplicate,
            };
            match seq.next_element_seed(seed)? {
                Some(item) => items.push(item),
                None => return Ok(Value::Array(items)),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let path = Path::Key(&self.path, &key);
            if object.contains_key(&key) {
                return Err(self.duplicate.repeated(&path, &key));
            }
            let value = map.next_value_seed(ValueSeed {
                path,
                duplicate: self.duplicate,
            })?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_ordinary_json() {
        let value = parse(br#"{"a":[1,-2,3.5,"x",null,true,{"b":{}}]}"#).unwrap();
        assert_eq!(
            value,
            serde_json::json!({"a":[1,-2,3.5,"x",null,true,{"b":{}}]})
        );
    }

    #[test]
    fn refuses_duplicate_keys_with_their_pointer() {
        let error = parse(br#"{"Steps":[{"Name":"a","Na\u006de":"b"}]}"#).unwrap_err();
        let StrictError::DuplicateKey { pointer, key, .. } = error else {
            panic!("{error:?}")
        };
        assert_eq!(pointer, "/Steps/0/Name");
        assert_eq!(key, "Name");
        let escaped = parse(br#"{"a/b":1,"a/b":2}"#).unwrap_err();
        assert!(matches!(escaped, StrictError::DuplicateKey { pointer, .. } if pointer == "/a~1b"));
    }

    #[test]
    fn refuses_trailing_data_and_deep_nesting() {
        assert!(matches!(parse(b"{} x"), Err(StrictError::Syntax { .. })));
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(matches!(
            parse(deep.as_bytes()),
            Err(StrictError::Syntax { .. })
        ));
    }
}
