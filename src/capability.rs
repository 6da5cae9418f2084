//! The capability names and what the crate knows about each.
//!
//! [`Capability`], its catalog accessors and the `CAPABILITY_*` name constants are
//! generated from `schemas/capability.schema.json`; this module adds parsing, printing and
//! serde support.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::{Capability, CapabilityMode};

/// A capability name that is not one of [`Capability::ALL`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown capability {name:?}")]
pub struct UnknownCapability {
    /// The name that was given.
    pub name: String,
}

impl Capability {
    /// Whether the capability runs as a Kubernetes Job (its mode is
    /// [`CapabilityMode::Executor`]); `pack-compile` never does.
    ///
    /// ```
    /// use conductor_sdk::Capability;
    ///
    /// assert!(Capability::EtcdBackup.runs_as_job());
    /// assert!(!Capability::PackCompile.runs_as_job());
    /// ```
    pub fn runs_as_job(self) -> bool {
        self.mode() == CapabilityMode::Executor
    }
}

impl FromStr for Capability {
    type Err = UnknownCapability;

    /// Parses an exact capability name.
    ///
    /// ```
    /// use conductor_sdk::Capability;
    ///
    /// assert_eq!("etcd-backup".parse::<Capability>(), Ok(Capability::EtcdBackup));
    /// assert!("Etcd-Backup".parse::<Capability>().is_err());
    /// ```
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Capability::from_name(name).ok_or_else(|| UnknownCapability {
            name: name.to_owned(),
        })
    }
}

impl fmt::Display for Capability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Capability {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Capability {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        name.parse().map_err(serde::de::Error::custom)
    }
}

impl From<Capability> for String {
    fn from(capability: Capability) -> String {
        capability.as_str().to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_parses_back_to_its_capability() {
        for capability in Capability::ALL {
            assert_eq!(capability.as_str().parse::<Capability>(), Ok(capability));
            assert_eq!(capability.to_string(), capability.as_str());
        }
    }

    #[test]
    fn only_pack_compile_does_not_run_as_a_job() {
        let not_jobs: Vec<Capability> = Capability::ALL
            .into_iter()
            .filter(|c| !c.runs_as_job())
            .collect();
        assert_eq!(not_jobs, [Capability::PackCompile]);
    }

    #[test]
    fn unknown_names_are_refused_with_the_name() {
        let error = "etcd-backupp".parse::<Capability>().unwrap_err();
        assert_eq!(error.to_string(), "unknown capability \"etcd-backupp\"");
    }

    #[test]
    fn serde_uses_the_wire_name() {
        let json = serde_json::to_string(&Capability::PkiRotate).unwrap();
        assert_eq!(json, "\"pki-rotate\"");
        let back: Capability = serde_json::from_str(&json).unwrap();
        assert_eq!(back, Capability::PkiRotate);
        assert!(serde_json::from_str::<Capability>("\"nope\"").is_err());
    }
}
