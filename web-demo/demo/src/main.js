// The demo and training page: loads the page's data and the engine, makes
// the store's parts (the form, the panel, the editor, the number boxes) and
// wires each tab's controls to its controller (referral-tab.js, rules-tab.js,
// cases-tab.js), which share the store (store.js).
// Nothing here sends, logs or stores anything: there is no fetch except for
// the page's own files at start-up (none at all in the single-file build),
// no storage API, no console output.

import { init, compile, check, CompileError } from '../../package/index.js';
import { Tabs } from 'govuk-frontend';
import { askThenLoad, presenterScroll, renderCaseBrief, renderCasesOverview } from './cases-tab.js';
import { loadData } from './data.js';
import { listenForClicker } from './discussion.js';
import { h, replace, todayIso, $, showTab, fail } from './dom.js';
import { RuleEditor, offsetOf } from './editor.js';
import { ReferralForm } from './form.js';
import { KeepWork } from './keep-work.js';
import { NumberControls } from './number-controls.js';
import { ScreeningPanel } from './panel.js';
import { focusField, screen, attachForm, step, preparePrint } from './referral-tab.js';
import { diagnosticsOf, renderDiagnostics, updateRuleInfo, runTests, compareAcrossCases, showCoverage, compareOwnForms, addFormAsTest, offerSignoff, resetRules, saveRules, openRules, rulesChangedSoon, rulesChangedNow, selectRuleFile } from './rules-tab.js';
import { state, shippedFile, mainFile, shippedText, rulesUnsaved, outlineOf, declared } from './store.js';

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
    levelCount: () => declared(state.compiledText[mainFile()]).levels.length,
  });
  state.form = new ReferralForm($('referral-form'));
  state.form.setSchema(state.compiled[state.file].schema());
  attachForm();

  state.editor = new RuleEditor($('rule-editor'), {
    doc: shippedText(),
    check: (text) => diagnosticsOf(text),
    getSchema: () => (state.compiled[state.file] ? state.compiled[state.file].schema() : []),
    getOutline: outlineOf,
    onChange: () => rulesChangedSoon(),
    labelledBy: 'rule-editor-label',
    describedBy: 'rule-diagnostics',
  });

  state.numbers = new NumberControls($('number-controls'), {
    outline: () => outlineOf(state.editor.text),
    lineText: (line) => state.editor.view.state.doc.line(line).text,
    apply: (changes) => {
      const doc = state.editor.view.state.doc;
      state.editor.view.dispatch({ changes: changes.map((c) => ({ from: offsetOf(doc, c.line, c.column), to: offsetOf(doc, c.line, c.endColumn), insert: c.insert })) });
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
    rulesUnsaved: () => rulesUnsaved(),
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
  for (const id of ['run-tests', 'show-coverage', 'compare-cases', 'offer-signoff', 'add-form-as-test', 'reset-rules', 'review-forms', 'compare-own-forms', 'save-rules', 'open-rules']) $(id).disabled = false;
  $('add-form-as-test').addEventListener('click', addFormAsTest);
  $('compare-own-forms').addEventListener('click', () => { compareOwnForms().catch(fail); });
  $('run-tests').addEventListener('click', runTests);
  $('show-coverage').addEventListener('click', showCoverage);
  $('offer-signoff').addEventListener('click', offerSignoff);
  $('compare-cases').addEventListener('click', compareAcrossCases);
  $('reset-rules').addEventListener('click', resetRules);
  $('save-rules').addEventListener('click', () => { saveRules().catch(fail); });
  $('open-rules').addEventListener('change', () => { openRules().catch(fail); });
  window.addEventListener('beforeprint', preparePrint);

  renderDiagnostics(check(shippedText()));
  updateRuleInfo();
  screen();
  renderCasesOverview();
  document.documentElement.dataset.ready = 'true';
}

boot().catch(fail);
