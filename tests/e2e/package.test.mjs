// `npm pack` gives a tarball that a fresh project can install and use.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE, ROOT, needBuilt } from './helpers.mjs';

needBuilt();
let work;
let tarball;

before(() => {
  work = mkdtempSync(join(tmpdir(), 'screening-pack-'));
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: PACKAGE, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const [info] = JSON.parse(out);
  tarball = { path: join(work, info.filename), files: info.files.map((f) => f.path).sort(), size: info.size };
});
after(() => work && rmSync(work, { recursive: true, force: true }));

test('the tarball holds the module, types, README, both optimised .wasm builds and the wording rule set, and nothing else', () => {
  assert.deepEqual(tarball.files, [
    'README.md',
    'attach.d.ts',
    'attach.js',
    // attach.js's parts, one job a file: every one of them, and only them.
    ...readdirSync(join(PACKAGE, 'attach')).filter((f) => f.endsWith('.js')).map((f) => `attach/${f}`),
    'common.js',
    'compiled.d.ts',
    'compiled.js',
    'compiled-form.js',
    'engine-types.d.ts',
    'index.d.ts',
    'index.js',
    'package.json',
    'pkg-runtime/screening_runtime.d.ts',
    'pkg-runtime/screening_runtime.js',
    'pkg-runtime/screening_runtime_bg.wasm',
    'pkg-tools/screening_tools.d.ts',
    'pkg-tools/screening_tools.js',
    'pkg-tools/screening_tools_bg.wasm',
    'pkg/screening_engine.d.ts',
    'pkg/screening_engine.js',
    'pkg/screening_engine_bg.wasm',
    'questions.d.ts',
    'questions.js',
    'rules-module.mjs',
    'rules/language.js',
    'rules/language.rules',
    'rules/language.wasm',
  ].sort());
});

test('a fresh project installs the tarball and screens a form with it', () => {
  const app = join(work, 'app');
  execFileSync('mkdir', ['-p', app]);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'fresh-app', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', tarball.path], { cwd: app, stdio: ['ignore', 'ignore', 'inherit'] });
  assert.ok(existsSync(join(app, 'node_modules', 'screening-engine', 'pkg', 'screening_engine_bg.wasm')));
  writeFileSync(join(app, 'rules.rules'), readFileSync(join(ROOT, 'tests', 'corpus', 'eval', 'example.rules')));
  writeFileSync(
    join(app, 'main.js'),
    `import { init, compile, compileToWasm, check, format, CompileError } from 'screening-engine';
import { loadCompiledRuleSet } from 'screening-engine/compiled';
import { attach } from 'screening-engine/attach';
import { readFileSync, writeFileSync } from 'node:fs';
await init();
const rs = compile(readFileSync('rules.rules', 'utf8'));
const form = { received: '2026-11-19', children: [{ missing_episodes: [{ started: '2026-11-01', found_out_of_area: true }] }] };
const o = rs.evaluate(form, { date: '2026-11-20' });
let diagnostics = null;
try { compile('rule set "x"'); } catch (e) { diagnostics = e instanceof CompileError ? e.diagnostics.length : -1; }
// A compiled rule set, written to a file and loaded from it by the runtime.
writeFileSync('rules.wasm', await compileToWasm(readFileSync('rules.rules', 'utf8')));
const fast = await loadCompiledRuleSet(new URL('./rules.wasm', import.meta.url));
console.log(JSON.stringify({ name: rs.name, version: rs.version, level: o.level.id, actions: o.actions.map((a) => a.id),
  tests: rs.runTests().failed, attach: typeof attach, check: Array.isArray(check('')), format: (await format(readFileSync('rules.rules', 'utf8'))).length > 0, diagnostics,
  compiledSame: JSON.stringify(fast.evaluate(form, { date: '2026-11-20' })) === JSON.stringify(o) }));
`,
  );
  const result = JSON.parse(execFileSync('node', ['main.js'], { cwd: app, encoding: 'utf8' }));
  assert.equal(result.name, 'Example screening');
  assert.equal(result.version, '0.1.0');
  assert.equal(result.level, 'child_protection');
  assert.ok(result.actions.includes('strategy_discussion'));
  assert.equal(result.tests, 0);
  assert.equal(result.attach, 'function');
  assert.equal(result.check, true);
  assert.equal(result.format, true);
  assert.ok(result.diagnostics > 0);
  assert.equal(result.compiledSame, true, 'the compiled rule set, loaded by the installed runtime, gives the same outcome');
  // The types resolve from the package's exports.
  const pkg = JSON.parse(readFileSync(join(app, 'node_modules', 'screening-engine', 'package.json'), 'utf8'));
  assert.equal(pkg.exports['.'].types, './index.d.ts');
  assert.equal(pkg.exports['./attach'].types, './attach.d.ts');
});

test('the TypeScript types check against code that uses the API', () => {
  const app = join(work, 'app');
  writeFileSync(
    join(app, 'use.ts'),
    `import { init, compile, compileToWasm, check, limits, CompileError, FormError, type Outcome, type SchemaField, type ListField, type Limits, type TestForm, type CompiledDecision, type Diagnostic } from 'screening-engine';
import { loadCompiledRuleSet, CompiledRuleSet, CompiledRuleSetError } from 'screening-engine/compiled';
import { attach, screenForm, sortUndecided, WORDING_RULES_URL, type Attachment, type BindingProblem } from 'screening-engine/attach';
import { sortUndecided as sortAgain, type SortedUndecided } from 'screening-engine/questions';
export async function bind(form: HTMLFormElement): Promise<string> {
  const a = await screenForm(form, {
    rules: 'council.rules',
    companions: [WORDING_RULES_URL, { text: 'rule set "x"' }],
    container: '#screening-results',
    view: 'referrer',
    debug: true,
    mapping: { children: { single: true }, 'children.school_attended': 'school', child_support: { name: 'childSupport', options: { 'Family Support': 'family_support', Unsure: null } } },
    answers: { referral_type: 'individual' },
    fallbacks: { received: ({ date }) => date },
    notCollected: ['incidents'],
    referrerPrompts: ['CONSENT1'],
    urgentActions: ['call_999'],
    questionsShown: 3,
    errorsAtFields: true,
    onOutcome: (outcome, answers, extra) => extra.companions.length + extra.problems.length,
  });
  const problems: BindingProblem[] = a.problems;
  const sorted: SortedUndecided | null = a.outcome ? sortUndecided(a.outcome, a.notCollected) : null;
  const again = a.outcome ? sortAgain(a.outcome, (f: string) => a.isCollected(f)) : null;
  return problems.map((p) => p.kind + p.field + p.message).join() + (sorted?.couldRiseTo?.dependsOn ?? '') + (again?.questions.length ?? 0) + a.outcomes.length + a.given.map((g) => g.how).join() + a.checkBinding().length + ('error' in a ? a.error.message : '');
}
export async function fast(bytes: Uint8Array, form: HTMLFormElement): Promise<string> {
  const rs: CompiledRuleSet = await loadCompiledRuleSet(bytes);
  const o: Outcome = rs.evaluate({ received: '2026-11-19' }, { date: '2026-11-20' });
  const d: CompiledDecision = rs.decide({ received: '2026-11-19' }, { date: '2026-11-20' });
  const a: Attachment = attach(form, rs, {});
  const b = await screenForm(form, { compiled: 'rules.wasm', runtime: '/js/screening_runtime_bg.wasm', companions: [{ compiled: bytes }] });
  try {
    return o.level.id + d.level + d.fired.join() + rs.schema().length + a.problems.length + b.problems.length + (await compileToWasm('rule set "x"')).length;
  } catch (e) {
    if (e instanceof CompiledRuleSetError) return e.code;
    throw e;
  }
}
export async function run(source: string, form: HTMLFormElement): Promise<string> {
  await init();
  const diags: Diagnostic[] = check(source);
  try {
    const rs = compile(source);
    const fields: SchemaField[] = rs.schema();
    // The generated SchemaField narrows on its type: a list has fields, a choice options.
    const nested = fields.map((f) => (f.type === 'list' ? f.fields.length + f.itemLabel.length : f.type === 'oneOf' || f.type === 'severalOf' ? f.options.length : 0));
    const lists: ListField[] = fields.filter((f): f is ListField => f.type === 'list');
    const max: Limits = limits();
    const forms: TestForm[] = rs.testForms();
    const o: Outcome = rs.evaluate({ received: '2026-11-19', children: [{ first_name: 'J' }] }, { date: '2026-11-20' });
    const a: Attachment = attach(form, rs, { mapping: { narrative: 'reason', 'children.date_of_birth': { name: 'child-{0}-dob' } }, hiddenInputs: { prefix: 'x' }, onOutcome: (out) => out.level.id });
    a.detach();
    return o.level.label + fields.length + diags.length + (o.level.couldRiseTo?.label ?? '') + o.actions.map((x) => x.requestedBy.join()).join() + nested.join() + lists.length + max.maxFormBytes + forms.map((t) => t.form ?? t.file ?? t.date).join();
  } catch (e) {
    if (e instanceof CompileError) return e.diagnostics.map((d) => d.code + d.line).join();
    if (e instanceof FormError) return e.code;
    throw e;
  }
}
`,
  );
  writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: ['es2022', 'dom'], skipLibCheck: false }, files: ['use.ts'] }));
  const tsc = join(ROOT, 'tests', 'node_modules', 'typescript', 'bin', 'tsc');
  execFileSync('node', [tsc, '-p', app], { cwd: app, stdio: ['ignore', 'inherit', 'inherit'] });
});
