//! Where a compiled rule set's decision spends its time in the runtime,
//! natively: the shipped rule set on the Ash Lane training case, from the
//! form's JSON text (as the package hands it over) to the decision by ids.
//! Each phase runs alone when named, inside `phase()` (never inlined), so
//! callgrind counts only it:
//!
//!   cargo build --release --example profile_prepare
//!   valgrind --tool=callgrind --collect-atstart=no --toggle-collect='*profile_prepare*phase*' \
//!     target/release/examples/profile_prepare prepare 1000
//!
//! PHASE: parse (JSON text to `Json`), read (`form::read` from `Json`),
//! lay (`Loaded::prepare` from the form as read), prepare (all three: what
//! the runtime's `prepare` does once it has the text), decision (the
//! module's `decide` output to the decision as indices, as the runtime's
//! `decision` does), decision-whole (the whole decision from `run`'s output
//! to its ids as JSON text, as `finishDecision` did before `Loaded::verdict`), or all.

#[path = "support/setup.rs"]
mod setup;

use screening_engine::compiled::{compile, Loaded};
use screening_engine::{api, form};
use std::hint::black_box;
use std::time::Instant;

#[inline(never)]
fn phase(n: usize, f: &mut dyn FnMut() -> usize) -> usize {
    let mut sink = 0;
    for _ in 0..n {
        sink += f();
    }
    sink
}

fn main() {
    let form_text = setup::ash_lane_text();
    // The package hands over `JSON.stringify(form)`: compact text.
    let form_text = form::parse_json(&form_text).unwrap().to_string();
    let rs = setup::shipped_rule_set();
    let program = rs.program();
    let date = api::parse_date("2026-11-17").unwrap();
    let which = std::env::args().nth(1).unwrap_or_else(|| "all".into());
    let n: usize = std::env::args().nth(2).and_then(|s| s.parse().ok()).unwrap_or(2_000);

    let wasm = compile(program);
    let loaded = Loaded::from_module(&wasm).unwrap();
    let schema = &loaded.declarations().schema;
    let json = form::parse_json(&form_text).unwrap();
    let data = form::read(schema, &json);
    // The module's outputs for this form, from wasmi, as the runtime would get them.
    let mut module = setup::Wasmi::new(&wasm);
    let output = module.output(&loaded.prepare(&data, date));
    let decided = module.decide_output(&loaded.prepare(&data, date));
    println!("form {} bytes of JSON, input {} bytes, output {} bytes", form_text.len(), loaded.prepare(&data, date).len(), output.len());

    let time = |name: &str, f: &mut dyn FnMut() -> usize| {
        if which != "all" && which != name {
            return;
        }
        let t = Instant::now();
        let sink = phase(n, f);
        println!("{name:10} {:>9.2} µs  ({sink})", t.elapsed().as_secs_f64() * 1e6 / n as f64);
    };
    time("parse", &mut || match form::parse_json(black_box(&form_text)) {
        Ok(screening_engine::json::Json::Obj(o)) => o.len(),
        _ => 0,
    });
    time("read", &mut || form::read(schema, black_box(&json)).errors.len());
    time("lay", &mut || loaded.prepare(black_box(&data), date).len());
    time("prepare", &mut || {
        let json = form::parse_json(black_box(&form_text)).unwrap();
        let data = form::read(schema, &json);
        loaded.prepare(&data, date).len()
    });
    time("decision", &mut || {
        let v = loaded.verdict(black_box(&decided)).unwrap();
        api::DecisionIds::indices(loaded.declarations(), &v).len()
    });
    // What `finishDecision` did before the verdict: the whole decision from `run`'s output, its ids copied.
    time("decision-whole", &mut || {
        let d = loaded.decision(black_box(&output)).unwrap();
        screening_engine::json::to_string(&api::DecisionIds::of(loaded.declarations(), &d)).unwrap().len()
    });
}
