//! Parses the documents of a JSON array file with serde_json into `Value`s and does
//! nothing else: the floor any validator of the same bytes is compared with.

use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: parse-floor FILE");
        return ExitCode::from(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("parse-floor: cannot read {path}: {e}");
            return ExitCode::from(2);
        }
    };
    match serde_json::from_slice::<Vec<serde_json::Value>>(&bytes) {
        Ok(documents) => {
            println!("{} documents parsed", documents.len());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("parse-floor: {e}");
            ExitCode::from(1)
        }
    }
}
