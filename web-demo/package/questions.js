// Sorting an outcome's undecided rules by what this form can ask.
//
// The engine says which rules are undecided and which unanswered questions
// would decide each one. A council form rarely asks every question a rule set
// reads: a question the form does not collect is unanswerable here, not merely
// unanswered, so listing it to the person filling in the form only adds noise.
// This splits the undecided rules into those the form's own questions could
// settle and those that need information this form does not collect, and
// gathers the askable questions, once each, with the rules they would decide.
//
// Pure data in, data out: no DOM, no engine call, and no words. For a page
// that draws its own results (attach's `render: false`): what a person reads,
// the questions included, in the form's own words and once each, is the
// engine's presentation model (`ruleSet.present(form, { audience, labels })`),
// which attach's views draw.

/**
 * A field path of an outcome (`children[0].missing_episodes[1].started`) as a
 * schema path, without positions (`children.missing_episodes.started`).
 */
export function schemaPath(fieldPath) {
  return String(fieldPath).replace(/\[\d+\]/g, '');
}

/**
 * Whether `path` (a schema path) is `listed` or lies inside a list that is:
 * listing `children.missing_episodes` covers `children.missing_episodes.started`.
 */
export function coveredBy(path, listed) {
  for (const p of listed) {
    if (path === p || path.startsWith(`${p}.`)) return true;
  }
  return false;
}

/**
 * Sort an outcome's undecided rules and their questions.
 *
 * @param {object} outcome  what `ruleset.evaluate` returned
 * @param {(fieldPath: string) => boolean | string[]} collected
 *   either a function telling whether this form collects a field path of the
 *   outcome (`children[0].date_of_birth`), or the list of schema paths the form
 *   does NOT collect (`["incidents", "children.missing_episodes"]`).
 * @returns {{
 *   questions: { field: string, label: string, rules: { id: string, title: string }[] }[],
 *   askable: object[],
 *   notCollected: { id: string, title: string, needs: { field: string, label: string }[] }[],
 *   couldRiseTo: null | { id: string, label: string, dependsOn: 'this-form' | 'not-collected' | 'both' },
 * }}
 *   `questions`: the questions this form asks that would help decide, in the
 *   order the engine first names them, each with the rules it would help
 *   decide; `askable`: the undecided rules that at least one of those
 *   questions bears on (with `needs` cut down to them and `alsoNeeds` for the
 *   rest); `notCollected`: rules that depend only on information this form does
 *   not collect; `couldRiseTo`: the outcome's "could rise to", saying whether
 *   the questions on this form, information it does not collect, or both could
 *   lead there.
 */
export function sortUndecided(outcome, collected) {
  const isCollected = typeof collected === 'function'
    ? (field) => Boolean(collected(field))
    : (field) => !coveredBy(schemaPath(field), Array.isArray(collected) ? collected : []);
  const questions = new Map();
  const askable = [];
  const notCollected = [];
  for (const rule of outcome?.undecided ?? []) {
    const needs = rule.needs ?? [];
    const asked = needs.map((n) => isCollected(n.field));
    const onForm = needs.filter((_, i) => asked[i]);
    const off = needs.filter((_, i) => !asked[i]);
    // A rule with no needs listed cannot be settled by any question: it is
    // reported with the rules this form cannot decide, so nothing is hidden.
    if (onForm.length === 0) {
      notCollected.push({ id: rule.id, title: rule.title, needs: off });
      continue;
    }
    askable.push({ id: rule.id, title: rule.title, needs: onForm, alsoNeeds: off, explanation: rule.explanation });
    for (const need of onForm) {
      if (!questions.has(need.field)) questions.set(need.field, { field: need.field, label: need.label, rules: [] });
      const q = questions.get(need.field);
      if (!q.rules.some((r) => r.id === rule.id)) q.rules.push({ id: rule.id, title: rule.title });
    }
  }
  let couldRiseTo = null;
  const rise = outcome?.level?.couldRiseTo;
  const ranked = Array.isArray(outcome?.questions) ? outcome.questions : null;
  if (rise) {
    let dependsOn = 'both';
    if (ranked) {
      // The engine says what each question could raise the level to: ask
      // which of those that reach "could rise to" this form collects.
      const reach = ranked.filter((q) => q.couldRaiseTo && q.couldRaiseTo.id === rise.id);
      const here = reach.some((q) => isCollected(q.field));
      const away = reach.some((q) => !isCollected(q.field));
      dependsOn = here && away ? 'both' : here ? 'this-form' : away ? 'not-collected' : 'both';
    } else if (askable.length === 0) dependsOn = 'not-collected';
    else if (notCollected.length === 0) dependsOn = 'this-form';
    couldRiseTo = { id: rise.id, label: rise.label, dependsOn };
  }
  let list = [...questions.values()];
  if (ranked) {
    // The engine's order: those that could raise the level first, then those
    // that could add an action.
    const order = new Map(ranked.map((q, i) => [q.field, i]));
    list = list
      .map((q) => {
        const r = ranked[order.get(q.field)];
        return r ? { ...q, couldRaiseTo: r.couldRaiseTo ?? null, couldAdd: r.couldAdd ?? [] } : q;
      })
      .sort((a, b) => (order.get(a.field) ?? Infinity) - (order.get(b.field) ?? Infinity));
  }
  return { questions: list, askable, notCollected, couldRiseTo };
}
