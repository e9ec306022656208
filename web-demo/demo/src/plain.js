// Plain words for what the engine reports in ids (test failures, warning
// codes), and the demo form's subjects for setting questions aside. The
// questions' order and their words are the engine's (outcome.questions).

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

// The subjects a referral may or may not be about, by the shipped form's
// field names: a question about one of them is set aside (with a word of
// why, never hidden) when the referral names none. The ranking itself is the
// engine's (outcome.questions); this is only the demo form's own layout.
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
 * The engine's ranked questions (those that could raise the level first,
 * then those that could add an action), with those about a subject the
 * referral does not name set aside.
 * @returns {{ asked: Array, setAside: Array, subjectsLeftOut: string[] }} of outcome.questions items
 */
export function rankQuestions(outcome, formData) {
  const named = namedSubjects(formData);
  const asked = [];
  const setAside = [];
  const left = new Set();
  for (const q of outcome.questions || []) {
    const subject = SUBJECTS.find((s) => s.fields.test(q.field));
    if (subject && !named.has(subject.id)) {
      setAside.push(q);
      left.add(subject.label);
    } else {
      asked.push(q);
    }
  }
  return { asked, setAside, subjectsLeftOut: [...left] };
}
