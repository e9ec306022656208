// Drawing the engine's presentation model (`ruleSet.present(form, { audience })`,
// engine/src/present/mod.rs) with GOV.UK Design System components. Every
// sentence a person reads comes from the model; this file adds markup, and
// only the fixed words listed in CONTROL_WORDS (GOV.UK's hidden prefixes). The
// same drawing serves attach's two views, the demo's panel and the printed
// summary: each section is a <section data-section="<id>">, so a page can
// reveal them one at a time.

import { el } from './govuk.js';

/**
 * The only words the views write themselves: GOV.UK's warning icon and the
 * visually hidden prefixes its components put before a warning and an error
 * message. The contract test (tests/e2e/attach-parts.test.mjs) allows these
 * and nothing else beside the model's own strings.
 */
export const CONTROL_WORDS = Object.freeze(['!', 'Warning', 'Error: ']);
const [ICON, WARNING] = CONTROL_WORDS;

/** The text a polite live region announces when the model changes: the headline. */
export function announcement(model) {
  if (!model || !model.headline) return '';
  return [model.headline.title, ...(model.headline.lines ?? [])].join('. ');
}

/**
 * The headline: the strongest finding, what sits beneath it, its tone as data.
 * @param {Document} doc
 * @param {object} headline  `{ tone, title, lines }`
 * @param {{ headingLevel?: number, level?: string }} opts  `level`: the level id, as data only
 */
export function renderHeadline(doc, headline, opts = {}) {
  const n = Math.min(Math.max(Number(opts.headingLevel) || 2, 1), 6);
  return el(doc, 'div', { class: `screening-headline screening-headline--${headline.tone}`, 'data-headline': '', 'data-tone': headline.tone, 'data-level': opts.level ?? null },
    el(doc, `h${n}`, { class: 'govuk-heading-l govuk-!-margin-bottom-2', 'data-headline-title': '' }, headline.title),
    (headline.lines ?? []).map((line) => el(doc, 'p', { class: 'govuk-body-l govuk-!-margin-bottom-2', 'data-headline-line': '' }, line)));
}

/**
 * One section: its heading, intro, items (each with its code small beside it,
 * its detail, a link to its control when the view can find one), and `more`.
 * @param {Document} doc
 * @param {object} section  `{ id, heading, intro?, items, more? }`
 * @param {{ headingLevel?: number, link?: (field: string, text: string) => Element | null, open?: Set<string>, expand?: boolean }} opts
 *   `link(field, text)`: the element (usually an <a>) holding the item's text, or null for plain text;
 *   `open`: the keys of details open before a redraw; `expand`: every detail shown (print);
 *   `collapse`: ids of sections drawn closed, their heading the summary;
 *   `noDetail`: ids of sections whose items are drawn without their detail (a one-page handout).
 */
export function renderSection(doc, section, opts = {}) {
  const n = Math.min(Math.max(Number(opts.headingLevel) || 3, 1), 6);
  const open = opts.open ?? new Set();
  const items = section.items ?? [];
  const heading = el(doc, `h${n}`, { class: 'govuk-heading-s' }, section.heading);
  const body = [
    section.intro ? el(doc, 'p', { class: 'govuk-body-s' }, section.intro) : null,
    items.length
      ? el(doc, 'ul', { class: 'govuk-list govuk-list--spaced', 'data-items': section.id }, items.map((item, k) => renderItem(doc, section, item, k, opts, open)))
      : null,
    section.more ? el(doc, 'p', { class: 'govuk-body-s', 'data-more': '' }, section.more) : null,
  ];
  const attrs = { class: `screening-section screening-section--${section.id}`, 'data-section': section.id, 'data-count': String(items.length) };
  // A section the view keeps closed: its heading is the summary (a summary may
  // hold one heading), so closing it adds no words.
  if (opts.collapse && opts.collapse.includes(section.id) && items.length) {
    const key = `section-${section.id}`;
    return el(doc, 'section', attrs,
      el(doc, 'details', { class: 'govuk-details govuk-!-margin-bottom-4', 'data-key': key, open: open.has(key) },
        el(doc, 'summary', { class: 'govuk-details__summary' }, el(doc, 'span', { class: 'govuk-details__summary-text' }, heading)),
        el(doc, 'div', { class: 'govuk-details__text' }, body)));
  }
  return el(doc, 'section', attrs, heading, body);
}

function renderItem(doc, section, item, k, opts, open) {
  const words = item.field && opts.link ? opts.link(item.field, item.text) : null;
  const text = words ?? el(doc, 'span', { class: 'screening-item__text' }, item.text);
  const code = item.code ? el(doc, 'span', { class: 'govuk-body-s govuk-!-margin-left-1 screening-code', 'data-code': item.code }, item.code) : null;
  const attrs = { class: 'screening-item', 'data-field': item.field ?? null, 'data-code': item.code ?? null, 'data-urgent': item.urgent ? '' : null };
  const detail = item.detail && item.detail.length && !(opts.noDetail && opts.noDetail.includes(section.id))
    ? el(doc, 'ul', { class: 'govuk-list govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-0 screening-item__detail' }, item.detail.map((d) => el(doc, 'li', {}, d)))
    : null;
  if (item.urgent) {
    return el(doc, 'li', attrs,
      el(doc, 'div', { class: 'govuk-warning-text govuk-!-margin-bottom-0' },
        el(doc, 'span', { class: 'govuk-warning-text__icon', 'aria-hidden': 'true' }, ICON),
        el(doc, 'strong', { class: 'govuk-warning-text__text' }, el(doc, 'span', { class: 'govuk-visually-hidden' }, WARNING), text, code)),
      detail);
  }
  // Reasons and the like with a long detail: the words show, the detail opens
  // (never on paper: `expand` draws every detail open). Not an item whose
  // words are a link: a link inside a summary is a control inside a control.
  if (detail && item.detail.length > 2 && !opts.expand && !words) {
    const key = `${section.id}-${item.code ?? k}`;
    return el(doc, 'li', attrs,
      el(doc, 'details', { class: 'govuk-details govuk-!-margin-bottom-1', 'data-key': key, open: open.has(key) },
        el(doc, 'summary', { class: 'govuk-details__summary' }, el(doc, 'span', { class: 'govuk-details__summary-text' }, text), code),
        el(doc, 'div', { class: 'govuk-details__text' }, detail)));
  }
  return el(doc, 'li', attrs, text, code, detail);
}

/**
 * The whole model: headline, sections in the engine's order, the advisory.
 * `sections` (optional) keeps only those ids, in the model's order.
 * @returns {Element[]}
 */
export function renderModel(doc, model, opts = {}) {
  const level = Math.min(Math.max(Number(opts.headingLevel) || 2, 1), 5);
  const keep = opts.sections ? new Set(opts.sections) : null;
  const sections = (model.sections ?? []).filter((s) => !keep || keep.has(s.id));
  return [
    renderHeadline(doc, model.headline, { headingLevel: level, level: opts.level }),
    ...sections.map((s) => renderSection(doc, s, { ...opts, headingLevel: level + 1 })),
    model.advisory ? el(doc, 'div', { class: 'govuk-inset-text govuk-body-s', 'data-advisory': '' }, model.advisory) : null,
  ].filter(Boolean);
}
