//! The writer against serde_json (a dev-dependency here): the same text,
//! compact and indented, for every outcome, presentation, test report and
//! diagnostic of the shipped rule sets and the corpus, and for random values.

use proptest::prelude::*;
use screening_engine::json::{parse, to_string, to_string_pretty, Json, Num};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Both writers, both layouts: None when they agree, else what differs.
fn differs<T: Serialize + ?Sized>(value: &T) -> Option<String> {
    let (a, b) = (serde_json::to_string(value).map_err(|e| e.to_string()), to_string(value).map_err(|e| e.to_string()));
    if a != b {
        return Some(format!("compact:\n  serde_json {a:?}\n  ours       {b:?}"));
    }
    let (a, b) = (serde_json::to_string_pretty(value).map_err(|e| e.to_string()), to_string_pretty(value).map_err(|e| e.to_string()));
    (a != b).then(|| format!("pretty:\n  serde_json {a:?}\n  ours       {b:?}"))
}

fn same<T: Serialize + ?Sized>(what: &str, value: &T, failures: &mut Vec<String>) {
    if let Some(d) = differs(value) {
        failures.push(format!("{what}: {d}"));
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    fn walk(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, ext, out);
            } else if p.to_string_lossy().ends_with(ext) {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, ext, &mut out);
    out.sort();
    out
}

/// Everything the engine hands to JavaScript or prints for one rule set and its forms.
fn everything_written(rules: &Path, forms: &[PathBuf], failures: &mut Vec<String>) -> usize {
    use screening_engine::present::{present, Audience, Options};
    let src = std::fs::read_to_string(rules).unwrap();
    let name = rules.display().to_string();
    same(&format!("{name}: check"), &screening_engine::api::check(&src), failures);
    same(&format!("{name}: outline"), &screening_engine::api::outline(&src), failures);
    let Ok(compiled) = screening_engine::api::compile(&src) else { return 0 };
    let rs = &compiled.rule_set;
    let today = screening_engine::dates::parse_date("2026-12-01").unwrap();
    let date = rs.default_date().unwrap_or(today);
    same(&format!("{name}: warnings"), &compiled.warnings, failures);
    same(&format!("{name}: info"), &rs.info(), failures);
    same(&format!("{name}: schema"), &rs.schema(), failures);
    same(&format!("{name}: test forms"), &rs.test_forms(today), failures);
    let dir = rules.parent().unwrap().to_path_buf();
    let lookup = move |p: &str| std::fs::read_to_string(dir.join(p)).ok();
    same(&format!("{name}: tests"), &rs.run_tests(&lookup, today), failures);
    let mut n = 0;
    for form in forms {
        let text = std::fs::read_to_string(form).unwrap();
        let Ok(value) = parse(&text) else { continue };
        let at = format!("{name} with {}", form.display());
        same(&format!("{at}: the form"), &value, failures);
        let outcome = rs.evaluate_value(&value, date);
        same(&format!("{at}: outcome"), &outcome, failures);
        for audience in [Audience::Referrer, Audience::Screener, Audience::Print] {
            let options = Options { audience: Some(audience), ..Options::default() };
            same(&format!("{at}: presentation ({audience:?})"), &present(rs.program(), &outcome, &options), failures);
        }
        n += 1;
    }
    n
}

#[test]
fn everything_the_shipped_rule_sets_and_the_corpus_write_is_serde_jsons_text() {
    let mut failures = Vec::new();
    let cases = files(&root().join("rules/cases"), ".json");
    assert!(cases.len() > 50, "found only {} cases", cases.len());
    let mut written = 0;
    for rules in files(&root().join("rules"), ".rules") {
        written += everything_written(&rules, &cases, &mut failures);
    }
    // Each corpus rule file with its own forms (`NAME.*.form.json`).
    let corpus = root().join("tests/corpus/eval");
    let forms = files(&corpus, ".form.json");
    for rules in files(&corpus, ".rules") {
        let stem = rules.file_stem().unwrap().to_string_lossy().to_string() + ".";
        let own: Vec<PathBuf> = forms.iter().filter(|f| f.file_name().unwrap().to_string_lossy().starts_with(&stem)).cloned().collect();
        written += everything_written(&rules, &own, &mut failures);
    }
    for rules in files(&root().join("tests/corpus/diagnostics"), ".rules") {
        everything_written(&rules, &[], &mut failures);
    }
    assert!(written > 250, "only {written} outcomes were written");
    // What binding a form's controls gives (tests/binding), and the binding itself.
    let dir = root().join("tests/binding");
    let rules = std::fs::read_to_string(dir.join("referral.rules")).unwrap();
    let rs = screening_engine::api::compile(&rules).unwrap().rule_set;
    let today = screening_engine::dates::parse_date("2026-12-01").unwrap();
    let mut bound = 0;
    for case in std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.path()).filter(|p| p.is_dir()) {
        let read = |name: &str| std::fs::read_to_string(case.join(name)).ok();
        let (Some(b), Some(c)) = (read("binding.json"), read("controls.json")) else { continue };
        let (Ok(b), Ok(c)) = (screening_engine::api::read_binding(&b), screening_engine::api::read_controls(&c)) else { continue };
        same(&format!("{}: binding", case.display()), &b, &mut failures);
        same(&format!("{}: controls", case.display()), &c, &mut failures);
        same(&format!("{}: bound", case.display()), &rs.bind(&b, &c, today), &mut failures);
        bound += 1;
    }
    assert!(bound > 5, "only {bound} binding cases");
    same("limits", &screening_engine::limits::LIMITS, &mut failures);
    same("vocabulary", &screening_engine::syntax::vocabulary::export(), &mut failures);
    assert!(failures.is_empty(), "{} differences, the first:\n{}", failures.len(), failures[..failures.len().min(3)].join("\n"));
}

/// Every shape serde has, in both layouts.
#[test]
fn every_shape_serde_has_is_written_as_serde_json_writes_it() {
    #[derive(Serialize)]
    struct Unit;
    #[derive(Serialize)]
    struct Newtype(i32);
    #[derive(Serialize)]
    struct Tuple(i8, String, ());
    #[derive(Serialize)]
    enum E {
        A,
        B(u8),
        C(i16, f32),
        D { x: Option<u32>, y: Vec<u8> },
        Empty {},
        EmptyTuple(),
    }
    #[derive(Serialize)]
    #[serde(tag = "kind", rename_all = "camelCase")]
    enum Tagged {
        One { a: i64 },
        Two,
    }
    #[derive(Serialize)]
    #[serde(untagged)]
    enum Untagged {
        S(String),
        N(u64),
    }
    #[derive(Serialize)]
    struct Inner {
        z: bool,
    }
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct All {
        unit: Unit,
        newtype: Newtype,
        tuple: Tuple,
        es: Vec<E>,
        tagged: Vec<Tagged>,
        untagged: Vec<Untagged>,
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<u8>,
        #[serde(flatten)]
        inner: Inner,
        int_keys: BTreeMap<i32, &'static str>,
        bool_keys: BTreeMap<bool, ()>,
        char_keys: BTreeMap<char, char>,
        empty_map: BTreeMap<String, u8>,
        empty_vec: Vec<Vec<u8>>,
        nested_empty: Vec<Vec<u8>>,
        bytes: serde_bytes_like::Bytes,
        big: (u128, i128, u64, i64),
        floats: Vec<f64>,
        floats32: Vec<f32>,
        text: &'static str,
    }
    mod serde_bytes_like {
        pub struct Bytes(pub Vec<u8>);
        impl serde::Serialize for Bytes {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_bytes(&self.0)
            }
        }
    }
    let all = All {
        unit: Unit,
        newtype: Newtype(-7),
        tuple: Tuple(-1, "t".into(), ()),
        es: vec![
            E::A,
            E::B(3),
            E::C(-2, 1.5),
            E::D { x: None, y: vec![] },
            E::D { x: Some(4), y: vec![1, 2] },
            E::Empty {},
            E::EmptyTuple(),
        ],
        tagged: vec![Tagged::One { a: -3 }, Tagged::Two],
        untagged: vec![Untagged::S("s".into()), Untagged::N(9)],
        skipped: None,
        inner: Inner { z: true },
        int_keys: [(-1, "a"), (20, "b")].into_iter().collect(),
        bool_keys: [(false, ()), (true, ())].into_iter().collect(),
        char_keys: [('"', '\n'), ('é', '\u{1}')].into_iter().collect(),
        empty_map: BTreeMap::new(),
        empty_vec: vec![],
        nested_empty: vec![vec![], vec![0]],
        bytes: serde_bytes_like::Bytes(vec![0, 255]),
        big: (u128::MAX, i128::MIN, u64::MAX, i64::MIN),
        floats: vec![
            0.0,
            -0.0,
            1.0,
            -1.5,
            0.1,
            1e16,
            1e15,
            123456789012345680.0,
            1e-5,
            1e-6,
            1e300,
            5e-324,
            f64::MAX,
            f64::NAN,
            f64::INFINITY,
        ],
        floats32: vec![0.1, 1e-7, 3.4e38, 16777216.0, 1e16, f32::NAN],
        text: "tab\there \"quoted\" back\\slash \u{7f} \u{1f} ünï 😀\r\n\u{8}\u{c}",
    };
    assert_eq!(differs(&all), None);
    let mut skipped = all;
    skipped.skipped = Some(1);
    assert_eq!(differs(&skipped), None);
    // A map key that is not text is refused by both.
    let bad: BTreeMap<Vec<u8>, u8> = [(vec![1], 1)].into_iter().collect();
    assert!(serde_json::to_string(&bad).is_err() && to_string(&bad).is_err());
}

fn arb_json() -> impl Strategy<Value = Json> {
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        any::<u64>().prop_map(|u| Json::Num(Num::Pos(u))),
        any::<i64>().prop_map(|i| Json::Num(if i < 0 { Num::Neg(i) } else { Num::Pos(i as u64) })),
        any::<u64>().prop_map(f64::from_bits).prop_filter("finite", |f| f.is_finite()).prop_map(|f| Json::Num(Num::Float(f))),
        (-1e20f64..1e20).prop_map(|f| Json::Num(Num::Float(f))),
        any::<String>().prop_map(Json::Str),
        "[ -~\\x00-\\x1f\\x7fé😀]{0,20}".prop_map(Json::Str),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Json::Arr),
            prop::collection::btree_map("[a-z\"\\\\\n]{0,4}", inner, 0..6).prop_map(|m| Json::Obj(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    /// A random JSON value is written as serde_json writes the same `Value`.
    #[test]
    fn random_values_are_written_as_serde_json_writes_them(v in arb_json()) {
        let theirs = serde_json::Value::from(&v);
        prop_assert_eq!(serde_json::to_string(&theirs).unwrap(), to_string(&v).unwrap());
        prop_assert_eq!(serde_json::to_string_pretty(&theirs).unwrap(), to_string_pretty(&v).unwrap());
    }

    /// Any float, from its bits, in both widths.
    #[test]
    fn random_floats_are_written_as_serde_json_writes_them(bits in any::<u64>(), bits32 in any::<u32>()) {
        let (x, y) = (f64::from_bits(bits), f32::from_bits(bits32));
        prop_assert_eq!(serde_json::to_string(&x).unwrap(), to_string(&x).unwrap());
        prop_assert_eq!(serde_json::to_string(&y).unwrap(), to_string(&y).unwrap());
    }

    /// Any text, escaped.
    #[test]
    fn random_text_is_escaped_as_serde_json_escapes_it(s in any::<String>()) {
        prop_assert_eq!(serde_json::to_string(&s).unwrap(), to_string(&s).unwrap());
    }

    /// Text mostly plain with a few bytes to escape anywhere in an eight-byte
    /// word, next to characters of two to four bytes: the writer finds the
    /// first byte to escape in a word from its mask.
    #[test]
    fn text_with_escapes_at_every_place_in_a_word(s in "[a-z ]{0,20}([\\\"\\\\\\x00-\\x1f\\x7f ]|é|€|😀|[a-z]{1,9}){0,30}") {
        prop_assert_eq!(serde_json::to_string(&s).unwrap(), to_string(&s).unwrap());
    }
}
