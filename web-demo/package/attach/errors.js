// Answers that could not be read, the GOV.UK way: at the field and in a summary.

import { schemaPath } from '../questions.js';
import { el } from './govuk.js';
import { findControl, lastLabel, questionText } from './locate.js';

// The engine's form errors, in words a person filling in the form can act on.
export function formErrorsOf(results, sets, reads, form) {
  const out = [];
  const seen = new Set();
  results.forEach((result, i) => {
    for (const problem of result.formErrors ?? []) {
      if (seen.has(problem.field)) continue;
      seen.add(problem.field);
      const control = findControl(form, problem.field, sets[i].leaves, sets[i].lists, reads[i].indexMaps);
      const leaf = sets[i].leaves.find((l) => l.path === schemaPath(problem.field));
      const question = questionText(control) ?? lastLabel(problem.label);
      out.push({ ...problem, control, text: errorText(problem, leaf ? leaf.field.type : null, question) });
    }
  });
  return out;
}

export function errorText(problem, type, question) {
  const q = question.replace(/[?:.]$/, '');
  // The engine's own words for a date typed with a part missing or a short year.
  if (type === 'date' && /must include/.test(problem.message)) return `${q} must include${problem.message.split('must include').pop()}`;
  if (type === 'date' && /^Year must/.test(problem.message)) return problem.message;
  if (problem.code === 'F003' || (problem.code === 'F001' && type === 'date')) return `${q} must be a real date`;
  if (problem.code === 'F001' && type === 'number') return `${q} must be a number`;
  if (problem.code === 'F005') return `${q} is too long`;
  return `${q}: ${problem.message}`;
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
          el(doc, 'span', { class: 'govuk-visually-hidden' }, 'Error: '), error.text);
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
