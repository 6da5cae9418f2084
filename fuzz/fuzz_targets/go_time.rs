//! Parses arbitrary UTF-8 text with `GoTime::parse` and `KubeTime::parse`. A parsed
//! `GoTime` must read back from its `to_string()` as an equal value. `KubeTime` is written
//! in whole seconds by design, so its `to_string()` must read back as the same instant
//! with the fraction dropped.
#![no_main]

use conductor_sdk::{GoTime, KubeTime};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(time) = GoTime::parse(text) {
        let written = time.to_string();
        assert_eq!(GoTime::parse(&written), Ok(time), "GoTime {text:?} wrote {written:?}");
    }
    if let Ok(time) = KubeTime::parse(text) {
        let written = time.to_string();
        let again = KubeTime::parse(&written)
            .unwrap_or_else(|e| panic!("KubeTime {text:?} wrote {written:?}: {e}"));
        let (before, after) = (time.to_utc(), again.to_utc());
        assert_eq!(before.timestamp(), after.timestamp(), "KubeTime {text:?} -> {written:?}");
        assert_eq!(after.timestamp_subsec_nanos(), 0, "KubeTime {text:?} -> {written:?}");
    }
});
