//! The form reader against the one it replaced (`legacy`: serde_json's
//! `Value`, kept here only), on every form in the repository and on random
//! and malformed text: the same JSON refused with the same words, the same
//! answers read and the same diagnostics, in every strictness.

use super::{legacy, parse_json, read_with, Strictness};
use crate::program::Schema;
use proptest::prelude::*;
use std::path::{Path, PathBuf};

const STRICTNESS: [Strictness; 3] = [Strictness::Lenient, Strictness::SharedFile, Strictness::InPlace];

fn legacy_strictness(s: Strictness) -> legacy::Strictness {
    match s {
        Strictness::Lenient => legacy::Strictness::Lenient,
        Strictness::SharedFile => legacy::Strictness::SharedFile,
        Strictness::InPlace => legacy::Strictness::InPlace,
    }
}

/// Both readers on one text: None when they agree, else what differs.
fn disagreement(schema: &Schema, text: &str) -> Option<String> {
    match (legacy::parse_json(text), parse_json(text)) {
        (Err(a), Err(b)) => (a != b).then(|| format!("refused differently:\n  old {a:?}\n  new {b:?}")),
        (Ok(_), Err(b)) => Some(format!("only the new reader refused it: {b:?}")),
        (Err(a), Ok(_)) => Some(format!("only the old reader refused it: {a:?}")),
        (Ok(old), Ok(new)) => STRICTNESS.iter().find_map(|&s| {
            let a = legacy::read_strict(schema, &old, legacy_strictness(s));
            let b = read_with(schema, &new, s);
            let same = format!("{:?}", a.root) == format!("{:?}", b.root) && a.errors == b.errors;
            (!same).then(|| format!("read differently ({s:?}):\n  old {:?} {:?}\n  new {:?} {:?}", a.root, a.errors, b.root, b.errors))
        }),
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn schema_of(path: &Path) -> Option<Schema> {
    let src = std::fs::read_to_string(path).ok()?;
    Some(crate::api::compile(&src).ok()?.rule_set.program().schema.clone())
}

fn walk(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        let name = e.file_name().to_string_lossy().to_string();
        if p.is_dir() {
            if !["node_modules", "target", "build", "pkg", "pkg-runtime", ".git"].contains(&name.as_str()) {
                walk(&p, ext, out);
            }
        } else if name.ends_with(ext) {
            out.push(p);
        }
    }
}

fn shipped_schemas() -> Vec<Schema> {
    let mut rules = Vec::new();
    walk(&root().join("rules"), ".rules", &mut rules);
    rules.sort();
    rules.iter().filter_map(|p| schema_of(p)).collect()
}

/// Every JSON file in the repository (forms, cases, fixtures, and other data
/// that is not a form, which must be refused or read the same way too),
/// against each shipped rule set; each corpus form also against its own rules.
#[test]
fn every_form_in_the_repository_is_read_as_before() {
    let schemas = shipped_schemas();
    assert!(schemas.len() >= 2, "the shipped rule sets compile");
    let mut files = Vec::new();
    for dir in ["rules", "tests", "web-demo", "engine/tests", "fuzz"] {
        walk(&root().join(dir), ".json", &mut files);
    }
    files.sort();
    assert!(files.len() > 300, "found only {} JSON files", files.len());
    let mut failures = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let mut own = Vec::new();
        // tests/corpus/eval/NAME.CASE.form.json is read by eval/NAME.rules.
        if let Some(name) = f.file_name().and_then(|n| n.to_str()).and_then(|n| n.split('.').next()) {
            if let Some(s) = schema_of(&f.with_file_name(format!("{name}.rules"))) {
                own.push(s);
            }
        }
        for schema in schemas.iter().chain(&own) {
            if let Some(d) = disagreement(schema, &text) {
                failures.push(format!("{}: {d}", f.display()));
                break;
            }
        }
    }
    assert!(failures.is_empty(), "{} of {} files:\n{}", failures.len(), files.len(), failures.join("\n"));
}

/// Text the readers must treat alike: the tricky corners of JSON.
#[test]
fn malformed_and_odd_json_is_refused_or_read_as_before() {
    let schemas = shipped_schemas();
    let cases = [
        "",
        " ",
        "{",
        "}",
        "[",
        "]",
        "{]",
        "[}",
        "{\"a\"",
        "{\"a\":",
        "{\"a\":1",
        "{\"a\":1,",
        "{\"a\":1,}",
        "[1,]",
        "[1 2]",
        "{\"a\" 1}",
        "{1:2}",
        "{,}",
        "[,1]",
        "nul",
        "nulx",
        "tru",
        "falsy",
        "null x",
        "{}{}",
        "{} ",
        "\n\n  {\"a\":\n tx}",
        "01",
        "-",
        "-a",
        "1.",
        "1.e5",
        "1e",
        "1e+",
        "1ex",
        "-0",
        "-0.0",
        "0e0",
        "1e400",
        "-1e400",
        "1e-400",
        "1e99999999999999",
        "0e99999999999999",
        "1e-99999999999999",
        "0.0000e99999999999",
        "18446744073709551615",
        "18446744073709551616",
        "-9223372036854775808",
        "-9223372036854775809",
        "123456789012345678901234567890",
        "1.7976931348623157e308",
        "1.7976931348623159e308",
        "2.2250738585072014e-308",
        "5e-324",
        "4.9e-324",
        "\"abc",
        "\"a\\",
        "\"\\x\"",
        "\"\\u12\"",
        "\"\\u12g4\"",
        "\"\\ud800\"",
        "\"\\ud800x\"",
        "\"\\ud800\\n\"",
        "\"\\ud800\\ud800\"",
        "\"\\udc00\"",
        "\"\\ud83d\\ude00\"",
        "\"\\u0000\"",
        "\"a\tb\"",
        "\"\u{1}\"",
        "\"é\\u00e9\"",
        "{\"a\":1,\"a\":2}",
        "{\"b\":1,\"a\":2,\"b\":3}",
        "[[[[[[[[[[]]]]]]]]]]",
        "\u{feff}{}",
    ];
    let keys = ["referral_type", "immediate_danger", "children", "age", "narrative", "received", "signs"];
    for case in cases {
        for schema in &schemas {
            assert_eq!(disagreement(schema, case), None, "on {case:?}");
            // The same token as an answer to fields of each type.
            for key in keys {
                for text in [format!("{{\"{key}\": {case}}}"), format!("{{\"children\": [{{\"{key}\": {case}}}]}}")] {
                    assert_eq!(disagreement(schema, &text), None, "on {text:?}");
                }
            }
        }
    }
}

/// The limit on depth, with and without brackets inside text and mistakes before it.
#[test]
fn depth_is_refused_as_before() {
    let schemas = shipped_schemas();
    for n in [31, 32, 33, 40, 130] {
        for text in [
            format!("{}{}", "[".repeat(n), "]".repeat(n)),
            format!("{{\"a\": x, \"b\": {}{}}}", "[".repeat(n), "]".repeat(n)),
            format!("{{\"a\": \"{}\"}}", "[".repeat(n)),
            format!("{}", "{\"a\":".repeat(n)),
        ] {
            assert_eq!(disagreement(&schemas[0], &text), None, "on {text:?}");
        }
    }
}

/// Numbers written back as serde_json writes them, which the messages quote.
#[test]
fn numbers_are_written_as_serde_json_writes_them() {
    for x in [
        0.0,
        -0.0,
        1.0,
        12.5,
        0.1,
        1e15,
        1e16,
        1e17,
        123456789012345680.0,
        1e-5,
        1e-6,
        1.5e-7,
        1e300,
        f64::MAX,
        f64::MIN_POSITIVE,
        5e-324,
        -2.5e-10,
        // Rust's `{:e}` and zmij (serde_json's formatter) differ on some 17-digit floats.
        -1714179213414232.2,
    ] {
        let want = serde_json::Number::from_f64(x).unwrap().to_string();
        assert_eq!(crate::json::Num::Float(x).to_string(), want, "{x:e}");
    }
}

/// A token of JSON text: valid values of every kind, and the odd ones.
fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("null".to_string()),
        Just("true".to_string()),
        Just("false".to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<u64>().prop_map(|n| n.to_string()),
        any::<f64>().prop_filter("finite", |x| x.is_finite()).prop_map(|x| format!("{x:e}")),
        any::<f64>().prop_filter("finite", |x| x.is_finite()).prop_map(|x| format!("{x}")),
        (0u32..40, -400i32..400).prop_map(|(m, e)| format!("{m}.{m}e{e}")),
        prop::sample::select(vec![
            "\"yes\"",
            "\"No\"",
            "\"12\"",
            "\" 3.5 \"",
            "\"\"",
            "\"  \"",
            "\"2026-02-30\"",
            "\"2026-11-17\"",
            "\"17/11/2026\"",
            "\"individual\"",
            "\"police\"",
            "[\"a\"]",
            "[]",
            "{}",
            "[1,\"x\",null]",
            "{\"asked\":[],\"ticked\":[]}",
            "{\"asked\":[\"x\"],\"ticked\":\"x\",\"other\":1}",
            "\"\\ud83d\\ude00 caf\\u00e9\"",
            "\"tab\\there\\\"q\\\\\"",
            "\"\\ud800\"",
            "\"\\u0041\\/\"",
            "1e400",
            "-0",
            "01",
            "1.",
            "[1,]",
            "{\"a\":1,\"a\":[2]}",
            "{\"b\":{\"c\":[{},{\"d\":true}]}}",
        ])
        .prop_map(str::to_string),
        "[ -~]{0,12}".prop_map(|s| serde_json::to_string(&s).unwrap()),
    ]
}

/// A form: an object of some of the shipped rule sets' field names (and
/// others), with answers that are tokens, lists of them, or nested forms.
fn form() -> impl Strategy<Value = String> {
    let names = prop::sample::select(vec![
        "referral_type",
        "immediate_danger",
        "children",
        "age",
        "narrative",
        "received",
        "signs",
        "child_support",
        "referrer_agency",
        "date_of_birth",
        "has_partner",
        "name",
        "unknown",
        "asked",
        "ticked",
        "a",
    ]);
    let leaf = token();
    let value = leaf.prop_recursive(4, 40, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(|v| format!("[{}]", v.join(","))),
            prop::collection::vec((names.clone(), inner), 0..6).prop_map(|kv| {
                let body: Vec<String> = kv.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
                format!("{{{}}}", body.join(" , "))
            }),
        ]
    });
    value.prop_map(|v| if v.starts_with('{') { v } else { format!("{{\"children\": [{{\"age\": {v}}}], \"signs\": {v}, \"x\": {v}}}") })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// Random forms, and the same forms cut short or with a byte changed.
    #[test]
    fn random_forms_are_read_as_before(text in form(), cut in any::<prop::sample::Index>(), byte in prop::sample::select(vec![b'"', b'\\', b',', b':', b'{', b'}', b'[', b']', b'\n', b'e', b'-', b'0', b' ', 1u8]), mangle in 0u8..4) {
        let schemas = shipped_schemas_cached();
        let mut text = text;
        if mangle > 0 && !text.is_empty() {
            let mut at = cut.index(text.len());
            while !text.is_char_boundary(at) { at -= 1; }
            match mangle {
                1 => text.truncate(at),
                2 => text.insert(at, byte as char),
                _ => { text.remove(at); }
            }
        }
        for schema in schemas.iter() {
            prop_assert_eq!(disagreement(schema, &text), None, "on {:?}", text);
        }
    }
}

fn shipped_schemas_cached() -> &'static [Schema] {
    static SCHEMAS: std::sync::OnceLock<Vec<Schema>> = std::sync::OnceLock::new();
    SCHEMAS.get_or_init(shipped_schemas)
}

/// The words for matching as the old reader made them, on white space of every kind and cases.
#[test]
fn words_are_made_as_before() {
    for raw in ["", " ", "Ab  CD", "\tA\u{b}b\u{c}C\r\nd ", "a\u{1c}B", "Ünïcode  ÄB", "x\u{a0}Y\u{2003}z", "İstanbul", "ΣΑΣ"] {
        let old = raw.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
        assert_eq!(super::words(raw), old, "{raw:?}");
    }
}

/// The one-pass words against the long way on every character, alone and
/// between letters, spaces and a Σ (whose lower case depends on its neighbours).
#[test]
fn words_are_made_as_before_for_every_character() {
    let old = |raw: &str| raw.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    for c in (0..=0x10_FFFF).filter_map(char::from_u32) {
        for raw in [format!("{c}"), format!("A{c}b"), format!(" {c}Σ {c}")] {
            assert_eq!(super::words(&raw), old(&raw), "{raw:?}");
        }
    }
}
