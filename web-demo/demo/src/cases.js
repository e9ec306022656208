// Training cases: compare an outcome with what the case expects, and render
// the comparison, the facilitator's note and the overview of all cases.
//
// A case's `expected` (in web-demo/demo/cases/<slug>.json):
//   level:       { "is" | "atLeast" | "atMost": level id }
//   actions:     action ids that must be suggested
//   noActions:   action ids that must not be
//   topContexts: the weightiest context must be one of these ids
//   bands:       { score id: band id } the total of each score must fall in
//                (a context's own ladder is the `context` score's band)
//   promptsContain: text each found in some prompt (case-insensitive)
//   summary:     the expected outcome in words, as DOMAIN practice states it

import { h, tag } from './dom.js';

// `levels` and `actions` (in compare and comparisonTable) are the rule file's,
// [{ id, label }] from the engine's outline (store.js `declared`), levels lowest first.

/**
 * `companions`: the outcomes of the rule sets screened beside the main one (the wording checks).
 * @returns {{checks: Array<{what, expected, actual, ok}>, ok: boolean}}
 */
export function compare(outcome, expected, levels, actions, companions = []) {
  const checks = [];
  const exp = expected || {};
  const rank = (id) => levels.findIndex((l) => l.id === id);
  const levelLabel = (id) => (levels.find((l) => l.id === id) || { label: id }).label;
  const actionLabel = (id) => (actions.find((a) => a.id === id) || { label: id }).label;
  const lv = exp.level || {};
  if (lv.is) {
    checks.push({ what: 'Level', expected: levelLabel(lv.is), actual: outcome.level.label, ok: outcome.level.id === lv.is });
  }
  if (lv.atLeast) {
    const r = rank(lv.atLeast);
    checks.push({ what: 'Level', expected: `${levelLabel(lv.atLeast)} or higher`, actual: outcome.level.label, ok: r >= 0 && outcome.level.rank >= r });
  }
  if (lv.atMost) {
    const r = rank(lv.atMost);
    checks.push({ what: 'Level', expected: `${levelLabel(lv.atMost)} or lower`, actual: outcome.level.label, ok: r >= 0 && outcome.level.rank <= r });
  }
  const got = new Set(outcome.actions.map((a) => a.id));
  for (const a of exp.actions || []) {
    checks.push({ what: 'Should suggest', expected: actionLabel(a), actual: got.has(a) ? 'Suggested' : 'Not suggested', ok: got.has(a) });
  }
  for (const a of exp.noActions || []) {
    checks.push({ what: 'Should not suggest', expected: actionLabel(a), actual: got.has(a) ? 'Suggested' : 'Not suggested', ok: !got.has(a) });
  }
  if (exp.topContexts && exp.topContexts.length) {
    const top = outcome.contexts[0];
    checks.push({
      what: 'Weightiest context',
      expected: exp.topContextLabels || exp.topContexts.join(' or '),
      actual: top ? top.label : 'None',
      ok: !!top && exp.topContexts.includes(top.id),
    });
  }
  for (const [scoreId, bandId] of Object.entries(exp.bands || {})) {
    const score = outcome.scores.find((x) => x.id === scoreId);
    const band = score && score.band;
    checks.push({
      what: score ? score.label : scoreId,
      expected: band && band.id === bandId ? band.label : bandId,
      actual: band ? band.label : 'No band',
      ok: !!band && band.id === bandId,
    });
  }
  for (const p of exp.promptsContain || []) {
    // The wording checks' prompts (companions' outcomes) count as the case's prompts.
    const ok = [outcome, ...companions].some((o) => o.prompts.some((x) => x.text.toLowerCase().includes(p.toLowerCase())));
    checks.push({ what: 'Prompt', expected: `A prompt about \u201c${p}\u201d`, actual: ok ? 'Given' : 'Not given', ok });
  }
  return { checks, ok: checks.every((c) => c.ok) };
}

export function comparisonTable(caseMeta, result, idPrefix = 'case') {
  const passed = result.checks.filter((c) => c.ok).length;
  // Collapsed when everything matches, open when something differs.
  return h('details', { class: `govuk-details app-compare ${result.ok ? 'app-compare--ok' : 'app-compare--diff'}`, id: `${idPrefix}-compare`, open: !result.ok, dataset: { matches: String(result.ok) } },
    h('summary', { class: 'govuk-details__summary app-compare__summary' },
      h('span', { class: 'govuk-details__summary-text' },
        result.ok ? 'Matches' : 'Differs from',
        ` the expected outcome for case ${caseMeta.number} (${passed} of ${result.checks.length} checks)`)),
    h('div', { class: 'govuk-details__text app-compare__body' },
      caseMeta.expected && caseMeta.expected.summary ? h('p', { class: 'govuk-body-s' }, h('strong', null, 'Expected: '), caseMeta.expected.summary) : null,
      h('table', { class: 'govuk-table app-compare__table' },
        h('caption', { class: 'govuk-table__caption govuk-visually-hidden' }, `Expected and engine outcome for ${caseMeta.title}`),
        h('thead', { class: 'govuk-table__head' },
          h('tr', { class: 'govuk-table__row' },
            h('th', { scope: 'col', class: 'govuk-table__header' }, 'Expected'),
            h('th', { scope: 'col', class: 'govuk-table__header' }, 'Engine'),
            h('th', { scope: 'col', class: 'govuk-table__header' }, 'Same?'))),
        h('tbody', { class: 'govuk-table__body' },
          result.checks.map((c) => h('tr', { class: 'govuk-table__row', dataset: { ok: String(c.ok) } },
            h('td', { class: 'govuk-table__cell' }, h('span', { class: 'app-compare__what' }, `${c.what}: `), c.expected),
            h('td', { class: 'govuk-table__cell' }, c.actual),
            h('td', { class: 'govuk-table__cell' }, c.ok ? tag('Yes', 'green') : tag('No', 'red'))))))));
}

export function facilitatorNote(caseMeta, opts = {}) {
  const f = caseMeta.facilitator || {};
  return h('details', { class: 'govuk-details app-facilitator', open: opts.open || false },
    h('summary', { class: 'govuk-details__summary' },
      h('span', { class: 'govuk-details__summary-text' }, "Facilitator's note")),
    h('div', { class: 'govuk-details__text' },
      f.note ? h('p', { class: 'govuk-body' }, f.note) : null,
      f.beforeReveal && f.beforeReveal.length
        ? [h('h4', { class: 'govuk-heading-s' }, 'Questions for the room, before the result'),
          h('ol', { class: 'govuk-list govuk-list--number' }, f.beforeReveal.map((d) => h('li', null, d)))]
        : null,
      f.discussion && f.discussion.length
        ? [h('h4', { class: 'govuk-heading-s' }, 'Discussion points'),
          h('ul', { class: 'govuk-list govuk-list--bullet' }, f.discussion.map((d) => h('li', null, d)))]
        : null,
      f.tryThis ? [h('h4', { class: 'govuk-heading-s' }, 'Try this'), h('p', { class: 'govuk-body app-try-this' }, withCode(f.tryThis))] : null,
      // One click makes each edit the tip describes, so nobody has to type in the editor in front of a room.
      opts.onEdit && f.tryThisEdits && f.tryThisEdits.length
        ? h('div', { class: 'govuk-button-group app-try-this__buttons' },
          f.tryThisEdits.map((e) => h('button', {
            type: 'button',
            class: 'govuk-button govuk-button--secondary app-try-this__button',
            dataset: { rule: e.rule },
            onclick: () => opts.onEdit(e),
          }, e.remove ? `Take out ${e.rule}` : `Make the change in ${e.rule}`, e.remove ? null : h('span', { class: 'govuk-visually-hidden' }, `: ${e.find} to ${e.replaceWith}`))))
        : null));
}

/** Text with `rule text` in backticks shown as code, as the editor shows it. */
function withCode(text) {
  return String(text).split('`').map((part, i) => (i % 2 ? h('code', { class: 'app-rule-text' }, part) : part));
}
