// Optional hidden inputs, so the council's own submit can carry the outcome.

import { el } from './govuk.js';

export function addHiddenInputs(doc, form, prefix) {
  const make = (suffix) => {
    const input = el(doc, 'input', { type: 'hidden', name: `${prefix}-${suffix}`, 'data-screening-hidden': '' });
    form.append(input);
    return input;
  };
  return {
    level: make('level'),
    actions: make('actions'),
    ruleSet: make('rule-set'),
    ruleSetVersion: make('rule-set-version'),
    date: make('date'),
    outcome: make('outcome'),
  };
}

export function fillHiddenInputs(hidden, outcome) {
  hidden.level.value = outcome.level.id;
  hidden.actions.value = outcome.actions.map((a) => a.id).join(',');
  hidden.ruleSet.value = outcome.ruleSet ? outcome.ruleSet.name : '';
  hidden.ruleSetVersion.value = outcome.ruleSet && outcome.ruleSet.version ? outcome.ruleSet.version : '';
  hidden.date.value = outcome.date;
  hidden.outcome.value = JSON.stringify(outcome);
}
