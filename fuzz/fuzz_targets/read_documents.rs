//! Canonicalizes arbitrary bytes as each of the four document kinds. Whenever that
//! succeeds, the output must be valid JSON and already canonical: canonicalizing it again
//! gives identical bytes.
#![no_main]

use conductor_sdk::DocumentKind;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for kind in DocumentKind::ALL {
        let Ok(once) = kind.canonicalize(data) else {
            continue;
        };
        let shown = String::from_utf8_lossy(&once);
        if let Err(error) = serde_json::from_slice::<serde_json::Value>(&once) {
            panic!("{kind}: canonical output is not JSON ({error}): {shown}");
        }
        let twice = match kind.canonicalize(&once) {
            Ok(twice) => twice,
            Err(error) => panic!("{kind}: canonical output is refused ({error}): {shown}"),
        };
        let again = String::from_utf8_lossy(&twice);
        assert!(once == twice, "{kind}: not idempotent:\n once: {shown}\ntwice: {again}");
    }
});
