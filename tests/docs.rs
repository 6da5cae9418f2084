//! The reference pages in `docs/schemas/` are generated from the schemas; this test fails
//! when they are stale.
//!
//! Run with `UPDATE_DOCS=1` to rewrite them (as `conductor-sdk schema docs docs/schemas`
//! does), then review the diff.

use std::path::{Path, PathBuf};

use conductor_sdk::Capability;
use conductor_sdk::schema::{CAPABILITIES_PAGE, GENERATED_MARK, reference_pages};

fn docs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/schemas")
}

#[test]
fn the_reference_pages_are_fresh() {
    let pages = reference_pages().unwrap();
    let dir = docs_dir();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::create_dir_all(&dir).unwrap();
        for page in &pages {
            std::fs::write(dir.join(&page.file), &page.text).unwrap();
        }
    }
    let mut stale = Vec::new();
    for page in &pages {
        let kept = std::fs::read_to_string(dir.join(&page.file)).unwrap_or_default();
        if kept != page.text {
            stale.push(page.file.clone());
        }
    }
    // A page no longer generated must not linger either.
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if !pages.iter().any(|p| p.file == name) {
            stale.push(format!("{name} (no longer generated)"));
        }
    }
    assert!(
        stale.is_empty(),
        "docs/schemas is stale: {stale:?}; rerun with UPDATE_DOCS=1 and review the diff"
    );
}

#[test]
fn every_page_says_it_is_generated() {
    for page in reference_pages().unwrap() {
        assert!(page.text.starts_with(GENERATED_MARK), "{}", page.file);
        assert!(
            page.text.ends_with('\n') && !page.text.ends_with("\n\n"),
            "{}",
            page.file
        );
    }
}

#[test]
fn the_readme_links_the_catalog_instead_of_keeping_its_own_list() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"));
    let readme = readme.unwrap();
    assert!(readme.contains(&format!("(docs/schemas/{CAPABILITIES_PAGE})")));
    assert!(readme.contains("(docs/schemas/README.md)"));
    // A hand-kept list would name every capability; examples name a few.
    let named = Capability::ALL
        .iter()
        .filter(|c| readme.contains(&format!("`{}`", c.as_str())))
        .count();
    assert!(
        named < Capability::ALL.len() / 2,
        "the README names {named} capabilities; link docs/schemas/{CAPABILITIES_PAGE} instead"
    );
}
