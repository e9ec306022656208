//! The policy leads' guide, followed literally: the tutorial's file is put
//! together from the guide's own blocks, and each command the guide shows
//! (check, test, fmt, eval, diff, test --coverage, doc) prints what the guide
//! says it prints. A change to the command's words fails here until the guide
//! is brought up to date.

use std::path::{Path, PathBuf};
use std::process::Command;

fn guide() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules/README.md")).unwrap()
}

/// The fenced blocks between two headings of the guide.
fn blocks(g: &str, from: &str, to: &str) -> Vec<String> {
    let start = g.find(from).unwrap_or_else(|| panic!("the guide has no `{from}`"));
    let end = start + g[start..].find(to).unwrap_or_else(|| panic!("the guide has no `{to}` after `{from}`"));
    g[start..end].split("```").skip(1).step_by(2).map(|b| b.trim_start_matches('\n').to_string()).collect()
}

/// A fresh project folder with the tutorial's `rules/practice.rules`.
fn project(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/guide-test").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("rules")).unwrap();
    let g = guide();
    let mut parts = blocks(&g, "### Step 2", "### Step 6");
    parts.extend(blocks(&g, "### Step 7", "### Step 8").into_iter().filter(|b| b.starts_with("test ")));
    std::fs::write(dir.join("rules/practice.rules"), parts.join("\n")).unwrap();
    dir
}

fn screen(dir: &Path, args: &[&str]) -> (String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_screen")).args(args).current_dir(dir).env("NO_COLOR", "1").output().unwrap();
    (String::from_utf8_lossy(&out.stdout).to_string(), out.status.code().unwrap_or(-1))
}

/// The block that follows `after` in the guide contains exactly what the command printed.
fn shown(g: &str, after: &str, printed: &str) {
    let at = g.find(after).unwrap_or_else(|| panic!("the guide has no `{after}`"));
    assert!(g[at..].contains(printed.trim_end()), "the guide, after `{after}`, does not show what the command prints:\n{printed}");
}

#[test]
fn the_tutorial_works_as_written() {
    let dir = project("tutorial");
    let g = guide();
    let (out, code) = screen(&dir, &["check", "rules/practice.rules"]);
    // Step 6 of the guide: 3 W402 and one W405, then the summary line.
    assert_eq!(code, 0);
    assert_eq!(out.lines().last(), Some("rules/practice.rules: 0 error(s), 4 warning(s)"), "{out}");
    assert_eq!((out.matches("warning[W402]").count(), out.matches("warning[W405]").count()), (3, 1), "{out}");
    assert!(g.contains("You will see 4 warnings: 3 `W402`"), "the guide says what the check prints");
    let (out, code) = screen(&dir, &["test", "rules/practice.rules"]);
    assert_eq!(code, 0);
    shown(&g, "### Step 8", &out);
    let (_, code) = screen(&dir, &["fmt", "--check", "rules/practice.rules"]);
    assert_eq!(code, 0, "the guide's own example is in the standard layout");
    // The deliberate failure of step 8.
    let file = dir.join("rules/practice.rules");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("expect level universal", "expect level early_help")).unwrap();
    let (out, code) = screen(&dir, &["test", "rules/practice.rules"]);
    assert_eq!(code, 1);
    shown(&g, "Now change `expect level universal`", &out);
}

#[test]
fn the_owning_chapter_works_as_written() {
    let dir = project("owning");
    let g = guide();
    let forms = blocks(&g, "### See a result as a screener sees it", "Then screen it");
    std::fs::write(dir.join("rules/my-referral.json"), &forms[0]).unwrap();
    let (out, code) = screen(&dir, &["eval", "rules/practice.rules", "rules/my-referral.json", "--date", "2026-12-03"]);
    assert_eq!(code, 0);
    shown(&g, "Then screen it with your rules", &out);

    // `screen diff`, step by step as the guide says.
    // Step 1's copy, by the name the guide gives it.
    let at = g.find("1. Copy the file. On a Mac or Linux type `").unwrap();
    let copy = g[at..].split('`').nth(1).unwrap();
    let (from, to) = copy.strip_prefix("cp ").unwrap().split_once(' ').unwrap();
    std::fs::copy(dir.join(from), dir.join(to)).unwrap();
    let at = g.find("change the `when` line of `PHONE1` to:").unwrap();
    let new_when = g[at..].split('`').nth(5).unwrap().to_string();
    let file = dir.join("rules/practice.rules");
    let text = std::fs::read_to_string(&file).unwrap();
    let old_when = text.lines().find(|l| l.trim_start().starts_with("when any child in children where child.online_signs")).unwrap();
    std::fs::write(&file, text.replace(old_when, &format!("  {new_when}"))).unwrap();
    let at = g.find("save a file `l.json` with this form:").unwrap();
    let form = g[at..].split('`').nth(3).unwrap();
    std::fs::create_dir_all(dir.join("referrals")).unwrap();
    std::fs::write(dir.join("referrals/l.json"), form).unwrap();
    let (out, code) = screen(&dir, &["diff", "rules/practice.signed-off", "rules/practice.rules", "referrals", "--date", "2026-12-03"]);
    assert_eq!(code, 0);
    shown(&g, "4. Compare the two versions", &out);

    let (out, code) = screen(&dir, &["test", "--coverage", "rules/practice.rules"]);
    assert_eq!(code, 0);
    shown(&g, "### See what your tests cover", &out);
    // The guide's example of the gaps is what `screen test --coverage` prints for the
    // example in tests/cli (run and compared there), word for word.
    let example = blocks(&g, "On a bigger file, coverage lists", "What each part means")
        .into_iter()
        .next()
        .expect("the guide shows an example of the gaps");
    let printed =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/cli/test-coverage-conditions.stdout")).unwrap();
    assert!(printed.contains(example.trim_end()), "the guide's example of coverage is not what the command prints:\n{printed}");
    for heading in [
        "No test sees these apply",
        "Conditions not seen both true and false",
        "Boundaries not tested on both sides",
        "No test answers these questions yes",
        "No test reaches these bands",
        "No test ticks these options",
    ] {
        assert!(g.contains(&format!("- **{heading}**")), "the guide does not say what `{heading}` means");
    }

    let (out, code) =
        screen(&dir, &["doc", "rules/practice.rules", "--since", "rules/practice.signed-off", "-o", "practice-for-sign-off.html"]);
    assert_eq!((out.as_str(), code), ("wrote practice-for-sign-off.html: open it in a web browser to read it or print it\n", 0));
    let html = std::fs::read_to_string(dir.join("practice-for-sign-off.html")).unwrap();
    let at = g.find("Conditions are written in plain English, using the form's own questions (\"").unwrap();
    let quoted = g[at..].split("(\"").nth(1).unwrap().split("\")").next().unwrap();
    // The change as it will read: the words taken out (struck through) are left out.
    let mut html = html;
    while let Some(start) = html.find("<del>") {
        let end = html[start..].find("</del>").map_or(html.len(), |e| start + e + "</del>".len());
        html.replace_range(start..end, "");
    }
    // The words as a reader sees them: markup taken out, spaces joined.
    let mut words = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                words.push(' ');
            }
            c if !in_tag => words.push(c),
            _ => {}
        }
    }
    let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains(quoted), "the document does not say what the guide quotes: {quoted}");
}

/// "Adding a question to the form", step by step: the question goes where the
/// guide says, the rule and tests are the guide's blocks, and `screen diff`
/// prints what the guide shows, the new question in one line.
#[test]
fn adding_a_question_works_as_written() {
    let dir = project("question");
    let g = guide();
    let at = g.find("### Adding a question to the form").expect("the guide has the section");
    let part = &g[at..at + g[at..].find("\n## ").unwrap()];
    let copy = part.split("On a Mac or Linux type `").nth(1).unwrap().split('`').next().unwrap();
    let (from, to) = copy.strip_prefix("cp ").unwrap().split_once(' ').unwrap();
    std::fs::copy(dir.join(from), dir.join(to)).unwrap();
    let b = blocks(&g, "### Adding a question to the form", "## Owning");
    let after = part.split("(after the line that ends `").nth(1).unwrap().split('`').next().unwrap();
    let file = dir.join("rules/practice.rules");
    let text = std::fs::read_to_string(&file).unwrap();
    let line = text.lines().find(|l| l.ends_with(after)).expect("the line the guide names");
    let text = text.replacen(&format!("{line}\n"), &format!("{line}\n{}", b[0]), 1);
    std::fs::write(&file, format!("{text}\n{}\n{}", b[1], b[2])).unwrap();
    let (out, code) = screen(&dir, &["check", "rules/practice.rules"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("0 error(s)"), "{out}");
    let (out, code) = screen(&dir, &["test", "rules/practice.rules"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.ends_with("4 passed, 0 failed\n"), "{out}");
    let args: Vec<&str> = b[3].split_whitespace().skip(1).collect();
    let (out, code) = screen(&dir, &args);
    assert_eq!(code, 0, "{out}");
    // The guide shows the moving case and the new question's line.
    let shown_part = b[4].trim_end();
    let (moved, question) = shown_part.split_once("\n\nNew questions in the form:\n").expect("the guide shows both parts");
    assert!(out.contains(moved), "the guide does not show what the command prints:\n{out}");
    assert!(out.contains(question), "the guide does not show what the command prints:\n{out}");
    // The copy does not end in `.rules`, so `screen test rules/*.rules` runs each test once.
    let rules_files = std::fs::read_dir(dir.join("rules"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "rules"))
        .count();
    assert_eq!(rules_files, 1);
}

/// "Check two rule sets agree": the guide's command, run from the project folder on the shipped files.
#[test]
fn checking_two_rule_sets_agree_works_as_written() {
    let g = guide();
    let b = blocks(&g, "### Check two rule sets agree", "### See what your tests cover");
    let args: Vec<&str> = b[0].split_whitespace().skip(1).collect();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let (out, code) = screen(&root, &args);
    assert_eq!(code, 0, "{out}");
    let last = out.lines().last().unwrap_or("");
    // The guide's example states the shipped folder's count, so it is checked
    // against the command's own last line rather than a number written here.
    let cases = last.split(" shared cases:").next().unwrap_or("");
    assert!(cases.parse::<usize>().is_ok_and(|n| n >= 20), "{out}");
    assert!(last.starts_with(&format!("{cases} shared cases: 0 contradict (more than one level apart)")), "{out}");
    let at = g.find("The last line counts both, for example `").unwrap();
    let example = g[at..].split('`').nth(1).unwrap();
    assert!(example.starts_with(&format!("{cases} shared cases: 0 contradict (more than one level apart), ")), "{example}");
}

#[test]
fn building_for_the_form_works_as_written() {
    let dir = project("build");
    let g = guide();
    let (out, code) = screen(&dir, &["build", "rules/practice.rules", "-o", "practice.wasm"]);
    assert_eq!(code, 0, "{out}");
    let built = std::fs::read(dir.join("practice.wasm")).unwrap();
    assert!(built.starts_with(b"\0asm"), "a WebAssembly module");
    // The line it prints, with the size it really wrote.
    assert!(out.contains(&format!("({} bytes)", built.len())), "{out}");
    shown(&g, "### Putting the rules on the council's form", &out);
}
