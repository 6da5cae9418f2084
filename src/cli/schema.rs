//! `conductor-sdk schema list` and `conductor-sdk schema show`.

use clap::Subcommand;
use conductor_sdk::schema::{self, SCHEMAS};

use crate::cli::{EXIT_OK, EXIT_USAGE};

/// The schema subcommands.
#[derive(Debug, Subcommand)]
pub enum SchemaCommand {
    /// List the schemas: name, title and `$id`.
    List,
    /// Print one schema's JSON text.
    Show {
        /// capability-manifest, job-spec, operation-result, runner-config-spec or
        /// capability.
        name: String,
    },
}

/// Runs a schema subcommand; returns the exit code.
pub fn run(command: &SchemaCommand) -> u8 {
    match command {
        SchemaCommand::List => {
            for file in SCHEMAS {
                let title = serde_json::from_str::<serde_json::Value>(file.text)
                    .ok()
                    .and_then(|v| v["title"].as_str().map(str::to_owned))
                    .unwrap_or_default();
                outln!("{:<20} {:<20} {}", file.name, title, file.id);
            }
            EXIT_OK
        }
        SchemaCommand::Show { name } => match schema::find(name) {
            Some(file) => {
                out!("{}", file.text);
                EXIT_OK
            }
            None => {
                let names: Vec<&str> = SCHEMAS.iter().map(|s| s.name).collect();
                eprintln!(
                    "conductor-sdk: no schema named {name:?}; expected one of {}",
                    names.join(", ")
                );
                EXIT_USAGE
            }
        },
    }
}
