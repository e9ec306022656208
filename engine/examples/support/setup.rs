//! The set-up the profiling examples share (each includes this file with
//! `#[path = "support/setup.rs"]`): the shipped rule set, the Ash Lane
//! training case, and a compiled rule set run natively under wasmi as the
//! runtime would run it in a browser. It sits in a folder of its own so that
//! cargo does not take it for an example.

#![allow(dead_code)]

use screening_engine::api;
use screening_engine::dates::Day;
use std::path::PathBuf;
use wasmi::{Config, Engine, Linker, Memory, Module, Store, TypedFunc};

/// The repository's root.
pub fn root() -> PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The shipped rule set, compiled by the authoring engine.
pub fn shipped_rule_set() -> api::RuleSet {
    let src = std::fs::read_to_string(root().join("rules/contextual-safeguarding.rules")).unwrap();
    api::compile(&src).unwrap().rule_set
}

/// The Ash Lane training case, as the JSON text on disk.
pub fn ash_lane_text() -> String {
    std::fs::read_to_string(root().join("rules/cases/ash-lane-station.json")).unwrap()
}

/// A compiled rule set's module instantiated under wasmi, with the
/// runtime's month arithmetic as its imports.
pub struct Wasmi {
    store: Store<()>,
    memory: Memory,
    input: TypedFunc<i32, i32>,
    run: TypedFunc<i32, i32>,
    decide: TypedFunc<i32, i32>,
}

impl Wasmi {
    pub fn new(wasm: &[u8]) -> Wasmi {
        Wasmi::with_config(wasm, &Config::default())
    }

    /// Counting fuel: one unit for (about) each instruction executed, so
    /// `fuel_used` measures the module's own work.
    pub fn metered(wasm: &[u8]) -> Wasmi {
        let mut config = Config::default();
        config.consume_fuel(true);
        let mut w = Wasmi::with_config(wasm, &config);
        w.store.set_fuel(u64::MAX).unwrap();
        w
    }

    fn with_config(wasm: &[u8], config: &Config) -> Wasmi {
        let engine = Engine::new(config);
        let module = Module::new(&engine, wasm).unwrap();
        let mut store = Store::new(&engine, ());
        let mut linker = <Linker<()>>::new(&engine);
        linker.func_wrap("screening", "add_months", |d: i32, m: i64| Day(d).add_months(m).0).unwrap();
        linker.func_wrap("screening", "months_until", |a: i32, b: i32| Day(a).months_until(Day(b))).unwrap();
        let instance = linker.instantiate_and_start(&mut store, &module).unwrap();
        let memory = instance.get_memory(&store, "memory").unwrap();
        let input = instance.get_typed_func::<i32, i32>(&store, "input").unwrap();
        let run = instance.get_typed_func::<i32, i32>(&store, "run").unwrap();
        let decide = instance.get_typed_func::<i32, i32>(&store, "decide").unwrap();
        Wasmi { store, memory, input, run, decide }
    }

    /// The module's output (its 4-byte length first) for input bytes from
    /// `Loaded::prepare`, as the runtime copies it out.
    pub fn output(&mut self, bytes: &[u8]) -> Vec<u8> {
        self.call(self.run, bytes)
    }

    /// The same from the module's `decide`: the results alone.
    pub fn decide_output(&mut self, bytes: &[u8]) -> Vec<u8> {
        self.call(self.decide, bytes)
    }

    fn call(&mut self, entry: TypedFunc<i32, i32>, bytes: &[u8]) -> Vec<u8> {
        let at = self.input.call(&mut self.store, bytes.len() as i32).unwrap();
        self.memory.write(&mut self.store, at as usize, bytes).unwrap();
        let out = entry.call(&mut self.store, bytes.len() as i32).unwrap() as usize;
        let mem = self.memory.data(&self.store);
        let len = u32::from_le_bytes(mem[out..out + 4].try_into().unwrap()) as usize;
        mem[out..out + 4 + len].to_vec()
    }

    /// The fuel used so far (a metered instance only).
    pub fn fuel_used(&self) -> u64 {
        u64::MAX - self.store.get_fuel().unwrap_or(u64::MAX)
    }
}
