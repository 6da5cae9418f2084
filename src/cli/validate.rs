//! `conductor-sdk validate`: one verdict per document, as text or JSON.

use std::borrow::Cow;
use std::io::{StdoutLock, Write};

use clap::{Args, ValueEnum};
use conductor_sdk::DocumentKind;
use conductor_sdk::validate::{Invalid, ItemKind, ItemVerdict, ValidationError, check_items};
use serde::Serialize;

use crate::cli::{EXIT_INVALID, EXIT_OK, EXIT_USAGE, Output, source};

/// What the documents are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ValidateKind {
    /// ConfigMaps holding an operation result under `data.result`.
    #[value(name = "configmap")]
    ConfigMap,
    /// Bare CapabilityManifest documents.
    CapabilityManifest,
    /// Bare JobSpec documents.
    JobSpec,
    /// Bare OperationResultSpec documents.
    OperationResult,
    /// Bare RunnerConfigSpec documents.
    RunnerConfigSpec,
}

/// Arguments of `validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// What the documents are; ConfigMaps holding an operation result by default.
    #[arg(long, value_enum, default_value_t = ValidateKind::ConfigMap)]
    kind: ValidateKind,
    /// The output format.
    #[arg(long, value_enum, default_value_t = Output::Text)]
    output: Output,
    /// Files to validate, in JSON or YAML; `-` reads standard input.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<String>,
}

/// The verdict on one document.
#[derive(Debug, Serialize)]
struct Verdict<'a> {
    source: &'a str,
    item: &'a str,
    namespace: Option<&'a str>,
    name: Option<&'a str>,
    valid: bool,
    errors: Vec<Problem>,
}

#[derive(Debug, Serialize)]
struct Problem {
    pointer: String,
    message: String,
}

/// Validates every path and prints each verdict as it comes, so that the whole
/// report of a long list never has to fit in memory; returns the exit code.
pub fn run(args: &ValidateArgs) -> u8 {
    let mut report = Report::start(args.output);
    let mut unreadable = false;
    for path in &args.paths {
        match source::read(path) {
            Ok(input) => judge_source(&input.name, &input.bytes, args.kind, &mut report),
            Err(source::ReadFailure::TooLarge(message)) => {
                let name = if path == "-" {
                    "<stdin>"
                } else {
                    path.as_str()
                };
                let errors = vec![Problem {
                    pointer: String::new(),
                    message,
                }];
                report.add(&verdict(name, "", None, None, errors));
            }
            Err(source::ReadFailure::Unreadable(message)) => {
                report.flush();
                eprintln!("conductor-sdk: {message}");
                unreadable = true;
            }
        }
    }

    let all_valid = report.finish();
    if unreadable {
        EXIT_USAGE
    } else if all_valid {
        EXIT_OK
    } else {
        EXIT_INVALID
    }
}

/// Prints verdicts one by one, as text lines or as the items of one JSON array, through a
/// buffer that goes out whenever it fills and at the end.
struct Report {
    output: Output,
    out: Lines,
    /// The text line being built, kept to be reused.
    line: String,
    valid: usize,
    invalid: usize,
}

impl Report {
    fn start(output: Output) -> Self {
        let mut report = Report {
            output,
            out: Lines::new(),
            line: String::new(),
            valid: 0,
            invalid: 0,
        };
        if output == Output::Json {
            report.write(format_args!("["));
        }
        report
    }

    fn add(&mut self, verdict: &Verdict<'_>) {
        let first = self.valid + self.invalid == 0;
        if verdict.valid {
            self.valid += 1;
        } else {
            self.invalid += 1;
        }
        match self.output {
            Output::Text => {
                self.line.clear();
                text_line(verdict, &mut self.line);
                self.out.push(escape_controls(&self.line).as_bytes());
                self.out.push(b"\n");
            }
            Output::Json => match serde_json::to_string(verdict) {
                Ok(json) => {
                    let comma = if first { "" } else { "," };
                    self.write(format_args!("{comma}\n  {json}"));
                }
                Err(e) => eprintln!("conductor-sdk: cannot write the report: {e}"),
            },
        }
    }

    fn write(&mut self, text: std::fmt::Arguments<'_>) {
        self.out.push(text.to_string().as_bytes());
    }

    /// Sends every complete line buffered, so that a message on standard error follows
    /// them on a line of its own.
    fn flush(&mut self) {
        crate::cli::note_write(self.out.send_lines());
    }

    /// Ends the report; returns whether every document was valid.
    fn finish(mut self) -> bool {
        let (valid, invalid) = (self.valid, self.invalid);
        match self.output {
            Output::Text => self.write(format_args!("{valid} valid, {invalid} invalid\n")),
            Output::Json if valid + invalid == 0 => self.write(format_args!("]\n")),
            Output::Json => self.write(format_args!("\n]\n")),
        }
        self.flush();
        invalid == 0
    }
}

/// How many bytes of verdicts are gathered before they are written.
const LINES_BUFFERED: usize = 64 * 1024;

/// Standard output, written a buffer's worth at a time and only up to the last complete
/// line, so that a message on standard error never lands in the middle of a line.
struct Lines {
    out: StdoutLock<'static>,
    pending: Vec<u8>,
}

impl Lines {
    fn new() -> Self {
        Lines {
            out: std::io::stdout().lock(),
            pending: Vec::with_capacity(LINES_BUFFERED + 1024),
        }
    }

    /// Adds `bytes`, sending the complete lines once enough is gathered.
    fn push(&mut self, bytes: &[u8]) {
        self.pending.extend_from_slice(bytes);
        if self.pending.len() >= LINES_BUFFERED {
            crate::cli::note_write(self.send_lines());
        }
    }

    /// Sends every complete line gathered, keeping the line begun.
    fn send_lines(&mut self) -> std::io::Result<()> {
        let Some(end) = self.pending.iter().rposition(|b| *b == b'\n') else {
            return Ok(());
        };
        self.out.write_all(&self.pending[..=end])?;
        self.pending.drain(..=end);
        self.out.flush()
    }
}

/// Judges the documents of one input, printing each verdict as soon as it is known: for a
/// JSON array or `List`, once the whole input has been read.
fn judge_source(name: &str, bytes: &[u8], kind: ValidateKind, report: &mut Report) {
    let mut reported = 0;
    let judged = source::text(bytes).and_then(|text| {
        let judge = |item: ItemVerdict<'_>| {
            reported += 1;
            report.add(&item_verdict(name, &item));
        };
        check_items(text, item_kind(kind), judge).map_err(|e| e.to_string())
    });
    let message = match judged {
        Ok(0) => "the input holds an empty list: there is nothing to validate".to_owned(),
        Ok(_) => return,
        // A stream's documents before a broken one are judged already; say that the
        // rest of the stream was not, so that no one takes the count for the whole file.
        Err(message) if reported > 0 => format!(
            "{}; nothing after it was read",
            conductor_sdk::validate::redact(&message)
        ),
        Err(message) => conductor_sdk::validate::redact(&message),
    };
    let errors = vec![Problem {
        pointer: String::new(),
        message,
    }];
    report.add(&verdict(name, "", None, None, errors));
}

fn item_kind(kind: ValidateKind) -> ItemKind {
    match kind {
        ValidateKind::ConfigMap => ItemKind::ConfigMap,
        ValidateKind::CapabilityManifest => ItemKind::Document(DocumentKind::CapabilityManifest),
        ValidateKind::JobSpec => ItemKind::Document(DocumentKind::JobSpec),
        ValidateKind::OperationResult => ItemKind::Document(DocumentKind::OperationResult),
        ValidateKind::RunnerConfigSpec => ItemKind::Document(DocumentKind::RunnerConfigSpec),
    }
}

fn item_verdict<'a>(source: &'a str, item: &'a ItemVerdict<'_>) -> Verdict<'a> {
    let errors = match &item.outcome {
        Ok(()) => Vec::new(),
        Err(invalid) => problems(invalid),
    };
    let (namespace, name) = (item.namespace.as_deref(), item.name.as_deref());
    verdict(source, &item.item, namespace, name, errors)
}

fn problems(invalid: &Invalid) -> Vec<Problem> {
    let problem = |e: &ValidationError| Problem {
        pointer: e.pointer().to_owned(),
        message: e.message(),
    };
    invalid.errors.iter().map(problem).collect()
}

fn verdict<'a>(
    source: &'a str,
    item: &'a str,
    namespace: Option<&'a str>,
    name: Option<&'a str>,
    errors: Vec<Problem>,
) -> Verdict<'a> {
    Verdict {
        source,
        item,
        namespace,
        name,
        valid: errors.is_empty(),
        errors,
    }
}

/// Appends `source item namespace/name: valid`, or `...: invalid: pointer: message; ...`,
/// to `line`, before control characters are escaped.
fn text_line(verdict: &Verdict<'_>, line: &mut String) {
    line.push_str(verdict.source);
    if !verdict.item.is_empty() {
        line.extend([" ", verdict.item]);
    }
    if let Some(name) = verdict.name {
        let namespace = verdict.namespace.unwrap_or("default");
        line.extend([" ", namespace, "/", name]);
    }
    if verdict.valid {
        line.push_str(": valid");
        return;
    }
    line.push_str(": invalid: ");
    for (index, problem) in verdict.errors.iter().enumerate() {
        if index > 0 {
            line.push_str("; ");
        }
        if !problem.pointer.is_empty() {
            line.extend([problem.pointer.as_str(), ": "]);
        }
        line.push_str(&problem.message);
    }
}

/// Escapes control characters (newlines, escape sequences ...) so that text taken from a
/// document cannot break a verdict over several lines or forge one.
fn escape_controls(line: &str) -> Cow<'_, str> {
    if !line.chars().any(char::is_control) {
        return Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len() + 8);
    for c in line.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}
