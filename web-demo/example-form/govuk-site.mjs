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

/**
 * Write the site for the page `templateDir/index.njk` into `out`, replacing
 * what was there. `engine`: 'authoring' (the package with the authoring
 * engine, for a page that compiles a rule file) or 'runtime' (only what
 * screening with a compiled rule set needs: no parser or checker on the site).
 */
export function writeGovukSite(templateDir, out, { engine = 'authoring' } = {}) {
  const wasm = engine === 'runtime' ? join(pkg, 'pkg-runtime', 'screening_runtime_bg.wasm') : join(pkg, 'pkg', 'screening_engine_bg.wasm');
  if (!existsSync(wasm)) {
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
  const dest = join(out, 'screening-engine');
  mkdirSync(dest, { recursive: true });
  for (const f of ['attach.js', 'questions.js', 'common.js', 'compiled.js', 'compiled-form.js']) cpSync(join(pkg, f), join(dest, f));
  // attach.js's parts, one job a file.
  cpSync(join(pkg, 'attach'), join(dest, 'attach'), { recursive: true });
  const wasmFiles = engine === 'runtime'
    ? [['pkg-runtime', 'screening_runtime.js'], ['pkg-runtime', 'screening_runtime_bg.wasm']]
    : [['pkg', 'screening_engine.js'], ['pkg', 'screening_engine_bg.wasm'], ['pkg-runtime', 'screening_runtime.js'], ['pkg-runtime', 'screening_runtime_bg.wasm'],
      // The tools (format, coverage, compileToWasm...), fetched only when one is called.
      ['pkg-tools', 'screening_tools.js'], ['pkg-tools', 'screening_tools_bg.wasm']];
  // index.js (the authoring engine's API) imports both builds' bindings.
  if (engine !== 'runtime') cpSync(join(pkg, 'index.js'), join(dest, 'index.js'));
  for (const [dir, f] of wasmFiles) {
    mkdirSync(join(dest, dir), { recursive: true });
    cpSync(join(pkg, dir, f), join(dest, dir, f));
  }
}
