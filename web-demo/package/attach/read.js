// Reading the form's controls into the JSON the engine reads: a value per
// field, lists as arrays of items (their positions on the form kept in
// indexMaps, so an outcome's path leads back to the control), "None of these"
// and a list's "none" control as answered empty, "Not known" as unanswered.

import { DATE_PARTS, controlsByName, escapeRegExp, fill, templateFits, variants } from './names.js';

export const YES = new Set(['yes', 'y', 'true', 'on', '1']);
export const NO = new Set(['no', 'n', 'false', 'off', '0']);
// Values a yes-or-no question may use for "don't know": they read as unanswered.
export const NOT_KNOWN = new Set(['not known', 'not-known', 'not_known', 'notknown', 'unknown', 'not sure', 'not-sure', 'not_sure', 'dont know', 'dont-know', "don't know", 'do not know', 'dk']);

export function readForm(form, schema, leaves, lists, mapping) {
  const byName = controlsByName(form);
  const indexMaps = new Map(); // "children" or "children.0.missing_episodes" -> [dom index per engine index]

  // Item positions are found from the names of the item's fields and of its lists' "none" controls.
  const namers = [...leaves, ...lists];
  const readFields = (fields, outer, indices, prefixKey) => {
    const out = {};
    for (const field of fields ?? []) {
      if (field.type === 'list') {
        const found = listIndices([...outer, field], indices, byName, namers);
        const items = [];
        const map = [];
        for (const i of found) {
          const item = readFields(field.fields, [...outer, field], [...indices, i], `${prefixKey}${field.name}.${map.length}.`);
          if (Object.keys(item).length > 0) {
            map.push(i);
            items.push(item);
          }
        }
        // Re-key nested maps now that engine positions are known.
        if (items.length > 0) {
          out[field.name] = items;
          indexMaps.set(`${prefixKey}${field.name}`, map);
        } else {
          // No items, but the form says there are none: an answered, empty list.
          const path = [...outer.map((l) => l.name), field.name].join('.');
          const list = lists.find((l) => l.path === path);
          if (list && noneMarked(byName, list, indices)) out[field.name] = [];
        }
        continue;
      }
      const path = [...outer.map((l) => l.name), field.name].join('.');
      const leaf = leaves.find((l) => l.path === path);
      if (!leaf) continue;
      const value = readLeaf(byName, leaf, indices, mapping[path]);
      if (value !== undefined) out[field.name] = value;
    }
    return out;
  };

  const answers = readFields(schema, [], [], '');
  return { answers, indexMaps };
}

// Which positions of a list appear in the form's control names, in order.
// A name without the list's placeholder (a flat, one-item binding) is item 0.
export function listIndices(lists, indices, byName, leaves) {
  const depth = lists.length - 1;
  const listPath = lists.map((l) => l.name).join('.');
  const names = [...byName.keys()];
  const found = new Set();
  for (const leaf of leaves) {
    if (!leaf.path.startsWith(`${listPath}.`)) continue;
    for (const template of leaf.templates) {
      if (!templateFits(template, indices)) continue;
      if (!template.includes(`{${depth}}`)) {
        const name = fill(template, indices);
        if (variants(name, leaf.field ? leaf.field.type : 'list').some((n) => byName.has(n))) found.add(0);
        continue;
      }
      let pattern = '';
      const re = /\{(\d+)\}/g;
      let last = 0;
      let m;
      let groups = 0;
      let wanted = -1;
      while ((m = re.exec(template)) !== null) {
        pattern += escapeRegExp(template.slice(last, m.index));
        const k = Number(m[1]);
        if (k < depth) pattern += escapeRegExp(String(indices[k]));
        else {
          pattern += '(\\d+)';
          groups += 1;
          if (k === depth) wanted = groups;
        }
        last = m.index + m[0].length;
      }
      pattern += escapeRegExp(template.slice(last));
      const regex = new RegExp(`^${pattern}(?:-day|-month|-year|\\[day\\]|\\[month\\]|\\[year\\]|\\[\\])?$`);
      for (const name of names) {
        const hit = regex.exec(name);
        if (hit && wanted > 0) found.add(Number(hit[wanted]));
      }
    }
  }
  return [...found].sort((a, b) => a - b);
}

// Whether a list's "none" control is on: a ticked checkbox or radio (other
// than a "no" value), or another control (a hidden input, a select) whose
// value is yes / true / on / 1.
export function noneMarked(byName, list, indices) {
  for (const template of list.templates) {
    const controls = byName.get(fill(template, indices));
    if (!controls) continue;
    for (const c of controls) {
      const type = (c.type || '').toLowerCase();
      const value = String(c.value ?? '').trim().toLowerCase();
      if (type === 'checkbox' || type === 'radio') {
        if (c.checked && !NO.has(value)) return true;
      } else if (YES.has(value)) {
        return true;
      }
    }
  }
  return false;
}

export function readLeaf(byName, leaf, indices, mapped) {
  const { field } = leaf;
  for (const template of leaf.templates) {
    if (!templateFits(template, indices)) continue;
    const name = fill(template, indices);
    const value = readNamed(byName, name, field, mapped);
    if (value !== undefined) return value;
  }
  return undefined;
}

export function readNamed(byName, name, field, mapped) {
  const optionMap = mapped && typeof mapped === 'object' && mapped.options ? mapped.options : null;
  switch (field.type) {
    case 'date': {
      const whole = byName.get(name);
      if (whole) return dateFromText(rawValue(whole));
      for (const style of [(p) => `${name}-${p}`, (p) => `${name}[${p}]`]) {
        const parts = DATE_PARTS.map((p) => byName.get(style(p)));
        if (parts.every((p) => p)) return dateFromParts(parts.map((p) => rawValue(p)));
      }
      return undefined;
    }
    case 'severalOf': {
      const controls = byName.get(name) ?? byName.get(`${name}[]`);
      if (!controls) return undefined;
      const chosen = rawValues(controls);
      // A value the mapping maps to null is no answer at all, neither an option nor "none".
      const meant = chosen.filter((c) => !(optionMap && Object.hasOwn(optionMap, c.value) && optionMap[c.value] === null));
      const values = meant.filter((c) => !isExclusive(c, field, optionMap)).map((c) => c.value);
      // Ticked options are the answer; only an exclusive "None of these" ticked is an answered empty set.
      if (values.length > 0) return values.map((v) => optionId(v, field, optionMap));
      if (meant.length === 0) return undefined;
      return chosen.length > 0 ? [] : undefined;
    }
    default: {
      const controls = byName.get(name);
      if (!controls) return undefined;
      if (field.type === 'yesNo') return yesNo(controls, optionMap);
      const raw = rawValue(controls);
      if (raw === undefined || raw.trim() === '') return undefined;
      if (field.type === 'number') {
        const n = Number(raw.trim().replace(/,/g, ''));
        return Number.isFinite(n) ? n : raw; // the engine reports a non-number as a form error
      }
      if (field.type === 'oneOf') return optionId(raw, field, optionMap);
      return raw;
    }
  }
}

// One value from a group of same-named controls (radios, a select, an input).
export function rawValue(controls) {
  const first = controls[0];
  const type = (first.type || '').toLowerCase();
  if (type === 'radio' || type === 'checkbox') {
    const checked = controls.find((c) => c.checked);
    return checked ? checked.value : undefined;
  }
  return first.value;
}

// The ticked checkboxes (or chosen options of a multiple select), as elements.
export function rawValues(controls) {
  const out = [];
  for (const c of controls) {
    if (c.tagName === 'SELECT') out.push(...c.selectedOptions);
    else if (c.checked) out.push(c);
  }
  return out.filter((c) => c.value !== '');
}

// GOV.UK's "None of these": `data-behaviour="exclusive"`, or the value "none"
// when "none" is not one of the field's own options.
export function isExclusive(control, field, optionMap) {
  if (control.getAttribute('data-behaviour') === 'exclusive') return true;
  const value = control.value.trim().toLowerCase();
  if (value !== 'none') return false;
  if (optionMap && Object.hasOwn(optionMap, control.value)) return false;
  return !(field.options ?? []).some((o) => o.id.toLowerCase() === 'none' || String(o.label ?? '').toLowerCase() === 'none');
}

export function yesNo(controls, optionMap) {
  const first = controls[0];
  const type = (first.type || '').toLowerCase();
  // A lone checkbox: ticked is yes, not ticked is no.
  if (type === 'checkbox' && controls.length === 1 && !optionMap) return first.checked;
  const raw = rawValue(controls);
  if (raw === undefined) return undefined;
  if (optionMap && Object.hasOwn(optionMap, raw)) {
    const v = optionMap[raw];
    return typeof v === 'boolean' ? v : undefined;
  }
  const v = raw.trim().toLowerCase();
  if (YES.has(v)) return true;
  if (NO.has(v)) return false;
  return undefined; // "Not known", "Not sure": not answered
}

// The option id a value stands for (its id or its label), or undefined.
export function optionIdOf(raw, field) {
  const options = field.options ?? [];
  if (options.some((o) => o.id === raw)) return raw;
  const lower = raw.trim().toLowerCase();
  const byLabel = options.find((o) => o.label.toLowerCase() === lower || o.id.toLowerCase() === lower);
  return byLabel ? byLabel.id : undefined;
}

export function optionId(raw, field, optionMap) {
  if (optionMap && Object.hasOwn(optionMap, raw)) return optionMap[raw] === null ? undefined : optionMap[raw];
  return optionIdOf(raw, field) ?? raw; // the engine reports an unknown option as a form error
}

export function dateFromText(raw) {
  if (raw === undefined) return undefined;
  const s = raw.trim();
  if (s === '') return undefined;
  const uk = /^(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4})$/.exec(s);
  if (uk) return isoDate(uk[3], uk[2], uk[1]);
  return s; // YYYY-MM-DD from <input type=date>, or something the engine will report
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

export function dateFromParts([day, month, year]) {
  const d = (day ?? '').trim();
  let m = (month ?? '').trim();
  const y = (year ?? '').trim();
  if (d === '' && m === '' && y === '') return undefined;
  const named = MONTHS.indexOf(m.slice(0, 3).toLowerCase());
  if (named >= 0) m = String(named + 1);
  // An incomplete date, or a year of fewer than 4 numbers, is passed on as
  // written, never dropped: the engine cannot read it, and the person is told
  // at the field once they leave it (errors.js says which part is wrong).
  if (d === '' || m === '' || !/^\d{4}$/.test(y)) return `${d}/${m}/${y}`;
  return isoDate(y, m, d);
}

export function isoDate(y, m, d) {
  return `${y.padStart(4, '0')}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}
