//! Every RunnerConfigSpec the library writes is accepted by the spec schema of the real
//! `InfrastructureRunnerConfig` CRD (a copy under `tests/fixtures/upstream/`), checked by
//! a JSON Schema validator.
//!
//! The CRD's schema is OpenAPI v3 in Kubernetes' structural form, which a JSON Schema
//! validator reads as it is, with one change: the API server silently drops fields its
//! schema does not list, so every object schema that lists properties is closed with
//! `additionalProperties: false`, making such a field an error here rather than a value
//! lost on the way in.

mod common;

use conductor_sdk::input::read_items;
use conductor_sdk::k8s::{InfrastructureRunnerConfig, to_yaml};
use conductor_sdk::{
    Document, HelmSource, PackBuildSpec, RunnerConfigSpec, TalosClusterSpec,
    generate_from_named_talos_cluster, generate_from_pack_build, generate_from_talos_cluster,
};
use jsonschema::Validator;
use serde_json::{Value, json};

const IMAGE: &str = "registry.ontai.dev/ontai-dev/conductor:v1.9.3-r1";

/// The CRD's `spec` schema, closed as the module documentation explains.
fn crd_spec_validator() -> Validator {
    let text = common::fixture_text("upstream/infrastructurerunnerconfigs.crd.yaml");
    let items = read_items(&text).unwrap();
    let [crd] = items.as_slice() else {
        panic!("expected one CRD");
    };
    assert_eq!(
        crd.value["spec"]["names"]["kind"],
        "InfrastructureRunnerConfig"
    );
    let versions = crd.value["spec"]["versions"].as_array().unwrap();
    let version = versions.iter().find(|v| v["name"] == "v1alpha1").unwrap();
    let mut spec = version["schema"]["openAPIV3Schema"]["properties"]["spec"].clone();
    assert_eq!(spec["required"], json!(["clusterRef", "runnerImage"]));
    close_objects(&mut spec);

    jsonschema::options()
        .should_validate_formats(true)
        .build(&spec)
        .expect("the CRD's spec schema compiles")
}

fn close_objects(schema: &mut Value) {
    let Some(object) = schema.as_object_mut() else {
        return;
    };
    if object.contains_key("properties") && !object.contains_key("additionalProperties") {
        object.insert("additionalProperties".into(), Value::Bool(false));
    }
    for child in object.values_mut() {
        match child {
            Value::Array(items) => items.iter_mut().for_each(close_objects),
            other => close_objects(other),
        }
    }
}

fn problems(validator: &Validator, spec: &Value) -> Vec<String> {
    validator
        .iter_errors(spec)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

/// The spec as the library writes it: Go's wire form.
fn written(spec: &RunnerConfigSpec) -> Value {
    serde_json::from_slice(&spec.to_json().unwrap()).unwrap()
}

fn generated_specs() -> Vec<(String, RunnerConfigSpec)> {
    let seed = TalosClusterSpec {
        cluster_endpoint: "10.20.0.10".into(),
        talos_version: "v1.9.3".into(),
        kubernetes_version: "v1.32.1".into(),
        install_disk: "/dev/sda".into(),
        control_plane_nodes: vec!["10.20.0.11".into()],
        worker_nodes: vec!["10.20.0.21".into()],
        seed_nodes: vec!["10.20.0.11".into()],
    };
    let helm = PackBuildSpec {
        source_helm: Some(HelmSource {
            repo_url: "https://helm.cilium.io".into(),
            chart_name: "cilium".into(),
            chart_version: "1.16.3".into(),
            values: [("kubeProxyReplacement".to_owned(), json!(true))].into(),
        }),
        target_version: "1.16.3-r2".into(),
        ..PackBuildSpec::default()
    };
    let mut specs = vec![
        (
            "talos cluster, zero".to_owned(),
            generate_from_talos_cluster(&TalosClusterSpec::default()),
        ),
        (
            "talos cluster, seed example".to_owned(),
            generate_from_talos_cluster(&seed),
        ),
        (
            "named talos cluster".to_owned(),
            generate_from_named_talos_cluster("ccs-dev", &seed),
        ),
        (
            "pack build, zero".to_owned(),
            generate_from_pack_build(&PackBuildSpec::default()),
        ),
        (
            "pack build, helm".to_owned(),
            generate_from_pack_build(&helm),
        ),
    ];
    let with_image: Vec<(String, RunnerConfigSpec)> = specs
        .iter()
        .map(|(name, spec)| {
            let mut spec = spec.clone();
            spec.runner_image = IMAGE.into();
            (format!("{name}, with image"), spec)
        })
        .collect();
    specs.extend(with_image);
    specs
}

#[test]
fn every_generated_spec_is_accepted_by_the_crd() {
    let validator = crd_spec_validator();
    for (name, spec) in generated_specs() {
        let value = written(&spec);
        assert_eq!(
            problems(&validator, &value),
            Vec::<String>::new(),
            "{name}: {value}"
        );
    }
}

#[test]
fn every_spec_fixture_written_back_is_accepted_by_the_crd() {
    let validator = crd_spec_validator();
    let files = common::fixture_files("go-wire/runner-config-spec");
    assert!(files.len() >= 5, "{files:?}");
    for file in files {
        let spec = RunnerConfigSpec::from_json(&common::fixture_bytes(&file)).unwrap();
        let value = written(&spec);
        assert_eq!(problems(&validator, &value), Vec::<String>::new(), "{file}");
    }
}

#[test]
fn the_resource_the_cli_prints_holds_an_accepted_spec() {
    let validator = crd_spec_validator();
    for (name, spec) in generated_specs() {
        let resource = InfrastructureRunnerConfig::new("ccs-dev", Some("seam-system"), spec);
        let yaml = to_yaml(&resource).unwrap();
        let read = read_items(&yaml).unwrap();
        let value = &read[0].value;
        assert_eq!(value["kind"], "InfrastructureRunnerConfig");
        assert_eq!(
            problems(&validator, &value["spec"]),
            Vec::<String>::new(),
            "{name}"
        );
    }
}

#[test]
fn the_check_refuses_what_the_crd_refuses() {
    let validator = crd_spec_validator();
    let refused = [
        json!({"clusterRef": "ccs-dev"}),
        json!({"clusterRef": "ccs-dev", "runnerImage": "", "phase": []}),
        json!({"clusterRef": "ccs-dev", "runnerImage": "", "phases": [{"parameters": {}}]}),
        json!({"clusterRef": "ccs-dev", "runnerImage": "", "steps": [{"name": "a"}]}),
        json!({"clusterRef": "ccs-dev", "runnerImage": "",
               "phases": [{"name": "launch", "parameters": {"retries": 3}}]}),
        json!({"clusterRef": "ccs-dev", "runnerImage": "", "operationalHistory": [
            {"appliedAt": "yesterday", "appliedBy": "x", "concern": "c", "newValue": "v"}]}),
        json!({"clusterRef": 1, "runnerImage": ""}),
    ];
    for value in refused {
        assert!(!problems(&validator, &value).is_empty(), "accepted {value}");
    }
}
