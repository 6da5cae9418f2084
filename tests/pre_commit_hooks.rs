//! `.pre-commit-hooks.yaml` lets other repositories run `conductor-sdk validate` through
//! pre-commit: each hook picks the right files and its entry validates them.

use std::path::Path;

use assert_cmd::Command;
use conductor_sdk::YamlLimits;
use conductor_sdk::yaml::read_documents;
use regex::Regex;
use serde_json::Value;

struct Hook {
    id: String,
    entry: Vec<String>,
    files: Regex,
    exclude: Option<Regex>,
}

impl Hook {
    fn matches(&self, path: &str) -> bool {
        self.files.is_match(path) && !self.exclude.as_ref().is_some_and(|e| e.is_match(path))
    }
}

fn hooks() -> Vec<Hook> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(".pre-commit-hooks.yaml");
    let text = std::fs::read_to_string(path).unwrap();
    let documents = read_documents(&text, &YamlLimits::default()).unwrap();
    let list = documents[0]
        .value
        .as_array()
        .expect("a list of hooks")
        .clone();
    list.iter()
        .map(|hook: &Value| {
            let field = |key: &str| hook[key].as_str().map(str::to_owned);
            let id = field("id").expect("every hook has an id");
            assert_eq!(field("language").as_deref(), Some("rust"), "{id}");
            assert!(
                field("name").is_some() && field("description").is_some(),
                "{id}"
            );
            let types = hook["types_or"].as_array().expect("types_or");
            assert!(types.contains(&"yaml".into()) && types.contains(&"json".into()));
            let regex = |key: &str| field(key).map(|p| Regex::new(&p).unwrap());
            Hook {
                entry: field("entry")
                    .unwrap()
                    .split_whitespace()
                    .map(str::to_owned)
                    .collect(),
                files: regex("files").expect("every hook has a files pattern"),
                exclude: regex("exclude"),
                id,
            }
        })
        .collect()
}

#[test]
fn each_file_is_picked_by_exactly_the_hook_of_its_kind() {
    let hooks = hooks();
    let cases = [
        (
            "examples/etcd-backup-result.yaml",
            Some("conductor-result-configmap"),
        ),
        (
            "examples/result-configmaps.json",
            Some("conductor-result-configmap"),
        ),
        (
            "deploy/results/node-patch-results.yml",
            Some("conductor-result-configmap"),
        ),
        ("examples/job-spec.json", Some("conductor-job-spec")),
        (
            "examples/runner-config-spec.json",
            Some("conductor-runner-config-spec"),
        ),
        (
            "agent/v1.capability-manifest.json",
            Some("conductor-capability-manifest"),
        ),
        (
            "out/etcd-backup.operation-result.json",
            Some("conductor-operation-result"),
        ),
        ("charts/values.yaml", None),
        ("docs/job-spec.md", None),
    ];
    for (path, expected) in cases {
        let picked: Vec<&str> = hooks
            .iter()
            .filter(|h| h.matches(path))
            .map(|h| h.id.as_str())
            .collect();
        assert_eq!(picked, expected.into_iter().collect::<Vec<_>>(), "{path}");
    }
}

#[test]
fn each_entry_is_the_cli_and_validates_what_its_hook_picks() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let samples = [
        (
            "conductor-result-configmap",
            "examples/etcd-backup-result.yaml",
            0,
        ),
        (
            "conductor-result-configmap",
            "tests/fixtures/configmaps/status-lowercase.yaml",
            1,
        ),
        ("conductor-job-spec", "examples/job-spec.json", 0),
        (
            "conductor-job-spec",
            "tests/conformance/invalid/job-spec/negative-ttl.json",
            1,
        ),
        (
            "conductor-runner-config-spec",
            "examples/runner-config-spec.json",
            0,
        ),
        (
            "conductor-capability-manifest",
            "tests/fixtures/go-wire/capability-manifest/agent-v1.9.3-r1.json",
            0,
        ),
        (
            "conductor-operation-result",
            "tests/fixtures/go-wire/operation-result/etcd-backup-succeeded.json",
            0,
        ),
    ];
    let hooks = hooks();
    for hook in &hooks {
        assert_eq!(
            hook.entry[..2],
            ["conductor-sdk", "validate"],
            "{}",
            hook.id
        );
        assert!(
            samples.iter().any(|(id, _, _)| *id == hook.id),
            "{} untested",
            hook.id
        );
    }
    for (id, file, code) in samples {
        let hook = hooks.iter().find(|h| h.id == id).unwrap();
        // pre-commit appends the file names to the entry.
        Command::cargo_bin(&hook.entry[0])
            .unwrap()
            .args(&hook.entry[1..])
            .arg(root.join(file))
            .assert()
            .code(code);
    }
}
