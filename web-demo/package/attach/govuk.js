// GOV.UK Design System components built as DOM nodes: the pieces both views
// draw with (headings, details, summary list rows, warning text, the error
// summary, links that move focus to a form control).

import { lastLabel, questionText } from './locate.js';

export function el(doc, tag, attrs = {}, ...children) {
  const node = doc.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === 'string' ? doc.createTextNode(child) : child);
  }
  return node;
}

export function heading(doc, opts, level, text) {
  const n = Math.min(opts.headingLevel + level, 6);
  return el(doc, `h${n}`, { class: level === 0 ? 'govuk-heading-m' : 'govuk-heading-s' }, text);
}

// A link that moves focus to a form control (GOV.UK error summary style).
export function fieldLink(doc, control, text) {
  if (!control) return el(doc, 'span', {}, text);
  const target = control;
  const a = el(doc, 'a', { class: 'govuk-link', href: target.id ? `#${target.id}` : '#' }, text);
  a.addEventListener('click', (event) => {
    event.preventDefault();
    const group = target.closest('.govuk-form-group, fieldset');
    (group || target).scrollIntoView({ block: 'center' });
    target.focus({ preventScroll: true });
  });
  return a;
}

export function details(doc, key, open, summary, ...content) {
  return el(doc, 'details', { class: 'govuk-details govuk-!-margin-bottom-4', 'data-key': key, open: open.has(key) },
    el(doc, 'summary', { class: 'govuk-details__summary' }, el(doc, 'span', { class: 'govuk-details__summary-text' }, summary)),
    el(doc, 'div', { class: 'govuk-details__text' }, ...content));
}

export function summaryRow(doc, key, value) {
  return el(doc, 'div', { class: 'govuk-summary-list__row' },
    el(doc, 'dt', { class: 'govuk-summary-list__key' }, key),
    el(doc, 'dd', { class: 'govuk-summary-list__value' }, value));
}

export function unique(xs) {
  return [...new Set(xs)];
}

export function problemsBanner(doc, opts, problems) {
  return el(doc, 'div', { class: 'govuk-notification-banner', role: 'region', 'aria-labelledby': 'screening-problems-title', 'data-screening-problems': '' },
    el(doc, 'div', { class: 'govuk-notification-banner__header' },
      el(doc, `h${Math.min(opts.headingLevel + 1, 6)}`, { class: 'govuk-notification-banner__title', id: 'screening-problems-title' }, 'For the developer: the binding has problems')),
    el(doc, 'div', { class: 'govuk-notification-banner__content' },
      el(doc, 'p', { class: 'govuk-body-s' }, 'Shown because debug is on. The same list is in the console and in attachment.problems.'),
      el(doc, 'ul', { class: 'govuk-list govuk-list--bullet govuk-body-s' }, problems.map((p) => el(doc, 'li', { 'data-problem': p.kind, 'data-field': p.field }, p.message)))));
}

export function errorSummary(doc, opts, errors) {
  return el(doc, 'div', { class: 'govuk-error-summary', 'data-screening-error-summary': '' },
    el(doc, `h${Math.min(opts.headingLevel + 1, 6)}`, { class: 'govuk-error-summary__title' }, 'There is a problem'),
    el(doc, 'div', { class: 'govuk-error-summary__body' },
      el(doc, 'ul', { class: 'govuk-list govuk-error-summary__list' }, errors.map((e) => el(doc, 'li', { 'data-field': e.field }, fieldLink(doc, e.control, e.text))))));
}

export function promptBlock(doc, p, locate, withFacts) {
  const facts = withFacts ? (p.facts ?? []).map((f) => el(doc, 'li', {}, fieldLink(doc, locate(f.field), f.label), `: “${f.value}”`)) : [];
  return el(doc, 'div', { class: 'govuk-warning-text govuk-!-margin-bottom-4', 'data-prompt': p.rule },
    el(doc, 'span', { class: 'govuk-warning-text__icon', 'aria-hidden': 'true' }, '!'),
    el(doc, 'div', { class: 'govuk-warning-text__text' },
      el(doc, 'span', { class: 'govuk-visually-hidden' }, 'Prompt: '),
      p.text,
      facts.length ? el(doc, 'ul', { class: 'govuk-list govuk-body-s govuk-!-margin-top-2 govuk-!-margin-bottom-0' }, facts) : null));
}

// The questions on this form that would help decide: the first few, the rest behind "details".
export function questionLists(doc, opts, sorted, locate, open, withRules) {
  const entries = sorted.questions.map((q) => ({ ...q, control: locate(q.field) }));
  const item = (q) => {
    const text = opts.view === 'referrer' ? questionText(q.control) ?? lastLabel(q.label) : q.label;
    const rules = q.rules.map((r) => r.title);
    const shown = rules.length > 3 ? `${rules.slice(0, 3).join('; ')}; and ${rules.length - 3} more` : rules.join('; ');
    return el(doc, 'li', { 'data-field': q.field },
      fieldLink(doc, q.control, text),
      // The screener reads what answering could change, in the engine's words;
      // the referrer view never shows levels or actions.
      withRules ? el(doc, 'span', { class: 'govuk-body-s govuk-!-display-block govuk-hint govuk-!-margin-bottom-0' }, q.text ?? `Would help decide: ${shown}`) : null);
  };
  const first = entries.slice(0, opts.questionsShown);
  const rest = entries.slice(opts.questionsShown);
  const out = [el(doc, 'ul', { class: 'govuk-list govuk-list--bullet', 'data-questions': '' }, first.map(item))];
  if (rest.length) {
    out.push(details(doc, 'more-questions', open, `${rest.length} more question${rest.length === 1 ? '' : 's'}`,
      el(doc, 'ul', { class: 'govuk-list govuk-list--bullet', 'data-questions': '' }, rest.map(item))));
  }
  return out;
}

