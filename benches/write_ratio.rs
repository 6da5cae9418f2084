//! What writing Go's bytes costs next to serde_json's plain serialization, measured so that
//! a shared, busy machine does not skew the comparison.
//!
//! Run with `cargo bench --bench write_ratio`. For each operation-result fixture, the Go
//! writer (`wire::append_to_vec`) and `serde_json::to_writer` write the same typed value
//! into one reused `Vec`, in short rounds that alternate between the two, so both sides
//! see the same load. Criterion's `write` group in `benches/documents.rs` measures each
//! side for seconds on end instead, and its ratio moves with whatever else runs meanwhile.
//!
//! Printed per fixture: each side's median time per document over the rounds, and the
//! median over the rounds of the ratio between the two halves of a round.

use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

use conductor_sdk::{Document, OperationResultSpec, wire};

/// Rounds per fixture; each round times both sides once.
const ROUNDS: usize = 501;
/// Documents written per side in one round: long enough to time, short enough that the
/// load rarely changes within a round.
const CALLS: u32 = 200;

fn main() {
    println!(
        "{:32} {:>9} {:>12} {:>6}",
        "fixture", "go", "serde_json", "ratio"
    );
    for (name, bytes) in fixtures() {
        let document = OperationResultSpec::from_json(&bytes).expect("a valid fixture");
        let (go, serde, ratio) = compare(&document);
        println!("{name:32} {go:>6.0} ns {serde:>9.0} ns {ratio:>6.2}");
    }
}

/// The operation-result fixtures but the zero value, by file stem.
fn fixtures() -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths: Vec<_> = std::fs::read_dir(root.join("tests/fixtures/go-wire/operation-result"))
        .expect("the fixtures are there")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .filter(|path| !path.ends_with("zero-value.json"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).unwrap())
        })
        .collect()
}

/// The median time per document of the Go writer and of serde_json, in nanoseconds, and
/// the median ratio of the two within a round.
fn compare(document: &OperationResultSpec) -> (f64, f64, f64) {
    let mut out = Vec::with_capacity(4096);
    let (mut go, mut serde, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        // Which side goes first alternates too, in case going second is cheaper.
        let (g, s) = if round % 2 == 0 {
            let g = time(&mut out, document, go_writer);
            (g, time(&mut out, document, serde_writer))
        } else {
            let s = time(&mut out, document, serde_writer);
            (time(&mut out, document, go_writer), s)
        };
        go.push(g);
        serde.push(s);
        ratios.push(g / s);
    }
    (median(go), median(serde), median(ratios))
}

fn go_writer(out: &mut Vec<u8>, document: &OperationResultSpec) -> bool {
    wire::append_to_vec(out, document).is_ok()
}

fn serde_writer(out: &mut Vec<u8>, document: &OperationResultSpec) -> bool {
    serde_json::to_writer(out, document).is_ok()
}

/// Nanoseconds per document of `write`, over [`CALLS`] documents written into `out`,
/// cleared before each.
fn time(
    out: &mut Vec<u8>,
    document: &OperationResultSpec,
    write: impl Fn(&mut Vec<u8>, &OperationResultSpec) -> bool,
) -> f64 {
    let start = Instant::now();
    for _ in 0..CALLS {
        out.clear();
        assert!(write(out, black_box(document)));
    }
    start.elapsed().as_nanos() as f64 / f64::from(CALLS)
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}
