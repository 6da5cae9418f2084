//! `conductor-sdk`: validate the ConfigMaps runner Jobs write, format documents in Go's
//! wire form, and show the contract's schemas and capabilities.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Args::parse();
    cli::run(args)
}
