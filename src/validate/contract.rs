//! The contract's rules that JSON Schema cannot express, checked on typed documents.

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

use crate::schema::screen::{Node, Shape};
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
        result_violations(&ResultFacts::of(self))
    }
}

/// What the rules of an operation result read, borrowed from a typed result or straight
/// from its JSON text.
#[derive(Debug)]
pub(crate) struct ResultFacts<'a> {
    pub(crate) started_at: GoTime,
    pub(crate) completed_at: GoTime,
    pub(crate) steps: Vec<StepFacts<'a>>,
    /// Each artifact's name and reference.
    pub(crate) artifacts: Vec<(&'a str, &'a str)>,
    /// `FailureReason.FailedStep`, when there is a failure reason.
    pub(crate) failed_step: Option<&'a str>,
}

/// What the rules read of one step.
#[derive(Debug)]
pub(crate) struct StepFacts<'a> {
    pub(crate) name: &'a str,
    pub(crate) started_at: GoTime,
    pub(crate) completed_at: GoTime,
}

impl<'a> ResultFacts<'a> {
    fn of(result: &'a OperationResultSpec) -> Self {
        let steps = result.steps.as_deref().unwrap_or_default();
        let artifacts = result.artifacts.as_deref().unwrap_or_default();
        ResultFacts {
            started_at: result.started_at,
            completed_at: result.completed_at,
            steps: steps
                .iter()
                .map(|step| StepFacts {
                    name: &step.name,
                    started_at: step.started_at,
                    completed_at: step.completed_at,
                })
                .collect(),
            artifacts: artifacts
                .iter()
                .map(|a| (a.name.as_str(), a.reference.as_str()))
                .collect(),
            failed_step: result
                .failure_reason
                .as_ref()
                .map(|r| r.failed_step.as_str()),
        }
    }
}

impl<'v> ResultFacts<'v> {
    /// The facts of a result the screen vouched for, on its tape or as a parsed value;
    /// `None` when a value is not as the schema promised (then the caller takes the full
    /// path).
    pub(crate) fn from_node(root: impl Node<'v>) -> Option<Self> {
        let names = [
            "StartedAt",
            "CompletedAt",
            "Steps",
            "Artifacts",
            "FailureReason",
        ];
        let [started_at, completed_at, steps, artifacts, reason] = fields(root, names);
        let steps = list(steps?)?
            .map(|step| {
                let [name, started_at, completed_at] =
                    fields(step, ["Name", "StartedAt", "CompletedAt"]);
                Some(StepFacts {
                    name: text(name?)?,
                    started_at: time(started_at?)?,
                    completed_at: time(completed_at?)?,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        let artifacts = list(artifacts?)?
            .map(|artifact| {
                let [name, reference] = fields(artifact, ["Name", "Reference"]);
                Some((text(name?)?, text(reference?)?))
            })
            .collect::<Option<Vec<_>>>()?;
        let failed_step = match reason? {
            reason if reason.shape() == Shape::Null => None,
            reason => Some(text(fields(reason, ["FailedStep"])[0]?)?),
        };
        Some(ResultFacts {
            started_at: time(started_at?)?,
            completed_at: time(completed_at?)?,
            steps,
            artifacts,
            failed_step,
        })
    }
}

/// The members `names` of an object, found in one pass over its members.
fn fields<'v, N: Node<'v>, const K: usize>(object: N, names: [&str; K]) -> [Option<N>; K] {
    let mut found = [None; K];
    for (key, value) in object.members() {
        if let Some(place) = names.iter().position(|name| *name == key) {
            found[place] = Some(value);
        }
    }
    found
}

fn text<'v>(value: impl Node<'v>) -> Option<&'v str> {
    match value.shape() {
        Shape::String(text) => Some(text),
        _ => None,
    }
}

fn time<'v>(value: impl Node<'v>) -> Option<GoTime> {
    GoTime::parse(text(value)?).ok()
}

/// The elements of an array; none for `null`.
fn list<'v, N: Node<'v>>(list: N) -> Option<impl Iterator<Item = N>> {
    match list.shape() {
        Shape::Null | Shape::Array => Some(list.elements()),
        _ => None,
    }
}

/// Every broken rule of an operation result, in document order.
pub(crate) fn result_violations(result: &ResultFacts<'_>) -> Vec<ValidationError> {
    let mut out = Vec::new();
    check_times(&result.started_at, &result.completed_at, "", &mut out);

    for (index, step) in result.steps.iter().enumerate() {
        let at = format!("/Steps/{index}");
        check_times(&step.started_at, &step.completed_at, &at, &mut out);
    }
    let names = result.steps.iter().map(|s| s.name);
    let rule = ContractRule::UniqueStepNames;
    check_unique(names, "/Steps", "Name", "step", rule, &mut out);

    for (index, (name, reference)) in result.artifacts.iter().enumerate() {
        for (field, text) in [("Name", name), ("Reference", reference)] {
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

    if let Some(name) = result.failed_step.filter(|name| !name.is_empty())
        && !result.steps.iter().any(|s| s.name == name)
    {
        let message = format!("failed step {name:?} is not one of the result's steps");
        let pointer = "/FailureReason/FailedStep".to_owned();
        out.push(violation(pointer, ContractRule::FailedStepIsAStep, message));
    }
    out
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
    let names: Vec<&str> = names.collect();
    // A short list is searched; a long one is indexed, so that it costs no more than its
    // length.
    let mut first_at: HashMap<&str, usize> = HashMap::new();
    for (index, name) in names.iter().enumerate() {
        let first = if names.len() <= SHORT_LIST {
            names[..index].iter().position(|earlier| earlier == name)
        } else {
            let first = first_at.get(name).copied();
            first_at.entry(name).or_insert(index);
            first
        };
        if let Some(first) = first {
            let message = format!("{what} {name:?} repeats the {what} at {list}/{first}");
            let pointer = format!("{list}/{index}/{}", escape_pointer(field));
            out.push(violation(pointer, rule, message));
        }
    }
}

/// The longest list whose names are checked for repeats by searching it.
const SHORT_LIST: usize = 16;

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

#[cfg(test)]
mod tests {
    use super::*;

    /// The pointers and messages of the repeats `check_unique` reports for `names`.
    fn repeats(names: &[String]) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let names = names.iter().map(String::as_str);
        check_unique(
            names,
            "/Steps",
            "Name",
            "step",
            ContractRule::UniqueStepNames,
            &mut out,
        );
        let pair = |e: &ValidationError| (e.pointer().to_owned(), e.message());
        out.iter().map(pair).collect()
    }

    #[test]
    fn repeats_point_at_the_first_name_in_short_and_long_lists() {
        for length in [3, SHORT_LIST, SHORT_LIST + 1, 100] {
            let mut names: Vec<String> = (0..length).map(|i| format!("s{i}")).collect();
            names.extend(["s0".to_owned(), "s2".to_owned(), "s0".to_owned()]);
            let found = repeats(&names);
            let expected = [(length, 0), (length + 1, 2), (length + 2, 0)].map(|(at, first)| {
                let name = format!("s{first}");
                let message = format!("step {name:?} repeats the step at /Steps/{first}");
                (format!("/Steps/{at}/Name"), message)
            });
            assert_eq!(found, expected, "{length}");
        }
    }
}
