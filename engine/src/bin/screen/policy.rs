//! `screen diff`, `screen test --coverage` and `screen doc`: thin layers over
//! `api` that read files, print, and choose the exit code.

use screening_engine::api::{self, FormInput};
use screening_engine::dates::Day;
use screening_engine::review::impact;
use std::path::{Path, PathBuf};

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// Reads the form files a rule file's tests name, relative to that rule file
/// (only plain relative paths: a rule file cannot read outside its folder tree).
pub fn files_beside(rules: &Path) -> impl Fn(&str) -> Option<String> {
    let dir = rules.parent().map(Path::to_path_buf).unwrap_or_default();
    move |rel: &str| {
        if rel.starts_with('/') || rel.split(['/', '\\']).any(|p| p == "..") {
            return None;
        }
        std::fs::read_to_string(dir.join(rel)).ok()
    }
}

/// The forms given on the command line: a `.json` file is one form, a `.jsonl`
/// file one form a line (blank lines skipped), a folder every such file in it
/// and in its sub-folders (in name order). Anything else is refused by name.
pub fn forms_from(paths: &[PathBuf]) -> Result<Vec<FormInput>, String> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut inside = Vec::new();
            files_under(p, &mut inside, 0)?;
            inside.sort();
            if inside.is_empty() {
                return Err(format!("the folder {} has no .json or .jsonl forms", p.display()));
            }
            for f in inside {
                one_file(&f, &mut out)?;
            }
        } else {
            one_file(p, &mut out)?;
        }
    }
    Ok(out)
}

/// Every .json and .jsonl file in a folder and its sub-folders. The depth is
/// capped so a link that loops back cannot make it run for ever.
fn files_under(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) -> Result<(), String> {
    if depth > 16 {
        return Err(format!("the folder {} is nested more than 16 folders deep", dir.display()));
    }
    for entry in std::fs::read_dir(dir).map_err(|e| format!("cannot read the folder {}: {e}", dir.display()))? {
        let path = entry.map_err(|e| format!("cannot read the folder {}: {e}", dir.display()))?.path();
        if path.is_dir() {
            files_under(&path, out, depth + 1)?;
        } else if path.is_file() && matches!(path.extension().and_then(|x| x.to_str()), Some("json" | "jsonl")) {
            out.push(path);
        }
    }
    Ok(())
}

fn one_file(p: &Path, out: &mut Vec<FormInput>) -> Result<(), String> {
    let text = read(p)?;
    match p.extension().and_then(|x| x.to_str()) {
        Some("jsonl") => {
            for (i, line) in text.lines().enumerate() {
                if !line.trim().is_empty() {
                    out.push(FormInput { name: format!("{} line {}", p.display(), i + 1), json: line.to_string(), date: None });
                }
            }
            Ok(())
        }
        Some("json") => {
            out.push(FormInput { name: p.display().to_string(), json: text, date: None });
            Ok(())
        }
        _ => Err(format!("{} is not a form: give a .json file, a .jsonl file (one form a line) or a folder of them", p.display())),
    }
}

pub fn diff(old: &Path, new: &Path, forms: &[PathBuf], date: Day, json: bool, set_aside_broken_tests: bool) -> Result<bool, String> {
    let old_src = read(old)?;
    let new_src = read(new)?;
    let given = forms_from(forms)?;
    let options = api::DiffOptions { set_aside_broken_tests, ..Default::default() };
    let report = match api::diff_rule_sets_with(&old_src, &new_src, &files_beside(old), &files_beside(new), &given, date, options) {
        Ok(r) => r,
        Err(e) => {
            cannot_compare(&e, (old, &old_src), (new, &new_src));
            // A change that broke only tests can still be compared: say how.
            if e.which == "new" && !set_aside_broken_tests && api::set_aside_broken_tests(&new_src, &e.diagnostics).is_some() {
                println!(
                    "{}: its only errors are in tests that name what the change took out: add --set-aside-broken-tests to compare without them",
                    new.display()
                );
            }
            return Ok(false);
        }
    };
    if json {
        println!("{}", serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?);
    } else {
        print!("{}", impact::to_text(&report));
    }
    // Tests set aside still need fixing before the file is used: not a clean run.
    Ok(report.problems.is_empty() && report.tests_set_aside.is_empty())
}

/// One of two rule files has errors, so nothing can be compared: its errors
/// as `screen check` shows them, and what to run. `e.which` is "old" for the
/// first file given and "new" for the second. Always false (the exit code's "no").
fn cannot_compare(e: &api::NotCompiled, first: (&Path, &str), second: (&Path, &str)) -> bool {
    let (path, src) = if e.which == "old" { first } else { second };
    super::report(path, src, &e.diagnostics);
    println!("{}: cannot compare: the file has errors (run `screen check {}`)", path.display(), path.display());
    false
}

/// `screen agree FIRST SECOND FOLDER`: the shared cases screened by both rule
/// sets. Exit 1 on a contradiction or a case that cannot be compared.
pub fn agree(first: &Path, second: &Path, folder: &Path, date: Option<Day>, json: bool) -> Result<bool, String> {
    let first_src = read(first)?;
    let second_src = read(second)?;
    if !folder.is_dir() {
        return Err(format!("{} is not a folder: give the folder of shared cases", folder.display()));
    }
    let files = forms_from(&[folder.to_path_buf()])?;
    // The folder may say which date its cases are screened on, so they stay stable over time.
    let date = match date {
        Some(d) => d,
        None => std::fs::read_to_string(folder.join("index.json"))
            .ok()
            .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
            .and_then(|v| v["date"].as_str().and_then(api::parse_date))
            .unwrap_or_else(super::today),
    };
    let report = match api::agree_rule_sets(&first_src, &second_src, &files, date) {
        Ok(r) => r,
        Err(e) => return Ok(cannot_compare(&e, (first, &first_src), (second, &second_src))),
    };
    if json {
        println!("{}", serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?);
    } else {
        print!("{}", screening_engine::review::agree::to_text(&report));
    }
    Ok(report.contradictions == 0 && report.problems.is_empty())
}

/// `screen test --coverage` and `screen test --json`: the tests as `screen test`
/// runs them, then what they cover. Exit 1 when a test fails or a file has
/// errors; gaps in coverage are listed, not failures.
pub fn test(files: &[PathBuf], fallback: Day, coverage: bool, json: bool) -> Result<bool, String> {
    let (mut passed, mut failed) = (0, 0);
    let mut reports = Vec::new();
    for f in files {
        let src = read(f)?;
        let compiled = match api::compile(&src) {
            Ok(c) => c,
            Err(diags) => {
                super::report(f, &src, &diags);
                if !json {
                    println!("{}: cannot run tests: the file has errors", f.display());
                }
                reports
                    .push(serde_json::json!({ "file": f.display().to_string(), "errors": diags.iter().filter(|d| d.is_error()).count() }));
                failed += 1;
                continue;
            }
        };
        let lookup = files_beside(f);
        let rep = compiled.rule_set.run_tests(&lookup, fallback);
        let cov = coverage.then(|| compiled.rule_set.coverage(&lookup, fallback));
        if json {
            reports.push(serde_json::json!({ "file": f.display().to_string(), "tests": rep, "coverage": cov }));
        } else {
            for t in &rep.tests {
                if t.passed {
                    println!("PASS {}:{} {}", f.display(), t.line, t.name);
                } else {
                    println!("FAIL {}:{} {}", f.display(), t.line, t.name);
                    for why in &t.failures {
                        println!("     - {why}");
                    }
                }
            }
            if let Some(c) = &cov {
                println!("Coverage of {} ({}):", f.display(), c.rule_set);
                print!("{}", screening_engine::review::coverage::to_text(c));
            }
        }
        passed += rep.passed;
        failed += rep.failed;
    }
    if json {
        let all = serde_json::json!({ "files": reports, "passed": passed, "failed": failed });
        println!("{}", serde_json::to_string_pretty(&all).map_err(|e| e.to_string())?);
    } else {
        println!("{passed} passed, {failed} failed");
    }
    Ok(failed == 0)
}

/// `screen doc RULES [--since OLD] -o FILE.html`.
pub fn doc(rules: &Path, since: Option<&Path>, appendix: bool, output: &Path, date: Day) -> Result<bool, String> {
    let src = read(rules)?;
    let old_src = since.map(read).transpose()?;
    let old_files = since.map(files_beside);
    let since_arg = match (&old_src, &old_files) {
        (Some(text), Some(f)) => Some((text.as_str(), f as &dyn Fn(&str) -> Option<String>)),
        _ => None,
    };
    match api::signoff_document_with(&src, &files_beside(rules), since_arg, appendix || since.is_none(), date) {
        Ok(html) => {
            std::fs::write(output, html).map_err(|e| format!("cannot write {}: {e}", output.display()))?;
            println!("wrote {}: open it in a web browser to read it or print it", output.display());
            Ok(true)
        }
        Err(e) => {
            let (path, text) =
                if e.which == "old" { (since.unwrap_or(rules), old_src.as_deref().unwrap_or("")) } else { (rules, src.as_str()) };
            super::report(path, text, &e.diagnostics);
            println!("{}: cannot write the document: the file has errors (run `screen check {}`)", path.display(), path.display());
            Ok(false)
        }
    }
}
