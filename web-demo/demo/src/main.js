// The demo and training page: wires the referral form, the live screening
// panel, the rule editor and the training cases to the engine package.
// Nothing here sends, logs or stores anything: there is no fetch except for
// the page's own files at start-up (none at all in the single-file build),
// no storage API, no console output.

import { Tabs } from 'govuk-frontend';
import { init, compile, check, signoffDocument, diffRuleSets, CompileError } from '../../package/index.js';
import { attach } from '../../package/attach.js';
import { withCompanions } from '../../package/attach/render.js';
import { h, replace, clear, tag, debounce, todayIso, formatDate } from './dom.js';
import { loadData } from './data.js';
import { ReferralForm } from './form.js';
import { ScreeningPanel, renderPrint } from './panel.js';
import { RuleEditor } from './editor.js';
import { compare, comparisonTable, facilitatorNote, levelsOf, actionsOf } from './cases.js';
import { WARNING_MEANING, SERIOUS_WARNINGS } from './plain.js';
import { RECEIVED } from './form-layout.js';
import { KeepWork } from './keep-work.js';
import { setAsideBrokenTests } from './broken-tests.js';
import { caseChange, changesTable, actionPairs } from './case-changes.js';
import { NumberControls } from './number-controls.js';
import { Discussion, hideSections, revealBar, roomQuestions, listenForClicker, renderHiddenPrint } from './discussion.js';

const $ = (id) => document.getElementById(id);

const state = {
  data: null,
  file: null, // the rule file in the editor
  texts: {}, // current text of each rule file (edits live in memory only)
  compiled: {}, // last rule set that compiled, by file
  compiledText: {}, // the text it was compiled from, by file
  errors: {}, // errors of the current text, by file, when it does not compile
  brokenTests: {}, // tests set aside because they name what an edit took out, by file
  shipped: {}, // the shipped rule sets, by file
  currentCase: null,
  caseDataKey: null,
  // Every answer given, also those the current rule file's form does not ask:
  // switching rule files (or an edit that drops a question) never loses them.
  kept: {},
  // Discussion mode: a case loads with its result hidden, revealed a step at a time.
  discussion: new Discussion(),
  receivedDefaulted: null, // the label of the received-date field, when the screening date stood in for it
  editor: null,
  form: null,
  keep: null, // asks before answers in progress are replaced
  numbers: null, // "Change a number in a rule"
  attachment: null, // attach() on the referral form: reads it and screens as it changes
  panel: null,
  tabs: null,
};

function fail(err) {
  const box = $('load-error');
  box.hidden = false;
  $('load-error-text').textContent = String(err && err.message ? err.message : err);
  box.focus();
}

const shippedFile = () => state.data.manifest.shippedRules;
const ruleMeta = (file) => state.data.manifest.rules.find((r) => r.file === file) || {};
const isCompanion = (file) => !!ruleMeta(file).companion;

/** The rule file whose form the referral form shows and whose level counts. */
function mainFile() {
  return isCompanion(state.file) ? shippedFile() : state.file;
}

function shippedText(file = state.file) {
  return state.data.rules[file];
}

function isEdited(file) {
  if (file) return state.texts[file] !== state.data.rules[file];
  return state.data.manifest.rules.some((r) => isEdited(r.file));
}

function screeningDate() {
  const v = $('screening-date').value;
  return /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : todayIso();
}

/**
 * Fold the form's answers (for `fields`, the form as it stands) into the kept
 * answers: what the form asks is taken from the form (an answer cleared there
 * is cleared here); answers to questions it does not ask are kept as they are.
 */
function mergeKept(kept, data, fields) {
  const out = { ...(kept && typeof kept === 'object' && !Array.isArray(kept) ? kept : {}) };
  for (const f of fields) {
    const d = data[f.name];
    if (f.type === 'list') {
      if (Array.isArray(d)) {
        const k = Array.isArray(out[f.name]) ? out[f.name] : [];
        out[f.name] = d.map((item, i) => mergeKept(k[i], item || {}, f.fields || []));
      } else delete out[f.name];
    } else if (d !== undefined) out[f.name] = d;
    else delete out[f.name];
  }
  return out;
}

function keepAnswers() {
  if (state.form && state.form.schema.length) state.kept = mergeKept(state.kept, state.form.getData(), state.form.schema);
}

/**
 * The date received, when the referral leaves it blank, is the date the page
 * screens as at: ages and "in the last 30 days" are then worked out to that
 * date, and the panel says so (never silently).
 */
function withReceived(schema, formData, date) {
  const field = schema.find((f) => f.type === 'date' && RECEIVED.test(f.name));
  state.receivedDefaulted = null;
  if (!field || formData[field.name] !== undefined) return formData;
  state.receivedDefaulted = { name: field.name, label: field.label || field.name };
  return { ...formData, [field.name]: date };
}

/**
 * Screen answers with a set of rule sets: the main one decides the level and
 * actions; each companion (wording checks) reads the answers its own form
 * shares with the main one and adds its prompts and fired rules.
 */
function screenWith(sets, main, formData, date) {
  const outcome = sets[main].evaluate(formData, { date });
  for (const r of state.data.manifest.rules) {
    if (!r.companion || r.file === main || !sets[r.file]) continue;
    const rs = sets[r.file];
    const names = new Set(rs.schema().map((f) => f.name));
    const shared = Object.fromEntries(Object.entries(formData).filter(([k]) => names.has(k)));
    const extra = rs.evaluate(shared, { date });
    const taken = new Set([...outcome.fired.map((x) => x.id), ...outcome.floors.map((x) => x.id)]);
    const rename = (id) => (taken.has(id) ? `${r.file.replace(/\.rules$/, '')}:${id}` : id);
    outcome.prompts.push(...extra.prompts.map((p) => ({ ...p, rule: rename(p.rule), companion: extra.ruleSet.name })));
    outcome.fired.push(...extra.fired.map((f) => ({ ...f, id: rename(f.id), companion: extra.ruleSet.name })));
    outcome.companions = [...(outcome.companions || []), extra.ruleSet];
  }
  return outcome;
}

/**
 * The same answers in the engine's words for one audience (its presentation
 * model): the main rule set's, with each companion's prompts joined to it.
 */
function presentWith(sets, main, formData, date, audience) {
  const model = sets[main].present(formData, { audience, date });
  const companions = [];
  for (const r of state.data.manifest.rules) {
    if (!r.companion || r.file === main || !sets[r.file]) continue;
    const names = new Set(sets[r.file].schema().map((f) => f.name));
    const shared = Object.fromEntries(Object.entries(formData).filter(([k]) => names.has(k)));
    // Only its prompts join: the main rule set's answers it has no field for
    // are not its unreadable answers (as screenWith keeps only its prompts).
    const theirs = sets[r.file].present(shared, { audience, date });
    companions.push({ ...theirs, sections: theirs.sections.filter((s) => s.id === 'prompts') });
  }
  return withCompanions(model, companions);
}

// ------------------------------------------------------------------ tabs

function showTab(id) {
  const link = document.querySelector(`.govuk-tabs__tab[href="#${id}"]`);
  const panel = $(id);
  if (link && panel && panel.classList.contains('govuk-tabs__panel--hidden')) link.click();
}

function focusField(path) {
  showTab('tab-referral');
  // attach() knows which control answered a path (items it skipped as empty shift positions).
  const control = state.attachment && state.attachment.controlFor(path);
  return state.form.focusField(control && control.name && control.type !== 'hidden' ? control.name : path);
}

// ------------------------------------------------------------------ screening

function rulesNote() {
  const broken = Object.entries(state.errors).filter(([, e]) => e.length);
  if (broken.length) {
    const n = broken.reduce((a, [, e]) => a + e.length, 0);
    return h('div', { class: 'govuk-inset-text app-rules-note app-rules-note--error', id: 'rules-note' },
      h('strong', null, `The edited rules have ${n} error${n === 1 ? '' : 's'}. `),
      'This screening still uses the last version that worked. ',
      h('a', { class: 'govuk-link', href: '#rule-diagnostics', onclick: (e) => { e.preventDefault(); showTab('tab-rules'); $('rule-diagnostics').focus(); } }, 'See the problems'), '.');
  }
  if (isEdited()) {
    const aside = Object.values(state.brokenTests).reduce((a, t) => a + t.length, 0);
    return h('div', { class: 'govuk-inset-text app-rules-note', id: 'rules-note' },
      h('strong', null, 'Using your edited rules. '), 'Reset them on the Rules tab.',
      aside ? ` ${aside} test${aside === 1 ? ' names' : 's name'} something your edit took out: set aside until you fix ${aside === 1 ? 'it' : 'them'}.` : null);
  }
  if (mainFile() !== shippedFile()) {
    return h('div', { class: 'govuk-inset-text app-rules-note', id: 'rules-note' },
      h('strong', null, `Using ${mainFile()}. `), 'The form shows the questions this rule file asks.');
  }
  return null;
}

function caseLevels() {
  const text = state.compiledText[shippedFile()];
  return { levels: levelsOf(text), actions: actionsOf(text) };
}

function comparisonFor(outcome) {
  const c = state.currentCase;
  if (!c || mainFile() !== shippedFile()) return null;
  if (!state.discussion.shown('expected')) return null;
  const { levels, actions } = caseLevels();
  const result = compare(outcome, c.expected, levels, actions);
  const changed = JSON.stringify(state.form.getData()) !== state.caseDataKey;
  const node = comparisonTable(c, result, 'current-case');
  // Each screening redraws the panel: a comparison the trainer opened stays open.
  const shown = $('current-case-compare');
  if (shown && shown.open && shown.dataset.case === c.slug) node.open = true;
  node.dataset.case = c.slug;
  if (changed) {
    node.appendChild(h('p', { class: 'govuk-body-s app-compare__changed' }, 'You have changed the answers since loading the case.'));
  }
  return node;
}

/** Screen now (rather than after the form's debounce). */
function screen() {
  if (state.attachment) state.attachment.screen();
}

/**
 * Bind the referral form with the package's attach(), drawing our own panel.
 * The "rule set" it screens with is the main one plus its companions, as they
 * stand at each screening; attach again when the form's schema changes.
 */
function attachForm() {
  if (state.attachment) state.attachment.detach();
  const schema = state.compiled[mainFile()].schema();
  const screening = {
    schema: () => schema,
    // The engine reads the form's controls through the binding (engine/src/binding/).
    bind: (controls, binding, options) => state.compiled[mainFile()].bind(controls, binding, options),
    evaluate: (formData, { date }) => {
      const answers = withReceived(schema, formData, date);
      const outcome = screenWith(state.compiled, mainFile(), answers, date);
      outcome.answers = formData; // what the panel was screened from (for the questions and the notes)
      outcome.presentation = presentWith(state.compiled, mainFile(), answers, date, 'screener');
      return outcome;
    },
  };
  state.attachment = attach($('referral-form'), screening, {
    render: false,
    debounce: 120,
    // Each list's items are added with its "Add" button: the form starts with none.
    mapping: Object.fromEntries(listPaths(schema).map((path) => [path, { startsEmpty: true }])),
    date: screeningDate,
    onOutcome: showOutcome,
    onError: (err) => state.panel.message(`The form could not be screened: ${err.message}`, 'error'),
  });
}

/** Every list of the schema, nested ones too: "children", "children.missing_episodes". */
function listPaths(fields, outer = '') {
  return fields.filter((f) => f.type === 'list').flatMap((f) => {
    const path = outer ? `${outer}.${f.name}` : f.name;
    return [path, ...listPaths(f.fields ?? [], path)];
  });
}

/** A note under the level: the date received stood in for, and ages that cannot be worked out, with why. */
function dateNotes(outcome) {
  const notes = [];
  const when = formatDate(outcome.date);
  const rec = state.receivedDefaulted;
  if (rec) {
    notes.push(h('li', { id: 'note-received' }, `Screening as of ${when}, the date received was not given: `,
      'ages and recent events are worked out to that date. ',
      h('a', { class: 'govuk-link', href: `#field:${rec.name}`, onclick: (e) => { e.preventDefault(); focusField(rec.name); } }, `Enter the ${rec.label.charAt(0).toLowerCase()}${rec.label.slice(1)}`),
      ' if it was another day.'));
  }
  const answers = outcome.answers || {};
  const received = answers.received || (rec ? outcome.date : null);
  const schema = state.compiled[mainFile()] ? state.compiled[mainFile()].schema() : [];
  const childList = schema.find((f) => f.type === 'list' && f.name === 'children');
  const hasDob = childList && (childList.fields || []).some((f) => f.name === 'date_of_birth');
  if (hasDob && Array.isArray(answers.children)) {
    answers.children.forEach((child, i) => {
      if (!child || !Object.keys(child).length) return;
      const who = `${childList.itemLabel || 'Child'} ${i + 1}${child.first_name ? ` (${child.first_name})` : ''}`;
      const waiting = outcome.undecided
        .filter((u) => u.needs.some((n) => n.field === `children[${i}].date_of_birth` || n.field === `children[${i}].age`))
        .map((u) => u.id);
      const effect = waiting.length ? ` Rules that depend on age cannot be decided: ${waiting.join(', ')}.` : ' Rules that depend on age cannot apply.';
      const link = h('a', { class: 'govuk-link', href: `#field:children[${i}].date_of_birth`, onclick: (e) => { e.preventDefault(); focusField(`children[${i}].date_of_birth`); } }, 'Enter the date of birth');
      if (!child.date_of_birth) {
        notes.push(h('li', { class: 'app-note--age', dataset: { child: String(i) } }, `${who}: the age cannot be worked out, because the date of birth was not given.`, effect, ' ', link, '.'));
      } else if (received && child.date_of_birth > received) {
        // The engine still counts years between the dates (a negative age), so
        // say plainly that any rule about age is working from a wrong date.
        const fired = [...outcome.fired, ...outcome.floors].filter((r) => r.facts.some((f) => f.field === `children[${i}].date_of_birth` || /\bage\b/i.test(f.label))).map((r) => r.id);
        link.textContent = 'Check the date of birth';
        notes.push(h('li', { class: 'app-note--age', dataset: { child: String(i) } }, `${who}: the age cannot be worked out, because the date of birth (${formatDate(child.date_of_birth)}) is after the date the referral was received (${formatDate(received)}).`,
          fired.length ? ` Rules that read the age are working from these dates and should not be relied on: ${fired.join(', ')}.` : ' Rules that depend on age should not be relied on.', ' ', link, '.'));
      }
    });
  }
  return notes.length ? h('div', { class: 'app-date-notes', id: 'outcome-date-notes' }, h('ul', { class: 'govuk-list govuk-body-s' }, notes)) : null;
}

/** What the case loaded says, when another rule file's form is screening it. */
function caseFileNote() {
  const c = state.currentCase;
  if (!c || mainFile() === shippedFile()) return null;
  return h('div', { class: 'govuk-inset-text app-rules-note', id: 'case-file-note' },
    `Training case ${c.number} was written for the main rule file (${shippedFile()}). The form now shows the questions ${mainFile()} asks, so only the answers the two share are screened, and the case is not compared with its expected outcome. `,
    'Every answer is kept: ',
    h('a', { class: 'govuk-link', href: '#rule-file-picker', onclick: (e) => { e.preventDefault(); selectRuleFile(shippedFile()); } }, 'go back to the main rule file'),
    ' to screen the whole case again.');
}

/** The step-by-step reveal bar, while discussion mode hides part of a case. */
function discussionBar() {
  if (!state.discussion.on || !state.currentCase) return null;
  return revealBar(state.discussion, state.currentCase.number, { onForward: () => step(1), onBack: () => step(-1) });
}

/**
 * Take one step of the reveal (1) or take the last one back (-1), then move
 * focus to what was just revealed (or to the bar, after a step back), so a
 * keyboard or screen reader user keeps their place. Returns whether it did.
 */
function step(dir) {
  const d = state.discussion;
  if (dir < 0 && d.count === 0) return false;
  const taken = dir > 0 ? d.forward() : d.back();
  if (dir > 0 && !taken) return false;
  renderCaseBrief();
  if (state.lastOutcome) showOutcome(state.lastOutcome);
  const target = dir > 0 ? revealedElement(taken.key) : null;
  const el = target || ($('reveal-bar') && $('reveal-bar').querySelector('button')) || $('case-brief');
  if (el) {
    if (!el.matches('a, button, summary, input, select, textarea, [tabindex]')) el.setAttribute('tabindex', '-1');
    el.focus();
    el.scrollIntoView({ block: 'nearest' });
  }
  return true;
}

/** The element a step revealed, to move focus to. */
function revealedElement(key) {
  if (key === 'questions') return $('room-questions');
  if (key === 'level') return $('outcome-level');
  // The panel's own headings when it has them, else the section itself (the last, the main one).
  const section = (id) => [...document.querySelectorAll(`#screening-output [data-section="${id}"]`)].pop() || null;
  if (key === 'reasons') return $('outcome-reasons-title') || section('reasons');
  if (key === 'actions') return $('outcome-actions-title') || section('actions');
  if (key === 'expected') {
    const cmp = $('current-case-compare');
    if (cmp) { cmp.open = true; return cmp.querySelector('summary'); }
    return $('case-expected');
  }
  if (key === 'note') {
    const note = document.querySelector('#case-brief .app-facilitator');
    if (note) { note.open = true; return note.querySelector('summary'); }
  }
  return null;
}

/** A key for the answers the form shows now, to check the panel screened those. */
function answersKey() {
  const form = $('referral-form');
  return JSON.stringify([$('screening-date').value, [...new FormData(form)].map(([k, v]) => `${k}=${v}`)]);
}

function showOutcome(outcome) {
  state.lastOutcome = outcome;
  $('advisory-text').textContent = outcome.advisory.replace(/^This screening is advisory\.\s*/, '');
  const notes = [rulesNote(), caseFileNote(), discussionBar()];
  const out = $('screening-output');
  // What the panel shows was screened from these answers: a test compares it with the form.
  out.dataset.answers = answersKey();
  out.dataset.draws = String(Number(out.dataset.draws || 0) + 1);
  if (!state.discussion.shown('level')) {
    out.dataset.hidden = 'true';
    replace(out, notes,
      h('div', { class: 'app-hidden-result', id: 'outcome-hidden' },
        h('p', { class: 'govuk-body' }, 'The screening is hidden while the room discusses the case. It is worked out and ready.')));
    $('screening-status').textContent = `Case ${state.currentCase ? state.currentCase.number : ''} loaded. The screening is hidden for discussion.`;
    return;
  }
  delete out.dataset.hidden;
  state.panel.render(outcome, { comparison: comparisonFor(outcome), rulesNote: notes, dateNotes: dateNotes(outcome) });
  if (state.discussion.hiding) {
    hideSections(out, state.discussion);
    out.dataset.hidden = 'part';
    // The status line would read the level and the actions out before they are shown.
    const next = state.discussion.next;
    $('screening-status').textContent = `Case ${state.currentCase.number}: ${next.button.replace(/^Reveal /, '').replace(/^Show /, '')} still hidden for discussion.`;
  }
}

// ------------------------------------------------------------------ rules

function renderDiagnostics(diags) {
  const box = $('rule-diagnostics');
  box.setAttribute('tabindex', '-1');
  if (!diags.length) {
    replace(box, h('p', { class: 'govuk-body-s app-diagnostics__ok', id: 'diagnostics-summary' }, tag('No problems', 'green'), ' The rule file checks cleanly.'));
    return;
  }
  // Problems that stop the file working, and warnings that matter (a rule
  // reading a protected characteristic), are shown at once; the rest are
  // notes for rule authors, one click away, so a room does not see "18
  // warnings" on a file that works.
  const shown = diags.filter((d) => d.severity !== 'warning' || SERIOUS_WARNINGS.has(d.code));
  const notes = diags.filter((d) => !shown.includes(d));
  const errors = diags.filter((d) => d.severity !== 'warning').length;
  const item = (d) => h('li', { class: `app-diagnostic app-diagnostic--${d.severity}`, dataset: { line: String(d.line), code: d.code } },
    h('a', {
      class: 'govuk-link',
      href: '#rule-editor',
      onclick: (e) => { e.preventDefault(); state.editor.goTo(d.line, d.column); },
    }, `Line ${d.line}`),
    ': ',
    WARNING_MEANING[d.code] ? h('strong', null, `${WARNING_MEANING[d.code]}. `) : null,
    d.message,
    d.help ? h('span', { class: 'app-diagnostic__help' }, ` ${d.help}`) : null,
    ' ', h('span', { class: 'app-code', title: 'The code of this message, for the rule language reference' }, `${d.code}, column ${d.column}`));
  const byLine = (a, b) => a.line - b.line;
  replace(box,
    h('p', { class: 'govuk-body-s', id: 'diagnostics-summary' },
      errors ? tag(`${errors} problem${errors === 1 ? '' : 's'} to fix`, 'red') : tag('The rule file works', 'green'), ' ',
      shown.length - errors ? tag(`${shown.length - errors} warning${shown.length - errors === 1 ? '' : 's'}`, 'orange') : null),
    shown.length ? h('ul', { class: 'govuk-list app-diagnostics__list', id: 'diagnostics-shown' }, shown.slice(0, 50).map(item)) : null,
    shown.length > 50 ? h('p', { class: 'govuk-body-s' }, `And ${shown.length - 50} more: fix the first ones, then check again.`) : null,
    notes.length
      ? h('details', { class: 'govuk-details app-diagnostics__notes', id: 'diagnostics-notes' },
        h('summary', { class: 'govuk-details__summary' },
          h('span', { class: 'govuk-details__summary-text' }, `${notes.length} note${notes.length === 1 ? '' : 's'} for rule authors`)),
        h('div', { class: 'govuk-details__text' },
          h('p', { class: 'govuk-body-s' }, 'Nothing here stops the rules working. They point at parts of the file that nothing uses yet.'),
          h('ul', { class: 'govuk-list app-diagnostics__list' }, [...notes].sort(byLine).map(item))))
      : null);
}

function updateRuleInfo() {
  const rs = state.compiled[state.file];
  const info = rs ? rs.info() : null;
  const meta = ruleMeta(state.file);
  replace($('rule-info'),
    info ? `${info.name}${info.version ? `, version ${info.version}` : ''}${info.owner ? `. Owner: ${info.owner}` : ''}${info.review ? `. Review by ${formatDate(info.review)}` : ''}. ` : '',
    meta.companion ? 'Its prompts are added to the screening of every referral. ' : '',
    isEdited(state.file) ? tag('Edited', 'yellow') : tag('As shipped', 'grey'));
  const main = state.compiled[shippedFile()];
  const mi = main ? main.info() : null;
  $('footer-version').textContent = mi && mi.version ? `${mi.name} ${mi.version}` : '\u2013';
}

/** Compile the editor text; on success it becomes the rule set that screens. */
function rulesChanged() {
  const file = state.file;
  const text = state.editor.text;
  state.texts[file] = text;
  renderDiagnostics(check(text));
  try {
    const rs = text === state.data.rules[file] ? state.shipped[file] : compile(text);
    const old = state.compiled[file];
    if (old && old !== rs && old !== state.shipped[file]) old.free();
    state.compiled[file] = rs;
    state.compiledText[file] = text;
    state.errors[file] = [];
    state.brokenTests[file] = [];
  } catch (err) {
    if (!(err instanceof CompileError)) throw err;
    const errors = err.diagnostics.filter((d) => d.severity !== 'warning');
    state.errors[file] = errors;
    state.brokenTests[file] = [];
    // Errors only in tests (a test names a floor the edit took out): the
    // rules still screen, with those tests set aside and listed.
    const aside = setAsideBrokenTests(text, errors);
    if (aside) {
      try {
        const rs = compile(aside.text);
        const old = state.compiled[file];
        if (old && old !== state.shipped[file]) old.free();
        state.compiled[file] = rs;
        state.compiledText[file] = aside.text;
        state.errors[file] = [];
        state.brokenTests[file] = aside.tests;
      } catch (again) {
        if (!(again instanceof CompileError)) throw again;
      }
    }
  }
  if (state.compiled[mainFile()]) {
    keepAnswers();
    if (state.form.setSchema(state.compiled[mainFile()].schema(), state.kept)) attachForm();
  }
  updateRuleInfo();
  screen();
  renderCasesOverview();
  if (state.numbers) state.numbers.render();
  // "Fix the errors first", left from before the errors were fixed (by Ctrl+Z, say), would now be wrong.
  const stale = $('rules-results').querySelector(':scope > .app-error-text');
  if (stale && !Object.values(state.errors).some((e) => e.length)) clear($('rules-results'));
}

function runTests() {
  const out = $('rules-results');
  if (state.errors[state.file] && state.errors[state.file].length) {
    replace(out, h('p', { class: 'govuk-body app-error-text', id: 'tests-summary' }, 'Fix the errors in the rule file first: tests run on a file that compiles.'));
    out.focus();
    return;
  }
  let report;
  try {
    report = state.compiled[state.file].runTests(state.data.caseForms);
  } catch (err) {
    replace(out, h('p', { class: 'govuk-body app-error-text', id: 'tests-summary' }, `The tests could not run: ${err.message}`));
    out.focus();
    return;
  }
  const aside = state.brokenTests[state.file] || [];
  replace(out,
    h('h3', { class: 'govuk-heading-m', id: 'tests-title' }, `Tests in ${state.file}`),
    aside.length
      ? h('div', { class: 'govuk-inset-text', id: 'tests-aside' },
        h('p', { class: 'govuk-body' }, h('strong', null, `${aside.length} test${aside.length === 1 ? '' : 's'} could not run. `),
          `${aside.length === 1 ? 'It names' : 'They name'} something your edit took out:`),
        h('ul', { class: 'govuk-list govuk-list--bullet' }, aside.map((broken) => h('li', null, `\u201c${broken.name}\u201d, line ${broken.line}: ${broken.problems.join(' ')}`))))
      : null,
    h('p', { class: 'govuk-body', id: 'tests-summary' },
      report.failed ? tag(`${report.failed} failed`, 'red') : tag('All passed', 'green'),
      ` ${report.passed} passed, ${report.failed} failed.`),
    report.tests.length
      ? h('ul', { class: 'govuk-list app-tests', id: 'tests-list' },
        report.tests.map((t) => h('li', { class: `app-test app-test--${t.passed ? 'pass' : 'fail'}`, dataset: { passed: String(t.passed) } },
          t.passed ? tag('Pass', 'green') : tag('Fail', 'red'), ' ',
          ((line) => (line
            ? [h('a', { class: 'govuk-link app-test__name', href: '#rule-editor', dataset: { line: String(line) }, onclick: (e) => { e.preventDefault(); state.editor.goTo(line, t.column || 1); } }, t.name),
              h('span', { class: 'govuk-body-s app-test__line' }, ` line ${line}`)]
            : [h('span', { class: 'app-test__name' }, t.name), h('span', { class: 'govuk-body-s app-test__line' }, ' (this test is no longer in the editor)')]))(t.line),
          t.failures && t.failures.length ? h('ul', { class: 'govuk-list govuk-list--bullet govuk-body-s app-test__failures' }, t.failures.map((f) => h('li', null, f))) : null)))
      : h('p', { class: 'govuk-body' }, 'This rule file has no tests. Add a test block to check the rules do what you mean.'));
  out.focus();
}

let shippedPairs = null;
/**
 * The pairs of actions the shipped main rules give together, on the file's
 * test referrals and the training cases, each about one subject: a referral
 * naming two children (or two places) can rightly get early help for one and
 * a front door referral for the other, so those say nothing about a pair.
 */
function shippedActionPairs() {
  if (shippedPairs) return shippedPairs;
  const main = shippedFile();
  const rs = state.shipped[main];
  const oneSubject = (form) => Object.values(form).every((v) => !Array.isArray(v) || v.length < 2);
  const forms = state.data.cases.map((c) => ({ form: c.formData, date: c.date || todayIso() }));
  for (const t of rs.testForms({ date: todayIso() })) {
    const text = t.form || state.data.caseForms[t.file];
    // A form file not in the page (none today) only leaves fewer pairs known, so more are flagged.
    if (text) forms.push({ form: JSON.parse(text), date: t.date });
  }
  shippedPairs = actionPairs(forms.filter((f) => oneSubject(f.form)).map((f) => rs.evaluate(f.form, { date: f.date })));
  return shippedPairs;
}

function compareAcrossCases() {
  const out = $('rules-results');
  if (Object.values(state.errors).some((e) => e.length)) {
    replace(out, h('p', { class: 'govuk-body app-error-text', id: 'changes-summary' }, 'Fix the errors in the rule file first.'));
    out.focus();
    return;
  }
  const main = shippedFile();
  const seen = shippedActionPairs();
  const rows = state.data.cases.map((c) => {
    const date = c.date || todayIso();
    return { c, ...caseChange(screenWith(state.shipped, main, c.formData, date), screenWith(state.compiled, main, c.formData, date), seen) };
  });
  const changed = rows.filter((r) => r.changed).length;
  const moved = rows.filter((r) => r.moved).length;
  const aside = Object.entries(state.brokenTests).flatMap(([file, tests]) => tests.map((t) => ({ file, ...t })));
  replace(out,
    h('h3', { class: 'govuk-heading-m' }, 'What your edits change across the training cases'),
    h('p', { class: 'govuk-body', id: 'changes-summary' },
      !isEdited() ? 'The rules are as shipped, so nothing changes. Edit a rule and try again.'
        : [
          changed ? `${changed} of ${rows.length} cases now get a different level, context result or actions.` : `None of the ${rows.length} cases changes level, context result or actions.`,
          moved > changed ? ` In ${moved - changed} more, different rules apply.` : '',
        ].join('')),
    aside.length
      ? h('div', { class: 'govuk-inset-text', id: 'changes-tests-aside' },
        h('p', { class: 'govuk-body' }, h('strong', null, `${aside.length} test${aside.length === 1 ? '' : 's'} set aside. `),
          `${aside.length === 1 ? 'It names' : 'They name'} something your edit took out, so the comparison runs without ${aside.length === 1 ? 'it' : 'them'}. Fix or remove ${aside.length === 1 ? 'it' : 'them'} before the rules are used.`),
        h('ul', { class: 'govuk-list govuk-list--bullet' }, aside.map((t) => h('li', { dataset: { line: String(t.line) } },
          h('a', { class: 'govuk-link', href: '#rule-editor', onclick: (e) => { e.preventDefault(); state.editor.goTo(t.line, 1); } }, `\u201c${t.name}\u201d, line ${t.line}`),
          `: ${t.problems.join(' ')}`))))
      : null,
    changesTable(rows));
  out.focus();
}

/** The kinds of change that say which rules, floors and bands apply. */
const RULE_MOVES = new Set(['applies', 'stopsApplying', 'band', 'undecidedAdded', 'undecidedRemoved', 'waitsForNewQuestion']);

/** A list of what the tests miss under its own heading, or nothing when nothing is missed. */
function coverageGap(id, heading, items) {
  if (!items.length) return null;
  return [
    h('h4', { class: 'govuk-heading-s', id }, heading),
    h('ul', { class: 'govuk-list govuk-list--bullet', 'aria-labelledby': id }, items.map((x) => h('li', null, x))),
  ];
}

/** What the file's own tests exercise, as `screen test --coverage` shows it. */
function showCoverage() {
  const out = $('rules-results');
  if (state.errors[state.file] && state.errors[state.file].length) {
    replace(out, h('p', { class: 'govuk-body app-error-text', id: 'coverage-summary' }, 'Fix the errors in the rule file first: coverage comes from running the tests.'));
    out.focus();
    return;
  }
  let cov;
  try {
    cov = state.compiled[state.file].coverage(state.data.caseForms);
  } catch (err) {
    replace(out, h('p', { class: 'govuk-body app-error-text', id: 'coverage-summary' }, `The tests could not run: ${err.message}`));
    out.focus();
    return;
  }
  const never = cov.rules.filter((r) => !r.appliesIn.length).map((r) => `${r.id} (${r.title})`);
  const always = cov.rules.filter((r) => r.appliesIn.length && !r.doesNotApplyIn.length).map((r) => `${r.id} (${r.title})`);
  const bands = cov.bands.filter((b) => !b.reachedIn.length).map((b) => `${b.scoreLabel}: ${b.bandLabel}`);
  const options = cov.options.filter((o) => !o.tickedIn.length).map((o) => `${o.fieldLabel}: ${o.optionLabel}`);
  const gaps = never.length + always.length + bands.length + options.length;
  replace(out,
    h('h3', { class: 'govuk-heading-m', id: 'coverage-title' }, `What the tests in ${state.file} cover`),
    h('p', { class: 'govuk-body', id: 'coverage-summary' }, gaps ? tag(`${gaps} not yet tested`, 'yellow') : tag('All covered', 'green'), ` ${cov.summary}`),
    cov.problems.map((p) => h('p', { class: 'govuk-body app-error-text' }, p)),
    coverageGap('coverage-never', 'No test sees these rules apply', never),
    coverageGap('coverage-always', 'No test sees these rules not apply', always),
    coverageGap('coverage-bands', 'No test reaches these bands', bands),
    coverageGap('coverage-options', 'No test ticks these options', options),
    gaps ? h('p', { class: 'govuk-body' }, 'Add a test for each, so that a mistake in it would make a test fail.') : null);
  out.focus();
}

/**
 * `screen diff` in the page: the shipped and the edited rule file compared on
 * the tests' forms and on referral files the person chooses. The files are
 * read here (File.text()) and never sent anywhere.
 */
async function compareOwnForms() {
  const out = $('rules-results');
  const say = (text) => {
    replace(out, h('p', { class: 'govuk-body app-error-text', id: 'impact-summary' }, text));
    out.focus();
  };
  if (state.errors[state.file] && state.errors[state.file].length) return say('Fix the errors in the rule file first.');
  const chosen = [...($('review-forms').files || [])];
  if (!chosen.length) return say('Choose one or more referral files first (.json or .jsonl).');
  const forms = {};
  for (const f of chosen) {
    const text = await f.text();
    if (f.name.endsWith('.jsonl')) {
      text.split('\n').forEach((line, i) => {
        if (line.trim()) forms[`${f.name} line ${i + 1}`] = line;
      });
    } else {
      forms[f.name] = text;
    }
  }
  let report;
  try {
    report = diffRuleSets(shippedText(), state.editor.text, { forms, files: state.data.caseForms, date: todayIso() });
  } catch (err) {
    return say(`The comparison could not run: ${err.message}`);
  }
  replace(out,
    h('h3', { class: 'govuk-heading-m', id: 'impact-title' }, 'What your edits change on these referrals and the tests\u2019 forms'),
    h('p', { class: 'govuk-body', id: 'impact-summary' }, !isEdited(state.file) ? 'The rules are as shipped, so nothing changes. Edit a rule and try again. ' : '', report.summary),
    report.problems.map((p) => h('p', { class: 'govuk-body app-error-text' }, p)),
    // Cases that only wait for a new question are counted under "New questions in the form", as `screen diff` does.
    report.changed.filter((c) => !c.changes.every((x) => x.kind === 'waitsForNewQuestion')).map((c, i) => [
      h('h4', { class: 'govuk-heading-s', id: `impact-case-${i}` }, `${c.name} (${c.origin})`),
      h('ul', { class: 'govuk-list govuk-list--bullet', 'aria-labelledby': `impact-case-${i}`, dataset: { case: c.name } }, c.changes.map((x) => h('li', { dataset: { kind: x.kind } }, x.words))),
    ]),
    report.newQuestions.length ? [
      h('h4', { class: 'govuk-heading-s', id: 'impact-new-questions' }, 'New questions in the form'),
      h('ul', { class: 'govuk-list govuk-list--bullet', 'aria-labelledby': 'impact-new-questions' }, report.newQuestions.map((q) => h('li', null, q.words))),
    ] : null,
    report.newOptions.length ? [
      h('h4', { class: 'govuk-heading-s', id: 'impact-new-options' }, 'New options in the form'),
      h('ul', { class: 'govuk-list govuk-list--bullet', 'aria-labelledby': 'impact-new-options' }, report.newOptions.map((o) => h('li', null, o.words))),
    ] : null,
    report.skipped.length ? [
      h('h4', { class: 'govuk-heading-s', id: 'impact-skipped' }, 'Files skipped: not referrals for these rules'),
      h('ul', { class: 'govuk-list govuk-list--bullet', 'aria-labelledby': 'impact-skipped' }, report.skipped.map((x) => h('li', null, x))),
    ] : null);
  out.focus();
}

/**
 * The test-form builder: the referral as filled in becomes a `test` block at
 * the end of the rule file, its answers as the form and the current outcome
 * as expectations (level, actions, the rules that apply), ready to edit. It
 * records what the rules give now, so the person checks it says what they mean.
 */
function addFormAsTest() {
  const out = $('rules-results');
  const say = (text) => {
    replace(out, h('p', { class: 'govuk-body app-error-text', id: 'test-added' }, text));
    out.focus();
  };
  if (state.file !== mainFile()) return say(`Choose ${shippedFile()} in "Rule file" first: the referral form is its form.`);
  if (state.errors[state.file] && state.errors[state.file].length) return say('Fix the errors in the rule file first.');
  const shown = state.lastOutcome;
  if (!shown || !shown.answers || !Object.keys(shown.answers).length) return say('Fill in the referral form first (or load a training case): its answers become the test\u2019s form.');
  const date = shown.date;
  const schema = state.compiled[state.file].schema();
  // As the panel screened it: a blank date received stands for the screening date.
  const form = { ...shown.answers };
  const received = schema.find((f) => f.type === 'date' && RECEIVED.test(f.name));
  if (received && form[received.name] === undefined) form[received.name] = date;
  let outcome;
  try {
    outcome = state.compiled[state.file].evaluate(form, { date });
  } catch (err) {
    return say(`The referral could not be screened: ${err.message}`);
  }
  const text = state.editor.text;
  let name = `Referral from the form, ${formatDate(date)}`;
  for (let n = 2; text.includes(`test "${name}"`); n += 1) name = `Referral from the form, ${formatDate(date)} (${n})`;
  const fired = [...outcome.fired.map((r) => r.id), ...outcome.floors.map((f) => f.id)];
  const json = JSON.stringify(form, null, 2).split('\n').map((l, i) => (i ? `    ${l}` : l)).join('\n');
  const block = [
    `test "${name.replace(/"/g, "'")}"`,
    `  date ${date}`,
    `  form ${json}`,
    `  expect level ${outcome.level.id}`,
    outcome.actions.length ? `  expect action ${outcome.actions.map((a) => a.id).join(', ')}` : null,
    fired.length ? `  expect fired ${fired.join(', ')}` : null,
    'end',
  ].filter((l) => l !== null).join('\n');
  const sep = text.endsWith('\n\n') ? '' : text.endsWith('\n') ? '\n' : '\n\n';
  const line = (text + sep).split('\n').length;
  state.editor.view.dispatch({ changes: { from: text.length, insert: `${sep}${block}\n` } });
  rulesChangedNow();
  replace(out,
    h('h3', { class: 'govuk-heading-m', id: 'test-added-title' }, 'Test added'),
    h('p', { class: 'govuk-body', id: 'test-added' },
      `The test \u201c${name}\u201d is at `,
      h('a', { class: 'govuk-link', href: '#rule-editor', onclick: (e) => { e.preventDefault(); state.editor.goTo(line, 1); } }, `line ${line}`),
      ` of ${state.file}. It expects what the rules give now: ${outcome.level.label}, ${outcome.actions.length} action${outcome.actions.length === 1 ? '' : 's'}, ${fired.length ? fired.join(', ') : 'no rule'} applying.`),
    h('p', { class: 'govuk-body' }, 'Check each expectation says what should happen, change the ones that do not, and give the test a name that says what it shows. A test that only records today\u2019s result cannot catch a rule that is wrong today.'));
  out.focus();
}

let signoffUrl = null;

/**
 * The sign-off document for the partnership board, made in the page and
 * offered as a download (nothing is sent anywhere). An edited file shows its
 * edits as changes since the shipped rules.
 */
function offerSignoff() {
  const out = $('rules-results');
  if (state.errors[state.file] && state.errors[state.file].length) {
    replace(out, h('p', { class: 'govuk-body app-error-text', id: 'signoff-summary' }, 'Fix the errors in the rule file first.'));
    out.focus();
    return;
  }
  const edited = isEdited(state.file);
  let html;
  try {
    html = signoffDocument(state.editor.text, { since: edited ? shippedText() : undefined, files: state.data.caseForms, date: todayIso() });
  } catch (err) {
    replace(out, h('p', { class: 'govuk-body app-error-text', id: 'signoff-summary' }, `The document could not be made: ${err.message}`));
    out.focus();
    return;
  }
  if (signoffUrl) URL.revokeObjectURL(signoffUrl);
  signoffUrl = URL.createObjectURL(new Blob([html], { type: 'text/html' }));
  const name = `${state.file.replace(/\.rules$/, '')}-for-sign-off.html`;
  replace(out,
    h('h3', { class: 'govuk-heading-m', id: 'signoff-title' }, 'Sign-off document'),
    h('p', { class: 'govuk-body', id: 'signoff-summary' },
      edited ? 'It shows your edits as changes since the shipped rules, then every rule with its condition in plain English, its rationale, source and tests.'
        : 'It shows every rule with its condition in plain English, its rationale, source and tests. Edit the rules to see your edits listed as changes.'),
    h('p', { class: 'govuk-body' }, 'It is a web page: open it in a browser to read it, or print it on A4.'),
    // On a line of its own: a link inside a sentence would lose its underline when focused.
    h('p', { class: 'govuk-body' }, h('a', { class: 'govuk-link', id: 'signoff-link', href: signoffUrl, download: name }, `Download ${name}`)));
  out.focus();
}

function resetRules() {
  state.editor.setText(shippedText());
  rulesChangedNow();
  clear($('rules-results'));
  state.editor.view.focus();
}

const rulesChangedSoon = debounce(() => rulesChanged(), 250);
function rulesChangedNow() {
  rulesChangedSoon.flush();
}

// ------------------------------------------------------------------ training cases

function loadCase(slug) {
  const c = state.data.cases.find((x) => x.slug === slug);
  if (!c) return;
  if (mainFile() !== shippedFile()) selectRuleFile(shippedFile());
  state.currentCase = c;
  state.discussion.start(true);
  $('case-picker').value = c.slug;
  $('screening-date').value = c.date || todayIso();
  state.kept = JSON.parse(JSON.stringify(c.formData));
  state.form.setData(c.formData);
  state.caseDataKey = JSON.stringify(state.form.getData());
  renderCaseBrief();
  screen();
  showTab('tab-referral');
  // A new case starts at the top of the result, not where the last one was scrolled to.
  $('screening-panel').scrollTop = 0;
  $('case-brief').focus();
  if (document.documentElement.classList.contains('app-presenter')) presenterScroll();
}

/** Load a case, asking first when it would replace answers in progress. */
function askThenLoad(slug) {
  const c = state.data.cases.find((x) => x.slug === slug);
  if (!c) return;
  state.keep.guard(`Loading case ${c.number}, ${c.title},`, 'Load the case', () => loadCase(c.slug));
}

/** In the presenter layout, line the two columns up with the top of the screen. */
function presenterScroll() {
  const layout = document.querySelector('.app-layout');
  if (layout && window.matchMedia('(min-width: 1000px)').matches) window.scrollTo({ top: layout.getBoundingClientRect().top + window.scrollY - 10 });
}

function renderCaseBrief() {
  const brief = $('case-brief');
  const c = state.currentCase;
  if (!c) {
    brief.hidden = true;
    clear(brief);
    return;
  }
  brief.hidden = false;
  brief.setAttribute('tabindex', '-1');
  const d = state.discussion;
  replace(brief,
    h('div', { class: 'govuk-notification-banner', role: 'region', 'aria-labelledby': 'case-brief-title' },
      h('div', { class: 'govuk-notification-banner__header' },
        h('h2', { class: 'govuk-notification-banner__title', id: 'case-brief-title' }, `Fictional training case ${c.number}`)),
      h('div', { class: 'govuk-notification-banner__content' },
        h('p', { class: 'govuk-notification-banner__heading' }, c.title),
        h('p', { class: 'govuk-body' }, c.summary),
        // Tags such as "Early help" or "Over-escalation" name the answer: they show with it.
        d.shown('expected') && c.tags && c.tags.length ? h('p', { class: 'app-tags' }, c.tags.map((t) => [tag(t, 'grey'), ' '])) : null,
        d.on && d.shown('questions') ? roomQuestions(c) : null,
        d.shown('expected')
          ? h('p', { class: 'govuk-body-s app-case-brief__expected', id: 'case-expected' }, h('strong', null, 'Expected: '), c.expected && c.expected.summary ? c.expected.summary : 'See the screening panel.')
          : h('p', { class: 'govuk-body-s app-case-brief__expected', id: 'case-expected' }, h('strong', null, 'Expected: '), 'hidden for discussion.'),
        d.shown('note')
          ? facilitatorNote(c, { open: d.on, onEdit: applyTip })
          : h('p', { class: 'govuk-body-s' }, "Facilitator's note: hidden for discussion."))));
}

function renderCasesOverview() {
  const root = $('cases-overview');
  const main = shippedFile();
  if (!state.data || !state.compiled[main]) return;
  const { levels, actions } = caseLevels();
  // In discussion mode every case's result would give the room the answer.
  const spoils = state.discussion.on;
  const cards = state.data.cases.map((c) => {
    let comparison;
    if (spoils) {
      comparison = h('p', { class: 'govuk-body-s app-case-card__hidden' }, 'Result hidden in discussion mode.');
    } else {
      try {
        const outcome = screenWith(state.compiled, main, c.formData, c.date || todayIso());
        comparison = [
          h('p', { class: 'govuk-body-s app-case-card__engine' }, h('strong', null, 'Engine: '), outcome.level.label, `; ${outcome.actions.length} action${outcome.actions.length === 1 ? '' : 's'}, ${outcome.prompts.length} prompt${outcome.prompts.length === 1 ? '' : 's'}.`),
          comparisonTable(c, compare(outcome, c.expected, levels, actions), `case-${c.slug}`),
        ];
      } catch (err) {
        comparison = h('p', { class: 'govuk-body app-error-text' }, `Could not screen this case: ${err.message}`);
      }
    }
    return h('section', { class: 'app-case-card', id: `case-card-${c.slug}`, dataset: { case: c.slug }, 'aria-labelledby': `case-card-title-${c.slug}` },
      h('h3', { class: 'govuk-heading-m', id: `case-card-title-${c.slug}` }, `${c.number}. ${c.title}`),
      h('p', { class: 'govuk-body-s app-case-card__subject' }, c.subject),
      !spoils && c.tags && c.tags.length ? h('p', { class: 'app-tags' }, c.tags.map((t) => [tag(t, 'grey'), ' '])) : null,
      h('p', { class: 'govuk-body' }, c.summary),
      comparison,
      spoils ? null : facilitatorNote(c, { onEdit: applyTip }),
      h('button', { type: 'button', class: 'govuk-button govuk-button--secondary', onclick: () => askThenLoad(c.slug) },
        'Load this case', h('span', { class: 'govuk-visually-hidden' }, `: ${c.title}`)));
  });
  replace(root,
    spoils ? h('p', { class: 'govuk-inset-text', id: 'cases-hidden-note' }, 'Discussion mode is on, so each case\u2019s result, expected outcome and facilitator\u2019s note are hidden here. Turn discussion mode off to see how the rules do on every case.') : null,
    cards);
}

/**
 * Make the rule edit a facilitator's tip describes (in the rule it names, in
 * the main rule file), then show what it changes across the training cases.
 * The edit goes through the editor like a typed one: "Reset" undoes it.
 */
function applyTip(edit) {
  selectRuleFile(shippedFile());
  showTab('tab-rules');
  const text = state.editor.text;
  const re = new RegExp(`^(?:rule|floor)\\s+${edit.rule}\\s+"[^"]*"[\\s\\S]*?^end\\b`, 'm');
  const m = re.exec(text);
  const out = $('rules-results');
  if (m && edit.remove) {
    // Take the whole rule or floor out, with the blank line after it.
    const to = m.index + m[0].length + (/^\n\n?/.exec(text.slice(m.index + m[0].length)) || [''])[0].length;
    state.editor.view.dispatch({ changes: { from: m.index, to }, selection: { anchor: m.index }, scrollIntoView: true });
    rulesChangedNow();
    compareAcrossCases();
    return;
  }
  if (!m || !m[0].includes(edit.find)) {
    replace(out, h('p', { class: 'govuk-body app-error-text', id: 'changes-summary' },
      m ? `Rule ${edit.rule} no longer contains \u201c${edit.find}\u201d: it may have been edited already. Reset to the shipped rules and try again.`
        : `There is no rule ${edit.rule} in ${state.file}.`));
    out.focus();
    return;
  }
  const from = m.index + m[0].indexOf(edit.find);
  state.editor.view.dispatch({ changes: { from, to: from + edit.find.length, insert: edit.replaceWith }, selection: { anchor: from }, scrollIntoView: true });
  rulesChangedNow();
  compareAcrossCases();
}

// ------------------------------------------------------------------ rule files

function selectRuleFile(file) {
  if (file === state.file) return;
  keepAnswers();
  state.file = file;
  $('rule-file-picker').value = file;
  state.editor.setText(state.texts[file]);
  rulesChangedNow();
  clear($('rules-results'));
}

// ------------------------------------------------------------------ print

function preparePrint() {
  if (!state.lastOutcome) return;
  const c = state.currentCase;
  // Printing while the room discusses a case must not put the answer in the print preview.
  if (c && !(state.discussion.shown('level') && state.discussion.shown('reasons') && state.discussion.shown('actions'))) {
    renderHiddenPrint($('print-view'), c);
    return;
  }
  renderPrint($('print-view'), state.lastOutcome, {
    caseTitle: c ? `${c.number}. ${c.title}` : null,
    scenario: c ? c.summary : null,
    model: presentWith(state.compiled, mainFile(), withReceived(state.compiled[mainFile()].schema(), state.lastOutcome.answers, state.lastOutcome.date), state.lastOutcome.date, 'print'),
    discussion: c && c.facilitator ? c.facilitator.discussion : null,
    edited: isEdited(),
  });
}

// ------------------------------------------------------------------ start

async function boot() {
  document.body.classList.add('govuk-frontend-supported');
  state.tabs = new Tabs($('work-tabs'));
  $('screening-date').value = todayIso();

  const data = await loadData();
  state.data = data;
  await init({ wasm: data.wasm });

  for (const r of data.manifest.rules) {
    state.texts[r.file] = data.rules[r.file];
    state.errors[r.file] = [];
    try {
      state.shipped[r.file] = compile(data.rules[r.file]);
      state.compiled[r.file] = state.shipped[r.file];
      state.compiledText[r.file] = data.rules[r.file];
    } catch (err) {
      if (!(err instanceof CompileError)) throw err;
      state.errors[r.file] = err.diagnostics.filter((d) => d.severity !== 'warning');
    }
  }
  state.file = shippedFile();
  if (!state.compiled[state.file]) {
    const first = state.errors[state.file][0];
    throw new Error(`The shipped rule file ${state.file} does not compile${first ? ` (line ${first.line}, column ${first.column}: ${first.code} ${first.message})` : ''}. Rebuild the engine with web-demo/build-engine.sh if the rule file uses newer language features.`);
  }

  state.panel = new ScreeningPanel($('screening-output'), {
    focusField,
    status: $('screening-status'),
    levelCount: () => levelsOf(state.compiledText[mainFile()]).length,
  });
  state.form = new ReferralForm($('referral-form'));
  state.form.setSchema(state.compiled[state.file].schema());
  attachForm();

  state.editor = new RuleEditor($('rule-editor'), {
    doc: shippedText(),
    check: (text) => check(text),
    getSchema: () => (state.compiled[state.file] ? state.compiled[state.file].schema() : []),
    onChange: () => rulesChangedSoon(),
    labelledBy: 'rule-editor-label',
    describedBy: 'rule-diagnostics',
  });

  state.numbers = new NumberControls($('number-controls'), {
    text: () => state.editor.text,
    apply: (changes) => {
      const doc = state.editor.view.state.doc;
      state.editor.view.dispatch({ changes: changes.map((c) => ({ from: doc.line(c.line).from + c.from, to: doc.line(c.line).from + c.to, insert: c.insert })) });
    },
    after: () => {
      rulesChangedNow();
      compareAcrossCases();
    },
  });
  state.numbers.render();

  // Rule file picker
  const picker = $('rule-file-picker');
  replace(picker, data.manifest.rules.map((r) => h('option', { value: r.file }, r.title ? `${r.title} (${r.file})` : r.file)));
  picker.value = state.file;
  picker.disabled = false;
  picker.addEventListener('change', () => selectRuleFile(picker.value));

  // Case picker
  const cp = $('case-picker');
  replace(cp, h('option', { value: '' }, 'Choose a case'),
    data.cases.map((c) => h('option', { value: c.slug }, `${c.number}. ${c.title}`)));
  cp.disabled = false;
  $('load-case').disabled = false;
  $('clear-form').disabled = false;
  state.caseDataKey = JSON.stringify(state.form.getData());
  state.keep = new KeepWork($('confirm-area'), {
    answersChanged: () => !!state.form && JSON.stringify(state.form.getData()) !== state.caseDataKey,
    rulesEdited: () => isEdited(),
  });
  $('load-case').addEventListener('click', () => {
    if (cp.value) askThenLoad(cp.value);
    else cp.focus();
  });
  $('clear-form').addEventListener('click', () => state.keep.guard('Starting a blank referral', 'Start a blank referral', startBlank));
  function startBlank() {
    state.currentCase = null;
    state.discussion.start(false);
    cp.value = '';
    $('screening-date').value = todayIso();
    state.kept = {};
    state.form.setData({});
    state.caseDataKey = JSON.stringify(state.form.getData());
    $('screening-panel').scrollTop = 0;
    renderCaseBrief();
    screen();
    showTab('tab-referral');
    const first = $('referral-form').querySelector('input, select, textarea');
    if (first) first.focus();
  }

  $('screening-date').addEventListener('change', () => screen());

  // Discussion mode and the presenter layout: both off by default, so the
  // everyday page is unchanged.
  $('discussion-mode').addEventListener('change', (e) => {
    state.discussion.on = e.target.checked;
    state.discussion.start(!!state.currentCase);
    renderCaseBrief();
    screen();
    renderCasesOverview();
  });
  $('presenter-layout').addEventListener('change', (e) => {
    document.documentElement.classList.toggle('app-presenter', e.target.checked);
    if (e.target.checked && state.currentCase) presenterScroll();
  });

  // Skip links and "Go to the screening result": move focus, not only the view.
  const toResult = (e) => {
    e.preventDefault();
    const panel = $('screening-panel');
    panel.scrollTop = 0;
    panel.focus({ preventScroll: true });
    panel.scrollIntoView({ block: 'start' });
  };
  for (const a of document.querySelectorAll('a[href="#screening-panel"]')) a.addEventListener('click', toResult);
  // From anywhere, Alt+Shift+R goes to the result (one chord, documented beside "Go to the screening result").
  document.addEventListener('keydown', (e) => {
    if (e.altKey && e.shiftKey && !e.ctrlKey && !e.metaKey && e.code === 'KeyR') toResult(e);
  });
  // A clicker or the keyboard takes the reveal's steps while discussion mode hides part of a case.
  listenForClicker(document, {
    active: () => state.discussion.on && !!state.currentCase,
    onForward: () => step(1),
    onBack: () => step(-1),
  });
  $('skip-to-rules').addEventListener('click', (e) => {
    e.preventDefault();
    showTab('tab-rules');
    const panel = $('tab-rules');
    panel.setAttribute('tabindex', '-1');
    panel.focus({ preventScroll: true });
    panel.scrollIntoView({ block: 'start' });
  });
  $('print-summary').disabled = false;
  $('print-summary').addEventListener('click', () => {
    preparePrint();
    window.print();
  });
  for (const id of ['run-tests', 'show-coverage', 'compare-cases', 'offer-signoff', 'add-form-as-test', 'reset-rules', 'review-forms', 'compare-own-forms']) $(id).disabled = false;
  $('add-form-as-test').addEventListener('click', addFormAsTest);
  $('compare-own-forms').addEventListener('click', () => { compareOwnForms().catch(fail); });
  $('run-tests').addEventListener('click', runTests);
  $('show-coverage').addEventListener('click', showCoverage);
  $('offer-signoff').addEventListener('click', offerSignoff);
  $('compare-cases').addEventListener('click', compareAcrossCases);
  $('reset-rules').addEventListener('click', resetRules);
  window.addEventListener('beforeprint', preparePrint);

  renderDiagnostics(check(shippedText()));
  updateRuleInfo();
  screen();
  renderCasesOverview();
  document.documentElement.dataset.ready = 'true';
}

boot().catch(fail);
