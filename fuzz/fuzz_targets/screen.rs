//! The quick path against the full JSON Schema validator: whenever `check_json` accepts
//! arbitrary input as an operation result without complaint, a `jsonschema` validator
//! built here from the published schemas, with formats asserted, must accept it too. The
//! crate's own validator puts its screen in front of that validator, so this is the check
//! that the screen never vouches for a document the schema refuses.
#![no_main]

use std::sync::OnceLock;

use conductor_sdk::OperationResultSpec;
use conductor_sdk::schema::{SCHEMAS, find};
use conductor_sdk::validate::check_json;
use jsonschema::{Draft, Registry, Validator};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fn full_validator() -> &'static Validator {
    static VALIDATOR: OnceLock<Validator> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        let parse = |text: &str| serde_json::from_str::<Value>(text).unwrap();
        let resources = SCHEMAS.iter().map(|s| (s.id, parse(s.text)));
        let registry = Registry::new().extend(resources).unwrap().prepare().unwrap();
        let schema = parse(find("operation-result").unwrap().text);
        jsonschema::options()
            .with_draft(Draft::Draft202012)
            .should_validate_formats(true)
            .with_registry(&registry)
            .build(&schema)
            .unwrap()
    })
}

fuzz_target!(|data: &[u8]| {
    if check_json::<OperationResultSpec>(data).is_err() {
        return;
    }
    let document: Value = serde_json::from_slice(data).expect("accepted text is JSON");
    assert!(
        full_validator().is_valid(&document),
        "check_json accepted what the schema refuses"
    );
});
