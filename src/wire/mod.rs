//! Writing JSON byte for byte as Go's `encoding/json` writes it, and the helpers the
//! generated types use to read JSON as leniently as Go does.
//!
//! Go escapes `<`, `>`, `&`, U+2028 and U+2029 in every string, and writes the control
//! characters backspace and form feed as `\u0008` and `\u000c`; serde_json does neither.
//! Everything else (key order, `null` versus `[]`, number form) follows from the types.

mod read;

use std::io;

use serde::Serialize;
use serde_json::ser::{CharEscape, Formatter};

/// Why a document could not be written as JSON.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WriteError {
    /// A value has no JSON form that Go would write, such as a time whose year is outside
    /// 0 to 9999.
    #[error("cannot write the document as JSON")]
    Json(#[source] serde_json::Error),
}

/// Writes `value` as compact JSON, exactly as Go's `json.Marshal` would.
///
/// ```
/// let bytes = conductor_sdk::wire::to_vec(&"<a & b>").unwrap();
/// assert_eq!(bytes, br#""\u003ca \u0026 b\u003e""#);
/// ```
///
/// # Errors
///
/// Fails when a value cannot be written in Go's form, such as a time whose year is
/// outside 0 to 9999.
pub fn to_vec<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, WriteError> {
    let mut out = Vec::with_capacity(512);
    to_writer(&mut out, value)?;
    Ok(out)
}

/// Writes `value` as compact JSON in Go's form into a `String`.
///
/// # Errors
///
/// As [`to_vec`].
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, WriteError> {
    let bytes = to_vec(value)?;
    // The formatter writes only what serde_json writes plus ASCII escapes.
    String::from_utf8(bytes).map_err(|e| {
        WriteError::Json(serde::ser::Error::custom(format!(
            "output is not UTF-8: {e}"
        )))
    })
}

/// Writes `value` as compact JSON in Go's form into `writer`.
///
/// # Errors
///
/// As [`to_vec`], and when `writer` fails.
pub fn to_writer<W: io::Write, T: Serialize + ?Sized>(
    writer: W,
    value: &T,
) -> Result<(), WriteError> {
    let mut serializer = serde_json::Serializer::with_formatter(writer, GoFormatter);
    value.serialize(&mut serializer).map_err(WriteError::Json)
}

/// A serde_json formatter that escapes strings as Go's `encoding/json` does.
#[derive(Clone, Copy, Debug, Default)]
pub struct GoFormatter;

impl Formatter for GoFormatter {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let bytes = fragment.as_bytes();
        let mut start = 0;
        // Most fragments hold none of the characters Go escapes: one table lookup per byte
        // finds the few that do.
        while let Some(found) = next_candidate(&bytes[start..]) {
            let index = start + found;
            match go_escape(bytes, index) {
                Some((text, len)) => {
                    writer.write_all(&bytes[start..index])?;
                    writer.write_all(text)?;
                    start = index + len;
                }
                None => {
                    writer.write_all(&bytes[start..=index])?;
                    start = index + 1;
                }
            }
        }
        writer.write_all(&bytes[start..])
    }

    fn write_char_escape<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        escape: CharEscape,
    ) -> io::Result<()> {
        let text: &[u8] = match escape {
            CharEscape::Quote => b"\\\"",
            CharEscape::ReverseSolidus => b"\\\\",
            CharEscape::Solidus => b"\\/",
            CharEscape::Backspace => b"\\u0008",
            CharEscape::FormFeed => b"\\u000c",
            CharEscape::LineFeed => b"\\n",
            CharEscape::CarriageReturn => b"\\r",
            CharEscape::Tab => b"\\t",
            CharEscape::AsciiControl(byte) => {
                let hex = b"0123456789abcdef";
                let escaped = [
                    b'\\',
                    b'u',
                    b'0',
                    b'0',
                    hex[usize::from(byte >> 4)],
                    hex[usize::from(byte & 0xf)],
                ];
                return writer.write_all(&escaped);
            }
        };
        writer.write_all(text)
    }
}

/// The position of the first byte that may start a character Go escapes: `<`, `>`, `&`,
/// or the lead byte of U+2028 and U+2029.
fn next_candidate(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|byte| CANDIDATES[usize::from(*byte)])
}

/// The bytes [`next_candidate`] stops at, as a table: one lookup per byte.
static CANDIDATES: [bool; 256] = {
    let mut table = [false; 256];
    table[b'<' as usize] = true;
    table[b'>' as usize] = true;
    table[b'&' as usize] = true;
    table[0xE2] = true;
    table
};

/// The escape Go writes for the character starting at `bytes[index]`, if any, with the
/// number of bytes it replaces.
fn go_escape(bytes: &[u8], index: usize) -> Option<(&'static [u8], usize)> {
    match bytes[index] {
        b'<' => Some((b"\\u003c", 1)),
        b'>' => Some((b"\\u003e", 1)),
        b'&' => Some((b"\\u0026", 1)),
        // U+2028 and U+2029 are E2 80 A8 and E2 80 A9 in UTF-8.
        0xE2 => match bytes.get(index + 1..index + 3) {
            Some([0x80, 0xA8]) => Some((b"\\u2028", 3)),
            Some([0x80, 0xA9]) => Some((b"\\u2029", 3)),
            _ => None,
        },
        _ => None,
    }
}

pub(crate) use read::{
    GoStruct, deserialize_struct, go_equal_fold, read_array, read_map, read_nullable,
    read_nullable_array, read_value,
};

/// Whether a boolean is Go's zero value, for properties Go omits when empty.
pub(crate) fn is_false(value: &bool) -> bool {
    !*value
}

/// Whether a number is Go's zero value, for properties Go omits when empty.
#[allow(dead_code, reason = "used only when a schema has an optional integer")]
pub(crate) fn is_zero<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

/// Whether a value equals its type's default, for properties Go omits when empty.
#[allow(
    dead_code,
    reason = "used only when a schema has an optional named type"
)]
pub(crate) fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_html_characters_and_line_separators_like_go() {
        let text = "a<b>c&d\u{2028}e\u{2029}f";
        let written = to_string(text).unwrap();
        assert_eq!(written, r#""a\u003cb\u003ec\u0026d\u2028e\u2029f""#);
    }

    #[test]
    fn writes_control_characters_like_go_1_19() {
        let text = "\u{8}\u{c}\n\r\t\u{1}\u{1f}\"\\";
        let written = to_string(text).unwrap();
        assert_eq!(written, r#""\u0008\u000c\n\r\t\u0001\u001f\"\\""#);
    }

    #[test]
    fn leaves_other_characters_alone() {
        let text = "é中🚀\u{7f}\u{2027}\u{202a}/";
        assert_eq!(to_string(text).unwrap(), format!("\"{text}\""));
    }

    #[test]
    fn escapes_in_keys_too() {
        let map = std::collections::BTreeMap::from([("<k>", 1)]);
        assert_eq!(to_string(&map).unwrap(), r#"{"\u003ck\u003e":1}"#);
    }
}
