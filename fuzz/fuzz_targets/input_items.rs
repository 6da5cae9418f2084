//! Splits arbitrary UTF-8 text into documents with `input::read_items` (JSON, YAML
//! streams, nested `List`s). It must return, not panic, hang or exhaust memory.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = conductor_sdk::input::read_items(text);
    }
});
