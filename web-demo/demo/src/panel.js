// The live screening panel and the printed summary: each draws the engine's
// presentation model (`ruleSet.present(form, { audience })`, made in Rust,
// engine/src/present/mod.rs) with the package's drawing (attach/model.js),
// the same one attach's two views use. No sentence about the outcome is
// written here: the headline, reasons, actions, prompts, questions, scores
// and contexts are the engine's words. Each section is a
// <section data-section="<id>"> so the training page can reveal them one by
// one. The training page's own parts (notes, the case comparison) are passed
// in and drawn around it.

import { h, replace } from './dom.js';
import { announcement, renderHeadline, renderSection } from '../../package/attach/model.js';

/** A colour for a level by its rank among the rule set's levels. */
export function levelColour(rank, count) {
  if (rank <= 0) return 'grey';
  const top = Math.max(1, (count || 4) - 1);
  const r = rank / top;
  if (r >= 1) return 'red';
  if (r >= 0.6) return 'orange';
  if (r >= 0.3) return 'yellow';
  return 'blue';
}

export class ScreeningPanel {
  /**
   * @param {HTMLElement} root  where the outcome goes
   * @param {object} opts  { focusField(path), status: HTMLElement, levelCount: () => number }
   */
  constructor(root, opts) {
    this.root = root;
    this.opts = opts;
    this.lastStatus = '';
  }

  message(text, kind) {
    replace(this.root, h('p', { class: `govuk-body${kind === 'error' ? ' app-error-text' : ''}` }, text));
  }

  /** A question or answer in the model links to its control in the form. */
  fieldLink(field, text) {
    return h('a', {
      class: 'govuk-link app-field-link',
      href: `#field:${field}`,
      dataset: { field },
      onclick: (e) => {
        e.preventDefault();
        this.opts.focusField(field);
      },
    }, text);
  }

  /**
   * @param {object} outcome  the outcome, with `presentation` (the screener's model)
   * @param {object} extra { comparison: Node|null, rulesNote: Node|null, dateNotes: Node|null }
   */
  render(outcome, extra = {}) {
    const model = outcome.presentation;
    // The model drawn, on the element (not in the DOM), so a test can check
    // that every word in the panel's model part is the engine's.
    this.root.screeningModel = model;
    const open = new Set([...this.root.querySelectorAll('details[open][data-key]')].map((d) => d.getAttribute('data-key')));
    const levelCount = this.opts.levelCount ? this.opts.levelCount() : 4;
    const colour = levelColour(outcome.level.rank, levelCount);
    const headline = renderHeadline(document, model.headline, { headingLevel: 2, level: outcome.level.id });
    headline.id = 'outcome-level';
    headline.classList.add('app-level', `app-level--${colour}`);
    // The training page reveals the headline, then each section, a step at a time.
    headline.dataset.section = 'headline';
    headline.tabIndex = -1;
    const section = (s) => {
      const node = renderSection(document, s, { headingLevel: 3, open, link: (field, text) => this.fieldLink(field, text) });
      node.id = `outcome-${s.id.replace(/_/g, '-')}`;
      node.classList.add('app-panel-section');
      // Its heading takes focus when the training page reveals it.
      const heading = node.querySelector('h3');
      if (heading) {
        heading.id = `${node.id}-title`;
        heading.tabIndex = -1;
      }
      return node;
    };
    replace(this.root,
      extra.rulesNote || null,
      headline,
      extra.dateNotes || null,
      extra.comparison || null,
      h('div', { class: 'app-panel-model', id: 'outcome-model' },
        model.sections.map(section),
        model.advisory ? h('p', { class: 'govuk-body-s app-panel-advisory', dataset: { advisory: '' } }, model.advisory) : null));

    const status = announcement(model);
    if (status !== this.lastStatus && this.opts.status) {
      this.opts.status.textContent = status;
      this.lastStatus = status;
    }
  }
}

/**
 * The one-page summary for printing: the print audience's model, under the
 * training case it is about. `context.model` is that model; the case title,
 * scenario and discussion questions are the training case's own words.
 */
export function renderPrint(root, outcome, context) {
  const model = context.model;
  // The page's own words: its title, the case and, for the trainer, the discussion questions.
  replace(root,
    h('h1', { class: 'app-print__title' }, 'Screening summary'),
    context.caseTitle ? h('p', { class: 'app-print__case' }, h('strong', null, context.caseTitle)) : null,
    context.scenario ? h('p', { class: 'app-print__scenario' }, context.scenario) : null,
    h('div', { class: 'app-print__model' },
      renderHeadline(document, model.headline, { headingLevel: 2, level: outcome.level.id }),
      // One sheet: each item's words and id; the rules still undecided and
      // each item's detail (answers, rationale, source) stay on screen.
      model.sections.filter((s) => s.id !== 'undecided').map((s) => renderSection(document, s, { headingLevel: 2, noDetail: [s.id] })),
      model.advisory ? h('p', { class: 'app-print__advisory', dataset: { advisory: '' } }, model.advisory) : null),
    context.discussion && context.discussion.length ? [h('h2', null, 'For discussion'), h('ul', { class: 'app-print__list' }, context.discussion.map((q) => h('li', null, q)))] : null);
}
