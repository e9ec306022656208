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
  const how = { shared: Boolean(leaf.shared) };
  if (leaf.union) {
    // Several controls answer one field: the union of what each answers.
    const values = leaf.templates.filter((t) => templateFits(t, indices)).map((t) => readNamed(byName, fill(t, indices), field, mapped, how));
    return unite(values.filter((v) => v !== undefined), field);
  }
  for (const template of leaf.templates) {
    if (!templateFits(template, indices)) continue;
    const name = fill(template, indices);
    const value = readNamed(byName, name, field, mapped, how);
    if (value !== undefined) return value;
  }
  return undefined;
}

// Answers from several controls for one field, as one: for several-of, the
// options asked and ticked by any; for yes-or-no, yes if any says yes, no if
// all that answered say no; otherwise the first answer.
export function unite(values, field) {
  if (values.length === 0) return undefined;
  if (field.type === 'severalOf') {
    const asked = new Set();
    const ticked = new Set();
    for (const v of values) {
      const a = Array.isArray(v) ? (field.options ?? []).map((o) => o.id) : v.asked;
      for (const id of a) asked.add(id);
      for (const id of Array.isArray(v) ? v : v.ticked) ticked.add(id);
    }
    return askedAnswer([...asked], [...ticked], field);
  }
  if (field.type === 'yesNo') return values.some((v) => v === true) ? true : values.every((v) => v === false) ? false : undefined;
  return values[0];
}

// A several-of answer: a plain list when the form asked every option, else
// which options it asked and which of those were ticked, so an option never
// asked stays unknown rather than "no".
export function askedAnswer(asked, ticked, field) {
  const all = (field.options ?? []).map((o) => o.id);
  const known = all.filter((id) => asked.includes(id));
  const chosen = ticked.filter((id) => all.includes(id));
  if (known.length === 0 && chosen.length === 0) return undefined;
  if (all.every((id) => known.includes(id))) return chosen;
  const order = (a, b) => all.indexOf(a) - all.indexOf(b);
  return { asked: [...new Set([...known, ...chosen])].sort(order), ticked: [...new Set(chosen)].sort(order) };
}

// The option id a control's value stands for in this field, or undefined
// (null in the mapping: no answer; a value of another field's when shared).
function ownOption(value, field, optionMap) {
  if (optionMap && Object.hasOwn(optionMap, value)) {
    const v = optionMap[value];
    return v === null || typeof v !== 'string' ? undefined : v;
  }
  return optionIdOf(value, field);
}

export function readNamed(byName, name, field, mapped, how = {}) {
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
      // Which of the field's options this control asks (a radio or a lone
      // checkbox answering yes or no to one option counts as asking it).
      const asked = offeredValues(controls).map((v) => ownOption(v, field, optionMap)).filter((id) => id !== undefined);
      const chosen = rawValues(controls);
      // A value the mapping maps to null is no answer at all, neither an option nor "none".
      const meant = chosen.filter((c) => !(optionMap && Object.hasOwn(optionMap, c.value) && optionMap[c.value] === null));
      // "None of these", or a value the mapping maps to false (a radio's "No"
      // to the options this control asks): answered, none ticked.
      const saysNone = (c) => isExclusive(c, field, optionMap) || Boolean(optionMap && optionMap[c.value] === false);
      const exclusive = meant.filter(saysNone);
      let values = meant.filter((c) => !saysNone(c)).map((c) => c.value);
      // A control shared with other fields: each takes only the values that are its own.
      if (how.shared) values = values.filter((v) => ownOption(v, field, optionMap) !== undefined);
      const ticked = values.map((v) => optionId(v, field, optionMap));
      // Ticked options are the answer; only "None of these" ticked is an
      // answered empty set, and only for the options this control asks. A
      // checkbox group shared with other fields is answered by any tick: its
      // options that are this field's and not ticked are "no".
      const answeredElsewhere = how.shared && meant.length > 0 && controls.every((c) => (c.type || '').toLowerCase() === 'checkbox');
      if (ticked.length === 0 && exclusive.length === 0 && !answeredElsewhere) return undefined;
      if (ticked.some((t) => !(field.options ?? []).some((o) => o.id === t))) return ticked; // the engine reports the unknown option
      return askedAnswer(asked, ticked, field);
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

// Every value a group of same-named controls offers (checkboxes, radios, a select's options).
export function offeredValues(controls) {
  const out = [];
  for (const c of controls) {
    if (c.tagName === 'SELECT') for (const o of c.options) out.push(o.value);
    else out.push(c.value);
  }
  return out.filter((v) => v !== '');
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
  // YYYY-MM-DD from <input type=date>, or day/month/year as typed: the
  // engine reads both, and words what is wrong the GOV.UK way.
  return s;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

export function dateFromParts([day, month, year]) {
  const d = (day ?? '').trim();
  let m = (month ?? '').trim();
  const y = (year ?? '').trim();
  if (d === '' && m === '' && y === '') return undefined;
  const named = MONTHS.indexOf(m.slice(0, 3).toLowerCase());
  if (named >= 0) m = String(named + 1);
  // As typed, day/month/year: the engine reads it, or says at the field what
  // is missing or wrong ("must include a month", "Year must include 4 numbers"),
  // once the person leaves the question. Never dropped.
  // A real date goes as YYYY-MM-DD; anything else as typed, for the engine to word.
  if (/^\d{1,2}$/.test(d) && /^\d{1,2}$/.test(m) && /^\d{4}$/.test(y)) {
    const t = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
    if (t.getUTCFullYear() === Number(y) && t.getUTCMonth() === Number(m) - 1 && t.getUTCDate() === Number(d)) return isoDate(y, m, d);
  }
  return `${d}/${m}/${y}`;
}

export function isoDate(y, m, d) {
  return `${y.padStart(4, '0')}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}
