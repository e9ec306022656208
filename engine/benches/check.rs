//! Speed of `check` on hostile and very large rule files (issue 8): each must
//! take well under a second, because the demo editor checks as the policy
//! lead types, and a broken file must never make checking quadratic.
//! Run: cargo bench -p screening-engine --bench check
//! Figures are recorded in engine/benches/README.md.

use criterion::{criterion_group, criterion_main, Criterion};
use screening_engine::{api, limits};
use std::hint::black_box;
use std::path::Path;

#[path = "engine.rs"]
#[allow(dead_code)]
mod engine;

fn shipped() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    std::fs::read_to_string(root.join("rules/contextual-safeguarding.rules")).expect("shipped rules")
}

/// The shipped rule set again and again, up to the largest file accepted.
pub fn shipped_to_limit() -> String {
    let one = shipped();
    let mut s = String::with_capacity(limits::MAX_SOURCE_BYTES);
    while s.len() + one.len() <= limits::MAX_SOURCE_BYTES {
        s.push_str(&one);
    }
    s
}

/// 300,000 lines that each start a rule and end there.
pub fn lines_of_rule() -> String {
    "rule\n".repeat(300_000)
}

/// A valid file whose rules all sit on one line of about 2 MB.
pub fn one_long_line() -> String {
    let mut s = String::from("rule set \"Long line\"\nlevels\n  low \"Low\"\nend\nform\n  field age \"Age\": number\nend\n");
    let mut i = 0;
    while s.len() < 2_000_000 {
        s.push_str(&format!(
            "rule r{i} \"R\" context individual kind risk when age is at least {i} then raise to low rationale \"R\" source \"S\" end "
        ));
        i += 1;
    }
    s.push('\n');
    s
}

/// A piece of text that opens and never closes, 2 MB long.
pub fn unterminated_string() -> String {
    let mut s = String::from("rule set \"Open\"\nrule r \"");
    s.push_str(&"a".repeat(2_000_000));
    s
}

/// 200,000 tokens of the language in random order (a fixed seed). Brackets,
/// `not`, `where` and `list` are left out: with them the nesting pre-scan
/// refuses the file at once, and this input is here to make the parser and
/// recovery work.
pub fn random_tokens() -> String {
    let mut words: Vec<&str> =
        screening_engine::syntax::vocabulary::all_words().into_iter().filter(|w| !matches!(*w, "not" | "where" | "list")).collect();
    words.extend(["child", "age", "x", "\"text\"", "3", "2026-01-01", ",", "=", "<", ":", "."]);
    let mut seed: u64 = 0x5eed;
    let mut s = String::from("rule set \"Random\"\n");
    for n in 0..200_000 {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        s.push_str(words[(seed >> 33) as usize % words.len()]);
        s.push(if n % 9 == 8 { '\n' } else { ' ' });
    }
    s
}

fn inputs() -> Vec<(&'static str, String)> {
    vec![
        ("shipped rule set repeated to 4 MB", shipped_to_limit()),
        ("300,000 lines of `rule`", lines_of_rule()),
        ("one 2 MB line", one_long_line()),
        ("2 MB unterminated string", unterminated_string()),
        ("200,000 random tokens", random_tokens()),
    ]
}

fn benches(c: &mut Criterion) {
    // CHECK_ONCE=1: time each input once and print its size and diagnostic
    // count (a quick look while working; the figures come from criterion).
    // CHECK_ONCE=<part of a name> times only the inputs whose name contains it.
    if let Some(only) = std::env::var_os("CHECK_ONCE") {
        let only = only.to_string_lossy().to_string();
        for (name, src) in inputs().into_iter().filter(|(n, _)| only == "1" || n.contains(only.as_str())) {
            let t = std::time::Instant::now();
            let n = cold_check(&src).len();
            eprintln!("{name}: {} bytes, {n} diagnostics, {:?}", src.len(), t.elapsed());
        }
        let big = engine::generated(10_000);
        let t = std::time::Instant::now();
        let ok = api::compile_cold(&big).is_ok();
        eprintln!("compile 10,000 valid rules: {} bytes, compiles: {ok}, {:?}", big.len(), t.elapsed());
        return;
    }
    let mut g = c.benchmark_group("check");
    g.sample_size(10);
    g.warm_up_time(std::time::Duration::from_millis(500));
    for (name, src) in inputs() {
        g.bench_function(name, |b| b.iter(|| cold_check(black_box(&src)).len()));
    }
    let big = engine::generated(10_000);
    g.bench_function("compile 10,000 valid rules", |b| b.iter(|| api::compile_cold(black_box(&big)).is_ok()));
    g.finish();

    // The editor's keystroke: the shipped file with one letter of a rule
    // title changed, by turns one of two letters, so neither the last result
    // nor the changed rule's piece is reused; the other pieces are.
    let src = shipped();
    let at = src.find("\nrule IMM2 \"").expect("IMM2") + 13;
    let texts = [format!("{}a{}", &src[..at], &src[at + 1..]), format!("{}b{}", &src[..at], &src[at + 1..])];
    let mut g = c.benchmark_group("keystroke");
    g.sample_size(20);
    g.bench_function("shipped rule set, cold compile", |b| b.iter(|| api::compile_cold(black_box(&texts[0])).is_ok()));
    let mut n = 0;
    g.bench_function("shipped rule set, one letter changed: check then compile", |b| {
        b.iter(|| {
            n += 1;
            let text = &texts[n % 2];
            api::check(black_box(text)).len() + usize::from(api::compile(black_box(text)).is_ok())
        })
    });
    // The rule editor's one call (RuleEditor.update in the browser): the
    // blocks it keeps, lent to the checker, and the test forms' readings kept.
    let mut editor = api::Editor::new();
    g.bench_function("shipped rule set, one letter changed: the editor's compile", |b| {
        b.iter(|| {
            n += 1;
            editor.compile(black_box(&texts[n % 2])).is_ok()
        })
    });
    g.finish();
}

/// `api::check` from scratch: `api::check` itself keeps its last result,
/// which would time a lookup when the same text is checked again and again.
fn cold_check(src: &str) -> Vec<screening_engine::diagnostics::Diagnostic> {
    match api::compile_cold(src) {
        Ok(c) => c.warnings,
        Err(d) => d,
    }
}

criterion_group!(check, benches);
criterion_main!(check);
