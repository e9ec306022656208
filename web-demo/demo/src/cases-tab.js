// The training cases' controller: loading a case (asking first over answers
// in progress) or starting a blank referral, its brief above the form with
// what discussion mode keeps hidden, and the "All training cases" overview.
// The brief follows the store's case, discussion and reveal; the overview
// its rules and discussion.

import { compare, comparisonTable, facilitatorNote } from './cases.js';
import { roomQuestions } from './discussion.js';
import { h, replace, clear, tag, todayIso, $, showTab } from './dom.js';
import { applyTip, selectRuleFile } from './rules-tab.js';
import { state, shippedFile, mainFile, caseLevels, companionSets, subscribe, changed } from './store.js';

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
  changed('case');
  showTab('tab-referral');
  // A new case starts at the top of the result, not where the last one was scrolled to.
  $('screening-panel').scrollTop = 0;
  $('case-brief').focus();
  if (document.documentElement.classList.contains('app-presenter')) presenterScroll();
}

/** Load a case, asking first when it would replace answers in progress. */
export function askThenLoad(slug) {
  const c = state.data.cases.find((x) => x.slug === slug);
  if (!c) return;
  state.keep.guard(`Loading case ${c.number}, ${c.title},`, 'Load the case', () => loadCase(c.slug));
}

/** In the presenter layout, line the two columns up with the top of the screen. */
export function presenterScroll() {
  const layout = document.querySelector('.app-layout');
  if (layout && window.matchMedia('(min-width: 1000px)').matches) window.scrollTo({ top: layout.getBoundingClientRect().top + window.scrollY - 10 });
}

export function renderCaseBrief() {
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

export function renderCasesOverview() {
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
        // The main rule set decides; the wording checks (companions) add their prompts, compared too.
        const date = c.date || todayIso();
        const outcome = state.compiled[main].evaluate(c.formData, { date });
        const companions = companionSets(main).map((rs) => rs.evaluate(answersFor(rs, c.formData), { date }));
        comparison = [
          h('p', { class: 'govuk-body-s app-case-card__engine' }, h('strong', null, 'Engine: '), outcome.level.label, `; ${outcome.actions.length} action${outcome.actions.length === 1 ? '' : 's'}, ${outcome.prompts.length} prompt${outcome.prompts.length === 1 ? '' : 's'}.`),
          comparisonTable(c, compare(outcome, c.expected, levels, actions, companions), `case-${c.slug}`),
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

/** The case's answers to the questions a companion's form asks (its own form is smaller). */
function answersFor(rs, form) {
  const names = new Set(rs.schema().map((f) => f.name));
  return Object.fromEntries(Object.entries(form).filter(([k]) => names.has(k)));
}

/** Start a blank referral, asking first when it would replace answers in progress. */
export function askThenStartBlank() {
  state.keep.guard('Starting a blank referral', 'Start a blank referral', startBlank);
}

function startBlank() {
  state.currentCase = null;
  state.discussion.start(false);
  $('case-picker').value = '';
  $('screening-date').value = todayIso();
  state.kept = {};
  state.form.setData({});
  state.caseDataKey = JSON.stringify(state.form.getData());
  $('screening-panel').scrollTop = 0;
  changed('case');
  showTab('tab-referral');
  const first = $('referral-form').querySelector('input, select, textarea');
  if (first) first.focus();
}

/** Subscribe the brief and the overview to the store, and wire the case picker. */
export function startCasesTab() {
  subscribe(['case', 'discussion', 'reveal'], renderCaseBrief);
  subscribe(['rules', 'discussion'], renderCasesOverview);
  const cp = $('case-picker');
  replace(cp, h('option', { value: '' }, 'Choose a case'),
    state.data.cases.map((c) => h('option', { value: c.slug }, `${c.number}. ${c.title}`)));
  cp.disabled = false;
  $('load-case').disabled = false;
  $('clear-form').disabled = false;
  $('load-case').addEventListener('click', () => {
    if (cp.value) askThenLoad(cp.value);
    else cp.focus();
  });
  $('clear-form').addEventListener('click', askThenStartBlank);
  // Discussion mode: off by default, so the everyday page is unchanged.
  $('discussion-mode').addEventListener('change', (e) => {
    state.discussion.on = e.target.checked;
    state.discussion.start(!!state.currentCase);
    changed('discussion');
  });
}
