// The referrer's view: for whoever fills in the form, what to check before
// sending. No levels and no professional actions: those are for the person
// who screens the referral.

import { el, heading, promptBlock, questionLists } from './govuk.js';

export function renderReferrer(doc, parts, opts, data, locate, open) {
  const { outcome, companions, sorted } = data;
  const urgent = outcome.actions.filter((a) => opts.urgentActions.has(a.id));
  for (const a of urgent) {
    parts.push(el(doc, 'div', { class: 'govuk-warning-text', 'data-urgent': a.id },
      el(doc, 'span', { class: 'govuk-warning-text__icon', 'aria-hidden': 'true' }, '!'),
      el(doc, 'strong', { class: 'govuk-warning-text__text' }, el(doc, 'span', { class: 'govuk-visually-hidden' }, 'Warning'), a.label)));
  }
  const prompts = [...outcome.prompts.filter((p) => opts.referrerPrompts.has(p.rule)), ...companions.flatMap((c) => c.prompts)];
  if (prompts.length) {
    parts.push(heading(doc, opts, 1, 'Check your wording'));
    for (const p of prompts) parts.push(promptBlock(doc, p, locate, false));
  }
  if (sorted.questions.length) {
    parts.push(heading(doc, opts, 1, 'Questions that would help'));
    parts.push(el(doc, 'p', { class: 'govuk-body-s' }, 'If you know the answers, add them to the form.'));
    parts.push(...questionLists(doc, opts, sorted, locate, open, false));
  }
  if (!urgent.length && !prompts.length && !sorted.questions.length && !data.errors.length) {
    parts.push(el(doc, 'p', { class: 'govuk-body', 'data-nothing-to-check': '' }, 'Nothing to check at the moment.'));
  }
  parts.push(el(doc, 'p', { class: 'govuk-body-s' }, 'These checks run on this page only. Nothing is sent until you send the form.'));
}
