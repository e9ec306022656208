// The policy lead's review tools through the browser build (the raw
// wasm-bindgen exports of the tools build, pkg-tools/, which works from rule
// text): the same reports as `screen diff`, `screen test
// --coverage` and `screen doc`, and a clean Error for a file with errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, PACKAGE, needBuilt } from './helpers.mjs';

needBuilt();
const wasm = await import(join(PACKAGE, 'pkg-tools', 'screening_tools.js'));
await wasm.default({ module_or_path: readFileSync(join(PACKAGE, 'pkg-tools', 'screening_tools_bg.wasm')) });
// Setting broken tests aside runs on every edit, so it is in the authoring build.
const authoring = await import(join(PACKAGE, 'pkg', 'screening_engine.js'));
await authoring.default({ module_or_path: readFileSync(join(PACKAGE, 'pkg', 'screening_engine_bg.wasm')) });

const fixture = (n) => readFileSync(join(ROOT, 'tests', 'cli', 'fixtures', n), 'utf8');
const OLD = fixture('impact-old.rules');
const NEW = fixture('impact-new.rules');

test('diffRuleSets gives the same report as screen diff --json', () => {
  const lines = fixture('referrals.jsonl').split('\n');
  const forms = {};
  lines.forEach((l, i) => {
    if (l.trim()) forms[`fixtures/referrals.jsonl line ${i + 1}`] = l;
  });
  const report = wasm.diffRuleSets(OLD, NEW, forms, undefined, '2026-11-20');
  const cli = JSON.parse(readFileSync(join(ROOT, 'tests', 'cli', 'diff-json.stdout'), 'utf8'));
  // The CLI names given forms by file and line; so does this call, so the reports match exactly.
  assert.deepEqual(report, cli);
});

test('diffRuleSets throws with the diagnostics and which file has errors', () => {
  assert.throws(
    () => wasm.diffRuleSets(OLD, fixture('e306.rules'), undefined, undefined, '2026-11-20'),
    (e) => e.code === 'COMPILE' && e.which === 'new' && e.diagnostics.some((d) => d.code === 'E306'),
  );
  assert.throws(() => wasm.diffRuleSets(OLD, NEW, 'not an object', undefined, '2026-11-20'), (e) => e.code === 'E_ARGUMENT');
});

test('diffRuleSets with tests set aside matches screen diff --set-aside-broken-tests --json; forms listed on their own dates', () => {
  const takesOut = fixture('impact-takes-out.rules');
  // Without asking, a file whose tests name what it took out is refused, as before.
  assert.throws(() => wasm.diffRuleSets(OLD, takesOut, undefined, undefined, '2026-11-20'), (e) => e.which === 'new');
  const report = wasm.diffRuleSets(OLD, takesOut, undefined, undefined, '2026-11-20', { setAsideBrokenTests: true });
  const run = spawnSync(join(ROOT, 'target', 'debug', 'screen'),
    ['diff', '--json', '--set-aside-broken-tests', '--date', '2026-11-20', 'fixtures/impact-old.rules', 'fixtures/impact-takes-out.rules'],
    { cwd: join(ROOT, 'tests', 'cli'), encoding: 'utf8' });
  assert.equal(run.status, 1, 'tests set aside still need fixing: exit 1');
  assert.deepEqual(report, JSON.parse(run.stdout));
  assert.deepEqual(report.testsSetAside.map((t) => t.name), ['Older friends, out late']);
  assert.ok(report.changed.some((c) => c.changes.some((x) => x.kind === 'actionsNeverTogether')));
  // A list of forms, each with its date, listed changed or not; only them with givenOnly.
  const forms = [{ name: 'a', form: { friends_older: true }, date: '2025-01-02' }, { name: 'b', form: '{"missing_last_30_days": 2}' }];
  const listed = wasm.diffRuleSets(OLD, NEW, forms, undefined, '2026-11-20', { listGiven: true, givenOnly: true });
  assert.equal(listed.cases, 2);
  assert.deepEqual(listed.listed.map((c) => [c.name, c.date]), [['a', '2025-01-02'], ['b', '2026-11-20']]);
  assert.throws(() => wasm.diffRuleSets(OLD, NEW, forms, undefined, '2026-11-20', { listgiven: true }), (e) => e.code === 'E_ARGUMENT' && /listgiven/.test(e.message));
  assert.throws(() => wasm.diffRuleSets(OLD, NEW, [{ name: 'x', form: {}, date: '2026-02-30' }], undefined, '2026-11-20'), (e) => e.code === 'E_ARGUMENT' && /2026-02-30/.test(e.message));
  // The engine sets the broken tests aside for the editor too.
  const aside = authoring.setAsideBrokenTests(takesOut);
  assert.deepEqual(aside.tests, report.testsSetAside);
  assert.equal(aside.text.split('\n').length, takesOut.split('\n').length, 'line numbers kept');
  assert.doesNotThrow(() => authoring.compile(aside.text).free());
  assert.equal(authoring.setAsideBrokenTests(OLD), null, 'a file that compiles has nothing to set aside');
  assert.equal(authoring.setAsideBrokenTests(fixture('e306.rules')), null, 'an error outside the tests is never set aside');
});

test('coverage matches screen test --coverage --json', () => {
  const cov = wasm.coverage(fixture('coverage.rules'), undefined, '2026-11-20');
  const cli = JSON.parse(readFileSync(join(ROOT, 'tests', 'cli', 'test-coverage-json.stdout'), 'utf8'));
  assert.deepEqual(cov, cli.files[0].coverage);
  // Conditions, boundaries and questions never answered yes, the same as the command's.
  const conditions = wasm.coverage(fixture('coverage-conditions.rules'), undefined, '2026-11-20');
  const cliConditions = JSON.parse(readFileSync(join(ROOT, 'tests', 'cli', 'test-coverage-conditions-json.stdout'), 'utf8'));
  assert.deepEqual(conditions, cliConditions.files[0].coverage);
  assert.equal(conditions.conditions.find((c) => c.text === 'child.times_missing is at least 2').boundary.failsIn, 0);
});

test('signoffDocument returns the page, with what changed since the older version', () => {
  const html = wasm.signoffDocument(NEW, OLD, undefined, '2026-11-20');
  assert.ok(html.startsWith('<!DOCTYPE html>'));
  assert.match(html, /3 added, 0 removed, 1 changed\./);
  const out = join(ROOT, 'target', 'review-api-doc.html');
  execFileSync(join(ROOT, 'target', 'debug', 'screen'), ['doc', 'fixtures/impact-new.rules', '--since', 'fixtures/impact-old.rules', '-o', out, '--date', '2026-11-20'], {
    cwd: join(ROOT, 'tests', 'cli'),
  });
  assert.equal(html, readFileSync(out, 'utf8'), 'the same bytes as screen doc writes');
});

test('the package wraps them: diffRuleSets, signoffDocument, ruleset.coverage, and CompileError with which', async () => {
  const pkg = await import(join(PACKAGE, 'index.js'));
  await pkg.init();
  const forms = new Map([['l', { missing_last_30_days: 0, seen_at_trap_house: true }]]);
  const report = await pkg.diffRuleSets(OLD, NEW, { forms, date: '2026-11-20' });
  assert.ok(report.changed.some((c) => c.name === 'l' && c.changes.some((x) => x.kind === 'level')));
  assert.equal(report.newOptions[0].option, 'trap_house');
  await assert.rejects(() => pkg.diffRuleSets(OLD, fixture('e306.rules')), (e) => e instanceof pkg.CompileError && e.which === 'new');
  await assert.rejects(() => pkg.signoffDocument(fixture('e306.rules')), (e) => e instanceof pkg.CompileError && e.which === 'new');
  assert.match(await pkg.signoffDocument(NEW, { since: OLD, date: '2026-11-20' }), /3 added, 0 removed, 1 changed\./);
  const cov = await pkg.compile(fixture('coverage.rules')).coverage(undefined, { date: '2026-11-20' });
  assert.equal(cov.rules.find((r) => r.id === 'R1').covered, true);
});
