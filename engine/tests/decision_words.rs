//! The decision alone (`Loaded::decision`, `finishDecision` in the runtime)
//! builds no string: only the whole outcome puts a result into words
//! (issue 22, "words as data"). Every string's bytes are allocated with an
//! alignment of 1 (`String`, `Vec<u8>`, `Box<str>`), and nothing else the
//! decision holds is (its vectors hold numbers and positions), so a global
//! allocator counts the allocations of alignment 1 made on this thread while
//! the decision is read. The same counter sees the whole outcome's strings,
//! so it is known to count.

#[path = "support/random.rs"]
mod random;

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

    // What `finishDecision` does, from the module's `decide`: the verdict,
    // its ids borrowed, written as JSON into the text kept from the last
    // call. Once that text is large enough, not one string is allocated.
    let quiet = compiled.decide_output(&data, date);
    let declarations = compiled.loaded.declarations();
    let mut text = String::new();
    let write = |text: &mut String| {
        let verdict = compiled.loaded.verdict(&quiet).unwrap();
        screening_engine::json::to_string_into(&api::DecisionIds::of_verdict(declarations, &verdict), text).unwrap();
    };
    write(&mut text);
    let first = text.clone();
    let ((), made) = strings_made(|| write(&mut text));
    assert_eq!(made, 0, "finishDecision's work allocated {made} strings");
    assert_eq!(text, first);
    assert_eq!(text, screening_engine::json::to_string(&api::DecisionIds::of(declarations, &decision)).unwrap());
    assert!(text.contains(declarations.rules[decision.fired[0]].id.as_str()), "{text}");

    // The counter counts: the whole outcome is made of strings.
    let (outcome, made) = strings_made(|| compiled.loaded.finish(&data, date, &output).unwrap().outcome());
    assert_eq!(outcome.fired.len(), decision.fired.len());
    assert!(made > 100, "the whole outcome allocated only {made} strings: the counter does not count");
}
