//! Parses the documents of a JSON array file with serde_json, one `Value` at a time, and
//! does nothing else: the floor any validator of the same bytes is compared with.
//!
//! Each document is parsed into its own `Value` and dropped before the next, as a
//! validator that judges documents one by one must at least do; the file is read whole.

use std::fmt;
use std::process::ExitCode;

use serde::de::{Deserializer, SeqAccess, Visitor};
use serde_json::Value;

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
    let mut deserializer = serde_json::Deserializer::from_slice(&bytes);
    match deserializer.deserialize_seq(EachDocument) {
        Ok(count) => {
            println!("{count} documents parsed");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("parse-floor: {e}");
            ExitCode::from(1)
        }
    }
}

/// Parses each element of the array into a `Value` and drops it; counts them.
struct EachDocument;

impl<'de> Visitor<'de> for EachDocument {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of documents")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut documents: A) -> Result<usize, A::Error> {
        let mut count = 0;
        while let Some(document) = documents.next_element::<Value>()? {
            std::hint::black_box(document);
            count += 1;
        }
        Ok(count)
    }
}
