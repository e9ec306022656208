//! The engine's modules import one way, down the pipeline:
//! syntax -> check -> program -> decide -> explain -> api -> (cli, wasm).
//! This reads every file under engine/src, builds the graph of `crate::`
//! imports between top-level modules, and fails when a module imports one
//! that comes later in `ORDER` (which also rules out every import circle).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Each module may import only modules before it. Shared building blocks
/// first, then the stages in pipeline order, then the surfaces.
const ORDER: &[&str] = &[
    // Building blocks every stage uses: numbers in words through zmij (one
    // float formatter), the one stable sort, spans, dates, diagnostics.
    "decimal",
    "order",
    "span",
    "dates",
    "diagnostics",
    "limits",
    // The one JSON reader (forms, controls, bindings), serde_json's words and positions.
    "json",
    // Stage 1 and the formatter built on it.
    "syntax",
    "format",
    // The compiled program and the form data it is evaluated on.
    "program",
    "form",
    // A council form's controls read through its binding, checked both ways, into the form (issue 18).
    "binding",
    "outcome",
    // Stage 2 lowers syntax to a program; stage 3 evaluates it (decide, then explain).
    "check",
    "eval",
    // A checked program compiled to its own Wasm module, and the runtime side that runs it (issue 11).
    "compiled",
    // The one presentation model: an outcome in the sentences each audience reads (issue 17).
    "present",
    // The tests written in rule files, then the one surface, then the Wasm build.
    "testing",
    // What a policy lead needs to own a change (impact, coverage, sign-off), built on the tests.
    "review",
    "api",
    "wasm",
    // The CLI's rendering of diagnostics (codespan), behind the `cli` feature.
    "report",
    // The TypeScript types, generated in a test from all of the above.
    "typescript",
];

/// Imports allowed against the order, each with its reason.
const ALLOWED: &[(&str, &str)] = &[
    // form/tests.rs only: the reader's differential test compiles the shipped
    // rule sets to read every form in the repository by their schemas.
    ("form", "crate::api::compile"),
    // compiled/module.rs's tests only: a hand-made description is made from a
    // shipped rule set's, compiled from its text.
    ("compiled", "crate::api::compile"),
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The top-level module a file belongs to (`check/lints/protected.rs` -> `check`), or None for lib.rs and bin/.
fn module_of(path: &Path) -> Option<String> {
    let rel = path.strip_prefix(src()).unwrap();
    let first = rel.components().next()?.as_os_str().to_string_lossy().to_string();
    match first.as_str() {
        "lib.rs" | "bin" => None,
        f => Some(f.trim_end_matches(".rs").to_string()),
    }
}

/// `crate::NAME` references outside comments, by top-level name.
fn imports(text: &str, module: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in text.lines() {
        let mut code = line.trim_start();
        // Comments, and attributes that exist only in tests (the TypeScript
        // types name their mirrors there), are not imports of the engine.
        if code.starts_with("//") || code.contains("cfg_attr(test") {
            continue;
        }
        if let Some(i) = code.find("//") {
            code = &code[..i];
        }
        let mut code = code.to_string();
        for (m, allowed) in ALLOWED {
            if *m == module {
                code = code.replace(allowed, "");
            }
        }
        let mut rest = code.as_str();
        while let Some(i) = rest.find("crate::") {
            rest = &rest[i + 7..];
            if let Some(group) = rest.strip_prefix('{') {
                // `crate::{a, b::c}`: each top-level name in the braces.
                let inside = &group[..group.find('}').unwrap_or(group.len())];
                out.extend(inside.split(',').map(|n| n.trim().split("::").next().unwrap_or("").to_string()));
            } else {
                out.insert(rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect());
            }
        }
    }
    out.retain(|n| !n.is_empty() && n != module);
    out
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in files {
        let Some(m) = module_of(&f) else { continue };
        let text = std::fs::read_to_string(&f).unwrap();
        g.entry(m.clone()).or_default().extend(imports(&text, &m));
    }
    g
}

#[test]
fn modules_import_down_the_pipeline_only() {
    let g = graph();
    let rank = |m: &str| ORDER.iter().position(|x| *x == m);
    let mut wrong = Vec::new();
    for (m, deps) in &g {
        let Some(r) = rank(m) else {
            wrong.push(format!("module `{m}` is not placed in ORDER in engine/tests/layers.rs"));
            continue;
        };
        for d in deps {
            match rank(d) {
                Some(rd) if rd < r => {}
                Some(_) => wrong.push(format!("`{m}` imports `{d}`, which comes after it in the pipeline")),
                None => {} // not a module of this crate (a local variable named like one never follows `crate::`)
            }
        }
    }
    assert!(wrong.is_empty(), "{}\n\nThe graph: {g:#?}", wrong.join("\n"));
}

/// The decision is data: `eval/decide.rs` writes no words and needs nothing from `explain` or the outcome.
#[test]
fn decide_comes_before_explain() {
    let text = std::fs::read_to_string(src().join("eval/decide.rs")).unwrap();
    let code: String = text.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n");
    for word in ["explain", "crate::outcome", "format!", "String"] {
        assert!(!code.contains(word), "eval/decide.rs uses `{word}`: the decision must be plain data, worded only in explain.rs");
    }
}

/// The scan itself: a cycle it should see is seen.
#[test]
fn the_scan_finds_imports() {
    let found = imports("use crate::{program::Program, form};\n// crate::api\nlet x = crate::dates::parse(s); // crate::wasm", "eval");
    assert_eq!(found.into_iter().collect::<Vec<_>>(), ["dates", "form", "program"]);
}

/// The stages of `compiled/` and of its code generator, in the order they may
/// import each other: each file imports (by `super::` or
/// `crate::compiled::`) only stages before it; a folder's `mod.rs` is its
/// manifest and assembles what is below it.
const COMPILED_ORDER: &[(&str, &[&str])] = &[
    ("compiled", &["layout", "module", "prepare", "finish", "codegen"]),
    ("compiled/codegen", &["wasm", "kinds", "plan", "library", "lower"]),
];

/// The names a file reaches with `prefix` (`super::` or `crate::compiled::`), outside comments.
fn names_after(text: &str, prefix: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in text.lines() {
        let code = line.trim_start();
        if code.starts_with("//") {
            continue;
        }
        let code = &code[..code.find("//").unwrap_or(code.len())];
        let mut rest = code;
        while let Some(i) = rest.find(prefix) {
            rest = &rest[i + prefix.len()..];
            if let Some(group) = rest.strip_prefix('{') {
                let inside = &group[..group.find('}').unwrap_or(group.len())];
                out.extend(inside.split(',').map(|n| n.trim().split("::").next().unwrap_or("").to_string()));
            } else {
                out.insert(rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect());
            }
        }
    }
    out.retain(|n| !n.is_empty());
    out
}

#[test]
fn compiled_stages_import_downward_only() {
    let mut wrong = Vec::new();
    for (folder, order) in COMPILED_ORDER {
        let dir = src().join(folder);
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            let stem = p.file_stem().unwrap().to_string_lossy().to_string();
            if p.is_dir() || stem == "mod" {
                continue;
            }
            let Some(rank) = order.iter().position(|s| *s == stem) else {
                wrong.push(format!("{folder}/{stem}.rs is not placed in COMPILED_ORDER in engine/tests/layers.rs"));
                continue;
            };
            let text = std::fs::read_to_string(&p).unwrap();
            for name in names_after(&text, "super::") {
                if let Some(r) = order.iter().position(|s| *s == name) {
                    if r >= rank {
                        wrong.push(format!("{folder}/{stem}.rs imports `{name}`, a later stage"));
                    }
                }
            }
            // From a subfolder, `crate::compiled::x` names a stage of the parent folder, which comes before the subfolder.
            if folder.contains('/') {
                continue;
            }
            for name in names_after(&text, "crate::compiled::") {
                if let Some(r) = order.iter().position(|s| *s == name) {
                    if r >= rank {
                        wrong.push(format!("{folder}/{stem}.rs imports `{name}`, a later stage"));
                    }
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
