//! Where the whole outcome's time goes, phase by phase, natively: the
//! shipped rule set on the Ash Lane training case. Each phase runs alone
//! when named, so `valgrind --tool=callgrind` counts one phase's
//! instructions (which do not depend on how busy the machine is).
//!
//! Run: cargo run --profile bench --example profile_outcome [PHASE] [N]
//! PHASE: evaluate, decide, outcome (decide and explain), json (the outcome
//! as JSON text, as the runtime hands it to JavaScript), present, finish
//! (the compiled module's output read back), finish-placed (the same with what
//! `prepare_placed` kept, as the runtime does), finish-outcome, or all (default).

#[path = "support/setup.rs"]
mod setup;

use screening_engine::compiled::{compile, Loaded};
use screening_engine::eval::{self, decide};
use screening_engine::{api, form, present};
use std::hint::black_box;
use std::time::Instant;

fn main() {
    let form_text = setup::ash_lane_text();
    let rs = setup::shipped_rule_set();
    let program = rs.program();
    let value: serde_json::Value = serde_json::from_str(&form_text).unwrap();
    let data = form::read(&program.schema, &value);
    let date = api::parse_date("2026-11-17").unwrap();
    let phase = std::env::args().nth(1).unwrap_or_else(|| "all".into());
    let n: usize = std::env::args().nth(2).and_then(|s| s.parse().ok()).unwrap_or(2_000);

    // The module's output for this form, from wasmi, as the runtime would get it.
    let wasm = compile(program);
    let loaded = Loaded::from_module(&wasm).unwrap();
    let output = setup::Wasmi::new(&wasm).output(&loaded.prepare(&data, date));

    let ev = eval::evaluate(program, &data, date);
    let outcome = ev.outcome();
    let options = present::Options::default();
    let text = serde_json::to_string(&outcome).unwrap();
    println!("outcome: {} bytes of JSON", text.len());

    let time = |name: &str, f: &mut dyn FnMut() -> usize| {
        if phase != "all" && phase != name {
            return;
        }
        let mut sink = 0;
        for _ in 0..n.min(50) {
            sink += f();
        }
        let t = Instant::now();
        for _ in 0..n {
            sink += f();
        }
        println!("{name:16} {:>9.2} µs  ({sink})", t.elapsed().as_secs_f64() * 1e6 / n as f64);
    };
    time("evaluate", &mut || eval::evaluate(program, black_box(&data), date).rules.len());
    time("decide", &mut || decide::decide(black_box(&ev)).fired.len());
    time("outcome", &mut || black_box(&ev).outcome().fired.len());
    time("json", &mut || serde_json::to_string(black_box(&outcome)).unwrap().len());
    // What `to_js` now does: the crate's own writer, the same text.
    time("json-writer", &mut || screening_engine::json::to_string(black_box(&outcome)).unwrap().len());
    time("present", &mut || present::present(program, black_box(&outcome), &options).sections.len());
    time("finish", &mut || loaded.finish(black_box(&data), date, &output).unwrap().facts.len());
    let (_, placed) = loaded.prepare_placed(&data, date);
    time("finish-placed", &mut || loaded.finish_placed(black_box(&data), date, &placed, &output).unwrap().facts.len());
    time("finish-outcome", &mut || loaded.finish(black_box(&data), date, &output).unwrap().outcome().fired.len());
}
