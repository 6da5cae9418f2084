//! Rendered Jobs and result ConfigMaps are valid Kubernetes objects, as judged by
//! `kubernetes-validate` (from PyPI), which checks them against the OpenAPI schemas of
//! the Kubernetes release named with `-k`, rejecting unknown fields (`--strict`).
//!
//! The tool is found through `CONDUCTOR_KUBERNETES_VALIDATE` (a path, which `.ci/run`
//! sets), else where `.ci/install-kubernetes-validate` puts it, else on `PATH`. When it is
//! missing the test installs it with that script (from PyPI, into `target/`), and fails
//! with instructions if that fails; set `CONDUCTOR_SKIP_EXTERNAL=1` to skip it instead,
//! which the test then reports on stderr.

mod common;
#[path = "common/job_cases.rs"]
mod job_cases;

use std::path::{Path, PathBuf};
use std::process::Command;

use conductor_sdk::k8s::{render_job, result_to_configmap, to_yaml};
use conductor_sdk::{Capability, Document, JobSpecBuilder, OperationResultSpec};

/// The Kubernetes releases checked: the oldest k8s-openapi 0.29 supports, which this
/// repository builds against, and the newest the pinned tool knows.
const KUBERNETES_VERSIONS: [&str; 2] = ["1.33.0", "1.37.0"];

const INSTALL_HINT: &str = "kubernetes-validate is not installed. Install it with \
    `bash .ci/install-kubernetes-validate` (a virtualenv under target/, as .ci/run does), \
    or `pip install kubernetes-validate==1.37.0` and put it on PATH, or point \
    CONDUCTOR_KUBERNETES_VALIDATE at the executable. To skip this test instead, set \
    CONDUCTOR_SKIP_EXTERNAL=1.";

/// The tool's path, or `None` when it is missing and skipping was asked for.
fn tool() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CONDUCTOR_KUBERNETES_VALIDATE") {
        let path = PathBuf::from(path);
        assert!(
            path.is_file(),
            "CONDUCTOR_KUBERNETES_VALIDATE={} is not a file",
            path.display()
        );
        return Some(path);
    }
    let installed = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/kubernetes-validate/bin/kubernetes-validate");
    if installed.is_file() {
        return Some(installed);
    }
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("kubernetes-validate"))
            .find(|candidate| candidate.is_file())
    });
    if on_path.is_some() {
        return on_path;
    }
    if std::env::var("CONDUCTOR_SKIP_EXTERNAL").as_deref() == Ok("1") {
        eprintln!(
            "SKIPPED: the Kubernetes schema check, as CONDUCTOR_SKIP_EXTERNAL=1: {INSTALL_HINT}"
        );
        return None;
    }
    match install() {
        Ok(path) => Some(path),
        Err(reason) => panic!("{reason}\n{INSTALL_HINT}"),
    }
}

/// Installs the tool into `target/` once per test run, so that a plain `cargo test` on a
/// fresh clone checks rendered objects too.
fn install() -> Result<PathBuf, String> {
    static INSTALLED: std::sync::OnceLock<Result<PathBuf, String>> = std::sync::OnceLock::new();
    INSTALLED
        .get_or_init(|| {
            eprintln!("installing kubernetes-validate with .ci/install-kubernetes-validate ...");
            let script =
                Path::new(env!("CARGO_MANIFEST_DIR")).join(".ci/install-kubernetes-validate");
            let output = Command::new("bash")
                .arg(script)
                .output()
                .map_err(|e| format!("cannot run .ci/install-kubernetes-validate: {e}"))?;
            if !output.status.success() {
                let stderr = String::from_utf8_lossy(&output.stderr);
                return Err(format!(".ci/install-kubernetes-validate failed: {stderr}"));
            }
            let path = PathBuf::from(String::from_utf8_lossy(&output.stdout).trim());
            if path.is_file() {
                Ok(path)
            } else {
                Err(format!("no tool at {}", path.display()))
            }
        })
        .clone()
}

/// A fresh folder for this test's files under Cargo's temporary folder.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs the tool on `files` for `version`; returns whether it passed, and its output.
fn validate(tool: &Path, version: &str, files: &[PathBuf]) -> (bool, String) {
    let output = Command::new(tool)
        .args(["--strict", "-k", version])
        .args(files)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", tool.display()));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn rendered_jobs_and_result_configmaps_are_valid_kubernetes_objects() {
    let Some(tool) = tool() else {
        return;
    };
    let dir = scratch("kubernetes-validate-objects");

    let mut files = Vec::new();
    let mut cases = job_cases::job_cases();
    // Strings that YAML 1.1 readers such as the tool's take for booleans, which the YAML
    // writer must not leave bare.
    let yaml_1_1 = JobSpecBuilder::new()
        .with_capability(Capability::NodeReboot)
        .with_runner_image("registry.ontai.dev/ontai-dev/conductor:v1.9.3-r1")
        .with_cluster_ref("on")
        .with_secret_volume("yes", "/var/run/secrets/yes")
        .with_node_exclusions(["no"])
        .build()
        .unwrap();
    cases.push(("yaml-1-1-booleans", yaml_1_1));
    for (name, spec) in cases {
        let yaml = to_yaml(&render_job(&spec).unwrap()).unwrap();
        files.push(write(&dir, &format!("job-{name}.yaml"), &yaml));
    }
    for file in common::fixture_files("go-wire/operation-result") {
        let result = OperationResultSpec::from_json(&common::fixture_bytes(&file)).unwrap();
        let relative = file.trim_start_matches("go-wire/operation-result/");
        let stem = relative
            .trim_end_matches(".json")
            .replace('/', "-")
            .to_ascii_lowercase();
        let configmap = result_to_configmap(&result, &format!("{stem}-result"), "ont-system");
        let yaml = to_yaml(&configmap.unwrap()).unwrap();
        files.push(write(&dir, &format!("configmap-{stem}.yaml"), &yaml));
    }
    assert!(files.len() >= 10, "{files:?}");

    for version in KUBERNETES_VERSIONS {
        let (passed, output) = validate(&tool, version, &files);
        assert!(passed, "Kubernetes {version}:\n{output}");
        let passes = output
            .lines()
            .filter(|l| l.contains(" passed for resource "))
            .count();
        assert_eq!(passes, files.len(), "Kubernetes {version}:\n{output}");
    }
}

#[test]
fn the_tool_refuses_objects_kubernetes_refuses() {
    let Some(tool) = tool() else {
        return;
    };
    let dir = scratch("kubernetes-validate-refused");
    let job = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: x\nspec:\n  \
               template:\n    spec:\n      restartPolicy: Never\n      containers:\n      \
               - name: c\n        image: i\n";
    let refused = [
        (
            "unknown-field.yaml",
            job.replace("image: i", "image: i\n        readonly: true"),
        ),
        (
            "string-backoff.yaml",
            job.replace(
                "spec:\n  template",
                "spec:\n  backoffLimit: '0'\n  template",
            ),
        ),
        (
            "number-in-configmap.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: r\ndata:\n  result: 5\n"
                .to_owned(),
        ),
    ];
    let valid = write(&dir, "valid.yaml", job);
    assert!(validate(&tool, KUBERNETES_VERSIONS[0], &[valid]).0);
    for (name, text) in refused {
        let path = write(&dir, name, &text);
        let (passed, output) = validate(&tool, KUBERNETES_VERSIONS[0], &[path]);
        assert!(!passed, "{name} was accepted:\n{output}");
    }
}
