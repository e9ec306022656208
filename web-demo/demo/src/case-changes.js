// "What changes across training cases": the engine's impact diff
// (diffRuleSets, the same as `screen diff`) of the shipped rules against the
// rules as edited, over the training cases, drawn as a table a row each. The
// engine decides what changed and says it (the level, each score's band, the
// actions, the rules that start or stop applying, prompts, and two actions
// the shipped rules never give together); this file only lays it out.

import { diffRuleSets } from '../../package/index.js';
import { h, tag } from './dom.js';

/** The kinds of change shown in the columns for the result, not in "What changes". */
const IN_RESULT = new Set(['level', 'band']);
/** Kinds that change what a case gets (its level, a band, its actions), beside those that change only why or what else is said. */
const OUTCOME = new Set(['level', 'band', 'actionAdded', 'actionRemoved']);
/** A question the case's form predates is not a change a trainer made. */
const NOT_A_MOVE = new Set(['waitsForNewQuestion']);

/**
 * Compare the training cases under the shipped and the edited rule files:
 * `files` is [{ shipped, edited }] (the main file first, then each companion),
 * `cases` the training cases. Tests that an edit broke are set aside by the
 * engine and returned with the file's name. Throws the engine's CompileError
 * when an edit breaks more than tests. A promise: the engine's tools load on
 * first use.
 */
export async function compareCases(files, cases, { caseForms, date }) {
  const forms = cases.map((c) => ({ name: c.slug, form: c.formData, date: c.date || date }));
  const reports = await Promise.all(files.map((f) => diffRuleSets(f.shipped, f.edited, { forms, files: caseForms, date, setAsideBrokenTests: true, listGiven: true })));
  const [main, ...companions] = reports;
  const rows = cases.map((c) => {
    const row = main.listed.find((r) => r.name === c.slug);
    // A companion (the wording checks) adds its own changes (prompts) to the case's row.
    const more = companions.flatMap((r) => (r.listed.find((x) => x.name === c.slug) || { changes: [] }).changes);
    const changes = [...row.changes, ...more].filter((x) => !NOT_A_MOVE.has(x.kind));
    return {
      c,
      before: row.before,
      after: row.after,
      changes,
      changed: changes.some((x) => OUTCOME.has(x.kind)),
      moved: changes.length > 0,
      conflicts: changes.filter((x) => x.kind === 'actionsNeverTogether'),
    };
  });
  const aside = reports.flatMap((r, i) => r.testsSetAside.map((t) => ({ file: files[i].file, ...t })));
  return { rows, aside };
}

/** Each score's band before and after, leaving out a band at nothing on both sides ("Universal" for a referral about one child). */
function bands(row) {
  return row.after.bands.map((now) => {
    const was = row.before.bands.find((b) => b.score === now.score) || { band: null, bandLabel: null, total: 0 };
    const changed = was.band !== now.band;
    return {
      id: now.score,
      label: now.scoreLabel,
      was: was.bandLabel || 'No band',
      now: now.bandLabel || 'No band',
      changed,
      shown: changed || now.total > 0 || was.total > 0,
    };
  });
}

const labelOf = (snapshot, id) => (snapshot.actions.find((a) => a.id === id) || { label: id }).label;

/** One change in the "What changes" column: actions by their labels, the rest in the engine's words. */
function changeLine(row, x) {
  if (x.kind === 'actionAdded') return h('span', { class: 'app-change app-change--added' }, `Added: ${labelOf(row.after, x.after)}`);
  if (x.kind === 'actionRemoved') return h('span', { class: 'app-change app-change--removed' }, `Removed: ${labelOf(row.before, x.before)}`);
  if (x.kind === 'actionsNeverTogether') {
    return h('span', { class: 'app-change app-change--conflict', dataset: { action: x.before } }, tag('Check', 'red'), ` ${x.words}.`);
  }
  const rule = x.kind === 'applies' || x.kind === 'stopsApplying' ? { rule: x.rules[0] } : {};
  return h('span', { class: `app-change${rule.rule ? ' app-change--rule' : ''}`, dataset: { kind: x.kind, ...rule } }, x.words);
}

/** The table of every case, a row each, changed rows marked. */
export function changesTable(rows) {
  const result = (row, edited) => {
    const o = edited ? row.after : row.before;
    const levelChanged = row.changes.some((x) => x.kind === 'level');
    return [
      h('span', { class: 'app-changes__level' }, o.levelLabel, edited && levelChanged ? [' ', tag('Changed', 'orange')] : null),
      bands(row).filter((x) => x.shown).map((x) => h('span', { class: 'app-changes__band govuk-body-s', dataset: { score: x.id } },
        `${x.label.split(':')[0]}: ${edited ? x.now : x.was}`, edited && x.changed ? [' ', tag('Changed', 'orange')] : null)),
    ];
  };
  return h('table', { class: 'govuk-table app-changes', id: 'changes-table' },
    h('caption', { class: 'govuk-table__caption govuk-table__caption--s' }, 'Shipped rules compared with the rules as edited'),
    h('thead', { class: 'govuk-table__head' },
      h('tr', { class: 'govuk-table__row' },
        ['Case', 'Shipped rules', 'Edited rules', 'What changes'].map((t) => h('th', { scope: 'col', class: 'govuk-table__header' }, t)))),
    h('tbody', { class: 'govuk-table__body' },
      rows.map((r) => h('tr', {
        class: `govuk-table__row${r.changed ? ' app-changes--changed' : r.moved ? ' app-changes--moved' : ''}`,
        dataset: { case: r.c.slug, changed: String(r.changed), moved: String(r.moved), conflicts: String(r.conflicts.length) },
      },
      h('th', { scope: 'row', class: 'govuk-table__header' }, `${r.c.number}. ${r.c.title}`),
      h('td', { class: 'govuk-table__cell' }, result(r, false)),
      h('td', { class: 'govuk-table__cell' }, result(r, true)),
      h('td', { class: 'govuk-table__cell' },
        r.moved ? r.changes.filter((x) => !IN_RESULT.has(x.kind)).map((x) => changeLine(r, x)) : 'None')))));
}
