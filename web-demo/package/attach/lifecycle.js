// The attachment's life: bind the rule sets to the form, screen as the person
// types (debounced), redraw when the outcome changes, re-check the binding
// when the form's own script adds or removes a group, and detach cleanly.

import { today } from '../common.js';
import { schemaPath } from '../questions.js';
import { collectControls } from './controls.js';
import { fieldErrorMarker, formProblems } from './errors.js';
import { el } from './govuk.js';
import { addHiddenInputs, fillHiddenInputs } from './hidden.js';
import { findControl, formLabels } from './locate.js';
import { collectLeaves, collectLists } from './names.js';
import { NOTICES, render, renderError, summaryAnnouncement, withCompanions } from './render.js';

const VIEWS = ['referrer', 'screener'];

/**
 * Bind a compiled rule set to a form and show the screening outcome in a
 * container, re-screening as the person types.
 * @returns {import('../attach.d.ts').Attachment}
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
  // What a person reads is the engine's presentation model, so a drawn view needs present().
  if (options.render !== false) {
    [ruleset, ...companions].forEach((rs, i) => {
      if (typeof rs.present !== 'function') {
        throw new TypeError(`attach(): ${i === 0 ? 'the rule set' : `options.companions[${i - 1}]`} has no present(): use a rule set from compile() or loadCompiledRuleSet(), or render: false.`);
      }
    });
  }
  // The rule set this binding was written for: any other is refused.
  checkPinned(ruleset, options.ruleSet, 'attach()');
  if (options.view !== undefined && !VIEWS.includes(options.view)) {
    throw new TypeError(`attach(): options.view must be "referrer" or "screener", not ${JSON.stringify(options.view)}.`);
  }
  const doc = form.ownerDocument;
  const rendering = options.render !== false;
  const container = rendering ? findContainer(doc, options.container) : null;
  const view = options.view ?? 'referrer';
  // With render: false, a view given still asks for its presentation model
  // (a page that draws its own panel from the engine's words).
  const presenting = rendering || options.view !== undefined;
  const opts = {
    view,
    debounce: options.debounce ?? 300,
    date: options.date,
    mapping: options.mapping ?? {},
    headingLevel: Math.min(Math.max(Number(options.headingLevel) || 2, 1), 5),
    title: options.title ?? (view === 'referrer' ? NOTICES.referrerTitle : NOTICES.screenerTitle),
    hiddenInputs: options.hiddenInputs ? { prefix: 'screening', ...(options.hiddenInputs === true ? {} : options.hiddenInputs) } : null,
    onOutcome: typeof options.onOutcome === 'function' ? options.onOutcome : null,
    onError: typeof options.onError === 'function' ? options.onError : null,
    debug: Boolean(options.debug),
    fixed: options.answers ?? {},
    fallbacks: options.fallbacks ?? {},
    declaredNotCollected: [...(options.notCollected ?? [])],
    // The form's controls no rule reads, each with the reason: { "referrer_phone": "Contact details: not screened" }.
    notScreened: options.notScreened && typeof options.notScreened === 'object' ? { ...options.notScreened } : {},
    errorsAtFields: options.errorsAtFields !== false && rendering,
  };

  // Every rule set attached reads the form through the same binding.
  const sets = [ruleset, ...companions].map((rs) => {
    const schema = rs.schema();
    return { ruleset: rs, schema, leaves: collectLeaves(schema, opts.mapping), lists: collectLists(schema, opts.mapping) };
  });
  const main = sets[0];

  // Problems from loading (a companion left out) stay listed with the binding's own.
  const loadProblems = [...(options.loadProblems ?? [])];
  // The engine reads the form (engine/src/binding/): the page collects the
  // controls' raw values and labels, and each rule set's bind() coerces, maps
  // and checks the binding both ways. A fixed answer or fallback given as a
  // function of { date, answers } is worked out from the form first read.
  const data = {
    mapping: opts.mapping,
    notCollected: opts.declaredNotCollected,
    notScreened: opts.notScreened,
  };
  const plain = (source) => Object.fromEntries(Object.entries(source).filter(([, v]) => typeof v !== 'function'));
  const computed = [...Object.entries(opts.fixed).map(([k, f]) => ['answers', k, f]), ...Object.entries(opts.fallbacks).map(([k, f]) => ['fallbacks', k, f])]
    .filter(([, , f]) => typeof f === 'function');
  const bindOne = (rs, controls, date) => {
    const binding = { ...data, answers: plain(opts.fixed), fallbacks: plain(opts.fallbacks) };
    let bound = rs.bind(controls, binding, { date });
    if (computed.length) {
      for (const [which, key, f] of computed) {
        const value = f({ date, answers: bound.form });
        if (value !== undefined) binding[which][key] = value;
      }
      bound = rs.bind(controls, binding, { date });
    }
    return bound;
  };
  const bindAll = (date) => {
    const controls = collectControls(form);
    return sets.map((s) => bindOne(s.ruleset, controls, date));
  };
  // The binding's problems are the main rule set's; a control that only a
  // companion reads (one its own check does not list as unread) is read.
  const check = (bounds) => {
    const unreadByCompanion = bounds.slice(1).map((b) => new Set(b.problems.filter((p) => p.kind === 'control-not-read').flatMap((p) => p.names ?? [])));
    const problems = bounds[0].problems.filter((p) => p.kind !== 'control-not-read' || !unreadByCompanion.some((unread) => (p.names ?? []).every((n) => !unread.has(n))));
    problems.push(...loadProblems);
    const notCollected = bounds[0].notCollected;
    const leaves = main.leaves.map((l) => l.path);
    const isCollected = (fieldPath) => {
      const p = schemaPath(fieldPath);
      if (opts.declaredNotCollected.some((d) => p === d || p.startsWith(`${d}.`))) return false;
      return leaves.some((l) => (l === p || l.startsWith(`${p}.`)) && !notCollected.some((d) => l === d || l.startsWith(`${d}.`)));
    };
    return { problems, notCollected, isCollected, nothingBound: bounds[0].nothingBound };
  };
  // The form as attached; a form the engine cannot read at all (too large)
  // is reported by the first screening, in the engine's words.
  let bounds = null;
  let binding = { problems: [...loadProblems], notCollected: [], isCollected: () => true, nothingBound: false };
  try {
    bounds = bindAll(evaluationDate(opts.date));
    binding = check(bounds);
  } catch {
    // screen() below shows the engine's message.
  }
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
  let presentation = null;
  let answers = {};
  let given = [];
  let indexMaps = new Map();
  let detached = false;
  // The latest answers each rule set read, and their date, for present(audience).
  let latest = null;

  function screen() {
    if (detached) return null;
    clearTimeout(timer);
    timer = null;
    const date = evaluationDate(opts.date);
    let results;
    let models = [];
    let reads = [];
    try {
      bounds = bindAll(date);
      const before = binding.problems.map((p) => p.message).join('\n');
      binding = check(bounds);
      if (binding.problems.map((p) => p.message).join('\n') !== before) warnProblems(binding.problems, ruleset, form);
      reads = bounds.map((b) => ({ answers: b.form, indexMaps: new Map(Object.entries(b.items)) }));
      answers = reads[0].answers;
      given = bounds[0].given;
      indexMaps = reads[0].indexMaps;
      results = sets.map((s, i) => s.ruleset.evaluate(reads[i].answers, { date }));
      // What the view's audience reads, in the engine's words, with the
      // questions in the form's own (the labels of its controls).
      if (presenting) models = sets.map((s, i) => s.ruleset.present(reads[i].answers, { audience: opts.view, labels: formLabels(form, s.leaves, s.lists), date }));
    } catch (err) {
      outcome = null;
      outcomes = [];
      presentation = null;
      lastKey = null;
      if (body) renderError(doc, body, opts, err);
      announce(err && err.message ? err.message : String(err));
      if (opts.onError) opts.onError(err, answers);
      return null;
    }
    outcome = results[0];
    outcomes = results;
    latest = { reads, date };
    presentation = models.length ? withCompanions(models[0], models.slice(1)) : null;
    const locate = (path) => findControl(form, path, main.leaves, main.lists, reads[0].indexMaps);
    const key = JSON.stringify([results, models, binding.problems.length, [...settled].sort()]);
    if (key !== lastKey) {
      lastKey = key;
      // Shown the GOV.UK way: once the person has left the question (or tried
      // to send the form), never while they are still typing in it.
      const errors = formProblems(models, sets, reads, form).filter((e) => !e.control || settled.has(questionKey(e.control)));
      if (fieldErrors) fieldErrors.mark(errors, form);
      if (body) {
        render(doc, body, opts, { model: models[0], companions: models.slice(1), errors, problems: binding.problems, nothingBound: binding.nothingBound, level: outcome.level.id }, locate);
        announce(summaryAnnouncement(presentation, binding));
      }
      if (hidden) fillHiddenInputs(hidden, outcome);
    }
    if (opts.onOutcome) opts.onOutcome(outcome, reads[0].answers, { companions: results.slice(1), problems: binding.problems, presentation, given });
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
    try {
      bounds = bindAll(evaluationDate(opts.date));
    } catch {
      return; // screen() shows the engine's message
    }
    const before = binding.problems.map((p) => p.message).join('\n');
    binding = check(bounds);
    if (binding.problems.map((p) => p.message).join('\n') !== before) warnProblems(binding.problems, ruleset, form);
  }

  // The questions the person has left since last typing in them (a date's
  // three boxes are one question: leaving the day for the month is not leaving it).
  // Answers already on the form when it is attached (a saved draft, Back) were not typed now.
  const settled = new Set([...form.elements].filter((c) => c.name && hasValue(c)).map(questionKey));
  function onTyping(event) {
    const t = event && event.target;
    if (t && t.name && !['radio', 'checkbox'].includes((t.type || '').toLowerCase()) && t.tagName !== 'SELECT') settled.delete(questionKey(t));
    else if (t && t.name) settled.add(questionKey(t)); // a choice is made at once
    schedule(event);
  }
  function onLeave(event) {
    const t = event.target;
    if (!t || !t.name) return;
    const group = t.closest && t.closest('.govuk-date-input');
    if (group && event.relatedTarget && group.contains(event.relatedTarget)) return;
    settled.add(questionKey(t));
    schedule();
  }
  function onSubmit() {
    for (const control of form.elements) if (control.name) settled.add(questionKey(control));
    screen();
  }
  form.addEventListener('input', onTyping);
  form.addEventListener('change', schedule);
  form.addEventListener('focusout', onLeave);
  form.addEventListener('submit', onSubmit);
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
    get presentation() {
      return presentation;
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
    present(audience) {
      if (!latest || detached) return null;
      const models = sets.map((s, i) => s.ruleset.present(latest.reads[i].answers, { audience, labels: formLabels(form, s.leaves, s.lists), date: latest.date }));
      return withCompanions(models[0], models.slice(1));
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
      form.removeEventListener('input', onTyping);
      form.removeEventListener('change', schedule);
      form.removeEventListener('focusout', onLeave);
      form.removeEventListener('submit', onSubmit);
      form.removeEventListener('reset', onReset);
      if (observer) observer.disconnect();
      if (hidden) for (const input of Object.values(hidden)) input.remove();
      if (fieldErrors) fieldErrors.clear();
      if (container) container.replaceChildren();
    },
  };
}

// The rule set a binding was written for: { name, version } (version optional).
// Any other is refused, so a wrong or stale file never screens silently.
export function checkPinned(ruleset, pinned, where) {
  if (pinned === undefined || pinned === null) return;
  if (typeof pinned !== 'object' || typeof pinned.name !== 'string') {
    throw new TypeError(`${where}: ruleSet must be { name, version }, the rule set this form's binding was written for.`);
  }
  const nameOk = ruleset.name === pinned.name;
  const versionOk = pinned.version === undefined || ruleset.version === pinned.version;
  if (!nameOk || !versionOk) {
    const want = `"${pinned.name}"${pinned.version === undefined ? '' : ` version ${pinned.version}`}`;
    const got = `"${ruleset.name}"${ruleset.version ? ` version ${ruleset.version}` : ''}`;
    throw new Error(`${where}: this form's binding was written for the rule set ${want}, but the file loaded is ${got}. Serve the rule set the binding was written for, or update the binding (and its ruleSet) for this one.`);
  }
}

function hasValue(control) {
  const type = (control.type || '').toLowerCase();
  if (type === 'radio' || type === 'checkbox') return control.checked;
  return String(control.value ?? '') !== '' && type !== 'hidden';
}

// One key per question: a date's boxes share their question's.
export function questionKey(control) {
  const name = control.name || '';
  return control.closest && control.closest('.govuk-date-input') ? name.replace(/(?:-day|-month|-year|\[day\]|\[month\]|\[year\])$/, '') : name;
}

export function isRuleSet(rs) {
  return Boolean(rs && typeof rs.evaluate === 'function' && typeof rs.schema === 'function' && typeof rs.bind === 'function');
}


export function findContainer(doc, given) {
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

export function evaluationDate(date) {
  let d = typeof date === 'function' ? date() : date;
  if (d === undefined || d === null) return today();
  if (d instanceof Date) {
    const pad = (n) => String(n).padStart(2, '0');
    d = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  }
  return d;
}

// Every problem with the binding in one console warning (and on the page with
// debug on): nothing fails quietly.
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
