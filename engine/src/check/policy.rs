//! A rule set's stated policies (`policy "..." rules of kind K raise to at
//! most L / never ask for A ... end`): E111 at each effect of a rule that
//! breaks one, so a policy cannot be broken by accident. A policy is about
//! rules only: a floor or a score's band has no kind.

use super::declare::Items;
use super::Checker;
use crate::diagnostics::Code;
use crate::program::KINDS;
use crate::syntax::ast::{self, Item};

impl Checker<'_> {
    pub(super) fn policies(&mut self, items: &Items) {
        for policy in &items.policies {
            for clause in &policy.clauses {
                // Both halves are looked up, so a clause with two mistakes reports both.
                let kind = self.kind(&clause.kind);
                let (max, banned) = match &clause.limit {
                    ast::PolicyLimit::AtMost(l) => match self.level(l) {
                        Some(l) => (Some(l), vec![]),
                        None => continue,
                    },
                    ast::PolicyLimit::NeverAsk(actions) => (None, actions.iter().filter_map(|a| self.action(a)).collect::<Vec<_>>()),
                };
                let Some(kind) = kind else { continue };
                let kind_name = KINDS[kind].0;
                for &(_, item) in &items.rules {
                    let Item::Rule(rule) = item else { continue };
                    if rule.kind.name != kind_name {
                        continue;
                    }
                    for e in &rule.effects {
                        match e {
                            ast::Effect::Raise(l) => {
                                let Some(max) = max else { continue };
                                // An unknown level has its own E103.
                                let Some(li) = self.levels.iter().position(|x| x.id == l.name) else { continue };
                                if li > max {
                                    let allowed = self.levels[max].id.clone();
                                    self.err(
                                        Code::E111,
                                        l.span,
                                        format!(
                                            "{} is a {kind_name} rule and raises to `{}`, but the policy \"{}\" allows {kind_name} rules to raise to `{allowed}` at most",
                                            rule.id.name, l.name, policy.title.value
                                        ),
                                        Some(format!(
                                            "Lower it to `{allowed}`, or, if this rule is about a risk or a harm, say so with its `kind`."
                                        )),
                                    );
                                }
                            }
                            ast::Effect::Action(a) => {
                                let Some(ai) = self.actions.iter().position(|x| x.id == a.name) else { continue };
                                if banned.contains(&ai) {
                                    self.err(
                                        Code::E111,
                                        a.span,
                                        format!(
                                            "{} is a {kind_name} rule and asks for `{}`, but the policy \"{}\" says {kind_name} rules never ask for it",
                                            rule.id.name, a.name, policy.title.value
                                        ),
                                        Some("Take the action out of this rule, or, if the rule is about a risk or a harm, say so with its `kind`.".into()),
                                    );
                                }
                            }
                            _ => {}
                        }
                    }
                }
            }
        }
    }
}
