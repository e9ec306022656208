// The demo and training page (web-demo/build/, from web-demo/build-demo.mjs)
// in headless Chromium, used the way a trainer would: every training case
// loads and gives its expected outcome, the rule editor round-trip works, a
// syntax error is marked on the right line, the single-file build works from
// disk, the page passes axe-core's WCAG 2.2 AA rules, and nothing leaves the
// page's origin, nothing is stored and the console stays clean.
//
// Screenshots go to tests/e2e/screenshots/ (not committed): look at them.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { ROOT, openPage } from './helpers.mjs';
import { launch } from './browser.mjs';

const BUILD = join(ROOT, 'web-demo', 'build');
const SINGLE = join(BUILD, 'screening-demo.html');
const SHOTS = join(ROOT, 'tests', 'e2e', 'screenshots');
const CASES_DIR = join(ROOT, 'web-demo', 'demo', 'cases');
const MAIN_RULES = readFileSync(join(ROOT, 'rules', 'contextual-safeguarding.rules'), 'utf8');
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

// Build the page from the current sources (a few seconds): the engine must be
// built already (web-demo/build-engine.sh); the page's own tools install here.
const WEB_DEMO = join(ROOT, 'web-demo');
if (!existsSync(join(WEB_DEMO, 'package', 'pkg', 'screening_engine_bg.wasm'))) {
  throw new Error('The engine is not built: run web-demo/build-engine.sh first');
}
if (!existsSync(join(WEB_DEMO, 'node_modules', 'esbuild'))) {
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: WEB_DEMO, stdio: ['ignore', 'ignore', 'inherit'] });
}
execFileSync(process.execPath, [join(WEB_DEMO, 'build-demo.mjs')], { stdio: ['ignore', 'ignore', 'inherit'] });
for (const p of [join(BUILD, 'index.html'), SINGLE]) {
  if (!existsSync(p)) throw new Error(`${p} is missing after building the demo`);
}
mkdirSync(SHOTS, { recursive: true });

const CASES = readdirSync(CASES_DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(join(CASES_DIR, f), 'utf8')))
  .sort((a, b) => a.number - b.number);

const shot = (page, name, opts = {}) => page.screenshot({ path: join(SHOTS, `demo-${name}.png`), ...opts });

async function ready(page) {
  await page.waitForSelector('html[data-ready="true"]', { timeout: 20000 });
}

async function loadCase(page, slug) {
  await page.selectOption('#case-picker', slug);
  await page.click('#load-case');
  await page.waitForSelector(`#current-case-compare`);
}

/** Run axe-core in the page (evaluated through DevTools, so the page's CSP does not block it). */
async function axe(page, label) {
  await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      resultTypes: ['violations'],
    });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary}`),
    }));
  });
  assert.deepEqual(result, [], `axe-core found WCAG 2.2 AA violations (${label}):\n${JSON.stringify(result, null, 2)}`);
}

/** The 1-based line of the first line of `text` that starts with `start`. */
function lineOf(text, start) {
  const i = text.split('\n').findIndex((l) => l.startsWith(start));
  assert.ok(i >= 0, `no line starts with ${start}`);
  return i + 1;
}

async function gotoEditorLine(page, line) {
  await page.click('.cm-content');
  await page.keyboard.press('Control+Alt+g');
  const input = page.locator('.cm-panel.cm-gotoLine input, .cm-dialog input').first();
  await input.fill(String(line));
  await input.press('Enter');
}

describe('demo and training page', () => {
  let ctx;
  let page;

  before(async () => {
    ctx = await openPage(BUILD);
    page = ctx.page;
    await page.setViewportSize({ width: 1400, height: 1000 });
    await page.goto(`${ctx.server.url}/index.html`);
    await ready(page);
  });

  after(async () => {
    if (ctx) await ctx.close();
  });

  test('starts with the shipped rules, a blank referral and no error', async () => {
    assert.equal(await page.locator('#load-error').isHidden(), true);
    const level = await page.locator('#outcome-level').getAttribute('data-level');
    assert.equal(level, 'universal');
    // Everything says it is advisory and fictional, and there is a privacy statement.
    const body = await page.locator('body').innerText();
    assert.match(body, /advisory/i);
    assert.match(body, /fictional/i);
    assert.match(await page.locator('#privacy').innerText(), /Nothing you type is sent anywhere/);
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.match(csp, /connect-src 'self'/);
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
    assert.equal(await page.locator('script:not([src])').count(), 0, 'no inline script');
    await shot(page, 'start');
    await axe(page, 'blank referral');
  });

  for (const c of CASES) {
    test(`training case ${c.number}, ${c.title}: gives its expected outcome`, async () => {
      await loadCase(page, c.slug);
      const compare = page.locator('#current-case-compare');
      const matches = await compare.getAttribute('data-matches');
      if (matches !== 'true') {
        await compare.evaluate((d) => { d.open = true; });
        assert.fail(`Case ${c.slug} differs from its expected outcome:\n${await compare.innerText()}`);
      }
      const level = await page.locator('#outcome-level').getAttribute('data-level');
      if (c.expected.level.is) assert.equal(level, c.expected.level.is);
      const actions = await page.locator('#outcome-actions [data-action]').evaluateAll((els) => els.map((e) => e.dataset.action));
      for (const a of c.expected.actions || []) assert.ok(actions.includes(a), `${c.slug}: expected action ${a}`);
      for (const a of c.expected.noActions || []) assert.ok(!actions.includes(a), `${c.slug}: unexpected action ${a}`);
      // The case explains itself: brief, expected outcome, facilitator's note.
      const brief = await page.locator('#case-brief').innerText();
      assert.ok(brief.includes(c.title));
      assert.match(brief, /Facilitator's note/);
      await shot(page, `case-${c.number}-${c.slug}`);
    });
  }

  test('each flag opens its why, and each answer links to its field', async () => {
    await loadCase(page, 'ash-lane-station');
    const firstWhy = page.locator('#outcome-actions .app-why-link').first();
    const href = await firstWhy.getAttribute('href');
    await firstWhy.click();
    const details = page.locator(href);
    assert.equal(await details.evaluate((d) => d.open), true, 'the rule opens');
    const text = await details.innerText();
    assert.match(text, /Why this matters/);
    assert.match(text, /Source:/);
    // An answer that triggered the rule moves focus to its control in the form.
    const fieldLink = details.locator('.app-field-link').first();
    const field = await fieldLink.getAttribute('data-field');
    await fieldLink.click();
    const focusedName = await page.evaluate(() => document.activeElement && document.activeElement.name);
    assert.ok(focusedName && field.startsWith(focusedName.replace(/\.[^.]*$/, '')), `focus moved to ${focusedName} for ${field}`);
    await shot(page, 'why-opened');
    await axe(page, 'case loaded, why opened');
  });

  test('wording prompts on the narrative come and go as it is edited', async () => {
    await loadCase(page, 'bus-77-after-school');
    const prompts = () => page.locator('#outcome-prompts .app-prompt').count();
    const before = await prompts();
    assert.ok(before >= 2, 'the case has wording prompts');
    await page.fill('#f-narrative', 'D, aged 14, was stabbed on the number 77 bus after school. Pupils have been robbed on the same route four times since September.');
    await page.waitForFunction((n) => document.querySelectorAll('#outcome-prompts .app-prompt').length < n, before);
    assert.ok((await prompts()) < before);
  });

  test('editing a rule re-screens at once, shows what changes across cases, runs the tests, and resets', async () => {
    await loadCase(page, 'new-friends');
    assert.equal(await page.locator('#outcome-level').getAttribute('data-level'), 'early_help');
    await page.click('a[href="#tab-rules"]');
    await page.click('.cm-content');
    await page.keyboard.press('Control+End');
    await page.keyboard.insertText([
      '',
      'rule TRAIN1 "Training edit: a change of friends needs a strategy discussion"',
      '  context peer_group',
      '  kind risk',
      '  when any child in children where child.peer_signs includes peer_group_change',
      '  then',
      '    raise to child_protection',
      '    action strategy_discussion',
      '  rationale "Added in a training session to see what changes."',
      '  source "Training session"',
      'end',
      '',
    ].join('\n'));
    await page.waitForFunction(() => document.querySelector('#outcome-level')?.dataset.level === 'child_protection', null, { timeout: 5000 });
    assert.match(await page.locator('#rules-note').innerText(), /edited rules/);
    const compare = await page.locator('#current-case-compare').getAttribute('data-matches');
    assert.equal(compare, 'false', 'the over-escalation case now differs from what is expected');

    await page.click('#compare-cases');
    const summary = await page.locator('#changes-summary').innerText();
    assert.match(summary, /cases now get a different level or different actions/);
    const changed = await page.locator('#changes-table tr[data-changed="true"]').evaluateAll((rows) => rows.map((r) => r.dataset.case));
    assert.ok(changed.includes('new-friends'), `new-friends changes: ${changed}`);
    await shot(page, 'rules-changes');

    await page.click('#run-tests');
    await page.waitForSelector('#tests-list');
    const failed = await page.locator('#tests-list [data-passed="false"]').count();
    const passed = await page.locator('#tests-list [data-passed="true"]').count();
    assert.ok(failed >= 1, 'the edit breaks at least one of the file\'s tests');
    assert.ok(passed >= 1);
    assert.match(await page.locator('#tests-summary').innerText(), new RegExp(`${passed} passed, ${failed} failed`));
    await shot(page, 'rules-tests');

    await page.click('#reset-rules');
    await page.waitForFunction(() => document.querySelector('#outcome-level')?.dataset.level === 'early_help');
    await page.click('#run-tests');
    await page.waitForSelector('#tests-list');
    assert.equal(await page.locator('#tests-list [data-passed="false"]').count(), 0, 'the shipped tests all pass');
    await axe(page, 'rules tab with test results');
  });

  test('a syntax error shows an inline diagnostic on the right line', async () => {
    await page.click('a[href="#tab-rules"]');
    const line = lineOf(MAIN_RULES, 'rule PEER1 ');
    await gotoEditorLine(page, line);
    await page.keyboard.press('Home');
    await page.keyboard.insertText('this is not a rule\n');
    const marked = page.locator('.cm-lintRange-error').first();
    await marked.waitFor({ timeout: 5000 });
    const markedLine = await marked.evaluate((el) => el.closest('.cm-line').textContent);
    assert.equal(markedLine, 'this is not a rule', 'the underline is on the broken line');
    const listed = page.locator(`#rule-diagnostics li[data-line="${line}"]`);
    assert.ok((await listed.count()) >= 1, `a diagnostic is listed for line ${line}`);
    assert.ok((await page.locator('.cm-lint-marker-error').count()) >= 1, 'a gutter marker');
    // The screening goes on with the last rules that compiled, and says so.
    await page.waitForSelector('.app-rules-note--error');
    await shot(page, 'syntax-error');
    await page.click('#reset-rules');
    await page.waitForSelector('.app-rules-note--error', { state: 'detached' });
  });

  test('field names complete from the schema', async () => {
    await page.click('a[href="#tab-rules"]');
    await page.click('.cm-content');
    await page.keyboard.press('Control+End');
    await page.keyboard.insertText('\n# child.miss');
    await page.keyboard.press('Control+Space');
    const option = page.locator('.cm-tooltip-autocomplete li', { hasText: 'child.missing_episodes' }).first();
    await option.waitFor({ timeout: 5000 });
    await shot(page, 'completion');
    await page.keyboard.press('Escape');
    await page.click('#reset-rules');
  });

  test('the print view is a one-page summary', async () => {
    await loadCase(page, 'hotel-key-card');
    await page.evaluate(() => { window.print = () => {}; });
    await page.click('#print-summary');
    const text = await page.locator('#print-view').innerText();
    assert.match(text, /Screening summary/);
    assert.match(text, /Advisory only/);
    assert.match(text, /Hotel key card/);
    await page.emulateMedia({ media: 'print' });
    try {
      await shot(page, 'print', { fullPage: true });
      const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
      const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
      assert.equal(pages, 1, `the summary prints on one page, not ${pages}`);
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
  });

  test('is usable with the keyboard alone', async () => {
    await page.click('#clear-form');
    await page.focus('#case-picker');
    await page.keyboard.press('End'); // the last case
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'load-case');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#current-case-compare');
    // Focus moved to the case brief, announced as a region.
    assert.equal(await page.evaluate(() => document.activeElement.id), 'case-brief');
    // Tab reaches the form's controls and shows a focus outline.
    let found = false;
    for (let i = 0; i < 40 && !found; i++) {
      await page.keyboard.press('Tab');
      found = await page.evaluate(() => !!document.activeElement.closest('#referral-form'));
    }
    assert.ok(found, 'Tab reaches the referral form');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle + getComputedStyle(document.activeElement).boxShadow);
    assert.notEqual(outline, 'nonenone', 'the focused control shows a focus state');
    await shot(page, 'keyboard-focus');
    // Every tab of the work area is reachable and passes axe.
    await page.click('a[href="#tab-cases"]');
    await page.waitForSelector('.app-case-card');
    // The overview screens every case with the current rules, each matching what it expects.
    const cards = await page.locator('.app-case-card').evaluateAll((els) => els.map((e) => ({
      slug: e.dataset.case,
      matches: e.querySelector('.app-compare')?.dataset.matches,
    })));
    assert.deepEqual(cards, CASES.map((c) => ({ slug: c.slug, matches: 'true' })));
    await shot(page, 'all-cases', { fullPage: false });
    await axe(page, 'all training cases tab');
  });

  test('keeps working offline once loaded', async () => {
    await page.context().setOffline(true);
    try {
      await loadCase(page, 'year-10-group-chat');
      assert.equal(await page.locator('#current-case-compare').getAttribute('data-matches'), 'true');
      await page.click('a[href="#tab-rules"]');
      await page.click('#run-tests');
      await page.waitForSelector('#tests-list');
      assert.equal(await page.locator('#tests-list [data-passed="false"]').count(), 0);
    } finally {
      await page.context().setOffline(false);
    }
  });

  test('nothing leaves the origin, nothing is stored, the console stays clean', async () => {
    const r = await ctx.assertPrivate();
    // data: URLs (CodeMirror's and Chromium's own icons) are not requests to anywhere.
    assert.deepEqual(r.offOrigin.filter((u) => !u.startsWith('data:')), [], 'requests off the origin');
    assert.deepEqual(r.storage.writes, [], 'storage writes');
    assert.equal(r.storage.local + r.storage.session + r.storage.idb + r.storage.caches, 0);
    assert.equal(r.storage.cookie, '');
    assert.deepEqual(r.consoleErrors, [], 'console errors');
    assert.deepEqual(r.pageErrors, [], 'page errors');
  });
});

describe('single-file build', () => {
  test('works from a file:// URL with no server and makes no request', async () => {
    const browser = await launch();
    try {
      const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, serviceWorkers: 'block' });
      const page = await context.newPage();
      const requests = [];
      const errors = [];
      page.on('request', (r) => requests.push(r.url()));
      page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text()); });
      page.on('pageerror', (e) => errors.push(String(e)));
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      cdp.on('Network.requestWillBeSent', (e) => requests.push(e.request.url));
      const url = pathToFileURL(SINGLE).href;
      await page.goto(url);
      await ready(page);
      await loadCase(page, 'ash-lane-station');
      assert.equal(await page.locator('#current-case-compare').getAttribute('data-matches'), 'true');
      const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
      assert.match(csp, /connect-src 'none'/);
      assert.match(csp, /script-src 'sha256-/);
      await shot(page, 'single-file');
      const other = requests.filter((u) => u !== url && !u.startsWith('data:'));
      assert.deepEqual(other, [], 'the single file fetches nothing');
      assert.deepEqual(errors, [], 'console errors');
    } finally {
      await browser.close();
    }
  });
});
