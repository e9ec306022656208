// The demo and training page: wires the referral form, the live screening
// panel, the rule editor and the training cases to the engine package.
// Nothing here sends, logs or stores anything: there is no fetch except for
// the page's own files at start-up (none at all in the single-file build),
// no storage API, no console output.

import { Tabs } from 'govuk-frontend';
import { init, compile, check, CompileError } from '../../package/index.js';
import { h, replace, clear, tag, debounce, todayIso, formatDate } from './dom.js';
import { loadData } from './data.js';
import { ReferralForm } from './form.js';
import { ScreeningPanel, renderPrint } from './panel.js';
import { RuleEditor } from './editor.js';
import { compare, comparisonTable, facilitatorNote, levelsOf, actionsOf } from './cases.js';

const $ = (id) => document.getElementById(id);

const state = {
  data: null,
  file: null, // the rule file being edited
  edits: {}, // edited text by rule file (in memory only)
  ruleSet: null, // last rule set that compiled
  shippedRuleSet: null,
  compiledText: null,
  errors: [], // errors of the current text when it does not compile
  currentCase: null,
  caseDataKey: null,
  editor: null,
  form: null,
  panel: null,
  tabs: null,
};

function fail(err) {
  const box = $('load-error');
  box.hidden = false;
  $('load-error-text').textContent = String(err && err.message ? err.message : err);
  box.focus();
}

function shippedText() {
  return state.data.rules[state.file];
}

function currentText() {
  return state.editor ? state.editor.text : shippedText();
}

function isEdited() {
  return currentText() !== shippedText();
}

function screeningDate() {
  const v = $('screening-date').value;
  return /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : todayIso();
}

// ------------------------------------------------------------------ tabs

function showTab(id) {
  const link = document.querySelector(`.govuk-tabs__tab[href="#${id}"]`);
  const panel = $(id);
  if (link && panel && panel.classList.contains('govuk-tabs__panel--hidden')) link.click();
}

function focusField(path) {
  showTab('tab-referral');
  return state.form.focusField(path);
}

// ------------------------------------------------------------------ screening

function rulesNote() {
  if (state.errors.length) {
    const n = state.errors.length;
    return h('div', { class: 'govuk-inset-text app-rules-note app-rules-note--error', id: 'rules-note' },
      h('strong', null, `The edited rules have ${n} error${n === 1 ? '' : 's'}. `),
      'This screening still uses the last version that worked. ',
      h('a', { class: 'govuk-link', href: '#rule-diagnostics', onclick: (e) => { e.preventDefault(); showTab('tab-rules'); $('rule-diagnostics').focus(); } }, 'See the problems'), '.');
  }
  if (isEdited()) {
    return h('div', { class: 'govuk-inset-text app-rules-note', id: 'rules-note' },
      h('strong', null, 'Using your edited rules. '), 'Reset them on the Rules tab.');
  }
  return null;
}

function comparisonFor(outcome) {
  const c = state.currentCase;
  if (!c || state.file !== state.data.manifest.shippedRules) return null;
  const text = state.compiledText;
  const result = compare(outcome, c.expected, levelsOf(text), actionsOf(text));
  const changed = JSON.stringify(state.form.getData()) !== state.caseDataKey;
  const node = comparisonTable(c, result, 'current-case');
  if (changed) {
    node.appendChild(h('p', { class: 'govuk-body-s app-compare__changed' }, 'You have changed the answers since loading the case.'));
  }
  return node;
}

function screen() {
  if (!state.ruleSet) return;
  const formData = state.form.getData();
  let outcome;
  try {
    outcome = state.ruleSet.evaluate(formData, { date: screeningDate() });
  } catch (err) {
    state.panel.message(`The form could not be screened: ${err.message}`, 'error');
    return;
  }
  state.lastOutcome = outcome;
  $('advisory-text').textContent = outcome.advisory.replace(/^This screening is advisory\.\s*/, '');
  state.panel.render(outcome, { comparison: comparisonFor(outcome), rulesNote: rulesNote() });
}

// ------------------------------------------------------------------ rules

function renderDiagnostics(diags) {
  const box = $('rule-diagnostics');
  box.setAttribute('tabindex', '-1');
  if (!diags.length) {
    replace(box, h('p', { class: 'govuk-body-s app-diagnostics__ok', id: 'diagnostics-summary' }, tag('No problems', 'green'), ' The rule file checks cleanly.'));
    return;
  }
  const errors = diags.filter((d) => d.severity !== 'warning').length;
  const warnings = diags.length - errors;
  replace(box,
    h('p', { class: 'govuk-body-s', id: 'diagnostics-summary' },
      errors ? tag(`${errors} error${errors === 1 ? '' : 's'}`, 'red') : null, ' ',
      warnings ? tag(`${warnings} warning${warnings === 1 ? '' : 's'}`, 'yellow') : null),
    h('ul', { class: 'govuk-list app-diagnostics__list' },
      diags.slice(0, 50).map((d) => h('li', { class: `app-diagnostic app-diagnostic--${d.severity}`, dataset: { line: String(d.line), code: d.code } },
        h('a', {
          class: 'govuk-link',
          href: '#rule-editor',
          onclick: (e) => { e.preventDefault(); state.editor.goTo(d.line, d.column); },
        }, `Line ${d.line}, column ${d.column}`),
        ` \u2013 ${d.code} ${d.severity === 'warning' ? 'warning' : 'error'}: ${d.message}`,
        d.help ? h('span', { class: 'app-diagnostic__help' }, ` ${d.help}`) : null))));
}

function updateRuleInfo() {
  const rs = state.ruleSet;
  const info = rs ? rs.info() : null;
  replace($('rule-info'),
    info ? `${info.name}${info.version ? `, version ${info.version}` : ''}${info.owner ? `. Owner: ${info.owner}` : ''}${info.review ? `. Review by ${formatDate(info.review)}` : ''}. ` : '',
    isEdited() ? tag('Edited', 'yellow') : tag('As shipped', 'grey'));
  $('footer-version').textContent = info && info.version ? `${info.name} ${info.version}` : '\u2013';
}

/** Compile the editor text; on success it becomes the rule set that screens. */
function rulesChanged() {
  const text = currentText();
  state.edits[state.file] = text;
  const diags = check(text);
  renderDiagnostics(diags);
  try {
    const rs = compile(text);
    if (state.ruleSet && state.ruleSet !== state.shippedRuleSet) state.ruleSet.free();
    state.ruleSet = text === shippedText() && state.file === state.data.manifest.shippedRules && state.shippedRuleSet
      ? (rs.free(), state.shippedRuleSet)
      : rs;
    state.compiledText = text;
    state.errors = [];
    state.form.setSchema(state.ruleSet.schema());
  } catch (err) {
    if (!(err instanceof CompileError)) throw err;
    state.errors = err.diagnostics.filter((d) => d.severity !== 'warning');
  }
  updateRuleInfo();
  screen();
  renderCasesOverview();
}

function runTests() {
  const out = $('rules-results');
  if (state.errors.length) {
    replace(out, h('p', { class: 'govuk-body app-error-text' }, 'Fix the errors in the rule file first: tests run on a file that compiles.'));
    out.focus();
    return;
  }
  let report;
  try {
    report = state.ruleSet.runTests(state.data.caseForms);
  } catch (err) {
    replace(out, h('p', { class: 'govuk-body app-error-text' }, `The tests could not run: ${err.message}`));
    out.focus();
    return;
  }
  replace(out,
    h('h3', { class: 'govuk-heading-m', id: 'tests-title' }, 'Tests in the rule file'),
    h('p', { class: 'govuk-body', id: 'tests-summary' },
      report.failed ? tag(`${report.failed} failed`, 'red') : tag('All passed', 'green'),
      ` ${report.passed} passed, ${report.failed} failed.`),
    report.tests.length
      ? h('ul', { class: 'govuk-list app-tests', id: 'tests-list' },
        report.tests.map((t) => h('li', { class: `app-test app-test--${t.passed ? 'pass' : 'fail'}`, dataset: { passed: String(t.passed) } },
          t.passed ? tag('Pass', 'green') : tag('Fail', 'red'), ' ',
          h('a', { class: 'govuk-link', href: '#rule-editor', onclick: (e) => { e.preventDefault(); state.editor.goTo(t.line); } }, t.name),
          h('span', { class: 'govuk-body-s' }, ` (line ${t.line})`),
          t.failures && t.failures.length ? h('ul', { class: 'govuk-list govuk-list--bullet govuk-body-s app-test__failures' }, t.failures.map((f) => h('li', null, f))) : null)))
      : h('p', { class: 'govuk-body' }, 'This rule file has no tests. Add a `test` block to check the rules do what you mean.'));
  out.focus();
}

function compareAcrossCases() {
  const out = $('rules-results');
  if (state.errors.length) {
    replace(out, h('p', { class: 'govuk-body app-error-text' }, 'Fix the errors in the rule file first.'));
    out.focus();
    return;
  }
  const shippedFile = state.data.manifest.shippedRules;
  const before = state.file === shippedFile ? state.shippedRuleSet : compile(shippedText());
  const rows = state.data.cases.map((c) => {
    const date = c.date || todayIso();
    const a = before.evaluate(c.formData, { date });
    const b = state.ruleSet.evaluate(c.formData, { date });
    const aIds = new Set(a.actions.map((x) => x.id));
    const bIds = new Set(b.actions.map((x) => x.id));
    const added = b.actions.filter((x) => !aIds.has(x.id)).map((x) => x.label);
    const removed = a.actions.filter((x) => !bIds.has(x.id)).map((x) => x.label);
    const levelChanged = a.level.id !== b.level.id;
    return { c, a, b, added, removed, changed: levelChanged || added.length || removed.length };
  });
  if (before !== state.shippedRuleSet) before.free();
  const changed = rows.filter((r) => r.changed).length;
  replace(out,
    h('h3', { class: 'govuk-heading-m' }, 'What your edits change across the training cases'),
    h('p', { class: 'govuk-body', id: 'changes-summary' },
      !isEdited() ? 'The rules are as shipped, so nothing changes. Edit a rule and try again.'
        : changed ? `${changed} of ${rows.length} cases now get a different level or different actions.`
          : `None of the ${rows.length} cases changes level or actions.`),
    h('table', { class: 'govuk-table app-changes', id: 'changes-table' },
      h('caption', { class: 'govuk-table__caption govuk-table__caption--s' }, 'Shipped rules compared with the rules in the editor'),
      h('thead', { class: 'govuk-table__head' },
        h('tr', { class: 'govuk-table__row' },
          ['Case', 'Shipped rules', 'Your rules', 'Actions that change'].map((t) => h('th', { scope: 'col', class: 'govuk-table__header' }, t)))),
      h('tbody', { class: 'govuk-table__body' },
        rows.map((r) => h('tr', { class: `govuk-table__row${r.changed ? ' app-changes--changed' : ''}`, dataset: { case: r.c.slug, changed: String(!!r.changed) } },
          h('th', { scope: 'row', class: 'govuk-table__header' }, `${r.c.number}. ${r.c.title}`),
          h('td', { class: 'govuk-table__cell' }, r.a.level.label),
          h('td', { class: 'govuk-table__cell' }, r.b.level.label, r.a.level.id !== r.b.level.id ? [' ', tag('Changed', 'orange')] : null),
          h('td', { class: 'govuk-table__cell' },
            !r.added.length && !r.removed.length ? 'None' : null,
            r.added.map((x) => h('span', { class: 'app-change app-change--added' }, `Added: ${x}`)),
            r.removed.map((x) => h('span', { class: 'app-change app-change--removed' }, `Removed: ${x}`))))))));
  out.focus();
}

function resetRules() {
  state.editor.setText(shippedText());
  rulesChangedNow();
  $('rules-results').textContent = '';
  $('rule-info').focus && $('rule-editor').querySelector('.cm-content').focus();
}

const rulesChangedSoon = debounce(() => rulesChanged(), 250);
function rulesChangedNow() {
  rulesChangedSoon.flush();
}

// ------------------------------------------------------------------ training cases

function loadCase(slug) {
  const c = state.data.cases.find((x) => x.slug === slug);
  if (!c) return;
  if (state.file !== state.data.manifest.shippedRules) {
    selectRuleFile(state.data.manifest.shippedRules);
  }
  state.currentCase = c;
  $('case-picker').value = c.slug;
  $('screening-date').value = c.date || todayIso();
  state.form.setData(c.formData);
  state.caseDataKey = JSON.stringify(state.form.getData());
  renderCaseBrief();
  screen();
  showTab('tab-referral');
  const brief = $('case-brief');
  brief.focus();
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
  replace(brief,
    h('div', { class: 'govuk-notification-banner', role: 'region', 'aria-labelledby': 'case-brief-title' },
      h('div', { class: 'govuk-notification-banner__header' },
        h('h2', { class: 'govuk-notification-banner__title', id: 'case-brief-title' }, `Fictional training case ${c.number}`)),
      h('div', { class: 'govuk-notification-banner__content' },
        h('p', { class: 'govuk-notification-banner__heading' }, c.title),
        h('p', { class: 'govuk-body' }, c.summary),
        c.tags && c.tags.length ? h('p', { class: 'app-tags' }, c.tags.map((t) => [tag(t, 'grey'), ' '])) : null,
        h('p', { class: 'govuk-body-s' }, h('strong', null, 'Expected: '), c.expected && c.expected.summary ? c.expected.summary : 'See the screening panel.'),
        facilitatorNote(c))));
}

function renderCasesOverview() {
  const root = $('cases-overview');
  if (!state.data || !state.ruleSet) return;
  const onShipped = state.file === state.data.manifest.shippedRules;
  const text = state.compiledText;
  const levels = levelsOf(text);
  const actions = actionsOf(text);
  const cards = state.data.cases.map((c) => {
    let comparison = null;
    if (onShipped) {
      try {
        const outcome = state.ruleSet.evaluate(c.formData, { date: c.date || todayIso() });
        comparison = comparisonTable(c, compare(outcome, c.expected, levels, actions), `case-${c.slug}`);
        comparison.insertBefore(h('p', { class: 'govuk-body-s' }, h('strong', null, 'Engine: '), outcome.level.label, `, ${outcome.actions.length} action${outcome.actions.length === 1 ? '' : 's'}.`), comparison.querySelector('table'));
      } catch (err) {
        comparison = h('p', { class: 'govuk-body app-error-text' }, `Could not screen this case: ${err.message}`);
      }
    }
    return h('section', { class: 'app-case-card', id: `case-card-${c.slug}`, dataset: { case: c.slug }, 'aria-labelledby': `case-card-title-${c.slug}` },
      h('h3', { class: 'govuk-heading-m', id: `case-card-title-${c.slug}` }, `${c.number}. ${c.title}`),
      c.tags && c.tags.length ? h('p', { class: 'app-tags' }, c.tags.map((t) => [tag(t, 'grey'), ' '])) : null,
      h('p', { class: 'govuk-body' }, c.summary),
      comparison,
      facilitatorNote(c),
      h('button', { type: 'button', class: 'govuk-button govuk-button--secondary', onclick: () => loadCase(c.slug) },
        'Load this case', h('span', { class: 'govuk-visually-hidden' }, `: ${c.title}`)));
  });
  replace(root,
    onShipped ? null : h('div', { class: 'govuk-inset-text' }, `The expected outcomes are written for ${state.data.manifest.shippedRules}. Switch back to it on the Rules tab to compare.`),
    cards);
}

// ------------------------------------------------------------------ rule files

function selectRuleFile(file) {
  if (state.editor) state.edits[state.file] = state.editor.text;
  state.file = file;
  $('rule-file-picker').value = file;
  const text = state.edits[file] ?? state.data.rules[file];
  state.editor.setText(text);
  rulesChangedNow();
}

// ------------------------------------------------------------------ print

function printSummary() {
  if (!state.lastOutcome) return;
  const c = state.currentCase;
  renderPrint($('print-view'), state.lastOutcome, {
    caseTitle: c ? `${c.number}. ${c.title}` : null,
    discussion: c && c.facilitator ? c.facilitator.discussion : null,
    edited: isEdited(),
  });
  window.print();
}

// ------------------------------------------------------------------ start

async function boot() {
  document.body.classList.add('govuk-frontend-supported');
  state.tabs = new Tabs($('work-tabs'));
  $('screening-date').value = todayIso();

  const data = await loadData();
  state.data = data;
  await init({ wasm: data.wasm });

  state.file = data.manifest.shippedRules;
  state.shippedRuleSet = compile(shippedText());
  state.ruleSet = state.shippedRuleSet;
  state.compiledText = shippedText();

  state.panel = new ScreeningPanel($('screening-output'), {
    focusField,
    status: $('screening-status'),
    levelCount: () => levelsOf(state.compiledText).length,
  });
  state.form = new ReferralForm($('referral-form'), { onChange: debounce(() => screen(), 120) });
  state.form.setSchema(state.ruleSet.schema());

  state.editor = new RuleEditor($('rule-editor'), {
    doc: shippedText(),
    check: (text) => check(text),
    getSchema: () => (state.ruleSet ? state.ruleSet.schema() : []),
    onChange: () => rulesChangedSoon(),
    labelledBy: 'rule-editor-label',
    describedBy: 'rule-diagnostics',
  });

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
  $('load-case').addEventListener('click', () => {
    if (cp.value) loadCase(cp.value);
    else cp.focus();
  });
  $('clear-form').addEventListener('click', () => {
    state.currentCase = null;
    cp.value = '';
    $('screening-date').value = todayIso();
    state.form.setData({});
    renderCaseBrief();
    screen();
    showTab('tab-referral');
    const first = $('referral-form').querySelector('input, select, textarea');
    if (first) first.focus();
  });

  $('screening-date').addEventListener('change', () => screen());
  $('print-summary').disabled = false;
  $('print-summary').addEventListener('click', printSummary);
  for (const id of ['run-tests', 'compare-cases', 'reset-rules']) $(id).disabled = false;
  $('run-tests').addEventListener('click', runTests);
  $('compare-cases').addEventListener('click', compareAcrossCases);
  $('reset-rules').addEventListener('click', resetRules);
  window.addEventListener('beforeprint', () => {
    if (!state.lastOutcome) return;
    const c = state.currentCase;
    renderPrint($('print-view'), state.lastOutcome, {
      caseTitle: c ? `${c.number}. ${c.title}` : null,
      discussion: c && c.facilitator ? c.facilitator.discussion : null,
      edited: isEdited(),
    });
  });

  renderDiagnostics(check(shippedText()));
  updateRuleInfo();
  screen();
  renderCasesOverview();
  document.documentElement.dataset.ready = 'true';
}

boot().catch(fail);
