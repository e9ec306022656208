//! The language's words, each written once with its role. The parser's
//! keyword handling, error recovery, error wording, the formatter, the
//! nesting pre-scan in `limits.rs` and (through `wasm.rs`) the demo editor's
//! highlighting all read this table; a test below fails when it and
//! `grammar.pest` disagree.

use super::Rule;
use serde::Serialize;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// A top-level part of a rule file. The order here is the order the help
/// text lists them in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Item {
    Levels,
    Actions,
    Form,
    Define,
    Score,
    Rule,
    Floor,
    Policy,
    Test,
}

impl Item {
    /// Items written as a block closed by `end` (a definition is one statement).
    pub fn closed_by_end(self) -> bool {
        self != Item::Define
    }
}

/// A block, for the words that may start a line inside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Block {
    Levels,
    Actions,
    Form,
    Score,
    Rule,
    Floor,
    Policy,
    Test,
}

/// What a keyword does where it starts a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Starts a top-level item. (`rule set` is the header; `form {` in a test is a clause: recovery tells them apart.)
    Starts(Item),
    /// Starts a header line after `rule set`.
    Header,
    /// Starts a line inside these blocks.
    Clause(&'static [Block]),
    /// Starts an effect line: in a rule after `then`, and under a score's band.
    Effect,
    /// Opens a block nested in a form (`list ... end`).
    OpensNested,
    /// Closes the innermost block.
    End,
}

/// How a word moves the nesting count that `limits.rs` keeps before parsing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nesting {
    None,
    /// `not` and `where`: the parser recurses once more.
    Deeper,
    /// Starts a new statement, so the count of `not` and `where` starts again.
    Resets,
}

pub struct Keyword {
    /// The grammar's `kw_*` rule.
    pub rule: Rule,
    /// The spellings it accepts (only `points` has two).
    pub words: &'static [&'static str],
    /// Reserved: cannot be a name (the grammar's `keyword` rule), because a
    /// condition using it as a name would mean two things.
    pub reserved: bool,
    pub roles: &'static [Role],
    pub nesting: Nesting,
    /// How the demo editor colours it.
    pub class: Class,
}

/// The editor's colour classes for keywords.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Class {
    /// Words that start or shape a block: `rule`, `levels`, `when`, `end`...
    Structure,
    /// Effects and expectations: `raise`, `action`, `expect`...
    Effect,
    /// Words inside conditions: `and`, `is`, `at least`...
    Operator,
    /// Field types: `text`, `date`, `number`.
    Type,
    /// Units of time, and `today`.
    Unit,
    /// `yes` and `no`.
    Value,
}

const fn kw(want: Rule, words: &'static [&'static str], roles: &'static [Role]) -> Keyword {
    Keyword { rule: want, words, reserved: false, roles, nesting: Nesting::None, class: Class::Operator }
}

impl Keyword {
    const fn reserved(mut self) -> Self {
        self.reserved = true;
        self
    }
    const fn nesting(mut self, n: Nesting) -> Self {
        self.nesting = n;
        self
    }
    const fn class(mut self, c: Class) -> Self {
        self.class = c;
        self
    }
}

use Block as B;
use Nesting::{Deeper, Resets};
use Role::*;

/// Every keyword of the language, once.
pub const KEYWORDS: &[Keyword] = &[
    // The header.
    kw(Rule::kw_rule, &["rule"], &[Starts(Item::Rule), Header]).nesting(Resets).class(Class::Structure),
    kw(Rule::kw_set, &["set"], &[]).class(Class::Structure),
    kw(Rule::kw_version, &["version"], &[Header]).class(Class::Structure),
    kw(Rule::kw_owner, &["owner"], &[Header]).class(Class::Structure),
    kw(Rule::kw_effective, &["effective"], &[Header]).class(Class::Structure),
    kw(Rule::kw_review, &["review"], &[Header]).class(Class::Structure),
    // Blocks.
    kw(Rule::kw_levels, &["levels"], &[Starts(Item::Levels)]).class(Class::Structure),
    kw(Rule::kw_actions, &["actions"], &[Starts(Item::Actions)]).class(Class::Structure),
    kw(Rule::kw_form, &["form"], &[Starts(Item::Form), Clause(&[B::Test])]).class(Class::Structure),
    kw(Rule::kw_define, &["define"], &[Starts(Item::Define)]).nesting(Resets).class(Class::Structure),
    kw(Rule::kw_score, &["score"], &[Starts(Item::Score)]).class(Class::Structure),
    kw(Rule::kw_floor, &["floor"], &[Starts(Item::Floor)]).nesting(Resets).class(Class::Structure),
    kw(Rule::kw_policy, &["policy"], &[Starts(Item::Policy)]).class(Class::Structure),
    kw(Rule::kw_test, &["test"], &[Starts(Item::Test)]).nesting(Resets).class(Class::Structure),
    kw(Rule::kw_end, &["end"], &[End]).reserved().class(Class::Structure),
    // The form.
    kw(Rule::kw_field, &["field"], &[Clause(&[B::Form])]).nesting(Resets).class(Class::Structure),
    kw(Rule::kw_list, &["list"], &[Clause(&[B::Form]), OpensNested]).class(Class::Structure),
    kw(Rule::kw_each, &["each"], &[]).class(Class::Structure),
    kw(Rule::kw_text, &["text"], &[]).class(Class::Type),
    kw(Rule::kw_number, &["number"], &[]).class(Class::Type),
    kw(Rule::kw_date, &["date"], &[Clause(&[B::Test])]).class(Class::Type),
    kw(Rule::kw_several, &["several"], &[]),
    // `not screened "reason"` after a field's type or an option's label.
    kw(Rule::kw_screened, &["screened"], &[]).class(Class::Structure),
    // A level's `requires a, b` in the levels block.
    kw(Rule::kw_requires, &["requires"], &[]).class(Class::Structure),
    // Scores, rules and floors.
    kw(Rule::kw_band, &["band"], &[Clause(&[B::Score])]).nesting(Resets).class(Class::Structure),
    kw(Rule::kw_from, &["from"], &[]),
    kw(Rule::kw_to, &["to"], &[]),
    kw(Rule::kw_context, &["context"], &[Clause(&[B::Rule])]).class(Class::Structure),
    kw(Rule::kw_kind, &["kind"], &[Clause(&[B::Rule])]).class(Class::Structure),
    kw(Rule::kw_when, &["when"], &[Clause(&[B::Rule, B::Floor])]).nesting(Resets).class(Class::Structure),
    kw(Rule::kw_then, &["then"], &[Clause(&[B::Rule, B::Floor])]).reserved().nesting(Resets).class(Class::Structure),
    kw(Rule::kw_rationale, &["rationale"], &[Clause(&[B::Rule, B::Floor])]).class(Class::Structure),
    kw(Rule::kw_source, &["source"], &[Clause(&[B::Rule, B::Floor])]).class(Class::Structure),
    kw(Rule::kw_never, &["never"], &[]).class(Class::Effect),
    kw(Rule::kw_below, &["below"], &[]).class(Class::Effect),
    kw(Rule::kw_raise, &["raise"], &[Effect]).class(Class::Effect),
    kw(Rule::kw_action, &["action"], &[Effect]).class(Class::Effect),
    kw(Rule::kw_add, &["add"], &[Effect]).class(Class::Effect),
    kw(Rule::kw_points, &["points", "point"], &[]).class(Class::Effect),
    kw(Rule::kw_prompt, &["prompt"], &[Effect]).class(Class::Effect),
    kw(Rule::kw_top, &["top"], &[]).class(Class::Effect),
    // Policies: `rules of kind K raise to at most L`, `... never ask for A, B`.
    kw(Rule::kw_rules, &["rules"], &[Clause(&[B::Policy])]).nesting(Resets).class(Class::Structure),
    kw(Rule::kw_ask, &["ask"], &[]).class(Class::Effect),
    kw(Rule::kw_for, &["for"], &[]).class(Class::Effect),
    // Tests.
    kw(Rule::kw_expect, &["expect"], &[Clause(&[B::Test])]).nesting(Resets).class(Class::Effect),
    kw(Rule::kw_level, &["level"], &[]).class(Class::Effect),
    kw(Rule::kw_fired, &["fired"], &[]).class(Class::Effect),
    kw(Rule::kw_undecided, &["undecided"], &[]).class(Class::Effect),
    // Conditions.
    kw(Rule::kw_and, &["and"], &[]).reserved(),
    kw(Rule::kw_or, &["or"], &[]).reserved(),
    kw(Rule::kw_not, &["not"], &[]).reserved().nesting(Deeper),
    kw(Rule::kw_is, &["is"], &[]).reserved(),
    kw(Rule::kw_answered, &["answered"], &[]),
    kw(Rule::kw_at, &["at"], &[]),
    kw(Rule::kw_least, &["least"], &[]),
    kw(Rule::kw_most, &["most"], &[]),
    kw(Rule::kw_more, &["more"], &[]),
    kw(Rule::kw_less, &["less"], &[]),
    kw(Rule::kw_than, &["than"], &[]),
    kw(Rule::kw_one, &["one"], &[]),
    kw(Rule::kw_of, &["of"], &[]),
    kw(Rule::kw_before, &["before"], &[]),
    kw(Rule::kw_after, &["after"], &[]),
    kw(Rule::kw_on, &["on"], &[]),
    kw(Rule::kw_within, &["within"], &[]),
    kw(Rule::kw_contains, &["contains"], &[]),
    kw(Rule::kw_contain, &["contain"], &[]),
    kw(Rule::kw_does, &["does"], &[]),
    kw(Rule::kw_includes, &["includes"], &[]),
    kw(Rule::kw_include, &["include"], &[]),
    kw(Rule::kw_any, &["any"], &[]).reserved(),
    kw(Rule::kw_all, &["all"], &[]).reserved(),
    kw(Rule::kw_no, &["no"], &[]).reserved().class(Class::Value),
    kw(Rule::kw_yes, &["yes"], &[]).reserved().class(Class::Value),
    kw(Rule::kw_in, &["in"], &[]).reserved(),
    kw(Rule::kw_where, &["where"], &[]).reserved().nesting(Deeper),
    kw(Rule::kw_count, &["count"], &[]),
    kw(Rule::kw_today, &["today"], &[]).reserved().class(Class::Unit),
    kw(Rule::kw_days, &["days"], &[]).class(Class::Unit),
    kw(Rule::kw_weeks, &["weeks"], &[]).class(Class::Unit),
    kw(Rule::kw_months, &["months"], &[]).class(Class::Unit),
    kw(Rule::kw_years, &["years"], &[]).class(Class::Unit),
    kw(Rule::kw_day, &["day"], &[]).class(Class::Unit),
    kw(Rule::kw_week, &["week"], &[]).class(Class::Unit),
    kw(Rule::kw_month, &["month"], &[]).class(Class::Unit),
    kw(Rule::kw_year, &["year"], &[]).class(Class::Unit),
];

/// Whether a parse-tree node is a keyword (the lowering skips them).
pub fn is_keyword(r: Rule) -> bool {
    static TABLE: OnceLock<Vec<bool>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        // `all_rules()` leaves out the built-in EOI, so size by the largest index.
        let n = Rule::all_rules().iter().chain(KEYWORDS.iter().map(|k| &k.rule)).map(|r| *r as usize).max().unwrap_or(0);
        let mut t = vec![false; n + 1];
        for k in KEYWORDS {
            t[k.rule as usize] = true;
        }
        t
    });
    table.get(r as usize).copied().unwrap_or(false)
}

/// The keyword spelled `word`, if it is one. A map built once, with a cheap
/// hash: the limits pre-scan asks about every word of the file.
pub fn keyword(word: &str) -> Option<&'static Keyword> {
    type Map = HashMap<&'static str, &'static Keyword, BuildHasherDefault<Fnv>>;
    static MAP: OnceLock<Map> = OnceLock::new();
    if word.len() > LONGEST {
        return None;
    }
    MAP.get_or_init(|| KEYWORDS.iter().flat_map(|k| k.words.iter().map(move |w| (*w, k))).collect()).get(word).copied()
}

/// No keyword is longer (`undecided`, `rationale`, `effective`); a test checks it.
const LONGEST: usize = 9;

/// FNV-1a: keywords are short, and SipHash's start-up cost dominated.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for b in bytes {
            h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

fn find(word: &str) -> Option<&'static Keyword> {
    keyword(word)
}

/// How `word` moves the nesting count (any other word: not at all).
pub fn nesting(word: &str) -> Nesting {
    find(word).map_or(Nesting::None, |k| k.nesting)
}

/// Whether `word` has this role.
pub fn has_role(word: &str, role: Role) -> bool {
    find(word).is_some_and(|k| k.roles.contains(&role))
}

/// The item `word` starts at the top level, if any.
pub fn starts_item(word: &str) -> Option<Item> {
    find(word)?.roles.iter().find_map(|r| match r {
        Starts(i) => Some(*i),
        _ => None,
    })
}

/// Whether `word` may start a line inside `block`.
pub fn starts_clause(word: &str, block: Block) -> bool {
    find(word).is_some_and(|k| k.roles.iter().any(|r| matches!(r, Clause(bs) if bs.contains(&block))))
}

/// Every item, in the order help text lists them. (Lists follow it item by
/// item rather than sorting: each sort of a new type is 4 KB of Wasm.)
const ITEMS: [Item; 9] =
    [Item::Levels, Item::Actions, Item::Form, Item::Define, Item::Score, Item::Rule, Item::Floor, Item::Policy, Item::Test];

/// The first spelling of each keyword that starts `item`, in table order.
fn starting(item: Item) -> impl Iterator<Item = &'static str> {
    KEYWORDS.iter().filter(move |k| k.roles.contains(&Starts(item))).map(|k| k.words[0])
}

/// The words that start a top-level item, in the order help text lists them.
pub fn item_words() -> Vec<&'static str> {
    ITEMS.into_iter().flat_map(starting).collect()
}

/// The words that open a block closed by `end`, in help-text order.
pub fn block_words() -> Vec<&'static str> {
    let nested = || KEYWORDS.iter().filter(|k| k.roles.contains(&OpensNested)).map(|k| k.words[0]);
    ITEMS
        .into_iter()
        .filter(|i| i.closed_by_end())
        // A form's nested block is listed right after the form.
        .flat_map(|i| starting(i).chain(nested().filter(move |_| i == Item::Form)))
        .collect()
}

/// Every keyword spelling, for highlighting.
pub fn all_words() -> Vec<&'static str> {
    KEYWORDS.iter().flat_map(|k| k.words.iter().copied()).collect()
}

/// The words that cannot be names.
pub fn reserved_words() -> Vec<&'static str> {
    KEYWORDS.iter().filter(|k| k.reserved).flat_map(|k| k.words.iter().copied()).collect()
}

/// The vocabulary as plain data, for the browser (the demo editor's highlighter).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Export {
    /// Every keyword spelling.
    pub keywords: Vec<&'static str>,
    /// Words that cannot be names.
    pub reserved: Vec<&'static str>,
    /// Words that start a top-level part of a rule file.
    pub block_starts: Vec<&'static str>,
    /// Words that start a header line after `rule set`.
    pub header: Vec<&'static str>,
    /// Words that start a line inside a block or an effect.
    pub clauses: Vec<&'static str>,
    /// Words that open a block closed by `end` (for folding).
    pub blocks: Vec<&'static str>,
    /// Every keyword spelling by how the editor colours it.
    /// (Sorted by spelling, one each, as `json::Map` keeps them.)
    pub classes: crate::json::Map<Class>,
}

pub fn export() -> Export {
    let with = |f: &dyn Fn(&Keyword) -> bool| KEYWORDS.iter().filter(|k| f(k)).flat_map(|k| k.words.iter().copied()).collect();
    Export {
        keywords: all_words(),
        reserved: reserved_words(),
        block_starts: item_words(),
        header: with(&|k| k.roles.contains(&Header)),
        clauses: with(&|k| k.roles.iter().any(|r| matches!(r, Clause(_) | Effect | End))),
        blocks: block_words(),
        classes: {
            let mut classes = crate::json::Map::new();
            for k in KEYWORDS {
                for w in k.words {
                    classes.insert((*w).to_owned(), k.class);
                }
            }
            classes
        },
    }
}

/// The words shown in place of grammar rule names in parse errors (like
/// Tera's renamed rules). Rules with no entry are left out of "Expected ...".
pub fn describe(r: Rule) -> Option<&'static str> {
    Some(match r {
        Rule::ident | Rule::path | Rule::def_name => NAME,
        Rule::string => "text in quotes",
        Rule::integer => "a whole number",
        Rule::number => "a number",
        Rule::date_lit => "a date (YYYY-MM-DD)",
        Rule::kw_end => "`end`",
        Rule::levels | Rule::kw_levels => "`levels`",
        Rule::actions | Rule::kw_actions => "`actions`",
        Rule::form | Rule::kw_form => "`form`",
        Rule::definition | Rule::kw_define => "`define`",
        Rule::score | Rule::kw_score => "`score`",
        Rule::rule | Rule::kw_rule => "`rule`",
        Rule::floor | Rule::kw_floor => "`floor`",
        Rule::policy | Rule::kw_policy => "`policy`",
        Rule::policy_at_most | Rule::policy_never_ask | Rule::kw_rules => "`rules of kind ...`",
        Rule::kw_requires => "`requires`",
        Rule::not_screened | Rule::kw_screened => "`not screened \"reason\"`",
        Rule::test | Rule::kw_test => "`test`",
        Rule::header_field | Rule::kw_version | Rule::kw_owner | Rule::kw_effective | Rule::kw_review => {
            "a header line (version, owner, effective, review)"
        }
        Rule::field_decl | Rule::kw_field => "`field`",
        Rule::list_decl | Rule::kw_list => "`list`",
        Rule::kw_each => "`each`",
        Rule::ty_yes_no | Rule::ty_number | Rule::ty_text | Rule::ty_date | Rule::ty_one_of | Rule::ty_several_of => {
            "a type (yes or no, number, text, date, one of, several of)"
        }
        Rule::rule_context | Rule::kw_context => "`context`",
        Rule::rule_kind | Rule::kw_kind => "`kind`",
        Rule::kw_when => "`when`",
        Rule::kw_then => "`then`",
        Rule::effect_raise | Rule::effect_action | Rule::effect_points | Rule::effect_prompt => "an effect (raise to, action, add, prompt)",
        Rule::rationale | Rule::kw_rationale => "`rationale`",
        Rule::source | Rule::kw_source => "`source`",
        Rule::kw_never => "`never below`",
        Rule::band | Rule::kw_band => "`band`",
        Rule::kw_from => "`from`",
        Rule::kw_to => "`to`",
        Rule::expectation
        | Rule::expect_level
        | Rule::expect_action
        | Rule::expect_no_action
        | Rule::expect_fired
        | Rule::expect_not_fired
        | Rule::expect_undecided
        | Rule::expect_score
        | Rule::expect_band
        | Rule::expect_prompt
        | Rule::expect_no_prompt
        | Rule::expect_context => "`expect ...`",
        Rule::test_date => "`date`",
        Rule::test_form => "`form`",
        Rule::json_object => "a form written as { ... }",
        Rule::expr | Rule::or_expr | Rule::and_expr | Rule::not_expr | Rule::test_expr | Rule::sum | Rule::product => "a condition",
        Rule::paren | Rule::quantifier | Rule::count_where | Rule::count_of | Rule::between | Rule::bool_lit | Rule::today => "a value",
        Rule::kw_and => "`and`",
        Rule::kw_or => "`or`",
        Rule::t_is_op
        | Rule::t_is
        | Rule::t_is_not
        | Rule::t_answered
        | Rule::t_not_answered
        | Rule::t_at_least
        | Rule::t_at_most
        | Rule::t_more_than
        | Rule::t_less_than
        | Rule::t_one_of
        | Rule::t_not_one_of
        | Rule::t_before
        | Rule::t_after
        | Rule::t_on_or_before
        | Rule::t_on_or_after
        | Rule::t_within
        | Rule::t_contains
        | Rule::t_not_contains
        | Rule::t_contains_any
        | Rule::t_includes
        | Rule::t_not_includes
        | Rule::t_includes_any
        | Rule::t_includes_all
        | Rule::kw_is => COMPARISON,
        Rule::value_list | Rule::option_list => "a list in brackets ( ... )",
        Rule::kw_in => "`in`",
        Rule::kw_where => "`where`",
        Rule::unit => "days, weeks, months or years",
        Rule::EOI => END_OF_FILE,
        Rule::header_only | Rule::item_only => "a rule, definition, score, floor, policy or test",
        _ => return None,
    })
}

pub const NAME: &str = "a name";
pub const COMPARISON: &str = "a comparison such as `is`";
pub const END_OF_FILE: &str = "the end of the file";

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// `kw_x = @{ "x" ~ !ident_char }` and `keyword = @{ "a" | "b" ... }` from grammar.pest.
    fn grammar_words() -> (BTreeMap<String, Vec<String>>, Vec<String>) {
        let text = include_str!("grammar.pest");
        let quoted = |s: &str| s.split('"').skip(1).step_by(2).map(str::to_string).collect::<Vec<_>>();
        let mut kws = BTreeMap::new();
        let mut reserved = Vec::new();
        for line in text.lines() {
            let line = line.trim();
            if let Some((name, body)) = line.split_once('=') {
                let name = name.trim();
                if name.starts_with("kw_") {
                    kws.insert(name.to_string(), quoted(body));
                } else if name == "keyword" {
                    reserved = quoted(body);
                }
            }
        }
        (kws, reserved)
    }

    #[test]
    fn table_and_grammar_agree() {
        let (grammar, grammar_reserved) = grammar_words();
        assert!(grammar.len() > 50, "read the kw_ rules of grammar.pest");
        let table: BTreeMap<String, Vec<String>> =
            KEYWORDS.iter().map(|k| (format!("{:?}", k.rule), k.words.iter().map(|w| w.to_string()).collect())).collect();
        assert_eq!(KEYWORDS.len(), table.len(), "a keyword is listed twice in the vocabulary");
        assert_eq!(grammar, table, "grammar.pest's kw_ rules and vocabulary::KEYWORDS differ");
        let mut a = grammar_reserved.clone();
        let mut b: Vec<String> = reserved_words().into_iter().map(str::to_string).collect();
        a.sort();
        b.sort();
        assert_eq!(a, b, "grammar.pest's `keyword` rule and the reserved words differ");
        // Every kw_ rule the grammar generates is a keyword here, and nothing else is.
        for r in Rule::all_rules() {
            assert_eq!(is_keyword(*r), format!("{r:?}").starts_with("kw_"), "{r:?}");
        }
    }

    /// The demo editor's copy of the vocabulary (web-demo/demo/src/vocabulary.json,
    /// the same data `wasm::vocabulary()` returns) is written from this table;
    /// `UPDATE_GOLDEN=1` rewrites it.
    #[test]
    fn demo_editor_copy_is_current() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../web-demo/demo/src/vocabulary.json");
        let actual = serde_json::to_string_pretty(&export()).expect("plain data") + "\n";
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::write(&path, &actual).expect("writable demo folder");
        }
        let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(on_disk == actual, "{} is out of date: run UPDATE_GOLDEN=1 cargo test -p screening-engine --lib", path.display());
    }

    #[test]
    fn derived_lists_read_as_before() {
        assert_eq!(item_words(), ["levels", "actions", "form", "define", "score", "rule", "floor", "policy", "test"]);
        assert_eq!(block_words(), ["levels", "actions", "form", "list", "score", "rule", "floor", "policy", "test"]);
        assert_eq!(nesting("where"), Nesting::Deeper);
        assert_eq!(all_words().iter().map(|w| w.len()).max(), Some(LONGEST));
        assert_eq!(nesting("points"), Nesting::None);
        assert!(starts_clause("expect", Block::Test) && !starts_clause("expect", Block::Rule));
    }
}
