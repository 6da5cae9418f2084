//! How fast the crate parses, validates and writes the contract's documents.
//!
//! Run with `cargo bench --bench documents`. Each fixture shape of an operation result is
//! measured on its own, so a regression in one shape is not averaged away.

use std::hint::black_box;
use std::path::Path;

use conductor_sdk::input::read_items;
use conductor_sdk::validate::{
    ItemKind, check_items, validate_configmap, validate_operation_result,
};
use conductor_sdk::{Capability, Document, JobSpecBuilder, OperationResultSpec};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// The operation-result fixtures, by file stem.
fn results() -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/go-wire/operation-result");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("the fixtures are there")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .filter(|path| !path.ends_with("zero-value.json"))
        .map(|path| {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).unwrap())
        })
        .collect()
}

fn parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse");
    for (name, bytes) in results() {
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(&name, |b| {
            b.iter(|| OperationResultSpec::from_json(black_box(&bytes)).unwrap())
        });
    }
    group.finish();
}

fn validate(c: &mut Criterion) {
    let mut group = c.benchmark_group("validate");
    for (name, bytes) in results() {
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(&name, |b| {
            b.iter(|| validate_operation_result(black_box(&bytes)))
        });
    }
    group.finish();
}

/// Go's bytes against serde_json's plain serialization of the same typed value. Both sides
/// write into one `Vec` kept across iterations and cleared before each, so neither pays
/// for allocation or growth the other does not. The two are measured one after the other,
/// so on a busy machine their ratio drifts; `benches/write_ratio.rs` alternates them.
fn write(c: &mut Criterion) {
    let mut group = c.benchmark_group("write");
    for (name, bytes) in results() {
        let document = OperationResultSpec::from_json(&bytes).unwrap();
        let mut out = Vec::with_capacity(4096);
        group.bench_function(format!("{name}/go"), |b| {
            b.iter(|| {
                out.clear();
                conductor_sdk::wire::append_to_vec(&mut out, black_box(&document)).unwrap();
                black_box(out.len())
            })
        });
        group.bench_function(format!("{name}/serde_json"), |b| {
            b.iter(|| {
                out.clear();
                serde_json::to_writer(&mut out, black_box(&document)).unwrap();
                black_box(out.len())
            })
        });
    }
    group.finish();
}

fn configmap(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/etcd-backup-result.yaml");
    let yaml = std::fs::read_to_string(path).unwrap();
    let json_path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/go-wire/configmap/etcd-backup-result-ccs-dev.json");
    let json = std::fs::read_to_string(json_path).unwrap();

    let mut group = c.benchmark_group("configmap");
    for (name, text) in [("yaml", &yaml), ("json", &json)] {
        group.bench_function(name, |b| {
            b.iter(|| {
                let items = read_items(black_box(text)).unwrap();
                validate_configmap(&items[0].value).unwrap()
            })
        });
    }
    group.finish();
}

/// A `List` of `count` copies of the example result ConfigMaps, as `kubectl get -o json`
/// writes it (`items` before `kind`).
fn configmap_list(count: usize) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/result-configmaps.json");
    let list: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).expect("the example is JSON");
    let examples = list["items"].as_array().expect("the example is a List");
    let items: Vec<&serde_json::Value> = examples.iter().cycle().take(count).collect();
    serde_json::json!({"apiVersion": "v1", "items": items, "kind": "List"}).to_string()
}

/// Every item of a `List` checked as `conductor-sdk validate` checks it: a short list,
/// read by one thread, and a long one, shared out between the machine's cores.
fn list(c: &mut Criterion) {
    let mut group = c.benchmark_group("list");
    for count in [200, 4_000] {
        let text = configmap_list(count);
        group.throughput(Throughput::Elements(count as u64));
        group.bench_function(format!("{count}-configmaps"), |b| {
            b.iter(|| {
                check_items(black_box(&text), ItemKind::ConfigMap, |v| {
                    drop(black_box(v))
                })
            })
        });
    }
    group.finish();
}

fn build_job_spec(c: &mut Criterion) {
    c.bench_function("job_spec/build", |b| {
        b.iter(|| {
            JobSpecBuilder::new()
                .with_capability(Capability::Bootstrap)
                .with_cluster_ref(black_box("ccs-dev"))
                .with_runner_image("registry.ontai.dev/ontai-dev/conductor:v1.9.3-r1")
                .with_queue_name("platform-system-queue")
                .with_operation_result_config_map("bootstrap-result-ccs-dev")
                .with_secret_volume("talosconfig-ccs-dev", "/var/run/secrets/talosconfig")
                .with_secret_volume("seam-mc-ccs-dev-kubeconfig", "/var/run/secrets/kubeconfig")
                .with_ttl(300)
                .with_node_exclusions(["ccs-mgmt-cp1", "ccs-mgmt-cp2"])
                .build()
                .unwrap()
        })
    });
}

/// The build script that generated this crate's types, found beside the folder it wrote
/// into: `target/<profile>/build/conductor-sdk-<hash>/build-script-build`.
fn build_script() -> Option<std::path::PathBuf> {
    let build_dir = Path::new(env!("OUT_DIR")).parent()?.parent()?;
    let mut scripts: Vec<_> = std::fs::read_dir(build_dir)
        .ok()?
        .filter_map(Result::ok)
        .map(|entry| entry.path().join("build-script-build"))
        .filter(|path| path.is_file() && path.to_string_lossy().contains("conductor-sdk-"))
        .collect();
    scripts.sort_by_key(|path| std::fs::metadata(path).and_then(|m| m.modified()).ok());
    scripts.pop()
}

/// The generation step as the build runs it: the build script, reading the schemas and
/// writing the generated source into a scratch `OUT_DIR`.
fn generate(c: &mut Criterion) {
    let Some(script) = build_script() else {
        eprintln!("codegen/generate: no build script found next to OUT_DIR; not measured");
        return;
    };
    let out_dir = std::env::temp_dir().join("conductor-sdk-bench-generate");
    std::fs::create_dir_all(&out_dir).unwrap();
    let mut group = c.benchmark_group("codegen");
    group.sample_size(10);
    group.bench_function("generate", |b| {
        b.iter(|| {
            let status = std::process::Command::new(&script)
                .env("CARGO_MANIFEST_DIR", env!("CARGO_MANIFEST_DIR"))
                .env("OUT_DIR", &out_dir)
                .stdout(std::process::Stdio::null())
                .status()
                .unwrap();
            assert!(status.success());
        })
    });
    group.finish();
}

criterion_group!(
    benches,
    parse,
    validate,
    write,
    configmap,
    list,
    build_job_spec,
    generate
);
criterion_main!(benches);
