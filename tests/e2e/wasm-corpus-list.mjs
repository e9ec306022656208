// Write target/wasm-test-corpus.rs: the conformance corpus as a list of
// include_str! entries for the wasm-bindgen tests (engine/tests/wasm.rs).
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './helpers.mjs';

const corpus = join(ROOT, 'tests', 'corpus');
const lit = (p) => `include_str!(${JSON.stringify(p)})`;
const evalDir = join(corpus, 'eval');
const names = readdirSync(evalDir).sort();
const cases = [];
for (const rules of names.filter((n) => n.endsWith('.rules'))) {
  const stem = rules.slice(0, -6);
  for (const form of names.filter((n) => n.startsWith(`${stem}.`) && n.endsWith('.form.json'))) {
    const name = form.slice(0, -'.form.json'.length);
    cases.push(`    (${JSON.stringify(name)}, ${lit(join(evalDir, rules))}, ${lit(join(evalDir, form))}, ${lit(join(evalDir, `${name}.outcome.json`))}),`);
  }
}
const diagDir = join(corpus, 'diagnostics');
const diags = readdirSync(diagDir).filter((n) => n.endsWith('.rules')).sort().map((n) =>
  `    (${JSON.stringify(n)}, ${lit(join(diagDir, n))}, ${lit(join(diagDir, n.replace(/\.rules$/, '.expected.json')))}),`);
mkdirSync(join(ROOT, 'target'), { recursive: true });
writeFileSync(join(ROOT, 'target', 'wasm-test-corpus.rs'),
  `// Written by tests/e2e/wasm-corpus-list.mjs; do not edit.\n` +
  `const CASES: &[(&str, &str, &str, &str)] = &[\n${cases.join('\n')}\n];\n` +
  `const DIAGNOSTICS: &[(&str, &str, &str)] = &[\n${diags.join('\n')}\n];\n`);
console.error(`target/wasm-test-corpus.rs: ${cases.length} eval cases, ${diags.length} diagnostics cases`);
