// Names: from the rule set's schema to the form's controls. Each field that
// holds an answer gets the name templates its control may go by (`{0}`, `{1}`
// stand for list positions, outermost first), and each list the names its
// "none" control may go by. Pure: strings and the form's controls in, no
// drawing and no engine call.

export const DATE_PARTS = ['day', 'month', 'year'];

// Every field that holds an answer, with its list ancestry and the name
// templates it may go by. `{0}`, `{1}` stand for list positions, outermost
// first; a template without a list's placeholder names that list's first item.
export function collectLeaves(schema, mapping) {
  const leaves = [];
  const walk = (fields, lists) => {
    for (const field of fields ?? []) {
      const path = [...lists.map((l) => l.name), field.name].join('.');
      if (field.type === 'list') {
        walk(field.fields, [...lists, field]);
        continue;
      }
      const mapped = mapping[path];
      const several = mappedNames(mapped);
      const explicit = several ? several[0] : mappedName(mapped);
      const templates = several ?? templatesFor(field, lists, explicit, mapping);
      // `union`: several controls feed this one field (`{ names: [...] }`).
      leaves.push({ field, path, depth: lists.length, mapped: explicit, templates, union: Boolean(several && several.length > 1) });
    }
  };
  walk(schema, []);
  // `shared`: one control feeds several fields, each taking the values its
  // options map (a worry group whose ticks belong to different questions).
  const uses = new Map();
  for (const leaf of leaves) for (const t of leaf.mapped === null ? [] : leaf.templates) uses.set(t, (uses.get(t) ?? 0) + 1);
  for (const leaf of leaves) leaf.shared = leaf.mapped !== null && leaf.templates.some((t) => uses.get(t) > 1);
  return leaves;
}

export function mappedName(mapped) {
  if (typeof mapped === 'string') return mapped;
  if (mapped && typeof mapped === 'object' && typeof mapped.name === 'string') return mapped.name;
  return null;
}

// `{ names: ["a", "b"] }`: the controls that together answer one field.
export function mappedNames(mapped) {
  if (mapped && typeof mapped === 'object' && Array.isArray(mapped.names) && mapped.names.length > 0 && mapped.names.every((n) => typeof n === 'string')) return [...mapped.names];
  return null;
}

// The list paths marked `{ single: true }`: a form about one item of the list,
// whose fields go by their own names (`first_name` for `children[0].first_name`).
export function isSingle(mapping, listPath) {
  const m = mapping[listPath];
  return Boolean(m && typeof m === 'object' && m.single === true);
}

export function templatesFor(field, lists, explicit, mapping) {
  if (explicit !== null) return [explicit];
  // Each list contributes "name[{k}]", or, when single, may be left out.
  let prefixes = [[]];
  lists.forEach((list, k) => {
    const listPath = lists.slice(0, k + 1).map((l) => l.name).join('.');
    const next = prefixes.map((p) => [...p, { name: list.name, index: k }]);
    if (isSingle(mapping, listPath)) next.push(...prefixes.map((p) => [...p]));
    prefixes = next;
  });
  const out = [];
  for (const prefix of prefixes) {
    const tokens = [...prefix, { name: field.name, index: null }];
    let bracket = '';
    let dotted = '';
    tokens.forEach((t, i) => {
      bracket += i === 0 ? t.name : `[${t.name}]`;
      dotted += i === 0 ? t.name : `.${t.name}`;
      if (t.index !== null) {
        bracket += `[{${t.index}}]`;
        dotted += `[{${t.index}}]`;
      }
    });
    out.push(bracket, dotted);
  }
  return [...new Set(out)];
}

// Every list, with the names its "none" control may go by: `children[none]` or
// `children.none`, nested as `children[{0}][missing_episodes][none]` or
// `children[{0}].missing_episodes.none`, or `mapping["children"].none`.
export function collectLists(schema, mapping) {
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

export function noneTemplatesFor(field, outer, mapped) {
  if (mapped && typeof mapped === 'object' && typeof mapped.none === 'string') return [mapped.none];
  if (outer.length === 0) return [`${field.name}[none]`, `${field.name}.none`];
  const bracket = outer.map((l, i) => (i === 0 ? `${l.name}[{${i}}]` : `[${l.name}][{${i}}]`)).join('') + `[${field.name}][none]`;
  const dotted = outer.map((l, i) => (i === 0 ? `${l.name}[{${i}}]` : `.${l.name}[{${i}}]`)).join('') + `.${field.name}.none`;
  return [bracket, dotted];
}

export function fill(template, indices) {
  return template.replace(/\{(\d+)\}/g, (_, k) => String(indices[Number(k)] ?? 0));
}

// A template without list k's placeholder names only item 0 of that list.
export function templateFits(template, indices) {
  for (let k = 0; k < indices.length; k++) {
    if (indices[k] !== 0 && !template.includes(`{${k}}`)) return false;
  }
  return true;
}

export function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// The form's controls grouped by name, leaving out buttons, files and our own inputs.
export function controlsByName(form) {
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
export function variants(name, type) {
  if (type === 'date') return [name, ...DATE_PARTS.map((p) => `${name}-${p}`), ...DATE_PARTS.map((p) => `${name}[${p}]`)];
  if (type === 'severalOf') return [name, `${name}[]`];
  return [name];
}

// The names of the form that a template matches, at any list positions.
export function namesMatching(template, type, names) {
  let pattern = '';
  let last = 0;
  const re = /\{(\d+)\}/g;
  let m;
  while ((m = re.exec(template)) !== null) {
    pattern += escapeRegExp(template.slice(last, m.index)) + '\\d+';
    last = m.index + m[0].length;
  }
  pattern += escapeRegExp(template.slice(last));
  const suffix = type === 'date' ? '(?:-day|-month|-year|\\[day\\]|\\[month\\]|\\[year\\])?' : type === 'severalOf' ? '(?:\\[\\])?' : '';
  const regex = new RegExp(`^${pattern}${suffix}$`);
  return names.filter((n) => regex.test(n));
}
