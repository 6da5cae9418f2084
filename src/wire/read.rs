//! Reading JSON into the generated structs the way Go's `encoding/json` does.
//!
//! Go matches an object key to a struct field by its exact name first, and otherwise by a
//! case-insensitive comparison, so `status`, `STATUS` and `Status` all fill `Status`. A
//! key matching no field is ignored, a repeated key overwrites the earlier value, and
//! `null` leaves a field at its zero value (or, for a slice, map or pointer, sets it to
//! nil). Anything but an object for a struct is refused.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{self, IgnoredAny, MapAccess, Visitor};

/// A struct read field by field with Go's key matching. Implemented by the generated
/// types.
pub(crate) trait GoStruct: Default {
    /// The struct's name, for error messages.
    const NAME: &'static str;

    /// The wire names of the fields, in declaration order.
    const FIELDS: &'static [&'static str];

    /// Reads the next map value into the field at `index` of [`Self::FIELDS`].
    fn read_field<'de, A: MapAccess<'de>>(
        &mut self,
        index: usize,
        map: &mut A,
    ) -> Result<(), A::Error>;
}

/// Reads a struct from a deserializer that holds an object.
pub(crate) fn deserialize_struct<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: de::Deserializer<'de>,
    T: GoStruct,
{
    deserializer.deserialize_map(StructVisitor(PhantomData))
}

struct StructVisitor<T>(PhantomData<T>);

impl<'de, T: GoStruct> Visitor<'de> for StructVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a JSON object for {}", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut value = T::default();
        while let Some(Key(key)) = map.next_key()? {
            match field_index(T::FIELDS, &key) {
                Some(index) => value.read_field(index, &mut map)?,
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(value)
    }
}

/// The field a key fills: the field with exactly this name, or else the first whose name
/// equals the key under Go's case folding.
pub(crate) fn field_index(fields: &[&str], key: &str) -> Option<usize> {
    fields
        .iter()
        .position(|name| *name == key)
        .or_else(|| fields.iter().position(|name| go_equal_fold(name, key)))
}

/// Whether `key` equals the ASCII field name `name` under Unicode simple case folding, as
/// Go compares them: ASCII letters in either case, and also the Kelvin sign for `k` and the
/// long s for `s`, the only non-ASCII characters that fold onto ASCII letters.
pub(crate) fn go_equal_fold(name: &str, key: &str) -> bool {
    let mut keys = key.chars();
    for wanted in name.chars() {
        let Some(got) = keys.next() else { return false };
        let same = got == wanted
            || (got.is_ascii() && got.eq_ignore_ascii_case(&wanted))
            || (got == '\u{212A}' && wanted.eq_ignore_ascii_case(&'k'))
            || (got == '\u{17F}' && wanted.eq_ignore_ascii_case(&'s'));
        if !same {
            return false;
        }
    }
    keys.next().is_none()
}

/// Reads a value into a field Go cannot set to nil: `null` leaves it as it is.
pub(crate) fn read_value<'de, A, T>(map: &mut A, slot: &mut T) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Deserialize<'de>,
{
    if let Some(value) = map.next_value::<Option<T>>()? {
        *slot = value;
    }
    Ok(())
}

/// Reads a value into a field Go can set to nil (a slice, map or pointer): `null` sets it
/// to `None`.
pub(crate) fn read_nullable<'de, A, T>(map: &mut A, slot: &mut Option<T>) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Deserialize<'de>,
{
    *slot = map.next_value::<Option<T>>()?;
    Ok(())
}

/// Reads a list into a field Go cannot set to nil; a `null` item reads as the item type's
/// zero value, as Go reads it.
pub(crate) fn read_array<'de, A, T>(map: &mut A, slot: &mut Vec<T>) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Deserialize<'de> + Default,
{
    if let Some(items) = map.next_value::<Option<Vec<OrZero<T>>>>()? {
        *slot = items.into_iter().map(|item| item.0).collect();
    }
    Ok(())
}

/// Reads a list into a field Go can set to nil: `null` is `None`, a `null` item the item
/// type's zero value.
pub(crate) fn read_nullable_array<'de, A, T>(
    map: &mut A,
    slot: &mut Option<Vec<T>>,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Deserialize<'de> + Default,
{
    let items = map.next_value::<Option<Vec<OrZero<T>>>>()?;
    *slot = items.map(|items| items.into_iter().map(|item| item.0).collect());
    Ok(())
}

/// Reads a map into a field Go cannot set to nil; a `null` value reads as the value type's
/// zero value.
pub(crate) fn read_map<'de, A, T>(
    map: &mut A,
    slot: &mut std::collections::BTreeMap<String, T>,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Deserialize<'de> + Default,
{
    if let Some(entries) =
        map.next_value::<Option<std::collections::BTreeMap<String, OrZero<T>>>>()?
    {
        *slot = entries
            .into_iter()
            .map(|(key, value)| (key, value.0))
            .collect();
    }
    Ok(())
}

/// A value that reads `null` as the type's zero value.
struct OrZero<T>(T);

impl<'de, T: Deserialize<'de> + Default> Deserialize<'de> for OrZero<T> {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<T>::deserialize(deserializer).map(|value| OrZero(value.unwrap_or_default()))
    }
}

/// An object key, borrowed from the input when it holds no escapes.
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(key)))
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(key.to_owned())))
    }

    fn visit_string<E: de::Error>(self, key: String) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(key)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_names_win_over_folded_ones() {
        let fields = ["status", "Status"];
        assert_eq!(field_index(&fields, "Status"), Some(1));
        assert_eq!(field_index(&fields, "STATUS"), Some(0));
        assert_eq!(field_index(&fields, "Statu"), None);
    }

    #[test]
    fn folding_follows_go() {
        assert!(go_equal_fold("apiVersion", "APIVERSION"));
        assert!(go_equal_fold("Kind", "\u{212A}ind"));
        assert!(go_equal_fold("Status", "\u{17F}tatus"));
        assert!(!go_equal_fold("Status", "Stätus"));
        assert!(!go_equal_fold("Name", "Name "));
        assert!(!go_equal_fold("Name", "Nam"));
        assert!(!go_equal_fold("Kind", "\u{212A}"));
    }
}
