//! The problems validation reports.

use std::fmt;

/// One problem found while validating a document or the ConfigMap that holds it.
///
/// Every problem carries an RFC 6901 JSON Pointer. For problems inside a document, it
/// points into the document (for a ConfigMap, into the result document held under
/// `data.result`); for problems with the ConfigMap itself, it points into the ConfigMap.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ValidationError {
    /// The input is not valid JSON or YAML.
    #[error("{}{message} at line {line} column {column}", prefix(pointer))]
    Syntax {
        /// Where the value that could not be parsed starts; empty for the whole input.
        pointer: String,
        /// What the parser reported.
        message: String,
        /// The 1-based line where parsing stopped.
        line: usize,
        /// The 1-based column where parsing stopped.
        column: usize,
    },
    /// Different readers would read the document differently: a key appears twice, or a
    /// key is another spelling of a field that Go would read into it.
    #[error("{}{message}", prefix(pointer))]
    Ambiguous {
        /// The JSON Pointer of the offending key.
        pointer: String,
        /// What is ambiguous and how to fix it.
        message: String,
    },
    /// The document breaks its JSON Schema.
    #[error("{}{message}", prefix(pointer))]
    Schema {
        /// The JSON Pointer of the offending value in the document.
        pointer: String,
        /// The JSON Schema keyword that failed, such as `enum` or `pattern`.
        keyword: String,
        /// What the schema requires.
        message: String,
    },
    /// The document breaks a rule of the contract that a JSON Schema cannot express.
    #[error("{}{message}", prefix(pointer))]
    Contract {
        /// The JSON Pointer of the offending value in the document.
        pointer: String,
        /// Which rule is broken.
        rule: ContractRule,
        /// What is wrong, naming the values involved.
        message: String,
    },
    /// A value the schema accepts cannot be read the way Go reads it.
    #[error("{}{message}", prefix(pointer))]
    Decode {
        /// The JSON Pointer of the offending value in the document.
        pointer: String,
        /// What the reader reported.
        message: String,
    },
    /// The ConfigMap that should hold the result document is malformed.
    #[error("{}{message}", prefix(pointer))]
    ConfigMap {
        /// The JSON Pointer of the offending value in the ConfigMap.
        pointer: String,
        /// What is wrong with the ConfigMap.
        message: String,
    },
}

impl ValidationError {
    /// The same problem with any key material in its message replaced by `[redacted]`.
    pub(crate) fn redacted(mut self) -> Self {
        match &mut self {
            ValidationError::Syntax {
                pointer, message, ..
            }
            | ValidationError::Ambiguous { pointer, message }
            | ValidationError::Schema {
                pointer, message, ..
            }
            | ValidationError::Contract {
                pointer, message, ..
            }
            | ValidationError::Decode { pointer, message }
            | ValidationError::ConfigMap { pointer, message } => {
                *pointer = crate::validate::redact(pointer);
                *message = crate::validate::redact(message);
            }
        }
        self
    }

    /// The JSON Pointer of the problem; see the type's documentation for what it points
    /// into.
    pub fn pointer(&self) -> &str {
        match self {
            ValidationError::Syntax { pointer, .. }
            | ValidationError::Ambiguous { pointer, .. }
            | ValidationError::Schema { pointer, .. }
            | ValidationError::Contract { pointer, .. }
            | ValidationError::Decode { pointer, .. }
            | ValidationError::ConfigMap { pointer, .. } => pointer,
        }
    }

    /// The problem's message without the pointer.
    pub fn message(&self) -> String {
        match self {
            ValidationError::Syntax {
                message,
                line,
                column,
                ..
            } => {
                format!("{message} at line {line} column {column}")
            }
            ValidationError::Ambiguous { message, .. }
            | ValidationError::Schema { message, .. }
            | ValidationError::Contract { message, .. }
            | ValidationError::Decode { message, .. }
            | ValidationError::ConfigMap { message, .. } => message.clone(),
        }
    }
}

fn prefix(pointer: &str) -> String {
    if pointer.is_empty() {
        String::new()
    } else {
        format!("{pointer}: ")
    }
}

/// The contract's rules beyond what the JSON Schemas express.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ContractRule {
    /// An operation or step does not complete before it starts.
    CompletedNotBeforeStarted,
    /// Step names are unique within a result or a RunnerConfig.
    UniqueStepNames,
    /// A failure reason's `FailedStep` names one of the result's steps.
    FailedStepIsAStep,
    /// A manifest lists each capability once.
    UniqueCapabilities,
    /// Secret volumes of a JobSpec are mounted at distinct paths.
    DistinctMountPaths,
    /// A RunnerConfig step depends only on a step declared before it.
    DependsOnEarlierStep,
    /// A RunnerConfig lists each phase once.
    UniquePhases,
    /// An artifact is a reference, never content: it holds no key material.
    ArtifactIsAReference,
}

impl fmt::Display for ContractRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            ContractRule::CompletedNotBeforeStarted => "completed not before started",
            ContractRule::UniqueStepNames => "unique step names",
            ContractRule::FailedStepIsAStep => "failed step is a step",
            ContractRule::UniqueCapabilities => "unique capabilities",
            ContractRule::DistinctMountPaths => "distinct mount paths",
            ContractRule::DependsOnEarlierStep => "depends on an earlier step",
            ContractRule::UniquePhases => "unique phases",
            ContractRule::ArtifactIsAReference => "artifact is a reference",
        };
        f.write_str(text)
    }
}

/// Every problem found in one document; returned when a document is not valid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invalid {
    /// The problems, in the order they were found; never empty.
    pub errors: Vec<ValidationError>,
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, error) in self.errors.iter().enumerate() {
            if index > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Invalid {}
