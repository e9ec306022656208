//! Any bytes, as a form for the example rule set: screening must never panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static RULES: OnceLock<screening_engine::api::RuleSet> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let rules = RULES.get_or_init(|| {
        let src = include_str!("../../../tests/corpus/eval/example.rules");
        screening_engine::api::compile(src).expect("example compiles").rule_set
    });
    if let Ok(text) = std::str::from_utf8(data) {
        let date = screening_engine::api::parse_date("2026-11-20").unwrap();
        let _ = rules.evaluate_json(text, date);
    }
});
