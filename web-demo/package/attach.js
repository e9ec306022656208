// Attach the screening engine to an existing referral form.
//
//   import { screenForm } from 'screening-engine/attach';
//   screenForm(document.querySelector('form'), { rules: '/rules/council.rules', container: '#screening' });
//
// or with the rule set compiled to WebAssembly (`screen build`), which loads
// only the small runtime, never the parser and checker:
//
//   screenForm(document.querySelector('form'), { compiled: '/rules/council.wasm', container: '#screening' });
//
// or, with a rule set you compiled or loaded yourself:
//
//   import { init, compile } from 'screening-engine';
//   import { attach } from 'screening-engine/attach';
//   await init();
//   attach(document.querySelector('form'), compile(rules), { container: '#screening' });
//   // or: attach(form, await loadCompiledRuleSet('/rules/council.wasm'), { ... })
//
// The form's own markup is not changed: the rule set's fields are found by the
// `name` of the form's existing controls. attach() never submits, sends, logs
// or stores anything, and leaves the form's own submit alone. The results are
// drawn with GOV.UK Design System classes inside the container you give, or,
// with `render: false`, handed to `onOutcome` for the page to draw itself.
//
// The binding is checked when attach runs: a mapped name the form does not
// have, a field the rules read that no control answers, a control value that is
// no option of its field: each is listed in `attachment.problems`, in one
// console warning, and (with `debug: true`) on the page. Nothing fails quietly.
//
// "None" is an answer: a ticked exclusive checkbox ("None of these") reads as
// an empty set, and a list's "none" control (`children[none]` or
// `children.none`) as an empty list, both different from unanswered.

import { today } from './common.js';
import { schemaPath, sortUndecided } from './questions.js';

export { sortUndecided, schemaPath } from './questions.js';

/** The wording-check rule set shipped with the package (copied from the repository's rules/language.rules at build time). */
export const WORDING_RULES_URL = new URL('./rules/language.rules', import.meta.url).href;

const YES = new Set(['yes', 'y', 'true', 'on', '1']);
const NO = new Set(['no', 'n', 'false', 'off', '0']);
// Values a yes-or-no question may use for "don't know": they read as unanswered.
const NOT_KNOWN = new Set(['not known', 'not-known', 'not_known', 'notknown', 'unknown', 'not sure', 'not-sure', 'not_sure', 'dont know', 'dont-know', "don't know", 'do not know', 'dk']);
const DATE_PARTS = ['day', 'month', 'year'];
const TAG_COLOURS = ['govuk-tag--grey', 'govuk-tag--blue', 'govuk-tag--yellow', 'govuk-tag--orange', 'govuk-tag--red'];
const VIEWS = ['referrer', 'screener'];

/**
 * Bind a compiled rule set to a form and show the screening outcome in a
 * container, re-screening as the person types.
 * @returns {import('./attach.d.ts').Attachment}
 */
export function attach(form, ruleset, options = {}) {
  if (!form || typeof form.querySelectorAll !== 'function' || !form.elements) {
    throw new TypeError('attach() needs a <form> element as its first argument.');
  }
  if (!isRuleSet(ruleset)) {
    throw new TypeError('attach() needs a rule set from compile() or loadCompiledRuleSet() as its second argument.');
  }
  const companions = [...(options.companions ?? [])];
  companions.forEach((c, i) => {
    if (!isRuleSet(c)) throw new TypeError(`attach(): options.companions[${i}] is not a rule set from compile() or loadCompiledRuleSet().`);
  });
  if (options.view !== undefined && !VIEWS.includes(options.view)) {
    throw new TypeError(`attach(): options.view must be "referrer" or "screener", not ${JSON.stringify(options.view)}.`);
  }
  const doc = form.ownerDocument;
  const rendering = options.render !== false;
  const container = rendering ? findContainer(doc, options.container) : null;
  const view = options.view ?? 'referrer';
  const opts = {
    view,
    debounce: options.debounce ?? 300,
    date: options.date,
    mapping: options.mapping ?? {},
    headingLevel: Math.min(Math.max(Number(options.headingLevel) || 2, 1), 5),
    title: options.title ?? (view === 'referrer' ? 'Before you send this referral' : 'Screening suggestion'),
    hiddenInputs: options.hiddenInputs ? { prefix: 'screening', ...(options.hiddenInputs === true ? {} : options.hiddenInputs) } : null,
    onOutcome: typeof options.onOutcome === 'function' ? options.onOutcome : null,
    onError: typeof options.onError === 'function' ? options.onError : null,
    debug: Boolean(options.debug),
    fixed: options.answers ?? {},
    fallbacks: options.fallbacks ?? {},
    declaredNotCollected: [...(options.notCollected ?? [])],
    referrerPrompts: new Set(options.referrerPrompts ?? []),
    urgentActions: new Set(options.urgentActions ?? ['call_999']),
    questionsShown: Math.max(0, Number(options.questionsShown ?? 5) || 0),
    errorsAtFields: options.errorsAtFields !== false && rendering,
  };

  // Every rule set attached reads the form through the same binding.
  const sets = [ruleset, ...companions].map((rs) => {
    const schema = rs.schema();
    return { ruleset: rs, schema, leaves: collectLeaves(schema, opts.mapping), lists: collectLists(schema, opts.mapping) };
  });
  const main = sets[0];

  let binding = checkBinding(form, sets, opts);
  warnProblems(binding.problems, ruleset, form);

  // The polite live region stays in place across redraws, so screen readers hear changes.
  let live = null;
  let body = null;
  if (container) {
    container.replaceChildren();
    live = el(doc, 'div', { class: 'govuk-visually-hidden', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
    body = el(doc, 'div', { class: 'screening-result', 'data-screening-output': '', 'data-view': view });
    container.append(live, body);
  }

  const hidden = opts.hiddenInputs ? addHiddenInputs(doc, form, opts.hiddenInputs.prefix) : null;
  const fieldErrors = opts.errorsAtFields ? fieldErrorMarker(doc) : null;

  let timer = null;
  let lastKey = null;
  let lastAnnouncement = '';
  let outcome = null;
  let outcomes = [];
  let answers = {};
  let given = [];
  let indexMaps = new Map();
  let detached = false;

  function screen() {
    if (detached) return null;
    clearTimeout(timer);
    timer = null;
    const date = evaluationDate(opts.date);
    const reads = sets.map((s) => readForm(form, s.schema, s.leaves, s.lists, opts.mapping));
    const supplied = reads.map((r, i) => supplyAnswers(r.answers, sets[i].leaves, opts, date));
    answers = reads[0].answers;
    given = supplied[0];
    indexMaps = reads[0].indexMaps;
    let results;
    try {
      results = sets.map((s, i) => s.ruleset.evaluate(reads[i].answers, { date }));
    } catch (err) {
      outcome = null;
      outcomes = [];
      lastKey = null;
      if (body) renderError(doc, body, opts, err);
      announce(`The screening could not be updated: ${err && err.message ? err.message : 'unknown error'}`);
      if (opts.onError) opts.onError(err, reads[0].answers);
      return null;
    }
    outcome = results[0];
    outcomes = results;
    const locate = (path) => findControl(form, path, main.leaves, main.lists, reads[0].indexMaps);
    const key = JSON.stringify([results, binding.problems.length]);
    if (key !== lastKey) {
      lastKey = key;
      const sorted = sortUndecided(outcome, binding.isCollected);
      const errors = formErrorsOf(results, sets, reads, form);
      // A question whose answer cannot be read is in the error summary already.
      const inError = new Set(errors.map((e) => e.field));
      sorted.questions = sorted.questions.filter((q) => !inError.has(q.field));
      if (fieldErrors) fieldErrors.mark(errors, form);
      if (body) {
        render(doc, body, opts, { outcome, companions: results.slice(1), sorted, errors, given, problems: binding.problems, nothingBound: binding.nothingBound }, locate);
      }
      announce(summaryAnnouncement(opts, outcome, results.slice(1), sorted, errors, binding));
      if (hidden) fillHiddenInputs(hidden, outcome);
    }
    if (opts.onOutcome) opts.onOutcome(outcome, reads[0].answers, { companions: results.slice(1), problems: binding.problems });
    return outcome;
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

  // form.reset() fires "reset" before the controls are reset and no input
  // events after: screen once the reset has happened.
  function onReset() {
    if (detached) return;
    clearTimeout(timer);
    timer = setTimeout(screen, 0);
  }

  function recheck() {
    const next = checkBinding(form, sets, opts);
    const before = binding.problems.map((p) => p.message).join('\n');
    binding = next;
    if (next.problems.map((p) => p.message).join('\n') !== before) warnProblems(next.problems, ruleset, form);
  }

  form.addEventListener('input', schedule);
  form.addEventListener('change', schedule);
  form.addEventListener('reset', onReset);
  // Groups added or removed by the form's own "add another" script.
  const isOurs = (node) => node.nodeType === 1 && (node.hasAttribute('data-screening-hidden') || node.hasAttribute('data-screening-error'));
  const observer =
    typeof MutationObserver === 'function'
      ? new MutationObserver((records) => {
          // Ignore our own drawing, should the container sit inside the form.
          if (records.some((r) => !(container && container.contains(r.target)) && ![...r.addedNodes, ...r.removedNodes].every(isOurs))) {
            recheck();
            schedule();
          }
        })
      : null;
  if (observer) observer.observe(form, { childList: true, subtree: true });

  screen();

  return {
    screen,
    get outcome() {
      return outcome;
    },
    get outcomes() {
      return outcomes;
    },
    get answers() {
      return answers;
    },
    get given() {
      return given;
    },
    get problems() {
      return binding.problems;
    },
    get notCollected() {
      return binding.notCollected;
    },
    isCollected(fieldPath) {
      return binding.isCollected(fieldPath);
    },
    controlFor(fieldPath) {
      return findControl(form, fieldPath, main.leaves, main.lists, indexMaps);
    },
    checkBinding() {
      recheck();
      return binding.problems;
    },
    detach() {
      detached = true;
      clearTimeout(timer);
      form.removeEventListener('input', schedule);
      form.removeEventListener('change', schedule);
      form.removeEventListener('reset', onReset);
      if (observer) observer.disconnect();
      if (hidden) for (const input of Object.values(hidden)) input.remove();
      if (fieldErrors) fieldErrors.clear();
      if (container) container.replaceChildren();
    },
  };
}

function isRuleSet(rs) {
  return Boolean(rs && typeof rs.evaluate === 'function' && typeof rs.schema === 'function');
}

/**
 * Load the engine and the rule files, then attach. Never throws: when the
 * engine or a rule file cannot be loaded, the container says so in plain
 * words, one console error gives the reason, and the form works as before.
 * @returns {Promise<import('./attach.d.ts').Attachment | import('./attach.d.ts').FailedAttachment>}
 */
export async function screenForm(form, options = {}) {
  const { rules, compiled, companions = [], wasm, runtime, ...rest } = options;
  const doc = form && form.ownerDocument ? form.ownerDocument : globalThis.document;
  let container = null;
  if (rest.render !== false && doc) {
    try {
      container = findContainer(doc, rest.container);
    } catch {
      container = null; // attach() below reports a missing container in full
    }
  }
  try {
    if ((rules === undefined) === (compiled === undefined)) {
      throw new TypeError('screenForm() needs options.rules (a rule file) or options.compiled (a compiled rule set, .wasm), and not both.');
    }
    // Each engine is loaded only when something needs it: a page whose rule
    // sets are all compiled never loads the authoring engine (parser,
    // checker), only the small runtime.
    const engines = {
      authoring: once(async () => {
        const engine = await import('./index.js');
        await engine.init(wasm === undefined ? {} : { wasm });
        return engine;
      }),
      runtime: once(async () => {
        const { loadCompiledRuleSet } = await import('./compiled.js');
        return (source) => loadCompiledRuleSet(source, runtime === undefined ? {} : { runtime });
      }),
    };
    const base = doc && doc.baseURI ? doc.baseURI : import.meta.url;
    const main = compiled !== undefined
      ? await loadRuleSet(engines, { compiled }, base, 'options.compiled')
      : await loadRuleSet(engines, rules, base, 'options.rules');
    const extra = [];
    for (const [i, c] of companions.entries()) extra.push(await loadRuleSet(engines, c, base, `options.companions[${i}]`));
    return attach(form, main, { ...rest, companions: extra });
  } catch (err) {
    const details = err && Array.isArray(err.diagnostics) && err.diagnostics.length
      ? `\n${err.diagnostics.map((d) => `  line ${d.line ?? '?'}, column ${d.column ?? '?'}: ${d.message}`).join('\n')}`
      : '';
    console.error(`Screening is not available on this page: ${err && err.message ? err.message : err}${details}`);
    if (container && doc) {
      const level = Math.min(Math.max(Number(rest.headingLevel) || 2, 1), 5);
      container.replaceChildren(
        el(doc, 'div', { class: 'screening-result', 'data-screening-unavailable': '' },
          el(doc, `h${level}`, { class: 'govuk-heading-m' }, rest.title ?? (rest.view === 'screener' ? 'Screening suggestion' : 'Before you send this referral')),
          el(doc, 'p', { class: 'govuk-body' }, 'The screening check is not available at the moment. You can still fill in and send this form as usual.')),
      );
    }
    if (typeof rest.onError === 'function') rest.onError(err, {});
    return {
      error: err,
      screen: () => null,
      outcome: null,
      outcomes: [],
      answers: {},
      given: [],
      problems: [],
      notCollected: [],
      isCollected: () => false,
      controlFor: () => null,
      checkBinding: () => [],
      detach() {
        if (container) container.replaceChildren();
      },
    };
  }
}

function once(load) {
  let promise = null;
  return () => (promise ??= load());
}

// A rule set from: a loaded rule set (compile() or loadCompiledRuleSet()),
// `{ text }`, `{ compiled }` (the URL of a compiled rule set on this site, or
// its bytes), or the URL of a rule file on this site.
async function loadRuleSet(engines, source, base, where) {
  if (isRuleSet(source)) return source;
  if (source && typeof source === 'object' && typeof source.text === 'string') return compileNamed(await engines.authoring(), source.text, where);
  if (source && typeof source === 'object' && 'compiled' in source && !(source instanceof URL)) {
    const given = source.compiled;
    if (isRuleSet(given)) return given;
    const load = await engines.runtime();
    if (typeof given === 'string' || given instanceof URL) {
      const url = sameSite(given, base, where, 'compiled rule set');
      try {
        return await load(url);
      } catch (err) {
        throw named(err, `${where} (${url.pathname})`);
      }
    }
    try {
      return await load(given); // bytes or a Response: loadCompiledRuleSet says what it needs
    } catch (err) {
      throw named(err, where);
    }
  }
  if (typeof source !== 'string' && !(source instanceof URL)) {
    throw new TypeError(`${where} must be the URL of a rule file on this site, { text }, { compiled } or a rule set from compile() or loadCompiledRuleSet().`);
  }
  const url = sameSite(source, base, where, 'rule file');
  const engine = await engines.authoring();
  const response = await fetch(url, { credentials: 'same-origin', redirect: 'error' });
  if (!response.ok) throw new Error(`could not load the rule file ${url.pathname}: ${response.status} ${response.statusText}`.trim());
  return compileNamed(engine, await response.text(), `${where} (${url.pathname})`);
}

// Rule files and compiled rule sets come from the page's own site, like the engine's .wasm.
function sameSite(source, base, where, what) {
  const url = new URL(source, base);
  const here = new URL(base);
  if (url.origin !== here.origin) throw new Error(`${where}: the ${what} ${url.href} is not on this site (${here.origin}); serve it from here.`);
  return url;
}

// The loading error, saying which option it came from; its code and diagnostics kept.
function named(err, where) {
  const e = new Error(`${where}: ${err && err.message ? err.message : err}`, { cause: err });
  if (err && err.code) e.code = err.code;
  if (err && Array.isArray(err.diagnostics)) e.diagnostics = err.diagnostics;
  return e;
}

function compileNamed(engine, text, where) {
  try {
    return engine.compile(text);
  } catch (err) {
    if (err && err.name === 'CompileError') {
      const e = new Error(`the rule file ${where} has ${err.diagnostics.filter((d) => d.severity === 'error').length} error(s)`);
      e.diagnostics = err.diagnostics;
      throw e;
    }
    throw err;
  }
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
  let d = typeof date === 'function' ? date() : date;
  if (d === undefined || d === null) return today();
  if (d instanceof Date) {
    const pad = (n) => String(n).padStart(2, '0');
    d = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  }
  return d;
}

// ---------------------------------------------------------------------------
// Answers the form does not ask: fixed for this form, or a fallback.

// Sets fixed answers and fallbacks on the answers read from the form, and
// says which it set, so the screener can see them.
function supplyAnswers(answers, leaves, opts, date) {
  const given = [];
  const apply = (source, how) => {
    for (const [path, spec] of Object.entries(source)) {
      // Only fields this rule set reads (a companion rule set reads fewer).
      if (!leaves.some((l) => l.path === path)) continue;
      const parts = path.split('.');
      const setIn = (record, i, at) => {
        const name = parts[i];
        if (i === parts.length - 1) {
          if (how === 'fallback' && record[name] !== undefined) return;
          const value = typeof spec === 'function' ? spec({ date, answers }) : spec;
          if (value === undefined) return;
          record[name] = value;
          given.push({ field: at ? `${at}.${name}` : name, value, how });
          return;
        }
        // A field inside a list: every item the form has (an empty form has none).
        const items = record[name];
        if (!Array.isArray(items)) return;
        items.forEach((item, k) => setIn(item, i + 1, `${at ? `${at}.` : ''}${name}[${k}]`));
      };
      setIn(answers, 0, '');
    }
  };
  apply(opts.fixed, 'fixed');
  apply(opts.fallbacks, 'fallback');
  return given;
}

// ---------------------------------------------------------------------------
// Names: from the schema to the form's controls.

// Every field that holds an answer, with its list ancestry and the name
// templates it may go by. `{0}`, `{1}` stand for list positions, outermost
// first; a template without a list's placeholder names that list's first item.
function collectLeaves(schema, mapping) {
  const leaves = [];
  const walk = (fields, lists) => {
    for (const field of fields ?? []) {
      const path = [...lists.map((l) => l.name), field.name].join('.');
      if (field.type === 'list') {
        walk(field.fields, [...lists, field]);
        continue;
      }
      const mapped = mapping[path];
      const explicit = mappedName(mapped);
      leaves.push({ field, path, depth: lists.length, mapped: explicit, templates: templatesFor(field, lists, explicit, mapping) });
    }
  };
  walk(schema, []);
  return leaves;
}

function mappedName(mapped) {
  if (typeof mapped === 'string') return mapped;
  if (mapped && typeof mapped === 'object' && typeof mapped.name === 'string') return mapped.name;
  return null;
}

// The list paths marked `{ single: true }`: a form about one item of the list,
// whose fields go by their own names (`first_name` for `children[0].first_name`).
function isSingle(mapping, listPath) {
  const m = mapping[listPath];
  return Boolean(m && typeof m === 'object' && m.single === true);
}

function templatesFor(field, lists, explicit, mapping) {
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

// A template without list k's placeholder names only item 0 of that list.
function templateFits(template, indices) {
  for (let k = 0; k < indices.length; k++) {
    if (indices[k] !== 0 && !template.includes(`{${k}}`)) return false;
  }
  return true;
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

// The names of the form that a template matches, at any list positions.
function namesMatching(template, type, names) {
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

// ---------------------------------------------------------------------------
// Checking the binding: what the rules read against what the form has.

function checkBinding(form, sets, opts) {
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
  const present = new Set();
  const notCollected = new Set();
  let boundMain = 0;
  sets.forEach((set, which) => {
    const found = new Map(set.leaves.map((leaf) => [leaf.path, leaf.templates.flatMap((t) => namesMatching(t, leaf.field.type, names))]));
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
      if (bare.length > 0 && !opts.declaredNotCollected.some((p) => list.path === p || list.path.startsWith(`${p}.`))) {
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
        checkValues(leaf, names.map((n) => byName.get(n)).flat(), opts.mapping[leaf.path], add);
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

// Edit distance between two short names (for "did you mean").
function distance(a, b) {
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
function checkValues(leaf, controls, mapped, add) {
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
      if (field.type === 'yesNo' ? typeof v === 'boolean' : (field.options ?? []).some((o) => o.id === v)) continue;
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

function warnProblems(problems, ruleset, form) {
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

// ---------------------------------------------------------------------------
// Reading the form into the JSON the engine reads.

function readForm(form, schema, leaves, lists, mapping) {
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
function listIndices(lists, indices, byName, leaves) {
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
    if (!templateFits(template, indices)) continue;
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
      // A value the mapping maps to null is no answer at all, neither an option nor "none".
      const meant = chosen.filter((c) => !(optionMap && Object.hasOwn(optionMap, c.value) && optionMap[c.value] === null));
      const values = meant.filter((c) => !isExclusive(c, field, optionMap)).map((c) => c.value);
      // The options this group shows (a checkbox each, or a multiple select's
      // options). A group showing only some of the field's options says which:
      // the engine then keeps the others unknown, so "None of these" says "no"
      // only to the options asked.
      const shown = controls.flatMap((c) => (c.tagName === 'SELECT' ? [...c.options] : [c]));
      const ids = (field.options ?? []).map((o) => o.id);
      const asked = [...new Set(shown.filter((c) => c.value !== '' && !isExclusive(c, field, optionMap)).map((c) => optionId(c.value, field, optionMap)))]
        .filter((id) => ids.includes(id));
      const answer = (ticked) => (asked.length > 0 && asked.length < ids.length ? { asked, ticked } : ticked);
      // Ticked options are the answer; only an exclusive "None of these" ticked is an answered empty set.
      if (values.length > 0) return answer(values.map((v) => optionId(v, field, optionMap)));
      if (meant.length === 0) return undefined;
      return chosen.length > 0 ? answer([]) : undefined;
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
  return undefined; // "Not known", "Not sure": not answered
}

// The option id a value stands for (its id or its label), or undefined.
function optionIdOf(raw, field) {
  const options = field.options ?? [];
  if (options.some((o) => o.id === raw)) return raw;
  const lower = raw.trim().toLowerCase();
  const byLabel = options.find((o) => o.label.toLowerCase() === lower || o.id.toLowerCase() === lower);
  return byLabel ? byLabel.id : undefined;
}

function optionId(raw, field, optionMap) {
  if (optionMap && Object.hasOwn(optionMap, raw)) return optionMap[raw] === null ? undefined : optionMap[raw];
  return optionIdOf(raw, field) ?? raw; // the engine reports an unknown option as a form error
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
function questionText(control) {
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

function lastLabel(label) {
  return String(label ?? '').split('›').pop().trim();
}

// ---------------------------------------------------------------------------
// Answers that could not be read, the GOV.UK way: at the field and in a summary.

// The engine's form errors, in words a person filling in the form can act on.
function formErrorsOf(results, sets, reads, form) {
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

function errorText(problem, type, question) {
  const q = question.replace(/[?:.]$/, '');
  if (problem.code === 'F003' || (problem.code === 'F001' && type === 'date')) return `${q} must be a real date`;
  if (problem.code === 'F001' && type === 'number') return `${q} must be a number`;
  if (problem.code === 'F005') return `${q} is too long`;
  return `${q}: ${problem.message}`;
}

// Puts each error at its field (GOV.UK's error message pattern) and takes it
// away again when the answer is put right. Only what it added is removed.
function fieldErrorMarker(doc) {
  let added = [];
  let counter = 0;
  const clear = () => {
    for (const undo of added.reverse()) undo();
    added = [];
  };
  const addClass = (node, cls) => {
    if (!node || node.classList.contains(cls)) return;
    node.classList.add(cls);
    added.push(() => node.classList.remove(cls));
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

function details(doc, key, open, summary, ...content) {
  return el(doc, 'details', { class: 'govuk-details govuk-!-margin-bottom-4', 'data-key': key, open: open.has(key) },
    el(doc, 'summary', { class: 'govuk-details__summary' }, el(doc, 'span', { class: 'govuk-details__summary-text' }, summary)),
    el(doc, 'div', { class: 'govuk-details__text' }, ...content));
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

function render(doc, body, opts, data, locate) {
  // Keep open "details" open across redraws.
  const open = new Set([...body.querySelectorAll('details[open][data-key]')].map((d) => d.getAttribute('data-key')));
  const parts = [heading(doc, opts, 0, opts.title)];
  if (opts.debug && data.problems.length) parts.push(problemsBanner(doc, opts, data.problems));
  if (data.nothingBound) {
    // A rule set and a form that share nothing must never look like a clean result.
    parts.push(el(doc, 'div', { class: 'govuk-warning-text', 'data-screening-not-bound': '' },
      el(doc, 'span', { class: 'govuk-warning-text__icon', 'aria-hidden': 'true' }, '!'),
      el(doc, 'strong', { class: 'govuk-warning-text__text' },
        el(doc, 'span', { class: 'govuk-visually-hidden' }, 'Warning'),
        'The screening check is not working on this form, so it shows no result. You can still send the form as usual.')));
    body.replaceChildren(...parts);
    return;
  }
  if (data.errors.length) parts.push(errorSummary(doc, opts, data.errors));
  if (opts.view === 'referrer') renderReferrer(doc, parts, opts, data, locate, open);
  else renderScreener(doc, parts, opts, data, locate, open);
  body.replaceChildren(...parts);
}

function problemsBanner(doc, opts, problems) {
  return el(doc, 'div', { class: 'govuk-notification-banner', role: 'region', 'aria-labelledby': 'screening-problems-title', 'data-screening-problems': '' },
    el(doc, 'div', { class: 'govuk-notification-banner__header' },
      el(doc, `h${Math.min(opts.headingLevel + 1, 6)}`, { class: 'govuk-notification-banner__title', id: 'screening-problems-title' }, 'For the developer: the binding has problems')),
    el(doc, 'div', { class: 'govuk-notification-banner__content' },
      el(doc, 'p', { class: 'govuk-body-s' }, 'Shown because debug is on. The same list is in the console and in attachment.problems.'),
      el(doc, 'ul', { class: 'govuk-list govuk-list--bullet govuk-body-s' }, problems.map((p) => el(doc, 'li', { 'data-problem': p.kind, 'data-field': p.field }, p.message)))));
}

function errorSummary(doc, opts, errors) {
  return el(doc, 'div', { class: 'govuk-error-summary', 'data-screening-error-summary': '' },
    el(doc, `h${Math.min(opts.headingLevel + 1, 6)}`, { class: 'govuk-error-summary__title' }, 'There is a problem'),
    el(doc, 'div', { class: 'govuk-error-summary__body' },
      el(doc, 'ul', { class: 'govuk-list govuk-error-summary__list' }, errors.map((e) => el(doc, 'li', { 'data-field': e.field }, fieldLink(doc, e.control, e.text))))));
}

function promptBlock(doc, p, locate, withFacts) {
  const facts = withFacts ? (p.facts ?? []).map((f) => el(doc, 'li', {}, fieldLink(doc, locate(f.field), f.label), `: “${f.value}”`)) : [];
  return el(doc, 'div', { class: 'govuk-warning-text govuk-!-margin-bottom-4', 'data-prompt': p.rule },
    el(doc, 'span', { class: 'govuk-warning-text__icon', 'aria-hidden': 'true' }, '!'),
    el(doc, 'div', { class: 'govuk-warning-text__text' },
      el(doc, 'span', { class: 'govuk-visually-hidden' }, 'Prompt: '),
      p.text,
      facts.length ? el(doc, 'ul', { class: 'govuk-list govuk-body-s govuk-!-margin-top-2 govuk-!-margin-bottom-0' }, facts) : null));
}

// The questions on this form that would help decide: the first few, the rest behind "details".
function questionLists(doc, opts, sorted, locate, open, withRules) {
  const entries = sorted.questions.map((q) => ({ ...q, control: locate(q.field) }));
  const item = (q) => {
    const text = opts.view === 'referrer' ? questionText(q.control) ?? lastLabel(q.label) : q.label;
    const rules = q.rules.map((r) => r.title);
    const shown = rules.length > 3 ? `${rules.slice(0, 3).join('; ')}; and ${rules.length - 3} more` : rules.join('; ');
    return el(doc, 'li', { 'data-field': q.field },
      fieldLink(doc, q.control, text),
      // The screener reads what answering could change, in the engine's words;
      // the referrer view never shows levels or actions.
      withRules ? el(doc, 'span', { class: 'govuk-body-s govuk-!-display-block govuk-hint govuk-!-margin-bottom-0' }, q.text ?? `Would help decide: ${shown}`) : null);
  };
  const first = entries.slice(0, opts.questionsShown);
  const rest = entries.slice(opts.questionsShown);
  const out = [el(doc, 'ul', { class: 'govuk-list govuk-list--bullet', 'data-questions': '' }, first.map(item))];
  if (rest.length) {
    out.push(details(doc, 'more-questions', open, `${rest.length} more question${rest.length === 1 ? '' : 's'}`,
      el(doc, 'ul', { class: 'govuk-list govuk-list--bullet', 'data-questions': '' }, rest.map(item))));
  }
  return out;
}

// For whoever fills in the form: what to check before sending. No levels and
// no professional actions: those are for the person who screens the referral.
function renderReferrer(doc, parts, opts, data, locate, open) {
  const { outcome, companions, sorted } = data;
  const urgent = outcome.actions.filter((a) => opts.urgentActions.has(a.id));
  for (const a of urgent) {
    parts.push(el(doc, 'div', { class: 'govuk-warning-text', 'data-urgent': a.id },
      el(doc, 'span', { class: 'govuk-warning-text__icon', 'aria-hidden': 'true' }, '!'),
      el(doc, 'strong', { class: 'govuk-warning-text__text' }, el(doc, 'span', { class: 'govuk-visually-hidden' }, 'Warning'), a.label)));
  }
  const prompts = [...outcome.prompts.filter((p) => opts.referrerPrompts.has(p.rule)), ...companions.flatMap((c) => c.prompts)];
  if (prompts.length) {
    parts.push(heading(doc, opts, 1, 'Check your wording'));
    for (const p of prompts) parts.push(promptBlock(doc, p, locate, false));
  }
  if (sorted.questions.length) {
    parts.push(heading(doc, opts, 1, 'Questions that would help'));
    parts.push(el(doc, 'p', { class: 'govuk-body-s' }, 'If you know the answers, add them to the form.'));
    parts.push(...questionLists(doc, opts, sorted, locate, open, false));
  }
  if (!urgent.length && !prompts.length && !sorted.questions.length && !data.errors.length) {
    parts.push(el(doc, 'p', { class: 'govuk-body', 'data-nothing-to-check': '' }, 'Nothing to check at the moment.'));
  }
  parts.push(el(doc, 'p', { class: 'govuk-body-s' }, 'These checks run on this page only. Nothing is sent until you send the form.'));
}

// For whoever screens the referral: the whole outcome, compact, details to expand.
function renderScreener(doc, parts, opts, data, locate, open) {
  const { outcome, companions, sorted, given } = data;
  const reason = reasonLookup(outcome);
  parts.push(el(doc, 'div', { class: 'govuk-inset-text govuk-!-margin-top-0' }, outcome.advisory));

  // Level, scores, contexts.
  const rows = [];
  const level = outcome.level;
  const colour = TAG_COLOURS[Math.min(level.rank, TAG_COLOURS.length - 1)];
  const levelValue = [el(doc, 'strong', { class: `govuk-tag ${colour}`, 'data-level': level.id }, level.label)];
  if (level.setBy && level.setBy.length) {
    levelValue.push(el(doc, 'p', { class: 'govuk-body-s govuk-!-margin-top-2 govuk-!-margin-bottom-0' }, `Set by ${level.setBy.join(', ')}.`));
  }
  if (sorted.couldRiseTo) {
    const how = {
      'this-form': 'depending on questions on this form',
      'not-collected': 'only with information this form does not collect',
      both: 'depending on questions on this form or on information it does not collect',
    }[sorted.couldRiseTo.dependsOn];
    levelValue.push(el(doc, 'p', { class: 'govuk-body-s govuk-!-margin-top-2 govuk-!-margin-bottom-0', 'data-could-rise-to': sorted.couldRiseTo.id, 'data-depends-on': sorted.couldRiseTo.dependsOn },
      `Could rise to ${sorted.couldRiseTo.label}, ${how}.`));
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
  parts.push(el(doc, 'dl', { class: 'govuk-summary-list govuk-!-margin-bottom-4' }, rows));
  if (level.setBy && level.setBy.length) {
    parts.push(details(doc, 'level-reasons', open, 'Why this level',
      el(doc, 'ul', { class: 'govuk-list govuk-list--bullet govuk-body-s' }, level.setBy.map((id) => el(doc, 'li', {}, reason(id))))));
  }

  // Actions, each with its reasons behind "details".
  parts.push(heading(doc, opts, 1, 'Suggested actions'));
  if (outcome.actions.length === 0) {
    parts.push(el(doc, 'p', { class: 'govuk-body' }, 'No actions are suggested by the answers so far.'));
  } else {
    parts.push(el(doc, 'ul', { class: 'govuk-list', 'data-actions': '' }, outcome.actions.map((a) =>
      el(doc, 'li', { 'data-action': a.id },
        el(doc, 'details', { class: 'govuk-details govuk-!-margin-bottom-2', 'data-key': `action-${a.id}`, open: open.has(`action-${a.id}`) },
          el(doc, 'summary', { class: 'govuk-details__summary' }, el(doc, 'span', { class: 'govuk-details__summary-text' }, a.label)),
          el(doc, 'div', { class: 'govuk-details__text' },
            el(doc, 'ul', { class: 'govuk-list govuk-list--bullet govuk-body-s govuk-!-margin-bottom-0' }, [
              ...a.requestedBy.map((id) => el(doc, 'li', {}, reason(id))),
              // A level that requires the action brings it whatever set the level.
              ...(a.requiredByLevel ? [el(doc, 'li', {}, `The level ${a.requiredByLevel.label} requires this action.`)] : []),
            ])))),
    )));
  }

  // Prompts, the rule set's own and the companions' (wording checks).
  const prompts = [...outcome.prompts, ...companions.flatMap((c) => c.prompts)];
  if (prompts.length) {
    parts.push(heading(doc, opts, 1, 'Prompts'));
    for (const p of prompts) parts.push(promptBlock(doc, p, locate, true));
  }

  // Questions this form asks that would help decide.
  if (sorted.questions.length) {
    parts.push(heading(doc, opts, 1, 'Questions on this form that would help decide'));
    parts.push(...questionLists(doc, opts, sorted, locate, open, true));
  }
  if (sorted.notCollected.length) {
    parts.push(details(doc, 'not-collected', open,
      `${sorted.notCollected.length} rule${sorted.notCollected.length === 1 ? '' : 's'} need${sorted.notCollected.length === 1 ? 's' : ''} information this form does not collect`,
      el(doc, 'p', { class: 'govuk-body-s' }, 'Ask the referrer, or check other records, if these matter for this child.'),
      el(doc, 'ul', { class: 'govuk-list govuk-list--bullet govuk-body-s', 'data-not-collected': '' }, sorted.notCollected.map((r) =>
        el(doc, 'li', { 'data-rule': r.id }, `${r.id} ${r.title}`, r.needs.length ? `: ${unique(r.needs.map((n) => lastLabel(n.label))).join('; ')}` : '')))));
  }

  // How it was worked out.
  if (outcome.summary && outcome.summary.length) {
    parts.push(details(doc, 'summary', open, 'How this was worked out',
      el(doc, 'ul', { class: 'govuk-list govuk-list--bullet' }, outcome.summary.map((line) => el(doc, 'li', {}, line))),
      given.length ? el(doc, 'p', { class: 'govuk-body-s', 'data-given': '' },
        `Not asked on this form, given by its set-up: ${given.map((g) => `${g.field} = ${Array.isArray(g.value) ? g.value.join(', ') : g.value}${g.how === 'fallback' ? ' (used because the form did not give it)' : ''}`).join('; ')}.`) : null,
      outcome.ruleSet ? el(doc, 'p', { class: 'govuk-body-s' }, `Rule set: ${outcome.ruleSet.name}${outcome.ruleSet.version ? `, version ${outcome.ruleSet.version}` : ''}. Screened as at ${outcome.date}.`) : null));
  }
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

function summaryAnnouncement(opts, outcome, companions, sorted, errors, binding) {
  if (binding.nothingBound) return 'The screening check is not working on this form.';
  let text = '';
  if (errors.length) text += `There is a problem: ${errors.map((e) => e.text).join('. ')}. `;
  if (opts.view === 'referrer') {
    const urgent = outcome.actions.filter((a) => opts.urgentActions.has(a.id));
    const prompts = outcome.prompts.filter((p) => opts.referrerPrompts.has(p.rule)).length + companions.reduce((n, c) => n + c.prompts.length, 0);
    text += 'Checks updated.';
    for (const a of urgent) text += ` ${a.label}.`;
    if (prompts) text += ` ${prompts} wording prompt${prompts === 1 ? '' : 's'}.`;
    if (sorted.questions.length) text += ` ${sorted.questions.length} question${sorted.questions.length === 1 ? '' : 's'} that would help.`;
    return text;
  }
  const actions = outcome.actions.length;
  text += `Screening updated. Suggested level: ${outcome.level.label}.`;
  text += actions === 0 ? ' No actions suggested.' : ` ${actions} action${actions === 1 ? '' : 's'} suggested.`;
  const prompts = outcome.prompts.length + companions.reduce((n, c) => n + c.prompts.length, 0);
  if (prompts) text += ` ${prompts} prompt${prompts === 1 ? '' : 's'}.`;
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
