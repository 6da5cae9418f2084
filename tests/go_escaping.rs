//! Property tests: the writer escapes every string exactly as a plain, character by
//! character version of Go's rules does, whichever path writes it (the whole-document pass
//! of `to_vec`, or `GoFormatter` string by string), for strings long enough to cross the
//! blocks the fast scan skips.

use std::collections::BTreeMap;

use conductor_sdk::wire::{self, GoFormatter};
use proptest::collection::{btree_map, vec};
use proptest::prelude::*;
use serde::Serialize;

/// A JSON string as Go's `encoding/json` writes it (with backspace and form feed as
/// `\u0008` and `\u000c`, as Go did up to 1.21), one character at a time.
fn go_quote(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' | '\0'..='\u{1f}' => {
                out.push_str(&format!("\\u{:04x}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A map of lists of strings as Go writes it: keys in order, no spaces.
fn go_document(map: &BTreeMap<String, Vec<String>>) -> String {
    let entries: Vec<String> = map
        .iter()
        .map(|(key, values)| {
            let values: Vec<String> = values.iter().map(|value| go_quote(value)).collect();
            format!("{}:[{}]", go_quote(key), values.join(","))
        })
        .collect();
    format!("{{{}}}", entries.join(","))
}

/// Text mixing long plain runs with everything either escaper treats specially: Go's
/// extra escapes, serde_json's escapes, control characters, characters whose UTF-8 starts
/// with 0xE2 like U+2028 but are left alone, and other multi-byte characters.
fn go_text() -> impl Strategy<Value = String> {
    let special = proptest::sample::select(vec![
        '<', '>', '&', '"', '\\', '/', '\u{2028}', '\u{2029}', '\u{2027}', '\u{202a}', '\u{2026}',
        '\u{2128}', '\u{20ac}', '\u{7f}', 'é', '中', '🚀',
    ]);
    let piece = prop_oneof![
        4 => "[a-zA-Z0-9 ./:-]{1,40}",
        2 => special.prop_map(String::from),
        1 => (0u8..0x20).prop_map(|byte| char::from(byte).to_string()),
        1 => any::<char>().prop_map(String::from),
    ];
    vec(piece, 0..24).prop_map(|pieces| pieces.concat())
}

/// `value` written by serde_json through [`GoFormatter`], string by string.
fn through_formatter<T: Serialize + ?Sized>(value: &T) -> String {
    let mut out = Vec::new();
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, GoFormatter);
    value.serialize(&mut serializer).expect("writable");
    String::from_utf8(out).expect("UTF-8")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn strings_are_escaped_like_go(text in go_text()) {
        let expected = go_quote(&text);
        prop_assert_eq!(&wire::to_string(&text).expect("writable"), &expected);
        prop_assert_eq!(&through_formatter(&text), &expected);
    }

    #[test]
    fn keys_and_nested_strings_are_escaped_like_go(
        map in btree_map(go_text(), vec(go_text(), 0..4), 0..6),
    ) {
        let expected = go_document(&map);
        prop_assert_eq!(&wire::to_string(&map).expect("writable"), &expected);
        prop_assert_eq!(&through_formatter(&map), &expected);
    }

    #[test]
    fn appending_escapes_only_what_it_appends(prefix in go_text(), text in go_text()) {
        let mut out = prefix.clone().into_bytes();
        wire::append_to_vec(&mut out, &text).expect("writable");
        let expected = format!("{prefix}{}", go_quote(&text));
        prop_assert_eq!(String::from_utf8(out).expect("UTF-8"), expected);
    }
}
