// Answers that could not be read, the GOV.UK way: at the field and in a summary.

import { CONTROL_WORDS } from './model.js';
import { el } from './govuk.js';
import { findControl } from './locate.js';

const ERROR_PREFIX = CONTROL_WORDS[2];

// The answers that could not be read, in the engine's words (each model's
// "form_problems" section), each with the control it is about so the views
// can put the message at the field and link to it. Once per field.
export function formProblems(models, sets, reads, form) {
  const out = [];
  const seen = new Set();
  models.forEach((model, i) => {
    const section = (model?.sections ?? []).find((s) => s.id === 'form_problems');
    for (const item of section?.items ?? []) {
      const key = item.field ?? item.text;
      if (seen.has(key)) continue;
      seen.add(key);
      const control = item.field ? findControl(form, item.field, sets[i].leaves, sets[i].lists, reads[i].indexMaps) : null;
      out.push({ field: item.field ?? '', text: item.text, control });
    }
  });
  return out;
}

// Puts each error at its field (GOV.UK's error message pattern) and takes it
// away again when the answer is put right. Only what it added is removed.
export function fieldErrorMarker(doc) {
  let added = [];
  let counter = 0;
  const clear = () => {
    for (const undo of added.reverse()) undo();
    added = [];
  };
  const addClass = (node, cls) => {
    if (!node || node.classList.contains(cls)) return;
    // A control with no class before has none after, not an empty one.
    const had = node.hasAttribute('class');
    node.classList.add(cls);
    added.push(() => {
      node.classList.remove(cls);
      if (!had && node.getAttribute('class') === '') node.removeAttribute('class');
    });
  };
  const describe = (node, id) => {
    const before = node.getAttribute('aria-describedby');
    node.setAttribute('aria-describedby', before ? `${before} ${id}` : id);
    added.push(() => (before === null ? node.removeAttribute('aria-describedby') : node.setAttribute('aria-describedby', before)));
  };
  return {
    clear,
    mark(errors) {
      clear();
      for (const error of errors) {
        const control = error.control;
        if (!control) continue;
        // Each part of a GOV.UK date input sits in a form group of its own: the question's is outside them.
        const group = (control.closest('.govuk-date-input') ?? control).closest('.govuk-form-group');
        if (!group) continue;
        addClass(group, 'govuk-form-group--error');
        counter += 1;
        const id = `screening-error-${counter}`;
        error.id = id;
        const message = el(doc, 'p', { class: 'govuk-error-message', id, 'data-screening-error': '' },
          el(doc, 'span', { class: 'govuk-visually-hidden' }, ERROR_PREFIX), error.text);
        // After the label or legend and hint, before the inputs.
        const inputs = control.closest('.govuk-date-input, .govuk-radios, .govuk-checkboxes, .govuk-input__wrapper') ?? control;
        inputs.parentNode.insertBefore(message, inputs);
        added.push(() => message.remove());
        const fieldset = control.closest('fieldset');
        if (fieldset && group.contains(fieldset)) describe(fieldset, id);
        else describe(control, id);
        const parts = control.closest('.govuk-date-input') ? [...control.closest('.govuk-date-input').querySelectorAll('input')] : [control];
        for (const part of parts) {
          if (part.tagName === 'SELECT') addClass(part, 'govuk-select--error');
          else if (part.tagName === 'TEXTAREA') addClass(part, 'govuk-textarea--error');
          else if (!['radio', 'checkbox'].includes((part.type || '').toLowerCase())) addClass(part, 'govuk-input--error');
        }
      }
    },
  };
}
