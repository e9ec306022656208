// Shared helpers for the browser tests: paths, the built example form, a
// page that records every request, console error and storage write.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from './browser.mjs';
import { serve } from './server.mjs';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const PACKAGE = join(ROOT, 'web-demo', 'package');
export const EXAMPLE = join(ROOT, 'web-demo', 'build', 'example-form');
export const RULES = join(ROOT, 'rules', 'contextual-safeguarding.rules');

export function needBuilt() {
  for (const p of [join(PACKAGE, 'pkg', 'screening_engine_bg.wasm'), join(EXAMPLE, 'index.html')]) {
    if (!existsSync(p)) throw new Error(`${p} is missing: run web-demo/build-engine.sh first`);
  }
}

/**
 * The package's modules a page loads from `entry` (a path inside the package),
 * following `import ... from './x.js'`, `'../x.js'` and `import('./x.js')`:
 * what a form downloads, and what the tarball must carry.
 */
export function packageImports(entry) {
  const seen = new Set();
  const walk = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(join(PACKAGE, file), 'utf8');
    for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'(\.\.?\/[^']+)'|import\('(\.\.?\/[^']+)'\)/g)) {
      const dep = join(dirname(file), m[1] ?? m[2]).replace(/\\/g, '/');
      if (dep.endsWith('.js')) walk(dep);
    }
  };
  walk(entry);
  return [...seen];
}

/**
 * The conformance corpus's evaluation cases (tests/corpus/eval): each form
 * (`STEM.NAME.form.json`) with the rule file it is screened by (`STEM.rules`),
 * named `STEM.NAME`, in file order.
 */
export function corpusCases() {
  const dir = join(ROOT, 'tests', 'corpus', 'eval');
  const names = readdirSync(dir).sort();
  const cases = [];
  for (const rules of names.filter((n) => n.endsWith('.rules'))) {
    const stem = rules.slice(0, -'.rules'.length);
    for (const form of names.filter((n) => n.startsWith(`${stem}.`) && n.endsWith('.form.json'))) {
      cases.push({ name: `${stem}.${form.slice(stem.length + 1, -'.form.json'.length)}`, rules: join(dir, rules), form: join(dir, form) });
    }
  }
  return cases;
}

export function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

// Wraps every storage API before any page script runs and counts writes.
// (An init script is injected by the browser, not the page, so the page's CSP
// does not apply to it.)
const STORAGE_SPY = `(() => {
  const writes = [];
  Object.defineProperty(window, '__storageWrites', { value: writes });
  const wrap = (proto, name, label) => {
    const orig = proto && proto[name];
    if (typeof orig !== 'function') return;
    proto[name] = function (...args) { writes.push(label + '.' + name); return orig.apply(this, args); };
  };
  wrap(Storage.prototype, 'setItem', 'Storage');
  wrap(Storage.prototype, 'clear', 'Storage');
  wrap(Storage.prototype, 'removeItem', 'Storage');
  if (window.IDBFactory) { wrap(IDBFactory.prototype, 'open', 'indexedDB'); wrap(IDBFactory.prototype, 'deleteDatabase', 'indexedDB'); }
  if (window.CacheStorage) { wrap(CacheStorage.prototype, 'open', 'caches'); }
  if (window.Cache) { wrap(Cache.prototype, 'put', 'Cache'); wrap(Cache.prototype, 'add', 'Cache'); wrap(Cache.prototype, 'addAll', 'Cache'); }
  if (window.CookieStore) { wrap(CookieStore.prototype, 'set', 'cookieStore'); }
  const cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
  if (cookie) Object.defineProperty(Document.prototype, 'cookie', {
    get() { return cookie.get.call(this); },
    set(v) { writes.push('document.cookie'); cookie.set.call(this, v); },
    configurable: true,
  });
  if (navigator.serviceWorker) wrap(ServiceWorkerContainer.prototype, 'register', 'serviceWorker');
  wrap(navigator.__proto__, 'sendBeacon', 'navigator');
})();`;

/**
 * Serve `root`, open a page on it, and record: every request (Playwright's
 * request event and the Chrome DevTools Protocol's Network.requestWillBeSent,
 * which also sees requests the browser makes for the page, such as the
 * favicon), console errors, page errors, and storage writes.
 */
export async function openPage(root, { date } = {}) {
  const server = await serve(root);
  const browser = await launch();
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, serviceWorkers: 'block' });
  // CI has two cores shared by the whole build: give each step room, so a slow
  // moment is not mistaken for a failure.
  context.setDefaultTimeout(90_000);
  const page = await context.newPage();
  const seen = { requests: [], cdpRequests: [], consoleErrors: [], pageErrors: [] };
  page.on('request', (r) => seen.requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') seen.consoleErrors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => seen.pageErrors.push(String(e && e.stack ? e.stack : e)));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  cdp.on('Network.requestWillBeSent', (e) => seen.cdpRequests.push(e.request.url));
  await page.addInitScript(STORAGE_SPY);
  if (date) await page.clock.setFixedTime(new Date(`${date}T12:00:00`));

  return {
    server,
    browser,
    page,
    seen,
    /** Fail on any request off the page's origin, console error or storage write. */
    async assertPrivate() {
      const origin = server.url;
      const offOrigin = [...seen.requests, ...seen.cdpRequests].filter(
        (u) => !(u === origin || u.startsWith(`${origin}/`)),
      );
      const storage = await page.evaluate(async () => ({
        writes: window.__storageWrites.slice(),
        local: localStorage.length,
        session: sessionStorage.length,
        cookie: document.cookie,
        idb: indexedDB.databases ? (await indexedDB.databases()).length : 0,
        caches: self.caches ? (await caches.keys()).length : 0,
      }));
      return { offOrigin, storage, consoleErrors: seen.consoleErrors, pageErrors: seen.pageErrors };
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}
