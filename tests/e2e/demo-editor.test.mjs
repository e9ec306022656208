// The rule editor as a policy lead's workbench (issue 20, point 6): the rule
// file is saved to the person's computer (the browser's "Save as" dialog
// where there is one, else a download) and opened from it; nothing is kept in
// browser storage; Reset, opening another file and reloading ask before edits
// that are not saved are lost; a whole rule file pasted in at once is taken.
//
// Builds the page like demo.test.mjs (the engine must be built already). How
// long the paste takes is measured by tests/bench/paste.mjs, not here.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { ROOT, openPage } from './helpers.mjs';

const WEB_DEMO = join(ROOT, 'web-demo');
const BUILD = join(WEB_DEMO, 'build');
const SHOTS = join(ROOT, 'tests', 'e2e', 'screenshots');
const MAIN = 'contextual-safeguarding.rules';
const MAIN_RULES = readFileSync(join(ROOT, 'rules', MAIN), 'utf8');
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

if (!existsSync(join(WEB_DEMO, 'package', 'pkg', 'screening_engine_bg.wasm'))) {
  throw new Error('The engine is not built: run web-demo/build-engine.sh first');
}
if (!existsSync(join(WEB_DEMO, 'node_modules', 'esbuild'))) {
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: WEB_DEMO, stdio: ['ignore', 'ignore', 'inherit'] });
}
execFileSync(process.execPath, [join(WEB_DEMO, 'build-demo.mjs')], { stdio: ['ignore', 'ignore', 'inherit'] });
mkdirSync(SHOTS, { recursive: true });

// Counts every use of browser storage, reads as well as writes: the getters
// themselves are wrapped, so even looking at localStorage is seen.
const STORAGE_USE = `(() => {
  const used = [];
  Object.defineProperty(window, '__storageUsed', { value: used });
  for (const name of ['localStorage', 'sessionStorage', 'indexedDB', 'caches']) {
    const owner = [window, Window.prototype].find((o) => o && Object.getOwnPropertyDescriptor(o, name));
    if (!owner) continue;
    const d = Object.getOwnPropertyDescriptor(owner, name);
    if (!d.get) continue;
    Object.defineProperty(owner, name, { configurable: true, enumerable: d.enumerable, get() { if (!window.__storageSpyOff) used.push(name); return d.get.call(this); } });
  }
})();`;

async function axe(page, label) {
  await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary}`) }));
  });
  assert.deepEqual(result, [], `axe-core found WCAG 2.2 AA violations (${label}):\n${JSON.stringify(result, null, 2)}`);
}

/** Go to the end of the editor's text and type `text` there. */
async function typeAtEnd(page, text) {
  await page.click('.cm-content');
  await page.keyboard.press('Control+End');
  await page.keyboard.insertText(text);
}

/** Wait until the page has taken the editor's text (checked and compiled: the rule line says so). */
async function taken(page, pattern) {
  await page.waitForFunction((p) => new RegExp(p).test(document.getElementById('rule-info').textContent), pattern.source);
}

/** Save through the download and return what was downloaded, with its name. */
async function saveByDownload(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#save-rules')]);
  const path = await download.path();
  return { name: download.suggestedFilename(), text: readFileSync(path, 'utf8') };
}

describe('the rule editor saves and opens rule files, and keeps edits', () => {
  let ctx;
  let page;

  before(async () => {
    ctx = await openPage(BUILD);
    page = ctx.page;
    await page.addInitScript(STORAGE_USE);
    // A browser without the "Save as" dialog, as Firefox and Safari are: the save is a download.
    await page.addInitScript(() => { delete window.showSaveFilePicker; delete Window.prototype.showSaveFilePicker; });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${ctx.server.url}/index.html`);
    await page.waitForSelector('html[data-ready="true"]', { timeout: 30000 });
    await page.click('.govuk-tabs__tab[href="#tab-rules"]');
  });

  after(async () => {
    if (ctx) await ctx.close();
  });

  test('save: the download is the editor\u2019s text, under the rule file\u2019s name', async () => {
    await typeAtEnd(page, '\n# Agreed by the board on 3 December\n');
    await taken(page, /Edited.*Not saved/);
    const saved = await saveByDownload(page);
    assert.equal(saved.name, MAIN);
    assert.equal(saved.text, `${MAIN_RULES}\n# Agreed by the board on 3 December\n`);
    assert.match(await page.locator('#rule-file-status').innerText(), /Saved as contextual-safeguarding\.rules, a download/);
    await taken(page, /Edited.*Saved\./);
    await page.screenshot({ path: join(SHOTS, 'editor-saved.png') });
    await axe(page, 'rules tab after a save');
  });

  test('Reset asks first over edits that are not saved; keeping them keeps them, going ahead resets', async () => {
    // Saved edits are not lost by a reset: it goes ahead at once.
    await page.click('#reset-rules');
    await taken(page, /As shipped/);
    assert.equal(await page.locator('#confirm-rules').count(), 0);
    await typeAtEnd(page, '\n# not saved yet\n');
    await taken(page, /Not saved/);
    await page.click('#reset-rules');
    await page.waitForSelector('#confirm-rules');
    assert.match(await page.locator('#confirm-rules').innerText(), /You have edits to the rules that are not saved[\s\S]*Resetting to the shipped rules replaces them/);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'confirm-rules-title');
    await axe(page, 'the question before a reset');
    await page.click('#confirm-rules-no');
    assert.equal(await page.locator('#confirm-rules').count(), 0);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'reset-rules', 'focus back on Reset');
    assert.match(await page.locator('.cm-content').innerText(), /# not saved yet/, 'keeping them keeps the edits');
    assert.match(await page.locator('#rule-info').innerText(), /Not saved/);
    await page.click('#reset-rules');
    await page.click('#confirm-rules-yes');
    await taken(page, /As shipped/);
    assert.doesNotMatch(await page.locator('.cm-content').innerText(), /# not saved yet/);
  });

  test('open: a rule file from the computer takes the editor\u2019s place and screens; over unsaved edits it asks first', async () => {
    const theirs = MAIN_RULES.replace(/^(rule \w+ ")/m, '$1Our council: ');
    await page.setInputFiles('#open-rules', { name: 'our-council.rules', mimeType: 'text/plain', buffer: Buffer.from(theirs) });
    await taken(page, /Edited.*Opened from our-council\.rules.*Saved\./);
    assert.match(await page.locator('#rule-file-status').innerText(), /Opened our-council\.rules/);
    assert.match(await page.locator('#diagnostics-summary').innerText(), /works|No problems/);
    // Saved again, it keeps the name it was opened as and the text it has.
    let saved = await saveByDownload(page);
    assert.deepEqual(saved, { name: 'our-council.rules', text: theirs });

    // An edit not saved, then another file: the page asks, and keeping the edits keeps them.
    await typeAtEnd(page, '\n# my change\n');
    await taken(page, /Not saved/);
    const other = MAIN_RULES.replace(/^(rule \w+ ")/m, '$1Other council: ');
    await page.setInputFiles('#open-rules', { name: 'other.rules', mimeType: 'text/plain', buffer: Buffer.from(other) });
    await page.waitForSelector('#confirm-rules');
    assert.match(await page.locator('#confirm-rules').innerText(), /Opening other\.rules replaces them/);
    await page.click('#confirm-rules-no');
    saved = await saveByDownload(page);
    assert.deepEqual(saved, { name: 'our-council.rules', text: `${theirs}\n# my change\n` }, 'the edits are kept, not the other file');
    // Going ahead opens it.
    await typeAtEnd(page, '# another change\n');
    await taken(page, /Not saved/);
    await page.setInputFiles('#open-rules', { name: 'other.rules', mimeType: 'text/plain', buffer: Buffer.from(other) });
    await page.click('#confirm-rules-yes');
    await taken(page, /Opened from other\.rules/);
    saved = await saveByDownload(page);
    assert.deepEqual(saved, { name: 'other.rules', text: other });

    // A file that is not text is refused on the file upload itself, and the editor is left alone.
    await page.setInputFiles('#open-rules', { name: 'photo.rules', mimeType: 'application/octet-stream', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]) });
    await page.waitForSelector('#open-rules-error');
    assert.match(await page.locator('#open-rules-error').innerText(), /photo\.rules is not a text file/);
    assert.match(await page.locator('#rule-info').innerText(), /Opened from other\.rules/);
    await axe(page, 'an error on opening a file');
    await page.click('#reset-rules');
    await taken(page, /As shipped/);
  });

  test('reloading with rule edits not saved asks first; once saved it does not', async () => {
    await typeAtEnd(page, '\n# before a reload\n');
    await taken(page, /Not saved/);
    // What the page did so far (save, open, reset, edits) touched no storage; the reload starts a new count.
    assert.deepEqual(await page.evaluate(() => window.__storageUsed.slice()), [], 'the page touched browser storage');
    const asked = [];
    const onDialog = (d) => { asked.push(d.type()); d.dismiss(); };
    page.on('dialog', onDialog);
    await page.reload({ timeout: 3000 }).catch(() => {});
    assert.deepEqual(asked, ['beforeunload'], 'reloading asks first');
    assert.match(await page.locator('.cm-content').innerText(), /# before a reload/, 'staying keeps the edits');
    await saveByDownload(page);
    await taken(page, /Saved\./);
    asked.length = 0;
    await page.reload();
    page.off('dialog', onDialog);
    assert.deepEqual(asked, [], 'saved edits are not lost, so a reload does not ask');
    await page.waitForSelector('html[data-ready="true"]', { timeout: 30000 });
    await page.click('.govuk-tabs__tab[href="#tab-rules"]');
  });

  test('a whole rule file put in at once is taken whole (the browser\u2019s own paste path)', async () => {
    const theirs = MAIN_RULES.replace(/^(rule \w+ ")/m, '$1Pasted: ');
    await page.click('.cm-content');
    await page.keyboard.press('Control+a');
    // One input event with the whole 254 KB: the path that took minutes before.
    await page.keyboard.insertText(theirs);
    await taken(page, /Edited/);
    assert.match(await page.locator('#diagnostics-summary').innerText(), /works|No problems/);
    const saved = await saveByDownload(page);
    assert.equal(saved.text, theirs);
    // And through the clipboard event, as Ctrl+V gives it.
    const again = MAIN_RULES.replace(/^(rule \w+ ")/m, '$1Pasted again: ');
    await page.click('.cm-content');
    await page.keyboard.press('Control+a');
    await page.evaluate((text) => {
      const data = new DataTransfer();
      data.setData('text/plain', text);
      document.querySelector('.cm-content').dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, again);
    await taken(page, /Edited/);
    assert.equal((await saveByDownload(page)).text, again);
  });

  test('nothing is read from or written to browser storage', async () => {
    const used = await page.evaluate(() => window.__storageUsed.slice());
    assert.deepEqual(used, [], 'the page touched browser storage');
    await page.evaluate(() => { window.__storageSpyOff = true; });
    const r = await ctx.assertPrivate();
    assert.deepEqual(r.storage, { writes: [], local: 0, session: 0, cookie: '', idb: 0, caches: 0 });
    // data: URLs (CodeMirror's and Chromium's own icons) are not requests to anywhere.
    assert.deepEqual(r.offOrigin.filter((u) => !u.startsWith('data:')), []);
    assert.deepEqual(r.pageErrors, []);
    // CodeMirror's own layout note about a long line is Chromium's console, not the page's.
    assert.deepEqual(r.consoleErrors.filter((m) => m !== 'warning: Measure loop restarted more than 5 times'), []);
  });
});

describe('the rule editor saves through the browser\u2019s "Save as" dialog where there is one', () => {
  let ctx;
  let page;

  before(async () => {
    ctx = await openPage(BUILD);
    page = ctx.page;
    // Stands in for the dialog (headless Chromium cannot show it): records the
    // name offered and what the page writes, as the file system would get it.
    await page.addInitScript(() => {
      window.__saved = [];
      window.showSaveFilePicker = async (opts) => {
        if (window.__cancelSave) throw new DOMException('The user aborted a request.', 'AbortError');
        const file = { name: opts.suggestedName, chunks: [], closed: false };
        window.__saved.push(file);
        return { createWritable: async () => ({ write: async (d) => { file.chunks.push(String(d)); }, close: async () => { file.closed = true; } }) };
      };
    });
    await page.goto(`${ctx.server.url}/index.html`);
    await page.waitForSelector('html[data-ready="true"]', { timeout: 30000 });
    await page.click('.govuk-tabs__tab[href="#tab-rules"]');
  });

  after(async () => {
    if (ctx) await ctx.close();
  });

  test('the file written is the editor\u2019s text; a cancelled dialog saves nothing and says so', async () => {
    await typeAtEnd(page, '\n# saved through the dialog\n');
    await taken(page, /Not saved/);
    let downloads = 0;
    page.on('download', () => { downloads += 1; });
    await page.click('#save-rules');
    await page.waitForFunction(() => /Saved as/.test(document.getElementById('rule-file-status').textContent));
    const saved = await page.evaluate(() => window.__saved);
    assert.deepEqual(saved, [{ name: MAIN, chunks: [`${MAIN_RULES}\n# saved through the dialog\n`], closed: true }]);
    assert.equal(await page.locator('#rule-file-status').innerText(), `Saved as ${MAIN}.`);
    await taken(page, /Saved\./);
    assert.equal(downloads, 0, 'no download as well');

    await typeAtEnd(page, '# more\n');
    await taken(page, /Not saved/);
    await page.evaluate(() => { window.__cancelSave = true; });
    await page.click('#save-rules');
    await page.waitForFunction(() => /cancelled/.test(document.getElementById('rule-file-status').textContent));
    assert.match(await page.locator('#rule-info').innerText(), /Not saved/);
    assert.equal((await page.evaluate(() => window.__saved)).length, 1);
  });
});
