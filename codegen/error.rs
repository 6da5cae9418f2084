//! The error every generation step returns.

use std::fmt;

/// Why the Rust types could not be generated from the schemas.
///
/// Every variant names the schema file and, where it helps, the JSON Pointer of the
/// offending schema node, so that a failing build points at the line to fix.
#[derive(Debug)]
pub enum CodegenError {
    /// A schema file could not be read.
    Read {
        file: String,
        source: std::io::Error,
    },
    /// A schema file is not valid JSON.
    Json {
        file: String,
        source: serde_json::Error,
    },
    /// A schema node uses a construct the generator does not support, or breaks one of
    /// the generator's rules.
    Schema {
        file: String,
        pointer: String,
        message: String,
    },
    /// typify refused the bundled schema.
    Typify { message: String },
    /// typify produced code that the post-processing step does not recognise.
    Output { message: String },
}

impl CodegenError {
    /// A [`CodegenError::Schema`] for the node at `pointer` in `file`.
    pub fn schema(file: &str, pointer: &str, message: impl Into<String>) -> Self {
        CodegenError::Schema {
            file: file.to_owned(),
            pointer: pointer.to_owned(),
            message: message.into(),
        }
    }
}

impl fmt::Display for CodegenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CodegenError::Read { file, source } => write!(f, "{file}: cannot read: {source}"),
            CodegenError::Json { file, source } => write!(f, "{file}: invalid JSON: {source}"),
            CodegenError::Schema {
                file,
                pointer,
                message,
            } => {
                write!(f, "{file}#{pointer}: {message}")
            }
            CodegenError::Typify { message } => write!(f, "typify: {message}"),
            CodegenError::Output { message } => write!(f, "generated code: {message}"),
        }
    }
}

impl std::error::Error for CodegenError {}
