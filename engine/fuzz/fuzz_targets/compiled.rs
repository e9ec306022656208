//! The compiled rule set against the interpreter (issue 11): on any input,
//! the module (run with wasmi) must give the interpreter's outcome byte for
//! byte, and neither may panic or trap.
//! - input starting with `{`: form JSON for the shipped contextual-safeguarding
//!   rule set (the corpus seeds it);
//! - other input with an even first byte: a form built from that rule set's
//!   own fields, the bytes choosing every answer;
//! - odd first byte: a small random rule file using every construct of the
//!   language, and forms for it (tests/support/random.rs, shared with the tests).
#![no_main]
#[path = "../../tests/support/random.rs"]
mod random;

use libfuzzer_sys::fuzz_target;
use random::{interpreted_outcome, record, rule_file, words_of, Compiled, Dice, PHRASES};
use screening_engine::dates::Day;
use screening_engine::form;
use screening_engine::program::Program;
use std::cell::RefCell;

struct Shipped {
    program: Program,
    module: Compiled,
    words: Vec<String>,
}

thread_local! {
    static SHIPPED: RefCell<Shipped> = RefCell::new({
        let src = include_str!("../../../rules/contextual-safeguarding.rules");
        let program = screening_engine::api::compile(src).expect("the shipped rule set compiles").rule_set.program().clone();
        let module = Compiled::new(&program);
        let words = words_of(&program);
        Shipped { program, module, words }
    });
}

fn agree(module: &mut Compiled, program: &Program, value: &serde_json::Value, date: Day) {
    let data = form::read(&program.schema, value);
    let want = interpreted_outcome(program, &data, date);
    let got = module.outcome(&data, date);
    assert!(want == got, "the compiled rule set disagrees with the interpreter on {value}\n--- interpreter\n{want}\n--- compiled\n{got}");
}

fuzz_target!(|data: &[u8]| {
    let Some(&first) = data.first() else { return };
    let date = Day(2_455_000 + first as i32 * 40);
    let dice: Vec<u32> = data[1..].iter().map(|&b| (b as u32).wrapping_mul(2_654_435_761)).collect();
    if first == b'{' || first % 2 == 0 {
        SHIPPED.with(|s| {
            let s = &mut *s.borrow_mut();
            let value = if first == b'{' {
                let Ok(text) = std::str::from_utf8(data) else { return };
                let Ok(v) = form::parse_json(text) else { return };
                serde_json::Value::from(&v)
            } else {
                record(&mut Dice { n: &dice, at: 0 }, &s.program, 0, &s.words, 0)
            };
            agree(&mut s.module, &s.program, &value, date);
        });
    } else {
        let mut d = Dice { n: &dice, at: 0 };
        let src = rule_file(&mut d);
        let program = match screening_engine::api::compile(&src) {
            Ok(c) => c.rule_set.program().clone(),
            Err(diags) => panic!("the generated rule file does not compile: {diags:?}\n{src}"),
        };
        let mut module = Compiled::new(&program);
        let mut words = words_of(&program);
        words.extend(PHRASES.iter().map(|p| p.to_string()));
        for _ in 0..3 {
            let value = record(&mut d, &program, 0, &words, 0);
            agree(&mut module, &program, &value, date);
        }
    }
});
