//! How the `screen` command shows diagnostics: codespan's rendering of the
//! source with each problem underlined, at most [`MAX_SHOWN`] of them, then
//! one line saying how many more. Here rather than in `bin/screen.rs` so the
//! golden files of the diagnostics corpus pin exactly what the CLI prints.

use crate::diagnostics::{Diagnostic, Severity};
use codespan_reporting::diagnostic::{Diagnostic as Report, Label, Severity as RSeverity};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor::Buffer};

/// The most diagnostics shown for one file: past this, a policy lead fixes
/// the first ones and checks again (a broken file can give thousands).
pub const MAX_SHOWN: usize = 100;

/// The diagnostics of one file as `screen` prints them, `name` standing for
/// the file. With `colour`, ANSI colour codes are included.
pub fn render(name: &str, source: &str, diags: &[Diagnostic], colour: bool) -> String {
    let mut files = SimpleFiles::new();
    let id = files.add(name, source);
    let config = term::Config::default();
    let mut buf = if colour { Buffer::ansi() } else { Buffer::no_color() };
    for d in diags.iter().take(MAX_SHOWN) {
        let mut r = Report::new(if d.severity == Severity::Error { RSeverity::Error } else { RSeverity::Warning })
            .with_code(d.code.as_str())
            .with_message(&d.message)
            .with_labels(vec![Label::primary(id, d.span().start..d.span().end.max(d.span().start))]);
        if let Some(h) = &d.help {
            r = r.with_notes(vec![format!("help: {h}")]);
        }
        // Writing to memory fails only if a span is outside the source: say so rather than lose it.
        if term::emit_to_write_style(&mut buf, &config, &files, &r).is_err() {
            buf_line(&mut buf, &format!("{}[{}]: {}", severity_word(d.severity), d.code.as_str(), d.message));
        }
    }
    if diags.len() > MAX_SHOWN {
        let more = diags.len() - MAX_SHOWN;
        buf_line(
            &mut buf,
            &format!(
                "{more} more {} not shown. Fix the ones above and check again.",
                if more == 1 { "problem is" } else { "problems are" }
            ),
        );
    }
    String::from_utf8_lossy(buf.as_slice()).into_owned()
}

/// The closing line for one file: "NAME: 2 errors, 1 warning".
pub fn summary(name: &str, diags: &[Diagnostic]) -> String {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    format!("{name}: {errors} error(s), {warnings} warning(s)")
}

fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn buf_line(buf: &mut Buffer, line: &str) {
    use std::io::Write;
    let _ = writeln!(buf, "{line}");
}

/// Whether to colour output for a stream: only a terminal, and never when
/// `NO_COLOR` is set (to anything but the empty string, per no-color.org).
pub fn use_colour(is_terminal: bool) -> bool {
    is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Code, LineIndex};
    use crate::span::Span;

    #[test]
    fn at_most_a_hundred_then_one_line() {
        let src = "x\n".repeat(150);
        let lines = LineIndex::new(&src);
        let diags: Vec<Diagnostic> =
            (0..150).map(|i| Diagnostic::error(Code::E001, lines.pos(Span::new(2 * i, 2 * i + 1)), "Something")).collect();
        let out = render("f.rules", &src, &diags, false);
        assert_eq!(out.matches("error[E001]").count(), MAX_SHOWN);
        assert!(out.ends_with("50 more problems are not shown. Fix the ones above and check again.\n"), "{out}");
        assert!(!out.contains('\u{1b}'), "no colour codes");
        assert!(render("f.rules", &src, &diags[..1], true).contains('\u{1b}'), "colour when asked");
        assert_eq!(summary("f.rules", &diags), "f.rules: 150 error(s), 0 warning(s)");
    }
}
