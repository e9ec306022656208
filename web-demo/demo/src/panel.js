// The live screening panel: renders one outcome (see engine/src/outcome.rs).
// Every flag links to its "why": the rule, its rationale and source, and the
// answers that made it apply, each answer linked to its control in the form.

import { h, replace, tag, formatDate } from './dom.js';

const KIND_ORDER = ['harm', 'risk', 'vulnerability'];
const KIND_HEADINGS = {
  harm: 'Harm that has already happened',
  risk: 'Risk of harm',
  vulnerability: 'Vulnerabilities',
};
const KIND_COLOURS = { harm: 'red', risk: 'orange', vulnerability: 'purple' };

/** A colour for a level by its rank among the rule set's levels. */
export function levelColour(rank, count) {
  if (rank <= 0) return 'grey';
  const top = Math.max(1, (count || 4) - 1);
  const r = rank / top;
  if (r >= 1) return 'red';
  if (r >= 0.6) return 'orange';
  if (r >= 0.3) return 'yellow';
  return 'blue';
}

export class ScreeningPanel {
  /**
   * @param {HTMLElement} root  where the outcome goes
   * @param {object} opts  { focusField(path), status: HTMLElement, levelCount: () => number }
   */
  constructor(root, opts) {
    this.root = root;
    this.opts = opts;
    this.lastStatus = '';
  }

  message(text, kind) {
    replace(this.root, h('p', { class: `govuk-body${kind === 'error' ? ' app-error-text' : ''}` }, text));
  }

  /** Link to a form field: moves focus to the control and highlights it. */
  fieldLink(fact) {
    const text = fact.label || fact.field;
    if (!fact.field) return h('span', null, text);
    return h('a', {
      class: 'govuk-link app-field-link',
      href: `#field:${fact.field}`,
      dataset: { field: fact.field },
      onclick: (e) => {
        e.preventDefault();
        this.opts.focusField(fact.field);
      },
    }, text);
  }

  /** Link to a rule's "why" in this panel, opening it. */
  whyLink(id, text) {
    return h('a', {
      class: 'govuk-link app-why-link',
      href: `#why-${id}`,
      onclick: (e) => {
        e.preventDefault();
        this.openWhy(id);
      },
    }, text || id);
  }

  openWhy(id) {
    const el = document.getElementById(`why-${id}`);
    if (!el) return;
    if (el.tagName === 'DETAILS') el.open = true;
    const summary = el.querySelector('summary') || el;
    summary.focus({ preventScroll: true });
    el.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }

  /** Short names for the rules and bands that set something. */
  describeSource(id, outcome) {
    const rule = outcome.fired.find((r) => r.id === id);
    if (rule) return this.whyLink(id, `${id}: ${rule.title}`);
    const floor = outcome.floors.find((f) => f.id === id);
    if (floor) return this.whyLink(id, `${id}: ${floor.title}`);
    const [scoreId, bandId] = id.split('.');
    const score = outcome.scores.find((s) => s.id === scoreId);
    if (score && score.band && score.band.id === bandId) {
      return this.whyLink(`score-${scoreId}`, `${score.label}: ${score.band.label}`);
    }
    return h('span', null, id);
  }

  joinNodes(nodes) {
    const out = [];
    nodes.forEach((n, i) => {
      if (i) out.push(i === nodes.length - 1 ? ' and ' : ', ');
      out.push(n);
    });
    return out;
  }

  /**
   * @param {object} outcome
   * @param {object} extra { comparison: Node|null, rulesNote: Node|null, openIds: Set }
   */
  render(outcome, extra = {}) {
    const open = new Set([...this.root.querySelectorAll('details[open]')].map((d) => d.id));
    const levelCount = this.opts.levelCount ? this.opts.levelCount() : 4;
    const colour = levelColour(outcome.level.rank, levelCount);

    const levelBox = h('div', { class: `app-level app-level--${colour}`, dataset: { section: 'headline' } },
      h('p', { class: 'app-level__caption' }, 'Suggested level'),
      h('p', { class: 'app-level__value', id: 'outcome-level', dataset: { level: outcome.level.id } }, outcome.level.label),
      outcome.level.setBy.length
        ? h('p', { class: 'govuk-body-s app-level__by', dataset: { section: 'reasons' } }, 'Set by ', this.joinNodes(outcome.level.setBy.map((id) => this.describeSource(id, outcome))), '.')
        : h('p', { class: 'govuk-body-s app-level__by', dataset: { section: 'reasons' } }, 'No rule raises the level.'),
      outcome.level.couldRiseTo
        ? h('p', { class: 'govuk-body-s app-level__rise' },
          h('strong', null, `Could rise to ${outcome.level.couldRiseTo.label}`),
          ' depending on unanswered questions. ',
          h('a', { class: 'govuk-link', href: '#outcome-undecided' }, 'See the questions'), '.')
        : null);

    const actions = h('section', { class: 'app-panel-section', 'aria-labelledby': 'outcome-actions-title', dataset: { section: 'actions' } },
      h('h3', { class: 'govuk-heading-s', id: 'outcome-actions-title' }, `Actions to consider (${outcome.actions.length})`),
      outcome.actions.length
        ? h('ul', { class: 'govuk-list app-actions', id: 'outcome-actions' },
          outcome.actions.map((a) => h('li', { class: 'app-actions__item', dataset: { action: a.id } },
            h('span', { class: 'app-actions__label' }, a.label),
            h('span', { class: 'app-actions__why govuk-body-s' }, 'Why: ', this.joinNodes([
              ...a.requestedBy.map((id) => this.describeSource(id, outcome)),
              // A level that requires the action brings it whatever set the level.
              ...(a.requiredByLevel ? [h('span', null, `the level ${a.requiredByLevel.label} requires it`)] : []),
            ])))))
        : h('p', { class: 'govuk-body-s', id: 'outcome-actions' }, 'No rule asks for an action. Record the decision and the reasons for it.'));

    const prompts = outcome.prompts.length
      ? h('section', { class: 'app-panel-section', 'aria-labelledby': 'outcome-prompts-title', dataset: { section: 'prompts' } },
        h('h3', { class: 'govuk-heading-s', id: 'outcome-prompts-title' }, `Prompts (${outcome.prompts.length})`),
        h('ul', { class: 'govuk-list app-prompts', id: 'outcome-prompts' },
          outcome.prompts.map((p) => h('li', { class: 'app-prompt', dataset: { rule: p.rule } },
            h('p', { class: 'govuk-body app-prompt__text' }, p.text),
            p.facts.length
              ? h('p', { class: 'govuk-body-s app-prompt__facts' },
                this.joinNodes(p.facts.map((f) => h('span', null, this.fieldLink(f), f.value ? `: ${f.value}` : ''))),
                ' \u2013 ', this.whyLink(p.rule, `rule ${p.rule}`))
              : h('p', { class: 'govuk-body-s app-prompt__facts' }, this.whyLink(p.rule, `Rule ${p.rule}`))))))
      : null;

    const maxWeight = Math.max(1, ...outcome.contexts.map((c) => c.weight));
    const contexts = h('section', { class: 'app-panel-section', 'aria-labelledby': 'outcome-contexts-title', dataset: { section: 'contexts' } },
      h('h3', { class: 'govuk-heading-s', id: 'outcome-contexts-title' }, 'Context weighting'),
      outcome.contexts.length
        ? [
          h('p', { class: 'govuk-body-s' }, 'Which context most needs to change first for the child to be safer, by the weight of the rules that apply in it.'),
          h('ol', { class: 'govuk-list app-contexts', id: 'outcome-contexts' },
            outcome.contexts.map((c, i) => h('li', { class: 'app-contexts__item', dataset: { context: c.id } },
              h('span', { class: 'app-contexts__name' }, `${i + 1}. ${c.label}`),
              h('span', { class: 'app-contexts__bar', 'aria-hidden': 'true' },
                h('span', { class: `app-contexts__fill app-w-${Math.round((c.weight / maxWeight) * 20) * 5}` })),
              h('span', { class: 'app-contexts__weight govuk-body-s' }, `weight ${c.weight}: `,
                this.joinNodes(c.rules.map((id) => this.whyLink(id, id)))))))]
        : h('p', { class: 'govuk-body-s', id: 'outcome-contexts' }, 'No context carries weight yet.'));

    const scores = outcome.scores.length
      ? h('section', { class: 'app-panel-section', 'aria-labelledby': 'outcome-scores-title', dataset: { section: 'scores' } },
        h('h3', { class: 'govuk-heading-s', id: 'outcome-scores-title' }, 'Scores and bands'),
        h('dl', { class: 'govuk-summary-list govuk-summary-list--no-border app-scores', id: 'outcome-scores' },
          outcome.scores.map((s) => h('div', { class: 'govuk-summary-list__row', id: `why-score-${s.id}`, tabindex: '-1', dataset: { score: s.id } },
            h('dt', { class: 'govuk-summary-list__key' }, s.label),
            h('dd', { class: 'govuk-summary-list__value' },
              h('span', { class: 'app-score__total' }, String(s.total)),
              s.band ? [' \u2013 ', h('span', { class: 'app-score__band' }, s.band.label)] : ' \u2013 no band covers this total',
              s.possibleMin !== s.possibleMax
                ? h('span', { class: 'govuk-body-s app-score__range' }, ` Could be ${s.possibleMin} to ${s.possibleMax} once every question is answered${s.bandDecided ? '' : ', which could change the band'}.`)
                : null,
              s.rules.length ? h('span', { class: 'govuk-body-s app-score__rules' }, ' Points from ', this.joinNodes(s.rules.map((id) => this.whyLink(id, id))), '.') : null)))))
      : null;

    const undecided = this.questionsSection(outcome, open);

    const why = this.whySection(outcome, open);

    const formErrors = outcome.formErrors.length
      ? h('div', { class: 'govuk-error-summary app-form-errors', 'aria-labelledby': 'outcome-form-errors-title', dataset: { section: 'form_problems' } },
        h('h3', { class: 'govuk-error-summary__title', id: 'outcome-form-errors-title' }, 'Some answers could not be read'),
        h('div', { class: 'govuk-error-summary__body' },
          h('ul', { class: 'govuk-list govuk-error-summary__list' },
            outcome.formErrors.map((d) => h('li', null, `${d.message}${d.help ? ` ${d.help}` : ''}`)))))
      : null;

    replace(this.root,
      extra.rulesNote || null,
      formErrors,
      levelBox,
      extra.dateNotes || null,
      extra.comparison || null,
      actions,
      prompts,
      contexts,
      scores,
      undecided,
      why,
      h('p', { class: 'govuk-body-s app-ruleset-line' },
        `Rule set: ${outcome.ruleSet.name}${outcome.ruleSet.version ? `, version ${outcome.ruleSet.version}` : ''}. Screened as at ${formatDate(outcome.date)}.`));

    const status = `Screening updated: ${outcome.level.label}, ${outcome.actions.length} action${outcome.actions.length === 1 ? '' : 's'}.`;
    if (status !== this.lastStatus && this.opts.status) {
      this.opts.status.textContent = status;
      this.lastStatus = status;
    }
  }

  /**
   * The questions that would help decide: ranked by the engine, the top few
   * shown, the rest behind "Show all", and those about a subject the referral
   * does not name set aside with a word of why, so nothing is hidden silently.
   */
  questionsSection(outcome, open) {
    const ranked = this.opts.rankQuestions
      ? this.opts.rankQuestions(outcome)
      : { asked: outcome.questions || [], setAside: [], subjectsLeftOut: [] };
    const TOP = 5;
    // The engine ranks the questions and says in words what each could change.
    const item = (q) => h('li', { class: 'app-undecided__item', dataset: { rule: q.rules.join(' '), field: q.field } },
      h('span', { class: 'app-undecided__needs' }, 'Answer: ', this.fieldLink(q)),
      h('span', { class: 'app-undecided__effect' }, q.effect.charAt(0).toUpperCase() + q.effect.slice(1)),
      h('span', { class: 'app-code app-undecided__rules' }, ` ${q.rules.length > 6 ? `${q.rules.slice(0, 6).join(', ')} and ${q.rules.length - 6} more` : q.rules.join(', ')}`));
    const all = ranked.asked.length + ranked.setAside.length;
    const top = ranked.asked.slice(0, TOP);
    const rest = ranked.asked.slice(TOP);
    return h('section', { class: 'app-panel-section', id: 'outcome-undecided', 'aria-labelledby': 'outcome-undecided-title', tabindex: '-1', dataset: { section: 'questions', count: String(ranked.asked.length), total: String(all) } },
      h('h3', { class: 'govuk-heading-s', id: 'outcome-undecided-title' }, 'Questions that would help decide'),
      ranked.asked.length
        ? [
          h('p', { class: 'govuk-body-s' }, top.length < ranked.asked.length
            ? `The ${top.length} that could change the most, of ${ranked.asked.length}: those that could raise the level first, then those that could add an action.`
            : 'Answering these could change the outcome: those that could raise the level come first.'),
          h('ol', { class: 'govuk-list app-undecided', id: 'outcome-questions-top' }, top.map(item))]
        : h('p', { class: 'govuk-body-s' }, 'Every rule is decided by the answers given.'),
      rest.length || ranked.setAside.length
        ? h('details', { class: 'govuk-details app-undecided__all', id: 'outcome-questions-all', open: open.has('outcome-questions-all') },
          h('summary', { class: 'govuk-details__summary' },
            h('span', { class: 'govuk-details__summary-text' }, `Show all ${all} question${all === 1 ? '' : 's'}`)),
          h('div', { class: 'govuk-details__text' },
            rest.length ? h('ol', { class: 'govuk-list app-undecided', start: String(top.length + 1) }, rest.map(item)) : null,
            ranked.setAside.length
              ? [h('p', { class: 'govuk-body-s', id: 'outcome-questions-set-aside' },
                `Not asked above: ${ranked.setAside.length} question${ranked.setAside.length === 1 ? '' : 's'} about ${orList(ranked.subjectsLeftOut)}, because the referral names none.`),
              h('ul', { class: 'govuk-list app-undecided app-undecided--aside' }, ranked.setAside.map(item))]
              : null))
        : null);
  }

  whySection(outcome, open) {
    const byKind = new Map();
    // Wording prompts are about the referral's words, not about the child:
    // they get a group of their own, never "Risk of harm".
    const wording = outcome.fired.filter((r) => r.companion);
    for (const r of outcome.fired.filter((x) => !x.companion)) {
      if (!byKind.has(r.kind)) byKind.set(r.kind, []);
      byKind.get(r.kind).push(r);
    }
    const kinds = [...byKind.keys()].sort((a, b) => {
      const ia = KIND_ORDER.indexOf(a);
      const ib = KIND_ORDER.indexOf(b);
      return (ia < 0 ? 9 : ia) - (ib < 0 ? 9 : ib);
    });
    const facts = (list) => list.length
      ? h('dl', { class: 'govuk-summary-list govuk-summary-list--no-border app-facts' },
        list.map((f) => h('div', { class: 'govuk-summary-list__row' },
          h('dt', { class: 'govuk-summary-list__key' }, f.derived ? h('span', null, f.label, h('span', { class: 'app-derived' }, ' (worked out)')) : this.fieldLink(f)),
          h('dd', { class: 'govuk-summary-list__value' }, f.value))))
      : null;
    const ruleDetails = (r) => h('details', { class: 'govuk-details app-why', id: `why-${r.id}`, open: open.has(`why-${r.id}`), dataset: { rule: r.id } },
      h('summary', { class: 'govuk-details__summary' },
        h('span', { class: 'govuk-details__summary-text' }, `${r.id}: ${r.title}`)),
      h('div', { class: 'govuk-details__text' },
        r.companion
          ? h('p', { class: 'app-why__tags' }, tag('Wording', 'grey'))
          : h('p', { class: 'app-why__tags' }, tag(r.contextLabel, 'blue'), ' ', tag(r.kindLabel, KIND_COLOURS[r.kind] || 'grey')),
        h('p', { class: 'govuk-body-s' }, r.explanation),
        h('h4', { class: 'govuk-heading-s app-why__h' }, 'The answers'),
        facts(r.facts) || h('p', { class: 'govuk-body-s' }, 'No single answer: the rule applies to the form as a whole.'),
        h('h4', { class: 'govuk-heading-s app-why__h' }, 'Why this matters'),
        h('p', { class: 'govuk-body-s' }, r.rationale),
        h('p', { class: 'govuk-body-s app-why__source' }, h('strong', null, 'Source: '), r.source)));
    const floorDetails = (f) => h('details', { class: 'govuk-details app-why', id: `why-${f.id}`, open: open.has(`why-${f.id}`), dataset: { rule: f.id } },
      h('summary', { class: 'govuk-details__summary' },
        h('span', { class: 'govuk-details__summary-text' }, `${f.id}: ${f.title}`)),
      h('div', { class: 'govuk-details__text' },
        h('p', { class: 'app-why__tags' }, tag(`Never below ${f.level.label}`, 'grey')),
        h('p', { class: 'govuk-body-s' }, f.explanation),
        h('h4', { class: 'govuk-heading-s app-why__h' }, 'The answers'),
        facts(f.facts),
        h('h4', { class: 'govuk-heading-s app-why__h' }, 'Why this matters'),
        h('p', { class: 'govuk-body-s' }, f.rationale),
        h('p', { class: 'govuk-body-s app-why__source' }, h('strong', null, 'Source: '), f.source)));

    return h('section', { class: 'app-panel-section', 'aria-labelledby': 'outcome-why-title', dataset: { section: 'reasons' } },
      h('h3', { class: 'govuk-heading-s', id: 'outcome-why-title' }, `Why: the rules that apply (${outcome.fired.length + outcome.floors.length})`),
      outcome.fired.length || outcome.floors.length
        ? h('p', { class: 'govuk-body-s' }, 'Risk, vulnerability and harm that has already happened are kept apart: they call for different responses.')
        : h('p', { class: 'govuk-body-s' }, 'No rule applies to the answers so far.'),
      h('div', { id: 'outcome-fired' },
        kinds.map((k) => h('div', { class: 'app-why-group' },
          h('h4', { class: 'govuk-heading-s app-why-group__title' }, KIND_HEADINGS[k] || (byKind.get(k)[0].kindLabel)),
          byKind.get(k).map(ruleDetails))),
        wording.length
          ? h('div', { class: 'app-why-group', id: 'outcome-wording-group' },
            h('h4', { class: 'govuk-heading-s app-why-group__title' }, 'Wording in the referral'),
            h('p', { class: 'govuk-body-s' }, 'About the words the referral uses, not about the child: prompts to describe what was done to the child.'),
            wording.map(ruleDetails))
          : null,
        outcome.floors.length
          ? h('div', { class: 'app-why-group' },
            h('h4', { class: 'govuk-heading-s app-why-group__title' }, 'Floors: levels the outcome cannot go below'),
            outcome.floors.map(floorDetails))
          : null));
  }
}

/** "a, b or c" */
function orList(items) {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** The first dozen questions, saying how many more there are (the page fits one sheet). */
function stillToFind(labels) {
  const all = [...new Set(labels)];
  const more = all.length - 12;
  return all.slice(0, 12).join('; ') + (more > 0 ? `; and ${more} more (see the screening on screen)` : '');
}

/** The one-page summary for printing. */
export function renderPrint(root, outcome, context) {
  const list = (items) => h('ul', { class: 'app-print__list' }, items.map((i) => h('li', null, i)));
  // Actions name their rules by id; the Why list gives each rule's title and answers.
  const reasons = (ids) => ids.join(', ');
  replace(root,
    h('h1', { class: 'app-print__title' }, 'Screening summary'),
    h('p', { class: 'app-print__advisory' },
      h('strong', null, 'Advisory only. '),
      'This summary supports professional judgement and never replaces it. ',
      context.caseTitle ? h('strong', null, 'Fictional training case. ') : 'Training demo: fictional data only. '),
    h('table', { class: 'app-print__meta' },
      h('tbody', null,
        context.caseTitle ? h('tr', null, h('th', { scope: 'row' }, 'Case'), h('td', null, context.caseTitle)) : null,
        context.scenario ? h('tr', null, h('th', { scope: 'row' }, 'Scenario'), h('td', { class: 'app-print__scenario' }, context.scenario)) : null,
        h('tr', null, h('th', { scope: 'row' }, 'Screened as at'), h('td', null, formatDate(outcome.date))),
        h('tr', null, h('th', { scope: 'row' }, 'Rule set'), h('td', null, `${outcome.ruleSet.name}${outcome.ruleSet.version ? ` ${outcome.ruleSet.version}` : ''}${context.edited ? ' (edited in this session)' : ''}`)),
        h('tr', null, h('th', { scope: 'row' }, 'Suggested level'), h('td', null, h('strong', null, outcome.level.label),
          outcome.level.couldRiseTo ? ` (could rise to ${outcome.level.couldRiseTo.label})` : '')))),
    h('h2', null, 'Actions to consider'),
    outcome.actions.length ? list(outcome.actions.map((a) => `${a.label} \u2013 because of ${reasons([...a.requestedBy, ...(a.requiredByLevel ? [`the level ${a.requiredByLevel.label}`] : [])])}`)) : h('p', null, 'None.'),
    outcome.prompts.length ? [h('h2', null, 'Prompts'), list(outcome.prompts.map((p) => p.text))] : null,
    outcome.contexts.length ? [h('h2', null, 'Context weighting'), h('p', null, outcome.contexts.map((c) => `${c.label} (${c.weight})`).join(' \u203a '))] : null,
    outcome.scores.length ? [h('h2', null, 'Scores'), list(outcome.scores.map((s) => `${s.label}: ${s.total}${s.band ? ` \u2013 ${s.band.label}` : ''}`))] : null,
    h('h2', null, 'Why: the rules that apply'),
    h('ul', { class: 'app-print__list app-print__list--columns' }, [
      ...outcome.fired.map((r) => `${r.id} ${r.title} [${r.companion ? 'Wording in the referral' : `${r.contextLabel}; ${r.kindLabel}`}]: ${r.facts.map((f) => `${f.label} = ${f.value}`).join('; ')}`),
      ...outcome.floors.map((f) => `${f.id} ${f.title}: never below ${f.level.label}`),
    ].map((i) => h('li', null, i))),
    // Only the questions the panel asks: not those about a subject the referral does not name.
    (context.questions || outcome.questions || []).length
      ? [h('h2', null, 'Still to find out'), h('p', null, stillToFind((context.questions || outcome.questions).map((q) => q.label)))]
      : null,
    context.discussion && context.discussion.length ? [h('h2', null, 'For discussion'), list(context.discussion)] : null);
}
