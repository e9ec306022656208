// No lost work: a referral built with a room, or rule edits in progress, are
// not thrown away by one click. Loading a case or starting a blank referral
// over changed answers asks first, in the page (GOV.UK's pattern for a
// destructive action: say what will be lost, a warning button to go ahead and
// a way back); reloading or leaving the page with changes asks through the
// browser's own `beforeunload` prompt, the only one a page may use there.

import { h, replace, clear } from './dom.js';

export class KeepWork {
  /**
   * @param {HTMLElement} root  where the confirmation shows
   * @param {object} opts  { answersChanged(): boolean, rulesEdited(): boolean }
   */
  constructor(root, opts) {
    this.root = root;
    this.opts = opts;
    this.returnTo = null;
    window.addEventListener('beforeunload', (e) => {
      if (!this.opts.answersChanged() && !this.opts.rulesEdited()) return;
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
    this.returnTo = document.activeElement;
    replace(this.root,
      h('div', { class: 'app-confirm', id: 'confirm-replace', role: 'region', 'aria-labelledby': 'confirm-replace-title' },
        h('h2', { class: 'govuk-heading-m', id: 'confirm-replace-title', tabindex: '-1' }, 'You have changed the answers in this referral'),
        h('div', { class: 'govuk-warning-text' },
          h('span', { class: 'govuk-warning-text__icon', 'aria-hidden': 'true' }, '!'),
          h('strong', { class: 'govuk-warning-text__text' },
            h('span', { class: 'govuk-visually-hidden' }, 'Warning'),
            `${doing} replaces them, and they cannot be brought back.`)),
        h('div', { class: 'govuk-button-group' },
          h('button', { type: 'button', class: 'govuk-button govuk-button--warning', id: 'confirm-replace-yes', onclick: () => { this.dismiss(false); go(); } }, yes),
          h('button', { type: 'button', class: 'govuk-button govuk-button--secondary', id: 'confirm-replace-no', onclick: () => this.dismiss(true) }, 'Keep my answers'))));
    this.root.hidden = false;
    document.getElementById('confirm-replace-title').focus();
  }

  /** Close the question; focus goes back to the button that asked it when kept. */
  dismiss(refocus) {
    if (this.root.hidden) return;
    clear(this.root);
    this.root.hidden = true;
    if (refocus && this.returnTo && this.returnTo.isConnected) this.returnTo.focus();
    this.returnTo = null;
  }
}
