// Where the page's files come from. Served from a folder, the page reads them
// from beside itself (the same origin, allowed by connect-src 'self'): a
// council can swap build/rules/*.rules without rebuilding. In the single-file
// build everything is inlined at build time and nothing is fetched at all.

import embedded from 'demo:embedded';

async function text(url) {
  const res = await fetch(url, { cache: 'no-store', credentials: 'omit' });
  if (!res.ok) throw new Error(`Could not load ${url} (${res.status})`);
  return res.text();
}

/**
 * {
 *   manifest: { rules: [{file, title}], shippedRules, cases: [slug...] },
 *   rules: { file: text },          // rule files by name
 *   caseForms: { 'cases/x.json': text },  // the forms, keyed as the rule files' tests name them
 *   cases: [meta...],               // training-case metadata, each with .formData
 *   wasm: URL | Uint8Array,
 *   toolsWasm: URL | Uint8Array,    // the engine's tools, loaded on first use
 * }
 */
export async function loadData() {
  if (embedded) {
    const bytes = (base64) => {
      const bin = atob(base64);
      const out = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
      return out;
    };
    return { ...embedded, cases: resolveCases(embedded.cases, embedded.caseForms), wasm: bytes(embedded.wasmBase64), toolsWasm: bytes(embedded.toolsWasmBase64), single: true };
  }
  const manifest = JSON.parse(await text('data/manifest.json'));
  const rules = {};
  await Promise.all(manifest.rules.map(async (r) => {
    rules[r.file] = await text(`rules/${r.file}`);
  }));
  const caseForms = {};
  await Promise.all(manifest.caseForms.map(async (file) => {
    caseForms[`cases/${file}`] = await text(`rules/cases/${file}`);
  }));
  const metas = await Promise.all(manifest.cases.map(async (file) => JSON.parse(await text(`cases/${file}`))));
  return {
    manifest,
    rules,
    caseForms,
    cases: resolveCases(metas, caseForms),
    wasm: new URL('pkg/screening_engine_bg.wasm', document.baseURI),
    toolsWasm: new URL('pkg-tools/screening_tools_bg.wasm', document.baseURI),
    single: false,
  };
}

function resolveCases(metas, caseForms) {
  return metas
    .map((m) => {
      let formData = m.formData;
      if (!formData && m.form) {
        const t = caseForms[`cases/${m.form}`];
        formData = t ? JSON.parse(t) : null;
      }
      return { ...m, formData };
    })
    .filter((m) => m.formData)
    .sort((a, b) => (a.number || 99) - (b.number || 99));
}
