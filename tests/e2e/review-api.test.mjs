// The policy lead's review tools through the browser build (the raw
// wasm-bindgen exports of the tools build, pkg-tools/, which works from rule
// text): the same reports as `screen diff`, `screen test
// --coverage` and `screen doc`, and a clean Error for a file with errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, PACKAGE, needBuilt } from './helpers.mjs';

needBuilt();
const wasm = await import(join(PACKAGE, 'pkg-tools', 'screening_tools.js'));
await wasm.default({ module_or_path: readFileSync(join(PACKAGE, 'pkg-tools', 'screening_tools_bg.wasm')) });

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
