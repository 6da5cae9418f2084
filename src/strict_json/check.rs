//! Checking JSON exactly as [`parse`](super::parse) reads it, without building anything:
//! the same refusals at the same places, in memory that does not grow with the input.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};

use super::{Context, Path, StrictError, deserialize_all, refusal};

/// What [`check`] learns of a value besides its validity: where the Kubernetes lists are,
/// so that [`crate::input`] can read their items one at a time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    /// A string ending in `List`: the `kind` of a list.
    ListKind,
    /// An array, with the most lists nesting in any of its elements.
    Array { lists: usize },
    /// An object, with the lists nesting in it: 0 unless it is a list, that is of kind
    /// `List` or `<Kind>List` with an `items` array; then 1 more than in any of its items.
    Object { lists: usize },
    /// Any other value.
    Other,
}

impl Shape {
    /// How many lists nest in an item that has this shape.
    pub(crate) fn lists(self) -> usize {
        match self {
            Shape::Object { lists } => lists,
            _ => 0,
        }
    }
}

/// Checks one JSON document as [`parse`](super::parse) would read it: `Ok` exactly when
/// `parse` succeeds, and otherwise the error `parse` returns.
pub(crate) fn check(text: &str) -> Result<Shape, StrictError> {
    let context = Context::default();
    let seed = CheckSeed {
        path: Path::Root,
        context: &context,
    };
    let deserializer = serde_json::Deserializer::from_str(text);
    deserialize_all(deserializer, seed).map_err(|error| refusal(&error, context))
}

/// Checks one value, counting and visiting values in the order [`super::ValueSeed`] does.
struct CheckSeed<'a> {
    path: Path<'a>,
    context: &'a Context,
}

impl<'de> DeserializeSeed<'de> for CheckSeed<'_> {
    type Value = Shape;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Shape, D::Error> {
        self.context.count()?;
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for CheckSeed<'_> {
    type Value = Shape;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Shape, E> {
        Ok(Shape::Other)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Shape, E> {
        Ok(Shape::Other)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Shape, E> {
        Ok(Shape::Other)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Shape, E> {
        Ok(Shape::Other)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Shape, E> {
        Ok(if value.ends_with("List") {
            Shape::ListKind
        } else {
            Shape::Other
        })
    }

    fn visit_unit<E: de::Error>(self) -> Result<Shape, E> {
        Ok(Shape::Other)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Shape, A::Error> {
        let (mut index, mut lists) = (0, 0);
        loop {
            let seed = CheckSeed {
                path: Path::Index(&self.path, index),
                context: self.context,
            };
            match seq.next_element_seed(seed)? {
                Some(shape) => (index, lists) = (index + 1, lists.max(shape.lists())),
                None => return Ok(Shape::Array { lists }),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Shape, A::Error> {
        let (mut keys, mut list_kind, mut items) = (BTreeSet::new(), false, None);
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let path = Path::Key(&self.path, &key);
            if keys.contains(&key) {
                return Err(self.context.repeated(&path, &key));
            }
            let shape = map.next_value_seed(CheckSeed {
                path,
                context: self.context,
            })?;
            match (&*key, shape) {
                ("kind", shape) => list_kind = shape == Shape::ListKind,
                ("items", Shape::Array { lists }) => items = Some(lists),
                _ => {}
            }
            keys.insert(key);
        }
        let lists = items.filter(|_| list_kind).map_or(0, |lists| lists + 1);
        Ok(Shape::Object { lists })
    }
}

/// Reads a key, borrowing it from the input when it holds no escape.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn deserialize<D>(self, deserializer: D) -> Result<Cow<'de, str>, D::Error>
    where
        D: de::Deserializer<'de>,
    {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string key")
    }

    fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Borrowed(key))
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(key.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::super::{MAX_VALUES, parse};
    use super::*;

    /// Inputs on which `parse` fails in every way it can, and some it accepts.
    const SAMPLES: &[&str] = &[
        r#"{"a":[1,-2,3.5e3,"x",null,true,{"b":{}}]}"#,
        r#"{"Steps":[{"Name":"a","Na\u006de":"b"}]}"#,
        r#"{"a/b":1,"a~b":{"c":[{"d":1,"d":2}]}}"#,
        "{\"a\":1,\n\"a\":2}",
        r#"[{"k":1},{"k":2,"k":3}]"#,
        r#"{"a":1} x"#,
        r#"{"a":}"#,
        r#"{"a":"\ud800"}"#,
        r#"{"\ud800":1}"#,
        "{\"a\":\"\u{1}\"}",
        r#"{"a" 1}"#,
        "[1,2,",
        "",
        "{} {}",
    ];

    #[test]
    fn checks_as_parse_reads() {
        for sample in SAMPLES {
            let parsed = parse(sample.as_bytes()).map(drop);
            assert_eq!(check(sample).map(drop), parsed, "{sample}");
        }
    }

    proptest::proptest! {
        #[test]
        fn checks_as_parse_reads_any_tokens(tokens in proptest::collection::vec(
            proptest::sample::select(&[
                "{", "}", "[", "]", ":", ",", " ", "\n", "1", "-0.5", "null", "\"a\"", "\"b\"",
                "\"\\u0061\"", "\"\\ud800\"", "\"\\n\"", "\"\u{1}\"", "tru", "x",
            ][..]),
            0..24,
        )) {
            let text = tokens.concat();
            let parsed = parse(text.as_bytes()).map(drop);
            proptest::prop_assert_eq!(check(&text).map(drop), parsed);
        }
    }

    #[test]
    fn refuses_too_deep_nesting_and_too_many_values_as_parse_does() {
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert_eq!(check(&deep).map(drop), parse(deep.as_bytes()).map(drop));
        let many = format!("[{}0]", "0,".repeat(MAX_VALUES));
        let error = check(&many).unwrap_err();
        assert_eq!(Err(error), parse(many.as_bytes()).map(drop));
    }

    #[test]
    fn counts_the_lists_nesting_in_a_document() {
        let shape = |text: &str| check(text).unwrap();
        let list = |items: &str| format!(r#"{{"items":[{items}],"k\u0069nd":"AList"}}"#);
        assert_eq!(shape(&list("")), Shape::Object { lists: 1 });
        let nested = list(&format!("1,{},[{}]", list(&list("")), list(&list(""))));
        assert_eq!(shape(&nested), Shape::Object { lists: 3 });
        assert_eq!(shape(&format!("[{nested}]")), Shape::Array { lists: 3 });
        let not_lists = [
            r#"{"kind":"List","items":{}}"#,
            r#"{"kind":"Lists","items":[]}"#,
            r#"{"kind":["List"],"items":[]}"#,
            r#"{"items":[]}"#,
        ];
        for text in not_lists {
            assert_eq!(shape(text), Shape::Object { lists: 0 }, "{text}");
        }
        assert_eq!(shape(r#""List""#), Shape::ListKind);
    }
}
