// Assemble the example form as a static site in web-demo/build/example-form/:
// the page (rendered from GOV.UK Frontend's Nunjucks macros), GOV.UK Frontend's
// CSS, fonts and JS, the engine package, and the rule set as a JS module.
//
//   node web-demo/example-form/build.mjs   (run by web-demo/build-engine.sh)
import { createRequire } from 'node:module';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const webDemo = join(here, '..');
const root = join(webDemo, '..');
const tools = join(webDemo, 'tools');
const require = createRequire(join(tools, 'package.json'));
const nunjucks = require('nunjucks');
const govuk = join(dirname(require.resolve('govuk-frontend/package.json')), 'dist');
const pkg = join(webDemo, 'package');
const out = join(webDemo, 'build', 'example-form');

// The shipped rule set when it exists, else the language example.
const rulesPath = [join(root, 'rules', 'contextual-safeguarding.rules'), join(root, 'tests', 'corpus', 'eval', 'example.rules')].find(existsSync);
if (!existsSync(join(pkg, 'pkg', 'screening_engine_bg.wasm'))) {
  console.error('The engine is not built: run web-demo/build-engine.sh first.');
  process.exit(1);
}

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'assets'), { recursive: true });

// The page.
const env = nunjucks.configure([here, govuk], { autoescape: true, throwOnUndefined: false });
writeFileSync(join(out, 'index.html'), env.render('index.njk', {}));

// GOV.UK Frontend: the precompiled CSS points at /assets/; make that relative.
const css = readFileSync(join(govuk, 'govuk', 'govuk-frontend.min.css'), 'utf8').replace(/url\(\/assets\//g, 'url(');
writeFileSync(join(out, 'assets', 'govuk-frontend.min.css'), css.replace(/\/\*# sourceMappingURL=.*?\*\//, ''));
cpSync(join(govuk, 'govuk', 'assets', 'fonts'), join(out, 'assets', 'fonts'), { recursive: true });
cpSync(join(govuk, 'govuk', 'assets', 'images'), join(out, 'assets', 'images'), { recursive: true });
const govukJs = readFileSync(join(govuk, 'govuk', 'govuk-frontend.min.js'), 'utf8').replace(/\/\/# sourceMappingURL=.*$/m, '');
writeFileSync(join(out, 'assets', 'govuk-frontend.min.js'), govukJs);
cpSync(join(here, 'council-form.js'), join(out, 'assets', 'council-form.js'));

// The engine package, as a council would serve it.
mkdirSync(join(out, 'screening-engine', 'pkg'), { recursive: true });
for (const f of ['index.js', 'attach.js', 'questions.js']) cpSync(join(pkg, f), join(out, 'screening-engine', f));
for (const f of ['screening_engine.js', 'screening_engine_bg.wasm']) cpSync(join(pkg, 'pkg', f), join(out, 'screening-engine', 'pkg', f));

// The rule set, as a module, so the page fetches nothing but the engine's .wasm.
writeFileSync(join(out, 'screening-rules.js'), `// ${rulesPath.slice(root.length + 1)}\nexport default ${JSON.stringify(readFileSync(rulesPath, 'utf8'))};\n`);
cpSync(join(here, 'screening.js'), join(out, 'screening.js'));

console.error(`Example form written to ${out.slice(root.length + 1)}/ (rules: ${rulesPath.slice(root.length + 1)})`);

// The second example, a one-child form with its own names and shapes.
await import('../example-form-one-child/build.mjs');
