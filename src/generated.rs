//! The contract's types, generated at build time from the JSON Schemas in `schemas/`.
//!
//! A copy of the generated source is kept in `tests/golden/generated.rs` (a test keeps it
//! fresh), and `conductor-sdk codegen` prints it.

// typify's output spells every path in full and repeats some derives; the generated
// enums match on string literals in long arms.
#![allow(
    clippy::all,
    reason = "generated code is checked through its golden copy"
)]

include!(concat!(env!("OUT_DIR"), "/conductor_types.rs"));

/// The Rust source of this module, as generated from the schemas at build time.
pub const GENERATED_SOURCE: &str = include_str!(concat!(env!("OUT_DIR"), "/conductor_types.rs"));
