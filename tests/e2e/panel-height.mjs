// Measures how tall the screening panel is on the example forms, at a phone's
// width (375 px) and a desktop's (1100 px), with a case filled in. A figure
// for the README and the report, not a test: run it by hand.
//
//   node tests/e2e/panel-height.mjs [site-dir] [page] [case]
//     site-dir  default web-demo/build/example-form
//     page      default "/"  (e.g. "/?view=screener")
//     case      "ash-lane" (the first form) or "one-child" (the second)
import { join } from 'node:path';
import { ROOT, openPage } from './helpers.mjs';

const dir = process.argv[2] ?? join(ROOT, 'web-demo', 'build', 'example-form');
const path = process.argv[3] ?? '/';
const which = process.argv[4] ?? 'ash-lane';

// What a person types, as [selector, value] steps: fill, check or select.
const CASES = {
  'ash-lane': [
    ['fill', 'input[name="dateReceived-day"]', '16'], ['fill', 'input[name="dateReceived-month"]', '11'], ['fill', 'input[name="dateReceived-year"]', '2026'],
    ['check', 'input[name="referral_type"][value="individual"]'],
    ['check', 'input[name="immediate_danger"][value="N"]'],
    ['fill', 'textarea[name="referralReason"]', 'J (15) was found by British Transport Police at Ash Lane station, about 120 miles from home, with £400 in cash, two phones. He is streetwise and putting himself at risk.'],
    ['fill', 'input[name="children[0][first_name]"]', 'J'],
    ['fill', 'input[name="children[0][date_of_birth]-day"]', '14'], ['fill', 'input[name="children[0][date_of_birth]-month"]', '6'], ['fill', 'input[name="children[0][date_of_birth]-year"]', '2011'],
    ['check', 'input[name="children[0][learning_disability]"][value="no"]'],
    ['check', 'input[name="children[0][place_signs]"][value="found_far_from_home"]'],
    ['check', 'input[name="children[0][online_signs]"][value="several_phones"]'],
    ['check', 'input[name="children[0][money_signs]"][value="unexplained_money"]'],
  ],
  'one-child': [
    ['check', 'input[name="immediate_danger"][value="No"]'],
    ['fill', 'input[name="first_name"]', 'J'],
    ['fill', 'input[name="date_of_birth-day"]', '14'], ['fill', 'input[name="date_of_birth-month"]', '3'], ['fill', 'input[name="date_of_birth-year"]', '2011'],
    ['check', 'input[name="learning_disability"][value="No"]'],
    ['check', 'input[name="referralCategories"][value="County lines"]'],
    ['check', 'input[name="referralCategories"][value="Missing concerns about the child"]'],
    ['fill', 'input[name="missing_episodes"]', '3'],
    ['check', 'input[name="found_out_of_area"][value="Yes"]'],
    ['fill', 'textarea[name="referralReason"]', 'He is streetwise and putting himself at risk.'],
  ],
};

const session = await openPage(dir, { date: '2026-11-17' });
const out = {};
try {
  for (const [label, width] of [['phone', 375], ['desktop', 1100]]) {
    await session.page.setViewportSize({ width, height: 800 });
    await session.page.goto(`${session.server.url}${path}`);
    await session.page.waitForSelector('.screening-result h2', { timeout: 20_000 });
    const before = await session.page.evaluate(() => document.querySelector('[data-screening-results], #screening-results').getBoundingClientRect().height);
    for (const [how, selector, value] of CASES[which]) {
      if (how === 'fill') await session.page.fill(selector, value);
      else await session.page.check(selector);
    }
    await session.page.waitForTimeout(1200);
    const after = await session.page.evaluate(() => document.querySelector('[data-screening-results], #screening-results').getBoundingClientRect().height);
    out[label] = { width, emptyForm: Math.round(before), caseFilled: Math.round(after) };
  }
} finally {
  await session.close();
}
console.log(JSON.stringify({ dir: dir.replace(`${ROOT}/`, ''), path, case: which, heights: out }));
