//! Reads arbitrary bytes as each typed document with `Document::from_json`. Whenever that
//! succeeds and the value can be written, `to_json` followed by `from_json` must give an
//! equal value.
#![no_main]

use std::fmt::Debug;

use conductor_sdk::{CapabilityManifest, Document, JobSpec, OperationResultSpec};
use conductor_sdk::RunnerConfigSpec;
use libfuzzer_sys::fuzz_target;

fn round_trip<T: Document + PartialEq + Debug>(data: &[u8]) {
    let Ok(first) = T::from_json(data) else {
        return;
    };
    // Values Go cannot write either (a year outside 0..=9999) are refused, not a bug.
    let Ok(json) = first.to_json() else {
        return;
    };
    let shown = String::from_utf8_lossy(&json);
    match T::from_json(&json) {
        Ok(again) => assert_eq!(first, again, "{}: changed by {shown}", T::KIND),
        Err(error) => panic!("{}: own output refused ({error}): {shown}", T::KIND),
    }
}

fuzz_target!(|data: &[u8]| {
    round_trip::<OperationResultSpec>(data);
    round_trip::<CapabilityManifest>(data);
    round_trip::<JobSpec>(data);
    round_trip::<RunnerConfigSpec>(data);
});
