// Size report: raw and gzipped bytes of what a page downloads, as shipped in
// the npm package (after web-demo/build-engine.sh), for the two builds:
//   - the authoring engine (rule editor, demo: compile, check, format, tests),
//     target at most 150 KB gzipped;
//   - the runtime for council forms (a compiled rule set, no parser), with
//     the shipped rule set compiled to .wasm, target at most 30 KB gzipped.
// Each also lists attach.js and questions.js, which a form that uses
// attach() loads besides, outside the targets (the issue counts the engine).
//
//   node tests/bench/size.mjs [--check]   (--check: exit 1 when over a target)
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, constants } from 'node:zlib';
import { PACKAGE, RULES } from '../e2e/helpers.mjs';
import { init, compileToWasm } from '../../web-demo/package/index.js';

await init();
const compiledRules = compileToWasm(readFileSync(RULES, 'utf8'));

const gzip = (bytes) => gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION }).length;
const builds = [
  {
    name: 'authoring engine',
    target: 150 * 1024,
    // index.js imports common.js, and compiled.js (so it can load compiled
    // rule sets too), which imports the runtime's bindings (not its .wasm).
    files: ['pkg/screening_engine_bg.wasm', 'pkg/screening_engine.js', 'index.js', 'common.js', 'compiled.js', 'pkg-runtime/screening_runtime.js'],
  },
  {
    name: 'runtime + compiled shipped rule set',
    target: 30 * 1024,
    files: ['pkg-runtime/screening_runtime_bg.wasm', 'pkg-runtime/screening_runtime.js', 'compiled.js', 'common.js'],
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
if (process.argv.includes('--check') && over) process.exit(1);
