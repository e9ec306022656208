//! The rule editor's compiler (`api::Editor`, which keeps each top-level
//! block's parse and pre-scan between calls) gives exactly what a fresh
//! compile gives (`api::compile_cold`), over random edit sessions: letters
//! typed, replaced and deleted anywhere; a block broken then fixed; blocks
//! added, copied and deleted; the header and the form's fields edited; the
//! file emptied; and what rules read changed under them (a definition
//! renamed or made a number or written a line lower, a form field's type
//! changed, a level removed, a test's form made unreadable at the same length),
//! as the editor keeps each rule's check while what it reads is unchanged.
//! Compared: every diagnostic with its span, line and column,
//! the program (through `Debug`, which unlike `==` sees spans), and the
//! outcome of a referral screened with the result.

use proptest::prelude::*;
use screening_engine::api;

fn rules(file: &str) -> String {
    std::fs::read_to_string(format!("{}/../rules/{file}", env!("CARGO_MANIFEST_DIR"))).expect("reads the rule file")
}

/// One change an editor session makes. Numbers pick a place in the text as
/// it is then (taken modulo its length, so every value is a valid edit).
#[derive(Debug, Clone)]
enum Change {
    Replace(usize, char),
    Insert(usize, char),
    Delete(usize),
    /// A word mistyped (a block no longer parses); undone by the next change.
    BreakThenFix(usize),
    /// A top-level block copied to just after itself (a duplicate id, or a second test).
    CopyBlock(usize),
    DeleteBlock(usize),
    /// A new rule appended (reading a field, naming a level that may not exist).
    AddRule(usize),
    HeaderName(char),
    /// A field added to the form, or a form field's label changed.
    AddField,
    FieldLabel(char),
    /// Everything selected and deleted, then the last good text pasted back.
    EmptyThenPaste,
    /// A definition renamed: the rules that use it no longer find it.
    RenameDefinition(usize),
    /// A definition's body made a number: the rules that use it as a condition are wrong.
    DefinitionNumber(usize),
    /// A line break after a definition's `=`: the same tree, its words a line lower.
    DefinitionLineBreak(usize),
    /// A form field's type changed (to text, or from text to a number).
    FieldType(usize),
    /// A line of the levels block deleted (a level the rules raise to, gone).
    RemoveLevel(usize),
    /// A number or `true`/`false` in a test's form made a bare word of the
    /// same length (`3` to `y`): the block parses, the form is not JSON.
    TestFormAnswer(usize),
}

const TYPED: &[char] = &['a', 'e', 'z', '_', '1', '9', '"', ' ', '\n', '#', '(', ')', '=', '.', 'é', '{'];

fn change() -> impl Strategy<Value = Change> {
    let ch = proptest::sample::select(TYPED);
    prop_oneof![
        4 => (any::<usize>(), ch.clone()).prop_map(|(a, c)| Change::Replace(a, c)),
        3 => (any::<usize>(), ch.clone()).prop_map(|(a, c)| Change::Insert(a, c)),
        3 => any::<usize>().prop_map(Change::Delete),
        2 => any::<usize>().prop_map(Change::BreakThenFix),
        1 => any::<usize>().prop_map(Change::CopyBlock),
        1 => any::<usize>().prop_map(Change::DeleteBlock),
        1 => any::<usize>().prop_map(Change::AddRule),
        1 => ch.clone().prop_map(Change::HeaderName),
        1 => Just(Change::AddField),
        1 => ch.prop_map(Change::FieldLabel),
        1 => Just(Change::EmptyThenPaste),
        2 => any::<usize>().prop_map(Change::RenameDefinition),
        2 => any::<usize>().prop_map(Change::DefinitionNumber),
        2 => any::<usize>().prop_map(Change::DefinitionLineBreak),
        2 => any::<usize>().prop_map(Change::FieldType),
        2 => any::<usize>().prop_map(Change::RemoveLevel),
        2 => any::<usize>().prop_map(Change::TestFormAnswer),
    ]
}

fn boundary(text: &str, at: usize) -> usize {
    let mut at = at % (text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn next_boundary(text: &str, at: usize) -> usize {
    (at + 1..=text.len()).find(|&j| text.is_char_boundary(j)).unwrap_or(text.len())
}

/// Where each top-level block starts: a line whose first word starts one.
fn block_starts(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let word = line.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).next().unwrap_or("");
        if matches!(word, "levels" | "actions" | "define" | "score" | "rule" | "floor" | "policy" | "test") && !line.starts_with("rule set")
        {
            out.push(offset);
        }
        offset += line.len();
    }
    out
}

/// Where each line starts that starts with `prefix` (after any indent when `indented`).
fn lines_starting(text: &str, prefix: &str, indented: bool) -> Vec<usize> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let body = if indented { line.trim_start() } else { line };
        if body.starts_with(prefix) {
            out.push(offset);
        }
        offset += line.len();
    }
    out
}

/// The lines inside the first `levels` block: where each starts and ends.
fn level_lines(text: &str) -> Vec<(usize, usize)> {
    let Some(at) = text.find("\nlevels\n").map(|i| i + "\nlevels\n".len()) else { return vec![] };
    let mut out = Vec::new();
    let mut offset = at;
    for line in text[at..].split_inclusive('\n') {
        if line.trim() == "end" {
            break;
        }
        out.push((offset, offset + line.len()));
        offset += line.len();
    }
    out
}

/// The texts an editor compiles for one change (a break then its fix is two).
fn apply(text: &str, c: &Change, last_good: &str) -> Vec<String> {
    let blocks = block_starts(text);
    let block = |n: usize| -> Option<(usize, usize)> {
        let i = n % blocks.len().max(1);
        let start = *blocks.get(i)?;
        Some((start, blocks.get(i + 1).copied().unwrap_or(text.len())))
    };
    match c {
        Change::Replace(a, ch) => {
            let at = boundary(text, *a);
            vec![format!("{}{ch}{}", &text[..at], &text[next_boundary(text, at)..])]
        }
        Change::Insert(a, ch) => {
            let at = boundary(text, *a);
            vec![format!("{}{ch}{}", &text[..at], &text[at..])]
        }
        Change::Delete(a) => {
            let at = boundary(text, *a);
            vec![format!("{}{}", &text[..at], &text[next_boundary(text, at)..])]
        }
        Change::BreakThenFix(n) => match block(*n) {
            Some((start, _)) => vec![format!("{}x{}", &text[..start], &text[start + 1..]), text.to_string()],
            None => vec![],
        },
        Change::CopyBlock(n) => match block(*n) {
            Some((s, e)) => vec![format!("{}{}{}", &text[..e], &text[s..e], &text[e..])],
            None => vec![],
        },
        Change::DeleteBlock(n) => match block(*n) {
            Some((s, e)) => vec![format!("{}{}", &text[..s], &text[e..])],
            None => vec![],
        },
        Change::AddRule(n) => {
            let at = block(*n).map_or(text.len(), |(s, _)| s);
            let rule = format!(
                "rule NEW{n} \"A new rule {n}\"\n  context individual\n  kind risk\n  when narrative contains \"knife\"\n  then\n    raise to early_help\n  rationale \"Why\"\n  source \"Where\"\nend\n\n"
            );
            vec![format!("{}{rule}{}", &text[..at], &text[at..])]
        }
        Change::HeaderName(ch) => vec![text.replacen("rule set \"", &format!("rule set \"{ch}"), 1)],
        Change::AddField => match text.find("\nform\n") {
            Some(at) => vec![format!("{}\n  field extra_answer \"An extra answer\": yes or no{}", &text[..at + 5], &text[at + 5..])],
            None => vec![],
        },
        Change::FieldLabel(ch) => match text.find("\n  field ").and_then(|at| text[at..].find('"').map(|q| at + q + 1)) {
            Some(at) => vec![format!("{}{ch}{}", &text[..at], &text[at..])],
            None => vec![],
        },
        Change::EmptyThenPaste => vec![String::new(), last_good.to_string()],
        Change::RenameDefinition(n) => {
            let defines = lines_starting(text, "define ", false);
            let Some(&at) = defines.get(n % defines.len().max(1)) else { return vec![] };
            match text[at + "define ".len()..].find(' ') {
                Some(space) => {
                    let end = at + "define ".len() + space;
                    vec![format!("{}x{}", &text[..end], &text[end..])]
                }
                None => vec![],
            }
        }
        Change::DefinitionNumber(n) => {
            let defines = lines_starting(text, "define ", false);
            let Some(&at) = defines.get(n % defines.len().max(1)) else { return vec![] };
            let end = block_starts(text).into_iter().find(|&s| s > at).unwrap_or(text.len());
            match text[at..end].find(" =") {
                Some(eq) => vec![format!("{} = 1\n\n{}", &text[..at + eq], &text[end..])],
                None => vec![],
            }
        }
        Change::DefinitionLineBreak(n) => {
            let defines = lines_starting(text, "define ", false);
            let Some(&at) = defines.get(n % defines.len().max(1)) else { return vec![] };
            let end = block_starts(text).into_iter().find(|&s| s > at).unwrap_or(text.len());
            match text[at..end].find(" =") {
                Some(eq) => {
                    let after = at + eq + 2;
                    vec![format!("{}\n{}", &text[..after], &text[after..])]
                }
                None => vec![],
            }
        }
        Change::FieldType(n) => {
            let fields = lines_starting(text, "field ", true);
            let Some(&at) = fields.get(n % fields.len().max(1)) else { return vec![] };
            let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
            match text[at..end].rfind("\": ") {
                Some(colon) => {
                    let ty = at + colon + 3;
                    let new = if text[ty..end].trim() == "text" { "number" } else { "text" };
                    vec![format!("{}{new}{}", &text[..ty], &text[end..])]
                }
                None => vec![],
            }
        }
        Change::TestFormAnswer(n) => {
            let forms: Vec<usize> = text.match_indices("form {").map(|(i, _)| i).collect();
            let Some(&at) = forms.get(n % forms.len().max(1)) else { return vec![] };
            let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
            match text[at..end]
                .match_indices(": ")
                .map(|(i, _)| at + i + 2)
                .find(|&v| text[v..].starts_with(|c: char| c.is_ascii_digit() || c == 't' || c == 'f'))
            {
                Some(v) => vec![format!("{}y{}", &text[..v], &text[v + 1..])],
                None => vec![],
            }
        }
        Change::RemoveLevel(n) => {
            let levels = level_lines(text);
            match levels.get(n % levels.len().max(1)) {
                Some(&(s, e)) => vec![format!("{}{}", &text[..s], &text[e..])],
                None => vec![],
            }
        }
    }
}

/// The editor's result and a fresh compile's, and a referral screened with each.
fn same(editor: &mut api::Editor, text: &str, form: &str) -> Result<bool, TestCaseError> {
    let kept = editor.compile(text);
    let fresh = api::compile_cold(text);
    prop_assert_eq!(format!("{kept:?}"), format!("{fresh:?}"), "the compile differs for:\n{}", text);
    if let (Ok(a), Ok(b)) = (&kept, &fresh) {
        let date = api::parse_date("2026-11-17").expect("date");
        let (a, b) = (a.rule_set.evaluate_json(form, date), b.rule_set.evaluate_json(form, date));
        prop_assert_eq!(format!("{a:?}"), format!("{b:?}"));
    }
    Ok(kept.is_ok())
}

fn session(file: &str, changes: &[Change]) -> Result<(), TestCaseError> {
    let original = rules(file);
    let form = std::fs::read_to_string(format!("{}/../rules/cases/ash-lane-station.json", env!("CARGO_MANIFEST_DIR"))).expect("form");
    let mut editor = api::Editor::new();
    let mut text = original;
    let mut last_good = text.clone();
    prop_assert!(same(&mut editor, &text, &form)?, "{} compiles", file);
    for c in changes {
        for next in apply(&text, c, &last_good) {
            if same(&mut editor, &next, &form)? {
                last_good = next.clone();
            }
            text = next;
        }
    }
    Ok(())
}

proptest! {
    // Each case compiles a whole rule file twice per text, unoptimised: few cases, several changes each.
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    #[test]
    fn the_editor_compiles_as_a_fresh_compile_language(changes in proptest::collection::vec(change(), 1..12)) {
        session("language.rules", &changes)?;
    }

    #[test]
    fn the_editor_compiles_as_a_fresh_compile_contextual_safeguarding(changes in proptest::collection::vec(change(), 1..6)) {
        session("contextual-safeguarding.rules", &changes)?;
    }
}

/// A small file, many sessions: every kind of change on a file where most edits land in a block that matters.
#[test]
fn the_editor_compiles_as_a_fresh_compile_small_file() {
    let small = "rule set \"Small\"\nversion \"1\"\n\nlevels\n  low \"Low\"\n  high \"High\"\nend\n\nform\n  field narrative \"Narrative\": text\n  field times \"Times\": number\nend\n\ndefine often \"Often\" = times is at least 3\n\nrule R1 \"Often\"\n  context individual\n  kind risk\n  when often and (narrative contains \"knife\")\n  then\n    raise to high\n  rationale \"Why\"\n  source \"Where\"\nend\n\ntest \"often\"\n  form { \"times\": 3, \"narrative\": \"a knife\" }\n  expect level high\nend\n";
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig { cases: 60, ..ProptestConfig::default() });
    runner
        .run(&proptest::collection::vec(change(), 1..25), |changes| {
            let mut editor = api::Editor::new();
            let mut text = small.to_string();
            let mut last_good = text.clone();
            let form = "{\"times\": 4, \"narrative\": \"knife\"}";
            prop_assert!(same(&mut editor, &text, form)?);
            for c in &changes {
                for next in apply(&text, c, &last_good) {
                    if same(&mut editor, &next, form)? {
                        last_good = next.clone();
                    }
                    text = next;
                }
            }
            Ok(())
        })
        .unwrap();
}

/// The limits pre-scan is kept per block for the state the text before it
/// leaves: a bracket left open, or a string carried on by `\` at a line's
/// end, in one block changes what the next block's scan gives.
#[test]
fn the_pre_scan_follows_what_earlier_blocks_leave_open() {
    // 48 brackets deep is more than an unoptimised parse fits in a test thread's stack.
    std::thread::Builder::new().stack_size(512 << 20).spawn(pre_scan_session).expect("thread").join().expect("passes");
}

fn pre_scan_session() {
    let deep = format!("{}times is at least 3{}", "(".repeat(48), ")".repeat(48));
    let text = format!(
        "rule set \"Deep\"\n\nlevels\n  low \"Low\"\nend\n\nform\n  field times \"Times\": number\nend\n\ndefine often \"Often\" = times is at least 3\n\nrule R1 \"Deep\"\n  context individual\n  kind risk\n  when {deep}\n  then\n    raise to low\n  rationale \"Why\"\n  source \"Where\"\nend\n"
    );
    let mut editor = api::Editor::new();
    let check = |editor: &mut api::Editor, text: &str| {
        let kept = editor.compile(text);
        assert_eq!(format!("{kept:?}"), format!("{:?}", api::compile_cold(text)), "for:\n{text}");
        kept
    };
    assert!(check(&mut editor, &text).is_ok(), "48 brackets deep is allowed");
    // One bracket left open in the definition: the rule is now one deeper than allowed.
    let open = text.replace("= times is at least 3\n", "= (times is at least 3\n");
    let refused = check(&mut editor, &open).expect_err("too deep");
    assert!(refused.iter().any(|d| d.code.as_str() == "E006"), "{refused:?}");
    assert!(check(&mut editor, &text).is_ok());
    // A string carried past its line by `\`: the brackets after it are text to the scan.
    let carried = text.replace("define often \"Often\"", "define often \"Often \\\n((((\"");
    check(&mut editor, &carried).ok();
    check(&mut editor, &text).ok();
}

/// W406 (a number in a title that the condition does not test) is found as
/// a rule is checked and kept with its check: it must be found again when
/// what the title's number is looked for in changes while the rule's text
/// does not (a definition's label, a field's label, an option's label), and
/// also when a line is added above (the kept warning moves with the rule).
#[test]
fn title_numbers_follow_the_labels_they_are_found_in() {
    let text = "rule set \"Titles\"\nversion \"1\"\n\nlevels\n  low \"Low\"\n  high \"High\"\nend\n\nform\n  field times \"Missing 3 times\": number\n  field place \"Where\": one of (\n    home \"At home\",\n    away \"Away 4 nights\")\nend\n\ndefine often \"Often, 5 or more\" = times is at least 1\n\nrule R1 \"Missing 3 times\"\n  context individual\n  kind risk\n  when times is at least 1\n  then\n    raise to high\n  rationale \"Why\"\n  source \"Where\"\nend\n\nrule R2 \"Often, 5 or more\"\n  context individual\n  kind risk\n  when often\n  then\n    raise to high\n  rationale \"Why\"\n  source \"Where\"\nend\n\nrule R3 \"Away 4 nights\"\n  context individual\n  kind risk\n  when place is away\n  then\n    raise to high\n  rationale \"Why\"\n  source \"Where\"\nend\n";
    let form = "{\"times\": 4, \"place\": \"away\"}";
    let w406 = |r: &Result<api::Compiled, Vec<screening_engine::diagnostics::Diagnostic>>| {
        let diags = match r {
            Ok(c) => c.warnings.clone(),
            Err(d) => d.clone(),
        };
        diags.iter().filter(|d| d.code.as_str() == "W406").count()
    };
    let session = || -> Result<(), TestCaseError> {
        let mut editor = api::Editor::new();
        prop_assert!(same(&mut editor, text, form)?);
        prop_assert_eq!(w406(&api::compile_cold(text)), 0);
        // Each label's number changed, one at a time, the rules' texts as they were.
        for (from, to) in [
            ("\"Missing 3 times\": number", "\"Missing 2 times\": number"),
            ("\"Often, 5 or more\" =", "\"Often, 6 or more\" ="),
            ("\"Away 4 nights\")", "\"Away 7 nights\")"),
        ] {
            let changed = text.replacen(from, to, 1);
            prop_assert!(changed != text);
            same(&mut editor, &changed, form)?;
            prop_assert_eq!(w406(&api::compile_cold(&changed)), 1, "{}", changed);
            same(&mut editor, text, form)?;
            let above = format!("# a line above\n{changed}");
            same(&mut editor, &above, form)?;
            same(&mut editor, text, form)?;
        }
        Ok(())
    };
    session().expect("the editor warns as a fresh compile does");
}

/// Each field's protected word (W403) is kept while the form is unchanged:
/// a label changed to or from a protected word, with the rule reading it
/// unchanged, must be warned about as a fresh compile does.
#[test]
fn protected_words_follow_the_form() {
    let text = "rule set \"Protected\"\nversion \"1\"\n\nlevels\n  low \"Low\"\n  high \"High\"\nend\n\nform\n  field answer \"Religion\": text\nend\n\nrule R1 \"Named\"\n  context individual\n  kind risk\n  when answer contains \"x\"\n  then\n    raise to high\n  rationale \"Why\"\n  source \"Where\"\nend\n";
    let form = "{\"answer\": \"x\"}";
    let w403 = |text: &str| match api::compile_cold(text) {
        Ok(c) => c.warnings.iter().filter(|d| d.code.as_str() == "W403").count(),
        Err(d) => d.iter().filter(|d| d.code.as_str() == "W403").count(),
    };
    let session = || -> Result<(), TestCaseError> {
        let mut editor = api::Editor::new();
        same(&mut editor, text, form)?;
        prop_assert_eq!(w403(text), 1);
        let region = text.replace("\"Religion\"", "\"Region\"");
        same(&mut editor, &region, form)?;
        prop_assert_eq!(w403(&region), 0);
        same(&mut editor, text, form)?;
        same(&mut editor, &format!("# above\n{region}"), form)?;
        same(&mut editor, &format!("# above\n{text}"), form)?;
        Ok(())
    };
    session().expect("the editor warns as a fresh compile does");
}
