// Plain words for what the engine reports in ids: test failures, diagnostics,
// test lines, and the order of the "questions that would help decide".
//
// The engine will rank the questions itself (issue 13, part 3); until it
// does, the page ranks them from the rule text: a question that could raise
// the level comes first, then one that could add an action, then the rest.

import { levelsOf, actionsOf } from './cases.js';

/** The six contexts the language knows (engine/src/program.rs CONTEXTS). */
export const CONTEXT_LABELS = {
  home: 'Home and family',
  peer_group: 'Peer group',
  school: 'School and education',
  neighbourhood: 'Neighbourhood and public space',
  online: 'Online',
  individual: 'The child',
};

/** "Early help: support with the family's consent" -> "Early help" */
export function shortLabel(label) {
  const i = String(label).indexOf(':');
  return i > 0 ? label.slice(0, i) : label;
}

/** Ids to labels for one rule file's text. */
export function labelsFor(ruleText) {
  const levels = new Map(levelsOf(ruleText).map((l) => [l.id, shortLabel(l.label)]));
  const actions = new Map(actionsOf(ruleText).map((a) => [a.id, a.label]));
  const contexts = new Map(Object.entries(CONTEXT_LABELS));
  return { levels, actions, contexts };
}

/**
 * A test failure from the engine ("expected level early_help, but got
 * child_in_need") in the labels a policy lead knows ("expected level Early
 * help, but got Child in need"). Anything not recognised is left as it is.
 */
export function plainFailure(text, labels) {
  const L = (id) => labels.levels.get(id) || id;
  const A = (id) => (labels.actions.has(id) ? `\u201c${labels.actions.get(id)}\u201d` : id);
  const C = (id) => labels.contexts.get(id) || id;
  let m;
  if ((m = /^expected level (\w+), but got (\w+)$/.exec(text))) return `expected level ${L(m[1])}, but got ${L(m[2])}`;
  if ((m = /^expected action (\w+), but it is not suggested$/.exec(text))) return `expected the action ${A(m[1])}, but it is not suggested`;
  if ((m = /^expected no action (\w+), but (.*) asked for it$/.exec(text))) return `expected no ${A(m[1])}, but ${m[2]} asked for it`;
  if ((m = /^expected (\w+) to weigh most, but (\w+) does(.*)$/.exec(text))) return `expected ${C(m[1])} to weigh most, but ${C(m[2])} does${m[3]}`;
  if ((m = /^expected (\w+) to weigh most, but no rule fired$/.exec(text))) return `expected ${C(m[1])} to weigh most, but no rule applies`;
  // Any other id with an underscore that names a level or an action.
  return text.replace(/\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/g, (id) => (labels.levels.has(id) ? L(id) : labels.actions.has(id) ? A(id) : id));
}

/** What each warning code means, in words (engine/src/diagnostics.rs). */
export const WARNING_MEANING = {
  W401: 'A worked-out value that no rule uses yet',
  W402: 'A question on the form that no rule reads: it is asked but does not change the screening',
  W403: 'A rule reads a protected characteristic: remove it, these must never count as risk',
  W404: 'A score whose lowest band does not start at 0',
};

/** Warnings a rule author should see straight away, not tucked under "notes". */
export const SERIOUS_WARNINGS = new Set(['W403']);

// ------------------------------------------------------------------ questions

/** What each rule or floor in a file could do: { raise: level id, actions: [ids] }. */
export function ruleEffects(ruleText) {
  const out = new Map();
  const re = /^(rule|floor)\s+([A-Za-z_][A-Za-z0-9_]*)\s+"[^"]*"\s*\n([\s\S]*?)^end\b/gm;
  let m;
  while ((m = re.exec(String(ruleText || '')))) {
    const body = m[3];
    const raise = /\braise to\s+(\w+)/.exec(body) || /\bnever below\s+(\w+)/.exec(body);
    out.set(m[2], {
      raise: raise ? raise[1] : null,
      actions: [...body.matchAll(/^\s*action\s+(\w+)/gm)].map((x) => x[1]),
    });
  }
  return out;
}

// The subjects a referral may or may not be about, by the form's field names:
// a question about one of them is not asked when the referral names none.
export const SUBJECTS = [
  { id: 'online_space', label: 'an online space', fields: /^(online_|reported_to_platform$)/ },
  { id: 'peer_group', label: 'a peer group', fields: /^peer_group_/ },
  { id: 'location', label: 'a place', fields: /^locations(\[|\.|$)/ },
  { id: 'school', label: 'a school as a place', fields: /^school_concerns$/ },
];

/** Which subjects the answers name (an answer in the subject's fields, or the referral type). */
export function namedSubjects(formData) {
  const named = new Set();
  const data = formData || {};
  if (typeof data.referral_type === 'string') named.add(data.referral_type);
  for (const s of SUBJECTS) {
    for (const [key, value] of Object.entries(data)) {
      if (!s.fields.test(key)) continue;
      if (Array.isArray(value) ? value.length > 0 : value !== undefined && value !== null && value !== '') named.add(s.id);
    }
  }
  return named;
}

/**
 * Rank the undecided rules: those that could raise the level (highest first),
 * then those that could add an action not yet suggested, then the rest; and
 * set aside those whose questions are all about a subject the referral does
 * not name.
 * @returns {{ asked: Array, setAside: Array, subjectsLeftOut: string[] }}
 *   each item: { rule, raiseTo: {id,label}|null, adds: [labels], needs }
 */
export function rankQuestions(outcome, ruleText, formData) {
  const effects = ruleEffects(ruleText);
  const levels = levelsOf(ruleText);
  const actions = new Map(actionsOf(ruleText).map((a) => [a.id, a.label]));
  const rank = (id) => levels.findIndex((l) => l.id === id);
  const current = outcome.level.rank;
  const have = new Set(outcome.actions.map((a) => a.id));
  const named = namedSubjects(formData);
  const asked = [];
  const setAside = [];
  const left = new Set();
  for (const u of outcome.undecided) {
    const eff = effects.get(u.id) || { raise: null, actions: [] };
    const r = eff.raise ? rank(eff.raise) : -1;
    const item = {
      rule: u,
      raiseTo: r > current ? { id: eff.raise, label: shortLabel(levels[r].label), rank: r } : null,
      adds: eff.actions.filter((a) => !have.has(a)).map((a) => actions.get(a) || a),
    };
    const subjects = u.needs.length
      ? u.needs.map((n) => SUBJECTS.find((s) => s.fields.test(n.field)))
      : [];
    const subject = subjects.length && subjects.every((s) => s && s === subjects[0]) ? subjects[0] : null;
    if (subject && !named.has(subject.id)) {
      setAside.push(item);
      left.add(subject.label);
    } else {
      asked.push(item);
    }
  }
  const score = (x) => (x.raiseTo ? 1000 + x.raiseTo.rank * 10 : 0) + (x.adds.length ? 100 + Math.min(x.adds.length, 9) : 0);
  // Stable: equal scores keep the engine's order.
  const sorted = asked.map((x, i) => [x, i]).sort((a, b) => score(b[0]) - score(a[0]) || a[1] - b[1]).map((x) => x[0]);
  return { asked: sorted, setAside, subjectsLeftOut: [...left] };
}
