// Plain words for the warning codes. Test failures, and which questions to
// ask and in what words, are the engine's (its presentation model).

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
