// No lost work: a referral built with a room, or rule edits in progress, are
// not thrown away by one click. Loading a case or starting a blank referral
// over changed answers asks first, and so do Reset and opening a rule file
// over rule edits that are not saved, in the page (GOV.UK's pattern for a
// destructive action: say what will be lost, a warning button to go ahead and
// a way back); reloading or leaving the page with changes asks through the
// browser's own `beforeunload` prompt, the only one a page may use there.

import { h, replace, clear } from './dom.js';

export class KeepWork {
  /**
   * @param {HTMLElement} root  where the confirmation shows
   * @param {object} opts  { answersChanged(): boolean, rulesUnsaved(): boolean }
   */
  constructor(root, opts) {
    this.root = root;
    this.opts = opts;
    this.returnTo = null;
    this.shown = null; // the area a question is showing in
    window.addEventListener('beforeunload', (e) => {
      if (!this.opts.answersChanged() && !this.opts.rulesUnsaved()) return;
      e.preventDefault();
      // Older browsers show the prompt only when returnValue is set.
      e.returnValue = '';
    });
  }

  /**
   * Run `go` at once when no answer would be lost; otherwise ask first.
   * @param {string} doing  what the button does, e.g. "Load case 3, Kingfisher Chicken"
   * @param {string} yes  the words of the button that goes ahead
   */
  guard(doing, yes, go) {
    if (!this.opts.answersChanged()) {
      this.dismiss(false);
      go();
      return;
    }
    this.ask({ root: this.root, id: 'confirm-replace', title: 'You have changed the answers in this referral', warning: `${doing} replaces them, and they cannot be brought back.`, yes, no: 'Keep my answers', go });
  }

  /**
   * The same for rule edits that are not saved: Reset, or opening another
   * rule file, would replace them. Asks in `root` (on the Rules tab).
   * @param {HTMLElement} root
   * @param {string} doing  e.g. "Resetting to the shipped rules"
   */
  guardRules(root, doing, yes, go) {
    if (!this.opts.rulesUnsaved()) {
      this.dismiss(false);
      go();
      return;
    }
    this.ask({ root, id: 'confirm-rules', title: 'You have edits to the rules that are not saved', warning: `${doing} replaces them, and they cannot be brought back. To keep them, save the rule file to your computer first.`, yes, no: 'Keep my edits', go });
  }

  /** GOV.UK's pattern for a destructive action: what will be lost, a warning button to go ahead and a way back. */
  ask({ root, id, title, warning, yes, no, go }) {
    this.dismiss(false);
    this.returnTo = document.activeElement;
    this.shown = root;
    replace(root,
      h('div', { class: 'app-confirm', id, role: 'region', 'aria-labelledby': `${id}-title` },
        h('h2', { class: 'govuk-heading-m', id: `${id}-title`, tabindex: '-1' }, title),
        h('div', { class: 'govuk-warning-text' },
          h('span', { class: 'govuk-warning-text__icon', 'aria-hidden': 'true' }, '!'),
          h('strong', { class: 'govuk-warning-text__text' },
            h('span', { class: 'govuk-visually-hidden' }, 'Warning'),
            warning)),
        h('div', { class: 'govuk-button-group' },
          h('button', { type: 'button', class: 'govuk-button govuk-button--warning', id: `${id}-yes`, onclick: () => { this.dismiss(false); go(); } }, yes),
          h('button', { type: 'button', class: 'govuk-button govuk-button--secondary', id: `${id}-no`, onclick: () => this.dismiss(true) }, no))));
    root.hidden = false;
    document.getElementById(`${id}-title`).focus();
  }

  /** Close the question; focus goes back to the button that asked it when kept. */
  dismiss(refocus) {
    const root = this.shown;
    if (!root || root.hidden) return;
    clear(root);
    root.hidden = true;
    this.shown = null;
    if (refocus && this.returnTo && this.returnTo.isConnected) this.returnTo.focus();
    this.returnTo = null;
  }
}
