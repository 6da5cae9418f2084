//! `conductor-sdk capabilities`: the capability catalog.

use conductor_sdk::Capability;
use serde::Serialize;

use crate::cli::{EXIT_INVALID, EXIT_OK, Output};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Entry {
    name: &'static str,
    constant: &'static str,
    group: String,
    mode: String,
    runs_as_job: bool,
    trigger: &'static str,
    description: &'static str,
}

/// Prints the catalog; returns the exit code.
pub fn run(output: Output) -> u8 {
    let entries: Vec<Entry> = Capability::ALL
        .into_iter()
        .map(|c| Entry {
            name: c.as_str(),
            constant: c.go_constant(),
            group: c.group().to_string(),
            mode: c.mode().to_string(),
            runs_as_job: c.runs_as_job(),
            trigger: c.trigger(),
            description: c.description(),
        })
        .collect();

    match output {
        Output::Json => match serde_json::to_string_pretty(&entries) {
            Ok(json) => outln!("{json}"),
            Err(e) => {
                eprintln!("conductor-sdk: cannot write the catalog: {e}");
                return EXIT_INVALID;
            }
        },
        Output::Text => {
            outln!(
                "{:<22} {:<31} {:<11} {:<9} TRIGGER",
                "NAME",
                "CONSTANT",
                "GROUP",
                "MODE"
            );
            for e in &entries {
                outln!(
                    "{:<22} {:<31} {:<11} {:<9} {}",
                    e.name,
                    e.constant,
                    e.group,
                    e.mode,
                    e.trigger
                );
            }
        }
    }
    EXIT_OK
}
