// Size report: raw and gzipped bytes of what a page downloads, as shipped in
// the npm package (after web-demo/build-engine.sh), for the two builds:
//   - the authoring engine (rule editor, demo: compile, check, evaluate,
//     present, tests), target at most 150 KB gzipped;
//   - its tools (format, coverage, impact diff, sign-off document,
//     compileToWasm), loaded on first use, for information;
//   - the runtime for council forms (a compiled rule set, no parser), with
//     the shipped rule set compiled to .wasm, target at most 30 KB gzipped.
// Each also lists attach.js and questions.js, which a form that uses
// attach() loads besides, outside the targets (the issue counts the engine).
//
//   node tests/bench/size.mjs [--check] [--json FILE]
//   (--check: exit 1 when over a target; --json: write what a form downloads each way)
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync, constants } from 'node:zlib';
import { PACKAGE, RULES, packageImports } from '../e2e/helpers.mjs';
import { init, compileToWasm } from '../../web-demo/package/index.js';

await init();
const compiledRules = await compileToWasm(readFileSync(RULES, 'utf8'));

const gzip = (bytes) => gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION }).length;
const builds = [
  {
    name: 'authoring engine',
    target: 150 * 1024,
    // index.js imports common.js, and compiled.js (so it can load compiled
    // rule sets too), which imports its form writer (compiled-form.js) and
    // the runtime's bindings (not its .wasm).
    files: ['pkg/screening_engine_bg.wasm', 'pkg/screening_engine.js', 'index.js', 'common.js', 'compiled.js', 'compiled-form.js', 'pkg-runtime/screening_runtime.js'],
  },
  {
    // Loaded by index.js on the first call of format, coverage, diffRuleSets,
    // signoffDocument or compileToWasm: a click, never a keystroke.
    name: 'authoring tools, loaded on first use (outside the targets)',
    files: ['pkg-tools/screening_tools_bg.wasm', 'pkg-tools/screening_tools.js'],
  },
  {
    name: 'runtime + compiled shipped rule set',
    target: 30 * 1024,
    files: ['pkg-runtime/screening_runtime_bg.wasm', 'pkg-runtime/screening_runtime.js', 'compiled.js', 'compiled-form.js', 'common.js'],
    extra: [['contextual-safeguarding.wasm (compiled)', compiledRules]],
  },
];
// attach.js and its parts (attach/*.js), each loaded by a form that attaches.
const attachFiles = ['attach.js', 'questions.js', ...readdirSync(join(PACKAGE, 'attach')).filter((f) => f.endsWith('.js')).sort().map((f) => `attach/${f}`)];

let over = false;
const row = (name, raw, gz) => console.log(name.padEnd(44) + String(raw).padStart(12) + String(gz).padStart(12));
for (const build of builds) {
  console.log(`\n${build.name}`);
  console.log('file'.padEnd(44) + 'raw bytes'.padStart(12) + 'gzip -9'.padStart(12));
  let raw = 0;
  let gz = 0;
  const entries = [...build.files.map((f) => [f, readFileSync(join(PACKAGE, f))]), ...(build.extra ?? [])];
  for (const [name, bytes] of entries) {
    const g = gzip(bytes);
    raw += bytes.length;
    gz += g;
    row(name, bytes.length, g);
  }
  row('total', raw, gz);
  if (build.target === undefined) continue;
  const met = gz <= build.target;
  over ||= !met;
  console.log(`target: at most ${build.target} bytes (${build.target / 1024} KB) gzipped: ${met ? 'met' : `over by ${gz - build.target} bytes`}`);
  let araw = raw;
  let agz = gz;
  for (const f of attachFiles) {
    const bytes = readFileSync(join(PACKAGE, f));
    const g = gzip(bytes);
    araw += bytes.length;
    agz += g;
    row(`  + ${f}`, bytes.length, g);
  }
  row('total with attach() (outside the target)', araw, agz);
}
// What a council form downloads to screen, each way, with attach() and the
// wording companion: the files attach.js imports (followed, so a split of
// attach.js into parts is counted), the engine it loads, the rule set and the
// wording rules. The package README states these figures; a test keeps them true.
// The tools' bindings (pkg-tools/) are imported by index.js only on the first
// call of a tool (format, coverage, compileToWasm...), which screening never makes.
const attachGraph = packageImports('attach.js').filter((f) => !f.startsWith('pkg-tools/'));
const bytesOf = (f) => readFileSync(join(PACKAGE, f));
const ways = [
  {
    name: 'attach() with a compiled rule set (runtime)',
    key: 'compiled',
    // attach.js imports index.js (the authoring engine) only for a rule file.
    files: [...attachGraph.filter((f) => !['index.js', 'pkg/screening_engine.js'].includes(f)), 'pkg-runtime/screening_runtime_bg.wasm', 'rules/language.wasm'],
    extra: [['contextual-safeguarding.wasm (compiled)', compiledRules]],
  },
  {
    name: 'attach() with a rule file (authoring engine)',
    key: 'authoring',
    // index.js re-exports compiled.js, so this way loads every file of the graph.
    files: [...attachGraph, 'pkg/screening_engine_bg.wasm', 'rules/language.rules'],
    extra: [['contextual-safeguarding.rules', readFileSync(RULES)]],
  },
];
const downloads = {};
for (const way of ways) {
  console.log(`\nWhat a form downloads: ${way.name}`);
  let raw = 0;
  let gz = 0;
  for (const [name, bytes] of [...way.files.map((f) => [f, bytesOf(f)]), ...way.extra]) {
    const g = gzip(bytes);
    raw += bytes.length;
    gz += g;
    row(name, bytes.length, g);
  }
  row('total', raw, gz);
  downloads[way.key] = { raw, gzip: gz };
}
if (process.argv.includes('--json')) writeFileSync(process.argv[process.argv.indexOf('--json') + 1], JSON.stringify(downloads, null, 2) + '\n');
if (process.argv.includes('--check') && over) process.exit(1);
