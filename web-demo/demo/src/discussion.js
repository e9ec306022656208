// Discussion mode: a training case's answer revealed one step at a time, so a
// room can reach its own view first. The steps go questions for the room,
// level, reasons, actions, the expected outcome, the facilitator's note; each
// is taken with a button, or from the keyboard or a presentation clicker
// (clickers send PageDown and PageUp, some the arrow keys or Space).
//
// The panel is drawn whole and its parts are hidden here by their
// `data-section` (the ids of the engine's presentation model), so this module
// does not depend on how the panel draws a section.

import { h, replace } from './dom.js';

export const STEPS = [
  { key: 'questions', button: 'Show the questions for the room' },
  { key: 'level', button: 'Reveal the level' },
  { key: 'reasons', button: 'Reveal the reasons' },
  { key: 'actions', button: 'Reveal the actions' },
  { key: 'expected', button: 'Reveal the expected outcome' },
  { key: 'note', button: "Reveal the facilitator's note" },
];

// Which step shows each section of the panel. A section this list does not
// name is part of the answer: it shows with the last step of the screening.
const SECTION_STEP = {
  headline: 'level',
  screened: 'level',
  reasons: 'reasons',
  contexts: 'reasons',
  scores: 'reasons',
  actions: 'actions',
  prompts: 'actions',
  questions: 'actions',
  undecided: 'actions',
};
// Never hidden: they say nothing about the outcome (and an answer that could
// not be read must always be seen).
const ALWAYS = new Set(['form_problems', 'advisory']);

export class Discussion {
  constructor() {
    this.on = false;
    this.count = STEPS.length; // how many steps are revealed
  }

  /** A case loads hidden in discussion mode, whole otherwise. */
  start(hasCase) {
    this.count = this.on && hasCase ? 0 : STEPS.length;
  }

  shown(key) {
    return STEPS.findIndex((s) => s.key === key) < this.count;
  }

  /** Something is still hidden. */
  get hiding() {
    return this.count < STEPS.length;
  }

  get next() {
    return STEPS[this.count] || null;
  }

  get last() {
    return this.count > 0 ? STEPS[this.count - 1] : null;
  }

  /** Reveal the next step; returns it (null when all is shown). */
  forward() {
    if (!this.hiding) return null;
    this.count += 1;
    return STEPS[this.count - 1];
  }

  /** Hide the last step again; returns the step now last shown (or null). */
  back() {
    if (this.count === 0) return null;
    this.count -= 1;
    return this.last;
  }

  /** Would this section of the panel show now? */
  showsSection(id) {
    return ALWAYS.has(id) || this.shown(SECTION_STEP[id] || 'actions');
  }
}

/** Hide the sections of the panel the room has not been shown yet. */
export function hideSections(root, discussion) {
  for (const el of root.querySelectorAll('[data-section]')) el.hidden = !discussion.showsSection(el.dataset.section);
}

/** The bar under the case: which step is next, and how to take it. */
export function revealBar(discussion, caseNumber, { onForward, onBack }) {
  const next = discussion.next;
  if (!next) return null;
  const last = discussion.last;
  return h('div', { class: 'app-reveal', id: 'reveal-bar', dataset: { step: String(discussion.count) } },
    h('p', { class: 'govuk-body app-reveal__text' }, h('strong', null, 'Discussion mode. '),
      discussion.count === 0
        ? `Ask the room about case ${caseNumber} first.`
        : `Step ${discussion.count} of ${STEPS.length} shown.`),
    h('div', { class: 'govuk-button-group app-reveal__buttons' },
      h('button', { type: 'button', class: 'govuk-button app-reveal__button', id: `reveal-${next.key}`, onclick: onForward }, next.button),
      last
        ? h('button', { type: 'button', class: 'govuk-button govuk-button--secondary app-reveal__button', id: 'reveal-back', onclick: onBack },
          'Hide the last step', h('span', { class: 'govuk-visually-hidden' }, ` (${last.key === 'questions' ? 'the questions' : last.button.replace(/^Reveal /, '')})`))
        : null),
    h('p', { class: 'govuk-body-s app-reveal__keys', id: 'reveal-keys' },
      'From the keyboard or a clicker: ', h('kbd', null, 'Page Down'), ', ', h('kbd', null, '\u2192'), ' or ', h('kbd', null, 'Space'),
      ' shows the next step; ', h('kbd', null, 'Page Up'), ' or ', h('kbd', null, '\u2190'), ' hides the last one.'));
}

/** The questions to ask the room before any answer shows. */
export function roomQuestions(caseMeta) {
  const qs = (caseMeta.facilitator && caseMeta.facilitator.beforeReveal) || [];
  return h('div', { class: 'app-room-questions', id: 'room-questions', tabindex: '-1' },
    h('h3', { class: 'govuk-heading-s' }, 'Questions for the room'),
    qs.length
      ? h('ol', { class: 'govuk-list govuk-list--number' }, qs.map((q) => h('li', null, q)))
      : h('p', { class: 'govuk-body' }, 'What would you do, and why? Decide before the screening is shown.'));
}

const TEXT_ENTRY = 'input, textarea, select, [contenteditable="true"], [contenteditable=""], .cm-editor';
const ACTIVATES = 'button, a[href], summary, label, [role="button"], [role="tab"], input, select, textarea';

/**
 * Keys a clicker or keyboard sends: forward on PageDown, Right arrow or Space,
 * back on PageUp or Left arrow. Never while typing, and arrows and Space are
 * left to a control that has focus (Space presses a button, arrows move in
 * tabs and radios).
 */
export function listenForClicker(target, { active, onForward, onBack }) {
  target.addEventListener('keydown', (e) => {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || !active()) return;
    const el = e.target instanceof Element ? e.target : null;
    if (el && el.closest(TEXT_ENTRY)) return;
    const paging = e.key === 'PageDown' || e.key === 'PageUp';
    if (!paging && el && el.closest(ACTIVATES)) return;
    let did = false;
    if (e.key === 'PageDown' || e.key === 'ArrowRight' || (e.key === ' ' && !e.shiftKey)) did = onForward();
    else if (e.key === 'PageUp' || e.key === 'ArrowLeft') did = onBack();
    if (did) e.preventDefault();
  });
}

/** The print view while the answer is hidden: the case and the questions, nothing that gives it away. */
export function renderHiddenPrint(root, caseMeta) {
  const qs = (caseMeta.facilitator && caseMeta.facilitator.beforeReveal) || [];
  replace(root,
    h('h1', { class: 'app-print__title' }, `Training case ${caseMeta.number}: ${caseMeta.title}`),
    h('p', { class: 'app-print__advisory' }, h('strong', null, 'Fictional training case. '),
      'The screening is hidden for discussion: print again after revealing it for the full summary.'),
    h('h2', null, 'Scenario'),
    h('p', { class: 'app-print__scenario' }, caseMeta.summary),
    qs.length ? [h('h2', null, 'Questions for the room'), h('ol', { class: 'app-print__list' }, qs.map((q) => h('li', null, q)))] : null);
}
