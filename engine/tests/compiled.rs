//! Differential tests of issue 11: a rule set compiled to its own Wasm module
//! (run here with wasmi) must give the interpreter's outcome, byte for byte
//! as JSON, on the conformance corpus, on every test form and case file of
//! the shipped rule sets, on random forms and on random rule files. A
//! disagreement fails and prints both outcomes.

#[path = "support/random.rs"]
mod random;

use proptest::prelude::*;
use random::*;
use screening_engine::api;
use screening_engine::compiled::{self, Loaded};
use screening_engine::dates::Day;
use screening_engine::form::{self, FormData};
use screening_engine::program::{Program, TestFormDef};
use std::fs;
use std::path::{Path, PathBuf};

/// Compare the two on one form; a difference is written into `failures`.
fn differ(c: &mut Compiled, program: &Program, form: &FormData, date: Day, what: &str, failures: &mut Vec<String>) {
    let want = interpreted_outcome(program, form, date);
    let got = c.outcome(form, date);
    if want != got {
        failures
            .push(format!("{what}: the compiled rule set disagrees with the interpreter\n--- interpreter\n{want}\n--- compiled\n{got}"));
        return;
    }
    // What a person reads (issue 17), for every audience, from the runtime's program too.
    let want = interpreted_presentations(program, form, date);
    let got = c.presentations(form, date);
    if want != got {
        failures.push(format!("{what}: the presentations disagree\n--- interpreter\n{want}\n--- compiled\n{got}"));
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn files(dir: &Path, suffix: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    let mut v: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
    v.sort();
    for p in v {
        if p.is_dir() {
            files(&p, suffix, out);
        } else if p.to_string_lossy().ends_with(suffix) {
            out.push(p);
        }
    }
}

fn program_of(path: &Path) -> Program {
    let src = fs::read_to_string(path).unwrap();
    let c = api::compile(&src).unwrap_or_else(|d| panic!("{}: {d:?}", path.display()));
    c.rule_set.program().clone()
}

#[test]
fn conformance_corpus_agrees() {
    let dir = root().join("tests/corpus/eval");
    let date = api::parse_date("2026-11-20").unwrap();
    let (mut rules, mut forms) = (Vec::new(), Vec::new());
    files(&dir, ".rules", &mut rules);
    files(&dir, ".form.json", &mut forms);
    let mut failures = Vec::new();
    let mut cases = 0;
    for r in &rules {
        let src = fs::read_to_string(r).unwrap();
        let Ok(c) = api::compile(&src) else { continue };
        let program = c.rule_set.program();
        let mut module = Compiled::new(program);
        let stem = r.file_stem().unwrap().to_string_lossy().to_string();
        for f in &forms {
            let name = f.file_name().unwrap().to_string_lossy().to_string();
            if !name.starts_with(&format!("{stem}.")) {
                continue;
            }
            // Forms the engine refuses (too large, not JSON) never reach either side.
            let Ok(value) = form::parse_json(&fs::read_to_string(f).unwrap()) else { continue };
            let data = form::read(&program.schema, &value);
            cases += 1;
            differ(&mut module, program, &data, date, &name, &mut failures);
        }
    }
    assert!(cases > 20, "only {cases} corpus cases found");
    assert!(failures.is_empty(), "{} of {cases} cases disagree:\n{}", failures.len(), failures.join("\n\n"));
}

fn shipped() -> Vec<PathBuf> {
    let mut v = Vec::new();
    let Ok(entries) = fs::read_dir(root().join("rules")) else { return v };
    for e in entries {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "rules") {
            v.push(p);
        }
    }
    v.sort();
    v
}

#[test]
fn shipped_rule_sets_agree_on_their_tests_and_cases() {
    let mut cases_files = Vec::new();
    files(&root().join("rules/cases"), ".json", &mut cases_files);
    let mut failures = Vec::new();
    let mut cases = 0;
    for path in shipped() {
        let program = program_of(&path);
        let mut module = Compiled::new(&program);
        let default = program.default_date.unwrap_or(Day(2_461_000));
        for t in &program.tests {
            let (text, strictness) = match &t.form {
                TestFormDef::Inline(json) => (json.clone(), form::Strictness::InPlace),
                TestFormDef::File(f) => match fs::read_to_string(path.parent().unwrap().join(f)) {
                    Ok(t) => (t, form::Strictness::SharedFile),
                    Err(e) => panic!("{}: test {}: {f}: {e}", path.display(), t.name),
                },
            };
            let Ok(value) = form::parse_json(&text) else { continue };
            let data = form::read_strict(&program.schema, &value, strictness);
            cases += 1;
            differ(&mut module, &program, &data, t.date.unwrap_or(default), &format!("{}: test {}", path.display(), t.name), &mut failures);
        }
        for f in &cases_files {
            let Ok(value) = form::parse_json(&fs::read_to_string(f).unwrap()) else { continue };
            let data = form::read(&program.schema, &value);
            cases += 1;
            differ(&mut module, &program, &data, default, &format!("{} on {}", path.display(), f.display()), &mut failures);
        }
    }
    assert!(cases > 50, "only {cases} cases found");
    assert!(failures.is_empty(), "{} of {cases} cases disagree:\n{}", failures.len(), failures.join("\n\n"));
}

#[test]
fn the_metadata_round_trips_and_other_modules_are_refused() {
    let path = root().join("rules/contextual-safeguarding.rules");
    let program = program_of(&path);
    let wasm = compiled::compile(&program);
    let loaded = Loaded::from_module(&wasm).unwrap();
    assert_eq!(loaded.declarations().rules.len(), program.rules.len());
    assert_eq!(loaded.declarations().info, program.info);
    // Another format version is refused in words: the version follows the format's name.
    let name = b"screening compiled rule set";
    let at = wasm.windows(name.len()).position(|w| w == name).unwrap() + name.len();
    assert_eq!(u32::from(wasm[at]), compiled::FORMAT_VERSION);
    let mut other = wasm.clone();
    other[at] = 7;
    let e = Loaded::from_module(&other).unwrap_err();
    assert!(e.message.contains("another version") && e.message.contains("format 7"), "{}", e.message);
    // Every byte of the description damaged, and every cut of it: refused in words or read, never a panic.
    // (A stride, not every byte: the description is over 100 KB.)
    for i in (at..wasm.len()).step_by(11) {
        let mut damaged = wasm.clone();
        damaged[i] ^= [0x01, 0x80, 0xff][i % 3];
        if let Err(e) = Loaded::from_module(&damaged) {
            assert!(!e.message.is_empty());
        }
    }
    for n in (at..wasm.len()).step_by(13) {
        assert!(Loaded::from_module(&wasm[..n]).is_err(), "cut at {n} of {}", wasm.len());
    }
    // Every cut of the module is refused or read, never a panic.
    for n in (0..wasm.len()).step_by(97) {
        let _ = Loaded::from_module(&wasm[..n]);
    }
    // A malformed output is a diagnostic.
    let data = form::read(&program.schema, &serde_json::json!({}));
    for bad in [&[][..], &[4, 0, 0, 0, 9, 9, 9, 9][..], &[255, 255, 255, 255][..]] {
        assert!(loaded.finish(&data, Day(2_461_000), bad).is_err());
    }
}

/// The runtime's way (`prepare_placed`, then `finish_placed` with what it
/// kept): the same outcome as `finish`, which lays the form out again; and
/// an output that does not match the form kept is refused, never read as
/// another form's answers and never a panic.
#[test]
fn finish_with_what_prepare_kept_refuses_an_output_for_another_form() {
    let path = root().join("rules/contextual-safeguarding.rules");
    let program = program_of(&path);
    let mut c = Compiled::new(&program);
    let date = Day(2_461_000);
    let text = fs::read_to_string(root().join("rules/cases/ash-lane-station.json")).unwrap();
    let full = form::read(&program.schema, &serde_json::from_str::<serde_json::Value>(&text).unwrap());
    let empty = form::read(&program.schema, &serde_json::json!({}));
    let output = c.output(&full, date);
    let (_, placed) = c.loaded.prepare_placed(&full, date);
    let kept = c.loaded.finish_placed(&full, date, &placed, &output).unwrap();
    let again = c.loaded.finish(&full, date, &output).unwrap();
    assert!(!kept.facts.is_empty(), "the case names answers, so the test compares something");
    assert_eq!(kept.outcome(), again.outcome());
    // The full form's output with what was kept for an empty form: it names records and texts the empty form lacks.
    let (_, placed_empty) = c.loaded.prepare_placed(&empty, date);
    let Err(e) = c.loaded.finish_placed(&empty, date, &placed_empty, &output) else { panic!("read another form's output") };
    assert!(e.message.contains("which the form does not have"), "{}", e.message);
    // What was kept for the full form with the empty form: its texts are not there.
    let Err(e) = c.loaded.finish_placed(&empty, date, &placed, &output) else { panic!("read with another form's places") };
    assert!(e.message.contains("not the one laid out"), "{}", e.message);
    // A malformed output is a diagnostic on this path too.
    for bad in [&[][..], &[4, 0, 0, 0, 9, 9, 9, 9][..], &[255, 255, 255, 255][..]] {
        assert!(c.loaded.finish_placed(&full, date, &placed, bad).is_err());
    }
}

/// A module with one custom section, `screening.program`, holding `payload`.
fn module_with_description(payload: &[u8]) -> Vec<u8> {
    fn leb(mut n: usize, out: &mut Vec<u8>) {
        loop {
            let low = (n & 0x7f) as u8;
            n >>= 7;
            out.push(if n == 0 { low } else { low | 0x80 });
            if n == 0 {
                break;
            }
        }
    }
    let mut section = Vec::new();
    leb(compiled::SECTION.len(), &mut section);
    section.extend_from_slice(compiled::SECTION.as_bytes());
    section.extend_from_slice(payload);
    let mut wasm = b"\0asm\x01\0\0\0\0".to_vec();
    leb(section.len(), &mut wasm);
    wasm.extend(section);
    wasm
}

#[test]
fn descriptions_of_other_formats_and_hand_made_ones_are_refused_in_words() {
    let refused = |payload: &[u8]| Loaded::from_module(&module_with_description(payload)).unwrap_err().message;
    // Format 3 and before: JSON text, its format named.
    let e = refused(br#"{"format":"screening compiled rule set","version":3,"input":0}"#);
    assert!(e.contains("another version") && e.contains("format 3"), "{e}");
    let e = refused(br#"{"format":"screening compiled rule set"}"#);
    assert!(e.contains("does not say which format"), "{e}");
    // Not a compiled rule set's description at all.
    for other in [&br#"{"format":"something else","version":4}"#[..], b"", b"{", b"screening", b"\xff\xfe"] {
        let e = refused(other);
        assert!(e.contains("not the description of a compiled rule set"), "{other:?}: {e}");
    }
    // The format's name, then no version, or this version and no description.
    let e = refused(b"screening compiled rule set");
    assert!(e.contains("does not say which format"), "{e}");
    let e = refused(b"screening compiled rule set\x80\x80\x80\x80\x80\x01");
    assert!(e.contains("does not say which format"), "{e}");
    let mut header = b"screening compiled rule set".to_vec();
    header.push(compiled::FORMAT_VERSION as u8);
    let e = refused(&header);
    assert!(e.contains("damaged"), "{e}");
    // The whole description with a byte after it.
    let program = program_of(&root().join("rules/language.rules"));
    let wasm = compiled::compile(&program);
    // The section is the module's last, so its payload runs to the end.
    let name_at = wasm.windows(compiled::SECTION.len()).rposition(|w| w == compiled::SECTION.as_bytes()).unwrap();
    let payload = &wasm[name_at + compiled::SECTION.len()..];
    let mut extra = payload.to_vec();
    extra.push(0);
    let e = Loaded::from_module(&module_with_description(&extra)).unwrap_err().message;
    assert!(e.contains("damaged") && e.contains("1 bytes follow its end"), "{e}");
    assert!(Loaded::from_module(&module_with_description(payload)).is_ok());
}

struct Shipped {
    name: String,
    program: Program,
    module: Compiled,
    words: Vec<String>,
}

thread_local! {
    static SHIPPED: std::cell::RefCell<Vec<Shipped>> = std::cell::RefCell::new(
        shipped()
            .into_iter()
            .map(|p| {
                let program = program_of(&p);
                let module = Compiled::new(&program);
                let words = words_of(&program);
                Shipped { name: p.display().to_string(), program, module, words }
            })
            .collect(),
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, .. ProptestConfig::default() })]

    #[test]
    fn random_forms_agree(dice in prop::collection::vec(any::<u32>(), 0..400), day in 0i32..12_000) {
        let date = Day(2_455_000 + day);
        SHIPPED.with(|s| {
            for sh in s.borrow_mut().iter_mut() {
                let mut d = Dice { n: &dice, at: 0 };
                let value = record(&mut d, &sh.program, 0, &sh.words, 0);
                let data = form::read(&sh.program.schema, &value);
                let want = interpreted_outcome(&sh.program, &data, date);
                let got = sh.module.outcome(&data, date);
                prop_assert!(want == got, "{} on {}:\n--- interpreter\n{}\n--- compiled\n{}", sh.name, value, want, got);
            }
            Ok(())
        })?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, .. ProptestConfig::default() })]

    #[test]
    fn random_rule_files_agree(dice in prop::collection::vec(any::<u32>(), 0..300), forms in prop::collection::vec(prop::collection::vec(any::<u32>(), 0..200), 1..6), day in 0i32..12_000) {
        let mut d = Dice { n: &dice, at: 0 };
        let src = rule_file(&mut d);
        let program = match api::compile(&src) {
            Ok(c) => c.rule_set.program().clone(),
            Err(diags) => panic!("the generated rule file does not compile: {:?}\n{src}", diags.iter().map(|d| &d.message).collect::<Vec<_>>()),
        };
        let mut module = Compiled::new(&program);
        let mut words = words_of(&program);
        words.extend(PHRASES.iter().map(|p| p.to_string()));
        let date = Day(2_455_000 + day);
        for f in &forms {
            let mut fd = Dice { n: f, at: 0 };
            let value = record(&mut fd, &program, 0, &words, 0);
            let data = form::read(&program.schema, &value);
            let want = interpreted_outcome(&program, &data, date);
            let got = module.outcome(&data, date);
            prop_assert!(want == got, "{}\non {}:\n--- interpreter\n{}\n--- compiled\n{}", src, value, want, got);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, .. ProptestConfig::default() })]

    /// A damaged output (any bytes changed) is read back or refused, and
    /// what is read back is explained, without a panic.
    #[test]
    fn a_damaged_output_never_panics(dice in prop::collection::vec(any::<u32>(), 0..200), changes in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8)) {
        SHIPPED.with(|s| {
            let mut s = s.borrow_mut();
            let sh = &mut s[0];
            let mut d = Dice { n: &dice, at: 0 };
            let value = record(&mut d, &sh.program, 0, &sh.words, 0);
            let data = form::read(&sh.program.schema, &value);
            let date = Day(2_461_000);
            let mut output = sh.module.output(&data, date);
            for (at, byte) in &changes {
                let i = at.index(output.len());
                output[i] = *byte;
            }
            if let Ok(ev) = sh.module.loaded.finish(&data, date, &output) {
                let _ = ev.outcome();
            }
            if let Ok(d) = sh.module.loaded.decision(&output) {
                let _ = screening_engine::api::DecisionIds::of(sh.module.loaded.declarations(), &d);
            }
        });
    }
}
