//! `conductor-sdk validate`: one verdict per document, as text or JSON.

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
struct Verdict {
    source: String,
    item: String,
    namespace: Option<String>,
    name: Option<String>,
    valid: bool,
    errors: Vec<Problem>,
}

#[derive(Debug, Serialize)]
struct Problem {
    pointer: String,
    message: String,
}

/// Validates every path and prints each verdict as soon as it is known, so that the
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

/// Prints verdicts one by one, as text lines or as the items of one JSON array.
struct Report {
    output: Output,
    valid: usize,
    invalid: usize,
}

impl Report {
    fn start(output: Output) -> Self {
        if output == Output::Json {
            out!("[");
        }
        Report {
            output,
            valid: 0,
            invalid: 0,
        }
    }

    fn add(&mut self, verdict: &Verdict) {
        let first = self.valid + self.invalid == 0;
        if verdict.valid {
            self.valid += 1;
        } else {
            self.invalid += 1;
        }
        match self.output {
            Output::Text => outln!("{}", text_line(verdict)),
            Output::Json => match serde_json::to_string(verdict) {
                Ok(json) => out!("{}\n  {json}", if first { "" } else { "," }),
                Err(e) => eprintln!("conductor-sdk: cannot write the report: {e}"),
            },
        }
    }

    /// Ends the report; returns whether every document was valid.
    fn finish(self) -> bool {
        match self.output {
            Output::Text => outln!("{} valid, {} invalid", self.valid, self.invalid),
            Output::Json if self.valid + self.invalid == 0 => outln!("]"),
            Output::Json => outln!("\n]"),
        }
        self.invalid == 0
    }
}

/// Judges the documents of one input, printing each verdict as soon as it is known.
fn judge_source(name: &str, bytes: &[u8], kind: ValidateKind, report: &mut Report) {
    let mut reported = 0;
    let judged = source::text(bytes).and_then(|text| {
        let judge = |item: ItemVerdict<'_>| {
            reported += 1;
            report.add(&item_verdict(name, item));
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

fn item_verdict(source: &str, item: ItemVerdict<'_>) -> Verdict {
    let errors = item.outcome.err().map(problems).unwrap_or_default();
    let (namespace, name) = (item.namespace.as_deref(), item.name.as_deref());
    verdict(source, &item.item, namespace, name, errors)
}

fn problems(invalid: Invalid) -> Vec<Problem> {
    let problem = |e: &ValidationError| Problem {
        pointer: e.pointer().to_owned(),
        message: e.message(),
    };
    invalid.errors.iter().map(problem).collect()
}

fn verdict(
    source: &str,
    item: &str,
    namespace: Option<&str>,
    name: Option<&str>,
    errors: Vec<Problem>,
) -> Verdict {
    Verdict {
        source: source.to_owned(),
        item: item.to_owned(),
        namespace: namespace.map(str::to_owned),
        name: name.map(str::to_owned),
        valid: errors.is_empty(),
        errors,
    }
}

/// `source item namespace/name: valid`, or `...: invalid: pointer: message; ...`.
fn text_line(verdict: &Verdict) -> String {
    let mut label = verdict.source.clone();
    if !verdict.item.is_empty() {
        label.push(' ');
        label.push_str(&verdict.item);
    }
    if let Some(name) = &verdict.name {
        let namespace = verdict.namespace.as_deref().unwrap_or("default");
        label.push_str(&format!(" {namespace}/{name}"));
    }
    let line = if verdict.valid {
        format!("{label}: valid")
    } else {
        let problems: Vec<String> = verdict
            .errors
            .iter()
            .map(|p| {
                if p.pointer.is_empty() {
                    p.message.clone()
                } else {
                    format!("{}: {}", p.pointer, p.message)
                }
            })
            .collect();
        format!("{label}: invalid: {}", problems.join("; "))
    };
    escape_controls(&line)
}

/// Escapes control characters (newlines, escape sequences ...) so that text taken from a
/// document cannot break a verdict over several lines or forge one.
fn escape_controls(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}
