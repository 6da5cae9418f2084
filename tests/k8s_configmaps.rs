//! Result ConfigMaps as k8s-openapi objects: what the Go runner wrote reads back, and
//! writing the same result gives the same ConfigMap, byte for byte in `data.result`.

mod common;

use conductor_sdk::k8s::{result_from_configmap, result_to_configmap, validate_result_configmap};
use k8s_openapi::api::core::v1::ConfigMap;
use serde_json::Value;

#[test]
fn configmaps_the_runner_wrote_read_back_and_are_written_the_same_way() {
    let files = common::fixture_files("go-wire/configmap");
    assert!(files.len() >= 4, "{files:?}");
    for file in files {
        let bytes = common::fixture_bytes(&file);
        let original: Value = serde_json::from_slice(&bytes).unwrap();
        let configmap: ConfigMap = serde_json::from_slice(&bytes).unwrap();

        let result = result_from_configmap(&configmap).unwrap();
        assert_eq!(
            validate_result_configmap(&configmap).as_ref(),
            Ok(&result),
            "{file}"
        );

        let name = configmap.metadata.name.as_deref().unwrap();
        let namespace = configmap.metadata.namespace.as_deref().unwrap();
        let written = result_to_configmap(&result, name, namespace).unwrap();
        let written_result = &written.data.as_ref().unwrap()["result"];
        assert_eq!(
            written_result,
            original["data"]["result"].as_str().unwrap(),
            "{file}"
        );
        assert_eq!(serde_json::to_value(&written).unwrap(), original, "{file}");
    }
}
