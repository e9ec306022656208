// The binding in both browser builds (engine/src/binding/, exported as
// RuleSet.bind and CompiledRuleSet.bind): the same reader gives the same
// result as `screen bind` over the third council form's saved controls
// (tests/e2e/fixtures/marf), and refuses what it cannot read in words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { ROOT, RULES, needBuilt } from './helpers.mjs';
import { init, compile, compileToWasm, FormError } from '../../web-demo/package/index.js';
import { loadCompiledRuleSet } from '../../web-demo/package/compiled.js';

needBuilt();
await init();
const DATE = '2026-11-20';
const FIXTURE = join(ROOT, 'tests', 'e2e', 'fixtures', 'marf');
const controls = JSON.parse(readFileSync(join(FIXTURE, 'controls.json'), 'utf8'));
const binding = JSON.parse(readFileSync(join(FIXTURE, 'binding.json'), 'utf8'));
const source = readFileSync(RULES, 'utf8');
// The `screen` command as built by cargo (or SCREEN_BIN).
const SCREEN = process.env.SCREEN_BIN ?? join(ROOT, 'target', 'debug', 'screen');

test('the authoring and the compiled runtime bind the third form alike, with no problems', async () => {
  const authoring = compile(source).bind(controls, binding, { date: DATE });
  const runtime = (await loadCompiledRuleSet(compileToWasm(source))).bind(controls, binding, { date: DATE });
  assert.deepEqual(runtime, authoring);
  assert.deepEqual(authoring.problems, []);
  assert.equal(authoring.form.children.length, 2);
  assert.equal(authoring.form.children[0].found_far_from_home_recently, true);
  assert.deepEqual(authoring.items, { children: [0, 1] });
});

test('the same as `screen bind --json` on the command line', { skip: !existsSync(SCREEN) && `${SCREEN} is not built (cargo build --bin screen)` }, () => {
  const out = execFileSync(SCREEN, ['bind', '--json', '--date', DATE, '--binding', join(FIXTURE, 'binding.json'), RULES, join(FIXTURE, 'controls.json')]);
  assert.deepEqual(JSON.parse(out), compile(source).bind(controls, binding, { date: DATE }));
});

test('a forgotten control and a wrong rule set are problems; a wrong shape is a FormError', async () => {
  const rs = compile(source);
  const forgot = structuredClone(binding);
  delete forgot.notScreened['child[*][sex]'];
  const r = rs.bind(controls, forgot, { date: DATE });
  assert.deepEqual(r.problems.map((p) => [p.kind, p.control]), [['control-not-read', 'child[*][sex]']]);
  const wrong = rs.bind(controls, { ...binding, ruleSet: { name: 'Wording checks for referrals' } }, { date: DATE });
  assert.deepEqual(wrong.problems.map((p) => p.kind), ['wrong-rule-set']);
  assert.deepEqual(wrong.form, {});
  assert.throws(() => rs.bind({ controls: 'no' }, binding, { date: DATE }), (e) => e instanceof FormError && /controls could not be read/.test(e.message));
});

// Until attach hands its reading to the engine (issue 18, part 3), its own
// JavaScript reader and checker (attach/read.js, binding.js) must give what
// the engine gives: the same form and the same problems, word for word, on
// the third form's saved controls, with its binding whole and broken.
test("attach's JavaScript reader and checker agree with the engine's binding on the third form", async () => {
  const { Window } = await import('happy-dom');
  const { collectLeaves, collectLists } = await import('../../web-demo/package/attach/names.js');
  const { readForm } = await import('../../web-demo/package/attach/read.js');
  const { checkBinding } = await import('../../web-demo/package/attach/binding.js');
  const rs = compile(source);
  const window = new Window({ url: 'https://council.example/referral' });
  const doc = window.document;
  doc.write(readFileSync(join(FIXTURE, 'index.html'), 'utf8').replace(/<script[^>]*>[\s\S]*?<\/script>/g, ''));
  // The saved controls put back on the page.
  for (const c of controls.controls) {
    for (const el of doc.getElementsByName(c.name)) {
      if (el.tagName === 'SELECT') for (const o of el.options) o.selected = c.options.find((x) => x.value === o.value).checked;
      else if (c.options) el.checked = c.options.find((x) => x.value === el.value).checked;
      else el.value = c.value;
    }
  }
  const form = doc.getElementById('marf');
  const broken = structuredClone(binding);
  for (const k of Object.keys(broken.mapping)) if (k.startsWith('children.')) delete broken.mapping[k];
  delete broken.notScreened['child[*][sex]'];
  broken.notScreened.ref_phone = '';
  broken.mapping['childen.first_name'] = 'x';
  broken.answers.recieved = '2026-01-01';
  const slips = structuredClone(binding);
  slips.mapping['children.send'] = { name: 'child[{0}][send]', options: { Yes: 'maybe' } };
  slips.mapping['children.first_name'] = 'child[{0}][firstname]';
  slips.mapping['children.place_signs'].names[1] = 'child[{0}][hotels]';
  for (const b of [binding, broken, slips]) {
    const schema = rs.schema();
    const leaves = collectLeaves(schema, b.mapping);
    const lists = collectLists(schema, b.mapping);
    const js = readForm(form, schema, leaves, lists, b.mapping);
    const checked = checkBinding(form, [{ leaves, lists }], { mapping: b.mapping, fixed: b.answers ?? {}, fallbacks: b.fallbacks ?? {}, declaredNotCollected: b.notCollected ?? [], notScreened: b.notScreened ?? {} });
    const engine = rs.bind(controls, b, { date: DATE });
    const { received, referral_type, recieved, ...read } = engine.form;
    assert.deepEqual(read, js.answers);
    assert.deepEqual(engine.problems.map((p) => `${p.kind}: ${p.message}`), checked.problems.map((p) => `${p.kind}: ${p.message}`));
  }
});

// The example forms' own glue, read for its options (its call to screenForm
// caught), as the binding data the engine takes: functions left out.
async function glueBinding(file) {
  const text = readFileSync(file, 'utf8').replace(/^import \{([^}]*)\} from '[^']*attach\.js';/m, (_, names) => `const {${names}} = globalThis.__glue;`);
  const saved = { window: globalThis.window, document: globalThis.document, location: globalThis.location };
  const glue = { screenForm: async (_form, options) => { glue.options = options; return {}; }, WORDING_RULES_URL: 'language.rules' };
  Object.assign(globalThis, { __glue: glue, window: {}, document: { getElementById: () => null }, location: { search: '' } });
  try {
    await import(`data:text/javascript,${encodeURIComponent(text)}`);
  } finally {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete globalThis[k]; else globalThis[k] = v;
    delete globalThis.__glue;
  }
  const plain = (o) => Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => typeof v !== 'function'));
  const o = glue.options;
  return { mapping: o.mapping ?? {}, answers: plain(o.answers), fallbacks: plain(o.fallbacks), notCollected: o.notCollected ?? [], notScreened: o.notScreened ?? {} };
}

test("on both example forms, every control answered, attach's JavaScript reader and the engine's binding agree", async () => {
  const { Window } = await import('happy-dom');
  const { collectLeaves, collectLists } = await import('../../web-demo/package/attach/names.js');
  const { readForm } = await import('../../web-demo/package/attach/read.js');
  const { checkBinding } = await import('../../web-demo/package/attach/binding.js');
  const { collectControls } = await import('../../web-demo/package/attach/controls.js');
  const BUILD = join(ROOT, 'web-demo', 'build');
  for (const [dir, formId, rules] of [['example-form', 'referral-form', RULES], ['example-form-one-child', 'referral', join(BUILD, 'example-form-one-child', 'council.rules')]]) {
    const b = await glueBinding(join(ROOT, 'web-demo', dir, 'screening.js'));
    const rs = compile(readFileSync(rules, 'utf8'));
    const doc = new Window({ url: 'https://council.example/referral' }).document;
    doc.write(readFileSync(join(BUILD, dir, 'index.html'), 'utf8').replace(/<script[^>]*>[\s\S]*?<\/script>/g, ''));
    const form = doc.getElementById(formId);
    // Every question answered: the first choice of each group, a number or a date part where one is asked, text elsewhere.
    for (const el of form.elements) {
      const type = (el.type || '').toLowerCase();
      if (type === 'radio' || type === 'checkbox') doc.getElementsByName(el.name)[0].checked = true;
      else if (el.tagName === 'SELECT') { if (el.options.length > 1) el.options[1].selected = true; }
      else if (type !== 'hidden' && type !== 'submit' && type !== 'button') el.value = /day\]?$/.test(el.name) ? '3' : /month\]?$/.test(el.name) ? '4' : /year\]?$/.test(el.name) ? '2012' : /count|percent|episodes|number/i.test(el.name) ? '2' : 'x';
    }
    const schema = rs.schema();
    const leaves = collectLeaves(schema, b.mapping);
    const lists = collectLists(schema, b.mapping);
    const js = readForm(form, schema, leaves, lists, b.mapping);
    const checked = checkBinding(form, [{ leaves, lists }], { mapping: b.mapping, fixed: b.answers, fallbacks: b.fallbacks, declaredNotCollected: b.notCollected, notScreened: b.notScreened });
    const engine = rs.bind(collectControls(form), b, { date: DATE });
    const read = { ...engine.form };
    for (const k of Object.keys(b.answers)) delete read[k];
    assert.deepEqual(read, js.answers, dir);
    assert.ok(Object.keys(js.answers).length > 3, dir);
    assert.deepEqual(engine.problems.map((p) => `${p.kind}: ${p.message}`), checked.problems.map((p) => `${p.kind}: ${p.message}`), dir);
  }
});
