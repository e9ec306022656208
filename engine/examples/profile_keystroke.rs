//! Where one editor keystroke's recompile spends its time, natively: the
//! shipped rule file with one letter changed in a rule title, phase by phase
//! (median of many edits). Run: cargo run --profile bench --example profile_keystroke
//! (`EDITS=20` for fewer edits, as under `valgrind --tool=callgrind`, whose
//! instruction counts do not depend on how busy the machine is).
use screening_engine::{api, check, diagnostics::LineIndex, syntax};
use std::time::Instant;

#[path = "support/keystroke.rs"]
mod keystroke;

fn main() {
    let keys = keystroke::Keystrokes::load();
    let (src, form) = (&keys.src, &keys.form);
    let mut t: Vec<[f64; 11]> = Vec::new();
    let mut pieces = syntax::Pieces::new();
    let mut editor = api::Editor::new();
    editor.compile(&src).expect("compiles");
    let date = api::parse_date("2026-11-17").expect("date");
    let edits: usize = std::env::var("EDITS").ok().and_then(|n| n.parse().ok()).unwrap_or(200);
    for n in 0..edits {
        let text = keys.edit(n);
        let c = Instant::now();
        let pre = syntax::prescan::check_source(&text);
        let t0 = c.elapsed().as_secs_f64();
        let (file, _) = syntax::parse(&text).expect("parses");
        let t1 = c.elapsed().as_secs_f64();
        let lines = LineIndex::new(&text);
        let t2 = c.elapsed().as_secs_f64();
        let (program, _) = check::check(&file, &lines);
        let t3 = c.elapsed().as_secs_f64();
        let compiled = api::compile(&text).expect("compiles"); // parse + check again (the cache holds pieces, not this text)
        let t4 = c.elapsed().as_secs_f64();
        let again = api::compile(&text).expect("compiles"); // the same text: the kept result
        let t5 = c.elapsed().as_secs_f64();
        let out = compiled.rule_set.evaluate_json(&form, date).expect("evaluates");
        let t6 = c.elapsed().as_secs_f64();
        let json = serde_json::to_string(&out).expect("json");
        let t7 = c.elapsed().as_secs_f64();
        let parsed = pieces.parse(&text).map(|(f, _)| f.items.len()).expect("parses"); // the kept pieces, lent
        let t8 = c.elapsed().as_secs_f64();
        let cold = api::compile_cold(&text).is_ok();
        let t9 = c.elapsed().as_secs_f64();
        let edited = editor.compile(&text).is_ok(); // what RuleEditor.update runs
        let t10 = c.elapsed().as_secs_f64();
        assert!(pre.is_none() && program.is_some() && !json.is_empty() && again.warnings.len() == compiled.warnings.len());
        assert!(parsed > 0 && cold && edited);
        t.push([t0, t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5, t7 - t6, t8 - t7, t9 - t8, t10 - t9]);
    }
    let names = [
        "prescan",
        "syntax::parse (kept, copied; pre-scan)",
        "LineIndex",
        "check::check",
        "api::compile (new text)",
        "api::compile (same text)",
        "evaluate_json",
        "outcome to JSON",
        "syntax::Pieces::parse (kept, lent)",
        "api::compile_cold",
        "api::Editor::compile",
    ];
    for (i, name) in names.iter().enumerate() {
        let mut v: Vec<f64> = t.iter().map(|x| x[i]).collect();
        v.sort_by(|a, b| a.partial_cmp(b).unwrap());
        println!("{name:40} median {:8.1} µs  p95 {:8.1} µs", v[v.len() / 2] * 1e6, v[v.len() * 95 / 100] * 1e6);
    }
}
