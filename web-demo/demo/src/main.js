// The demo and training page: loads the page's data and the engine, makes
// the form and the panel, and starts each tab's controller (cases-tab.js,
// referral-tab.js, rules-tab.js). The controllers share the store
// (store.js) and react to what it says changed: nothing here calls their
// updaters. What is left here is page-wide: the presenter layout, the ways
// to the result, the clicker, and printing.
// Nothing here sends, logs or stores anything: there is no fetch except for
// the page's own files at start-up (none at all in the single-file build),
// no storage API, no console output.

import { init } from '../../package/index.js';
import { Tabs } from 'govuk-frontend';
import { presenterScroll, startCasesTab } from './cases-tab.js';
import { loadData } from './data.js';
import { listenForClicker } from './discussion.js';
import { todayIso, $, showTab, fail } from './dom.js';
import { ReferralForm } from './form.js';
import { KeepWork } from './keep-work.js';
import { ScreeningPanel } from './panel.js';
import { focusField, step, preparePrint, startReferralTab } from './referral-tab.js';
import { startRulesTab } from './rules-tab.js';
import { state, loadRules, mainFile, rulesUnsaved, declared, changed } from './store.js';

async function boot() {
  document.body.classList.add('govuk-frontend-supported');
  state.tabs = new Tabs($('work-tabs'));
  $('screening-date').value = todayIso();

  const data = await loadData();
  await init({ wasm: data.wasm, toolsWasm: data.toolsWasm });
  loadRules(data);

  state.panel = new ScreeningPanel($('screening-output'), {
    focusField,
    status: $('screening-status'),
    levelCount: () => declared(state.compiledText[mainFile()]).levels.length,
  });
  state.form = new ReferralForm($('referral-form'));
  state.form.setSchema(state.compiled[state.file].schema());
  state.caseDataKey = JSON.stringify(state.form.getData());
  state.keep = new KeepWork($('confirm-area'), {
    answersChanged: () => !!state.form && JSON.stringify(state.form.getData()) !== state.caseDataKey,
    rulesUnsaved: () => rulesUnsaved(),
  });

  // In subscription order: the case's brief is drawn before the screening beside it.
  startCasesTab();
  startReferralTab();
  startRulesTab();

  // The presenter layout: off by default, so the everyday page is unchanged.
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
  window.addEventListener('beforeprint', preparePrint);

  changed('rules');
  document.documentElement.dataset.ready = 'true';
}

boot().catch(fail);
