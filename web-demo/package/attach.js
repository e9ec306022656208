// Attach the screening engine to an existing referral form.
//
//   import { init, compile } from 'screening-engine';
//   import { attach } from 'screening-engine/attach';
//   await init();
//   attach(document.querySelector('form'), compile(rules), { container: '#screening' });
//
// The form's own markup is not changed: the rule set's fields are found by the
// `name` of the form's existing controls. attach() never submits, sends, logs
// or stores anything, and leaves the form's own submit alone. The results are
// drawn with GOV.UK Design System classes inside the container you give, or,
// with `render: false`, handed to `onOutcome` for the page to draw itself.
//
// "None" is an answer: a ticked exclusive checkbox ("None of these") reads as
// an empty set, and a list's "none" control (`children[none]` or
// `children.none`) as an empty list, both different from unanswered.

import { today } from './index.js';

const YES = new Set(['yes', 'y', 'true', 'on', '1']);
const NO = new Set(['no', 'n', 'false', 'off', '0']);
const DATE_PARTS = ['day', 'month', 'year'];
const TAG_COLOURS = ['govuk-tag--grey', 'govuk-tag--blue', 'govuk-tag--yellow', 'govuk-tag--orange', 'govuk-tag--red'];

/**
 * Bind a compiled rule set to a form and show the screening outcome in a
 * container, re-screening as the person types.
 * @returns {{ screen(): object|null, readonly outcome: object|null, readonly answers: object, detach(): void }}
 */
export function attach(form, ruleset, options = {}) {
  if (!form || typeof form.querySelectorAll !== 'function' || !form.elements) {
    throw new TypeError('attach() needs a <form> element as its first argument.');
  }
  if (!ruleset || typeof ruleset.evaluate !== 'function' || typeof ruleset.schema !== 'function') {
    throw new TypeError('attach() needs a rule set from compile() as its second argument.');
  }
  const doc = form.ownerDocument;
  const rendering = options.render !== false;
  const container = rendering ? findContainer(doc, options.container) : null;
  const opts = {
    debounce: options.debounce ?? 300,
    date: options.date,
    mapping: options.mapping ?? {},
    headingLevel: Math.min(Math.max(Number(options.headingLevel) || 2, 1), 5),
    title: options.title ?? 'Screening suggestion',
    hiddenInputs: options.hiddenInputs ? { prefix: 'screening', ...(options.hiddenInputs === true ? {} : options.hiddenInputs) } : null,
    onOutcome: typeof options.onOutcome === 'function' ? options.onOutcome : null,
    onError: typeof options.onError === 'function' ? options.onError : null,
  };
  const schema = ruleset.schema();
  const leaves = collectLeaves(schema, opts.mapping);
  const lists = collectLists(schema, opts.mapping);

  // The polite live region stays in place across redraws, so screen readers hear changes.
  let live = null;
  let body = null;
  if (container) {
    container.replaceChildren();
    live = el(doc, 'div', { class: 'govuk-visually-hidden', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
    body = el(doc, 'div', { class: 'screening-result', 'data-screening-output': '' });
    container.append(live, body);
  }

  const hidden = opts.hiddenInputs ? addHiddenInputs(doc, form, opts.hiddenInputs.prefix) : null;

  let timer = null;
  let lastKey = null;
  let lastAnnouncement = '';
  let outcome = null;
  let answers = {};
  let indexMaps = new Map();
  let detached = false;

  function screen() {
    if (detached) return null;
    clearTimeout(timer);
    timer = null;
    const read = readForm(form, schema, leaves, lists, opts.mapping);
    answers = read.answers;
    indexMaps = read.indexMaps;
    let result;
    try {
      result = ruleset.evaluate(read.answers, { date: evaluationDate(opts.date) });
    } catch (err) {
      outcome = null;
      lastKey = null;
      if (body) renderError(doc, body, opts, err);
      announce(`The screening could not be updated: ${err && err.message ? err.message : 'unknown error'}`);
      if (opts.onError) opts.onError(err, read.answers);
      return null;
    }
    outcome = result;
    const key = JSON.stringify(result);
    if (key !== lastKey) {
      lastKey = key;
      if (body) render(doc, body, opts, result, (path) => findControl(form, path, leaves, lists, read.indexMaps));
      announce(summaryAnnouncement(result));
      if (hidden) fillHiddenInputs(hidden, result);
    }
    if (opts.onOutcome) opts.onOutcome(result, read.answers);
    return result;
  }

  function announce(text) {
    if (!live || text === lastAnnouncement) return;
    lastAnnouncement = text;
    live.textContent = text;
  }

  function schedule(event) {
    if (detached) return;
    if (event && event.target && event.target.hasAttribute && event.target.hasAttribute('data-screening-hidden')) return;
    clearTimeout(timer);
    timer = setTimeout(screen, opts.debounce);
  }

  form.addEventListener('input', schedule);
  form.addEventListener('change', schedule);
  // Groups added or removed by the form's own "add another" script.
  const observer =
    typeof MutationObserver === 'function'
      ? new MutationObserver((records) => {
          // Ignore our own drawing, should the container sit inside the form.
          if (records.some((r) => !(container && container.contains(r.target)) && ![...r.addedNodes, ...r.removedNodes].every(isOurs))) schedule();
        })
      : null;
  const isOurs = (node) => node.nodeType === 1 && node.hasAttribute('data-screening-hidden');
  if (observer) observer.observe(form, { childList: true, subtree: true });

  screen();

  return {
    screen,
    get outcome() {
      return outcome;
    },
    get answers() {
      return answers;
    },
    controlFor(fieldPath) {
      return findControl(form, fieldPath, leaves, lists, indexMaps);
    },
    detach() {
      detached = true;
      clearTimeout(timer);
      form.removeEventListener('input', schedule);
      form.removeEventListener('change', schedule);
      if (observer) observer.disconnect();
      if (hidden) for (const input of Object.values(hidden)) input.remove();
      if (container) container.replaceChildren();
    },
  };
}

function findContainer(doc, given) {
  let found = given;
  if (typeof given === 'string') found = doc.querySelector(given);
  if (given === undefined) found = doc.querySelector('[data-screening-results]');
  if (!found || typeof found.append !== 'function') {
    throw new TypeError(
      'attach() needs somewhere to show results: pass options.container (an element or a selector), or add <div data-screening-results></div> to the page.',
    );
  }
  return found;
}

function evaluationDate(date) {
  if (typeof date === 'function') return date();
  return date ?? today();
}

// ---------------------------------------------------------------------------
// Names: from the schema to the form's controls.

// Every field that holds an answer, with its list ancestry and the name
// templates it may go by. `{0}`, `{1}` stand for list positions, outermost first.
function collectLeaves(schema, mapping) {
  const leaves = [];
  const walk = (fields, lists) => {
    for (const field of fields ?? []) {
      const path = [...lists.map((l) => l.name), field.name].join('.');
      if (field.type === 'list') {
        walk(field.fields, [...lists, field]);
        continue;
      }
      leaves.push({ field, path, depth: lists.length, templates: templatesFor(field, lists, mapping[path]) });
    }
  };
  walk(schema, []);
  return leaves;
}

function templatesFor(field, lists, mapped) {
  if (mapped !== undefined) {
    const name = typeof mapped === 'string' ? mapped : mapped && mapped.name;
    if (typeof name === 'string') return [name];
  }
  if (lists.length === 0) return [field.name];
  const bracket = lists.map((l, i) => (i === 0 ? `${l.name}[{${i}}]` : `[${l.name}][{${i}}]`)).join('') + `[${field.name}]`;
  const dotted = lists.map((l, i) => (i === 0 ? `${l.name}[{${i}}]` : `.${l.name}[{${i}}]`)).join('') + `.${field.name}`;
  return [bracket, dotted];
}

// Every list, with the names its "none" control may go by: `children[none]` or
// `children.none`, nested as `children[{0}][missing_episodes][none]` or
// `children[{0}].missing_episodes.none`, or `mapping["children"].none`.
function collectLists(schema, mapping) {
  const lists = [];
  const walk = (fields, outer) => {
    for (const field of fields ?? []) {
      if (field.type !== 'list') continue;
      const path = [...outer.map((l) => l.name), field.name].join('.');
      lists.push({ field, path, depth: outer.length, templates: noneTemplatesFor(field, outer, mapping[path]) });
      walk(field.fields, [...outer, field]);
    }
  };
  walk(schema, []);
  return lists;
}

function noneTemplatesFor(field, outer, mapped) {
  if (mapped && typeof mapped === 'object' && typeof mapped.none === 'string') return [mapped.none];
  if (outer.length === 0) return [`${field.name}[none]`, `${field.name}.none`];
  const bracket = outer.map((l, i) => (i === 0 ? `${l.name}[{${i}}]` : `[${l.name}][{${i}}]`)).join('') + `[${field.name}][none]`;
  const dotted = outer.map((l, i) => (i === 0 ? `${l.name}[{${i}}]` : `.${l.name}[{${i}}]`)).join('') + `.${field.name}.none`;
  return [bracket, dotted];
}

function fill(template, indices) {
  return template.replace(/\{(\d+)\}/g, (_, k) => String(indices[Number(k)] ?? 0));
}

function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// The form's controls grouped by name, leaving out buttons, files and our own inputs.
function controlsByName(form) {
  const byName = new Map();
  for (const control of form.elements) {
    const name = control.name;
    if (!name || control.disabled) continue;
    if (control.hasAttribute('data-screening-hidden')) continue;
    const type = (control.type || '').toLowerCase();
    if (['submit', 'button', 'reset', 'image', 'file', 'password'].includes(type)) continue;
    if (control.tagName === 'FIELDSET' || control.tagName === 'OBJECT' || control.tagName === 'OUTPUT') continue;
    if (!byName.has(name)) byName.set(name, []);
    byName.get(name).push(control);
  }
  return byName;
}

// Names a control for this field may have: the name itself, `name[]` for
// checkbox groups, and the three parts of a GOV.UK date input.
function variants(name, type) {
  if (type === 'date') return [name, ...DATE_PARTS.map((p) => `${name}-${p}`), ...DATE_PARTS.map((p) => `${name}[${p}]`)];
  if (type === 'severalOf') return [name, `${name}[]`];
  return [name];
}

// ---------------------------------------------------------------------------
// Reading the form into the JSON the engine reads.

function readForm(form, schema, leaves, lists, mapping) {
  const byName = controlsByName(form);
  const names = [...byName.keys()];
  const indexMaps = new Map(); // "children" or "children.0.missing_episodes" -> [dom index per engine index]

  // Item positions are found from the names of the item's fields and of its lists' "none" controls.
  const namers = [...leaves, ...lists];
  const readFields = (fields, outer, indices, prefixKey) => {
    const out = {};
    for (const field of fields ?? []) {
      if (field.type === 'list') {
        const found = listIndices([...outer, field], indices, names, namers);
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
function listIndices(lists, indices, names, leaves) {
  const depth = lists.length - 1;
  const listPath = lists.map((l) => l.name).join('.');
  const found = new Set();
  for (const leaf of leaves) {
    if (!leaf.path.startsWith(`${listPath}.`)) continue;
    for (const template of leaf.templates) {
      if (!template.includes(`{${depth}}`)) continue;
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
function noneMarked(byName, list, indices) {
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

function readLeaf(byName, leaf, indices, mapped) {
  const { field } = leaf;
  for (const template of leaf.templates) {
    const name = fill(template, indices);
    const value = readNamed(byName, name, field, mapped);
    if (value !== undefined) return value;
  }
  return undefined;
}

function readNamed(byName, name, field, mapped) {
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
      const values = chosen.filter((c) => !isExclusive(c, field, optionMap)).map((c) => c.value);
      // Ticked options are the answer; only an exclusive "None of these" ticked is an answered empty set.
      if (values.length > 0) return values.map((v) => optionId(v, field, optionMap));
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
function rawValue(controls) {
  const first = controls[0];
  const type = (first.type || '').toLowerCase();
  if (type === 'radio' || type === 'checkbox') {
    const checked = controls.find((c) => c.checked);
    return checked ? checked.value : undefined;
  }
  return first.value;
}

// The ticked checkboxes (or chosen options of a multiple select), as elements.
function rawValues(controls) {
  const out = [];
  for (const c of controls) {
    if (c.tagName === 'SELECT') out.push(...c.selectedOptions);
    else if (c.checked) out.push(c);
  }
  return out.filter((c) => c.value !== '');
}

// GOV.UK's "None of these": `data-behaviour="exclusive"`, or the value "none"
// when "none" is not one of the field's own options.
function isExclusive(control, field, optionMap) {
  if (control.getAttribute('data-behaviour') === 'exclusive') return true;
  const value = control.value.trim().toLowerCase();
  if (value !== 'none') return false;
  if (optionMap && Object.hasOwn(optionMap, control.value)) return false;
  return !(field.options ?? []).some((o) => o.id.toLowerCase() === 'none' || String(o.label ?? '').toLowerCase() === 'none');
}

function yesNo(controls, optionMap) {
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
  return undefined; // "Not sure", "Unknown": not answered
}

function optionId(raw, field, optionMap) {
  if (optionMap && Object.hasOwn(optionMap, raw)) return optionMap[raw];
  const options = field.options ?? [];
  if (options.some((o) => o.id === raw)) return raw;
  const lower = raw.trim().toLowerCase();
  const byLabel = options.find((o) => o.label.toLowerCase() === lower || o.id.toLowerCase() === lower);
  return byLabel ? byLabel.id : raw; // the engine reports an unknown option as a form error
}

function dateFromText(raw) {
  if (raw === undefined) return undefined;
  const s = raw.trim();
  if (s === '') return undefined;
  const uk = /^(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4})$/.exec(s);
  if (uk) return isoDate(uk[3], uk[2], uk[1]);
  return s; // YYYY-MM-DD from <input type=date>, or something the engine will report
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function dateFromParts([day, month, year]) {
  const d = (day ?? '').trim();
  let m = (month ?? '').trim();
  const y = (year ?? '').trim();
  if (d === '' && m === '' && y === '') return undefined;
  if (d === '' || m === '' || y.length < 4) return undefined; // still being typed
  const named = MONTHS.indexOf(m.slice(0, 3).toLowerCase());
  if (named >= 0) m = String(named + 1);
  return isoDate(y, m, d);
}

function isoDate(y, m, d) {
  return `${y.padStart(4, '0')}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}

// ---------------------------------------------------------------------------
// From an outcome's field path back to the control to focus.

// "children[0].missing_episodes[1].found_out_of_area" -> the first control for it.
function findControl(form, fieldPath, leaves, lists, indexMaps) {
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
  const schemaPath = parts.map((p) => p.name).join('.');
  // A whole list, or a field inside it: the first control that belongs to it.
  const candidates = leaves.filter((l) => l.path === schemaPath || l.path.startsWith(`${schemaPath}.`));
  for (const leaf of candidates) {
    const indices = [...domIndices];
    while (indices.length < leaf.depth) indices.push(0);
    for (const template of leaf.templates) {
      const name = fill(template, indices);
      for (const n of variants(name, leaf.field.type)) {
        const controls = byName.get(n);
        if (controls && controls.length) return controls[0];
      }
    }
  }
  // A list with no items on the form: its "none" control, if it has one.
  for (const list of lists.filter((l) => l.path === schemaPath || l.path.startsWith(`${schemaPath}.`))) {
    const indices = [...domIndices];
    while (indices.length < list.depth) indices.push(0);
    for (const template of list.templates) {
      const controls = byName.get(fill(template, indices));
      if (controls && controls.length) return controls[0];
    }
  }
  return null;
}

// ---------------------------------------------------------------------------
// Drawing the outcome with GOV.UK Design System components.

function el(doc, tag, attrs = {}, ...children) {
  const node = doc.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === 'string' ? doc.createTextNode(child) : child);
  }
  return node;
}

function heading(doc, opts, level, text) {
  const n = Math.min(opts.headingLevel + level, 6);
  return el(doc, `h${n}`, { class: level === 0 ? 'govuk-heading-m' : 'govuk-heading-s' }, text);
}

// A link that moves focus to a form control (GOV.UK error summary style).
function fieldLink(doc, control, text) {
  if (!control) return el(doc, 'span', {}, text);
  const target = control;
  const a = el(doc, 'a', { class: 'govuk-link', href: target.id ? `#${target.id}` : '#' }, text);
  a.addEventListener('click', (event) => {
    event.preventDefault();
    const group = target.closest('.govuk-form-group, fieldset');
    (group || target).scrollIntoView({ block: 'center' });
    target.focus({ preventScroll: true });
  });
  return a;
}

function reasonLookup(outcome) {
  const reasons = new Map();
  for (const r of outcome.fired ?? []) reasons.set(r.id, r.explanation || `${r.id}: ${r.title}`);
  for (const f of outcome.floors ?? []) reasons.set(f.id, f.explanation || `${f.id}: ${f.title}`);
  for (const s of outcome.scores ?? []) {
    if (s.band) reasons.set(`${s.id}.${s.band.id}`, `${s.label} is ${s.total}: ${s.band.label}.`);
  }
  return (id) => reasons.get(id) ?? id;
}

function render(doc, body, opts, outcome, locate) {
  // Keep open "details" open across redraws.
  const open = new Set([...body.querySelectorAll('details[open][data-key]')].map((d) => d.getAttribute('data-key')));
  const reason = reasonLookup(outcome);
  const parts = [];

  parts.push(heading(doc, opts, 0, opts.title));
  parts.push(el(doc, 'div', { class: 'govuk-inset-text' }, outcome.advisory));

  // Level, scores, contexts.
  const rows = [];
  const level = outcome.level;
  const colour = TAG_COLOURS[Math.min(level.rank, TAG_COLOURS.length - 1)];
  const levelValue = [el(doc, 'strong', { class: `govuk-tag ${colour}`, 'data-level': level.id }, level.label)];
  if (level.setBy && level.setBy.length) {
    levelValue.push(
      el(doc, 'ul', { class: 'govuk-list govuk-body-s govuk-!-margin-top-2 govuk-!-margin-bottom-0' }, level.setBy.map((id) => el(doc, 'li', {}, reason(id)))),
    );
  }
  if (level.couldRiseTo) {
    levelValue.push(
      el(doc, 'p', { class: 'govuk-body-s govuk-!-margin-top-2 govuk-!-margin-bottom-0', 'data-could-rise-to': level.couldRiseTo.id },
        `Could rise to ${level.couldRiseTo.label} depending on the questions below.`),
    );
  }
  rows.push(summaryRow(doc, 'Suggested level', levelValue));
  for (const s of outcome.scores ?? []) {
    let text = `${s.total}`;
    if (s.band) text += ` (${s.band.label})`;
    if (s.possibleMin !== s.possibleMax) text += `; could be ${s.possibleMin} to ${s.possibleMax} once every question is answered`;
    rows.push(summaryRow(doc, s.label, [text]));
  }
  if (outcome.contexts && outcome.contexts.length) {
    rows.push(summaryRow(doc, 'Contexts, weightiest first', [
      el(doc, 'ol', { class: 'govuk-list govuk-list--number govuk-!-margin-bottom-0' }, outcome.contexts.map((c) => el(doc, 'li', {}, c.label))),
    ]));
  }
  parts.push(el(doc, 'dl', { class: 'govuk-summary-list' }, rows));

  // Actions with their reasons.
  parts.push(heading(doc, opts, 1, 'Suggested actions'));
  if (outcome.actions.length === 0) {
    parts.push(el(doc, 'p', { class: 'govuk-body' }, 'No actions are suggested by the answers so far.'));
  } else {
    parts.push(el(doc, 'ul', { class: 'govuk-list govuk-list--spaced', 'data-actions': '' }, outcome.actions.map((a) =>
      el(doc, 'li', { 'data-action': a.id },
        el(doc, 'strong', { class: 'govuk-!-font-weight-bold' }, a.label),
        el(doc, 'ul', { class: 'govuk-list govuk-list--bullet govuk-body-s govuk-!-margin-top-1' }, a.requestedBy.map((id) => el(doc, 'li', {}, reason(id))))),
    )));
  }

  // Prompts for the referrer.
  if (outcome.prompts.length) {
    parts.push(heading(doc, opts, 1, 'Prompts'));
    for (const p of outcome.prompts) {
      const facts = (p.facts ?? []).map((f) => el(doc, 'li', {}, fieldLink(doc, locate(f.field), f.label), `: “${f.value}”`));
      parts.push(el(doc, 'div', { class: 'govuk-warning-text', 'data-prompt': p.rule },
        el(doc, 'span', { class: 'govuk-warning-text__icon', 'aria-hidden': 'true' }, '!'),
        el(doc, 'div', { class: 'govuk-warning-text__text' },
          el(doc, 'span', { class: 'govuk-visually-hidden' }, 'Prompt: '),
          p.text,
          facts.length ? el(doc, 'ul', { class: 'govuk-list govuk-body-s govuk-!-margin-top-2 govuk-!-margin-bottom-0' }, facts) : null)));
    }
  }

  // Questions that would help decide.
  const questions = new Map();
  for (const u of outcome.undecided ?? []) {
    for (const need of u.needs ?? []) {
      if (!questions.has(need.field)) questions.set(need.field, { label: need.label, rules: [] });
      questions.get(need.field).rules.push(u.title);
    }
  }
  if (questions.size) {
    parts.push(heading(doc, opts, 1, 'Questions that would help decide'));
    parts.push(el(doc, 'p', { class: 'govuk-body-s' }, 'Some rules cannot be decided yet. Answering these would settle them.'));
    // Questions this form asks come first; the others are listed for completeness.
    const entries = [...questions].map(([field, q]) => ({ field, ...q, control: locate(field) }));
    entries.sort((x, y) => Number(!x.control) - Number(!y.control));
    parts.push(el(doc, 'ul', { class: 'govuk-list govuk-list--bullet', 'data-questions': '' }, entries.map((q) => {
      const rules = unique(q.rules);
      const shown = rules.length > 3 ? `${rules.slice(0, 3).join('; ')}; and ${rules.length - 3} more` : rules.join('; ');
      return el(doc, 'li', { 'data-field': q.field },
        fieldLink(doc, q.control, q.label),
        q.control ? null : el(doc, 'span', { class: 'govuk-body-s' }, ' (not asked on this form)'),
        el(doc, 'span', { class: 'govuk-body-s govuk-!-display-block govuk-hint govuk-!-margin-bottom-0' }, `Would decide: ${shown}`));
    })));
  }

  // Answers that could not be read.
  if (outcome.formErrors && outcome.formErrors.length) {
    parts.push(heading(doc, opts, 1, 'Answers the screening could not read'));
    parts.push(el(doc, 'ul', { class: 'govuk-list govuk-list--bullet', 'data-form-errors': '' }, outcome.formErrors.map((d) =>
      el(doc, 'li', {}, d.message, d.help ? el(doc, 'span', { class: 'govuk-hint govuk-!-display-block govuk-!-margin-bottom-0' }, d.help) : null))));
  }

  // How it was worked out.
  if (outcome.summary && outcome.summary.length) {
    parts.push(el(doc, 'details', { class: 'govuk-details', 'data-key': 'summary', open: open.has('summary') },
      el(doc, 'summary', { class: 'govuk-details__summary' }, el(doc, 'span', { class: 'govuk-details__summary-text' }, 'How this was worked out')),
      el(doc, 'div', { class: 'govuk-details__text' },
        el(doc, 'ul', { class: 'govuk-list govuk-list--bullet' }, outcome.summary.map((line) => el(doc, 'li', {}, line))),
        outcome.ruleSet ? el(doc, 'p', { class: 'govuk-body-s' }, `Rule set: ${outcome.ruleSet.name}${outcome.ruleSet.version ? `, version ${outcome.ruleSet.version}` : ''}. Screened as at ${outcome.date}.`) : null)));
  }

  body.replaceChildren(...parts);
}

function summaryRow(doc, key, value) {
  return el(doc, 'div', { class: 'govuk-summary-list__row' },
    el(doc, 'dt', { class: 'govuk-summary-list__key' }, key),
    el(doc, 'dd', { class: 'govuk-summary-list__value' }, value));
}

function unique(xs) {
  return [...new Set(xs)];
}

function renderError(doc, body, opts, err) {
  body.replaceChildren(
    heading(doc, opts, 0, opts.title),
    el(doc, 'div', { class: 'govuk-warning-text' },
      el(doc, 'span', { class: 'govuk-warning-text__icon', 'aria-hidden': 'true' }, '!'),
      el(doc, 'strong', { class: 'govuk-warning-text__text' },
        el(doc, 'span', { class: 'govuk-visually-hidden' }, 'Warning'),
        `The screening could not read this form: ${err && err.message ? err.message : 'unknown error'}`)),
  );
}

function summaryAnnouncement(outcome) {
  const actions = outcome.actions.length;
  let text = `Screening updated. Suggested level: ${outcome.level.label}.`;
  text += actions === 0 ? ' No actions suggested.' : ` ${actions} action${actions === 1 ? '' : 's'} suggested.`;
  if (outcome.prompts.length) text += ` ${outcome.prompts.length} prompt${outcome.prompts.length === 1 ? '' : 's'}.`;
  return text;
}

// ---------------------------------------------------------------------------
// Optional hidden inputs, so the council's own submit can carry the outcome.

function addHiddenInputs(doc, form, prefix) {
  const make = (suffix) => {
    const input = el(doc, 'input', { type: 'hidden', name: `${prefix}-${suffix}`, 'data-screening-hidden': '' });
    form.append(input);
    return input;
  };
  return {
    level: make('level'),
    actions: make('actions'),
    ruleSet: make('rule-set'),
    ruleSetVersion: make('rule-set-version'),
    date: make('date'),
    outcome: make('outcome'),
  };
}

function fillHiddenInputs(hidden, outcome) {
  hidden.level.value = outcome.level.id;
  hidden.actions.value = outcome.actions.map((a) => a.id).join(',');
  hidden.ruleSet.value = outcome.ruleSet ? outcome.ruleSet.name : '';
  hidden.ruleSetVersion.value = outcome.ruleSet && outcome.ruleSet.version ? outcome.ruleSet.version : '';
  hidden.date.value = outcome.date;
  hidden.outcome.value = JSON.stringify(outcome);
}
