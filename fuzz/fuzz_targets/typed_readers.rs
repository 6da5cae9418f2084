//! Reads arbitrary bytes as each typed document with `Document::from_json`. Whenever that
//! succeeds and the value can be written, `to_json` followed by `from_json` must give an
//! equal value. The one documented loss is allowed for: a `KubeTime` (a RunnerConfigSpec's
//! `appliedAt`) is written in whole seconds, so the expected value has its fraction dropped.
#![no_main]

use std::fmt::Debug;

use conductor_sdk::{CapabilityManifest, Document, JobSpec, OperationResultSpec};
use conductor_sdk::{KubeTime, RunnerConfigSpec};
use libfuzzer_sys::fuzz_target;

fn round_trip<T: Document + PartialEq + Debug>(data: &[u8], as_written: fn(&mut T)) {
    let Ok(mut first) = T::from_json(data) else {
        return;
    };
    // Values Go cannot write either (a year outside 0..=9999) are refused, not a bug.
    let Ok(json) = first.to_json() else {
        return;
    };
    let shown = String::from_utf8_lossy(&json);
    match T::from_json(&json) {
        Ok(again) => {
            as_written(&mut first);
            assert_eq!(first, again, "{}: changed by {shown}", T::KIND);
        }
        Err(error) => panic!("{}: own output refused ({error}): {shown}", T::KIND),
    }
}

fn unchanged<T>(_: &mut T) {}

fn whole_seconds(spec: &mut RunnerConfigSpec) {
    for entry in &mut spec.operational_history {
        let written = entry.applied_at.to_string();
        entry.applied_at = KubeTime::parse(&written).expect("KubeTime reads its own text");
    }
}

fuzz_target!(|data: &[u8]| {
    round_trip::<OperationResultSpec>(data, unchanged);
    round_trip::<CapabilityManifest>(data, unchanged);
    round_trip::<JobSpec>(data, unchanged);
    round_trip::<RunnerConfigSpec>(data, whole_seconds);
});
