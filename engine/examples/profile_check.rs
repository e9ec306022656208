//! Where compiling a large rule file spends its time, phase by phase (the
//! best of five runs each): pest alone, pest plus lowering, the checker.
//! Run: cargo run --release --example profile_check [N rules, default 10000 | RULE FILE]

use pest::Parser as _;
use screening_engine::syntax::{self, Grammar, Rule};
use std::time::{Duration, Instant};

#[path = "../benches/engine.rs"]
#[allow(dead_code)]
mod engine;

fn best(f: &mut dyn FnMut()) -> Duration {
    (0..5)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    // A number: that many generated rules; anything else: a rule file to read.
    let arg = std::env::args().nth(1);
    let n = arg.as_deref().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let src = match arg.as_deref() {
        Some(path) if path.parse::<usize>().is_err() => std::fs::read_to_string(path).expect("reads the rule file"),
        _ => engine::generated(n),
    };
    // `profile_check N pest`: one pest parse and nothing else, for `perf stat`.
    if std::env::args().nth(2).as_deref() == Some("pest") {
        pest::set_call_limit(std::num::NonZeroUsize::new(screening_engine::limits::PARSER_CALLS));
        assert!(Grammar::parse(Rule::file, &src).is_ok());
        return;
    }
    println!("{} bytes", src.len());
    pest::set_call_limit(std::num::NonZeroUsize::new(screening_engine::limits::PARSER_CALLS));
    let limits = best(&mut || assert!(screening_engine::syntax::prescan::check_source(&src).is_none()));
    let pest = best(&mut || assert!(Grammar::parse(Rule::file, &src).is_ok()));
    let parse = best(&mut || assert!(syntax::parse(&src).is_ok()));
    let (file, _) = syntax::parse(&src).expect("parses");
    let lines = screening_engine::diagnostics::LineIndex::new(&src);
    let check = best(&mut || assert!(screening_engine::check::check(&file, &lines).0.is_some()));
    let all = best(&mut || assert!(screening_engine::api::compile(&src).is_ok()));
    println!("limits pre-scan {limits:?}\npest alone      {pest:?}\nsyntax::parse   {parse:?} (limits + pest + lowering)\ncheck           {check:?}\napi::compile    {all:?}");
}
