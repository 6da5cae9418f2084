//! The schemas of the RunnerConfig generators' inputs, derived from their Rust types so
//! that they cannot drift from what the generators read.

use serde_json::Value;

use crate::{PackBuildSpec, TalosClusterSpec};

/// Each generator input's short name and schema, in the order of the bundle.
pub(crate) fn schemas() -> [(&'static str, Value); 2] {
    [
        (
            "talos-cluster-spec",
            schemars::schema_for!(TalosClusterSpec).to_value(),
        ),
        (
            "pack-build-spec",
            schemars::schema_for!(PackBuildSpec).to_value(),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_input_schemas_use_the_resource_spelling_and_nest_the_sources() {
        let [(_, cluster), (_, pack)] = schemas();
        assert_eq!(cluster["title"], "TalosClusterSpec");
        assert_eq!(cluster["properties"]["clusterEndpoint"]["type"], "string");
        assert_eq!(cluster["properties"]["seedNodes"]["type"], "array");
        assert_eq!(pack["title"], "PackBuildSpec");
        let helm = &pack["$defs"]["HelmSource"];
        assert!(helm["properties"]["repoURL"].is_object(), "{helm}");
        assert!(pack["$defs"]["KustomizeSource"]["properties"]["overlayPath"].is_object());
    }
}
