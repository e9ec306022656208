// From an outcome's field path back to the form: the control to focus, and
// the question as the form asks it (its legend or label).

import { controlsByName, fill, namesMatching, templateFits, variants } from './names.js';

// "children[0].missing_episodes[1].found_out_of_area" -> the first control for it.
export function findControl(form, fieldPath, leaves, lists, indexMaps) {
  if (typeof fieldPath !== 'string') return null;
  const parts = [];
  const re = /([A-Za-z_][A-Za-z0-9_]*)(?:\[(\d+)\])?/g;
  let m;
  while ((m = re.exec(fieldPath)) !== null) parts.push({ name: m[1], index: m[2] === undefined ? null : Number(m[2]) });
  if (parts.length === 0) return null;
  const byName = controlsByName(form);
  const domIndices = [];
  let key = '';
  for (const part of parts) {
    if (part.index === null) continue;
    const map = indexMaps.get(`${key}${part.name}`);
    const dom = map ? map[part.index] : part.index;
    key += `${part.name}.${part.index}.`;
    domIndices.push(dom ?? part.index);
  }
  const path = parts.map((p) => p.name).join('.');
  // A whole list, or a field inside it: the first control that belongs to it.
  const candidates = leaves.filter((l) => l.path === path || l.path.startsWith(`${path}.`));
  for (const leaf of candidates) {
    const indices = [...domIndices];
    while (indices.length < leaf.depth) indices.push(0);
    for (const template of leaf.templates) {
      if (!templateFits(template, indices)) continue;
      const name = fill(template, indices);
      for (const n of variants(name, leaf.field.type)) {
        const controls = byName.get(n);
        if (controls && controls.length) return controls[0];
      }
    }
  }
  // A list with no items on the form: its "none" control, if it has one.
  for (const list of lists.filter((l) => l.path === path || l.path.startsWith(`${path}.`))) {
    const indices = [...domIndices];
    while (indices.length < list.depth) indices.push(0);
    for (const template of list.templates) {
      const controls = byName.get(fill(template, indices));
      if (controls && controls.length) return controls[0];
    }
  }
  return null;
}

// The question as this form asks it: the legend of its fieldset or its label.
export function questionText(control) {
  if (!control) return null;
  const group = (control.closest('.govuk-date-input') ?? control).closest('.govuk-form-group');
  const fieldset = control.closest('fieldset');
  let text = null;
  if (fieldset && (!group || group.contains(fieldset))) {
    const legend = fieldset.querySelector('legend');
    if (legend) text = legend.textContent;
  }
  if (!text && control.labels && control.labels.length && !['radio', 'checkbox'].includes((control.type || '').toLowerCase())) {
    text = control.labels[0].textContent;
  }
  if (!text && group) {
    const label = group.querySelector('legend, label');
    if (label) text = label.textContent;
  }
  text = text ? text.replace(/\s+/g, ' ').trim() : null;
  // A date part's own label ("Day") is not the question.
  if (text && /^(day|month|year)$/i.test(text)) return null;
  return text || null;
}

export function lastLabel(label) {
  return String(label ?? '').split('›').pop().trim();
}

// The form's own words for each field it asks: schema path (list positions
// left out, `children.date_of_birth`) -> the question of its first control
// (its legend or label; the rule set's label when the control has neither),
// and a list whose "none" control is on the form -> that control's question.
// Handed to the engine (`present(form, { labels })`), which words the
// questions in them and asks only those the form has.
export function formLabels(form, leaves, lists = []) {
  const byName = controlsByName(form);
  const names = [...byName.keys()];
  const labels = {};
  const first = (templates, type) => {
    for (const template of templates) {
      const found = namesMatching(template, type, names);
      if (found.length) return byName.get(found[0])[0];
    }
    return null;
  };
  for (const leaf of leaves) {
    const control = first(leaf.templates, leaf.field.type);
    if (control) labels[leaf.path] = questionText(control) ?? leaf.field.label;
  }
  for (const list of lists) {
    const control = first(list.templates, 'list');
    if (control) labels[list.path] = questionText(control) ?? list.field.label;
  }
  return labels;
}
