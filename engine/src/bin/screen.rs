//! `screen`: check, test, evaluate and format rule files.
//! Exit codes: 0 fine, 1 findings or failures, 2 usage or I/O error.

use clap::{Parser, Subcommand};
use screening_engine::api;
use screening_engine::dates::Day;
use screening_engine::diagnostics::Diagnostic;
use screening_engine::report;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The policy lead's review commands (diff, coverage, doc), kept apart from the rest.
#[path = "screen/policy.rs"]
mod policy;

/// `screen bind`: a form's saved controls read through its binding.
#[path = "screen/bind.rs"]
mod bind;

#[derive(Parser)]
#[command(name = "screen", version, about = "Check, test and run contextual safeguarding screening rules")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Report every error and warning in rule files (exit 1 on any error)
    Check {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Run the tests written in rule files; ends with "N passed, N failed"
    Test {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The date for tests that give none and a rule set with no effective date
        #[arg(long)]
        date: Option<String>,
        /// Also show what the tests cover: rules and floors seen applying and not, bands reached, options ticked
        #[arg(long)]
        coverage: bool,
        /// Print the test results (and the coverage) as JSON
        #[arg(long)]
        json: bool,
    },
    /// Screen one form against a rule file and show the outcome with its reasons
    Eval {
        rules: PathBuf,
        form: PathBuf,
        /// Evaluation date, YYYY-MM-DD (default: today)
        #[arg(long)]
        date: Option<String>,
        /// Print the outcome as JSON: the same structure the browser API returns
        #[arg(long)]
        json: bool,
        /// Print a test block named NAME instead: this form and what the rules give
        /// for it now (level, actions, rules that apply), to add to the rule file
        #[arg(long, value_name = "NAME", conflicts_with = "json")]
        as_test: Option<String>,
    },
    /// Show what a change does: every case whose outcome differs between two rule files
    ///
    /// The cases are the forms of both files' tests, plus each FORM given: a form (.json),
    /// a JSON Lines file (.jsonl, one form a line) or a folder of them. Exit 1 when a file
    /// has errors or a case cannot be screened.
    Diff {
        /// The rule file as it is now (the signed-off version)
        old: PathBuf,
        /// The changed rule file
        new: PathBuf,
        /// More forms to screen: .json files, .jsonl files or folders of them
        forms: Vec<PathBuf>,
        /// Screening date for the forms given, YYYY-MM-DD (default: today)
        #[arg(long)]
        date: Option<String>,
        /// Print the report as JSON
        #[arg(long)]
        json: bool,
        /// When the changed file's only errors are tests that name what the
        /// change took out, compare without those tests and list them (exit 1)
        #[arg(long)]
        set_aside_broken_tests: bool,
    },
    /// Check that two rule sets agree on a shared folder of cases
    ///
    /// The folder holds the same facts written as a form for each rule set:
    /// NAME.cs.json beside NAME.seraf.json. Each form is screened by the rule set
    /// whose questions it answers. Exit 1 when a case is more than one level apart
    /// (a contradiction) or cannot be compared.
    Agree {
        first: PathBuf,
        second: PathBuf,
        /// The shared folder of cases (its sub-folders are read too)
        folder: PathBuf,
        /// Screening date, YYYY-MM-DD (default: the "date" in the folder's index.json, else today)
        #[arg(long)]
        date: Option<String>,
        /// Print the report as JSON
        #[arg(long)]
        json: bool,
    },
    /// Write the sign-off document: one printable HTML page for the safeguarding partnership board
    ///
    /// Every rule with its condition in plain English, its rationale, source and the tests that
    /// cover it; floors; scores and bands. With --since, the document is the change: what was
    /// added, removed and changed (the changed words marked), the cases that move and the
    /// decisions for the board; --appendix adds the whole rule set after it.
    Doc {
        rules: PathBuf,
        /// The signed-off version to compare with: the document then starts with the change
        #[arg(long)]
        since: Option<PathBuf>,
        /// With --since, add the whole rule set after the change, as an appendix
        #[arg(long)]
        appendix: bool,
        /// The HTML file to write (open it in a web browser to read or print it)
        #[arg(short = 'o', long = "output", value_name = "FILE.html")]
        output: PathBuf,
        /// The date the document is made, YYYY-MM-DD (default: today); also the date for tests that give none
        #[arg(long)]
        date: Option<String>,
    },
    /// Compile a rule file to a WebAssembly module that council forms screen with
    ///
    /// The module holds the rules as code and what the outcome needs to explain itself;
    /// a form that loads it needs no parser or checker. Errors are reported as `screen check` reports them.
    Build {
        rules: PathBuf,
        /// The module to write
        #[arg(short = 'o', long = "output", value_name = "FILE.wasm", required_unless_present = "plan")]
        output: Option<PathBuf>,
        /// Print the compiler's plan (the step between the checked rules and
        /// the module's code) instead of writing the module
        #[arg(long, conflicts_with = "output")]
        plan: bool,
    },
    /// Read a council form's saved controls through its binding, as the page does
    ///
    /// CONTROLS is the form's controls as the page hands them to the engine
    /// ({ "controls": [{ "name", "kind", "label", "value" | "options" }] }); BINDING is
    /// the options attach() takes, as JSON (mapping, answers, fallbacks, notCollected,
    /// notScreened, ruleSet). Prints every problem (an answered control nothing reads,
    /// a field with no control, ...) and the form the rules read. Exit 1 on any problem.
    Bind {
        rules: PathBuf,
        /// The binding, as JSON
        #[arg(long, value_name = "BINDING.json")]
        binding: PathBuf,
        /// The form's controls, as JSON
        controls: PathBuf,
        /// Also screen the form read, and show the outcome as `screen eval` does
        #[arg(long)]
        eval: bool,
        /// Screening date, YYYY-MM-DD (default: today); also a fallback's { "today": true }
        #[arg(long)]
        date: Option<String>,
        /// Print the form read and the problems (and, with --eval, the outcome) as JSON
        #[arg(long)]
        json: bool,
    },
    /// Lay rule files out in the one canonical way
    Fmt {
        /// Do not write: exit 1 when a file is not formatted
        #[arg(long)]
        check: bool,
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

fn main() -> ExitCode {
    quiet_on_closed_pipe();
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    match run(cli.command) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(msg) => {
            eprintln!("error: {msg}");
            ExitCode::from(2)
        }
    }
}

/// `screen eval ... | head -1`: once the reader stops reading, printing fails
/// with a broken pipe, and `println!` panics. That is no error of the command:
/// stop quietly with exit code 0, as `cat` would, with no backtrace. Every
/// other panic keeps the default report.
fn quiet_on_closed_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if message.starts_with("failed printing to stdout") && message.contains("Broken pipe") {
            std::process::exit(0);
        }
        default(info);
    }));
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn parse_date_arg(d: &Option<String>) -> Result<Option<Day>, String> {
    match d {
        None => Ok(None),
        Some(s) => api::parse_date(s).map(Some).ok_or_else(|| format!("--date {s} is not a real date written as YYYY-MM-DD")),
    }
}

fn today() -> Day {
    // Days since 1970-01-01, turned into a calendar date without a clock crate.
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    let epoch = api::parse_date("1970-01-01").expect("a valid date");
    Day(epoch.0 + (secs / 86_400) as i32)
}

fn run(cmd: Command) -> Result<bool, String> {
    match cmd {
        Command::Check { files } => {
            let mut ok = true;
            for f in &files {
                let src = read(f)?;
                let diags = api::check(&src);
                // The report is what `check` is for, so it goes to stdout (`screen check > file` keeps it).
                let name = f.display().to_string();
                let mut out = std::io::stdout().lock();
                let _ = write!(out, "{}", report::render(&name, &src, &diags, report::use_colour(out.is_terminal())));
                let _ = writeln!(out, "{}", report::summary(&name, &diags));
                ok &= !diags.iter().any(Diagnostic::is_error);
            }
            Ok(ok)
        }
        Command::Test { files, date, coverage, json } if coverage || json => {
            policy::test(&files, parse_date_arg(&date)?.unwrap_or_else(today), coverage, json)
        }
        Command::Test { files, date, .. } => {
            let fallback = parse_date_arg(&date)?.unwrap_or_else(today);
            let (mut passed, mut failed) = (0, 0);
            for f in &files {
                let src = read(f)?;
                let compiled = match api::compile(&src) {
                    Ok(c) => c,
                    Err(diags) => {
                        report(f, &src, &diags);
                        println!("{}: cannot run tests: the file has errors", f.display());
                        failed += 1;
                        continue;
                    }
                };
                let dir = f.parent().map(Path::to_path_buf).unwrap_or_default();
                let files_fn = |rel: &str| -> Option<String> {
                    // Only plain relative paths: a rule file cannot read outside its folder tree.
                    if rel.starts_with('/') || rel.split(['/', '\\']).any(|p| p == "..") {
                        return None;
                    }
                    std::fs::read_to_string(dir.join(rel)).ok()
                };
                let rep = compiled.rule_set.run_tests(&files_fn, fallback);
                for t in &rep.tests {
                    let (line, _) = screening_engine::diagnostics::line_col(&src, t.offset);
                    if t.passed {
                        println!("PASS {}:{line} {}", f.display(), t.name);
                    } else {
                        println!("FAIL {}:{line} {}", f.display(), t.name);
                        for why in &t.failures {
                            println!("     - {why}");
                        }
                    }
                }
                passed += rep.passed;
                failed += rep.failed;
            }
            println!("{passed} passed, {failed} failed");
            Ok(failed == 0)
        }
        Command::Eval { rules, form, date, json, as_test } => {
            let date = parse_date_arg(&date)?.unwrap_or_else(today);
            let src = read(&rules)?;
            let compiled = match api::compile(&src) {
                Ok(c) => c,
                Err(diags) => {
                    report(&rules, &src, &diags);
                    return Ok(false);
                }
            };
            let form_text = read(&form)?;
            let outcome = match compiled.rule_set.evaluate_json(&form_text, date) {
                Ok(o) => o,
                Err(e) => return Err(format!("{}: {}", form.display(), e.message)),
            };
            if let Some(name) = as_test {
                // The form as the test will read it: from the file, not from the outcome.
                let value = screening_engine::form::parse_json(&form_text).map_err(|e| format!("{}: {}", form.display(), e.message))?;
                print!("{}", screening_engine::testing::test_block(&name, date, &value, &outcome));
            } else if json {
                println!("{}", serde_json::to_string_pretty(&outcome).map_err(|e| e.to_string())?);
            } else {
                print_outcome(&outcome);
            }
            // A form with a wrong answer is screened as if that answer were blank: not a clean result.
            Ok(!outcome.form_errors.iter().any(|e| e.is_error()))
        }
        Command::Diff { old, new, forms, date, json, set_aside_broken_tests } => {
            policy::diff(&old, &new, &forms, parse_date_arg(&date)?.unwrap_or_else(today), json, set_aside_broken_tests)
        }
        Command::Agree { first, second, folder, date, json } => policy::agree(&first, &second, &folder, parse_date_arg(&date)?, json),
        Command::Doc { rules, since, appendix, output, date } => {
            policy::doc(&rules, since.as_deref(), appendix, &output, parse_date_arg(&date)?.unwrap_or_else(today))
        }
        Command::Build { rules, output, plan } => {
            let src = read(&rules)?;
            let name = rules.display().to_string();
            let compiled = match api::compile(&src) {
                Ok(c) => c,
                Err(diags) => {
                    // The same report as `screen check`, so the errors read the same way.
                    let mut out = std::io::stdout().lock();
                    let _ = write!(out, "{}", report::render(&name, &src, &diags, report::use_colour(out.is_terminal())));
                    let _ = writeln!(out, "{}", report::summary(&name, &diags));
                    let _ = writeln!(out, "{name}: not built: the file has errors");
                    return Ok(false);
                }
            };
            let program = compiled.rule_set.program();
            let Some(output) = output.filter(|_| !plan) else {
                print!("{}", screening_engine::compiled::plan_listing(program));
                return Ok(true);
            };
            let wasm = screening_engine::compiled::compile(program);
            std::fs::write(&output, &wasm).map_err(|e| format!("cannot write {}: {e}", output.display()))?;
            let count = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
            println!(
                "{name}: built {} ({} bytes): {}, {}",
                output.display(),
                wasm.len(),
                count(program.rules.len(), "rule", "rules"),
                count(program.floors.len(), "floor", "floors")
            );
            Ok(true)
        }
        Command::Bind { rules, binding, controls, eval, date, json } => bind::run(bind::Args {
            rules: &rules,
            binding: &binding,
            controls: &controls,
            date: parse_date_arg(&date)?.unwrap_or_else(today),
            eval,
            json,
        }),
        Command::Fmt { check, files } => {
            let mut ok = true;
            let mut laid_out = 0;
            for f in &files {
                let src = read(f)?;
                match api::format(&src) {
                    Ok(formatted) if formatted == src => laid_out += 1,
                    Ok(formatted) => {
                        if check {
                            // Say where, so the person can see what the standard layout changes.
                            let line = first_difference(&src, &formatted);
                            println!(
                                "{}: not in the standard layout from line {line}. Run `screen fmt {}` to lay it out.",
                                f.display(),
                                f.display()
                            );
                            ok = false;
                        } else {
                            std::fs::write(f, formatted).map_err(|e| format!("cannot write {}: {e}", f.display()))?;
                            println!("formatted {}", f.display());
                        }
                    }
                    Err(diags) => {
                        report(f, &src, &diags);
                        ok = false;
                    }
                }
            }
            if check && ok {
                println!("{laid_out} file(s) checked: all in the standard layout.");
            }
            Ok(ok)
        }
    }
}

/// The first line (1-based) where two texts differ. A byte-order mark at the
/// start counts as a difference on line 1: the standard layout leaves it out.
fn first_difference(a: &str, b: &str) -> usize {
    let mut lines = a.split('\n').zip(b.split('\n'));
    lines.position(|(x, y)| x != y).map_or_else(|| a.lines().count().min(b.lines().count()) + 1, |i| i + 1)
}

/// Diagnostics that stop `test`, `eval` or `fmt`: to stderr, coloured only on a terminal.
fn report(path: &Path, src: &str, diags: &[Diagnostic]) {
    let mut err = std::io::stderr().lock();
    let _ = write!(err, "{}", report::render(&path.display().to_string(), src, diags, report::use_colour(err.is_terminal())));
}

fn print_outcome(o: &screening_engine::outcome::Outcome) {
    println!("{} {}", o.rule_set.name, o.rule_set.version.as_deref().unwrap_or(""));
    println!("Screened on {}", o.date);
    println!();
    // Problems first: a wrong answer counts as unanswered, so the level below may be too low.
    if !o.form_errors.is_empty() {
        println!("Problems with the form (these answers are treated as blank, so the result below may be too low):");
        for e in &o.form_errors {
            println!("  - {} {}", e.code, e.message);
        }
        println!();
    }
    // The headline first, as the page shows it: never a level for what was not screened.
    println!("{}", o.headline.title);
    for line in &o.headline.lines {
        println!("  {line}");
    }
    println!("\nScreened:");
    for c in &o.screened.children {
        match &c.level {
            Some(l) => println!("  - {}: {} ({} answer{} read)", c.name, l.label, c.answers, if c.answers == 1 { "" } else { "s" }),
            None => println!("  - {}: not screened (none of its answers is one the rules read)", c.name),
        }
    }
    if o.screened.children.is_empty() {
        println!("  - No child named yet");
    }
    // A context with no answers is left out: on a referral about a child it is noise.
    for c in o.screened.contexts.iter().filter(|c| c.answers > 0) {
        println!("  - {}: {} answer{} read", c.label, c.answers, if c.answers == 1 { "" } else { "s" });
    }
    println!();
    if o.level.rank > 0 || o.screened.children.iter().any(|c| c.level.is_some()) {
        println!("Suggested level: {}", o.level.label);
    } else {
        println!("Suggested level: none, as no child was screened");
    }
    if !o.level.set_by.is_empty() {
        println!("  set by {}", o.level.set_by.join(", "));
    }
    if let Some(r) = &o.level.could_rise_to {
        println!("  could rise to {} once the questions below are answered", r.label);
    }
    if !o.actions.is_empty() {
        println!("\nActions:");
        for a in &o.actions {
            println!("  - {} ({})", a.label, screening_engine::eval::explain::action_reasons(a, &o.level.set_by));
        }
    }
    for s in &o.scores {
        let band = s.band.as_ref().map(|b| &*b.label).unwrap_or("no band");
        println!("\n{}: {} ({band}{})", s.label, s.total, if s.band_decided { "" } else { ", not final" });
    }
    if !o.contexts.is_empty() {
        println!("\nContexts, weightiest first:");
        for c in &o.contexts {
            println!("  - {} ({}: {})", c.label, c.weight, c.rules.join(", "));
        }
    }
    if !o.prompts.is_empty() {
        println!("\nPrompts for the referrer:");
        for p in &o.prompts {
            println!("  - {} ({})", p.text, p.rule);
        }
    }
    if !o.fired.is_empty() {
        println!("\nWhy:");
        for r in &o.fired {
            println!("  - {}", r.explanation);
        }
        for f in &o.floors {
            println!("  - {}", f.explanation);
        }
    }
    if !o.undecided.is_empty() {
        println!("\nQuestions that would help decide:");
        for u in &o.undecided {
            println!("  - {}", u.explanation);
        }
    }
    println!("\n{}", o.advisory);
}
