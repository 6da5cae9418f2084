//! `conductor-sdk job`: the runner Job for a capability, ready for `kubectl apply -f -`.

use clap::{Args, ValueEnum};
use conductor_sdk::k8s::{render_job, to_yaml};
use conductor_sdk::{BuildError, Capability, Document, JobSpec, JobSpecBuilder};

use crate::cli::{EXIT_INVALID, EXIT_OK};

/// What `job` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum JobOutput {
    /// The batch/v1 Job, as YAML.
    Job,
    /// The JobSpec, as JSON in Go's wire form.
    Spec,
}

/// Arguments of `job`.
#[derive(Debug, Args)]
pub struct JobArgs {
    /// The capability the Job performs, such as etcd-backup.
    #[arg(long, value_parser = parse_capability)]
    capability: Capability,
    /// The runner image.
    #[arg(long)]
    image: String,
    /// The cluster the capability acts on (passed as CLUSTER_REF).
    #[arg(long, value_name = "CLUSTER")]
    cluster: Option<String>,
    /// The Kueue LocalQueue; the Job is created suspended for Kueue to admit.
    #[arg(long)]
    queue: Option<String>,
    /// The namespace the Job runs in [default: ont-system].
    #[arg(long)]
    namespace: Option<String>,
    /// The ConfigMap the runner writes its result to (passed as OPERATION_RESULT_CM).
    #[arg(long, value_name = "NAME")]
    result_configmap: Option<String>,
    /// A Secret to mount read-only, as NAME:PATH; may be repeated.
    #[arg(long = "secret", value_name = "NAME:PATH", value_parser = parse_secret)]
    secrets: Vec<(String, String)>,
    /// Seconds the finished Job is kept [default: 600].
    #[arg(long, value_name = "SECONDS", allow_negative_numbers = true)]
    ttl: Option<i32>,
    /// The service account the Job runs as [default: conductor].
    #[arg(long, value_name = "NAME")]
    service_account: Option<String>,
    /// A node (kubernetes.io/hostname) the Job must not run on; may be repeated.
    #[arg(long = "exclude-node", value_name = "NODE")]
    exclude_nodes: Vec<String>,
    /// What to print.
    #[arg(long, value_enum, default_value_t = JobOutput::Job)]
    output: JobOutput,
}

fn parse_capability(name: &str) -> Result<Capability, String> {
    name.parse().map_err(|e: conductor_sdk::UnknownCapability| {
        let known: Vec<&str> = Capability::ALL.iter().map(|c| c.as_str()).collect();
        format!("{e}; expected one of {}", known.join(", "))
    })
}

fn parse_secret(value: &str) -> Result<(String, String), String> {
    match value.split_once(':') {
        Some((name, path)) if !name.is_empty() && !path.is_empty() => {
            Ok((name.to_owned(), path.to_owned()))
        }
        _ => Err(format!(
            "expected NAME:PATH, such as talosconfig:/var/run/secrets/talos, found {value:?}"
        )),
    }
}

/// Builds the JobSpec and prints it or its Job; returns the exit code.
pub fn run(args: &JobArgs) -> u8 {
    let spec = match build(args) {
        Ok(spec) => spec,
        Err(error) => {
            eprintln!("conductor-sdk: cannot build the Job: {error}");
            return EXIT_INVALID;
        }
    };
    let text = match args.output {
        JobOutput::Job => render_job(&spec)
            .map_err(|e| format!("cannot build the Job: {e}"))
            .and_then(|job| to_yaml(&job).map_err(|e| format!("cannot write the Job: {e}"))),
        JobOutput::Spec => spec
            .to_json()
            .map(|bytes| format!("{}\n", String::from_utf8_lossy(&bytes)))
            .map_err(|e| format!("cannot write the JobSpec: {e}")),
    };
    match text {
        Ok(text) => {
            print!("{text}");
            EXIT_OK
        }
        Err(message) => {
            eprintln!("conductor-sdk: {message}");
            EXIT_INVALID
        }
    }
}

fn build(args: &JobArgs) -> Result<JobSpec, BuildError> {
    let mut builder = JobSpecBuilder::new()
        .with_capability(args.capability)
        .with_runner_image(args.image.as_str())
        .with_node_exclusions(args.exclude_nodes.iter().map(String::as_str));
    if let Some(cluster) = &args.cluster {
        builder = builder.with_cluster_ref(cluster.as_str());
    }
    if let Some(queue) = &args.queue {
        builder = builder.with_queue_name(queue.as_str());
    }
    if let Some(namespace) = &args.namespace {
        builder = builder.with_namespace(namespace.as_str());
    }
    if let Some(name) = &args.result_configmap {
        builder = builder.with_operation_result_config_map(name.as_str());
    }
    if let Some(seconds) = args.ttl {
        builder = builder.with_ttl(seconds);
    }
    if let Some(account) = &args.service_account {
        builder = builder.with_service_account_name(account.as_str());
    }
    for (name, path) in &args.secrets {
        builder = builder.with_secret_volume(name.as_str(), path.as_str());
    }
    builder.build()
}
