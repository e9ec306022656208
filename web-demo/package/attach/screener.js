// The screener's view: for whoever screens the referral, the whole outcome,
// compact, details to expand.

import { details, el, heading, promptBlock, questionLists, summaryRow, unique } from './govuk.js';
import { lastLabel } from './locate.js';

const TAG_COLOURS = ['govuk-tag--grey', 'govuk-tag--blue', 'govuk-tag--yellow', 'govuk-tag--orange', 'govuk-tag--red'];

export function reasonLookup(outcome) {
  const reasons = new Map();
  for (const r of outcome.fired ?? []) reasons.set(r.id, r.explanation || `${r.id}: ${r.title}`);
  for (const f of outcome.floors ?? []) reasons.set(f.id, f.explanation || `${f.id}: ${f.title}`);
  for (const s of outcome.scores ?? []) {
    if (s.band) reasons.set(`${s.id}.${s.band.id}`, `${s.label} is ${s.total}: ${s.band.label}.`);
  }
  return (id) => reasons.get(id) ?? id;
}

// For whoever screens the referral: the whole outcome, compact, details to expand.
export function renderScreener(doc, parts, opts, data, locate, open) {
  const { outcome, companions, sorted, given } = data;
  const reason = reasonLookup(outcome);
  parts.push(el(doc, 'div', { class: 'govuk-inset-text govuk-!-margin-top-0' }, outcome.advisory));

  // Level, scores, contexts.
  const rows = [];
  const level = outcome.level;
  const colour = TAG_COLOURS[Math.min(level.rank, TAG_COLOURS.length - 1)];
  const levelValue = [el(doc, 'strong', { class: `govuk-tag ${colour}`, 'data-level': level.id }, level.label)];
  if (level.setBy && level.setBy.length) {
    levelValue.push(el(doc, 'p', { class: 'govuk-body-s govuk-!-margin-top-2 govuk-!-margin-bottom-0' }, `Set by ${level.setBy.join(', ')}.`));
  }
  if (sorted.couldRiseTo) {
    const how = {
      'this-form': 'depending on questions on this form',
      'not-collected': 'only with information this form does not collect',
      both: 'depending on questions on this form or on information it does not collect',
    }[sorted.couldRiseTo.dependsOn];
    levelValue.push(el(doc, 'p', { class: 'govuk-body-s govuk-!-margin-top-2 govuk-!-margin-bottom-0', 'data-could-rise-to': sorted.couldRiseTo.id, 'data-depends-on': sorted.couldRiseTo.dependsOn },
      `Could rise to ${sorted.couldRiseTo.label}, ${how}.`));
  }
  rows.push(summaryRow(doc, 'Suggested level', levelValue));
  for (const s of outcome.scores ?? []) {
    let text = `${s.total}`;
    if (s.band) text += ` (${s.band.label})`;
    if (s.possibleMin !== s.possibleMax) text += `; could be ${s.possibleMin} to ${s.possibleMax} once every question is answered`;
    rows.push(summaryRow(doc, s.label, [text]));
  }
  if (outcome.contexts && outcome.contexts.length) {
    rows.push(summaryRow(doc, 'Contexts, weightiest first', [
      el(doc, 'ol', { class: 'govuk-list govuk-list--number govuk-!-margin-bottom-0' }, outcome.contexts.map((c) => el(doc, 'li', {}, c.label))),
    ]));
  }
  parts.push(el(doc, 'dl', { class: 'govuk-summary-list govuk-!-margin-bottom-4' }, rows));
  if (level.setBy && level.setBy.length) {
    parts.push(details(doc, 'level-reasons', open, 'Why this level',
      el(doc, 'ul', { class: 'govuk-list govuk-list--bullet govuk-body-s' }, level.setBy.map((id) => el(doc, 'li', {}, reason(id))))));
  }

  // Actions, each with its reasons behind "details".
  parts.push(heading(doc, opts, 1, 'Suggested actions'));
  if (outcome.actions.length === 0) {
    parts.push(el(doc, 'p', { class: 'govuk-body' }, 'No actions are suggested by the answers so far.'));
  } else {
    parts.push(el(doc, 'ul', { class: 'govuk-list', 'data-actions': '' }, outcome.actions.map((a) =>
      el(doc, 'li', { 'data-action': a.id },
        el(doc, 'details', { class: 'govuk-details govuk-!-margin-bottom-2', 'data-key': `action-${a.id}`, open: open.has(`action-${a.id}`) },
          el(doc, 'summary', { class: 'govuk-details__summary' }, el(doc, 'span', { class: 'govuk-details__summary-text' }, a.label)),
          el(doc, 'div', { class: 'govuk-details__text' },
            el(doc, 'ul', { class: 'govuk-list govuk-list--bullet govuk-body-s govuk-!-margin-bottom-0' }, [
              ...a.requestedBy.map((id) => el(doc, 'li', {}, reason(id))),
              // A level that requires the action brings it whatever set the level.
              ...(a.requiredByLevel ? [el(doc, 'li', {}, `The level ${a.requiredByLevel.label} requires this action.`)] : []),
            ])))),
    )));
  }

  // Prompts, the rule set's own and the companions' (wording checks).
  const prompts = [...outcome.prompts, ...companions.flatMap((c) => c.prompts)];
  if (prompts.length) {
    parts.push(heading(doc, opts, 1, 'Prompts'));
    for (const p of prompts) parts.push(promptBlock(doc, p, locate, true));
  }

  // Questions this form asks that would help decide.
  if (sorted.questions.length) {
    parts.push(heading(doc, opts, 1, 'Questions on this form that would help decide'));
    parts.push(...questionLists(doc, opts, sorted, locate, open, true));
  }
  if (sorted.notCollected.length) {
    parts.push(details(doc, 'not-collected', open,
      `${sorted.notCollected.length} rule${sorted.notCollected.length === 1 ? '' : 's'} need${sorted.notCollected.length === 1 ? 's' : ''} information this form does not collect`,
      el(doc, 'p', { class: 'govuk-body-s' }, 'Ask the referrer, or check other records, if these matter for this child.'),
      el(doc, 'ul', { class: 'govuk-list govuk-list--bullet govuk-body-s', 'data-not-collected': '' }, sorted.notCollected.map((r) =>
        el(doc, 'li', { 'data-rule': r.id }, `${r.id} ${r.title}`, r.needs.length ? `: ${unique(r.needs.map((n) => lastLabel(n.label))).join('; ')}` : '')))));
  }

  // How it was worked out.
  if (outcome.summary && outcome.summary.length) {
    parts.push(details(doc, 'summary', open, 'How this was worked out',
      el(doc, 'ul', { class: 'govuk-list govuk-list--bullet' }, outcome.summary.map((line) => el(doc, 'li', {}, line))),
      given.length ? el(doc, 'p', { class: 'govuk-body-s', 'data-given': '' },
        `Not asked on this form, given by its set-up: ${given.map((g) => `${g.field} = ${Array.isArray(g.value) ? g.value.join(', ') : g.value}${g.how === 'fallback' ? ' (used because the form did not give it)' : ''}`).join('; ')}.`) : null,
      outcome.ruleSet ? el(doc, 'p', { class: 'govuk-body-s' }, `Rule set: ${outcome.ruleSet.name}${outcome.ruleSet.version ? `, version ${outcome.ruleSet.version}` : ''}. Screened as at ${outcome.date}.`) : null));
  }
}
