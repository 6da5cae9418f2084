//! The command line: arguments, and one module per subcommand.

/// Writes a line to standard output; a closed pipe (as with `| head`) ends the output
/// quietly instead of aborting the program.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        crate::cli::note_write(writeln!(std::io::stdout().lock(), $($arg)*));
    }};
}

/// Writes text to standard output, like [`outln`] but without a newline.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        crate::cli::note_write(write!(std::io::stdout().lock(), $($arg)*));
    }};
}

mod capabilities;
mod codegen;
mod fmt;
mod generate;
mod job;
mod schema;
mod source;
mod validate;

use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// Everything went well, or every document is valid.
pub const EXIT_OK: u8 = 0;

/// A document is invalid or could not be read as the kind asked for.
pub const EXIT_INVALID: u8 = 1;

/// The command line is wrong, or an input path cannot be read.
pub const EXIT_USAGE: u8 = 2;

/// The capability contract between Conductor runners and operators.
#[derive(Debug, Parser)]
#[command(name = "conductor-sdk", version, about, long_about = None)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Validate runner-written ConfigMaps, or bare documents with --kind.
    ///
    /// Exits 0 when every document is valid, 1 when any is invalid or cannot be parsed,
    /// and 2 for usage errors and unreadable paths.
    Validate(validate::ValidateArgs),
    /// Write one document in its canonical wire form (Go's bytes) on stdout.
    Fmt(fmt::FmtArgs),
    /// List or show the JSON Schemas of the contract.
    Schema {
        #[command(subcommand)]
        command: schema::SchemaCommand,
    },
    /// Print the capability catalog.
    Capabilities {
        /// The output format.
        #[arg(long, value_enum, default_value_t = Output::Text)]
        output: Output,
    },
    /// Print the Rust source generated from the schemas.
    Codegen,
    /// Print the Kueue Job (or the JobSpec) that runs a capability, for kubectl apply -f -.
    ///
    /// Exits 1 when the builder refuses the values, naming the field and value, and 2 for
    /// usage errors.
    Job(job::JobArgs),
    /// Generate resources from the resources operators reconcile.
    Generate {
        #[command(subcommand)]
        command: generate::GenerateCommand,
    },
}

/// How results are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Output {
    /// One line per item, for people.
    Text,
    /// JSON, for programs.
    Json,
}

/// Whether writing to standard output failed for a reason other than a closed pipe.
static WRITE_FAILED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Records the outcome of a write to standard output: a closed pipe (the reader has all
/// it wants) is fine, any other failure (a full disk) fails the command.
pub fn note_write(outcome: std::io::Result<()>) {
    if outcome.is_err_and(|e| e.kind() != std::io::ErrorKind::BrokenPipe) {
        WRITE_FAILED.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

/// Runs the command and returns the process's exit code.
pub fn run(args: Args) -> ExitCode {
    let code = match args.command {
        Command::Validate(args) => validate::run(&args),
        Command::Fmt(args) => fmt::run(&args),
        Command::Schema { command } => schema::run(&command),
        Command::Capabilities { output } => capabilities::run(output),
        Command::Codegen => codegen::run(),
        Command::Job(args) => job::run(&args),
        Command::Generate { command } => generate::run(&command),
    };
    let flushed = std::io::Write::flush(&mut std::io::stdout());
    note_write(flushed);
    if WRITE_FAILED.load(std::sync::atomic::Ordering::Relaxed) {
        eprintln!("conductor-sdk: cannot write to standard output");
        return ExitCode::from(EXIT_INVALID.max(code));
    }
    ExitCode::from(code)
}
