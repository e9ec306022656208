// The sign-off document (`screen doc`) in headless Chromium, as the partnership
// board would get it: it passes axe-core's WCAG 2.2 AA rules, it prints on A4,
// it loads nothing from anywhere, and with --since it shows what changed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { ROOT } from './helpers.mjs';
import { launch } from './browser.mjs';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const OUT = join(ROOT, 'target', 'signoff-test');
mkdirSync(OUT, { recursive: true });
const SCREEN = join(ROOT, 'target', 'debug', 'screen');
if (!existsSync(SCREEN)) execFileSync('cargo', ['build', '--bin', 'screen'], { cwd: ROOT, stdio: 'inherit' });

function doc(name, args) {
  const file = join(OUT, `${name}.html`);
  execFileSync(SCREEN, ['doc', ...args, '-o', file, '--date', '2026-11-29'], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
  return file;
}

const MAIN = doc('main', ['rules/contextual-safeguarding.rules']);
const SINCE = doc('since', ['tests/cli/fixtures/impact-new.rules', '--since', 'tests/cli/fixtures/impact-old.rules']);
const SERAF = doc('seraf', ['rules/seraf-scoring.rules']);

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function open(file) {
  const page = await browser.newPage();
  const requests = [];
  page.on('request', (r) => {
    if (!r.url().startsWith('file:')) requests.push(r.url());
  });
  await page.goto(pathToFileURL(file).href);
  return { page, requests };
}

async function axe(page, label) {
  await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      resultTypes: ['violations'],
    });
    return r.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  assert.deepEqual(result, [], `axe-core found WCAG 2.2 AA violations (${label}):\n${JSON.stringify(result, null, 2)}`);
}

for (const [label, file] of [['main rule set', MAIN], ['with --since', SINCE], ['with scores', SERAF]]) {
  test(`the sign-off document passes WCAG 2.2 AA and loads nothing (${label})`, async () => {
    const { page, requests } = await open(file);
    await axe(page, label);
    assert.deepEqual(requests, [], 'the document must not load anything');
    assert.equal(await page.locator('h1').count(), 1);
    await page.screenshot({ path: join(OUT, `${label.replace(/\W+/g, '-')}.png`), fullPage: false });
    await page.close();
  });
}

test('the sign-off document prints on A4 pages', async () => {
  const { page } = await open(MAIN);
  const pdf = (await page.pdf({ preferCSSPageSize: true })).toString('latin1');
  const box = pdf.match(/\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/);
  assert.ok(box, 'the PDF has a page size');
  // A4 is 595 x 842 points.
  assert.ok(Math.abs(Number(box[1]) - 595) < 2 && Math.abs(Number(box[2]) - 842) < 2, `page size ${box[1]} x ${box[2]} is not A4`);
  await page.close();
});

test('with --since, the document lists what was added and changed, with conditions in words', async () => {
  const { page } = await open(SINCE);
  const changes = await page.locator('#changes ~ *').allInnerTexts();
  const text = changes.join('\n');
  assert.match(text, /Rule NBH11: Seen at a trap house/);
  assert.match(text, /Rule MIS2: Missing two or more times in 30 days/);
  const body = await page.locator('main').innerText();
  assert.match(body, /“Times missing in the last 30 days” is 2 or more/);
  assert.match(body, /“Times missing in the last 30 days” is 3 or more/, 'the old condition is shown as Before');
  await page.close();
});
