// The Rules tab's controller: the editor's text checked and compiled as it
// changes (tests that name what an edit took out set aside), the problems
// list, the rule file's line, save and open, reset, and the buttons that run
// the tests, show coverage, compare the cases and the person's own referrals,
// write a test from the referral and make the sign-off document.

import { compile, check, RuleEditor as EngineRuleEditor, signoffDocument, diffRuleSets, setAsideBrokenTests, CompileError } from '../../package/index.js';
import { compareCases, changesTable } from './case-changes.js';
import { h, replace, clear, tag, debounce, todayIso, formatDate, $, showTab, fail } from './dom.js';
import { WARNING_MEANING, SERIOUS_WARNINGS } from './plain.js';
import { saveRuleFile, saveName, readRuleFile } from './rule-file.js';
import { RuleEditor, offsetOf } from './editor.js';
import { NumberControls } from './number-controls.js';
import { state, shippedFile, ruleMeta, mainFile, shippedText, isEdited, rulesUnsaved, keepAnswers, outlineOf, subscribe, changed } from './store.js';

export function renderDiagnostics(diags) {
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

export function updateRuleInfo() {
  const rs = state.compiled[state.file];
  const info = rs ? rs.info() : null;
  const meta = ruleMeta(state.file);
  replace($('rule-info'),
    info ? `${info.name}${info.version ? `, version ${info.version}` : ''}${info.owner ? `. Owner: ${info.owner}` : ''}${info.review ? `. Review by ${formatDate(info.review)}` : ''}. ` : '',
    meta.companion ? 'Its prompts are added to the screening of every referral. ' : '',
    isEdited(state.file) ? tag('Edited', 'yellow') : tag('As shipped', 'grey'),
    state.openedAs[state.file] ? ` Opened from ${state.openedAs[state.file]}.` : '',
    isEdited(state.file) ? (rulesUnsaved(state.file) ? ' Not saved.' : ' Saved.') : '');
  const main = state.compiled[shippedFile()];
  const mi = main ? main.info() : null;
  $('footer-version').textContent = mi && mi.version ? `${mi.name} ${mi.version}` : '\u2013';
}

// One RuleEditor per rule file: it keeps the file's blocks parsed between
// keystrokes, and one call gives the diagnostics and the rule set. The last
// result is kept for the editor's linter, which asks for the same text.
const ruleEditors = {};
const lastUpdate = {};

function editorUpdate(file, text) {
  const last = lastUpdate[file];
  if (last && last.text === text) return last;
  if (last && last.ruleSet && !last.taken) last.ruleSet.free();
  ruleEditors[file] ??= new EngineRuleEditor();
  const result = { text, ...ruleEditors[file].update(text), taken: false };
  lastUpdate[file] = result;
  return result;
}

/** The diagnostics of the open file's text (for the editor's linter). */
export function diagnosticsOf(text) {
  return editorUpdate(state.file, text).diagnostics;
}

/** Compile the editor text; on success it becomes the rule set that screens. */
function rulesChanged() {
  const file = state.file;
  const text = state.editor.text;
  state.texts[file] = text;
  const result = editorUpdate(file, text);
  renderDiagnostics(result.diagnostics);
  if (result.ruleSet) {
    const rs = text === state.data.rules[file] ? state.shipped[file] : result.ruleSet;
    result.taken ||= rs === result.ruleSet;
    const old = state.compiled[file];
    if (old && old !== rs && old !== state.shipped[file]) old.free();
    state.compiled[file] = rs;
    state.compiledText[file] = text;
    state.errors[file] = [];
    state.brokenTests[file] = [];
  } else {
    const errors = result.diagnostics.filter((d) => d.severity !== 'warning');
    state.errors[file] = errors;
    state.brokenTests[file] = [];
    // Errors only in tests (a test names a floor the edit took out): the
    // rules still screen, with those tests set aside and listed (the engine
    // finds them: setAsideBrokenTests).
    const aside = setAsideBrokenTests(text);
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
  changed('rules');
}

/** What the Rules tab shows of the rules: the file's line, the number boxes, no stale "fix the errors first". */
function showRules() {
  updateRuleInfo();
  if (state.numbers) state.numbers.render();
  // "Fix the errors first", left from before the errors were fixed (by Ctrl+Z, say), would now be wrong.
  const stale = $('rules-results').querySelector(':scope > .app-error-text');
  if (stale && !Object.values(state.errors).some((e) => e.length)) clear($('rules-results'));
}

export function runTests() {
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

export async function compareAcrossCases() {
  const out = $('rules-results');
  if (Object.values(state.errors).some((e) => e.length)) {
    replace(out, h('p', { class: 'govuk-body app-error-text', id: 'changes-summary' }, 'Fix the errors in the rule file first.'));
    out.focus();
    return;
  }
  // The main rule file first (a row per case), then each edited wording-check file screened beside it: the engine's impact diff of each.
  const files = state.data.manifest.rules.filter((r) => r.file === shippedFile() || (r.companion && isEdited(r.file)))
    .sort((a, b) => (a.file === shippedFile() ? -1 : b.file === shippedFile() ? 1 : 0))
    .map((r) => ({ file: r.file, shipped: shippedText(r.file), edited: state.texts[r.file] }));
  let result;
  try {
    result = await compareCases(files, state.data.cases, { caseForms: state.data.caseForms, date: todayIso() });
  } catch (err) {
    replace(out, h('p', { class: 'govuk-body app-error-text', id: 'changes-summary' }, `The comparison could not run: ${err.message}`));
    out.focus();
    return;
  }
  const { rows, aside } = result;
  const outcomes = rows.filter((r) => r.changed).length;
  const moved = rows.filter((r) => r.moved).length;
  replace(out,
    h('h3', { class: 'govuk-heading-m' }, 'What your edits change across the training cases'),
    h('p', { class: 'govuk-body', id: 'changes-summary' },
      !isEdited() ? 'The rules are as shipped, so nothing changes. Edit a rule and try again.'
        : [
          outcomes ? `${outcomes} of ${rows.length} cases now get a different level, context result or actions.` : `None of the ${rows.length} cases changes level, context result or actions.`,
          moved > outcomes ? ` In ${moved - outcomes} more, different rules apply or different prompts are given.` : '',
        ].join('')),
    aside.length
      ? h('div', { class: 'govuk-inset-text', id: 'changes-tests-aside' },
        h('p', { class: 'govuk-body' }, h('strong', null, `${aside.length} test${aside.length === 1 ? '' : 's'} set aside. `),
          `${aside.length === 1 ? 'It names' : 'They name'} something your edit took out, so the comparison runs without ${aside.length === 1 ? 'it' : 'them'}. Fix or remove ${aside.length === 1 ? 'it' : 'them'} before the rules are used.`),
        h('ul', { class: 'govuk-list govuk-list--bullet' }, aside.map((broken) => h('li', { dataset: { line: String(broken.line) } },
          h('a', { class: 'govuk-link', href: '#rule-editor', onclick: (e) => { e.preventDefault(); if (broken.file !== state.file) selectRuleFile(broken.file); state.editor.goTo(broken.line, 1); } }, `\u201c${broken.name}\u201d, line ${broken.line}`),
          `: ${broken.problems.join(' ')}`))))
      : null,
    changesTable(rows));
  // The comparison from its heading: focus alone scrolls a tall result to wherever is nearest.
  out.focus({ preventScroll: true });
  out.scrollIntoView({ block: 'start' });
}

/** A list of what the tests miss under its own heading, or nothing when nothing is missed. */
function coverageGap(id, heading, items) {
  if (!items.length) return null;
  return [
    h('h4', { class: 'govuk-heading-s', id }, heading),
    h('ul', { class: 'govuk-list govuk-list--bullet', 'aria-labelledby': id }, items.map((x) => h('li', null, x))),
  ];
}

/** What the file's own tests exercise, as `screen test --coverage` shows it (the engine's tools load on first use). */
export async function showCoverage() {
  const out = $('rules-results');
  if (state.errors[state.file] && state.errors[state.file].length) {
    replace(out, h('p', { class: 'govuk-body app-error-text', id: 'coverage-summary' }, 'Fix the errors in the rule file first: coverage comes from running the tests.'));
    out.focus();
    return;
  }
  let cov;
  try {
    cov = await state.compiled[state.file].coverage(state.data.caseForms);
  } catch (err) {
    replace(out, h('p', { class: 'govuk-body app-error-text', id: 'coverage-summary' }, `The tests could not run: ${err.message}`));
    out.focus();
    return;
  }
  const never = cov.rules.filter((r) => !r.appliesIn.length).map((r) => `${r.id} (${r.title})`);
  const always = cov.rules.filter((r) => r.appliesIn.length && !r.doesNotApplyIn.length).map((r) => `${r.id} (${r.title})`);
  const bands = cov.bands.filter((b) => !b.reachedIn.length).map((b) => `${b.scoreLabel}: ${b.bandLabel}`);
  const options = cov.options.filter((o) => !o.tickedIn.length).map((o) => `${o.fieldLabel}: ${o.optionLabel}`);
  // Inside the rules: a rule can apply in a test while a condition in it has never made a difference.
  const conditions = cov.conditions.filter((c) => !c.covered).map((c) => `Line ${c.line} (${c.within}): “${c.text}” ${c.words}`);
  const boundaries = cov.conditions.filter((c) => c.boundary && !c.boundary.covered).map((c) => `Line ${c.line} (${c.within}): “${c.text}”: ${c.boundary.words}`);
  const questions = cov.questions.filter((q) => !q.answeredYesIn.length).map((q) => q.fieldLabel);
  const gaps = never.length + always.length + conditions.length + boundaries.length + questions.length + bands.length + options.length;
  replace(out,
    h('h3', { class: 'govuk-heading-m', id: 'coverage-title' }, `What the tests in ${state.file} cover`),
    h('p', { class: 'govuk-body', id: 'coverage-summary' }, gaps ? tag(`${gaps} not yet tested`, 'yellow') : tag('All covered', 'green'), ` ${cov.summary}`),
    cov.problems.map((p) => h('p', { class: 'govuk-body app-error-text' }, p)),
    coverageGap('coverage-never', 'No test sees these rules apply', never),
    coverageGap('coverage-always', 'No test sees these rules not apply', always),
    coverageGap('coverage-conditions', 'Conditions not seen both true and false', conditions),
    coverageGap('coverage-boundaries', 'Boundaries not tested on both sides', boundaries),
    coverageGap('coverage-questions', 'No test answers these questions yes', questions),
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
export async function compareOwnForms() {
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
    report = await diffRuleSets(shippedText(), state.editor.text, { forms, files: state.data.caseForms, date: todayIso() });
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
export function addFormAsTest() {
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
  // As the panel screened it: attach's answers, with the screening date for a blank date received.
  const form = { ...shown.answers };
  const text = state.editor.text;
  let name = `Referral from the form, ${formatDate(date)}`;
  for (let n = 2; text.includes(`test "${name}"`); n += 1) name = `Referral from the form, ${formatDate(date)} (${n})`;
  // The engine writes the block (the same as `screen eval --as-test`), and
  // screens the form for it: the outcome below is what the block expects.
  let block;
  let outcome;
  try {
    block = state.compiled[state.file].testBlock(name, form, { date }).replace(/\n$/, '');
    outcome = state.compiled[state.file].evaluate(form, { date });
  } catch (err) {
    return say(`The referral could not be screened: ${err.message}`);
  }
  const fired = [...outcome.fired.map((r) => r.id), ...outcome.floors.map((f) => f.id)];
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
export async function offerSignoff() {
  const out = $('rules-results');
  if (state.errors[state.file] && state.errors[state.file].length) {
    replace(out, h('p', { class: 'govuk-body app-error-text', id: 'signoff-summary' }, 'Fix the errors in the rule file first.'));
    out.focus();
    return;
  }
  const edited = isEdited(state.file);
  let html;
  try {
    html = await signoffDocument(state.editor.text, { since: edited ? shippedText() : undefined, files: state.data.caseForms, date: todayIso() });
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

/** Reset to the shipped rules, asking first when that would lose edits that are not saved. */
export function resetRules() {
  state.keep.guardRules($('rules-confirm'), 'Resetting to the shipped rules', 'Reset to the shipped rules', () => {
    delete state.openedAs[state.file];
    state.editor.setText(shippedText());
    rulesChangedNow();
    clear($('rules-results'));
    fileStatus('');
    state.editor.view.focus();
  });
}

/** A line under Save and Open saying what happened (a status, read out politely). */
function fileStatus(text, error = false) {
  const p = $('rule-file-status');
  p.className = `govuk-body-s${error ? ' app-error-text' : ''}`;
  p.textContent = text;
}

/** Save the editor's text to the person's computer (never to the browser). */
export async function saveRules() {
  const file = state.file;
  const text = state.editor.text;
  const name = saveName(state.openedAs[file] || file);
  let how;
  try {
    how = await saveRuleFile(text, name);
  } catch (err) {
    fileStatus(`The rule file could not be saved: ${err.message}`, true);
    return;
  }
  if (how === 'cancelled') {
    fileStatus('Not saved: the save was cancelled.');
    return;
  }
  state.saved[file] = text;
  fileStatus(how === 'saved' ? `Saved as ${name}.`
    : `Saved as ${name}, a download: your browser puts it in your downloads folder unless it asks you where.`);
  changed('saved');
}

/** Open a rule file chosen from the person's computer in the editor, asking first over edits that are not saved. */
export async function openRules() {
  const input = $('open-rules');
  const group = input.closest('.govuk-form-group');
  const chosen = input.files && input.files[0];
  if (!chosen) return;
  input.value = ''; // choosing the same file again opens it again
  group.classList.remove('govuk-form-group--error');
  input.classList.remove('govuk-file-upload--error');
  const old = $('open-rules-error');
  if (old) old.remove();
  input.setAttribute('aria-describedby', 'open-rules-hint');
  let text;
  try {
    text = await readRuleFile(chosen);
  } catch (err) {
    // GOV.UK's error message on the file upload itself; the editor is left as it was.
    group.classList.add('govuk-form-group--error');
    input.classList.add('govuk-file-upload--error');
    input.before(h('p', { class: 'govuk-error-message', id: 'open-rules-error' }, h('span', { class: 'govuk-visually-hidden' }, 'Error: '), err.message));
    input.setAttribute('aria-describedby', 'open-rules-hint open-rules-error');
    input.focus();
    return;
  }
  state.keep.guardRules($('rules-confirm'), `Opening ${chosen.name}`, `Open ${chosen.name}`, () => {
    state.saved[state.file] = text;
    state.openedAs[state.file] = chosen.name;
    state.editor.setText(text);
    rulesChangedNow();
    clear($('rules-results'));
    fileStatus(`Opened ${chosen.name}.`);
    state.editor.view.focus();
  });
}

export const rulesChangedSoon = debounce(() => rulesChanged(), 250);

export function rulesChangedNow() {
  rulesChangedSoon.flush();
}


/**
 * Make the rule edit a facilitator's tip describes (in the rule it names, in
 * the main rule file), then show what it changes across the training cases.
 * The edit goes through the editor like a typed one: "Reset" undoes it.
 */
export function applyTip(edit) {
  selectRuleFile(shippedFile());
  showTab('tab-rules');
  const doc = state.editor.view.state.doc;
  // The rule or floor the tip names, where the engine's outline of the text puts it.
  const block = outlineOf(state.editor.text).find((b) => (b.kind === 'rule' || b.kind === 'floor') && b.id === edit.rule);
  const out = $('rules-results');
  const from = block ? doc.line(block.line).from : 0;
  const to = block ? doc.line(block.endLine).to : 0;
  if (block && edit.remove) {
    // Take the whole rule or floor out, with the blank line after it.
    const after = to + (/^\n\n?/.exec(doc.sliceString(to, to + 2)) || [''])[0].length;
    // Not scrolled into view: the comparison, which gets focus next, is what the room looks at.
    state.editor.view.dispatch({ changes: { from, to: after }, selection: { anchor: from } });
    rulesChangedNow();
    compareAcrossCases().catch(fail);
    return;
  }
  const at = block ? doc.sliceString(from, to).indexOf(edit.find) : -1;
  if (at < 0) {
    replace(out, h('p', { class: 'govuk-body app-error-text', id: 'changes-summary' },
      block ? `Rule ${edit.rule} no longer contains \u201c${edit.find}\u201d: it may have been edited already. Reset to the shipped rules and try again.`
        : `There is no rule ${edit.rule} in ${state.file}.`));
    out.focus();
    return;
  }
  state.editor.view.dispatch({ changes: { from: from + at, to: from + at + edit.find.length, insert: edit.replaceWith }, selection: { anchor: from + at } });
  rulesChangedNow();
  compareAcrossCases().catch(fail);
}


export function selectRuleFile(file) {
  if (file === state.file) return;
  keepAnswers();
  state.file = file;
  $('rule-file-picker').value = file;
  state.editor.setText(state.texts[file]);
  rulesChangedNow();
  clear($('rules-results'));
}


/** Make the editor and the number boxes, wire the Rules tab's controls, and subscribe it to the store. */
export function startRulesTab() {
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
      compareAcrossCases().catch(fail);
    },
  });
  subscribe(['rules'], showRules);
  subscribe(['saved'], updateRuleInfo);

  const picker = $('rule-file-picker');
  replace(picker, state.data.manifest.rules.map((r) => h('option', { value: r.file }, r.title ? `${r.title} (${r.file})` : r.file)));
  picker.value = state.file;
  picker.disabled = false;
  picker.addEventListener('change', () => selectRuleFile(picker.value));

  const buttons = {
    'run-tests': runTests,
    'show-coverage': () => { showCoverage().catch(fail); },
    'compare-cases': () => { compareAcrossCases().catch(fail); },
    'offer-signoff': () => { offerSignoff().catch(fail); },
    'add-form-as-test': addFormAsTest,
    'reset-rules': resetRules,
    'compare-own-forms': () => { compareOwnForms().catch(fail); },
    'save-rules': () => { saveRules().catch(fail); },
  };
  for (const [id, act] of Object.entries(buttons)) {
    $(id).disabled = false;
    $(id).addEventListener('click', act);
  }
  $('review-forms').disabled = false;
  $('open-rules').disabled = false;
  $('open-rules').addEventListener('change', () => { openRules().catch(fail); });
  renderDiagnostics(check(shippedText()));
  showRules();
}
