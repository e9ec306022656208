// Drawing the outcome in the container: the view asked for, a binding that
// shares nothing with the form, an evaluation that failed, and the text the
// live region announces.

import { el, errorSummary, heading, problemsBanner } from './govuk.js';
import { renderReferrer } from './referrer.js';
import { renderScreener } from './screener.js';

export function render(doc, body, opts, data, locate) {
  // Keep open "details" open across redraws.
  const open = new Set([...body.querySelectorAll('details[open][data-key]')].map((d) => d.getAttribute('data-key')));
  const parts = [heading(doc, opts, 0, opts.title)];
  if (opts.debug && data.problems.length) parts.push(problemsBanner(doc, opts, data.problems));
  if (data.nothingBound) {
    // A rule set and a form that share nothing must never look like a clean result.
    parts.push(el(doc, 'div', { class: 'govuk-warning-text', 'data-screening-not-bound': '' },
      el(doc, 'span', { class: 'govuk-warning-text__icon', 'aria-hidden': 'true' }, '!'),
      el(doc, 'strong', { class: 'govuk-warning-text__text' },
        el(doc, 'span', { class: 'govuk-visually-hidden' }, 'Warning'),
        'The screening check is not working on this form, so it shows no result. You can still send the form as usual.')));
    body.replaceChildren(...parts);
    return;
  }
  if (data.errors.length) parts.push(errorSummary(doc, opts, data.errors));
  if (opts.view === 'referrer') renderReferrer(doc, parts, opts, data, locate, open);
  else renderScreener(doc, parts, opts, data, locate, open);
  body.replaceChildren(...parts);
}

export function renderError(doc, body, opts, err) {
  body.replaceChildren(
    heading(doc, opts, 0, opts.title),
    el(doc, 'div', { class: 'govuk-warning-text' },
      el(doc, 'span', { class: 'govuk-warning-text__icon', 'aria-hidden': 'true' }, '!'),
      el(doc, 'strong', { class: 'govuk-warning-text__text' },
        el(doc, 'span', { class: 'govuk-visually-hidden' }, 'Warning'),
        `The screening could not read this form: ${err && err.message ? err.message : 'unknown error'}`)),
  );
}

export function summaryAnnouncement(opts, outcome, companions, sorted, errors, binding) {
  if (binding.nothingBound) return 'The screening check is not working on this form.';
  let text = '';
  if (errors.length) text += `There is a problem: ${errors.map((e) => e.text).join('. ')}. `;
  if (opts.view === 'referrer') {
    const urgent = outcome.actions.filter((a) => opts.urgentActions.has(a.id));
    const prompts = outcome.prompts.filter((p) => opts.referrerPrompts.has(p.rule)).length + companions.reduce((n, c) => n + c.prompts.length, 0);
    text += 'Checks updated.';
    for (const a of urgent) text += ` ${a.label}.`;
    if (prompts) text += ` ${prompts} wording prompt${prompts === 1 ? '' : 's'}.`;
    if (sorted.questions.length) text += ` ${sorted.questions.length} question${sorted.questions.length === 1 ? '' : 's'} that would help.`;
    return text;
  }
  const actions = outcome.actions.length;
  text += `Screening updated. Suggested level: ${outcome.level.label}.`;
  text += actions === 0 ? ' No actions suggested.' : ` ${actions} action${actions === 1 ? '' : 's'} suggested.`;
  const prompts = outcome.prompts.length + companions.reduce((n, c) => n + c.prompts.length, 0);
  if (prompts) text += ` ${prompts} prompt${prompts === 1 ? '' : 's'}.`;
  return text;
}
