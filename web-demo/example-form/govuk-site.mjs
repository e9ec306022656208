// What every example form's static site holds, written once: the page
// rendered from GOV.UK Frontend's Nunjucks macros, GOV.UK Frontend's CSS,
// fonts and JS, the council's own form script, and the engine package as a
// council would serve it. Each example's build.mjs adds its rule set.
import { createRequire } from 'node:module';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const webDemo = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(webDemo, 'tools', 'package.json'));
const nunjucks = require('nunjucks');
const govuk = join(dirname(require.resolve('govuk-frontend/package.json')), 'dist');
export const pkg = join(webDemo, 'package');

/** Write the site for the page `templateDir/index.njk` into `out`, replacing what was there. */
export function writeGovukSite(templateDir, out) {
  if (!existsSync(join(pkg, 'pkg', 'screening_engine_bg.wasm'))) {
    console.error('The engine is not built: run web-demo/build-engine.sh first.');
    process.exit(1);
  }
  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(out, 'assets'), { recursive: true });

  // The page.
  const env = nunjucks.configure([templateDir, govuk], { autoescape: true, throwOnUndefined: false });
  writeFileSync(join(out, 'index.html'), env.render('index.njk', {}));

  // GOV.UK Frontend: the precompiled CSS points at /assets/; make that relative.
  const css = readFileSync(join(govuk, 'govuk', 'govuk-frontend.min.css'), 'utf8').replace(/url\(\/assets\//g, 'url(');
  writeFileSync(join(out, 'assets', 'govuk-frontend.min.css'), css.replace(/\/\*# sourceMappingURL=.*?\*\//, ''));
  cpSync(join(govuk, 'govuk', 'assets', 'fonts'), join(out, 'assets', 'fonts'), { recursive: true });
  cpSync(join(govuk, 'govuk', 'assets', 'images'), join(out, 'assets', 'images'), { recursive: true });
  const govukJs = readFileSync(join(govuk, 'govuk', 'govuk-frontend.min.js'), 'utf8').replace(/\/\/# sourceMappingURL=.*$/m, '');
  writeFileSync(join(out, 'assets', 'govuk-frontend.min.js'), govukJs);
  cpSync(join(webDemo, 'example-form', 'council-form.js'), join(out, 'assets', 'council-form.js'));

  // The engine package, as a council would serve it.
  mkdirSync(join(out, 'screening-engine', 'pkg'), { recursive: true });
  for (const f of ['index.js', 'attach.js', 'questions.js']) cpSync(join(pkg, f), join(out, 'screening-engine', f));
  for (const f of ['screening_engine.js', 'screening_engine_bg.wasm']) cpSync(join(pkg, 'pkg', f), join(out, 'screening-engine', 'pkg', f));
}
