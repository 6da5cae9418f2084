//! The Jobs rendered for a few JobSpecs, pinned byte for byte in `tests/golden/jobs/`.
//!
//! Run with `UPDATE_GOLDEN=1` to rewrite the copies after changing the rendering, then
//! review the diff: every change there changes the Jobs operators submit.

mod common;
#[path = "common/job_cases.rs"]
mod job_cases;

use std::path::Path;

use conductor_sdk::k8s::{render_job, to_yaml};

#[test]
fn rendered_jobs_match_their_golden_copies() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/jobs");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();

    let mut stale = Vec::new();
    for (name, spec) in job_cases::job_cases() {
        let yaml = to_yaml(&render_job(&spec).unwrap()).unwrap();
        let path = folder.join(format!("{name}.yaml"));
        if update {
            std::fs::write(&path, &yaml).expect("the golden copy is writable");
            continue;
        }
        let kept = std::fs::read_to_string(&path).unwrap_or_default();
        if kept != yaml {
            stale.push(name);
        }
    }
    assert!(
        stale.is_empty(),
        "stale golden Jobs {stale:?} in tests/golden/jobs: rerun with UPDATE_GOLDEN=1 and \
         review the diff"
    );
}

#[test]
fn every_golden_copy_belongs_to_a_case() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/jobs");
    let names: Vec<String> = job_cases::job_cases()
        .iter()
        .map(|(name, _)| format!("{name}.yaml"))
        .collect();
    for entry in std::fs::read_dir(folder).unwrap() {
        let file = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            names.contains(&file),
            "tests/golden/jobs/{file} has no case"
        );
    }
}
