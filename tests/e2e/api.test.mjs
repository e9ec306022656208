// The JavaScript API in Node: what a page or an editor relies on, and that a
// bad value from JavaScript gives a clean error and never breaks the instance.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, RULES, needBuilt } from './helpers.mjs';
import { init, compile, check, format, outline, RuleEditor, CompileError, FormError } from '../../web-demo/package/index.js';

needBuilt();
await init();
const EXAMPLE_RULES = readFileSync(join(ROOT, 'tests', 'corpus', 'eval', 'example.rules'), 'utf8');
const FOUND = JSON.parse(readFileSync(join(ROOT, 'tests', 'corpus', 'eval', 'example.found-out-of-area.form.json'), 'utf8'));
const ruleset = compile(EXAMPLE_RULES);
const baseline = JSON.stringify(ruleset.evaluate(FOUND, { date: '2026-11-20' }));

test('compile gives the header, schema and tests', () => {
  assert.equal(ruleset.name, 'Example screening');
  assert.equal(ruleset.version, '0.1.0');
  assert.equal(ruleset.info().owner, 'Safeguarding policy lead');
  const children = ruleset.schema().find((f) => f.name === 'children');
  assert.equal(children.type, 'list');
  assert.equal(children.itemLabel, 'Child');
  const concerns = children.fields.find((f) => f.name === 'concerns');
  assert.equal(concerns.type, 'severalOf');
  assert.deepEqual(concerns.options.map((o) => o.id), ['missing', 'money', 'phones']);
  const report = ruleset.runTests();
  assert.equal(report.failed, 0);
  assert.ok(report.passed >= 2);
});

test('the shipped rule set compiles and its tests pass, with their form files', () => {
  const source = readFileSync(RULES, 'utf8');
  const rs = compile(source);
  const files = {};
  for (const m of source.matchAll(/^\s*form "([^"]+\.json)"/gm)) files[m[1]] = readFileSync(join(ROOT, 'rules', m[1]), 'utf8');
  const report = rs.runTests(files);
  assert.ok(report.passed > 10);
  assert.deepEqual(report.tests.filter((t) => !t.passed).map((t) => [t.name, t.failures]), []);
  // Without the files, the tests that need them fail with a reason rather than throwing.
  const without = rs.runTests();
  assert.ok(without.failed > 0 && without.tests.some((t) => t.failures.some((f) => f.includes('cannot be read'))));
});

// The demo's Rules tab links each test to its line (it showed "line undefined" when the engine sent none).
test('each test result says the line and column where its test starts', () => {
  const lines = EXAMPLE_RULES.split('\n');
  const report = ruleset.runTests();
  assert.ok(report.tests.length > 0);
  for (const t of report.tests) {
    assert.ok(Number.isInteger(t.line) && t.line >= 1 && Number.isInteger(t.column) && t.column >= 1, `${t.name}: line ${t.line}, column ${t.column}`);
    assert.match(lines[t.line - 1].slice(t.column - 1), /^test\b/, `${t.name} does not start at line ${t.line}, column ${t.column}`);
  }
});

test('a rule file with errors throws CompileError carrying every diagnostic as data', () => {
  const broken = EXAMPLE_RULES.replace('when narrative contains', 'when narative contains').replace('raise to child_in_need', 'raise to child_in_nede');
  let error;
  try {
    compile(broken);
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof CompileError && error instanceof Error);
  const errors = error.diagnostics.filter((d) => d.severity === 'error');
  assert.ok(errors.length >= 2, 'both mistakes are reported');
  for (const d of error.diagnostics) {
    assert.deepEqual(Object.keys(d).sort(), ['code', 'column', 'endColumn', 'endLine', 'help', 'line', 'message', 'severity']);
    assert.ok(d.line > 0 && d.column > 0 && d.message.length > 0);
  }
  assert.deepEqual(check(broken), error.diagnostics, 'check() gives the same list without throwing');
  assert.match(error.message, /line \d+ column \d+/);
});

test('a RuleEditor gives, in one call per change, what check and compile give', () => {
  const source = readFileSync(RULES, 'utf8');
  const editor = new RuleEditor();
  const texts = [
    source,
    source.replace('\nrule IMM2 "', '\nrule IMM2 "x'), // a title typed in
    source.replace('\nrule IMM2 "', '\nrul IMM2 "'), // a block broken
    source.replace('\nrule IMM2 "', '\n# a line\nrule IMM2 "'), // every block after it moved down
    '', // everything deleted
    source,
  ];
  for (const text of texts) {
    const { diagnostics, ruleSet } = editor.update(text);
    assert.deepEqual(diagnostics, check(text));
    let fresh = null;
    try {
      fresh = compile(text);
    } catch (err) {
      if (!(err instanceof CompileError)) throw err;
      assert.deepEqual(err.diagnostics, diagnostics);
    }
    assert.equal(ruleSet === null, fresh === null, 'a rule set exactly when the file compiles');
    if (ruleSet) {
      assert.equal(JSON.stringify(ruleSet.evaluate(FOUND, { date: '2026-11-20' })), JSON.stringify(fresh.evaluate(FOUND, { date: '2026-11-20' })));
      assert.deepEqual(ruleSet.schema(), fresh.schema());
      ruleSet.free();
      fresh.free();
    }
  }
  assert.ok(editor.update(texts[2]).diagnostics.some((d) => d.severity === 'error' && d.line > 1));
  assert.throws(() => editor.update(42), TypeError);
  editor.free();
});

test('outline gives the blocks of the shipped file, their lines and the numbers in them, also with an error', () => {
  const source = readFileSync(RULES, 'utf8');
  const lines = source.split('\n');
  const blocks = outline(source);
  assert.ok(blocks.every((b) => b.parsed));
  // Every rule and floor the text declares, on the line it starts, ending at its `end`.
  const declared = [...source.matchAll(/^(rule|floor) (\w+) "([^"]*)"/gm)].filter((m) => m[2] !== 'set').map((m) => `${m[1]} ${m[2]} ${m[3]}`);
  const found = blocks.filter((b) => b.kind === 'rule' || b.kind === 'floor');
  assert.deepEqual(found.map((b) => `${b.kind} ${b.id} ${b.title}`), declared);
  for (const b of found) {
    assert.match(lines[b.line - 1], new RegExp(`^(rule|floor) ${b.id} `));
    assert.equal(lines[b.endLine - 1].trim(), 'end');
    // Each number is where it says, and is a number as written.
    for (const n of b.numbers) assert.equal([...lines[n.line - 1]].slice(n.column - 1, n.endColumn - 1).join(''), n.text);
  }
  const levels = blocks.find((b) => b.kind === 'levels').entries.map((e) => e.id);
  assert.ok(levels.length >= 4 && levels[0] === 'universal');
  assert.ok(blocks.filter((b) => b.kind === 'test').length > 100);
  // A syntax error in one rule: that block is not parsed, the others are as before.
  const broken = source.replace(/^(rule MIS3 .*\n(?:.*\n)*?)  then\n/m, '$1  then then\n');
  const again = outline(broken);
  const mis3 = again.find((b) => b.kind === 'rule' && !b.parsed);
  assert.ok(mis3, 'the broken rule is listed as not parsed');
  assert.equal(again.filter((b) => b.parsed && b.kind === 'rule').length, found.filter((b) => b.kind === 'rule').length - 1);
  assert.throws(() => outline(42), /must be a string/);
});

test('testBlock writes a test of the referral that passes, in the standard layout, as screen eval --as-test does', async () => {
  const block = ruleset.testBlock('Found out of area, as "screened"', FOUND, { date: '2026-11-20' });
  assert.match(block, /^test "Found out of area, as 'screened'"\n  date 2026-11-20\n  form \{\n/);
  assert.match(block, /\n  expect level \w+\n(  expect action [a-z0-9_, ]+\n)?(  expect fired [A-Z0-9_, ]+\n)?end\n$/);
  const text = `${EXAMPLE_RULES.replace(/\n*$/, '\n')}\n${block}`;
  assert.equal(await format(text), text, 'the block is already in the standard layout');
  const report = compile(text).runTests();
  const added = report.tests.find((t) => t.name === "Found out of area, as 'screened'");
  assert.ok(added && added.passed, JSON.stringify(added));
  assert.throws(() => ruleset.testBlock('x', '{not json', { date: '2026-11-20' }), FormError);
});

test('format gives the canonical layout and is stable', async () => {
  const once = await format(EXAMPLE_RULES);
  assert.equal(await format(once), once);
  await assert.rejects(() => format('rule set "x"\nlevels\n  a "A"\n'), CompileError);
});

test('evaluate returns plain objects: the outcome with its reasons', () => {
  const o = ruleset.evaluate(FOUND, { date: '2026-11-20' });
  assert.equal(Object.getPrototypeOf(o), Object.prototype);
  assert.ok(Array.isArray(o.actions));
  assert.equal(o.level.id, 'child_protection');
  assert.ok(o.fired.find((r) => r.id === 'MIS1').explanation.length > 20);
  assert.equal(o.advisory, 'This screening is advisory. It supports professional judgement and never replaces it.');
  assert.equal(ruleset.evaluate(FOUND, { date: new Date(2026, 10, 20) }).date, '2026-11-20', 'a Date works as the date');
});

test('bad values from JavaScript give clean errors, and the instance keeps working', () => {
  const cycle = { children: [] };
  cycle.children.push(cycle);
  const throwing = new Proxy({}, { ownKeys() { throw new Error('no keys for you'); }, get() { throw new Error('no'); } });
  const { proxy: revoked, revoke } = Proxy.revocable({}, {});
  revoke();
  let deep = [];
  const top = deep;
  for (let i = 0; i < 200_000; i++) deep = deep[0] = [];
  let deepObject = {};
  const topObject = { children: [deepObject] };
  for (let i = 0; i < 100; i++) deepObject = deepObject.x = {};
  const getter = { get received() { throw new TypeError('getter says no'); } };
  const huge = { narrative: 'x'.repeat(3 * 1024 * 1024) };
  const cases = [cycle, throwing, revoked, top, topObject, getter, huge, { n: 10n }, undefined, () => 1, Symbol('s'), 'not json', '{"a":'];
  for (const bad of cases) {
    assert.throws(() => ruleset.evaluate(bad, { date: '2026-11-20' }), (e) => e instanceof FormError && e.code === 'F005' && e.message.length > 0);
    assert.equal(JSON.stringify(ruleset.evaluate(FOUND, { date: '2026-11-20' })), baseline, 'still the same outcome afterwards');
  }
  // Values that are JSON but not a form: screened, with a form error.
  for (const odd of [42, 'null', [1, 2], { children: 'nope' }, { received: '2026-02-30' }, { concerns: { a: 1 } }]) {
    const o = ruleset.evaluate(odd, { date: '2026-11-20' });
    assert.ok(Array.isArray(o.formErrors));
  }
  assert.ok(ruleset.evaluate({ children: 'nope' }, { date: '2026-11-20' }).formErrors.some((e) => e.code === 'F001'));
  // Bad dates and bad sources.
  for (const date of ['2026-02-30', '20-11-2026', 12, {}, new Date(NaN)]) {
    assert.throws(() => ruleset.evaluate(FOUND, { date }), FormError);
  }
  for (const source of [null, undefined, 42, {}, ['rule set']]) {
    assert.throws(() => compile(source), TypeError);
    assert.throws(() => check(source), TypeError);
  }
  assert.throws(() => ruleset.runTests('not an object'), FormError);
  assert.throws(() => ruleset.runTests({ 'a.json': 42 }), FormError);
  assert.equal(JSON.stringify(ruleset.evaluate(FOUND, { date: '2026-11-20' })), baseline);
  assert.equal(compile(EXAMPLE_RULES).name, 'Example screening', 'compile still works');
});

test('a freed rule set says so instead of crashing', () => {
  const rs = compile(EXAMPLE_RULES);
  rs.free();
  assert.throws(() => rs.evaluate({}), /freed/);
  rs.free();
});

test('rule files that are hostile give diagnostics, not crashes', () => {
  const nested = 'rule set "x"\nlevels\n a "A"\nend\nform\n field f "F": yes or no\nend\nrule R "r"\n context individual\n kind risk\n when ' + '('.repeat(10_000) + 'f is yes' + ')'.repeat(10_000) + '\n then raise to a\n rationale "r"\n source "s"\nend\n';
  assert.ok(check(nested).some((d) => d.code === 'E006'));
  assert.ok(check('\u0000\uffff'.repeat(1000)).length > 0);
  assert.ok(check('rule set "' + 'x'.repeat(100000)).length > 0);
  assert.equal(JSON.stringify(ruleset.evaluate(FOUND, { date: '2026-11-20' })), baseline);
});

test('present gives what a person reads, worded by the engine, for each audience (issue 17)', () => {
  const empty = ruleset.present({}, { date: '2026-11-20' });
  assert.equal(empty.audience, 'referrer', 'the referrer by default');
  assert.deepEqual(empty.headline, { tone: 'not_screened', title: 'Not screened yet', lines: ['None of the answers the rules read has been given yet'] });
  assert.equal(empty.counts.questions, empty.sections.find((s) => s.id === 'questions').items.length, 'one count');
  assert.equal(empty.advisory, ruleset.evaluate({}, { date: '2026-11-20' }).advisory);

  const found = ruleset.present(FOUND, { date: '2026-11-20', audience: 'screener' });
  assert.equal(found.headline.title, 'Child protection (section 47)');
  assert.deepEqual(found.headline.lines, ['Child 1, J, 15: Child protection (section 47)']);
  const reasons = found.sections.find((s) => s.id === 'reasons');
  assert.ok(reasons.items.every((i) => typeof i.code === 'string'), 'a screener gets the codes');
  const referrer = ruleset.present(FOUND, { date: '2026-11-20', audience: 'referrer' });
  assert.ok(referrer.sections.flatMap((s) => s.items).every((i) => i.code === undefined), 'a referrer gets none');
  // The form's own words for a question, when its control's label is given;
  // given the labels of the form's controls, only the questions it has.
  const asked = ruleset.present({ children: [{ first_name: 'Mia', date_of_birth: '2017-02-01' }] }, {
    date: '2026-11-20', labels: { received: 'When did you receive this referral?', 'children.missing_episodes.found_out_of_area': 'Found out of area' },
  });
  const questions = asked.sections.find((s) => s.id === 'questions').items;
  assert.ok(questions.some((i) => i.text === 'When did you receive this referral?'), JSON.stringify(questions));
  assert.ok(questions.every((i) => i.field === 'received' || i.field.startsWith('children[0].missing_episodes')), JSON.stringify(questions));
  assert.equal(asked.counts.questions, questions.length);
  // The child a question is about is named.
  const episodes = questions.find((i) => i.field === 'children[0].missing_episodes');
  assert.equal(episodes.about, 'Child 1, Mia, 9');
  assert.equal(episodes.text, 'Missing episodes: add each missing episode, or say there are none');
  // A wrong audience is refused in words, and the instance keeps working.
  assert.throws(() => ruleset.present({}, { audience: 'trainee' }), (e) => /options of present\(\)/.test(e.message));
  assert.equal(JSON.stringify(ruleset.evaluate(FOUND, { date: '2026-11-20' })), baseline);
});
