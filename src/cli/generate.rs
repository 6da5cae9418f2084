//! `conductor-sdk generate runner-config`: the RunnerConfig an operator would create for a
//! TalosCluster or a PackBuild.

use clap::{Args, Subcommand};
use conductor_sdk::input::{InputItem, read_items};
use conductor_sdk::k8s::{InfrastructureRunnerConfig, to_yaml};
use conductor_sdk::{
    PackBuildSpec, RunnerConfigSpec, TalosClusterSpec, generate_from_named_talos_cluster,
    generate_from_pack_build,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::cli::{EXIT_INVALID, EXIT_OK, EXIT_USAGE, source};

/// The comment put above a RunnerConfig whose runner image is not set.
const NO_IMAGE_COMMENT: &str =
    "# spec.runnerImage is empty: set it to the Conductor runner image before applying\n";

/// The keys that make a bare object a TalosClusterSpec.
const CLUSTER_KEYS: &[&str] = &[
    "clusterEndpoint",
    "talosVersion",
    "kubernetesVersion",
    "installDisk",
    "controlPlaneNodes",
    "workerNodes",
    "seedNodes",
];

/// The keys that make a bare object a PackBuildSpec.
const PACK_KEYS: &[&str] = &[
    "sourceHelm",
    "sourceKustomize",
    "sourceRaw",
    "targetVersion",
];

/// The generate subcommands.
#[derive(Debug, Subcommand)]
pub enum GenerateCommand {
    /// Print the InfrastructureRunnerConfig for a TalosCluster or a PackBuild.
    ///
    /// The input is a TalosCluster resource, a bare TalosClusterSpec, or a PackBuild
    /// (resource or bare spec), in YAML or JSON; lists and YAML streams give one
    /// RunnerConfig each. A resource's name is the cluster's identity (clusterRef); a bare
    /// TalosClusterSpec falls back to its endpoint.
    RunnerConfig(RunnerConfigArgs),
}

/// Arguments of `generate runner-config`.
#[derive(Debug, Args)]
pub struct RunnerConfigArgs {
    /// The input file; `-` reads standard input.
    #[arg(long, value_name = "FILE")]
    from: String,
    /// The runner image to set; without it the output says that it must be set.
    #[arg(long, value_name = "IMAGE")]
    runner_image: Option<String>,
    /// The RunnerConfig's name, for a bare spec, which has none of its own.
    #[arg(long)]
    name: Option<String>,
}

/// Runs a generate subcommand; returns the exit code.
pub fn run(command: &GenerateCommand) -> u8 {
    match command {
        GenerateCommand::RunnerConfig(args) => runner_config(args),
    }
}

/// A problem and the exit code it gives.
struct Failure {
    code: u8,
    message: String,
}

fn invalid(message: String) -> Failure {
    Failure {
        code: EXIT_INVALID,
        message,
    }
}

fn runner_config(args: &RunnerConfigArgs) -> u8 {
    match generate(args) {
        Ok(documents) => {
            print!("{}", documents.join("---\n"));
            EXIT_OK
        }
        Err(failure) => {
            eprintln!("conductor-sdk: {}", failure.message);
            failure.code
        }
    }
}

fn generate(args: &RunnerConfigArgs) -> Result<Vec<String>, Failure> {
    let usage = |message| Failure {
        code: EXIT_USAGE,
        message,
    };
    let input = source::read(&args.from).map_err(|failure| match failure {
        source::ReadFailure::TooLarge(message) => invalid(message),
        failure => usage(failure.message()),
    })?;
    let text = source::text(&input.bytes).map_err(|e| invalid(format!("{}: {e}", input.name)))?;
    let items = read_items(text).map_err(|e| invalid(format!("{}: {e}", input.name)))?;
    if args.name.is_some() && items.len() > 1 {
        let message = format!(
            "--name names one RunnerConfig, but {} holds {}",
            input.name,
            items.len()
        );
        return Err(usage(message));
    }

    let mut documents = Vec::new();
    for item in &items {
        let at = if item.item.is_empty() {
            input.name.clone()
        } else {
            format!("{} {}", input.name, item.item)
        };
        let mut resource = resource(item, args.name.as_deref()).map_err(|failure| Failure {
            code: failure.code,
            message: format!("{at}: {}", failure.message),
        })?;

        let mut document = String::new();
        match &args.runner_image {
            Some(image) => resource.spec.runner_image.clone_from(image),
            None => {
                let name = resource.metadata.name.as_deref().unwrap_or_default();
                eprintln!(
                    "conductor-sdk: warning: {at}: RunnerConfig {name:?} has no runner image; \
                     set spec.runnerImage (or pass --runner-image) before applying it"
                );
                document.push_str(NO_IMAGE_COMMENT);
            }
        }
        let yaml = to_yaml(&resource).map_err(|e| invalid(format!("{at}: {e}")))?;
        document.push_str(&yaml);
        documents.push(document);
    }
    Ok(documents)
}

/// The RunnerConfig for one input item.
fn resource(item: &InputItem, name: Option<&str>) -> Result<InfrastructureRunnerConfig, Failure> {
    let value = &item.value;
    let kind = value.get("kind").and_then(Value::as_str);
    let (spec_value, is_cluster) = match kind {
        Some(kind) if kind.ends_with("TalosCluster") => (value.get("spec"), true),
        Some(kind) if kind.ends_with("PackBuild") => (value.get("spec"), false),
        Some(kind) => {
            let message = format!("a {kind} is neither a TalosCluster nor a PackBuild");
            return Err(invalid(message));
        }
        None => (Some(value), bare_kind(value)?),
    };
    let spec_value = spec_value.cloned().unwrap_or(Value::Null);

    // A resource's own name is the cluster's identity; a bare spec has none.
    let own_name = item.name().filter(|n| !n.is_empty());
    let spec: RunnerConfigSpec = if is_cluster {
        let cluster: TalosClusterSpec = read_spec(spec_value, "TalosClusterSpec")?;
        generate_from_named_talos_cluster(own_name.unwrap_or_default(), &cluster)
    } else {
        let pack: PackBuildSpec = read_spec(spec_value, "PackBuildSpec")?;
        generate_from_pack_build(&pack)
    };

    let Some(name) = name.or(own_name) else {
        return Err(Failure {
            code: EXIT_USAGE,
            message: "the input has no metadata.name to name the RunnerConfig; pass --name"
                .to_owned(),
        });
    };
    Ok(InfrastructureRunnerConfig::new(
        name,
        item.namespace(),
        spec,
    ))
}

/// Whether a bare object is a TalosClusterSpec (`true`) or a PackBuildSpec (`false`).
fn bare_kind(value: &Value) -> Result<bool, Failure> {
    let Some(object) = value.as_object() else {
        return Err(invalid("expected an object".to_owned()));
    };
    let has_any = |keys: &[&str]| keys.iter().any(|k| object.contains_key(*k));
    match (has_any(CLUSTER_KEYS), has_any(PACK_KEYS)) {
        (true, false) => Ok(true),
        (false, true) => Ok(false),
        _ => Err(invalid(
            "cannot tell whether the input is a TalosClusterSpec (clusterEndpoint ...) or a \
             PackBuildSpec (sourceHelm, targetVersion ...); give the resource with its kind"
                .to_owned(),
        )),
    }
}

fn read_spec<T: DeserializeOwned + Default>(value: Value, what: &str) -> Result<T, Failure> {
    if value.is_null() {
        return Ok(T::default());
    }
    serde_json::from_value(value).map_err(|e| invalid(format!("cannot read the {what}: {e}")))
}
