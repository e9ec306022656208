// Build the demo and training page into web-demo/build/ (never committed):
//
//   build/index.html             the page (CSP meta tag, no inline script or style)
//   build/demo.js, demo.css      the bundle (CodeMirror, GOV.UK Frontend, engine glue)
//   build/pkg/                   the engine's Wasm (from web-demo/package/pkg/)
//   build/pkg-tools/             the engine's tools' Wasm, loaded on first use (package/pkg-tools/)
//   build/assets/                GOV.UK Frontend images
//   build/rules/*.rules          the shipped rule files
//   build/rules/cases/*.json     the training-case forms (rules/cases/)
//   build/cases/*.json           the training-case metadata (web-demo/demo/cases/)
//   build/data/manifest.json     what the page loads at start-up
//   build/screening-demo.html    everything above in one file, for opening from disk
//
// Needs the engine built first (web-demo/build-engine.sh). `npm ci` in web-demo
// installs esbuild, sass, CodeMirror and govuk-frontend.
//
//   node web-demo/build-demo.mjs [--serve] [--port N]

import * as esbuild from 'esbuild';
import * as sass from 'sass';
import { createHash } from 'node:crypto';
import { readFile, writeFile, mkdir, rm, cp, readdir, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CSP_META } from './static-server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const demo = join(here, 'demo');
const out = join(here, 'build');
const pkg = join(here, 'package', 'pkg');
// SCREENING_RULES_DIR builds against another folder of rule files (for trying a council's own).
const rulesDir = resolve(process.env.SCREENING_RULES_DIR || join(root, 'rules'));

// The shipped rule files, main one first, with the names the picker shows.
const RULE_FILES = [
  { file: 'contextual-safeguarding.rules', title: 'Contextual safeguarding screening' },
  { file: 'seraf-scoring.rules', title: 'SERAF-style scoring' },
  // Screened alongside the main file, on the answers its form shares with it
  // (the narrative): its prompts join the main outcome.
  { file: 'language.rules', title: 'Wording checks', companion: true },
];

const log = (msg) => process.stderr.write(`${msg}\n`);

async function listJson(dir, filter = () => true) {
  if (!existsSync(dir)) return [];
  return (await readdir(dir)).filter((f) => f.endsWith('.json') && filter(f)).sort();
}

async function gatherData() {
  const rules = {};
  const manifestRules = [];
  for (const r of RULE_FILES) {
    const p = join(rulesDir, r.file);
    if (!existsSync(p)) continue;
    rules[r.file] = await readFile(p, 'utf8');
    manifestRules.push(r);
  }
  // Any other .rules file shipped in rules/ is offered too.
  if (existsSync(rulesDir)) {
    for (const f of (await readdir(rulesDir)).filter((f) => f.endsWith('.rules')).sort()) {
      if (rules[f]) continue;
      rules[f] = await readFile(join(rulesDir, f), 'utf8');
      manifestRules.push({ file: f, title: null });
    }
  }
  if (!manifestRules.length) {
    throw new Error(`No rule files found in ${rulesDir}`);
  }
  // The training cases' forms, and the shared cases both screening rule sets
  // test (cases/shared/): the Rules tab runs every test in a file.
  const caseFormFiles = [
    ...await listJson(join(rulesDir, 'cases'), (f) => !f.endsWith('.meta.json')),
    ...(await listJson(join(rulesDir, 'cases', 'shared'))).map((f) => `shared/${f}`),
  ];
  const caseForms = {};
  for (const f of caseFormFiles) {
    caseForms[`cases/${f}`] = await readFile(join(rulesDir, 'cases', f), 'utf8');
  }
  const metaFiles = await listJson(join(demo, 'cases'));
  const cases = [];
  for (const f of metaFiles) {
    const meta = JSON.parse(await readFile(join(demo, 'cases', f), 'utf8'));
    if (meta.form && !caseForms[`cases/${meta.form}`]) {
      log(`warning: case ${f} names form rules/cases/${meta.form}, which does not exist yet; left out`);
      continue;
    }
    cases.push({ file: f, meta });
  }
  const manifest = {
    shippedRules: manifestRules[0].file,
    rules: manifestRules,
    caseForms: caseFormFiles,
    cases: cases.map((c) => c.file),
  };
  return { manifest, rules, caseForms, cases };
}

function embeddedPlugin(value) {
  return {
    name: 'demo-embedded',
    setup(build) {
      build.onResolve({ filter: /^demo:embedded$/ }, () => ({ path: 'embedded', namespace: 'demo' }));
      build.onLoad({ filter: /.*/, namespace: 'demo' }, () => ({
        contents: `export default ${value === null ? 'null' : JSON.stringify(value)};`,
        loader: 'js',
      }));
    },
  };
}

// CodeMirror injects its base theme through style-mod, which adds a <style>
// element to a document: style-src 'self' (no 'unsafe-inline') refuses it.
// style-mod already uses a constructed stylesheet (adoptedStyleSheets, which
// CSP does not govern) for shadow roots; this makes it do the same for the
// document, so the page keeps a strict style-src with no nonce.
function styleModCspPlugin() {
  const pattern = 'if (!root.head && root.adoptedStyleSheets && win.CSSStyleSheet)';
  return {
    name: 'style-mod-csp',
    setup(build) {
      build.onLoad({ filter: /style-mod[\\/]src[\\/]style-mod\.js$/ }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        if (!source.includes(pattern)) {
          throw new Error('style-mod changed: update styleModCspPlugin in build-demo.mjs');
        }
        return { contents: source.replace(pattern, 'if (root.adoptedStyleSheets && win.CSSStyleSheet)'), loader: 'js' };
      });
    },
  };
}

async function bundle(embedded, write) {
  return esbuild.build({
    entryPoints: [join(demo, 'src', 'main.js')],
    bundle: true,
    format: 'esm',
    target: ['es2022', 'chrome100', 'firefox100', 'safari15'],
    minify: true,
    legalComments: 'none',
    charset: 'utf8',
    write,
    outfile: join(out, 'demo.js'),
    // The package reads the .wasm from disk under Node only; never reached in a browser.
    external: ['node:*'],
    plugins: [embeddedPlugin(embedded), styleModCspPlugin()],
    logLevel: 'warning',
    metafile: true,
  });
}

function css() {
  const result = sass.compile(join(demo, 'styles', 'demo.scss'), {
    loadPaths: [join(here, 'node_modules')],
    style: 'compressed',
    quietDeps: true,
    // No byte-order mark or @charset: the inline copy is allowed by its hash.
    charset: false,
    silenceDeprecations: ['import'],
  });
  return result.css;
}

const sha256 = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

function htmlEscapeAttr(s) {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
}

async function main() {
  const args = process.argv.slice(2);
  const started = Date.now();
  const wasmPath = join(pkg, 'screening_engine_bg.wasm');
  const toolsPath = join(here, 'package', 'pkg-tools', 'screening_tools_bg.wasm');
  for (const p of [wasmPath, toolsPath]) {
    if (!existsSync(p)) throw new Error(`The engine is not built: ${p} is missing. Run web-demo/build-engine.sh first.`);
  }

  // Clean only what this script writes: build/ also holds the example form.
  await mkdir(out, { recursive: true });
  for (const p of ['index.html', 'demo.js', 'demo.css', 'pkg', 'pkg-tools', 'assets', 'rules', 'cases', 'data', 'screening-demo.html']) {
    await rm(join(out, p), { recursive: true, force: true });
  }

  const data = await gatherData();
  const template = await readFile(join(demo, 'index.html'), 'utf8');
  const styles = css();

  // ---- the served page
  const served = await bundle(null, true);
  await writeFile(join(out, 'demo.css'), styles);
  const page = template
    .replace('<!--CSP-->', `<meta http-equiv="Content-Security-Policy" content="${htmlEscapeAttr(CSP_META)}">`)
    .replace('<!--STYLES-->', '<link rel="stylesheet" href="demo.css">')
    .replace('<!--SCRIPT-->', '<script type="module" src="demo.js"></script>');
  await writeFile(join(out, 'index.html'), page);
  await mkdir(join(out, 'pkg'), { recursive: true });
  await cp(wasmPath, join(out, 'pkg', 'screening_engine_bg.wasm'));
  await mkdir(join(out, 'pkg-tools'), { recursive: true });
  await cp(toolsPath, join(out, 'pkg-tools', 'screening_tools_bg.wasm'));
  await cp(join(here, 'node_modules', 'govuk-frontend', 'dist', 'govuk', 'assets', 'images'), join(out, 'assets', 'images'), { recursive: true });
  await mkdir(join(out, 'rules', 'cases', 'shared'), { recursive: true });
  for (const [file, text] of Object.entries(data.rules)) await writeFile(join(out, 'rules', file), text);
  for (const [file, text] of Object.entries(data.caseForms)) await writeFile(join(out, 'rules', file), text);
  await mkdir(join(out, 'cases'), { recursive: true });
  for (const c of data.cases) await writeFile(join(out, 'cases', c.file), JSON.stringify(c.meta, null, 2));
  await mkdir(join(out, 'data'), { recursive: true });
  await writeFile(join(out, 'data', 'manifest.json'), JSON.stringify(data.manifest, null, 2));

  // ---- the single file: engine, rules, cases, styles and script inlined
  const wasm = await readFile(wasmPath);
  const single = await bundle({
    manifest: data.manifest,
    rules: data.rules,
    caseForms: data.caseForms,
    cases: data.cases.map((c) => c.meta),
    wasmBase64: wasm.toString('base64'),
    toolsWasmBase64: (await readFile(toolsPath)).toString('base64'),
  }, false);
  const script = single.outputFiles.find((f) => f.path.endsWith('.js')).text;
  for (const bad of ['</script', '<!--']) {
    if (script.toLowerCase().includes(bad)) throw new Error(`The inlined script contains "${bad}", which would break the HTML`);
  }
  if (styles.toLowerCase().includes('</style')) throw new Error('The inlined styles contain "</style"');
  // Its own policy: the inline script and style are allowed by their hashes only,
  // the engine's bytes are compiled with 'wasm-unsafe-eval', and nothing at all
  // may be fetched (connect-src 'none'): this file needs no network.
  const singleCsp = [
    "default-src 'none'",
    `script-src ${sha256(script)} 'wasm-unsafe-eval'`,
    `style-src ${sha256(styles)}`,
    'img-src data:',
    "connect-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "object-src 'none'",
  ].join('; ');
  const singlePage = template
    .replace('<!--CSP-->', `<meta http-equiv="Content-Security-Policy" content="${htmlEscapeAttr(singleCsp)}">`)
    .replace('<!--STYLES-->', () => `<style>${styles}</style>`)
    .replace('<!--SCRIPT-->', () => `<script type="module">${script}</script>`);
  await writeFile(join(out, 'screening-demo.html'), singlePage);

  const size = async (p) => (await stat(join(out, p))).size;
  const kb = (n) => `${(n / 1024).toFixed(0)} KiB`;
  log(`Built the demo in ${Date.now() - started} ms:`);
  log(`  build/index.html + demo.js ${kb(await size('demo.js'))} + demo.css ${kb(await size('demo.css'))} + pkg/screening_engine_bg.wasm ${kb(wasm.length)}`);
  log(`  build/screening-demo.html ${kb(await size('screening-demo.html'))} (single file, works from disk)`);
  log(`  ${Object.keys(data.rules).length} rule files, ${data.cases.length} training cases`);
  void served;

  if (args.includes('--serve')) {
    const { serve } = await import('./static-server.mjs');
    const portAt = args.indexOf('--port');
    const port = portAt >= 0 ? Number(args[portAt + 1]) : Number(process.env.PORT || 8080);
    let started;
    try {
      started = await serve(out, { port });
    } catch (err) {
      if (err.code !== 'EADDRINUSE') throw err;
      log(`Port ${port} is in use; picking a free one.`);
      started = await serve(out, { port: 0 });
    }
    process.stdout.write(`\nThe screening demo is running at ${started.url}\n`);
    process.stdout.write(`Single-file build, to open from disk with no server: ${join(out, 'screening-demo.html')}\n`);
    process.stdout.write('Press Ctrl+C to stop.\n');
  }
}

main().catch((err) => {
  log(`build-demo: ${err.message}`);
  process.exit(1);
});
