//! The contract's rules that JSON Schema cannot express, checked on typed documents.

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

use crate::validate::error::{ContractRule, ValidationError};
use crate::validate::secrets::find_material;
use crate::{
    CapabilityManifest, GoTime, JobSpec, OperationResultSpec, RunnerConfigSpec, escape_pointer,
};

/// A document with rules beyond its JSON Schema, such as unique step names or a
/// completion time not before the start time.
///
/// ```
/// use conductor_sdk::OperationResultSpec;
/// use conductor_sdk::validate::{Contract, ContractRule, ValidationError};
///
/// let mut result = OperationResultSpec::default();
/// result.started_at = "2026-04-01T10:05:00Z".parse().unwrap();
/// result.completed_at = "2026-04-01T10:00:00Z".parse().unwrap();
/// let broken = result.violations();
/// assert!(matches!(
///     &broken[0],
///     ValidationError::Contract { rule: ContractRule::CompletedNotBeforeStarted, .. }
/// ));
/// ```
pub trait Contract {
    /// Every broken rule, in document order; empty when the document keeps them all.
    fn violations(&self) -> Vec<ValidationError>;
}

fn violation(pointer: String, rule: ContractRule, message: String) -> ValidationError {
    ValidationError::Contract {
        pointer,
        rule,
        message,
    }
}

impl Contract for OperationResultSpec {
    fn violations(&self) -> Vec<ValidationError> {
        let mut out = Vec::new();
        check_times(&self.started_at, &self.completed_at, "", &mut out);

        let steps = self.steps.as_deref().unwrap_or_default();
        for (index, step) in steps.iter().enumerate() {
            let at = format!("/Steps/{index}");
            check_times(&step.started_at, &step.completed_at, &at, &mut out);
        }
        let names = steps.iter().map(|s| s.name.as_str());
        check_unique(
            names,
            "/Steps",
            "Name",
            "step",
            ContractRule::UniqueStepNames,
            &mut out,
        );

        for (index, artifact) in self
            .artifacts
            .as_deref()
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            let fields = [("Name", &artifact.name), ("Reference", &artifact.reference)];
            for (field, text) in fields {
                let Some(material) = find_material(text) else {
                    continue;
                };
                let message = format!(
                    "the {} holds {}: an artifact is a reference, never content",
                    field.to_lowercase(),
                    material.describe()
                );
                let pointer = format!("/Artifacts/{index}/{field}");
                out.push(violation(
                    pointer,
                    ContractRule::ArtifactIsAReference,
                    message,
                ));
            }
        }

        let failed_step = self.failure_reason.as_ref().map(|r| r.failed_step.as_str());
        if let Some(name) = failed_step.filter(|name| !name.is_empty())
            && !steps.iter().any(|s| s.name == name)
        {
            let message = format!("failed step {name:?} is not one of the result's steps");
            let pointer = "/FailureReason/FailedStep".to_owned();
            out.push(violation(pointer, ContractRule::FailedStepIsAStep, message));
        }
        out
    }
}

/// An operation or step must not complete before it starts.
fn check_times(started: &GoTime, completed: &GoTime, at: &str, out: &mut Vec<ValidationError>) {
    if completed.cmp_instant(started) == Ordering::Less {
        let message = format!("completed at {completed}, before it started at {started}");
        let rule = ContractRule::CompletedNotBeforeStarted;
        out.push(violation(format!("{at}/CompletedAt"), rule, message));
    }
}

/// Reports every repeat of a name, pointing at the repeated item's `field`.
fn check_unique<'a>(
    names: impl Iterator<Item = &'a str>,
    list: &str,
    field: &str,
    what: &str,
    rule: ContractRule,
    out: &mut Vec<ValidationError>,
) {
    let mut first_at: HashMap<&str, usize> = HashMap::new();
    for (index, name) in names.enumerate() {
        if let Some(first) = first_at.get(name) {
            let message = format!("{what} {name:?} repeats the {what} at {list}/{first}");
            let pointer = format!("{list}/{index}/{}", escape_pointer(field));
            out.push(violation(pointer, rule, message));
        } else {
            first_at.insert(name, index);
        }
    }
}

impl Contract for CapabilityManifest {
    fn violations(&self) -> Vec<ValidationError> {
        let mut out = Vec::new();
        let entries = self.entries.as_deref().unwrap_or_default();
        let names = entries.iter().map(|e| e.name.as_str());
        let rule = ContractRule::UniqueCapabilities;
        check_unique(names, "/Entries", "name", "capability", rule, &mut out);
        out
    }
}

impl Contract for JobSpec {
    fn violations(&self) -> Vec<ValidationError> {
        let mut out = Vec::new();
        let volumes = self.secret_volumes.as_deref().unwrap_or_default();
        let paths = volumes.iter().map(|v| v.mount_path.as_str());
        let rule = ContractRule::DistinctMountPaths;
        check_unique(
            paths,
            "/SecretVolumes",
            "MountPath",
            "mount path",
            rule,
            &mut out,
        );
        out
    }
}

impl Contract for RunnerConfigSpec {
    fn violations(&self) -> Vec<ValidationError> {
        let mut out = Vec::new();
        let phases = self.phases.iter().map(|p| p.name.as_str());
        check_unique(
            phases,
            "/phases",
            "name",
            "phase",
            ContractRule::UniquePhases,
            &mut out,
        );

        let names = self.steps.iter().map(|s| s.name.as_str());
        let rule = ContractRule::UniqueStepNames;
        check_unique(names, "/steps", "name", "step", rule, &mut out);

        let mut earlier: HashSet<&str> = HashSet::new();
        for (index, step) in self.steps.iter().enumerate() {
            let known = earlier.contains(step.depends_on.as_str());
            earlier.insert(step.name.as_str());
            if step.depends_on.is_empty() || known {
                continue;
            }
            let message = format!(
                "step {:?} depends on {:?}, which is not a step declared before it",
                step.name, step.depends_on
            );
            let pointer = format!("/steps/{index}/dependsOn");
            out.push(violation(
                pointer,
                ContractRule::DependsOnEarlierStep,
                message,
            ));
        }
        out
    }
}
