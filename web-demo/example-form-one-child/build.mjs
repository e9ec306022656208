// Assemble the one-child example form as a static site in
// web-demo/build/example-form-one-child/: the page (GOV.UK Frontend's
// Nunjucks macros), GOV.UK Frontend's CSS, fonts and JS, the engine package
// (with its wording rule set) and the council's rule file, served as is.
//
//   node web-demo/example-form-one-child/build.mjs   (run by the first form's build)
import { createRequire } from 'node:module';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { copyRules } from '../package/copy-rules.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const webDemo = join(here, '..');
const root = join(webDemo, '..');
const require = createRequire(join(webDemo, 'tools', 'package.json'));
const nunjucks = require('nunjucks');
const govuk = join(dirname(require.resolve('govuk-frontend/package.json')), 'dist');
const pkg = join(webDemo, 'package');
const out = join(webDemo, 'build', 'example-form-one-child');

if (!existsSync(join(pkg, 'pkg', 'screening_engine_bg.wasm'))) {
  console.error('The engine is not built: run web-demo/build-engine.sh first.');
  process.exit(1);
}
copyRules();

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'assets'), { recursive: true });

const env = nunjucks.configure([here, govuk], { autoescape: true, throwOnUndefined: false });
writeFileSync(join(out, 'index.html'), env.render('index.njk', {}));

const css = readFileSync(join(govuk, 'govuk', 'govuk-frontend.min.css'), 'utf8').replace(/url\(\/assets\//g, 'url(');
writeFileSync(join(out, 'assets', 'govuk-frontend.min.css'), css.replace(/\/\*# sourceMappingURL=.*?\*\//, ''));
cpSync(join(govuk, 'govuk', 'assets', 'fonts'), join(out, 'assets', 'fonts'), { recursive: true });
cpSync(join(govuk, 'govuk', 'assets', 'images'), join(out, 'assets', 'images'), { recursive: true });
const govukJs = readFileSync(join(govuk, 'govuk', 'govuk-frontend.min.js'), 'utf8').replace(/\/\/# sourceMappingURL=.*$/m, '');
writeFileSync(join(out, 'assets', 'govuk-frontend.min.js'), govukJs);
cpSync(join(webDemo, 'example-form', 'council-form.js'), join(out, 'assets', 'council-form.js'));

// The engine package, as a council would serve it: copied whole.
mkdirSync(join(out, 'screening-engine', 'pkg'), { recursive: true });
for (const f of ['index.js', 'attach.js', 'questions.js']) cpSync(join(pkg, f), join(out, 'screening-engine', f));
for (const f of ['screening_engine.js', 'screening_engine_bg.wasm']) cpSync(join(pkg, 'pkg', f), join(out, 'screening-engine', 'pkg', f));
cpSync(join(pkg, 'rules'), join(out, 'screening-engine', 'rules'), { recursive: true });

// The council's rule file, fetched by the page from this site.
cpSync(join(here, 'council.rules'), join(out, 'council.rules'));
cpSync(join(here, 'screening.js'), join(out, 'screening.js'));

console.error(`Example form written to ${out.slice(root.length + 1)}/`);
