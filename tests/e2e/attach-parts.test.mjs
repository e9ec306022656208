// Unit tests for attach.js's parts (web-demo/package/attach/*.js), each on its
// own in Node, with a DOM from happy-dom rather than a browser: names, the
// controls collected for the engine's binding, locating
// controls, errors at fields, hidden inputs, drawing each view, loading, and
// the lifecycle that ties them together. The browser tests (example-form*,
// attach-none) cover the same parts end to end.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Window } from 'happy-dom';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, needBuilt } from './helpers.mjs';
import * as names from '../../web-demo/package/attach/names.js';
import { findControl, formLabels, questionText, lastLabel } from '../../web-demo/package/attach/locate.js';
import { fieldErrorMarker, formProblems } from '../../web-demo/package/attach/errors.js';
import { addHiddenInputs, fillHiddenInputs } from '../../web-demo/package/attach/hidden.js';
import { el } from '../../web-demo/package/attach/govuk.js';
import { CONTROL_WORDS, announcement, renderModel } from '../../web-demo/package/attach/model.js';
import { NOTICES, render, renderError, summaryAnnouncement, withCompanions } from '../../web-demo/package/attach/render.js';
import { attach, findContainer, isRuleSet } from '../../web-demo/package/attach/lifecycle.js';
import { screenForm } from '../../web-demo/package/attach/load.js';
import * as top from '../../web-demo/package/attach.js';
import { init, compile } from '../../web-demo/package/index.js';

needBuilt();
await init();

/** A document holding `html` inside a <form id="f">, and the form. */
function page(html, outside = '') {
  const window = new Window({ url: 'https://council.example/referral' });
  const doc = window.document;
  doc.body.innerHTML = `<form id="f">${html}</form>${outside}`;
  return { window, doc, form: doc.getElementById('f') };
}

// The schema a rule set hands attach (what schema() returns), small and by hand
// so each test says exactly what it binds.
const SCHEMA = [
  { name: 'danger', path: 'danger', label: 'In danger now?', type: 'yesNo', screened: true },
  { name: 'signs', path: 'signs', label: 'Signs', type: 'severalOf', screened: true, options: [{ id: 'a', label: 'Sign A' }, { id: 'b', label: 'Sign B' }] },
  { name: 'received', path: 'received', label: 'Received', type: 'date', screened: false },
  {
    name: 'children', path: 'children', label: 'Children', type: 'list', screened: true, itemName: 'child', itemLabel: 'Child',
    fields: [
      { name: 'first_name', path: 'children[].first_name', label: 'First name', type: 'text', screened: false },
      { name: 'date_of_birth', path: 'children[].date_of_birth', label: 'Date of birth', type: 'date', screened: true },
      { name: 'missing_count', path: 'children[].missing_count', label: 'Times missing', type: 'number', screened: true },
    ],
  },
];

describe('names.js: from the schema to control names', () => {
  test('a field inside a list goes by a bracketed or a dotted name with its position', () => {
    const leaves = names.collectLeaves(SCHEMA, {});
    const dob = leaves.find((l) => l.path === 'children.date_of_birth');
    assert.deepEqual(dob.templates, ['children[{0}][date_of_birth]', 'children[{0}].date_of_birth']);
    assert.equal(dob.depth, 1);
    assert.deepEqual(leaves.find((l) => l.path === 'danger').templates, ['danger']);
  });

  test('a mapped name is the only template; { single: true } lets list fields go by their bare names', () => {
    const mapped = names.collectLeaves(SCHEMA, { danger: 'in-danger', 'children.first_name': { name: 'child-{0}-name' } });
    assert.deepEqual(mapped.find((l) => l.path === 'danger').templates, ['in-danger']);
    assert.deepEqual(mapped.find((l) => l.path === 'children.first_name').templates, ['child-{0}-name']);
    const single = names.collectLeaves(SCHEMA, { children: { single: true } });
    assert.ok(single.find((l) => l.path === 'children.first_name').templates.includes('first_name'));
  });

  test('a list\'s "none" control, and names matched at any position', () => {
    const lists = names.collectLists(SCHEMA, {});
    assert.deepEqual(lists[0].templates, ['children[none]', 'children.none']);
    assert.deepEqual(names.collectLists(SCHEMA, { children: { none: 'no-children' } })[0].templates, ['no-children']);
    const formNames = ['children[0][date_of_birth]-day', 'children[3][date_of_birth][year]', 'children[x][date_of_birth]', 'signs[]'];
    assert.deepEqual(names.namesMatching('children[{0}][date_of_birth]', 'date', formNames), formNames.slice(0, 2));
    assert.deepEqual(names.namesMatching('signs', 'severalOf', formNames), ['signs[]']);
    assert.equal(names.fill('a[{0}].b[{1}]', [2, 5]), 'a[2].b[5]');
    assert.equal(names.templateFits('first_name', [1]), false, 'a template without the position names only item 0');
    assert.equal(names.templateFits('first_name', [0]), true);
  });

  test('controlsByName leaves out buttons, disabled controls and its own hidden inputs', () => {
    const { form } = page('<input name="a"><input name="a" type="radio"><button name="b">Go</button><input name="c" disabled><input name="d" data-screening-hidden>');
    assert.deepEqual([...names.controlsByName(form).keys()], ['a']);
    assert.equal(names.controlsByName(form).get('a').length, 2);
  });
});

// read.js, binding.js and supply.js are gone: the engine reads the controls
// and checks the binding (engine/src/binding/), tested as data in
// tests/binding/ and against this package in e2e/binding-wasm.test.mjs.

describe('locate.js: from a field path back to the control and its question', () => {
  test('an engine position maps back to the form\'s own item; the question is the legend or label', () => {
    const { form } = page(`
      <div class="govuk-form-group"><fieldset class="govuk-fieldset"><legend>Is the child in danger now?</legend>
        <input type="radio" id="d1" name="danger" value="yes"><label for="d1">Yes</label></fieldset></div>
      <div class="govuk-form-group"><label for="c2">How many times has the second child gone missing?</label><input id="c2" name="children[2][missing_count]"></div>`);
    const leaves = names.collectLeaves(SCHEMA, {});
    const lists = names.collectLists(SCHEMA, {});
    const control = findControl(form, 'children[0].missing_count', leaves, lists, new Map([['children', [2]]]));
    assert.equal(control.id, 'c2');
    assert.equal(questionText(control), 'How many times has the second child gone missing?');
    assert.equal(questionText(form.querySelector('#d1')), 'Is the child in danger now?');
    assert.equal(findControl(form, 'nothing_here', leaves, lists, new Map()), null);
    assert.equal(lastLabel('Child 1 › Date of birth'), 'Date of birth');
    // The form's own words for each field it asks, handed to present() as labels.
    assert.deepEqual(formLabels(form, leaves), { danger: 'Is the child in danger now?', 'children.missing_count': 'How many times has the second child gone missing?' });
  });
});

describe('errors.js: answers that could not be read', () => {
  test('each error sits at its field until the answer is put right, and the page is as it was after', () => {
    const { doc, form } = page('<div class="govuk-form-group"><label for="n">Times missing</label><input id="n" name="children[0][missing_count]" value="lots"></div>');
    const before = form.innerHTML;
    const marker = fieldErrorMarker(doc);
    const control = form.querySelector('#n');
    marker.mark([{ control, text: 'Times missing must be a number' }]);
    assert.ok(form.querySelector('.govuk-form-group').classList.contains('govuk-form-group--error'));
    assert.match(form.querySelector('[data-screening-error]').textContent, /Error: Times missing must be a number/);
    assert.match(control.getAttribute('aria-describedby'), /^screening-error-\d+$/);
    marker.clear();
    assert.equal(form.innerHTML, before);
  });

  test('the engine\'s unreadable answers, each found on the form, once per field', () => {
    const { form } = page('<div class="govuk-form-group"><label for="n">Times missing</label><input id="n" name="children[0][missing_count]" value="lots"></div>');
    const leaves = names.collectLeaves(SCHEMA, {});
    const sets = [{ leaves, lists: names.collectLists(SCHEMA, {}) }, { leaves, lists: names.collectLists(SCHEMA, {}) }];
    const item = { text: 'Times missing: not a number', field: 'children[0].missing_count' };
    const models = [{ sections: [{ id: 'form_problems', items: [item] }] }, { sections: [{ id: 'form_problems', items: [item] }] }];
    const errors = formProblems(models, sets, [{ indexMaps: new Map() }, { indexMaps: new Map() }], form);
    assert.equal(errors.length, 1);
    assert.equal(errors[0].control.id, 'n');
    assert.equal(errors[0].text, 'Times missing: not a number');
  });
});

describe('hidden.js: the outcome carried by the council\'s own submit', () => {
  test('one hidden input each, filled from the outcome', () => {
    const { doc, form } = page('');
    const hidden = addHiddenInputs(doc, form, 'x');
    fillHiddenInputs(hidden, { level: { id: 'early_help' }, actions: [{ id: 'a1' }, { id: 'a2' }], ruleSet: { name: 'R', version: '2' }, date: '2026-11-20' });
    const values = Object.fromEntries([...form.querySelectorAll('input[type=hidden]')].map((i) => [i.name, i.value]));
    assert.equal(values['x-level'], 'early_help');
    assert.equal(values['x-actions'], 'a1,a2');
    assert.equal(values['x-rule-set-version'], '2');
    assert.equal(JSON.parse(values['x-outcome']).level.id, 'early_help');
  });
});

// A presentation model as the engine sends it (engine/src/present/mod.rs),
// written out so the drawing is tested apart from the engine.
const MODEL = {
  audience: 'screener',
  headline: { tone: 'urgent', title: 'Significant harm in the context: hold a context conference', lines: ['No child named yet'] },
  sections: [
    { id: 'screened', heading: 'What was screened', items: [{ text: 'No child named yet' }, { text: 'Neighbourhood and public space: screened from 4 answers' }] },
    { id: 'reasons', heading: 'Why', items: [{ text: 'Adults giving children food and lifts', code: 'NBH5', detail: ['Place: Kingfisher Chicken', 'Why it matters: grooming starts with gifts', 'Source: Contextual Safeguarding toolkit'] }] },
    { id: 'actions', heading: 'What to do next', items: [{ text: 'Hold a context conference', code: 'context_conference', detail: ['Because of: Adults giving children food and lifts'], urgent: true }] },
    { id: 'questions', heading: 'Questions that would help decide', intro: '1 question, those that could change the most first.', items: [{ text: 'Is a child in immediate danger?', field: 'immediate_danger', code: 'IMM1', detail: ['Could raise the level to Child protection (section 47)'] }] },
    { id: 'form_problems', heading: 'Answers that could not be read', intro: 'These answers are treated as blank, so the result may be too low.', items: [{ text: 'Date of birth: not a real date', field: 'children[0].date_of_birth', about: 'Child 1' }] },
  ],
  counts: { questions: 1 },
  advisory: 'This screening is advisory. It supports professional judgement and never replaces it.',
};

/** Every string of a model: what a view may show of it. */
function modelStrings(models) {
  const out = new Set();
  const add = (s) => typeof s === 'string' && s !== '' && out.add(s);
  for (const m of models) {
    add(m.advisory);
    add(m.headline.title);
    m.headline.lines.forEach(add);
    for (const s of m.sections) {
      [s.heading, s.intro, s.more].forEach(add);
      for (const i of s.items) [i.text, i.code, i.about, ...(i.detail ?? [])].forEach(add);
    }
  }
  return out;
}

/**
 * The contract: every text node under `root` is a string the engine sent, one
 * of the control words the drawing lists (CONTROL_WORDS), or one of the
 * package's own notices about itself (NOTICES) or the page's given words.
 * Returns those that are not: what JavaScript worded itself.
 */
export function wordsNotFromEngine(root, models, pageWords = []) {
  const ok = new Set([...modelStrings(models), ...CONTROL_WORDS, ...Object.values(NOTICES), ...pageWords]);
  const out = [];
  const walk = (node) => {
    for (const child of node.childNodes) {
      if (child.nodeType === 3 && child.textContent.trim() !== '' && !ok.has(child.textContent)) out.push(child.textContent);
      else if (child.nodeType === 1) walk(child);
    }
  };
  walk(root);
  return out;
}

describe('model.js and render.js: drawing the engine\'s presentation model', () => {
  test('each section is marked with its id, the headline with its tone; codes sit small beside the words', () => {
    const { doc } = page('');
    const root = doc.createElement('div');
    root.append(...renderModel(doc, MODEL, { headingLevel: 2, level: 'child_protection' }));
    assert.deepEqual([...root.querySelectorAll('[data-section]')].map((s) => s.getAttribute('data-section')), ['screened', 'reasons', 'actions', 'questions', 'form_problems']);
    const headline = root.querySelector('[data-headline]');
    assert.equal(headline.getAttribute('data-tone'), 'urgent');
    assert.equal(headline.getAttribute('data-level'), 'child_protection');
    assert.equal(headline.querySelector('h2').textContent, MODEL.headline.title);
    assert.equal(root.querySelector('[data-section=reasons] .screening-code').textContent, 'NBH5');
    assert.ok(root.querySelector('[data-section=actions] li[data-urgent] .govuk-warning-text'), 'an urgent action is a GOV.UK warning');
    assert.ok(root.querySelector('[data-section=reasons] details'), 'a long detail opens on demand');
    assert.deepEqual(wordsNotFromEngine(root, [MODEL]), []);
    assert.equal(announcement(MODEL), 'Significant harm in the context: hold a context conference. No child named yet');
  });

  test('only the sections asked for, in the model\'s order', () => {
    const { doc } = page('');
    const root = doc.createElement('div');
    root.append(...renderModel(doc, MODEL, { sections: ['questions', 'reasons'] }));
    assert.deepEqual([...root.querySelectorAll('[data-section]')].map((s) => s.getAttribute('data-section')), ['reasons', 'questions']);
  });

  test('a section drawn closed keeps its heading as the summary and adds no word', () => {
    const { doc } = page('');
    const root = doc.createElement('div');
    root.append(...renderModel(doc, MODEL, { collapse: ['reasons'], open: new Set() }));
    const reasons = root.querySelector('[data-section=reasons]');
    assert.equal(reasons.querySelector(':scope > details > summary h3').textContent, 'Why');
    assert.equal(reasons.querySelector(':scope > details').hasAttribute('open'), false);
    assert.equal(root.querySelector('[data-section=actions] > details'), null, 'only the sections asked for');
    assert.deepEqual(wordsNotFromEngine(root, [MODEL]), []);
  });

  test('the contract test catches a word JavaScript made up', () => {
    const { doc } = page('');
    const root = doc.createElement('div');
    root.append(...renderModel(doc, MODEL), el(doc, 'p', {}, 'No rule raised the level.'));
    assert.deepEqual(wordsNotFromEngine(root, [MODEL]), ['No rule raised the level.']);
  });

  test('attach\'s view: the companions\' prompts join, unreadable answers go to the error summary, links reach controls', () => {
    const { doc, form } = page('<input id="idn" name="immediate_danger">');
    const body = doc.createElement('div');
    const companion = {
      ...MODEL,
      headline: { tone: 'not_screened', title: 'Not screened yet', lines: [] },
      sections: [{ id: 'prompts', heading: 'Points to check in the referral', items: [{ text: 'Describe what was done to the child, not what the child did.' }] }],
    };
    const errors = [{ field: 'children[0].date_of_birth', text: 'Date of birth: not a real date', control: null }];
    render(doc, body, { view: 'screener', headingLevel: 2, title: NOTICES.screenerTitle, debug: false },
      { model: MODEL, companions: [companion], errors, problems: [], nothingBound: false, level: 'child_protection' },
      (field) => (field === 'immediate_danger' ? form.querySelector('#idn') : null));
    const ids = [...body.querySelectorAll('[data-section]')].map((s) => s.getAttribute('data-section'));
    assert.deepEqual(ids, ['screened', 'reasons', 'actions', 'prompts', 'questions'], 'the prompts section from the companion, before the questions');
    assert.equal(body.querySelector('[data-screening-error-summary] h3').textContent, 'Answers that could not be read');
    assert.equal(body.querySelector('[data-section=questions] li[data-field=immediate_danger] a').getAttribute('href'), '#idn');
    assert.equal(body.querySelector('[data-headline]').textContent.includes('Not screened yet'), false, 'a companion\'s headline is not shown');
    assert.deepEqual(wordsNotFromEngine(body, [MODEL, companion]), []);
  });

  test('a binding that shares nothing draws a warning and no result; a failed evaluation shows the engine\'s message only', () => {
    const { doc } = page('');
    const body = doc.createElement('div');
    render(doc, body, { view: 'screener', headingLevel: 2, title: 'T', debug: false }, { nothingBound: true, problems: [] }, () => null);
    assert.ok(body.querySelector('[data-screening-not-bound]'));
    assert.equal(body.querySelector('[data-headline]'), null);
    assert.deepEqual(wordsNotFromEngine(body, [], ['T']), []);
    renderError(doc, body, { headingLevel: 2, title: 'T' }, new Error('The form is too large'));
    assert.deepEqual(wordsNotFromEngine(body, [], ['T', 'The form is too large']), []);
    assert.equal(summaryAnnouncement(MODEL, { nothingBound: true }), NOTICES.notBoundAnnouncement);
    // The unreadable answers first (as GOV.UK's error summary), then the headline: all the model's words.
    assert.equal(summaryAnnouncement(MODEL, { nothingBound: false }), `Answers that could not be read. Date of birth: not a real date. ${announcement(MODEL)}`);
    const clean = { ...MODEL, sections: MODEL.sections.filter((x) => x.id !== 'form_problems') };
    assert.equal(summaryAnnouncement(clean, { nothingBound: false }), announcement(MODEL));
  });

  test('withCompanions merges data only: the same prompt twice is shown once', () => {
    const prompt = { text: 'P' };
    const m = withCompanions({ ...MODEL, sections: [{ id: 'prompts', heading: 'H', items: [prompt] }] }, [{ sections: [{ id: 'prompts', heading: 'H', items: [prompt, { text: 'Q' }] }] }]);
    assert.deepEqual(m.sections[0].items.map((i) => i.text), ['P', 'Q']);
  });

  test('on the engine\'s own models: every training case, every audience, nothing worded in JavaScript and no id for a referrer', () => {
    const rules = compile(readFileSync(join(ROOT, 'rules', 'contextual-safeguarding.rules'), 'utf8'));
    const dir = join(ROOT, 'rules', 'cases');
    const cases = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => [f, JSON.parse(readFileSync(join(dir, f), 'utf8'))]);
    assert.ok(cases.length >= 5, `${cases.length} cases`);
    for (const [name, form] of [['empty', {}], ...cases]) {
      for (const audience of ['referrer', 'screener', 'print']) {
        const model = rules.present(form, { audience, date: '2026-11-20' });
        const { doc } = page('');
        const root = doc.createElement('div');
        root.append(...renderModel(doc, model, { expand: audience === 'print' }));
        assert.deepEqual(wordsNotFromEngine(root, [model]), [], `${name}, ${audience}`);
        assert.equal(root.querySelectorAll('[data-section]').length, model.sections.length, `${name}, ${audience}: every section drawn`);
        if (audience === 'referrer') assert.equal(root.querySelectorAll('[data-code]').length, 0, `${name}: no rule or action id for a referrer`);
      }
    }
  });

  test('el() sets attributes and text (never HTML)', () => {
    const { doc } = page('');
    const node = el(doc, 'p', { class: 'x', hidden: false, 'data-a': 1 }, '<b>not markup</b>', null);
    assert.equal(node.outerHTML, '<p class="x" data-a="1">&lt;b&gt;not markup&lt;/b&gt;</p>');
  });
});

const RULES = `rule set "Parts"

levels
  universal "Universal services"
  early_help "Early help"
end

actions
  talk "Talk to the family"
end

form
  field danger "In danger now?": yes or no
  list children "Children": each child "Child"
    field missing_count "Times missing": number
  end
end

rule DANGER "In danger"
  context individual
  kind risk
  when danger is yes
  then
    raise to early_help
    action talk
  rationale "Test."
  source "Test"
end

rule MISSING "Missing often"
  context individual
  kind risk
  when any child in children where child.missing_count is at least 3
  then raise to early_help
  rationale "Test."
  source "Test"
end
`;

describe('lifecycle.js and load.js: attach and screenForm', () => {
  test('attach screens at once and again on input, and detach leaves the page as it was', async () => {
    const { window, doc, form } = page(
      '<input type="radio" name="danger" value="yes"><input type="radio" name="danger" value="no"><input name="children[0][missing_count]">',
      '<div id="out"></div>',
    );
    const rs = compile(RULES);
    assert.equal(isRuleSet(rs), true);
    assert.equal(findContainer(doc, '#out').id, 'out');
    assert.throws(() => findContainer(doc, '#nowhere'), /somewhere to show results/);
    const seen = [];
    const a = attach(form, rs, { container: '#out', view: 'screener', debounce: 0, date: '2026-11-20', onOutcome: (o) => seen.push(o.level.id) });
    assert.deepEqual(a.problems, []);
    assert.deepEqual(seen, ['universal']);
    form.querySelector('input[value=yes]').checked = true;
    form.dispatchEvent(new window.Event('change', { bubbles: true }));
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(seen, ['universal', 'early_help']);
    assert.deepEqual(a.answers, { danger: true });
    assert.equal(doc.querySelector('#out [data-level]').getAttribute('data-level'), 'early_help');
    a.detach();
    assert.equal(doc.querySelector('#out').childNodes.length, 0);
    await window.happyDOM.close();
  });

  test('screenForm with neither rules nor compiled fails in plain words and leaves the form alone', async () => {
    const { window, doc, form } = page('<input name="danger">', '<div data-screening-results></div>');
    const errors = [];
    const original = console.error;
    console.error = (m) => errors.push(m);
    let a;
    try {
      a = await screenForm(form, {});
    } finally {
      console.error = original;
    }
    assert.match(String(a.error.message), /needs options\.rules .* or options\.compiled/);
    assert.equal(errors.length, 1);
    assert.match(doc.querySelector('[data-screening-unavailable]').textContent, /not available at the moment/);
    assert.equal(a.screen(), null);
    await window.happyDOM.close();
  });

  test('attach.js is the manifest: the same functions as its parts', () => {
    assert.equal(top.attach, attach);
    assert.equal(top.screenForm, screenForm);
    assert.match(top.WORDING_RULES_URL, /\/rules\/language\.rules$/);
    assert.equal(typeof top.sortUndecided, 'function');
  });
});
