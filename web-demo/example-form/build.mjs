// Assemble the example form as a static site in web-demo/build/example-form/:
// the page (rendered from GOV.UK Frontend's Nunjucks macros), GOV.UK Frontend's
// CSS, fonts and JS, the engine package, and the rule set as a JS module.
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
writeGovukSite(here, out);

// The rule set, as a module, so the page fetches nothing but the engine's .wasm.
writeFileSync(join(out, 'screening-rules.js'), `// ${rulesPath.slice(root.length + 1)}\nexport default ${JSON.stringify(readFileSync(rulesPath, 'utf8'))};\n`);
cpSync(join(here, 'screening.js'), join(out, 'screening.js'));

console.error(`Example form written to ${out.slice(root.length + 1)}/ (rules: ${rulesPath.slice(root.length + 1)})`);

// The second example, a one-child form with its own names and shapes.
await import('../example-form-one-child/build.mjs');
