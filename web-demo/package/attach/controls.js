// Collecting the form's controls as plain data for the engine's binding
// (engine/src/binding/): one entry per name, with its kind, the question as
// the person reads it, and its value or its choices (which are ticked). No
// coercion, mapping or checking here: the engine does all of that, once, for
// the page and `screen bind` alike.

import { questionText } from './locate.js';

const SKIPPED = ['submit', 'button', 'reset', 'image', 'file', 'password'];

/**
 * @param {HTMLFormElement} form
 * @returns {{ controls: { name: string, kind: string, label: string, value?: string, options?: { value: string, label: string, checked: boolean, exclusive: boolean }[] }[] }}
 */
export function collectControls(form) {
  const byName = new Map();
  for (const control of form.elements) {
    const name = control.name;
    if (!name || control.disabled) continue;
    if (control.hasAttribute('data-screening-hidden')) continue;
    const type = (control.type || '').toLowerCase();
    if (SKIPPED.includes(type)) continue;
    if (['FIELDSET', 'OBJECT', 'OUTPUT'].includes(control.tagName)) continue;
    let entry = byName.get(name);
    if (!entry) {
      entry = { name, kind: kindOf(control), label: questionText(control) ?? control.getAttribute('aria-label') ?? '' };
      byName.set(name, entry);
    }
    if (control.tagName === 'SELECT') {
      entry.options = [...(entry.options ?? []), ...[...control.options].map((o) => ({ value: o.value, label: text(o), checked: o.selected, exclusive: false }))];
    } else if (type === 'radio' || type === 'checkbox') {
      entry.options = [...(entry.options ?? []), {
        value: control.value,
        label: control.labels && control.labels.length ? text(control.labels[0]) : '',
        checked: control.checked,
        exclusive: control.getAttribute('data-behaviour') === 'exclusive',
      }];
    } else if (entry.value === undefined) {
      entry.value = control.value;
    }
  }
  return { controls: [...byName.values()] };
}

function kindOf(control) {
  const type = (control.type || '').toLowerCase();
  if (control.tagName === 'SELECT') return 'select';
  if (type === 'radio' || type === 'checkbox' || type === 'hidden') return type;
  return 'text';
}

function text(node) {
  return String(node.textContent ?? '').replace(/\s+/g, ' ').trim();
}
