// "What changes across training cases": one case screened with the shipped
// and with the edited rules, and what differs, in the words a trainer reads:
// the level, the result of each score (the context's ladder), the actions,
// and the rules that start or stop applying, so that an edit that moves no
// level still shows what it did (a threshold is rarely the only route).

import { h, tag } from './dom.js';

const byId = (list) => new Map(list.map((x) => [x.id, x]));
const pairKey = (x, y) => (x < y ? `${x}|${y}` : `${y}|${x}`);

/**
 * Every pair of actions the given outcomes suggest together. Screened with the
 * shipped rules over the file's test referrals and the training cases, it is
 * what the policy as written puts side by side; a pair an edit brings that it
 * never does (such as "Refer to the front door today" beside "Offer early help
 * ... when nothing needs the front door") is flagged for a person to check.
 */
export function actionPairs(outcomes) {
  const seen = new Set();
  for (const o of outcomes) {
    const ids = o.actions.map((a) => a.id);
    ids.forEach((x, i) => ids.slice(i + 1).forEach((y) => seen.add(pairKey(x, y))));
  }
  return seen;
}

/** Actions the edited outcome gives that the shipped rules never give beside one of its other actions. */
function newPairings(a, b, seen) {
  if (!seen) return [];
  const before = actionPairs([a]);
  const out = [];
  b.actions.forEach((x, i) => {
    const never = b.actions.filter((y, j) => j !== i && !seen.has(pairKey(x.id, y.id)) && !before.has(pairKey(x.id, y.id)));
    // Each pair once: from the action that comes first in the list.
    const fresh = never.filter((y) => b.actions.indexOf(y) > i);
    if (fresh.length) out.push({ action: x, with: fresh });
  });
  return out;
}

/**
 * What differs between two outcomes of one case (a: shipped rules, b: edited);
 * `seen` (from actionPairs) flags actions never given together before.
 */
export function caseChange(a, b, seen) {
  const aActions = byId(a.actions);
  const bActions = byId(b.actions);
  const added = b.actions.filter((x) => !aActions.has(x.id)).map((x) => x.label);
  const removed = a.actions.filter((x) => !bActions.has(x.id)).map((x) => x.label);
  const aRules = byId([...a.fired, ...a.floors]);
  const bRules = byId([...b.fired, ...b.floors]);
  const started = [...bRules.values()].filter((r) => !aRules.has(r.id));
  const stopped = [...aRules.values()].filter((r) => !bRules.has(r.id));
  const aScores = byId(a.scores);
  const bands = b.scores.map((s) => {
    const before = aScores.get(s.id);
    const was = before && before.band ? before.band.label : 'No band';
    const now = s.band ? s.band.label : 'No band';
    // A band at nothing on both sides ("Universal" for a referral about one child) is noise in a table of eight cases.
    const shown = was !== now || s.total > 0 || (before && before.total > 0);
    return { id: s.id, label: s.label, was, now, changed: was !== now, shown };
  });
  const aPrompts = new Set(a.prompts.map((p) => p.text));
  const bPrompts = new Set(b.prompts.map((p) => p.text));
  const promptsChanged = a.prompts.length !== b.prompts.length || [...aPrompts].some((p) => !bPrompts.has(p));
  const levelChanged = a.level.id !== b.level.id;
  const changed = levelChanged || bands.some((x) => x.changed) || added.length > 0 || removed.length > 0;
  return {
    a, b, levelChanged, bands, added, removed, started, stopped, promptsChanged,
    conflicts: newPairings(a, b, seen),
    changed,
    // Anything a trainer would see move, also when level and actions stay.
    moved: changed || started.length > 0 || stopped.length > 0 || promptsChanged,
  };
}

const ruleName = (r) => `${r.title} (${r.id})`;

/** The table of every case, a row each, changed rows marked. */
export function changesTable(rows) {
  const result = (o, r, edited) => [
    h('span', { class: 'app-changes__level' }, o.level.label, edited && r.levelChanged ? [' ', tag('Changed', 'orange')] : null),
    r.bands.filter((x) => x.shown).map((x) => h('span', { class: 'app-changes__band govuk-body-s', dataset: { score: x.id } },
      `${x.label.split(':')[0]}: ${edited ? x.now : x.was}`, edited && x.changed ? [' ', tag('Changed', 'orange')] : null)),
  ];
  return h('table', { class: 'govuk-table app-changes', id: 'changes-table' },
    h('caption', { class: 'govuk-table__caption govuk-table__caption--s' }, 'Shipped rules compared with the rules as edited'),
    h('thead', { class: 'govuk-table__head' },
      h('tr', { class: 'govuk-table__row' },
        ['Case', 'Shipped rules', 'Edited rules', 'What changes'].map((t) => h('th', { scope: 'col', class: 'govuk-table__header' }, t)))),
    h('tbody', { class: 'govuk-table__body' },
      rows.map((r) => h('tr', {
        class: `govuk-table__row${r.changed ? ' app-changes--changed' : r.moved ? ' app-changes--moved' : ''}`,
        dataset: { case: r.c.slug, changed: String(!!r.changed), moved: String(!!r.moved), conflicts: String(r.conflicts.length) },
      },
      h('th', { scope: 'row', class: 'govuk-table__header' }, `${r.c.number}. ${r.c.title}`),
      h('td', { class: 'govuk-table__cell' }, result(r.a, r, false)),
      h('td', { class: 'govuk-table__cell' }, result(r.b, r, true)),
      h('td', { class: 'govuk-table__cell' },
        !r.moved ? 'None' : null,
        r.added.map((x) => h('span', { class: 'app-change app-change--added' }, `Added: ${x}`)),
        r.removed.map((x) => h('span', { class: 'app-change app-change--removed' }, `Removed: ${x}`)),
        r.started.map((x) => h('span', { class: 'app-change app-change--rule', dataset: { rule: x.id } }, `Now applies: ${ruleName(x)}`)),
        r.stopped.map((x) => h('span', { class: 'app-change app-change--rule', dataset: { rule: x.id } }, `No longer applies: ${ruleName(x)}`)),
        r.promptsChanged ? h('span', { class: 'app-change' }, 'Prompts change') : null,
        r.conflicts.map((x) => h('span', { class: 'app-change app-change--conflict', dataset: { action: x.action.id } },
          tag('Check', 'red'), ` \u201c${x.action.label}\u201d beside ${x.with.map((y) => `\u201c${y.label}\u201d`).join(' and ')}: the shipped rules never give these together. Check they do not contradict each other.`)))))));
}
