//! Reading the inputs named on the command line.

use std::io::Read;

/// An input that could be read.
pub struct Source {
    /// The path as given, or `<stdin>` for `-`.
    pub name: String,
    /// The input's bytes.
    pub bytes: Vec<u8>,
}

/// Reads `path`, or standard input for `-`; on failure, the message to print.
pub fn read(path: &str) -> Result<Source, String> {
    if path == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        return Ok(Source {
            name: "<stdin>".to_owned(),
            bytes,
        });
    }
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    Ok(Source {
        name: path.to_owned(),
        bytes,
    })
}

/// The input as text, or where it stops being UTF-8.
pub fn text(bytes: &[u8]) -> Result<&str, String> {
    std::str::from_utf8(bytes).map_err(|e| {
        format!(
            "the input is not UTF-8: invalid byte at offset {}",
            e.valid_up_to()
        )
    })
}
