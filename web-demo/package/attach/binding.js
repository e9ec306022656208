// Checking the binding: what the rules read against what the form has. Every
// problem is listed (attachment.problems, one console warning, the debug
// banner): nothing fails quietly.

import { schemaPath } from '../questions.js';
import { controlsByName, fill, mappedName, namesMatching, variants } from './names.js';
import { NO, NOT_KNOWN, YES, isExclusive, optionIdOf } from './read.js';
import { questionText } from './locate.js';

export function checkBinding(form, sets, opts) {
  const byName = controlsByName(form);
  const names = [...byName.keys()];
  const problems = [];
  const add = (kind, field, message, extra = {}) => problems.push({ kind, field, message, ...extra });
  const allLeaves = sets.flatMap((s) => s.leaves);
  const allLists = sets.flatMap((s) => s.lists);
  const known = new Set([...allLeaves.map((l) => l.path), ...allLists.map((l) => l.path)]);
  // The nearest field path by its last name, allowing a slip of two letters.
  const suggest = (key) => {
    const last = key.split('.').pop();
    let best = null;
    for (const p of known) {
      const d = distance(last, p.split('.').pop()) + (p.split('.').length === key.split('.').length ? 0 : 0.5);
      if (d <= 2 && (!best || d < best.d)) best = { p, d };
    }
    return best ? ` Did you mean "${best.p}"?` : '';
  };

  for (const [key, mapped] of Object.entries(opts.mapping)) {
    if (!known.has(key)) add('mapping-unknown-field', key, `The mapping names "${key}", which is not a field of the rule set.${suggest(key)}`);
    else if (allLists.some((l) => l.path === key) && mappedName(mapped) !== null) {
      add('mapping-on-a-list', key, `"${key}" is a list: map its fields ("${key}.${allLeaves.find((l) => l.path.startsWith(`${key}.`))?.field.name ?? 'field'}"), or give { single: true } or { none: "name" }.`);
    }
  }
  for (const [label, source] of [['answers', opts.fixed], ['fallbacks', opts.fallbacks]]) {
    for (const key of Object.keys(source)) {
      if (!allLeaves.some((l) => l.path === key)) add(`${label}-unknown-field`, key, `options.${label} names "${key}", which is not a field of the rule set.${suggest(key)}`);
    }
  }
  for (const key of opts.declaredNotCollected) {
    if (!known.has(key)) add('not-collected-unknown-field', key, `options.notCollected names "${key}", which is not a field or list of the rule set.${suggest(key)}`);
  }

  const given = new Set([...Object.keys(opts.fixed), ...Object.keys(opts.fallbacks)]);
  // The form's names some field or list reads (checked the other way below).
  const read = new Set();
  const present = new Set();
  const notCollected = new Set();
  let boundMain = 0;
  sets.forEach((set, which) => {
    const found = new Map(set.leaves.map((leaf) => [leaf.path, leaf.templates.flatMap((t) => namesMatching(t, leaf.field.type, names))]));
    for (const matched of found.values()) for (const n of matched) read.add(n);
    for (const list of set.lists) for (const t of list.templates) for (const n of namesMatching(t, 'list', names)) read.add(n);
    // A list may have no item on the form yet: its items may be added by the
    // form's own script ("Add another child"), which is checked again when it
    // does. A list with no items whose fields appear under their bare names
    // (`first_name`) is a one-item form bound without { single: true }: the
    // trap that once screened a whole child as unread, so it is a problem.
    const listState = new Map();
    for (const list of set.lists) {
      const items = set.leaves.some((l) => l.path.startsWith(`${list.path}.`) && found.get(l.path).length > 0);
      const none = list.templates.some((t) => namesMatching(t, 'list', names).length > 0);
      listState.set(list.path, items ? 'items' : none ? 'none-only' : 'absent');
      if (items || none) continue;
      const own = set.leaves.filter((l) => l.depth === list.depth + 1 && l.path === `${list.path}.${l.field.name}`);
      const bare = own.filter((l) => !set.leaves.some((t) => t.depth === 0 && t.path === l.field.name && found.get(t.path).length > 0))
        .flatMap((l) => variants(l.field.name, l.field.type).filter((n) => byName.has(n)).slice(0, 1));
      const listDeclared = opts.declaredNotCollected.some((p) => list.path === p || list.path.startsWith(`${p}.`));
      const screenedInside = set.leaves.some((l) => l.path.startsWith(`${list.path}.`) && l.field.screened && !given.has(l.path));
      // (A list inside another is checked once its outer list has items on the form.)
      const outerReady = set.lists.every((o) => !list.path.startsWith(`${o.path}.`) || listState.get(o.path) === 'items');
      // A form whose items are added by an "Add another" button declares that
      // the list starts empty: `mapping: { incidents: { startsEmpty: true } }`.
      const startsEmpty = Boolean(opts.mapping[list.path] && opts.mapping[list.path].startsEmpty === true);
      if (which === 0 && bare.length === 0 && !listDeclared && !startsEmpty && screenedInside && outerReady) {
        // No item of the list and no "none" control on the form: every rule
        // about its items stays undecided, and nothing says so unless we do.
        add('list-not-on-form', list.path, `No control of "${list.field.label}" (${list.path}) is on the form, so no ${String(list.field.itemLabel || 'item').toLowerCase()} can be screened. Map its fields to the form's names (for example "${list.path}.${set.leaves.find((l) => l.path.startsWith(`${list.path}.`) && l.field.screened)?.field.name}": "your[{0}][name]"), list "${list.path}" in notCollected if the form does not ask about it, or give { startsEmpty: true } if its items are added by an "Add another" button.`);
      }
      if (bare.length > 0 && !listDeclared) {
        add('list-flat-names', list.path, `The form has ${bare.slice(0, 4).map((n) => `"${n}"`).join(', ')}${bare.length > 4 ? ` and ${bare.length - 4} more` : ''}, which are fields of "${list.field.label}" (${list.path}) without a list position, so they are not read. If the form is about one ${String(list.field.itemLabel || 'item').toLowerCase()}, add mapping: { "${list.path}": { single: true } }.`, { names: bare });
      }
    }
    for (const leaf of set.leaves) {
      const names = found.get(leaf.path);
      const declared = opts.declaredNotCollected.some((p) => leaf.path === p || leaf.path.startsWith(`${p}.`));
      if (names.length > 0) {
        present.add(leaf.path);
        if (which === 0) boundMain += 1;
        if (declared) add('not-collected-but-on-form', leaf.path, `"${leaf.field.label}" (${leaf.path}) is listed in notCollected, but the form has "${names[0]}": it is not read.`);
        if (!leaf.shared) checkValues(leaf, names.map((n) => byName.get(n)).flat(), opts.mapping[leaf.path], add);
        continue;
      }
      if (given.has(leaf.path)) {
        if (which === 0) boundMain += 1;
        continue;
      }
      const outer = set.lists.filter((l) => leaf.path.startsWith(`${l.path}.`)).find((l) => listState.get(l.path) !== 'items');
      if (outer && listState.get(outer.path) === 'none-only') {
        // No item yet, but the form asks the list: its own script adds items.
        present.add(leaf.path);
        if (which === 0) boundMain += 1;
        continue;
      }
      notCollected.add(leaf.path);
      // No item of the list on the form (reported above if its fields are there
      // under bare names); a flat mapped name should be there all the same.
      if (declared || (outer && (leaf.mapped === null || /\{\d+\}/.test(leaf.mapped)))) continue;
      if (leaf.mapped !== null) {
        add('mapped-name-missing', leaf.path, `"${leaf.path}" is mapped to "${leaf.mapped}", but the form has no control named "${leaf.mapped}".`, { name: leaf.mapped });
      } else if (leaf.field.screened) {
        // Only a field some rule reads is a problem when missing: the schema
        // says which (a field read by no rule, or `not screened`, loses nothing).
        add('field-not-on-form', leaf.path, `"${leaf.field.label}" (${leaf.path}): no control named "${fill(leaf.templates[0], [])}" on the form.`);
      }
    }
  });
  checkSharedValues(sets, byName, names, opts, add);
  checkControlsRead(byName, read, opts, add);
  // Declared lists and fields are not collected whatever their leaves say.
  for (const p of opts.declaredNotCollected) notCollected.add(p);
  const nothingBound = boundMain === 0;
  if (nothingBound) {
    problems.unshift({
      kind: 'nothing-bound',
      field: '',
      message: 'None of the rule set\'s fields were found on this form, so nothing can be screened: the names of the form\'s controls and the rule set\'s fields share nothing. Add a mapping.',
    });
  }
  const presentList = [...present];
  const isCollected = (fieldPath) => {
    const p = schemaPath(fieldPath);
    if (opts.declaredNotCollected.some((d) => p === d || p.startsWith(`${d}.`))) return false;
    return presentList.some((l) => l === p || l.startsWith(`${p}.`)) || [...given].some((g) => g === p || g.startsWith(`${p}.`));
  };
  return { problems, notCollected: [...notCollected], isCollected, nothingBound };
}

// The other way round: every control of the form that carries an answer is
// read by some field, or declared in options.notScreened with the reason it is
// not screened. An answer nothing reads would otherwise be lost without a word
// (a child found in another town, screened one level too low). Names that
// differ only in list positions (`child[0][dob]`, `child[1][dob]`) are one
// problem; the three boxes of a date are one control.
export function checkControlsRead(byName, read, opts, add) {
  const notScreened = opts.notScreened ?? {};
  const groups = new Map();
  for (const [name, controls] of byName) {
    if (read.has(name)) continue;
    const type = (controls[0].type || '').toLowerCase();
    if (type === 'hidden') continue; // set by the page, not asked of the person
    const key = patternOf(name);
    if (declaredNotScreened(notScreened, name, key)) continue;
    if (!groups.has(key)) groups.set(key, { names: [], label: questionText(controls[0]) ?? controls[0].getAttribute('aria-label') ?? '' });
    groups.get(key).names.push(name);
  }
  for (const [key, { names, label }] of groups) {
    const shown = label ? `"${label}" (${key})` : `"${key}"`;
    add('control-not-read', '', `${shown}: no field of the rule set reads this answer, so it is not screened. Map it to the field that asks the same thing, or declare it in notScreened with the reason.`, { control: key, label, names });
  }
  for (const [key, reason] of Object.entries(notScreened)) {
    if (typeof reason !== 'string' || reason.trim() === '') {
      add('not-screened-without-reason', '', `notScreened["${key}"] gives no reason: say why the form's answer is not screened (for example "Who is referring: not a sign of risk").`, { control: key });
    }
  }
}

// A control that feeds several fields: each value it offers must be taken by
// one of them (an option of its own, or mapped), or mapped to null on purpose.
export function checkSharedValues(sets, byName, names, opts, add) {
  const byTemplate = new Map();
  for (const leaf of sets[0].leaves) {
    if (!leaf.shared) continue;
    for (const t of leaf.templates) {
      if (!byTemplate.has(t)) byTemplate.set(t, []);
      byTemplate.get(t).push(leaf);
    }
  }
  for (const [template, leaves] of byTemplate) {
    const found = namesMatching(template, 'severalOf', names);
    const offered = new Set(found.flatMap((n) => byName.get(n) ?? []).flatMap((c) => (c.tagName === 'SELECT' ? [...c.options].map((o) => o.value) : [c.value])).filter((v) => v !== ''));
    const untaken = [...offered].filter((value) => !leaves.some((leaf) => {
      const m = opts.mapping[leaf.path];
      const optionMap = m && typeof m === 'object' && m.options ? m.options : null;
      if (optionMap && Object.hasOwn(optionMap, value)) return true; // an option, null or false: said on purpose
      return optionIdOf(value, leaf.field) !== undefined || (found.length > 0 && isExclusive(byName.get(found[0]).find((c) => c.value === value) ?? { value, getAttribute: () => null }, leaf.field, optionMap));
    }));
    if (untaken.length > 0) {
      add('value-not-an-option', leaves[0].path, `The form offers ${untaken.map((v) => `"${v}"`).join(', ')} on "${template}", which feeds ${leaves.map((l) => `"${l.field.label}" (${l.path})`).join(', ')}, but no field takes it. Add it to one field's options (null for "unanswered").`, { values: untaken.map((v) => `"${v}"`) });
    }
  }
}

// A control's name with list positions as `*`, and a date box's part left off.
export function patternOf(name) {
  return name.replace(/(?:-day|-month|-year|\[day\]|\[month\]|\[year\])$/, '').replace(/\d+/g, '*');
}

function declaredNotScreened(declared, name, key) {
  return Object.hasOwn(declared, name) || Object.hasOwn(declared, key) || Object.hasOwn(declared, patternOf(name));
}

// Edit distance between two short names (for "did you mean").
export function distance(a, b) {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row.push(Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = row;
  }
  return prev[b.length];
}

// Each value a control offers must mean something for its field.
export function checkValues(leaf, controls, mapped, add) {
  const { field } = leaf;
  if (!['oneOf', 'severalOf', 'yesNo'].includes(field.type)) return;
  const optionMap = mapped && typeof mapped === 'object' && mapped.options ? mapped.options : null;
  const offered = new Set();
  for (const c of controls) {
    const type = (c.type || '').toLowerCase();
    if (c.tagName === 'SELECT') for (const o of c.options) offered.add(o.value);
    else if (type === 'radio' || type === 'checkbox') {
      // A lone checkbox for a yes-or-no question reads ticked as yes.
      if (field.type === 'yesNo' && type === 'checkbox' && controls.length === 1 && !optionMap) return;
      offered.add(c.value);
      if (field.type === 'severalOf' && isExclusive(c, field, optionMap)) offered.delete(c.value);
    } else {
      return; // typed text: read as typed, and any bad answer is reported by the engine
    }
  }
  const bad = [];
  for (const value of offered) {
    if (value === '') continue;
    if (optionMap && Object.hasOwn(optionMap, value)) {
      const v = optionMap[value];
      if (v === null) continue;
      if (field.type === 'yesNo' ? typeof v === 'boolean' : (field.type === 'severalOf' && v === false) || (field.options ?? []).some((o) => o.id === v)) continue;
      bad.push(`"${value}" (mapped to ${JSON.stringify(v)})`);
      continue;
    }
    if (field.type === 'yesNo') {
      const v = value.trim().toLowerCase();
      if (YES.has(v) || NO.has(v) || NOT_KNOWN.has(v)) continue;
    } else if (optionIdOf(value, field) !== undefined) continue;
    bad.push(`"${value}"`);
  }
  if (bad.length === 0) return;
  const expected = field.type === 'yesNo'
    ? 'yes or no (or "Not known" for unanswered)'
    : `one of ${(field.options ?? []).map((o) => `${o.id} "${o.label}"`).join(', ')}`;
  add('value-not-an-option', leaf.path, `The form offers ${bad.join(', ')} for "${field.label}" (${leaf.path}), which is not ${expected}. Add it to the mapping's options (null for "unanswered").`, { values: bad });
}

export function warnProblems(problems, ruleset, form) {
  if (problems.length === 0) return;
  const where = form.id ? `form #${form.id}` : 'the form';
  const fields = [...new Set(problems.map((p) => p.field).filter(Boolean))];
  const advice = problems.some((p) => p.kind === 'field-not-on-form' || p.kind === 'list-not-on-form')
    ? '\nRules that read a field with no control can never be decided on this form. Map the field to the control that asks it, give it in options.answers or options.fallbacks, or list it in options.notCollected.'
    : '';
  console.warn(
    `Screening: ${problems.length} problem${problems.length === 1 ? '' : 's'} binding ${ruleset.name ? `the rule set "${ruleset.name}"` : 'the rule set'} to ${where}` +
      (fields.length ? ` (${fields.join(', ')})` : '') +
      `:\n${problems.map((p) => `- ${p.message}`).join('\n')}${advice}`,
  );
}
