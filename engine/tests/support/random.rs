//! Shared by the differential tests (tests/compiled.rs) and the `compiled`
//! fuzz target: running a compiled rule set with wasmi, and random forms and
//! rule files drawn from a list of numbers (proptest's or libFuzzer's).
#![allow(dead_code)]

use screening_engine::compiled::{self, Loaded};
use screening_engine::dates::Day;
use screening_engine::form::FormData;
use screening_engine::program::{CExpr, FieldTy, Lit, Program, RecordId};
use wasmi::{Engine, Instance, Linker, Memory, Module, Store, TypedFunc};

/// One compiled rule set, instantiated once and run on many forms.
/// The interpreter's outcome, as JSON.
pub fn interpreted_outcome(program: &Program, form: &FormData, date: Day) -> String {
    serde_json::to_string_pretty(&screening_engine::eval::evaluate(program, form, date).outcome()).unwrap()
}

/// The presentation model for each audience, as JSON, from a program and its outcome.
#[allow(dead_code)] // used by the compiled tests, not by every test file that shares this module
pub fn presentations(program: &screening_engine::program::Declarations, outcome: &screening_engine::outcome::Outcome) -> String {
    use screening_engine::present::{present, Audience, Options};
    let labels: std::collections::HashMap<String, String> =
        [("children.going_missing".to_string(), "Does the child go missing?".to_string())].into_iter().collect();
    [Audience::Referrer, Audience::Screener, Audience::Print]
        .into_iter()
        .map(|a| serde_json::to_string_pretty(&present(program, outcome, &Options { audience: Some(a), labels: labels.clone() })).unwrap())
        .collect::<Vec<_>>()
        .join("\n")
}

#[allow(dead_code)]
pub fn interpreted_presentations(program: &Program, form: &FormData, date: Day) -> String {
    presentations(program, &screening_engine::eval::evaluate(program, form, date).outcome())
}

pub struct Compiled {
    pub loaded: Loaded,
    store: Store<()>,
    memory: Memory,
    input: TypedFunc<i32, i32>,
    run: TypedFunc<i32, i32>,
    decide: TypedFunc<i32, i32>,
}

impl Compiled {
    pub fn new(program: &Program) -> Compiled {
        let wasm = compiled::compile(program);
        let loaded = Loaded::from_module(&wasm).unwrap_or_else(|d| panic!("{}", d.message));
        let engine = Engine::default();
        let module = Module::new(&engine, &wasm).unwrap_or_else(|e| panic!("the compiled module is not valid Wasm: {e}"));
        let mut store = Store::new(&engine, ());
        let mut linker = <Linker<()>>::new(&engine);
        linker.func_wrap("screening", "add_months", |day: i32, months: i64| Day(day).add_months(months).0).unwrap();
        linker.func_wrap("screening", "months_until", |from: i32, to: i32| Day(from).months_until(Day(to))).unwrap();
        let instance: Instance = linker.instantiate_and_start(&mut store, &module).unwrap();
        let memory = instance.get_memory(&store, "memory").unwrap();
        let input = instance.get_typed_func::<i32, i32>(&store, "input").unwrap();
        let run = instance.get_typed_func::<i32, i32>(&store, "run").unwrap();
        let decide = instance.get_typed_func::<i32, i32>(&store, "decide").unwrap();
        Compiled { loaded, store, memory, input, run, decide }
    }

    /// The outcome as JSON, through the module.
    /// The module's raw output for a form (its 4-byte length first), as `finish` takes it.
    pub fn output(&mut self, form: &FormData, date: Day) -> Vec<u8> {
        self.call(self.run, form, date)
    }

    /// The output of the module's `decide`: the results alone, no reasons recorded.
    pub fn decide_output(&mut self, form: &FormData, date: Day) -> Vec<u8> {
        self.call(self.decide, form, date)
    }

    fn call(&mut self, entry: TypedFunc<i32, i32>, form: &FormData, date: Day) -> Vec<u8> {
        let bytes = self.loaded.prepare(form, date);
        let at = self.input.call(&mut self.store, bytes.len() as i32).unwrap();
        assert!(at >= 0, "input refused {} bytes", bytes.len());
        self.memory.write(&mut self.store, at as usize, &bytes).unwrap();
        let out = entry.call(&mut self.store, bytes.len() as i32).unwrap_or_else(|e| panic!("the module trapped: {e}"));
        assert!(out >= 0, "run failed");
        let data = self.memory.data(&self.store);
        let len = u32::from_le_bytes(data[out as usize..out as usize + 4].try_into().unwrap()) as usize;
        data[out as usize..out as usize + 4 + len].to_vec()
    }

    pub fn outcome(&mut self, form: &FormData, date: Day) -> String {
        let output = self.output(form, date);
        let quiet = self.decide_output(form, date);
        let ev = self.loaded.finish(form, date, &output).unwrap_or_else(|d| panic!("{}", d.message));
        // The runtime's way: where `prepare` put each record and text, kept, not laid out again. The same outcome.
        let (_, placed) = self.loaded.prepare_placed(form, date);
        let kept = self.loaded.finish_placed(form, date, &placed, &output).unwrap_or_else(|d| panic!("{}", d.message));
        assert_eq!(ev.outcome(), kept.outcome(), "finish_placed differs from finish");
        // The decision alone, read from the results only, is the whole evaluation's decision but its questions.
        let mut whole = screening_engine::eval::decide::decide(&ev);
        whole.questions.clear();
        let alone = self.loaded.decision(&output).unwrap_or_else(|d| panic!("{}", d.message));
        assert!(alone == whole, "the decision read alone differs from the whole evaluation's:\n{alone:?}\n{whole:?}");
        // The module's `decide` records nothing but gives the same results.
        let decided = self.loaded.decision(&quiet).unwrap_or_else(|d| panic!("{}", d.message));
        assert!(decided == whole, "the module's decide differs from its run:\n{decided:?}\n{whole:?}");
        // What `finishDecision` reports, worked out alone, from either output.
        let verdict = screening_engine::eval::decide::Verdict::of(&whole);
        for out in [&output, &quiet] {
            let alone = self.loaded.verdict(out).unwrap_or_else(|d| panic!("{}", d.message));
            assert!(alone == verdict, "the verdict alone differs from the whole decision's:\n{alone:?}\n{verdict:?}");
        }
        // Its length, then a 12-byte header (result, 0 reasons, 0 questions) for each rule and floor.
        let results = self.loaded.declarations().rules.len() + self.loaded.declarations().floors.len();
        assert_eq!(quiet.len(), 4 + 12 * results, "decide recorded reasons or questions");
        serde_json::to_string_pretty(&ev.outcome()).unwrap()
    }

    /// What each audience reads, from the compiled rule set's program (its
    /// metadata, with no conditions) and outcome.
    #[allow(dead_code)]
    pub fn presentations(&mut self, form: &FormData, date: Day) -> String {
        let output = self.output(form, date);
        let ev = self.loaded.finish(form, date, &output).unwrap_or_else(|d| panic!("{}", d.message));
        presentations(self.loaded.declarations(), &ev.outcome())
    }
}

// ---- random forms ----

/// Texts and phrases the rules look for, so random narratives hit them.
pub fn words_of(program: &Program) -> Vec<String> {
    fn walk(e: &CExpr, out: &mut Vec<String>) {
        match e {
            CExpr::Lit(Lit::Text(t)) => out.push(t.clone()),
            CExpr::Contains { text, phrases, .. } => {
                out.extend(phrases.iter().cloned());
                walk(text, out);
            }
            CExpr::And(v) | CExpr::Or(v) => v.iter().for_each(|x| walk(x, out)),
            CExpr::Not(x) | CExpr::Answered(x) => walk(x, out),
            CExpr::Compare(_, a, b) | CExpr::Arith(_, a, b) | CExpr::Between { from: a, to: b, .. } => {
                walk(a, out);
                walk(b, out);
            }
            CExpr::Within { value, other, .. } => {
                walk(value, out);
                walk(other, out);
            }
            CExpr::OneOf { value, options, .. } => {
                walk(value, out);
                options.iter().for_each(|x| walk(x, out));
            }
            CExpr::Includes { value, .. } => walk(value, out),
            CExpr::Quant { cond, .. } => walk(cond, out),
            CExpr::Count { cond: Some(c), .. } => walk(c, out),
            _ => {}
        }
    }
    let mut out = Vec::new();
    let c = &program.conditions;
    for e in c.defs.iter().chain(&c.rules).chain(&c.floors) {
        walk(e, &mut out);
    }
    out
}

/// Choices drawn from a fixed list of random numbers.
pub struct Dice<'a> {
    pub n: &'a [u32],
    pub at: usize,
}

impl Dice<'_> {
    pub fn roll(&mut self, below: u32) -> u32 {
        let x = self.n.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        if below == 0 {
            0
        } else {
            x % below
        }
    }
}

pub const PIECES: &[&str] =
    &[" ", "  ", "-", ".", ",", "é", "É", "ß", "ﬁ", "İ", "Σ", "日本", "٣", "\t", "x", "A", "7", "'s", "\u{301}", "ΣΑΣ"];

pub fn text(d: &mut Dice, words: &[String]) -> String {
    let mut s = String::new();
    for _ in 0..d.roll(6) {
        match d.roll(3) {
            0 if !words.is_empty() => {
                let w = &words[d.roll(words.len() as u32) as usize];
                // Sometimes shouted, sometimes glued to a letter.
                match d.roll(3) {
                    0 => s.push_str(&w.to_uppercase()),
                    _ => s.push_str(w),
                }
            }
            _ => s.push_str(PIECES[d.roll(PIECES.len() as u32) as usize]),
        }
    }
    s
}

pub fn value(d: &mut Dice, program: &Program, ty: &FieldTy, words: &[String], depth: usize) -> serde_json::Value {
    use serde_json::{json, Value};
    // Sometimes unanswered, sometimes the wrong type.
    match d.roll(10) {
        0 => return Value::Null,
        1 => {
            return match d.roll(5) {
                0 => json!(true),
                1 => json!(3.5),
                2 => json!("2026-02-30"),
                3 => json!(["x"]),
                _ => json!({}),
            }
        }
        _ => {}
    }
    match ty {
        FieldTy::YesNo => match d.roll(4) {
            0 => json!("yes"),
            1 => json!("no"),
            _ => json!(d.roll(2) == 0),
        },
        FieldTy::Number => match d.roll(4) {
            0 => json!(d.roll(20) as f64 - 5.0),
            1 => json!(d.roll(2000) as f64 / 7.0),
            2 => json!(1e15),
            _ => json!(d.roll(5)),
        },
        FieldTy::Text => json!(text(d, words)),
        FieldTy::Date => {
            let day = 2_455_000 + d.roll(8000) as i32;
            json!(Day(day).to_string())
        }
        FieldTy::OneOf(opts) => json!(opts.get(d.roll(opts.len() as u32 + 1) as usize).map(|o| o.id.as_str()).unwrap_or("nonsense")),
        FieldTy::SeveralOf(opts) => {
            // Sometimes the form asked only some of the options (and now and
            // then nothing, or ticked one it did not ask: a form error).
            if d.roll(3) == 0 {
                let asked: Vec<&str> = opts.iter().filter(|_| d.roll(2) == 0).map(|o| o.id.as_str()).collect();
                let mut ticked: Vec<&str> = asked.iter().copied().filter(|_| d.roll(2) == 0).collect();
                if d.roll(12) == 0 && !opts.is_empty() {
                    ticked.push(opts[d.roll(opts.len() as u32) as usize].id.as_str());
                }
                return json!({"asked": asked, "ticked": ticked});
            }
            let v: Vec<&str> = opts.iter().filter(|_| d.roll(3) == 0).map(|o| o.id.as_str()).collect();
            json!(v)
        }
        FieldTy::List(r) => {
            if depth > 3 {
                return json!([]);
            }
            let n = d.roll(4);
            Value::Array((0..n).map(|_| record(d, program, *r, words, depth + 1)).collect())
        }
    }
}

pub fn record(d: &mut Dice, program: &Program, rec: RecordId, words: &[String], depth: usize) -> serde_json::Value {
    let mut map = serde_json::Map::new();
    for &f in &program.schema.records[rec].fields {
        let fd = &program.schema.fields[f];
        // Some questions are left out altogether.
        if d.roll(8) == 0 {
            continue;
        }
        map.insert(fd.name.clone(), value(d, program, &fd.ty, words, depth));
    }
    serde_json::Value::Object(map)
}

// ---- random rule files ----

/// A small rule file over a fixed form, each rule's condition drawn from
/// every construct of the language (dice pick them), so the compiler is
/// compared with the interpreter beyond what the shipped rule sets use.
pub const HEADER: &str = r#"rule set "Random"
levels
  low "Low"
  high "High"
end
form
  field flag "Flag": yes or no
  field n "N": number
  field m "M": number
  field t "T": text
  field d "D": date
  field e "E": date
  field kind "Kind": one of (a "A", b "B", c "C")
  field tags "Tags": several of (x "X", y "Y", z "Z")
  list items "Items": each item "Item"
    field ok "OK": yes or no
    field k "K": number
    field s "S": text
    field when "When": date
    field signs "Signs": several of (p "P", q "Q", r "R", w "W")
    list subs "Subs": each sub "Sub"
      field v "V": number
    end
  end
end
define total "Total" = n + m
define spread = n - m
define product "Product" = n * m
define item.big "Big" = item.k is at least 2
define item.young = item.ok is yes and item.k is less than 3
define age "Age" = years from d to e
define label "Label" = t
define picked = tags
define item.seen "Seen" = item.signs
"#;

pub const LITERALS: &[&str] = &["hello", "HELLO", " Hello ", "straße", "STRASSE", "İ", "σας", "ΣΑΣ", "a b", "x", ""];
pub const PHRASES: &[&str] = &["hello", "a b", "straße", "x", "risk", "σας", "日本"];

pub fn num(d: &mut Dice) -> String {
    ["0", "1", "2", "3", "-1", "0.5", "10"][d.roll(7) as usize].to_string()
}

pub fn item_cond(d: &mut Dice, depth: u32) -> String {
    match d.roll(if depth > 2 { 6 } else { 11 }) {
        0 => "item.ok is yes".into(),
        1 => format!("item.k is at least {}", num(d)),
        2 => format!("item.s contains \"{}\"", PHRASES[d.roll(PHRASES.len() as u32) as usize]),
        3 => "item.big".into(),
        4 => format!("number of item.subs is at least {}", d.roll(3)),
        5 => format!("item.when is within {} days before e", d.roll(40)),
        6 => format!("any sub in item.subs where sub.v is more than {}", num(d)),
        7 => format!("({} {} {})", item_cond(d, depth + 1), ["and", "or"][d.roll(2) as usize], item_cond(d, depth + 1)),
        9 => format!(
            "item.signs {}",
            ["includes p", "does not include q", "includes any of (q, r)", "includes all of (p, w)"][d.roll(4) as usize]
        ),
        10 => format!("item.seen includes {}", ["r", "any of (p, w)", "all of (q, r)"][d.roll(3) as usize]),
        _ => format!("not ({})", item_cond(d, depth + 1)),
    }
}

pub fn cond(d: &mut Dice, depth: u32) -> String {
    let cmp = |d: &mut Dice| ["is", "is not", "is at least", "is at most", "is more than", "is less than"][d.roll(6) as usize];
    let unit = |d: &mut Dice| ["days", "weeks", "months", "years"][d.roll(4) as usize];
    // 0..=21 are plain conditions, 22..=27 nest, 28.. are more plain ones (shifted by the dice below).
    let pick = d.roll(if depth > 2 { 28 } else { 34 });
    let pick = if depth > 2 && pick >= 22 { pick + 6 } else { pick };
    match pick {
        0 => "flag is yes".into(),
        1 => format!("n {} {}", cmp(d), num(d)),
        2 => format!("n + m {} {}", cmp(d), num(d)),
        3 => format!("n * m {} {}", cmp(d), num(d)),
        4 => format!("spread * {} {} {}", num(d), cmp(d), num(d)),
        5 => format!("t contains any of (\"{}\", \"{}\")", PHRASES[d.roll(7) as usize], PHRASES[d.roll(7) as usize]),
        6 => format!("t does not contain \"{}\"", PHRASES[d.roll(7) as usize]),
        7 => format!("t {} \"{}\"", ["is", "is not"][d.roll(2) as usize], LITERALS[d.roll(LITERALS.len() as u32) as usize]),
        8 => format!("d is {} e", ["before", "after", "on or before", "on or after"][d.roll(4) as usize]),
        9 => format!("d is within {} {} {} e", d.roll(13), unit(d), ["before", "after", "of"][d.roll(3) as usize]),
        10 => format!("{} from d to e {} {}", unit(d), cmp(d), d.roll(30)),
        11 => format!("kind is {}", ["a", "b", "c"][d.roll(3) as usize]),
        12 => format!("kind is {}one of (a, c)", ["", "not "][d.roll(2) as usize]),
        13 => format!("tags includes {}", ["x", "any of (x, y)", "all of (y, z)"][d.roll(3) as usize]),
        14 => format!("tags does not include {}", ["y", "z"][d.roll(2) as usize]),
        15 => format!(
            "{} is {}answered",
            ["n", "t", "d", "kind", "tags", "flag", "items", "total"][d.roll(8) as usize],
            ["", "not "][d.roll(2) as usize]
        ),
        16 => format!("total {} {}", cmp(d), num(d)),
        17 => format!("product {} {}", cmp(d), num(d)),
        18 => format!("age {} {}", cmp(d), d.roll(20)),
        19 => format!("label {} \"{}\"", ["is", "is not"][d.roll(2) as usize], LITERALS[d.roll(LITERALS.len() as u32) as usize]),
        20 => format!("d is within {} {} before today", d.roll(13), unit(d)),
        21 => format!("number of {} is at least {}", ["items", "items.subs"][d.roll(2) as usize], d.roll(4)),
        22 => format!("{} item in items where ({})", ["any", "all", "no"][d.roll(3) as usize], item_cond(d, depth + 1)),
        23 => format!("count item in items where ({}) {} {}", item_cond(d, depth + 1), cmp(d), d.roll(3)),
        24 => format!("(count item in items where ({}) - n) * m {} {}", item_cond(d, depth + 1), cmp(d), num(d)),
        28 => format!("{} sub in items.subs where sub.v is at least {}", ["any", "all", "no"][d.roll(3) as usize], num(d)),
        29 => format!("count sub in items.subs where sub.v is more than {} is at least {}", num(d), d.roll(3)),
        30 => format!("label contains \"{}\"", PHRASES[d.roll(7) as usize]),
        31 => "any item in items where item.young".into(),
        32 => format!("picked {}", ["includes any of (x, z)", "does not include y", "includes all of (x, y)"][d.roll(3) as usize]),
        33 => format!(
            "{} item in items where item.signs includes {}",
            ["any", "all", "no"][d.roll(3) as usize],
            ["p", "any of (q, w)"][d.roll(2) as usize]
        ),
        25 => format!("not ({})", cond(d, depth + 1)),
        _ => {
            let op = ["and", "or"][d.roll(2) as usize];
            let parts: Vec<String> = (0..2 + d.roll(2)).map(|_| cond(d, depth + 1)).collect();
            format!("({})", parts.join(&format!(" {op} ")))
        }
    }
}

pub fn rule_file(d: &mut Dice) -> String {
    let mut s = HEADER.to_string();
    for i in 0..1 + d.roll(6) {
        s.push_str(&format!(
            "rule R{i} \"Rule {i}\"\n  context individual\n  kind risk\n  when {}\n  then raise to high\n  rationale \"Random.\"\n  source \"Test\"\nend\n",
            cond(d, 0)
        ));
    }
    s
}
