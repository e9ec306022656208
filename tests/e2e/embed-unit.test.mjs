// Unit tests for the embedding helpers that need no browser: sortUndecided()
// (which undecided rules this form's own questions could settle) and the
// rules-module build step (a rule file as a JavaScript module).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, needBuilt } from './helpers.mjs';
import { sortUndecided, schemaPath, coveredBy } from '../../web-demo/package/questions.js';
import { rulesModule, writeRulesModule } from '../../web-demo/package/rules-module.mjs';
import { init, compile } from '../../web-demo/package/index.js';

needBuilt();
await init();

const outcome = (undecided, couldRiseTo = { id: 'high', label: 'High' }) => ({ level: { id: 'low', label: 'Low', couldRiseTo }, undecided });

describe('sortUndecided', () => {
  test('paths lose their positions; a listed list covers its fields', () => {
    assert.equal(schemaPath('children[0].missing_episodes[12].started'), 'children.missing_episodes.started');
    assert.equal(coveredBy('children.missing_episodes.started', ['children.missing_episodes']), true);
    assert.equal(coveredBy('children.missing_count', ['children.missing_episodes']), false);
    assert.equal(coveredBy('childrens', ['children']), false);
  });

  test('a rule that needs only uncollected information is reported apart, and its questions are not shown', () => {
    const o = outcome([
      { id: 'A', title: 'Rule A', needs: [{ field: 'children[0].home_signs', label: 'Child 1 › At home' }] },
      { id: 'B', title: 'Rule B', needs: [{ field: 'immediate_danger', label: 'Danger?' }, { field: 'incidents', label: 'Incidents' }] },
      { id: 'C', title: 'Rule C', needs: [{ field: 'immediate_danger', label: 'Danger?' }] },
    ]);
    const r = sortUndecided(o, ['children.home_signs', 'incidents']);
    assert.deepEqual(r.notCollected.map((x) => x.id), ['A']);
    assert.deepEqual(r.notCollected[0].needs.map((n) => n.field), ['children[0].home_signs']);
    assert.deepEqual(r.askable.map((x) => x.id), ['B', 'C']);
    assert.deepEqual(r.askable[0].alsoNeeds.map((n) => n.field), ['incidents']);
    // One question, once, with both rules it would help decide.
    assert.deepEqual(r.questions, [{ field: 'immediate_danger', label: 'Danger?', rules: [{ id: 'B', title: 'Rule B' }, { id: 'C', title: 'Rule C' }] }]);
    assert.deepEqual(r.couldRiseTo, { id: 'high', label: 'High', dependsOn: 'both' });
  });

  test('"could rise to" says which kind of information it depends on', () => {
    const onlyOff = outcome([{ id: 'A', title: 'A', needs: [{ field: 'x', label: 'X' }] }]);
    assert.equal(sortUndecided(onlyOff, ['x']).couldRiseTo.dependsOn, 'not-collected');
    assert.equal(sortUndecided(onlyOff, []).couldRiseTo.dependsOn, 'this-form');
    assert.equal(sortUndecided(outcome([], null), []).couldRiseTo, null);
  });

  test('a function can say what is collected; a rule with no needs is never hidden', () => {
    const o = outcome([{ id: 'A', title: 'A', needs: [] }, { id: 'B', title: 'B', needs: [{ field: 'children[1].x', label: 'X' }] }]);
    const seen = [];
    const r = sortUndecided(o, (f) => (seen.push(f), f.startsWith('children[1]')));
    assert.deepEqual(seen, ['children[1].x']);
    assert.deepEqual(r.notCollected.map((x) => x.id), ['A']);
    assert.deepEqual(r.questions.map((q) => q.field), ['children[1].x']);
  });

  test("the engine's ranking orders the questions and says which information could raise the level", () => {
    const o = {
      ...outcome([
        { id: 'A', title: 'A', needs: [{ field: 'a', label: 'A?' }] },
        { id: 'B', title: 'B', needs: [{ field: 'b', label: 'B?' }] },
        { id: 'C', title: 'C', needs: [{ field: 'c', label: 'C?' }] },
      ]),
      questions: [
        { field: 'c', label: 'C?', couldRaiseTo: { id: 'high', label: 'High' }, couldAdd: [], rules: ['C'], text: 'Answering "C?" could raise the level to High.' },
        { field: 'a', label: 'A?', couldRaiseTo: null, couldAdd: [{ id: 'x', label: 'X' }], rules: ['A'], text: 'Answering "A?" could add: X.' },
        { field: 'b', label: 'B?', couldRaiseTo: null, couldAdd: [], rules: ['B'], text: 'Answering "B?" decides B.' },
      ],
    };
    const r = sortUndecided(o, []);
    assert.deepEqual(r.questions.map((q) => q.field), ['c', 'a', 'b']);
    assert.deepEqual(r.questions[0].couldRaiseTo, { id: 'high', label: 'High' });
    // Data only: the engine's sentences are not passed on (the presentation model words them).
    assert.equal(r.questions[0].text, undefined);
    assert.equal(r.questions[0].effect, undefined);
    assert.equal(r.couldRiseTo.dependsOn, 'this-form');
    assert.equal(sortUndecided(o, ['c']).couldRiseTo.dependsOn, 'not-collected');
    assert.deepEqual(sortUndecided(o, ['c']).questions.map((q) => q.field), ['a', 'b']);
  });

  test('on a real outcome: every undecided rule lands in exactly one group', () => {
    const rules = compile(readFileSync(join(ROOT, 'rules', 'contextual-safeguarding.rules'), 'utf8'));
    const o = rules.evaluate({ received: '2026-11-20', children: [{ first_name: 'J', date_of_birth: '2011-03-14' }] }, { date: '2026-11-20' });
    const r = sortUndecided(o, ['incidents', 'locations', 'children.missing_episodes', 'children.home_signs']);
    assert.equal(r.askable.length + r.notCollected.length, o.undecided.length);
    assert.ok(r.notCollected.some((x) => x.id === 'HOME1'), 'HOME1 reads only the home signs, which this form does not ask');
    assert.ok(r.askable.some((x) => x.id === 'IMM1'));
    for (const q of r.questions) assert.ok(!/home_signs|missing_episodes|incidents|locations/.test(q.field), q.field);
    // Nothing is lost: each undecided rule's needs are split, not dropped.
    for (const u of o.undecided) {
      const a = r.askable.find((x) => x.id === u.id);
      const n = r.notCollected.find((x) => x.id === u.id);
      const count = a ? a.needs.length + a.alsoNeeds.length : n.needs.length;
      assert.equal(count, u.needs.length, u.id);
    }
  });
});

describe('rules-module: a rule file as a JavaScript module', () => {
  let dir;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'rules-module-'));
  });
  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  test('backticks, backslashes, ${, quotes, </script> and line separators survive exactly', async () => {
    const text = 'rule set "x"\n# `code` and \\n and ${not} and "quotes" and \'single\' and </script> and \u2028 end\n';
    const file = join(dir, 'odd.js');
    writeFileSync(file, rulesModule(text, 'odd.rules'));
    const mod = await import(pathToFileURL(file).href);
    assert.equal(mod.default, text);
    assert.ok(!readFileSync(file, 'utf8').includes('</script>'));
  });

  test('the shipped wording rule set (which has backticks in a comment) loads and compiles', async () => {
    const source = join(ROOT, 'rules', 'language.rules');
    assert.match(readFileSync(source, 'utf8'), /`/, 'the file still has a backtick, so this test means something');
    const out = join(dir, 'language.js');
    writeRulesModule(source, out);
    const mod = await import(pathToFileURL(out).href);
    assert.equal(mod.default, readFileSync(source, 'utf8'));
    const rs = compile(mod.default);
    assert.equal(rs.name, 'Wording checks for referrals');
    const o = rs.evaluate({ narrative: 'He is streetwise.' }, { date: '2026-11-20' });
    assert.deepEqual(o.prompts.map((p) => p.rule), ['LANG2']);
  });

  test('the package build copies the wording rule set rather than keeping a second copy in git', () => {
    const shipped = join(ROOT, 'web-demo', 'package', 'rules', 'language.rules');
    assert.equal(readFileSync(shipped, 'utf8'), readFileSync(join(ROOT, 'rules', 'language.rules'), 'utf8'));
    assert.match(readFileSync(join(ROOT, 'web-demo', 'package', '.gitignore'), 'utf8'), /^\/rules\/$/m);
  });
});

describe('the one-child example\'s council rule file', () => {
  test('compiles and passes every test written in it', () => {
    const rs = compile(readFileSync(join(ROOT, 'web-demo', 'example-form-one-child', 'council.rules'), 'utf8'));
    const report = rs.runTests();
    assert.deepEqual(report.tests.filter((t) => !t.passed).map((t) => `${t.name}: ${t.failures.join('; ')}`), []);
    assert.ok(report.passed >= 50, `${report.passed} tests`);
    // The council's own questions are in the schema, in the council's shape.
    const child = rs.schema().find((f) => f.name === 'children');
    const worries = child.fields.find((f) => f.name === 'worries');
    assert.deepEqual(worries.options.map((o) => o.label), ['County lines', 'Child sexual exploitation', 'Missing concerns about the child', 'Serious youth violence', 'Online safety']);
    assert.equal(child.fields.find((f) => f.name === 'missing_count').type, 'number');
  });
});
