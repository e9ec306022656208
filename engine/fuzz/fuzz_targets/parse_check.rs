//! Any text, as a rule file: checking and formatting must never panic or hang.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(src) = std::str::from_utf8(data) {
        let diags = screening_engine::api::check(src);
        for d in &diags {
            assert!(d.line() >= 1 && d.column() >= 1);
        }
        if let Ok(formatted) = screening_engine::api::format(src) {
            // What the formatter writes must parse and format to itself.
            let again = screening_engine::api::format(&formatted).expect("formatted text parses");
            assert_eq!(again, formatted);
        }
    }
});
