// The Referral tab's controller: the referral form bound with the package's
// attach() (the main rule set, the wording checks as its companion, and the
// screening date standing in for a blank date received, as attach's
// fallback), the screening panel beside it (with the rules note, the case's
// comparison and the step-by-step reveal of discussion mode), and the print.
// It subscribes to the store: new rules attach again, a case, the discussion
// or the date screen again, a reveal step redraws.

import { attach } from '../../package/attach.js';
import { compare, comparisonTable } from './cases.js';
import { hideSections, revealBar, renderHiddenPrint } from './discussion.js';
import { h, replace, debounce, todayIso, formatDate, $, showTab } from './dom.js';
import { renderPrint } from './panel.js';
import { selectRuleFile } from './rules-tab.js';
import { RECEIVED } from './form-layout.js';
import { state, shippedFile, mainFile, isEdited, listPaths, caseLevels, companionSets, keepAnswers, subscribe, changed } from './store.js';

function screeningDate() {
  const v = $('screening-date').value;
  return /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : todayIso();
}

export function focusField(path) {
  showTab('tab-referral');
  // attach() knows which control answered a path (items it skipped as empty shift positions).
  const control = state.attachment && state.attachment.controlFor(path);
  return state.form.focusField(control && control.name && control.type !== 'hidden' ? control.name : path);
}


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

function comparisonFor(outcome) {
  const c = state.currentCase;
  if (!c || mainFile() !== shippedFile()) return null;
  if (!state.discussion.shown('expected')) return null;
  const { levels, actions } = caseLevels();
  const result = compare(outcome, c.expected, levels, actions, outcome.companions);
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
export function screen() {
  if (state.attachment) state.attachment.screen();
}

/**
 * Bind the referral form with the package's attach(), drawing our own panel
 * from the engine's presentation model (`view` with `render: false`). The
 * rule sets are those compiled now: the store's `rules` change attaches again.
 */
export function attachForm() {
  if (state.attachment) state.attachment.detach();
  const main = state.compiled[mainFile()];
  const schema = main.schema();
  // The date received, when the referral leaves it blank, is the date the page
  // screens as at; attach lists it in `given`, and the panel says so.
  const received = schema.find((f) => f.type === 'date' && RECEIVED.test(f.name));
  state.attachment = attach($('referral-form'), main, {
    render: false,
    view: 'screener',
    companions: companionSets(),
    fallbacks: received ? { [received.name]: ({ date }) => date } : {},
    debounce: 120,
    // Each list's items are added with its "Add" button: the form starts with none.
    mapping: Object.fromEntries(listPaths(schema).map((path) => [path, { startsEmpty: true }])),
    date: screeningDate,
    onOutcome: (outcome, answers, extra) => showOutcome(Object.assign(outcome, {
      answers, // what the panel was screened from (for the questions, the notes and a test from the form)
      presentation: extra.presentation,
      companions: extra.companions,
      given: extra.given,
    })),
    onError: (err) => state.panel.message(`The form could not be screened: ${err.message}`, 'error'),
  });
}

/** The rules changed: the form shows the main rule set's questions (answers kept), bound to the new rule sets. */
function rulesChanged() {
  if (!state.compiled[mainFile()]) return;
  keepAnswers();
  state.form.setSchema(state.compiled[mainFile()].schema(), state.kept);
  attachForm();
}

/** Subscribe the Referral tab to the store. */
export function startReferralTab() {
  subscribe(['rules'], rulesChanged);
  subscribe(['case', 'discussion', 'date'], screen);
  subscribe(['reveal'], () => { if (state.lastOutcome) showOutcome(state.lastOutcome); });
  $('screening-date').addEventListener('change', () => changed('date'));
}

/** A note under the level: the date received stood in for, and ages that cannot be worked out, with why. */
function dateNotes(outcome) {
  const notes = [];
  const when = formatDate(outcome.date);
  const given = (outcome.given || []).find((g) => g.how === 'fallback' && RECEIVED.test(g.field));
  const field = given && state.compiled[mainFile()].schema().find((f) => f.name === given.field);
  const rec = field ? { name: field.name, label: field.label || field.name } : null;
  if (rec) {
    notes.push(h('li', { id: 'note-received' }, `Screening as of ${when}, the date received was not given: `,
      'ages and recent events are worked out to that date. ',
      h('a', { class: 'govuk-link', href: `#field:${rec.name}`, onclick: (e) => { e.preventDefault(); focusField(rec.name); } }, `Enter the ${rec.label.charAt(0).toLowerCase()}${rec.label.slice(1)}`),
      ' if it was another day.'));
  }
  const answers = outcome.answers || {};
  const received = answers.received || null;
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
export function step(dir) {
  const d = state.discussion;
  if (dir < 0 && d.count === 0) return false;
  const taken = dir > 0 ? d.forward() : d.back();
  if (dir > 0 && !taken) return false;
  changed('reveal');
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


export function preparePrint() {
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
    model: state.attachment.present('print'),
    discussion: c && c.facilitator ? c.facilitator.discussion : null,
    edited: isEdited(),
  });
}

