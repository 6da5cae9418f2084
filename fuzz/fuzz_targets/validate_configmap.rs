//! Validates arbitrary input as ConfigMaps (every item `read_items` finds) and as an
//! operation result's JSON text. No error may repeat a PEM header (`-----BEGIN`), in its
//! message or in its full text: key material must never be echoed. The library never
//! writes that text itself, so any occurrence came from the input.
#![no_main]

use conductor_sdk::input::read_items;
use conductor_sdk::validate::{Invalid, validate_configmap, validate_operation_result};
use libfuzzer_sys::fuzz_target;

const PEM_HEADER: &str = "-----BEGIN";

fn check(invalid: &Invalid) {
    for error in &invalid.errors {
        let message = error.message();
        assert!(!message.contains(PEM_HEADER), "message echoes PEM: {error:?}");
        assert!(!error.to_string().contains(PEM_HEADER), "text echoes PEM: {error:?}");
    }
}

fuzz_target!(|data: &[u8]| {
    if let Err(invalid) = validate_operation_result(data) {
        check(&invalid);
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for item in read_items(text).unwrap_or_default() {
        if let Err(invalid) = validate_configmap(&item.value) {
            check(&invalid);
        }
    }
});
