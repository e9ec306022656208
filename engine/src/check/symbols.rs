//! The one way a name is looked up: found, or an error whose help suggests
//! the closest name ("Did you mean `early_help`?") and lists the names there
//! are ("The levels are: universal, early_help."). Every kind of name the
//! checker resolves goes through `find` and `Checker::found`.

use super::{Binding, Checker};
use crate::diagnostics::{did_you_mean, Code};
use crate::program::{FieldId, FieldTy, FloorDef, RecordId, RuleDef, RuleRef, CONTEXTS, KINDS};
use crate::syntax::ast::{Ident, Span};

/// Lists longer than this are not spelt out in help: the suggestion is enough.
const MAX_LISTED: usize = 30;

/// Where `name` is in `names`, or the help for a name that is not there:
/// the closest name, then the list of `plural` (or `if_none` when the list
/// is empty or too long to read).
pub(super) fn find(name: &str, names: &[&str], plural: &str, if_none: &str) -> Result<usize, String> {
    if let Some(i) = names.iter().position(|n| *n == name) {
        return Ok(i);
    }
    let list = if names.is_empty() || names.len() > MAX_LISTED { None } else { Some(format!("The {plural} are: {}.", names.join(", "))) };
    Err(match (did_you_mean(name, names.iter().copied()), list) {
        // With one name, the suggestion already says it.
        (Some(h), Some(_)) if names.len() == 1 => h,
        (Some(h), Some(l)) => format!("{h} {l}"),
        (Some(h), None) => h,
        (None, Some(l)) => l,
        (None, None) => if_none.to_string(),
    })
}

impl Checker<'_> {
    /// Report a name `find` did not find, with its help.
    pub(super) fn found(&mut self, r: Result<usize, String>, code: Code, span: Span, message: impl FnOnce() -> String) -> Option<usize> {
        match r {
            Ok(i) => Some(i),
            Err(help) => {
                self.err(code, span, message(), Some(help));
                None
            }
        }
    }

    pub(super) fn level(&mut self, l: &Ident) -> Option<usize> {
        if self.levels.is_empty() {
            return None; // E303 says it once
        }
        // Found, the usual case, without gathering the names for the help.
        if let Some(i) = self.levels.iter().position(|x| x.id == l.name) {
            return Some(i);
        }
        let names: Vec<&str> = self.levels.iter().map(|x| x.id.as_str()).collect();
        let r = find(&l.name, &names, "levels", "Add it to the `levels` block first.");
        self.found(r, Code::E103, l.span, || format!("`{}` is not a level", l.name))
    }

    pub(super) fn action(&mut self, a: &Ident) -> Option<usize> {
        if let Some(i) = self.actions.iter().position(|x| x.id == a.name) {
            return Some(i);
        }
        let names: Vec<&str> = self.actions.iter().map(|x| x.id.as_str()).collect();
        let r = find(&a.name, &names, "actions", "Add it to the `actions` block first.");
        self.found(r, Code::E104, a.span, || format!("`{}` is not in the actions list", a.name))
    }

    pub(super) fn score(&mut self, s: &Ident) -> Option<usize> {
        if let Some(i) = self.scores.iter().position(|x| x.id == s.name) {
            return Some(i);
        }
        let names: Vec<&str> = self.scores.iter().map(|x| x.id.as_str()).collect();
        let r = find(&s.name, &names, "scores", "Declare it first with `score NAME \"Label\" ... end`.");
        self.found(r, Code::E105, s.span, || format!("There is no score called `{}`", s.name))
    }

    pub(super) fn band(&mut self, score: usize, score_name: &Ident, band: &Ident) -> Option<usize> {
        let names: Vec<&str> = self.scores[score].bands.iter().map(|b| b.id.as_str()).collect();
        let r = find(&band.name, &names, &format!("bands of `{}`", score_name.name), "Give the score its bands first.");
        self.found(r, Code::E106, band.span, || format!("The score `{}` has no band `{}`", score_name.name, band.name))
    }

    pub(super) fn context(&mut self, c: &Ident) -> Option<usize> {
        let names: Vec<&str> = CONTEXTS.iter().map(|c| c.0).collect();
        let r = find(&c.name, &names, "contexts", "");
        self.found(r, Code::E109, c.span, || format!("`{}` is not a context", c.name))
    }

    pub(super) fn kind(&mut self, k: &Ident) -> Option<usize> {
        let names: Vec<&str> = KINDS.iter().map(|k| k.0).collect();
        let r = find(&k.name, &names, "kinds", "");
        self.found(r, Code::E110, k.span, || format!("`{}` is not a kind", k.name))
    }

    /// A rule or floor named in a test. `declared` holds every id written,
    /// compiled or not: one that did not compile has errors of its own, so it
    /// is not reported again here.
    pub(super) fn rule_ref(&mut self, r: &Ident, declared: &[&str], rules: &[RuleDef], floors: &[FloorDef]) -> Option<RuleRef> {
        if let Some(i) = rules.iter().position(|x| x.id == r.name) {
            return Some(RuleRef::Rule(i));
        }
        if let Some(i) = floors.iter().position(|x| x.id == r.name) {
            return Some(RuleRef::Floor(i));
        }
        // A rule copied without a new id: the id is declared twice (E108) and the
        // test that names the copy's intended id would be pointed at the original.
        let ids = rules.iter().map(|x| x.id.as_str()).chain(floors.iter().map(|x| x.id.as_str()));
        let twice: Vec<&str> = ids.clone().filter(|id| ids.clone().filter(|x| x == id).count() > 1).collect();
        if let Some(original) = crate::diagnostics::closest(&r.name, twice.iter().copied()) {
            self.err(
                Code::E107,
                r.span,
                format!("There is no rule or floor `{}`", r.name),
                Some(format!(
                    "The id `{original}` is declared twice (E108). If one of them is a copy meant to be `{}`, change its id to `{}`; this test then finds it.",
                    r.name, r.name
                )),
            );
            return None;
        }
        let mut names = declared.to_vec();
        crate::order::sort_by(&mut names, Ord::cmp);
        let found = find(&r.name, &names, "rules and floors", "Write a rule or a floor first.");
        if found.is_err() {
            self.found(found, Code::E107, r.span, || format!("There is no rule or floor `{}`", r.name));
        }
        None
    }

    /// An option of a choice field.
    pub(super) fn option(&mut self, f: FieldId, o: &Ident) -> Option<u32> {
        let (FieldTy::OneOf(opts) | FieldTy::SeveralOf(opts)) = &self.schema.fields[f].ty else {
            return None;
        };
        let names: Vec<&str> = opts.iter().map(|x| x.id.as_str()).collect();
        let r = find(&o.name, &names, "options", "The field has no options.");
        let field = &self.schema.fields[f];
        let message = format!("`{}` is not an option of `{}` ({})", o.name, field.name, field.label);
        let found = self.found(r, Code::E102, o.span, || message);
        if let Some(i) = found {
            self.used_options.insert((f, i));
        }
        found.map(|i| i as u32)
    }

    /// The record a per-record definition (`define child.age`) is worked out for.
    pub(super) fn list_item(&mut self, owner: &Ident) -> Option<RecordId> {
        // Record 0 is the form itself, whose item name is empty: never a match, never listed.
        if let Some(r) = self.schema.records.iter().position(|r| !r.item.is_empty() && r.item == owner.name) {
            return Some(r);
        }
        let items: Vec<&str> = self.schema.records.iter().map(|r| r.item.as_str()).filter(|s| !s.is_empty()).collect();
        let help = find(
            &owner.name,
            &items,
            "list items",
            "Per-record definitions name a list's item, as in `define child.age = ...` for `list children ...: each child`.",
        )
        .err()
        .unwrap_or_default();
        self.err(Code::E101, owner.span, format!("There is no list whose items are called `{}`", owner.name), Some(help));
        None
    }

    /// The names of a record's definitions (`None`: the form's), in the
    /// order they are written: a hash map's order changes from one check to
    /// the next, and the help lists and suggests from these.
    fn def_names(&self, record: Option<RecordId>) -> Vec<&str> {
        let mut names: Vec<(usize, &str)> =
            self.def_index.iter().filter(|((r, _), _)| *r == record).map(|((_, n), &i)| (i, n.as_str())).collect();
        crate::order::sort_by(&mut names, Ord::cmp);
        names.into_iter().map(|(_, n)| n).collect()
    }

    /// A field or definition of a list item: `child.age`.
    pub(super) fn part(&mut self, record: RecordId, part: &Ident) {
        let rec = &self.schema.records[record];
        let mut names: Vec<&str> = rec.fields.iter().map(|&f| self.schema.fields[f].name.as_str()).collect();
        names.extend(self.def_names(Some(record)));
        let item = rec.item_label.to_lowercase();
        let r = find(&part.name, &names, &format!("parts of a {item}"), "Add fields to the list first.");
        self.found(r, Code::E101, part.span, || format!("A {item} has no field called `{}`", part.name));
    }

    /// A list of a list item, in `any x in child.missing_episodes`.
    pub(super) fn list_part(&mut self, record: RecordId, part: &Ident) {
        let rec = &self.schema.records[record];
        let names: Vec<&str> = rec.fields.iter().map(|&f| self.schema.fields[f].name.as_str()).collect();
        let r = find(&part.name, &names, "fields here", "Add a list to the form first.");
        self.found(r, Code::E101, part.span, || format!("There is no list called `{}` here", part.name));
    }

    /// A name that is not a field, a definition or a bound list item.
    pub(super) fn unknown_name(&mut self, id: &Ident, scope: &[Binding]) {
        let help = if let Some(r) = self.schema.records.iter().position(|r| r.item == id.name) {
            let list = self.schema.records[r].list_field.map(|f| self.schema.fields[f].name.clone()).unwrap_or_default();
            // The usual slip: `where child.a and child.b` without brackets, so
            // `where` takes only `child.a` and the second `child` is outside it.
            format!(
                "`{}` means one item of `{list}`: it is only known inside `any {} in {list} where ...` (or `all`, `count`). \
                 If this is after `where`, put the whole condition after `where` in brackets: `where ({}.a and {}.b)`. \
                 Without brackets `where` takes only the first part.",
                id.name, id.name, id.name, id.name
            )
        } else {
            let mut names: Vec<&str> = scope.iter().map(|b| b.name.as_str()).collect();
            names.extend(self.schema.records[0].fields.iter().map(|&f| self.schema.fields[f].name.as_str()));
            names.extend(self.def_names(None));
            // Too many to list in a real form: the suggestion, or where to declare it.
            match did_you_mean(&id.name, names.iter().copied()) {
                Some(h) => h,
                None => "Declare it as a field in the `form` block, or with `define`.".into(),
            }
        };
        self.err(Code::E101, id.span, format!("`{}` is not a field, definition or list item", id.name), Some(help));
    }
}

#[cfg(test)]
mod tests {
    use super::find;

    #[test]
    fn found_or_suggested_and_listed() {
        let names = ["universal", "early_help", "child_protection"];
        assert_eq!(find("early_help", &names, "levels", "none"), Ok(1));
        assert_eq!(
            find("early_hlp", &names, "levels", "none"),
            Err("Did you mean `early_help`? The levels are: universal, early_help, child_protection.".into())
        );
        assert_eq!(find("zzz", &names, "levels", "none"), Err("The levels are: universal, early_help, child_protection.".into()));
        // With one name, the suggestion already says it; with none, the fallback.
        assert_eq!(find("sraf", &["seraf"], "scores", "none"), Err("Did you mean `seraf`?".into()));
        assert_eq!(find("x", &[], "scores", "Declare it first."), Err("Declare it first.".into()));
    }

    #[test]
    fn long_lists_are_not_spelt_out() {
        let many: Vec<String> = (0..40).map(|i| format!("field_{i}")).collect();
        let names: Vec<&str> = many.iter().map(String::as_str).collect();
        assert_eq!(find("nothing_like", &names, "fields", "Declare it."), Err("Declare it.".into()));
    }
}
