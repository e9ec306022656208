//! Speed of a compiled rule set (issue 11) beside the interpreter, natively:
//! the shipped contextual-safeguarding rule set on the Ash Lane station case.
//! The compiled module runs under wasmi, itself an interpreter of Wasm, so
//! these figures are not the browser's (which compiles Wasm to machine code);
//! tests/bench/bench.mjs measures that.
//! Run: cargo bench -p screening-engine --bench compiled

// The examples' set-up: the compiled module run under wasmi as the runtime runs it.
#[path = "../examples/support/setup.rs"]
mod setup;

use criterion::{criterion_group, criterion_main, Criterion};
use screening_engine::compiled::{compile, Loaded};
use screening_engine::eval::{self, decide};
use screening_engine::{api, form};
use std::hint::black_box;
use std::path::Path;

fn benches(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let src = std::fs::read_to_string(root.join("rules/contextual-safeguarding.rules")).expect("shipped rules");
    let form_text = std::fs::read_to_string(root.join("rules/cases/ash-lane-station.json")).expect("training case");
    let date = api::parse_date("2026-11-20").unwrap();
    let rs = api::compile(&src).unwrap().rule_set;
    let program = rs.program();
    let value: serde_json::Value = serde_json::from_str(&form_text).unwrap();
    let data = form::read(&program.schema, &value);

    let wasm = compile(program);
    let loaded = Loaded::from_module(&wasm).unwrap();
    let mut module = setup::Wasmi::new(&wasm);
    // The module's output for this form, as the runtime would copy it out.
    let mut run_module = || -> Vec<u8> { module.output(&loaded.prepare(&data, date)) };
    assert_eq!(
        serde_json::to_string(&loaded.finish(&data, date, &run_module()).unwrap().outcome()).unwrap(),
        serde_json::to_string(&eval::evaluate(program, &data, date).outcome()).unwrap(),
        "the compiled rule set must agree with the interpreter before it is timed"
    );

    let mut g = c.benchmark_group("compiled");
    g.bench_function("interpreter: evaluate + decide", |b| {
        b.iter(|| decide::decide(&eval::evaluate(program, black_box(&data), date)).level)
    });
    g.bench_function("compiled: prepare (the form laid out as the module's input)", |b| {
        b.iter(|| loaded.prepare(black_box(&data), date).len())
    });
    g.bench_function("compiled under wasmi: prepare + run", |b| b.iter(|| run_module().len()));
    let output = run_module();
    g.bench_function("compiled: finish + decide (from the module's output)", |b| {
        b.iter(|| decide::decide(&loaded.finish(black_box(&data), date, &output).unwrap()).level)
    });
    g.bench_function("compiled: the decision alone (the results only, from the module's output)", |b| {
        b.iter(|| loaded.decision(black_box(&output)).unwrap().level)
    });
    g.bench_function("interpreter: evaluate + outcome with reasons", |b| {
        b.iter(|| eval::evaluate(program, black_box(&data), date).outcome())
    });
    g.bench_function("compiled: finish + outcome with reasons", |b| {
        b.iter(|| loaded.finish(black_box(&data), date, &output).unwrap().outcome())
    });
    g.finish();
}

criterion_group!(compiled, benches);
criterion_main!(compiled);
