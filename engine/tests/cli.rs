//! The `screen` command, run as a policy lead runs it, over the cases in
//! tests/cli (see its README): arguments in, exact output and exit code out.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/cli")
}

#[test]
fn cli_cases() {
    let dir = dir();
    let mut cases: Vec<PathBuf> =
        fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|x| x == "args")).collect();
    cases.sort();
    assert!(!cases.is_empty(), "no cases in {}", dir.display());
    let update = std::env::var_os("UPDATE_CLI").is_some();
    let mut failures = Vec::new();
    for case in &cases {
        let args: Vec<String> = fs::read_to_string(case).unwrap().lines().map(str::to_string).collect();
        let out = Command::new(env!("CARGO_BIN_EXE_screen"))
            .args(&args)
            .current_dir(&dir)
            .env("NO_COLOR", "1")
            .output()
            .unwrap_or_else(|e| panic!("cannot run screen: {e}"));
        let stdout = String::from_utf8_lossy(&out.stdout).to_string();
        let exit = format!("{}\n", out.status.code().unwrap_or(-1));
        for (ext, actual) in [("stdout", &stdout), ("exit", &exit)] {
            let path = case.with_extension(ext);
            if update {
                fs::write(&path, actual).unwrap();
                continue;
            }
            match fs::read_to_string(&path) {
                Ok(expected) if expected == *actual => {}
                Ok(expected) => failures.push(format!(
                    "{}: {ext} differs\n--- expected\n{expected}\n--- actual\n{actual}\n--- stderr\n{}",
                    case.display(),
                    String::from_utf8_lossy(&out.stderr)
                )),
                Err(_) => failures.push(format!("{} is missing (run with UPDATE_CLI=1)", path.display())),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// `screen eval ... | head -1`: the reader goes away before the command has
/// printed. The command stops quietly (exit 0, nothing on standard error),
/// never with a panic and a backtrace. The pipe's reading end is closed
/// before the command writes anything, so every write fails.
#[test]
fn closed_output_pipe_is_quiet() {
    let dir = dir();
    let mut child = Command::new(env!("CARGO_BIN_EXE_screen"))
        .args(["eval", "--date", "2026-11-20", "../corpus/eval/screened.rules", "fixtures/empty-form.json"])
        .current_dir(&dir)
        .env("RUST_BACKTRACE", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run screen: {e}"));
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "exit status {:?}, stderr:\n{stderr}", out.status);
    assert!(stderr.is_empty(), "nothing on standard error, but got:\n{stderr}");
}
