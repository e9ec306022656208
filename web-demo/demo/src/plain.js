// Plain words for the warning codes, and the demo form's subjects for
// setting questions aside. Test failures and the questions' order and words
// are the engine's (it writes them with labels, not ids).

/** What each warning code means, in words (engine/src/diagnostics/codes.rs). */
export const WARNING_MEANING = {
  W401: 'A worked-out value that no rule uses yet',
  W402: 'A question on the form that no rule reads: it is asked but does not change the screening',
  W403: 'A rule reads a protected characteristic: remove it, these must never count as risk',
  W404: 'A score whose lowest band does not start at 0',
  W405: 'An option of a question that no rule reads: ticking it does not change the screening',
  W406: 'A rule title states a number that its condition does not test',
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
