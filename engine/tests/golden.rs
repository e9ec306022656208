//! Golden files of the diagnostics corpus (Starlark-style): for each
//! `tests/corpus/diagnostics/NAME.rules`, `NAME.rendered.txt` holds the whole
//! report `screen check` prints for it, without colour, so every change of
//! wording shows up in review.
//!
//! `UPDATE_GOLDEN=1 cargo test --test golden` (or the corpus's `UPDATE_CORPUS=1`)
//! writes them afresh; read the diff before committing it.
#![cfg(feature = "cli")]

use screening_engine::{api, report};
use std::fs;
use std::path::Path;

#[test]
fn rendered_diagnostics_match_golden_files() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus/diagnostics");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some() || std::env::var_os("UPDATE_CORPUS").is_some();
    let mut rules: Vec<_> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "rules"))
        .collect();
    rules.sort();
    assert!(rules.len() > 10, "found the diagnostics corpus");
    let mut failures = Vec::new();
    for path in rules {
        let src = fs::read_to_string(&path).expect("a readable case");
        let name = path.file_name().expect("a file name").to_string_lossy().to_string();
        let diags = api::check(&src);
        let actual = report::render(&name, &src, &diags, false) + &report::summary(&name, &diags) + "\n";
        assert!(!actual.contains('\u{1b}'), "{name}: colour codes in the plain rendering");
        let golden = path.with_extension("rendered.txt");
        if update {
            fs::write(&golden, &actual).expect("writable corpus");
            continue;
        }
        match fs::read_to_string(&golden) {
            Ok(expected) if expected == actual => {}
            Ok(expected) => failures.push(format!("{} differs:\n--- expected\n{expected}\n--- actual\n{actual}", golden.display())),
            Err(_) => failures.push(format!("{} is missing (run with UPDATE_GOLDEN=1 to create it)", golden.display())),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
