// A third council form, shaped unlike both example forms (children as
// child[0][dob], a single dd/mm/yyyy date box, one group of worries in the
// council's words feeding three fields, a count of missing episodes, yes-or-no
// radios with "Don't know"), bound by glue written from the package README
// alone (tests/e2e/fixtures/marf/screening.js). Every answered control is
// either read, with the same result as the facts given directly, or a problem.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, PACKAGE, RULES, needBuilt, openPage } from './helpers.mjs';
import { init, compileToWasm, loadCompiledRuleSet } from '../../web-demo/package/index.js';

needBuilt();
await init();
const DATE = '2026-11-20';
const FIXTURE = join(ROOT, 'tests', 'e2e', 'fixtures', 'marf');

// The site as the README has a developer build it: the installed package's
// folder under /js/screening-engine/, the rule set compiled with the package's
// compileToWasm, the page and the glue.
const COMPILED = await compileToWasm(readFileSync(RULES, 'utf8'));
function buildSite({ rules = COMPILED, glue = readFileSync(join(FIXTURE, 'screening.js'), 'utf8') } = {}) {
  const site = mkdtempSync(join(tmpdir(), 'marf-site-'));
  cpSync(PACKAGE, join(site, 'js', 'screening-engine'), { recursive: true, filter: (src) => !src.includes('node_modules') });
  mkdirSync(join(site, 'rules'), { recursive: true });
  writeFileSync(join(site, 'rules', 'referral.wasm'), rules);
  cpSync(join(FIXTURE, 'index.html'), join(site, 'index.html'));
  writeFileSync(join(site, 'js', 'screening.js'), glue);
  return site;
}

const ready = (page) => page.waitForFunction(() => window.screening && (window.screening.outcome || window.screening.error));
const settle = (page) => page.evaluate(() => window.screening.screen());

async function open(site, query = '') {
  const session = await openPage(site, { date: DATE });
  await session.page.goto(`${session.server.url}/${query}`);
  await ready(session.page);
  return session;
}

describe('a third council form, bound from the README', () => {
  let site;
  let session;
  before(async () => {
    site = buildSite();
    session = await open(site, '?view=screener');
  });
  after(async () => {
    if (session) await session.close();
    rmSync(site, { recursive: true, force: true });
  });

  test('the binding is complete both ways: no problems, and the glue pins the rule set', async () => {
    const r = await session.page.evaluate(() => ({ problems: window.screening.problems, error: window.screening.error?.message ?? null }));
    assert.equal(r.error, null);
    assert.deepEqual(r.problems.map((p) => p.message), []);
  });

  test("a 14-year-old found in another town after overnight absences screens as the same facts given directly", async () => {
    const { page } = session;
    await page.fill('#c0-forename', 'Sam');
    await page.fill('#c0-dob', '14/5/2012');
    await page.fill('#c0-missing', '3');
    await page.check('#c0-overnight');
    await page.check('#c0-found_elsewhere');
    await page.check('#c0-w-county_lines');
    await page.check('#c0-w-money');
    await page.check('#danger-no');
    await settle(page);
    const got = await page.evaluate(() => ({ answers: window.screening.answers, level: window.screening.outcome.level.id, actions: window.screening.outcome.actions.map((a) => a.id).sort(), errors: window.screening.outcome.formErrors }));
    assert.deepEqual(got.errors, []);
    const child = got.answers.children[0];
    assert.deepEqual(child, {
      first_name: 'Sam',
      date_of_birth: '14/5/2012', // as typed: the engine reads day/month/year
      missing_times_30_days: 3,
      away_overnight: true,
      found_far_from_home_recently: true,
      referrer_worries: { asked: ['going_missing', 'criminal_exploitation_worry', 'bullying_worry'], ticked: ['criminal_exploitation_worry'] },
      money_signs: { asked: ['unexplained_money'], ticked: ['unexplained_money'] },
      place_signs: { asked: ['cars_with_unknown_adults'], ticked: [] },
    });
    // The same facts, written directly, through the same compiled rule set.
    const rules = await loadCompiledRuleSet(await compileToWasm(readFileSync(RULES, 'utf8')));
    const direct = rules.evaluate({ referral_type: 'individual', received: DATE, immediate_danger: false, children: [child] }, { date: DATE });
    assert.equal(got.level, direct.level.id);
    assert.deepEqual(got.actions, direct.actions.map((a) => a.id).sort());
    assert.ok(direct.level.rank >= 2, `a child found far from home after overnight absences, with county lines and unexplained money, is more than early help (got ${direct.level.id})`);
  });

  test('a second child with no name or date of birth is screened, not dropped; "None of these" says no only to what the group asks', async () => {
    const { page } = session;
    await page.fill('#c1-missing', '4');
    await page.check('#c1-overnight');
    await page.check('#c1-w-none');
    await page.check('#c1-hotel-no');
    await settle(page);
    const answers = await page.evaluate(() => window.screening.answers);
    assert.equal(answers.children.length, 2);
    assert.deepEqual(answers.children[1], {
      missing_times_30_days: 4,
      away_overnight: true,
      referrer_worries: { asked: ['going_missing', 'criminal_exploitation_worry', 'bullying_worry'], ticked: [] },
      money_signs: { asked: ['unexplained_money'], ticked: [] },
      place_signs: { asked: ['cars_with_unknown_adults', 'hotel_key_cards'], ticked: [] },
    });
    const errors = await page.evaluate(() => window.screening.outcome.formErrors);
    assert.deepEqual(errors, []);
  });

  test('a dd/mm/yyyy box is checked when the person leaves it: nothing while typing, "Year must include 4 numbers" for a two-number year', async () => {
    const { page } = session;
    await page.fill('#c1-dob', '3/4/1');
    await settle(page);
    assert.equal(await page.locator('.govuk-error-message').count(), 0, 'no error while typing');
    await page.fill('#c1-dob', '3/4/11');
    await page.focus('#c1-dob');
    await page.keyboard.press('Tab');
    await settle(page);
    assert.equal((await page.locator('#c1-dob').locator('xpath=..').locator('.govuk-error-message').textContent()).trim(), 'Error: Year must include 4 numbers');
    await page.fill('#c1-dob', '3/4/2011');
    await page.focus('#c1-dob');
    await page.keyboard.press('Tab');
    await settle(page);
    assert.equal(await page.locator('.govuk-error-message').count(), 0);
  });

  test('nothing left the page, nothing was stored', async () => {
    const r = await session.assertPrivate();
    assert.deepEqual(r.offOrigin, []);
  });
});

describe('the same form, bound wrongly: every lost answer is a problem', () => {
  const glue = readFileSync(join(FIXTURE, 'screening.js'), 'utf8');

  test("the children's part unmapped: the list and each of its controls are problems", async () => {
    const unmapped = glue.replace(/^ {4}'children\.[\s\S]*?(?=^ {2}\},\n {2}answers)/m, '');
    assert.notEqual(unmapped, glue, 'the test removed the children\'s mapping');
    const site = buildSite({ glue: unmapped });
    const session = await open(site);
    try {
      const problems = await session.page.evaluate(() => window.screening.problems);
      const kinds = problems.map((p) => p.kind);
      assert.ok(kinds.includes('list-not-on-form'), kinds.join());
      const unread = problems.filter((p) => p.kind === 'control-not-read').map((p) => p.label);
      for (const label of ['First name', 'Date of birth', 'What are you worried about for this child?', 'How many times has the child gone missing in the last 30 days?', 'Has the child been away overnight?', 'Has the child been found in another town?']) {
        assert.ok(unread.includes(label), `"${label}" is named: ${unread.join(' | ')}`);
      }
    } finally {
      await session.close();
      rmSync(site, { recursive: true, force: true });
    }
  });

  test('an answer the glue forgot to declare is a problem named by its question', async () => {
    const site = buildSite({ glue: glue.replace(/^ {4}ref_phone: .*\n/m, '') });
    const session = await open(site);
    try {
      const problems = await session.page.evaluate(() => window.screening.problems);
      assert.deepEqual(problems.map((p) => [p.kind, p.label, p.control]), [['control-not-read', 'Your phone number', 'ref_phone']]);
    } finally {
      await session.close();
      rmSync(site, { recursive: true, force: true });
    }
  });

  test('the wording rules deployed at the main rules URL are refused, in plain words, and the form still works', async () => {
    const site = buildSite({ rules: readFileSync(join(PACKAGE, 'rules', 'language.wasm')) });
    const session = await open(site);
    try {
      const r = await session.page.evaluate(() => ({
        message: document.querySelector('#screening-results [data-screening-unavailable]')?.textContent ?? '',
        error: window.screening.error?.message ?? '',
      }));
      assert.match(r.message, /not available at the moment/);
      assert.match(r.error, /written for the rule set "Contextual safeguarding screening", but the file loaded is "Wording checks for referrals"/);
      await session.page.fill('#c0-forename', 'Sam');
      assert.equal(await session.page.inputValue('#c0-forename'), 'Sam');
    } finally {
      await session.close();
      rmSync(site, { recursive: true, force: true });
    }
  });
});
