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
mod job_spec;
mod names;
pub use job_spec::{
    BuildError, DEFAULT_NAMESPACE, DEFAULT_SERVICE_ACCOUNT, DEFAULT_TTL_SECONDS, JobSpecBuilder,
    derive_job_name, resolve_node_exclusions_from_runner_config,
};
mod generators;
pub use generators::{
    COMPILE_PHASE, HelmSource, KustomizeSource, LAUNCH_PHASE, PackBuildSpec, RawManifestSource,
    TalosClusterSpec, generate_from_pack_build, generate_from_talos_cluster,
};
