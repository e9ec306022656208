// Size report: raw and gzipped bytes of the engine's .wasm and JavaScript, as
// shipped in the npm package (after web-demo/build-engine.sh). Target: the
// whole engine at most 150 KB gzipped.
//
//   node tests/bench/size.mjs [--check]   (--check: exit 1 when over target)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, constants } from 'node:zlib';
import { PACKAGE } from '../e2e/helpers.mjs';

const TARGET = 150 * 1024;
const files = ['pkg/screening_engine_bg.wasm', 'pkg/screening_engine.js', 'index.js', 'attach.js'];
let raw = 0;
let gz = 0;
console.log('file'.padEnd(34) + 'raw bytes'.padStart(12) + 'gzip -9'.padStart(12));
for (const f of files) {
  const bytes = readFileSync(join(PACKAGE, f));
  const g = gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION }).length;
  raw += bytes.length;
  gz += g;
  console.log(f.padEnd(34) + String(bytes.length).padStart(12) + String(g).padStart(12));
}
console.log('total'.padEnd(34) + String(raw).padStart(12) + String(gz).padStart(12));
console.log(`target: at most ${TARGET} bytes (150 KB) gzipped: ${gz <= TARGET ? 'met' : `over by ${gz - TARGET} bytes`}`);
if (process.argv.includes('--check') && gz > TARGET) process.exit(1);
