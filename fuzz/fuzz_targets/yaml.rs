//! Reads arbitrary UTF-8 text as a YAML stream with the default limits. It must return,
//! not panic, hang or exhaust memory (alias bombs and deep nesting included).
#![no_main]

use conductor_sdk::yaml::{YamlLimits, read_documents};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = read_documents(text, &YamlLimits::default());
    }
});
