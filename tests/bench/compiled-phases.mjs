// Where the time goes when a form screens with a compiled rule set, phase by
// phase, in Node: the runtime reading the form and laying it out (prepare),
// or the package's own writer laying it out straight from the object (write),
// the rule module itself (run), and the runtime turning its results into the
// decision or the whole outcome (finish). Prints microseconds per call.
//
//   node tests/bench/compiled-phases.mjs        (after web-demo/build-engine.sh)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../e2e/helpers.mjs';
import { init, compileToWasm } from '../../web-demo/package/index.js';
import { initSync, CompiledRuleSet } from '../../web-demo/package/pkg-runtime/screening_runtime.js';
import { FormWriter } from '../../web-demo/package/compiled-form.js';

await init();
const runtime = initSync({ module: readFileSync(join(ROOT, 'web-demo/package/pkg-runtime/screening_runtime_bg.wasm')) });
const bytes = await compileToWasm(readFileSync(join(ROOT, 'rules/contextual-safeguarding.rules'), 'utf8'));
const inner = new CompiledRuleSet(bytes);
const module = new WebAssembly.Instance(new WebAssembly.Module(bytes), {
  screening: { add_months: runtime.screening_add_months, months_until: runtime.screening_months_until },
});
const form = JSON.parse(readFileSync(join(ROOT, 'rules/cases/ash-lane-station.json'), 'utf8'));
const formText = JSON.stringify(form);
const date = '2026-11-17';
const writer = new FormWriter(inner.formTable());

function time(name, fn, n = 5000) {
  for (let i = 0; i < 500; i++) fn();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) fn();
  console.log(name.padEnd(52) + (((performance.now() - t0) * 1000) / n).toFixed(1).padStart(8) + ' µs');
}

const { memory, input: inputAt, run } = module.exports;
let input = inner.prepare(form, date);
let output;
const runModule = () => {
  const at = inputAt(input.length);
  new Uint8Array(memory.buffer, at, input.length).set(input);
  const out = run(input.length);
  const length = new DataView(memory.buffer).getUint32(out, true);
  output = new Uint8Array(memory.buffer, out, 4 + length).slice();
};
runModule();
console.log(`input ${input.length} bytes, output ${output.length} bytes`);
time('prepare: a form object', () => { input = inner.prepare(form, date); });
time('prepare: the same form as JSON text', () => { input = inner.prepare(formText, date); });
time('run: the rule module (copy in, run, copy out)', runModule);
time('write: the package lays the form out (compiled-form.js)', () => { writer.write(form, date); });
time('decision: the decision by ids from the output alone', () => { inner.decision(output); });
time('prepare + decision (the runtime reads the form)', () => { inner.prepare(form, date); inner.decision(output); });
time('prepare + finish (the whole outcome, with reasons)', () => { inner.prepare(form, date); inner.finish(output); });
