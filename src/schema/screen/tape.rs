//! A JSON document read into one flat list of borrowed values: no allocation per value,
//! and none per string unless the string holds escapes.
//!
//! The reader is deliberately narrow. It refuses (returns `None` for) anything the screen
//! would have to think hard about, and leaves it to the full reader: syntax errors,
//! duplicate keys, numbers that are not plain integers, very deep nesting and very wide
//! objects.

use std::borrow::Cow;

/// The deepest nesting read; deeper documents go to the full reader and its own limit.
const MAX_DEPTH: usize = 64;

/// The most members one object may have; finding a duplicate key compares each key with
/// the ones before it, so wider objects go to the full reader.
const MAX_MEMBERS: usize = 64;

/// The most items a tape keeps room for between values.
const LARGE_TAPE: usize = 32 * 1024;

/// One value on the tape. A container is followed by its contents: an array by its
/// elements, an object by each member's key (a `String`) and then its value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Item<'a> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// An integer, as written: `-?(0|[1-9][0-9]*)`, at most 18 digits.
    Integer(&'a str),
    /// A string, unescaped.
    String(Cow<'a, str>),
    /// An array of `len` elements; its contents end before index `end`.
    Array { len: usize, end: usize },
    /// An object of `len` members; its contents end before index `end`.
    Object { len: usize, end: usize },
}

/// A document on a tape; the root value is at index 0.
#[derive(Debug)]
pub(crate) struct Tape<'a> {
    items: Vec<Item<'a>>,
    /// How many of the items are keys.
    keys: usize,
}

impl<'a> Tape<'a> {
    /// An empty tape, for [`Tape::read_value`] to fill and refill.
    pub(crate) fn new() -> Self {
        Tape {
            items: Vec::new(),
            keys: 0,
        }
    }

    /// Reads `text` as one JSON document, or `None` when it is not one the screen reads.
    pub(crate) fn read(text: &'a str) -> Option<Tape<'a>> {
        let mut tape = Tape {
            items: Vec::with_capacity(text.len() / 16 + 4),
            keys: 0,
        };
        let end = tape.read_value(text, 0)?;
        let rest = &text.as_bytes()[end..];
        rest.iter().all(|b| is_whitespace(*b)).then_some(tape)
    }

    /// Reads the JSON value starting at byte `at` of `text`, after any whitespace, in place
    /// of what the tape held; returns where the value ends, or `None` when it is not one
    /// the screen reads. The tape's memory is kept for the next value.
    pub(crate) fn read_value(&mut self, text: &'a str, at: usize) -> Option<usize> {
        let mut items = std::mem::take(&mut self.items);
        items.clear();
        let mut reader = Reader {
            text,
            bytes: text.as_bytes(),
            at,
            items,
            keys: 0,
        };
        let read = reader.value(0);
        self.items = reader.items;
        self.keys = reader.keys;
        read.map(|()| reader.at)
    }

    /// Gives the tape's memory back when a huge value made it large, so that each of
    /// several threads reading a long list does not keep the largest item it has read.
    pub(crate) fn release_if_large(&mut self) {
        if self.items.capacity() > LARGE_TAPE {
            self.items = Vec::new();
        }
    }

    /// How many values the tape holds, keys not counted.
    pub(crate) fn values(&self) -> usize {
        self.items.len() - self.keys
    }

    /// The value at `index`.
    pub(crate) fn item(&self, index: usize) -> &Item<'a> {
        &self.items[index]
    }

    /// The index just past the value at `index` and everything inside it.
    pub(crate) fn after(&self, index: usize) -> usize {
        after(&self.items, index)
    }

    /// The indexes of the elements of the array at `index`.
    pub(crate) fn elements(&self, index: usize) -> impl Iterator<Item = usize> + '_ {
        let len = match self.items[index] {
            Item::Array { len, .. } => len,
            _ => 0,
        };
        let mut next = index + 1;
        (0..len).map(move |_| {
            let element = next;
            next = self.after(element);
            element
        })
    }

    /// The keys of the object at `index`, each with the index of its value.
    pub(crate) fn members(&self, index: usize) -> impl Iterator<Item = (&str, usize)> + '_ {
        let len = match self.items[index] {
            Item::Object { len, .. } => len,
            _ => 0,
        };
        let mut next = index + 1;
        (0..len).map(move |_| {
            let key = match &self.items[next] {
                Item::String(key) => key.as_ref(),
                _ => "",
            };
            let value = next + 1;
            next = self.after(value);
            (key, value)
        })
    }
}

/// The reading position and the tape written so far.
struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
    items: Vec<Item<'a>>,
    /// How many keys were read.
    keys: usize,
}

impl<'a> Reader<'a> {
    fn value(&mut self, depth: usize) -> Option<()> {
        self.skip_whitespace();
        match *self.bytes.get(self.at)? {
            b'{' => self.object(depth),
            b'[' => self.array(depth),
            b'"' => {
                let text = self.string()?;
                self.items.push(Item::String(text));
                Some(())
            }
            b't' => self.literal("true", Item::Bool(true)),
            b'f' => self.literal("false", Item::Bool(false)),
            b'n' => self.literal("null", Item::Null),
            _ => self.integer(),
        }
    }

    fn object(&mut self, depth: usize) -> Option<()> {
        if depth >= MAX_DEPTH {
            return None;
        }
        let start = self.items.len();
        self.items.push(Item::Object { len: 0, end: 0 });
        self.at += 1;

        let mut len = 0;
        if !self.closes(b'}') {
            loop {
                self.skip_whitespace();
                if self.bytes.get(self.at) != Some(&b'"') || len == MAX_MEMBERS {
                    return None;
                }
                let key = self.string()?;
                if self.has_key(start, &key) {
                    return None;
                }
                self.items.push(Item::String(key));
                self.keys += 1;
                self.expect(b':')?;
                self.value(depth + 1)?;
                len += 1;
                if !self.continues(b'}')? {
                    break;
                }
            }
        }
        self.items[start] = Item::Object {
            len,
            end: self.items.len(),
        };
        Some(())
    }

    fn array(&mut self, depth: usize) -> Option<()> {
        if depth >= MAX_DEPTH {
            return None;
        }
        let start = self.items.len();
        self.items.push(Item::Array { len: 0, end: 0 });
        self.at += 1;

        let mut len = 0;
        if !self.closes(b']') {
            loop {
                self.value(depth + 1)?;
                len += 1;
                if !self.continues(b']')? {
                    break;
                }
            }
        }
        self.items[start] = Item::Array {
            len,
            end: self.items.len(),
        };
        Some(())
    }

    /// Whether the container closes right away with `close` (consumed if so).
    fn closes(&mut self, close: u8) -> bool {
        self.skip_whitespace();
        let closes = self.bytes.get(self.at) == Some(&close);
        self.at += usize::from(closes);
        closes
    }

    /// After a member or element: `Some(true)` on a comma, `Some(false)` on `close`.
    fn continues(&mut self, close: u8) -> Option<bool> {
        self.skip_whitespace();
        let next = *self.bytes.get(self.at)?;
        self.at += 1;
        match next {
            b',' => Some(true),
            byte if byte == close => Some(false),
            _ => None,
        }
    }

    /// Whether the object starting at `start` already has `key`.
    fn has_key(&self, start: usize, key: &str) -> bool {
        let mut next = start + 1;
        while next < self.items.len() {
            if matches!(&self.items[next], Item::String(seen) if same_key(seen, key)) {
                return true;
            }
            next = after(&self.items, next + 1);
        }
        false
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        self.skip_whitespace();
        (self.bytes.get(self.at) == Some(&byte)).then(|| self.at += 1)
    }

    fn literal(&mut self, word: &str, item: Item<'a>) -> Option<()> {
        let end = self.at + word.len();
        let found = self.bytes.get(self.at..end)?;
        // Byte by byte: short enough that calling `memcmp` would cost more.
        let same = found.iter().zip(word.as_bytes()).all(|(a, b)| a == b);
        same.then_some(())?;
        self.at = end;
        self.items.push(item);
        Some(())
    }

    /// A plain integer; fractions, exponents and long numbers are left to the full reader.
    fn integer(&mut self) -> Option<()> {
        let start = self.at;
        if self.bytes[self.at] == b'-' {
            self.at += 1;
        }
        let digits = self.at;
        while self.bytes.get(self.at).is_some_and(u8::is_ascii_digit) {
            self.at += 1;
        }
        let count = self.at - digits;
        let leading_zero = count > 1 && self.bytes[digits] == b'0';
        if count == 0 || count > 18 || leading_zero {
            return None;
        }
        if matches!(self.bytes.get(self.at), Some(b'.' | b'e' | b'E')) {
            return None;
        }
        self.items.push(Item::Integer(&self.text[start..self.at]));
        Some(())
    }

    /// A string starting at the opening quote; borrowed unless it holds escapes.
    fn string(&mut self) -> Option<Cow<'a, str>> {
        let start = self.at + 1;
        let end = special_byte(self.bytes, start)?;
        if self.bytes[end] == b'\\' {
            return self.escaped_string(start, end);
        }
        self.at = end + 1;
        Some(Cow::Borrowed(&self.text[start..end]))
    }

    /// The rest of a string from its first backslash at `escape`, unescaped.
    fn escaped_string(&mut self, start: usize, mut escape: usize) -> Option<Cow<'a, str>> {
        let mut out = String::with_capacity(escape - start + 16);
        out.push_str(&self.text[start..escape]);
        loop {
            let (decoded, after) = self.escape(escape)?;
            out.push(decoded);
            let end = special_byte(self.bytes, after)?;
            out.push_str(&self.text[after..end]);
            if self.bytes[end] == b'"' {
                self.at = end + 1;
                return Some(Cow::Owned(out));
            }
            escape = end;
        }
    }

    /// The character an escape at `at` stands for, and the index after the escape.
    fn escape(&self, at: usize) -> Option<(char, usize)> {
        let decoded = match *self.bytes.get(at + 1)? {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => return self.unicode_escape(at),
            _ => return None,
        };
        Some((decoded, at + 2))
    }

    /// A `\u` escape of four hex digits, or a surrogate pair of two such escapes; a lone
    /// surrogate is refused.
    fn unicode_escape(&self, at: usize) -> Option<(char, usize)> {
        let first = self.hex4(at + 2)?;
        if !(0xD800..0xE000).contains(&first) {
            return Some((char::from_u32(first)?, at + 6));
        }
        let is_pair = self.bytes.get(at + 6..at + 8) == Some(b"\\u".as_slice());
        let second = if is_pair { self.hex4(at + 8)? } else { 0 };
        if first >= 0xDC00 || !(0xDC00..0xE000).contains(&second) {
            return None;
        }
        let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
        Some((char::from_u32(code)?, at + 12))
    }

    fn hex4(&self, at: usize) -> Option<u32> {
        let digits = self.text.get(at..at + 4)?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        u32::from_str_radix(digits, 16).ok()
    }

    fn skip_whitespace(&mut self) {
        while self.bytes.get(self.at).copied().is_some_and(is_whitespace) {
            self.at += 1;
        }
    }
}

/// Whether `byte` is whitespace between JSON tokens.
pub(crate) fn is_whitespace(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r')
}

/// The index of the first quote or backslash of a string's text from `start`; `None` at
/// a control character, which JSON does not allow unescaped, or at the end of the input.
fn special_byte(bytes: &[u8], start: usize) -> Option<usize> {
    let mut at = plain_run_end(bytes, start);
    loop {
        match *bytes.get(at)? {
            b'"' | b'\\' => return Some(at),
            0..=0x1f => return None,
            _ => at += 1,
        }
    }
}

/// Where the run of string bytes that need no attention, starting at `start`, ends: the
/// first quote, backslash or control character, eight bytes at a time.
fn plain_run_end(bytes: &[u8], start: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let has_zero = |word: u64| word.wrapping_sub(ONES) & !word & HIGHS;

    let mut at = start;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        let quote = has_zero(word ^ (ONES * u64::from(b'"')));
        let backslash = has_zero(word ^ (ONES * u64::from(b'\\')));
        // A byte below 0x20 borrows when 0x20 is taken from it; high bytes never do.
        let control = word.wrapping_sub(ONES * 0x20) & !word & HIGHS;
        if quote | backslash | control != 0 {
            break;
        }
        at += 8;
    }
    at
}

/// Whether two keys (or short strings) are equal; keys of one object mostly differ in
/// length or first byte, which is quicker to see than calling `memcmp`.
pub(crate) fn same_key(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.as_bytes().first() == b.as_bytes().first() && a == b
}

/// The index just past the value at `index` of `items`, a tape read or being written.
fn after(items: &[Item<'_>], index: usize) -> usize {
    match items[index] {
        Item::Array { end, .. } | Item::Object { end, .. } => end,
        _ => index + 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Option<Vec<Item<'_>>> {
        Tape::read(text).map(|tape| tape.items)
    }

    #[test]
    fn containers_record_their_length_and_end() {
        let items = read(r#" {"a": [1, "x", null], "b": {"c": true}} "#).unwrap();
        assert_eq!(items[0], Item::Object { len: 2, end: 10 });
        assert_eq!(items[2], Item::Array { len: 3, end: 6 });
        assert_eq!(items[7], Item::Object { len: 1, end: 10 });
        let tape = Tape::read(r#"{"a": [1, "x", null], "b": {"c": true}}"#).unwrap();
        let keys: Vec<&str> = tape.members(0).map(|(key, _)| key).collect();
        assert_eq!(keys, ["a", "b"]);
        assert_eq!(tape.elements(2).collect::<Vec<_>>(), [3, 4, 5]);
    }

    #[test]
    fn strings_are_borrowed_unless_escaped() {
        let items = read(r#"["plain", "a\"b\u00e9\ud83d\ude00\n"]"#).unwrap();
        assert!(matches!(&items[1], Item::String(Cow::Borrowed("plain"))));
        assert_eq!(items[2], Item::String(Cow::Owned("a\"bé😀\n".to_owned())));
    }

    #[test]
    fn what_the_full_reader_must_judge_is_refused() {
        for text in [
            r#"{"a": 1, "a": 2}"#,
            r#"{"a\u0062": 1, "ab": 2}"#,
            "[1.5]",
            "[1e3]",
            "[01]",
            "[-]",
            "[1234567890123456789]",
            r#"["\ud800"]"#,
            r#"["\udc00\ud800"]"#,
            "[\"tab\there\"]",
            r#"["\x"]"#,
            "[1,]",
            "{\"a\":1,}",
            "[1] [2]",
            "",
            "nul",
            "[true false]",
        ] {
            assert_eq!(read(text), None, "{text}");
        }
    }

    #[test]
    fn strings_of_every_length_end_at_their_quote_or_escape() {
        for length in 0..40 {
            let body = "x".repeat(length);
            for (inner, expected) in [
                (body.clone(), body.clone()),
                (format!("{body}\\n"), format!("{body}\n")),
                (format!("é{body}\\\"z"), format!("é{body}\"z")),
            ] {
                let text = format!("[\"{inner}\", 1]");
                let items = read(&text).unwrap();
                assert_eq!(items[1], Item::String(Cow::Owned(expected)), "{text}");
                assert_eq!(items[2], Item::Integer("1"));
            }
            let control = format!("[\"{body}\u{1}\"]");
            assert_eq!(read(&control), None, "{length}");
        }
    }

    #[test]
    fn a_tape_gives_back_the_room_a_huge_value_took() {
        let mut tape = Tape::new();
        let huge = format!("[{}0]", "0,".repeat(LARGE_TAPE));
        tape.read_value(&huge, 0).unwrap();
        tape.release_if_large();
        assert_eq!(tape.items.capacity(), 0);
        tape.read_value("[1,2,3]", 0).unwrap();
        tape.release_if_large();
        assert!(tape.items.capacity() >= 4);
        assert_eq!(tape.values(), 4);
    }

    #[test]
    fn nesting_and_width_are_bounded() {
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        assert_eq!(read(&deep), None);
        let fine = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(read(&fine).is_some());

        let members = |n: usize| {
            let body: Vec<String> = (0..n).map(|i| format!("\"k{i}\":{i}")).collect();
            format!("{{{}}}", body.join(","))
        };
        assert!(read(&members(MAX_MEMBERS)).is_some());
        assert_eq!(read(&members(MAX_MEMBERS + 1)), None);
    }
}
