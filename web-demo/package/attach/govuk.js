// GOV.UK Design System components built as DOM nodes: the pieces the views
// draw with besides the model's sections (attach/model.js): headings, the
// error summary, the developer's binding banner, links that move focus to a
// form control.

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

export function problemsBanner(doc, opts, problems) {
  return el(doc, 'div', { class: 'govuk-notification-banner', role: 'region', 'aria-labelledby': 'screening-problems-title', 'data-screening-problems': '' },
    el(doc, 'div', { class: 'govuk-notification-banner__header' },
      el(doc, `h${Math.min(opts.headingLevel + 1, 6)}`, { class: 'govuk-notification-banner__title', id: 'screening-problems-title' }, 'For the developer: the binding has problems')),
    el(doc, 'div', { class: 'govuk-notification-banner__content' },
      el(doc, 'p', { class: 'govuk-body-s' }, 'Shown because debug is on. The same list is in the console and in attachment.problems.'),
      el(doc, 'ul', { class: 'govuk-list govuk-list--bullet govuk-body-s' }, problems.map((p) => el(doc, 'li', { 'data-problem': p.kind, 'data-field': p.field }, p.message)))));
}

// GOV.UK's error summary: the model's heading for answers that could not be
// read, each answer a link to its control.
export function errorSummary(doc, opts, title, errors) {
  return el(doc, 'div', { class: 'govuk-error-summary', 'data-screening-error-summary': '' },
    el(doc, `h${Math.min(opts.headingLevel + 1, 6)}`, { class: 'govuk-error-summary__title' }, title),
    el(doc, 'div', { class: 'govuk-error-summary__body' },
      el(doc, 'ul', { class: 'govuk-list govuk-error-summary__list' }, errors.map((e) => el(doc, 'li', { 'data-field': e.field }, fieldLink(doc, e.control, e.text))))));
}
