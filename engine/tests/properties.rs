//! Property tests: formatting is idempotent and keeps the meaning; screening
//! never panics, whatever the form holds.

use proptest::prelude::*;
use screening_engine::api;
use std::path::Path;

fn rule_files() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut out = Vec::new();
    for dir in ["rules", "tests/corpus/eval"] {
        if let Ok(entries) = std::fs::read_dir(root.join(dir)) {
            for e in entries.flatten() {
                let p = e.path();
                if p.extension().is_some_and(|x| x == "rules") {
                    out.push((p.display().to_string(), std::fs::read_to_string(&p).unwrap()));
                }
            }
        }
    }
    out.sort();
    assert!(!out.is_empty());
    out
}

/// The syntax tree without positions: what the file means.
fn meaning(src: &str) -> String {
    let (mut file, _) = screening_engine::syntax::parse(src).expect("parses");
    // Whitespace inside a test's JSON form means nothing.
    for item in &mut file.items {
        if let screening_engine::syntax::ast::Item::Test(t) = item {
            if let screening_engine::syntax::ast::TestForm::Inline { json, .. } = &mut t.form {
                *json = serde_json::from_str::<serde_json::Value>(json).map(|v| v.to_string()).unwrap_or_default();
            }
        }
    }
    let dbg = format!("{file:?}");
    let mut out = String::with_capacity(dbg.len());
    let mut rest = dbg.as_str();
    while let Some(i) = rest.find("Span { start: ") {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let end = after.find('}').map(|j| j + 1).unwrap_or(after.len());
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// Replace the whitespace between tokens (outside text and comments) by other whitespace.
fn reflow(src: &str, choices: &[u8]) -> String {
    let mut out = String::new();
    let mut in_str = false;
    let mut in_comment = false;
    let mut k = 0usize;
    let mut chars = src.chars().peekable();
    while let Some(c) = chars.next() {
        if in_comment {
            out.push(c);
            if c == '\n' {
                in_comment = false;
            }
            continue;
        }
        if in_str {
            out.push(c);
            if c == '\\' {
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            } else if c == '"' {
                in_str = false;
            }
            continue;
        }
        match c {
            '"' => {
                in_str = true;
                out.push(c)
            }
            '#' => {
                in_comment = true;
                out.push(c)
            }
            ' ' | '\t' => {
                while chars.peek().is_some_and(|c| *c == ' ' || *c == '\t') {
                    chars.next();
                }
                let pick = choices.get(k % choices.len().max(1)).copied().unwrap_or(0);
                k += 1;
                out.push_str(match pick % 4 {
                    0 => " ",
                    1 => "   ",
                    2 => "\t",
                    _ => "  ",
                });
            }
            '\n' => {
                let pick = choices.get(k % choices.len().max(1)).copied().unwrap_or(0);
                k += 1;
                out.push_str(if pick % 5 == 0 { "\n\n\n" } else { "\n" });
                while chars.peek().is_some_and(|c| *c == ' ' || *c == '\t') {
                    chars.next();
                }
                out.push_str(if pick % 3 == 0 { "      " } else { "" });
            }
            _ => out.push(c),
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    #[test]
    fn formatting_is_idempotent_and_keeps_meaning(which in any::<prop::sample::Index>(), choices in prop::collection::vec(any::<u8>(), 1..64)) {
        let files = rule_files();
        let (name, src) = &files[which.index(files.len())];
        let messy = reflow(src, &choices);
        let once = api::format(&messy).unwrap_or_else(|d| panic!("{name}: {d:?}"));
        let twice = api::format(&once).unwrap();
        prop_assert_eq!(&once, &twice, "{} is not idempotent", name);
        prop_assert_eq!(meaning(&once), meaning(src), "{} changed meaning", name);
        // Comments survive.
        prop_assert_eq!(once.matches('#').count(), src.matches('#').count());
    }
}

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let names = prop::sample::select(vec![
        "referral_type",
        "received",
        "immediate_danger",
        "narrative",
        "children",
        "first_name",
        "date_of_birth",
        "learning_disability",
        "concerns",
        "missing_episodes",
        "started",
        "found_out_of_area",
        "locations",
        "peers",
        "indicators",
        "incidents",
        "kind",
        // A several-of answer that says which options were asked.
        "asked",
        "ticked",
        "x",
        "",
    ]);
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map(Value::Number).unwrap_or(Value::Null)),
        any::<i64>().prop_map(|i| Value::Number(i.into())),
        prop::sample::select(vec!["2026-02-30", "2011-05-01", "yes", "no", "individual", "missing", "streetwise", "", "2026-11-01"])
            .prop_map(|s| Value::String(s.into())),
        ".*".prop_map(Value::String),
    ];
    leaf.prop_recursive(6, 64, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((names.clone(), inner), 0..8)
                .prop_map(|kv| Value::Object(kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, .. ProptestConfig::default() })]

    #[test]
    fn screening_never_panics_on_any_json(form in json_value(), day in 0i32..80_000) {
        let date = screening_engine::dates::Day(2_415_021 + day);
        for (_, src) in rule_files() {
            if let Ok(c) = api::compile(&src) {
                let o = c.rule_set.evaluate_value(&form, date);
                // Every outcome still says it is advisory and names a level.
                prop_assert!(!o.level.id.is_empty());
                let text = serde_json::to_string(&form).unwrap();
                prop_assert_eq!(c.rule_set.evaluate_json(&text, date).ok(), Some(o));
            }
        }
    }

    #[test]
    fn checking_never_panics_on_any_text(src in "(rule set \"x\"\n)?[ -~\n]{0,400}") {
        let _ = api::check(&src);
        let _ = api::format(&src);
    }
}
