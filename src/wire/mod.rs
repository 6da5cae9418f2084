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
    append_to_vec(&mut out, value)?;
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
/// The document is built in memory first and handed to `writer` in one `write_all`, so a
/// value that cannot be written leaves nothing behind in `writer`.
///
/// # Errors
///
/// As [`to_vec`], and when `writer` fails.
pub fn to_writer<W: io::Write, T: Serialize + ?Sized>(
    mut writer: W,
    value: &T,
) -> Result<(), WriteError> {
    let bytes = to_vec(value)?;
    writer.write_all(&bytes).map_err(io_error)
}

/// Appends `value` as compact JSON in Go's form to `out`, so that many documents can be
/// written through one buffer.
///
/// ```
/// let mut out = b"result=".to_vec();
/// conductor_sdk::wire::append_to_vec(&mut out, &["a<b"]).unwrap();
/// assert_eq!(out, br#"result=["a\u003cb"]"#);
/// ```
///
/// # Errors
///
/// As [`to_vec`]; `out` is then left as it was.
pub fn append_to_vec<T: Serialize + ?Sized>(
    out: &mut Vec<u8>,
    value: &T,
) -> Result<(), WriteError> {
    let start = out.len();
    let mut serializer = serde_json::Serializer::with_formatter(&mut *out, ControlFormatter);
    if let Err(error) = value.serialize(&mut serializer) {
        out.truncate(start);
        return Err(WriteError::Json(error));
    }
    escape_html_in_place(out, start).map_err(io_error)
}

/// A writer's failure, as serde_json reports one.
fn io_error(error: io::Error) -> WriteError {
    WriteError::Json(serde_json::Error::io(error))
}

/// Escapes `<`, `>`, `&`, U+2028 and U+2029 in `out[start..]`, compact JSON that serde_json
/// has just written.
///
/// In such JSON these bytes occur only inside strings: outside them serde_json writes
/// only ASCII punctuation, digits, the letters of `true`, `false`, `null` and exponents,
/// and its escapes are ASCII too. So escaping them wherever they occur escapes them in
/// every string, keys included, as Go does, in one fast pass over the whole document
/// instead of one pass per string.
fn escape_html_in_place(out: &mut Vec<u8>, start: usize) -> io::Result<()> {
    let Some(first) = first_candidate(&out[start..]) else {
        return Ok(());
    };
    let rest = out.split_off(start + first);
    write_escaped(out, &rest)
}

/// serde_json's compact form with Go's escapes for control characters, leaving `<`, `>`,
/// `&`, U+2028 and U+2029 for [`escape_html_in_place`].
#[derive(Clone, Copy, Debug)]
struct ControlFormatter;

impl Formatter for ControlFormatter {
    fn write_char_escape<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        escape: CharEscape,
    ) -> io::Result<()> {
        GoFormatter.write_char_escape(writer, escape)
    }
}

/// A serde_json formatter that escapes strings as Go's `encoding/json` does.
///
/// [`to_vec`] and the other functions of this module write the same bytes faster: they
/// escape the whole document at once rather than each string as it is written.
#[derive(Clone, Copy, Debug, Default)]
pub struct GoFormatter;

impl Formatter for GoFormatter {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        write_escaped(writer, fragment.as_bytes())
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

/// Writes `bytes` with `<`, `>`, `&`, U+2028 and U+2029 escaped as Go escapes them, and
/// every other byte as it is: in one `write_all` when there is nothing to escape.
fn write_escaped<W: ?Sized + io::Write>(writer: &mut W, bytes: &[u8]) -> io::Result<()> {
    let mut start = 0;
    while let Some(found) = first_candidate(&bytes[start..]) {
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

/// The position of the first byte that may start a character Go escapes: `<`, `>`, `&`,
/// or 0xE2, the lead byte of U+2028 and U+2029 (and of other characters).
///
/// Documents rarely hold any, so whole blocks of 32 bytes are skipped with a few word
/// operations each; then the first word that holds one tells where it is, and a table
/// lookup per byte checks the last bytes, which fill no word.
fn first_candidate(bytes: &[u8]) -> Option<usize> {
    let (blocks, _) = bytes.as_chunks::<32>();
    let clean = 32
        * blocks
            .iter()
            .take_while(|block| !has_candidate(block))
            .count();
    let (words, rest) = bytes[clean..].as_chunks::<8>();
    for (index, word) in words.iter().enumerate() {
        let found = candidates_in(u64::from_le_bytes(*word));
        if found != 0 {
            // The lowest flagged byte is the first candidate (see `candidates_in`).
            let in_word = found.trailing_zeros() as usize / 8;
            return Some(clean + 8 * index + in_word);
        }
    }
    let found = rest
        .iter()
        .position(|byte| CANDIDATES[usize::from(*byte)])?;
    Some(clean + 8 * words.len() + found)
}

/// Whether a block holds a byte [`first_candidate`] looks for, tested eight bytes at a
/// time.
fn has_candidate(block: &[u8; 32]) -> bool {
    let (words, _) = block.as_chunks::<8>();
    let found = words.iter().fold(0, |found, word| {
        found | candidates_in(u64::from_le_bytes(*word))
    });
    found != 0
}

/// The high bits of the bytes of `word` (read little-endian) that are `<`, `>`, `&` or
/// 0xE2, and perhaps of some bytes after the first of those: nonzero exactly when one of
/// the eight bytes is, and its lowest set bit is in the first such byte.
///
/// A byte of `word ^ c * 0x01…01` is zero where `word` has the byte `c`, and
/// `(x - 0x01…01) & !x & 0x80…80` flags the zero bytes of `x`. Below the first zero byte
/// nothing borrows, and a byte `b - 1` has its high bit set only when `b` has it too,
/// which `!x` clears; the first zero byte becomes 0xFF, whose high bit `!x` keeps. Above
/// it, the borrow may flag other bytes.
fn candidates_in(word: u64) -> u64 {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_le_bytes([0x80; 8]);
    let zero_bytes = |x: u64| x.wrapping_sub(ONES) & !x;
    let equal_to = |byte: u8| zero_bytes(word ^ (ONES * u64::from(byte)));
    (equal_to(b'<') | equal_to(b'>') | equal_to(b'&') | equal_to(0xE2)) & HIGH
}

/// The bytes [`first_candidate`] stops at, as a table: one lookup per byte.
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
    fn finds_exactly_the_first_candidate_byte_in_a_word() {
        let first = |word: [u8; 8]| {
            let found = candidates_in(u64::from_le_bytes(word));
            (found != 0).then_some(found.trailing_zeros() as usize / 8)
        };
        for byte in 0..=u8::MAX {
            let candidate = CANDIDATES[usize::from(byte)];
            let others = (0..=u8::MAX).filter(|other| !CANDIDATES[usize::from(*other)]);
            for other in others {
                for position in 0..8 {
                    let mut word = [other; 8];
                    word[position] = byte;
                    assert_eq!(first(word), candidate.then_some(position), "{word:x?}");
                    // A later candidate neither hides this one nor is found before it.
                    if position < 7 {
                        word[7] = b'<';
                        let expected = if candidate { position } else { 7 };
                        assert_eq!(first(word), Some(expected), "{word:x?}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_failed_append_leaves_the_buffer_as_it_was() {
        struct Unwritable;
        impl Serialize for Unwritable {
            fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
                Err(serde::ser::Error::custom("unwritable"))
            }
        }
        let mut out = b"kept".to_vec();
        assert!(append_to_vec(&mut out, &("<written first>", Unwritable)).is_err());
        assert_eq!(out, b"kept");
    }

    #[test]
    fn escapes_in_keys_too() {
        let map = std::collections::BTreeMap::from([("<k>", 1)]);
        assert_eq!(to_string(&map).unwrap(), r#"{"\u003ck\u003e":1}"#);
    }
}
