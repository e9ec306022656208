// The sign-off document (`screen doc`) in headless Chromium, as the partnership
// board would get it: it passes axe-core's WCAG 2.2 AA rules, it prints on A4,
// it loads nothing from anywhere, and with --since it shows what changed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
  assert.match(text, /Rule: Seen at a trap house/);
  assert.match(text, /Rule: Missing two or more times in 30 days/);
  // The change is shown once, with the old number struck through and the new one underlined.
  assert.equal(await page.locator('#changes ~ * del', { hasText: '3' }).count() >= 1, true, 'the old number is struck through');
  assert.equal(await page.locator('#changes ~ * ins', { hasText: '2' }).count() >= 1, true, 'the new number is marked');
  const del = await page.locator('del').first().evaluate((el) => getComputedStyle(el).textDecorationLine);
  assert.match(del, /line-through/);
  await page.close();
});

// A board paper for a change of one rule: the shipped file, and the same file
// with one rule added (the policy lead's trial 3). The document starts with
// the change and prints on at most 10 A4 pages; the whole rule set is an
// appendix only when asked for.
test('the sign-off document for a one-rule change names it on page 1 and prints on at most 10 pages', async () => {
  const dir = join(OUT, 'one-rule');
  mkdirSync(dir, { recursive: true });
  cpSync(join(ROOT, 'rules', 'cases'), join(dir, 'cases'), { recursive: true });
  const shipped = readFileSync(join(ROOT, 'rules', 'contextual-safeguarding.rules'), 'utf8');
  writeFileSync(join(dir, 'contextual-safeguarding.signed-off'), shipped);
  writeFileSync(join(dir, 'contextual-safeguarding.rules'), `${shipped}
rule MIS7 "Missing two or more times in 30 days, at least once overnight"
  context neighbourhood
  kind risk
  when any child in children where (
    child.missing_last_30_days is at least 2
    and any episode in child.missing_episodes where (
      episode.started is within 30 days before referral_date
      and days from episode.started to episode.ended is at least 1))
  then
    raise to child_protection
    action strategy_discussion
  rationale "Repeated going missing with a night away is a strong sign of exploitation."
  source "Statutory guidance on children who run away or go missing from home or care (DfE, 2014)"
end
`);
  const file = doc('one-rule', [join(dir, 'contextual-safeguarding.rules'), '--since', join(dir, 'contextual-safeguarding.signed-off')]);
  const { page } = await open(file);
  await axe(page, 'a one-rule change');
  const pdf = (await page.pdf({ preferCSSPageSize: true })).toString('latin1');
  const pages = (pdf.match(/\/Type\s*\/Page(?!s)/g) || []).length;
  assert.ok(pages >= 1 && pages <= 10, `a one-rule change prints on ${pages} A4 pages`);
  // Page 1 names the change: laid out as printed on A4 (794 CSS pixels wide, 1123 high, less the margins),
  // "What has changed" and its count start on the first page.
  await page.setViewportSize({ width: 794, height: 1123 });
  await page.emulateMedia({ media: 'print' });
  const changesTop = await page.locator('#changes').evaluate((el) => el.getBoundingClientRect().top + window.scrollY);
  assert.ok(changesTop < 950, `"What has changed" starts ${changesTop} pixels down, past the first page`);
  const text = await page.locator('main').innerText();
  assert.match(text.slice(0, 1500), /What has changed/);
  assert.match(text, /Ash Lane station[\s\S]*Now applies: MIS7/);
  assert.ok(!/Appendix/.test(text), 'no appendix unless asked for');
  await page.close();
});
