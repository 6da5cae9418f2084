//! `conductor-sdk codegen`: the Rust source generated from the schemas.

use crate::cli::EXIT_OK;

/// Prints the generated source; returns the exit code.
pub fn run() -> u8 {
    out!("{}", conductor_sdk::GENERATED_SOURCE);
    EXIT_OK
}
