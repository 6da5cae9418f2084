//! `conductor-sdk fmt`: one document in Go's canonical wire form.

use std::io::Write;

use clap::Args;
use conductor_sdk::DocumentKind;
use conductor_sdk::yaml::{YamlLimits, read_documents};

use crate::cli::{EXIT_INVALID, EXIT_OK, EXIT_USAGE, source};

/// Arguments of `fmt`.
#[derive(Debug, Args)]
pub struct FmtArgs {
    /// The document's kind: capability-manifest, job-spec, operation-result or
    /// runner-config-spec.
    #[arg(long, value_parser = parse_kind)]
    kind: DocumentKind,
    /// The document, in JSON or YAML; `-` or nothing reads standard input.
    #[arg(default_value = "-", value_name = "PATH")]
    path: String,
}

fn parse_kind(name: &str) -> Result<DocumentKind, String> {
    name.parse()
        .map_err(|e: conductor_sdk::UnknownDocumentKind| e.to_string())
}

/// Reads the document, writes its canonical form; returns the exit code.
pub fn run(args: &FmtArgs) -> u8 {
    let input = match source::read(&args.path) {
        Ok(input) => input,
        Err(failure @ source::ReadFailure::TooLarge(_)) => {
            eprintln!("conductor-sdk: {}", failure.message());
            return EXIT_INVALID;
        }
        Err(failure) => {
            eprintln!("conductor-sdk: {}", failure.message());
            return EXIT_USAGE;
        }
    };
    match canonical(&input.bytes, args.kind) {
        Ok(mut bytes) => {
            bytes.push(b'\n');
            let mut stdout = std::io::stdout().lock();
            if let Err(e) = stdout.write_all(&bytes).and_then(|()| stdout.flush()) {
                eprintln!("conductor-sdk: cannot write to standard output: {e}");
                return EXIT_INVALID;
            }
            EXIT_OK
        }
        Err(message) => {
            let message = conductor_sdk::validate::redact(&message);
            eprintln!(
                "conductor-sdk: {}: cannot read it as {}: {message}",
                input.name, args.kind
            );
            EXIT_INVALID
        }
    }
}

/// JSON goes to the reader as it is, as Go's reader would see it, so errors point into
/// the input; YAML is read as one document (a `List` is not expanded) and converted to JSON.
fn canonical(bytes: &[u8], kind: DocumentKind) -> Result<Vec<u8>, String> {
    let text = source::text(bytes)?.trim_start_matches('\u{feff}');
    let first = text.trim_start().chars().next();
    if matches!(first, Some('{' | '[' | '"') | None) || text.trim() == "null" {
        return kind
            .canonicalize(text.as_bytes())
            .map_err(|e| e.to_string());
    }
    let documents = read_documents(text, &YamlLimits::default()).map_err(|e| e.to_string())?;
    let [document] = documents.as_slice() else {
        return Err(format!("expected one document, found {}", documents.len()));
    };
    let json = serde_json::to_vec(&document.value).map_err(|e| e.to_string())?;
    kind.canonicalize(&json).map_err(|e| e.to_string())
}
