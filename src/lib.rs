//! The capability contract between Conductor runners and the operators that drive them.
//!
//! Placeholder crate docs; rewritten below.

mod capability;
mod generated;
mod time;
pub mod wire;

pub use capability::UnknownCapability;
pub use generated::*;
pub use time::{GoTime, KubeTime, TimeError};
mod document;
pub use document::{
    CanonicalizeError, Document, DocumentKind, ReadError, UnknownDocumentKind, escape_pointer,
};
