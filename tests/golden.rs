//! The generated source is kept in `tests/golden/generated.rs` so that a person can read
//! it; this test fails when the build generates anything else.
//!
//! Run with `UPDATE_GOLDEN=1` to rewrite the copy after changing a schema or the
//! generator, then review the diff.

use std::path::Path;

#[test]
fn generated_source_matches_the_golden_copy() {
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/generated.rs");
    let generated = conductor_sdk::GENERATED_SOURCE;

    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&golden, generated).expect("the golden copy is writable");
        return;
    }
    let kept = std::fs::read_to_string(&golden).unwrap_or_default();
    assert!(
        kept == generated,
        "tests/golden/generated.rs is stale: rerun with UPDATE_GOLDEN=1 and review the diff"
    );
}

#[test]
fn generated_source_is_formatted_and_names_its_inputs() {
    let generated = conductor_sdk::GENERATED_SOURCE;
    assert!(generated.starts_with("// @generated"));
    for schema in conductor_sdk::schema::SCHEMAS {
        assert!(generated.contains(&format!("//   schemas/{}.schema.json\n", schema.name)));
    }
    assert!(!generated.contains('\r'));
    assert!(
        !generated.contains(env!("CARGO_MANIFEST_DIR")),
        "no absolute paths"
    );
    let widest = generated
        .lines()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0);
    assert!(widest <= 110, "a generated line is {widest} columns wide");
}
