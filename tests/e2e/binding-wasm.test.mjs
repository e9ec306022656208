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
  const runtime = (await loadCompiledRuleSet(await compileToWasm(source))).bind(controls, binding, { date: DATE });
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

// The third form's glue, read for its options (its call to screenForm caught).
async function glueOptions(file) {
  const text = readFileSync(file, 'utf8').replace(/^import \{([^}]*)\} from '[^']*attach\.js';/m, (_, names) => `const {${names}} = globalThis.__glue;`);
  const saved = { window: globalThis.window, document: globalThis.document, location: globalThis.location };
  const glue = { screenForm: async (_form, options) => { glue.options = options; return {}; } };
  Object.assign(globalThis, { __glue: glue, window: {}, document: { getElementById: () => null }, location: { search: '' } });
  try {
    await import(`data:text/javascript,${encodeURIComponent(text)}`);
  } finally {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete globalThis[k]; else globalThis[k] = v;
    delete globalThis.__glue;
  }
  return glue.options;
}

test("the saved binding the CLI tests bind with is the third form's glue's own", async () => {
  const o = await glueOptions(join(FIXTURE, 'screening.js'));
  for (const key of ['mapping', 'answers', 'notScreened', 'notCollected', 'ruleSet']) assert.deepEqual(binding[key], o[key], key);
  // The one function in the glue, the screening date as the date received, is { today: true } as data.
  assert.equal(typeof o.fallbacks.received, 'function');
  assert.equal(o.fallbacks.received({ date: DATE }), DATE);
  assert.deepEqual(binding.fallbacks, { received: { today: true } });
});
