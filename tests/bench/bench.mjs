// Benchmark: compile and evaluate the shipped rule set with the Wasm engine,
// side by side with json-rules-engine and json-logic-js on a hand-translated
// subset, in Node and in headless Chromium. Prints medians.
//
//   node tests/bench/bench.mjs        (after web-demo/build-engine.sh)
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { build } from 'esbuild';
import { ROOT } from '../e2e/helpers.mjs';
import { launch } from '../e2e/browser.mjs';
import { serve } from '../e2e/server.mjs';
import { benchmark } from './cases.mjs';
import * as engine from '../../web-demo/package/index.js';

const require = createRequire(import.meta.url);
const source = readFileSync(join(ROOT, 'rules', 'contextual-safeguarding.rules'), 'utf8');
const form = JSON.parse(readFileSync(join(ROOT, 'rules', 'cases', 'ash-lane-station.json'), 'utf8'));
const date = '2026-11-17';

const results = {};
await engine.init();
results.node = await benchmark({ engine, source, form, date, jsonLogic: require('json-logic-js'), Engine: require('json-rules-engine').Engine });

// Chromium: bundle the two npm engines for the browser; the page imports the package as published.
const dist = join(ROOT, 'tests', 'bench', 'dist');
mkdirSync(dist, { recursive: true });
await build({
  stdin: { contents: "export { default as jsonLogic } from 'json-logic-js'; export { Engine } from 'json-rules-engine';", resolveDir: join(ROOT, 'tests'), loader: 'js' },
  bundle: true, format: 'esm', platform: 'browser', outfile: join(dist, 'others.js'), logLevel: 'warning',
});
writeFileSync(join(dist, 'data.js'), `export const source = ${JSON.stringify(source)};\nexport const form = ${JSON.stringify(form)};\nexport const date = ${JSON.stringify(date)};\n`);
writeFileSync(join(dist, 'index.html'), '<!doctype html><meta charset="utf-8"><title>bench</title><p>bench</p>');
const server = await serve(ROOT);
const browser = await launch();
try {
  const page = await browser.newPage();
  await page.goto(`${server.url}/tests/bench/dist/index.html`);
  results.chromium = await page.evaluate(async () => {
    const engine = await import('/web-demo/package/index.js');
    const { benchmark } = await import('/tests/bench/cases.mjs');
    const { jsonLogic, Engine } = await import('/tests/bench/dist/others.js');
    const { source, form, date } = await import('/tests/bench/dist/data.js');
    await engine.init();
    return benchmark({ engine, source, form, date, jsonLogic, Engine });
  });
} finally {
  await browser.close();
  await server.close();
}

const rows = Object.keys(results.node).filter((k) => k.includes('µs'));
console.log(`Shipped rule set: ${results.node.rules} rules; form: rules/cases/ash-lane-station.json; date ${date}`);
console.log(`Subset rules that fire (all three engines agree: node ${results.node.subsetAgrees}, chromium ${results.chromium.subsetAgrees}): ${results.node.subsetFired.join(', ')}`);
console.log('');
console.log('median per call'.padEnd(58) + 'Node'.padStart(12) + 'Chromium'.padStart(12));
for (const k of rows) console.log(k.padEnd(58) + results.node[k].toFixed(1).padStart(12) + results.chromium[k].toFixed(1).padStart(12));
if (!results.node.compiledAgrees || !results.chromium.compiledAgrees) {
  console.error('The compiled rule set and the interpreter disagree on the benchmark form.');
  process.exit(1);
}
if (!results.node.subsetAgrees || !results.chromium.subsetAgrees) {
  console.error('The engines disagree on the subset: the translation is wrong.');
  process.exit(1);
}
