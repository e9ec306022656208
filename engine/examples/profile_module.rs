//! Where a compiled rule set's own run spends its work: the shipped rule set
//! on the Ash Lane training case, run natively under wasmi with fuel metering
//! (about one unit per instruction executed, so the figures do not depend on
//! how busy the machine is).
//!
//!   cargo run --release --example profile_module [fuel|rules|run] [N]
//!
//! fuel: the fuel of one run of the whole module (default);
//! rules: the same, then the fuel of each rule and floor alone (the module
//! compiled with every other condition `no`, less that module's fuel), the
//! costliest first;
//! run, decide: N runs of the module's `run` (or `decide`) without
//! metering, for callgrind.

#[path = "support/setup.rs"]
mod setup;

use screening_engine::compiled::{compile, Loaded};
use screening_engine::program::{CExpr, Lit, Program};
use screening_engine::{api, form};
use setup::Wasmi;

/// The fuel of one run of `program`'s module on the input `bytes`, and its output.
fn fuel(program: &Program, data: &form::FormData, date: screening_engine::dates::Day) -> (u64, Vec<u8>) {
    let wasm = compile(program);
    let loaded = Loaded::from_module(&wasm).unwrap();
    let bytes = loaded.prepare(data, date);
    let mut w = Wasmi::metered(&wasm);
    // The first run grows the stacks and the memory; the second is the steady state.
    w.output(&bytes);
    let before = w.fuel_used();
    let out = w.output(&bytes);
    (w.fuel_used() - before, out)
}

fn main() {
    let rs = setup::shipped_rule_set();
    let program = rs.program();
    let json = form::parse_json(&setup::ash_lane_text()).unwrap();
    let data = form::read(&program.schema, &json);
    let date = api::parse_date("2026-11-17").unwrap();
    let which = std::env::args().nth(1).unwrap_or_else(|| "fuel".into());
    let n: usize = std::env::args().nth(2).and_then(|s| s.parse().ok()).unwrap_or(1_000);

    if which == "run" || which == "decide" {
        let wasm = compile(program);
        let loaded = Loaded::from_module(&wasm).unwrap();
        let bytes = loaded.prepare(&data, date);
        let mut w = Wasmi::new(&wasm);
        let mut sink = 0;
        for _ in 0..n {
            let bytes = std::hint::black_box(&bytes);
            sink += if which == "run" { w.output(bytes) } else { w.decide_output(bytes) }.len();
        }
        println!("{n} runs ({sink})");
        return;
    }

    let (whole, out) = fuel(program, &data, date);
    println!("module {} bytes, output {} bytes, fuel per run {whole}", compile(program).len(), out.len());
    if which != "rules" {
        return;
    }
    let only = |keep: Option<usize>| {
        let mut p = program.clone();
        let rules = p.conditions.rules.len();
        let no = || CExpr::Lit(Lit::Bool(false));
        for (i, c) in p.conditions.rules.iter_mut().chain(p.conditions.floors.iter_mut()).enumerate() {
            if Some(i) != keep {
                *c = no();
            }
        }
        let _ = rules;
        fuel(&p, &data, date).0
    };
    let none = only(None);
    println!("every condition no: {none}");
    let ids: Vec<&str> = program.rules.iter().map(|r| r.id.as_str()).chain(program.floors.iter().map(|f| f.id.as_str())).collect();
    let mut each: Vec<(u64, &str)> = ids.iter().enumerate().map(|(i, id)| (only(Some(i)).saturating_sub(none), *id)).collect();
    let sum: u64 = each.iter().map(|e| e.0).sum();
    each.sort_by(|a, b| b.cmp(a));
    println!("sum of the conditions alone: {sum}");
    for (f, id) in each.iter().take(25) {
        println!("{f:>8} {id}");
    }
}
