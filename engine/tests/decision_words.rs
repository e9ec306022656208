//! The decision alone (`Loaded::decision`, `decision` in the runtime)
//! builds no string: only the whole outcome puts a result into words
//! (issue 22, "words as data"). Every string's bytes are allocated with an
//! alignment of 1 (`String`, `Vec<u8>`, `Box<str>`), and nothing else the
//! decision holds is (its vectors hold numbers and positions), so a global
//! allocator counts the allocations of alignment 1 made on this thread while
//! the decision is read. The same counter sees the whole outcome's strings,
//! so it is known to count.

#[path = "support/random.rs"]
mod random;

use screening_engine::eval::decide::Verdict;
use screening_engine::{api, form};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

struct Counting;

thread_local! {
    static COUNTING: Cell<bool> = const { Cell::new(false) };
    static BYTES: Cell<usize> = const { Cell::new(0) };
}

fn note(layout: Layout) {
    if layout.align() == 1 && COUNTING.with(Cell::get) {
        BYTES.with(|b| b.set(b.get() + 1));
    }
}

// SAFETY: every call is passed on to the system allocator unchanged; the
// counting touches only thread-locals initialised without allocating.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note(layout);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note(layout);
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note(layout);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// How many byte buffers (strings) `f` allocates on this thread.
fn strings_made<T>(f: impl FnOnce() -> T) -> (T, usize) {
    BYTES.with(|b| b.set(0));
    COUNTING.with(|c| c.set(true));
    let out = f();
    COUNTING.with(|c| c.set(false));
    (out, BYTES.with(Cell::get))
}

#[test]
fn the_decision_alone_builds_no_string() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let src = std::fs::read_to_string(root.join("rules/contextual-safeguarding.rules")).unwrap();
    let program = api::compile(&src).unwrap().rule_set.program().clone();
    let text = std::fs::read_to_string(root.join("rules/cases/ash-lane-station.json")).unwrap();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let data = form::read(&program.schema, &value);
    let date = api::parse_date("2026-11-17").unwrap();
    let mut compiled = random::Compiled::new(&program);
    let output = compiled.output(&data, date);

    let (decision, made) = strings_made(|| compiled.loaded.decision(&output).unwrap());
    // A decision with something to say, so there were words it could have built.
    assert!(!decision.fired.is_empty() && !decision.undecided.is_empty() && !decision.actions.is_empty(), "{decision:?}");
    assert_eq!(made, 0, "the decision alone allocated {made} strings");
    // Nor does what the runtime's `decision` does, from the module's
    // `decide`: the verdict, then the numbers it hands to JavaScript.
    let quiet = compiled.decide_output(&data, date);
    let declarations = compiled.loaded.declarations();
    let (indices, made) = strings_made(|| {
        let verdict = compiled.loaded.verdict(&quiet).unwrap();
        api::DecisionIds::indices(declarations, &verdict)
    });
    assert_eq!(made, 0, "the decision as indices allocated {made} strings");
    assert!(indices.len() > decision.fired.len());
    // The verdict from `decide`'s output names what the whole decision does.
    let verdict = compiled.loaded.verdict(&quiet).unwrap();
    assert_eq!(api::DecisionIds::of_verdict(declarations, &verdict), api::DecisionIds::of(declarations, &decision));

    // The counter counts: the whole outcome is made of strings.
    let (outcome, made) = strings_made(|| compiled.loaded.finish(&data, date, &output).unwrap().outcome());
    assert_eq!(outcome.fired.len(), decision.fired.len());
    assert!(made > 100, "the whole outcome allocated only {made} strings: the counter does not count");
}

/// The decision as numbers (`DecisionIds::indices`, what the runtime's
/// `decision` hands to JavaScript, which names them from `DecisionNames`)
/// names exactly the ids `DecisionIds::of` gives, on every training case
/// (whole, half answered, and an empty form) with every shipped rule set.
#[test]
fn the_decision_as_indices_names_the_same_ids() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut forms = Vec::new();
    for dir in ["rules/cases", "rules/cases/shared"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "json") && !path.ends_with("index.json") {
                forms.push(serde_json::from_str::<serde_json::Value>(&std::fs::read_to_string(&path).unwrap()).unwrap());
            }
        }
    }
    assert!(forms.len() > 20, "{} training forms", forms.len());
    // Each also half answered (every other answer left out), and nothing
    // answered: undecided rules, and scores whose band is still open.
    let halves: Vec<serde_json::Value> = forms
        .iter()
        .filter_map(|f| f.as_object())
        .map(|m| serde_json::Value::Object(m.iter().step_by(2).map(|(k, v)| (k.clone(), v.clone())).collect()))
        .collect();
    forms.extend(halves);
    forms.push(serde_json::json!({}));
    let mut seen = 0;
    for name in ["contextual-safeguarding.rules", "seraf-scoring.rules", "language.rules"] {
        let src = std::fs::read_to_string(root.join("rules").join(name)).unwrap();
        let program = api::compile(&src).unwrap().rule_set.program().clone();
        let mut compiled = random::Compiled::new(&program);
        let names = api::DecisionNames::of(&program.declarations);
        for (date, value) in ["2026-11-17", "2031-02-28"].into_iter().flat_map(|d| forms.iter().map(move |f| (d, f))) {
            let data = form::read(&program.schema, value);
            let output = compiled.output(&data, api::parse_date(date).unwrap());
            let decision = compiled.loaded.decision(&output).unwrap();
            let want = api::DecisionIds::of(compiled.loaded.declarations(), &decision);
            let v = api::DecisionIds::indices(compiled.loaded.declarations(), &Verdict::of(&decision));
            let mut it = v.iter().map(|&n| n as usize);
            let mut next = || it.next().expect("the numbers end early");
            let level = names.levels[next()];
            let mut lists: Vec<Vec<&str>> = Vec::new();
            for ids in [&names.rules, &names.floors] {
                let n = next();
                lists.push((0..n).map(|_| ids[next()]).collect());
            }
            let n = next();
            let mut undecided = Vec::new();
            for _ in 0..n {
                let kind = next();
                undecided.push([&names.rules, &names.floors, &names.bands][kind][next()]);
            }
            let n = next();
            let actions: Vec<&str> = (0..n).map(|_| names.actions[next()]).collect();
            assert!(it.next().is_none(), "{name}: numbers left over");
            let [fired, floors] = <[Vec<&str>; 2]>::try_from(lists).unwrap();
            assert_eq!(api::DecisionIds { level, fired, floors, undecided, actions }, want, "{name}");
            seen += 1;
        }
    }
    assert!(seen > 60, "{seen} decisions");
}
