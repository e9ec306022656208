//! Writes the parser pest generates from `src/syntax/grammar.pest` (what
//! `#[derive(pest_derive::Parser)]` would write) to `$OUT_DIR/grammar.rs`,
//! with two changes that make the same calls through less code (see
//! `syntax/shared.rs`):
//! - every `state.rule(..)` goes through `shared::rule`, which hands pest the
//!   rule's closure as `&dyn Fn`, so one copy of `ParserState::rule` serves
//!   all rules (it was compiled once per rule, about 800 bytes each);
//! - each keyword rule (`kw_x = @{ "x" ~ !ident_char }`) is a call to
//!   `shared::keyword` with its word, instead of 1.2 KB of its own.
//!
//! The calls and their order are unchanged, so the parser accepts, builds and
//! reports exactly what it did. In the rule editor's Wasm build this is
//! about 110 KB less code, but only about 3 KB less gzipped: pest's per-rule
//! copies were alike and compressed well.

use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=src/syntax/grammar.pest");
    println!("cargo:rerun-if-changed=build.rs");

    let derive: proc_macro2::TokenStream =
        "#[grammar = \"syntax/grammar.pest\"] pub struct Grammar;".parse().expect("a struct with pest's attribute");
    let code = pest_generator::derive_parser(derive, false).to_string();
    let code = share_keywords(&code);
    // pest changed how it writes its parser if this fails: read its new output before adjusting this file.
    assert!(code.contains("state . rule ("), "pest's generated parser no longer calls `state . rule (`");
    let code = code.replace("state . rule (", "crate :: syntax :: shared :: rule (state , ");
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("grammar.rs");
    std::fs::write(out, code).expect("writes the generated parser");
}

/// Each keyword rule, exactly as pest writes it, to a call of `shared::keyword`.
fn share_keywords(code: &str) -> String {
    let mut out = code.to_string();
    let mut shared = 0;
    let mut rest = code;
    while let Some(at) = rest.find("pub fn r#kw_") {
        rest = &rest[at + "pub fn r#".len()..];
        let name = &rest[..rest.find(' ').expect("a name, then its arguments")];
        let word = &name["kw_".len()..];
        let generated = format!(
            "state . rule (Rule :: r#{name} , | state | {{ state . atomic (:: pest :: Atomicity :: Atomic , | state | {{ state . sequence (| state | {{ state . match_string (\"{word}\") . and_then (| state | {{ state . lookahead (false , | state | {{ self :: r#ident_char (state) }}) }}) }}) }}) }})"
        );
        // (`kw_points` has two spellings and stays as pest wrote it.)
        if out.contains(&generated) {
            let call = format!("crate :: syntax :: shared :: keyword (state , Rule :: r#{name} , \"{word}\" , self :: r#ident_char)");
            out = out.replace(&generated, &call);
            shared += 1;
        }
    }
    assert!(shared > 50, "only {shared} keyword rules were found as expected in pest's generated parser");
    out
}
