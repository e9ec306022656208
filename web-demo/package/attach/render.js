// Drawing in the container: the engine's presentation model for the view's
// audience (attach/model.js draws it; the companions' prompts and unreadable
// answers join the main rule set's), a binding that shares nothing with the
// form, an evaluation that failed, and the text the live region announces.
// Every sentence about the outcome is the engine's; the only sentences this
// file writes are the package's fixed notices about itself (NOTICES).

import { el, errorSummary, fieldLink, heading, problemsBanner } from './govuk.js';
import { CONTROL_WORDS, announcement, renderModel } from './model.js';

const [ICON, WARNING] = CONTROL_WORDS;

/**
 * The package's fixed notices, about the check itself and never about an
 * outcome: the default titles of the two views, what a form that shares
 * nothing with the rule set shows, where the checks run (the referrer's view),
 * and what a page shows when the engine could not be loaded at all (load.js).
 */
export const NOTICES = Object.freeze({
  referrerTitle: 'Before you send this referral',
  screenerTitle: 'Screening suggestion',
  notBound: 'The screening check is not working on this form, so it shows no result. You can still send the form as usual.',
  notBoundAnnouncement: 'The screening check is not working on this form.',
  local: 'These checks run on this page only. Nothing is sent until you send the form.',
  unavailable: 'The screening check is not available at the moment. You can still fill in and send this form as usual.',
});

// Sections each view keeps closed until opened (compact, as a form's side
// panel must be): what the person acts on stays open.
const COLLAPSED = {
  referrer: ['screened', 'reasons'],
  screener: ['screened', 'undecided', 'scores', 'contexts'],
};

function warning(doc, attrs, text) {
  return el(doc, 'div', { class: 'govuk-warning-text', ...attrs },
    el(doc, 'span', { class: 'govuk-warning-text__icon', 'aria-hidden': 'true' }, ICON),
    el(doc, 'strong', { class: 'govuk-warning-text__text' }, el(doc, 'span', { class: 'govuk-visually-hidden' }, WARNING), text));
}

/**
 * The main model with the companions' prompts and unreadable answers in its
 * own sections (a companion's headline and the rest are about its own rule
 * set, which screens the wording, not the child). Data only: no words added.
 */
export function withCompanions(model, companions = []) {
  const sections = (model.sections ?? []).map((s) => ({ ...s, items: [...(s.items ?? [])] }));
  for (const id of ['prompts', 'form_problems']) {
    for (const c of companions) {
      const theirs = (c.sections ?? []).find((s) => s.id === id);
      if (!theirs || !(theirs.items ?? []).length) continue;
      const ours = sections.find((s) => s.id === id);
      if (ours) {
        const seen = new Set(ours.items.map((i) => `${i.field ?? ''}\n${i.text}`));
        ours.items.push(...theirs.items.filter((i) => !seen.has(`${i.field ?? ''}\n${i.text}`)));
      } else {
        // Where the engine puts it: prompts before the questions, unreadable answers last.
        const at = id === 'prompts' ? sections.findIndex((s) => s.id === 'questions') : -1;
        sections.splice(at < 0 ? sections.length : at, 0, { ...theirs, items: [...theirs.items] });
      }
    }
  }
  return { ...model, sections };
}

/**
 * @param {object} data  `{ model, companions, errors, problems, nothingBound, level }`:
 *   `model` the main rule set's presentation for this view's audience,
 *   `companions` theirs, `errors` the unreadable answers found on the form
 *   (errors.js), `level` the level id (data only, for pages and tests).
 */
export function render(doc, body, opts, data, locate) {
  // Keep open "details" open across redraws.
  const open = new Set([...body.querySelectorAll('details[open][data-key]')].map((d) => d.getAttribute('data-key')));
  const parts = [heading(doc, opts, 0, opts.title)];
  if (opts.debug && data.problems.length) parts.push(problemsBanner(doc, opts, data.problems));
  if (data.nothingBound) {
    // A rule set and a form that share nothing must never look like a clean result.
    parts.push(warning(doc, { 'data-screening-not-bound': '' }, NOTICES.notBound));
    body.replaceChildren(...parts);
    return;
  }
  const model = withCompanions(data.model, data.companions);
  const problems = model.sections.find((s) => s.id === 'form_problems');
  // Unreadable answers the GOV.UK way: a summary at the top, each linked to its control.
  if (problems && data.errors.length) parts.push(errorSummary(doc, opts, problems.heading, data.errors));
  const link = (field, text) => {
    const control = locate(field);
    return control ? fieldLink(doc, control, text) : null;
  };
  parts.push(...renderModel(doc, { ...model, sections: model.sections.filter((s) => s !== problems || !data.errors.length) }, {
    headingLevel: Math.min(opts.headingLevel + 1, 6),
    level: data.level,
    open,
    link,
    collapse: COLLAPSED[opts.view] ?? [],
  }));
  if (opts.view === 'referrer') parts.push(el(doc, 'p', { class: 'govuk-body-s' }, NOTICES.local));
  body.replaceChildren(...parts);
}

/** An evaluation that failed: the engine's own message, nothing added. */
export function renderError(doc, body, opts, err) {
  body.replaceChildren(heading(doc, opts, 0, opts.title), warning(doc, { 'data-screening-failed': '' }, err && err.message ? err.message : String(err)));
}

/**
 * What the polite live region says, in the model's words: the answers that
 * could not be read first (GOV.UK puts the error summary first), then the
 * headline; or that the check is not working on this form.
 */
export function summaryAnnouncement(model, binding) {
  if (binding.nothingBound) return NOTICES.notBoundAnnouncement;
  const problems = (model.sections ?? []).find((s) => s.id === 'form_problems');
  const first = problems && problems.items.length ? [problems.heading, ...problems.items.map((i) => i.text)] : [];
  return [...first, announcement(model)].join('. ');
}
