//! The fixtures in `tests/fixtures` are a copy of the project's shared fixtures; when the
//! shared folder is beside the repository, the copy must not have drifted from it.

mod common;

use std::path::{Path, PathBuf};

fn files(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(root, &path, out);
        } else {
            out.push(path.strip_prefix(root).unwrap().to_path_buf());
        }
    }
}

#[test]
fn the_copy_matches_the_shared_fixtures() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures");
    if !shared.is_dir() {
        // A user's clone has no shared folder; the copy is then the only source.
        return;
    }
    let mut shared_files = Vec::new();
    files(&shared, &shared, &mut shared_files);
    assert!(!shared_files.is_empty());
    for relative in shared_files {
        let ours = common::fixtures_dir().join(&relative);
        let theirs = std::fs::read(shared.join(&relative)).unwrap();
        let copy = std::fs::read(&ours).unwrap_or_default();
        assert!(
            copy == theirs,
            "tests/fixtures/{} differs from the shared copy",
            relative.display()
        );
    }
}
