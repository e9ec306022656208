// Benchmark: the rule editor's work per keystroke, in Node and in headless
// Chromium. An editor session of one-character edits to the shipped rule file
// (rule titles, rationales, numbers in conditions; about one edit in eight
// leaves the file broken, the next fixes it), each handled as the demo's
// editor does (check, compile, schema, evaluate the case on screen). Prints
// the median and the 95th percentile in milliseconds.
//
//   node tests/bench/keystroke.mjs [EDITS]     (after web-demo/build-engine.sh)
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../e2e/helpers.mjs';
import { launch } from '../e2e/browser.mjs';
import { serve } from '../e2e/server.mjs';
import { keystrokeBenchmark } from './keystroke-session.mjs';
import * as engine from '../../web-demo/package/index.js';

const edits = Number(process.argv[2] || 200);
const source = readFileSync(join(ROOT, 'rules', 'contextual-safeguarding.rules'), 'utf8');
const form = JSON.parse(readFileSync(join(ROOT, 'rules', 'cases', 'ash-lane-station.json'), 'utf8'));
const date = '2026-11-17';

const results = {};
await engine.init();
results.node = keystrokeBenchmark({ engine, source, form, date, edits });

const dist = join(ROOT, 'tests', 'bench', 'dist');
mkdirSync(dist, { recursive: true });
writeFileSync(join(dist, 'keystroke-data.js'), `export const source = ${JSON.stringify(source)};\nexport const form = ${JSON.stringify(form)};\nexport const date = ${JSON.stringify(date)};\n`);
writeFileSync(join(dist, 'keystroke.html'), '<!doctype html><meta charset="utf-8"><title>keystroke bench</title><p>bench</p>');
const server = await serve(ROOT);
const browser = await launch();
try {
  const page = await browser.newPage();
  await page.goto(`${server.url}/tests/bench/dist/keystroke.html`);
  results.chromium = await page.evaluate(async (edits) => {
    const engine = await import('/web-demo/package/index.js');
    const { keystrokeBenchmark } = await import('/tests/bench/keystroke-session.mjs');
    const { source, form, date } = await import('/tests/bench/dist/keystroke-data.js');
    await engine.init();
    return keystrokeBenchmark({ engine, source, form, date, edits });
  }, edits);
} finally {
  await browser.close();
  await server.close();
}

const n = results.node;
console.log(`Rule file: rules/contextual-safeguarding.rules (${source.length} bytes); form: rules/cases/ash-lane-station.json; date ${date}`);
console.log(`${n.edits} one-character edits (after 20 to warm up); ${n.broken} left the file not compiling, ${n.failedChecks} with errors from check()`);
console.log('');
console.log('per edit (ms)'.padEnd(56) + 'Node median'.padStart(13) + 'p95'.padStart(8) + 'Chromium median'.padStart(17) + 'p95'.padStart(8));
const row = (label, key) => {
  const f = (x) => x.toFixed(2);
  console.log(label.padEnd(56) + f(results.node[key].median).padStart(13) + f(results.node[key].p95).padStart(8)
    + f(results.chromium[key].median).padStart(17) + f(results.chromium[key].p95).padStart(8));
};
row('as the demo: check + compile + schema + evaluate', 'demo');
row('compile + evaluate', 'compileEvaluate');
row('as the demo now: RuleEditor.update + schema + evaluate', 'editorDemo');
row('RuleEditor.update + evaluate', 'editorEvaluate');
