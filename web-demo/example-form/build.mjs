// Assemble the example form as a static site in web-demo/build/example-form/:
// the page (rendered from GOV.UK Frontend's Nunjucks macros), GOV.UK Frontend's
// CSS, fonts and JS, the engine's runtime, and the rule set compiled to
// WebAssembly. The page screens with the compiled rule set: no parser, checker
// or authoring engine is on the site.
//
//   node web-demo/example-form/build.mjs   (run by web-demo/build-engine.sh)
import { existsSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeGovukSite } from './govuk-site.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const webDemo = join(here, '..');
const root = join(webDemo, '..');
const out = join(webDemo, 'build', 'example-form');

// The shipped rule set when it exists, else the language example.
const rulesPath = [join(root, 'rules', 'contextual-safeguarding.rules'), join(root, 'tests', 'corpus', 'eval', 'example.rules')].find(existsSync);
writeGovukSite(here, out, { engine: 'runtime' });

// The rule set compiled to WebAssembly here, at build time, by the authoring
// engine (the same compiler as `screen build`): a rule file with errors stops
// the build with every diagnostic.
const engine = await import('../package/index.js');
await engine.init();
let compiled;
try {
  compiled = await engine.compileToWasm(readFileSync(rulesPath, 'utf8'));
} catch (err) {
  const where = (err.diagnostics ?? []).map((d) => `  line ${d.line}, column ${d.column}: ${d.code} ${d.message}`).join('\n');
  console.error(`${rulesPath.slice(root.length + 1)} does not compile: ${err.message}\n${where}`);
  process.exit(1);
}
writeFileSync(join(out, 'screening-rules.wasm'), compiled);
cpSync(join(here, 'screening.js'), join(out, 'screening.js'));

console.error(`Example form written to ${out.slice(root.length + 1)}/ (rules: ${rulesPath.slice(root.length + 1)}, compiled to screening-rules.wasm, ${compiled.length} bytes)`);

// The second example, a one-child form with its own names and shapes.
await import('../example-form-one-child/build.mjs');
