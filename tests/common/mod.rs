//! Helpers shared by the integration tests: reading the fixtures kept in `tests/fixtures`.

#![allow(dead_code, reason = "each test binary uses a different part")]

use std::path::{Path, PathBuf};

/// The folder holding the fixtures.
pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The bytes of a fixture, by path relative to the fixtures folder.
pub fn fixture_bytes(relative: &str) -> Vec<u8> {
    let path = fixtures_dir().join(relative);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The text of a fixture.
pub fn fixture_text(relative: &str) -> String {
    String::from_utf8(fixture_bytes(relative)).expect("fixtures are UTF-8")
}

/// Every `.json` file under `folder` (recursively), relative to the fixtures folder, sorted.
pub fn fixture_files(folder: &str) -> Vec<String> {
    let mut out = Vec::new();
    collect(&fixtures_dir(), &fixtures_dir().join(folder), &mut out);
    out.sort();
    out
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<String>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("readable directory entry").path();
        if path.is_dir() {
            collect(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            let relative = path.strip_prefix(root).expect("under the fixtures folder");
            out.push(relative.to_string_lossy().replace('\\', "/"));
        }
    }
}
