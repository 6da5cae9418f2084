//! One corpus, three validators: this crate, Python `jsonschema` and `ajv` must give every
//! document of `tests/conformance/corpus.json` the same verdict.
//!
//! The corpus holds the valid go-wire fixtures, the result documents inside the example
//! ConfigMaps, and documents broken in one known way. Each entry names what is broken:
//! `schema` (every validator refuses it), a contract rule such as `unique step names`, or
//! `decode` (a value JSON Schema accepts but Go's reader refuses). The last two are rules
//! beyond JSON Schema: only this crate refuses those documents, and this test says so. An
//! entry's `deviations` records where one external tool departs from the JSON Schema
//! specification, with the reason.
//!
//! The external tools are found through `CONDUCTOR_PYTHON` (a Python with `jsonschema`
//! and `rfc3339-validator`) and `CONDUCTOR_NODE_MODULES` (a `node_modules` folder with
//! `ajv` and `ajv-formats`), or in `target/` where `.ci/conformance-tools` installs them.
//! Without them the test fails, unless `CONDUCTOR_SKIP_EXTERNAL=1` is set.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use conductor_sdk::input::read_items;
use conductor_sdk::validate::{Invalid, ValidationError, validate};
use conductor_sdk::{
    CapabilityManifest, DocumentKind, JobSpec, OperationResultSpec, RunnerConfigSpec,
};
use serde::Deserialize;
use serde_json::{Value, json};

/// The tools compared with this crate, by the names the corpus uses.
const PYTHON: &str = "python-jsonschema";
const AJV: &str = "ajv";

/// The contract rules, as `ContractRule` displays them, and how the README names them.
const CONTRACT_RULES: [&str; 7] = [
    "completed not before started",
    "unique step names",
    "failed step is a step",
    "unique capabilities",
    "distinct mount paths",
    "depends on an earlier step",
    "unique phases",
];

#[derive(Debug, Deserialize)]
struct Entry {
    /// The file, relative to the crate.
    source: String,
    /// For a file of ConfigMaps, which one holds the result: `""` for a lone ConfigMap,
    /// `/items/N` for an item of a list.
    item: Option<String>,
    kind: String,
    verdict: String,
    /// What is broken: `schema`, `decode` or a contract rule.
    rule: Option<String>,
    /// Where it is broken.
    pointer: Option<String>,
    why: Option<String>,
    #[serde(default)]
    deviations: BTreeMap<String, String>,
    deviation_why: Option<String>,
}

impl Entry {
    fn id(&self) -> String {
        match &self.item {
            Some(item) if !item.is_empty() => format!("{} {item}", self.source),
            _ => self.source.clone(),
        }
    }

    fn valid(&self) -> bool {
        self.verdict == "valid"
    }

    /// Whether JSON Schema alone refuses the document.
    fn schema_refuses(&self) -> bool {
        !self.valid() && self.rule.as_deref() == Some("schema")
    }

    /// The verdict an external tool should give.
    fn expected_from(&self, tool: &str) -> bool {
        match self.deviations.get(tool) {
            Some(verdict) => verdict == "valid",
            None => !self.schema_refuses(),
        }
    }
}

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn corpus() -> Vec<(Entry, Value)> {
    let path = crate_dir().join("tests/conformance/corpus.json");
    let text = std::fs::read_to_string(&path).expect("the corpus is readable");
    let entries: Vec<Entry> = serde_json::from_str(&text).expect("the corpus is valid");
    entries
        .into_iter()
        .map(|entry| {
            let document = load(&entry);
            (entry, document)
        })
        .collect()
}

fn load(entry: &Entry) -> Value {
    let path = crate_dir().join(&entry.source);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: cannot read: {e}", entry.source));
    let Some(item) = &entry.item else {
        return serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{}: not JSON: {e}", entry.source));
    };
    let items = read_items(&text).unwrap_or_else(|e| panic!("{}: {e}", entry.source));
    let found = items
        .iter()
        .find(|i| i.item == *item)
        .unwrap_or_else(|| panic!("{}: no item {item:?}", entry.source));
    let result = found.value["data"]["result"]
        .as_str()
        .unwrap_or_else(|| panic!("{}: no data.result", entry.id()));
    serde_json::from_str(result).unwrap_or_else(|e| panic!("{}: {e}", entry.id()))
}

fn crate_verdict(kind: DocumentKind, document: &Value) -> Result<(), Invalid> {
    match kind {
        DocumentKind::CapabilityManifest => validate::<CapabilityManifest>(document).map(drop),
        DocumentKind::JobSpec => validate::<JobSpec>(document).map(drop),
        DocumentKind::OperationResult => validate::<OperationResultSpec>(document).map(drop),
        DocumentKind::RunnerConfigSpec => validate::<RunnerConfigSpec>(document).map(drop),
    }
}

/// Whether the crate's errors show the document broken in exactly the entry's way.
fn broken_as_expected(entry: &Entry, errors: &[ValidationError]) -> Result<(), String> {
    let rule = entry
        .rule
        .as_deref()
        .ok_or("an invalid entry names its rule")?;
    let pointer = entry
        .pointer
        .as_deref()
        .ok_or("an invalid entry names its pointer")?;
    let fits = |error: &ValidationError| match (rule, error) {
        ("schema", ValidationError::Schema { .. }) => true,
        ("decode", ValidationError::Decode { .. }) => true,
        (rule, ValidationError::Contract { rule: broken, .. }) => broken.to_string() == rule,
        _ => false,
    };
    let decode = |error: &ValidationError| matches!(error, ValidationError::Decode { .. });
    // A value the schema refuses may also be unreadable for Go's reader; nothing else.
    let allowed = |e: &ValidationError| fits(e) || (rule == "schema" && decode(e));
    let other = errors.iter().find(|e| !allowed(e));
    if let Some(other) = other {
        return Err(format!("broken in another way too: {other}"));
    }
    // The crate explains a time the schema's pattern or format refuses with the reader's
    // clearer message, in place of the schema's.
    let explained = |e: &ValidationError| fits(e) || (rule == "schema" && decode(e));
    if errors
        .iter()
        .any(|e| explained(e) && e.pointer() == pointer)
    {
        Ok(())
    } else {
        Err(format!("no {rule} error at {pointer:?}"))
    }
}

#[test]
fn the_crate_gives_each_document_its_verdict_for_the_known_reason() {
    let mut problems = Vec::new();
    for (entry, document) in corpus() {
        let kind: DocumentKind = entry.kind.parse().unwrap();
        let verdict = crate_verdict(kind, &document);
        let problem = match (entry.valid(), verdict) {
            (true, Ok(())) => continue,
            (true, Err(invalid)) => format!("expected valid, got: {invalid}"),
            (false, Ok(())) => "expected invalid, the crate accepts it".to_owned(),
            (false, Err(invalid)) => match broken_as_expected(&entry, &invalid.errors) {
                Ok(()) => continue,
                Err(problem) => format!("{problem} ({invalid})"),
            },
        };
        problems.push(format!("{}: {problem}", entry.id()));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn each_exported_schema_alone_gives_the_schema_verdict() {
    let bundle = conductor_sdk::schema::bundle().unwrap();
    let mut problems = Vec::new();
    for (entry, document) in corpus() {
        let file = bundle.file(&entry.kind).unwrap();
        let schema: Value = serde_json::from_str(&file.text).unwrap();
        // No registry: the file must stand alone.
        let validator = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .should_validate_formats(true)
            .build(&schema)
            .unwrap_or_else(|e| panic!("{} does not compile alone: {e}", file.name));
        if validator.is_valid(&document) == entry.schema_refuses() {
            problems.push(entry.id());
        }
    }
    assert!(problems.is_empty(), "wrong verdicts: {problems:#?}");
}

#[test]
fn the_corpus_covers_every_fixture_document_and_every_invalid_file() {
    let entries: Vec<Entry> = corpus().into_iter().map(|(e, _)| e).collect();
    let sources: Vec<&str> = entries.iter().map(|e| e.source.as_str()).collect();
    let mut expected: Vec<String> = Vec::new();
    for folder in [
        "capability-manifest",
        "job-spec",
        "operation-result",
        "runner-config-spec",
        "configmap",
    ] {
        let files = common::fixture_files(&format!("go-wire/{folder}"));
        let files = files
            .into_iter()
            .filter(|f| !f.ends_with("build-errors.json"));
        expected.extend(files.map(|f| format!("tests/fixtures/{f}")));
    }
    collect_json(
        &crate_dir().join("tests/conformance/invalid"),
        &mut expected,
    );
    let missing: Vec<&String> = expected
        .iter()
        .filter(|f| !sources.contains(&f.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "not in tests/conformance/corpus.json: {missing:?}"
    );
    for entry in &entries {
        assert!(
            entry.valid() || entry.why.is_some(),
            "{}: say why it is invalid",
            entry.id()
        );
        let rule = entry.rule.as_deref().unwrap_or("schema");
        let known = rule == "schema" || rule == "decode" || CONTRACT_RULES.contains(&rule);
        assert!(known, "{}: unknown rule {rule:?}", entry.id());
        assert!(
            entry.deviations.is_empty() || entry.deviation_why.is_some(),
            "{}: say why a tool deviates",
            entry.id()
        );
    }
    for rule in CONTRACT_RULES.iter().chain(&["decode"]) {
        let covered = entries.iter().any(|e| e.rule.as_deref() == Some(rule));
        assert!(covered, "no document of the corpus breaks {rule:?}");
    }
}

fn collect_json(dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect_json(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            let relative = path.strip_prefix(crate_dir()).unwrap();
            out.push(relative.to_string_lossy().replace('\\', "/"));
        }
    }
}

#[test]
fn the_readme_lists_every_rule_only_this_crate_checks() {
    let readme = std::fs::read_to_string(crate_dir().join("README.md")).unwrap();
    let section = readme
        .split("### Rules only this crate checks")
        .nth(1)
        .expect("the README has a section on the rules only this crate checks");
    let section = section.split("\n#").next().unwrap_or_default();
    for rule in CONTRACT_RULES {
        assert!(section.contains(rule), "the README does not list {rule:?}");
    }
}

/// Where the external tools are, or why they are not there.
struct Tools {
    python: PathBuf,
    node_modules: PathBuf,
    node: PathBuf,
}

fn find_tools() -> Result<Tools, String> {
    let from_env = |var: &str, default: &str| match std::env::var_os(var) {
        Some(path) if Path::new(&path).exists() => Ok(PathBuf::from(path)),
        Some(path) => Err(format!("{var} is {}, which does not exist", path.display())),
        None => Some(crate_dir().join(default))
            .filter(|p| p.exists())
            .ok_or_else(|| format!("{var} is not set and {default} does not exist")),
    };
    let python = from_env("CONDUCTOR_PYTHON", "target/conformance-venv/bin/python")?;
    let node_modules = from_env(
        "CONDUCTOR_NODE_MODULES",
        "target/conformance-node/node_modules",
    )?;
    let node = std::env::var_os("CONDUCTOR_NODE").map_or_else(|| "node".into(), PathBuf::from);
    Ok(Tools {
        python,
        node_modules,
        node,
    })
}

/// Installs the tools into `target/` with `.ci/conformance-tools` (pip and npm, from their
/// registries), so that a plain `cargo test` on a fresh clone compares all three
/// validators. Skipped when the tools were pointed at explicitly or skipping was asked for.
fn install_tools() -> Result<Tools, String> {
    let explicit = ["CONDUCTOR_PYTHON", "CONDUCTOR_NODE_MODULES"];
    let skip = std::env::var("CONDUCTOR_SKIP_EXTERNAL").as_deref() == Ok("1");
    if skip || explicit.iter().any(|var| std::env::var_os(var).is_some()) {
        return find_tools();
    }
    eprintln!("installing the external validators with .ci/conformance-tools ...");
    let output = Command::new("bash")
        .arg(crate_dir().join(".ci/conformance-tools"))
        .output()
        .map_err(|e| format!("cannot run .ci/conformance-tools: {e}"))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(format!(".ci/conformance-tools failed: {stderr}"));
    }
    find_tools()
}

fn run_tool(name: &str, mut command: Command) -> BTreeMap<String, bool> {
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("{name}: cannot start {command:?}: {e}{INSTALL}"));
    assert!(
        output.status.success(),
        "{name} failed: {}{INSTALL}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_slice(&output.stdout).expect("the tool prints JSON");
    eprintln!("{name}: {}", report["tool"]);
    report["verdicts"]
        .as_object()
        .expect("verdicts")
        .iter()
        .map(|(id, v)| (id.clone(), v["valid"].as_bool().expect("a verdict")))
        .collect()
}

const INSTALL: &str = "\nInstall the external validators with .ci/conformance-tools (into \
     target/), or point CONDUCTOR_PYTHON at a Python with jsonschema and rfc3339-validator \
     and CONDUCTOR_NODE_MODULES at a node_modules folder with ajv and ajv-formats. Set \
     CONDUCTOR_SKIP_EXTERNAL=1 to skip them explicitly.";

#[test]
fn python_jsonschema_and_ajv_agree_with_the_crate() {
    let tools = match find_tools().or_else(|_| install_tools()) {
        Ok(tools) => tools,
        Err(reason) if std::env::var("CONDUCTOR_SKIP_EXTERNAL").as_deref() == Ok("1") => {
            eprintln!("SKIPPED: external validators not compared ({reason})");
            return;
        }
        Err(reason) => panic!("the external validators are missing: {reason}{INSTALL}"),
    };

    // Feed the tools the bundle exactly as `schema export` writes it.
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("conformance");
    let bundle_dir = scratch.join("bundle");
    let export = Command::new(env!("CARGO_BIN_EXE_conductor-sdk"))
        .args(["schema", "export"])
        .arg(&bundle_dir)
        .output()
        .unwrap();
    assert!(export.status.success(), "schema export failed: {export:?}");

    let corpus = corpus();
    let schemas: BTreeMap<&str, PathBuf> = DocumentKind::ALL
        .iter()
        .map(|k| {
            (
                k.name(),
                bundle_dir.join(format!("{}.schema.json", k.name())),
            )
        })
        .collect();
    let documents: Vec<Value> = corpus
        .iter()
        .map(|(e, d)| json!({"id": e.id(), "schema": e.kind, "document": d}))
        .collect();
    let job = scratch.join("job.json");
    let job_text = serde_json::to_vec(&json!({"schemas": schemas, "documents": documents}));
    std::fs::write(&job, job_text.unwrap()).unwrap();

    let scripts = crate_dir().join("tests/conformance");
    let mut python = Command::new(&tools.python);
    python.arg(scripts.join("validate.py")).arg(&job);
    let mut node = Command::new(&tools.node);
    node.env("NODE_PATH", &tools.node_modules)
        .arg(scripts.join("validate.js"))
        .arg(&job);
    let verdicts = [
        (PYTHON, run_tool(PYTHON, python)),
        (AJV, run_tool(AJV, node)),
    ];

    let mut problems = Vec::new();
    for (entry, _) in &corpus {
        let id = entry.id();
        for (tool, verdicts) in &verdicts {
            let valid = *verdicts
                .get(&id)
                .unwrap_or_else(|| panic!("{tool}: no verdict on {id}"));
            let expected = entry.expected_from(tool);
            if valid != expected {
                let said = if valid { "valid" } else { "invalid" };
                problems.push(format!("{id}: {tool} says {said}"));
            } else if let Some(why) = entry
                .deviation_why
                .as_deref()
                .filter(|_| entry.deviations.contains_key(*tool))
            {
                eprintln!("DEVIATION: {tool} departs from the specification on {id}: {why}");
            } else if !entry.valid() && !entry.schema_refuses() {
                let rule = entry.rule.as_deref().unwrap_or_default();
                eprintln!(
                    "CRATE ONLY: {tool} accepts {id}; the rule {rule:?} is beyond JSON Schema \
                     and only this crate checks it"
                );
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
