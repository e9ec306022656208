//! One editor keystroke's work, phase by phase, for instruction counts: the
//! shipped rule file with one letter changed in a rule title (as
//! profile_keystroke), handled by the rule editor's compiler (`api::Editor`,
//! what `RuleEditor.update` runs). `PHASE` picks what each edit does:
//! - `parse`: the kept parse alone (`syntax::Pieces::parse_with_lines`);
//! - `compile`: `api::Editor::compile` (parse and check);
//! - `evaluate` (the default): that, then the case screened with the result.
//!
//! Per keystroke = (count with `EDITS=n` - count with `EDITS=0`) / n:
//!   cargo build --release --example profile_editor
//!   PHASE=parse EDITS=20 valgrind --tool=callgrind target/release/examples/profile_editor
use screening_engine::{api, syntax};

#[path = "support/keystroke.rs"]
mod keystroke;

fn main() {
    let keys = keystroke::Keystrokes::load();
    let (src, form) = (&keys.src, &keys.form);
    let phase = std::env::var("PHASE").unwrap_or_else(|_| "evaluate".into());
    let edits: usize = std::env::var("EDITS").ok().and_then(|n| n.parse().ok()).unwrap_or(20);
    let date = api::parse_date("2026-11-17").expect("date");
    // Twenty edits' texts, used in turn, are made in every run (EDITS=0
    // too), so that making them (a copy of the file each) is in the baseline.
    let made: Vec<String> = (0..20).map(|n| keys.edit(n)).collect();
    let texts: Vec<&String> = (0..edits).map(|n| &made[n % made.len()]).collect();
    let mut pieces = syntax::Pieces::new();
    let mut editor = api::Editor::new();
    let mut done = 0usize;
    match phase.as_str() {
        "parse" => {
            pieces.parse_with_lines(&src).expect("parses");
            for &text in &texts {
                done += pieces.parse_with_lines(text).map(|(f, _, _)| f.items.len()).expect("parses");
            }
        }
        "compile" | "evaluate" => {
            let first = editor.compile(&src).expect("compiles");
            if phase == "evaluate" {
                first.rule_set.evaluate_json(&form, date).expect("evaluates");
            }
            for &text in &texts {
                let compiled = editor.compile(text).expect("compiles");
                if phase == "evaluate" {
                    done += compiled.rule_set.evaluate_json(&form, date).expect("evaluates").fired.len();
                }
                done += 1;
            }
        }
        other => panic!("PHASE is parse, compile or evaluate, not {other}"),
    }
    println!("{phase}: {edits} edits ({done})");
}
