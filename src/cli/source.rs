//! Reading the inputs named on the command line.

use std::io::Read;

/// The largest input read, in bytes; a larger input is refused, not read into memory.
pub const MAX_INPUT_BYTES: u64 = 256 * 1024 * 1024;

/// An input that could be read.
pub struct Source {
    /// The path as given, or `<stdin>` for `-`.
    pub name: String,
    /// The input's bytes.
    pub bytes: Vec<u8>,
}

/// Why an input could not be read.
pub enum ReadFailure {
    /// The path cannot be opened or read: a usage error.
    Unreadable(String),
    /// The input is larger than [`MAX_INPUT_BYTES`]: an invalid input.
    TooLarge(String),
}

impl ReadFailure {
    /// The message to print.
    pub fn message(self) -> String {
        match self {
            ReadFailure::Unreadable(message) | ReadFailure::TooLarge(message) => message,
        }
    }
}

/// Reads `path`, or standard input for `-`.
pub fn read(path: &str) -> Result<Source, ReadFailure> {
    if path == "-" {
        let bytes = read_limited(std::io::stdin().lock(), "standard input", 0)?;
        return Ok(Source {
            name: "<stdin>".to_owned(),
            bytes,
        });
    }
    let file = std::fs::File::open(path)
        .map_err(|e| ReadFailure::Unreadable(format!("cannot read {path}: {e}")))?;
    // The file's size, when known, sizes the buffer once instead of growing it.
    let size = file.metadata().map_or(0, |metadata| metadata.len());
    let bytes = read_limited(file, path, size)?;
    Ok(Source {
        name: path.to_owned(),
        bytes,
    })
}

/// Reads everything `reader` holds, up to the limit; `size` is how much it likely holds.
fn read_limited(reader: impl Read, name: &str, size: u64) -> Result<Vec<u8>, ReadFailure> {
    let expected = usize::try_from(size.min(MAX_INPUT_BYTES + 1)).unwrap_or_default();
    let mut bytes = Vec::with_capacity(expected);
    reader
        .take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ReadFailure::Unreadable(format!("cannot read {name}: {e}")))?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        let message = format!("the input is larger than {MAX_INPUT_BYTES} bytes, the limit");
        return Err(ReadFailure::TooLarge(message));
    }
    Ok(bytes)
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
