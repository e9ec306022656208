// The example council referral form, with the engine attached, in headless
// Chromium: a person fills it in and sees the right screening outcome, and
// nothing leaves the page's origin, nothing is written to storage, and the
// console stays clean. The page screens with the rule set compiled to
// WebAssembly and the small runtime: the outcomes are compared with the
// authoring engine's (in Node, from the rule file), and the authoring
// engine is never requested.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { EXAMPLE, RULES, needBuilt, openPage } from './helpers.mjs';
import { init, compile } from '../../web-demo/package/index.js';

needBuilt();
await init();
const ruleset = compile(readFileSync(RULES, 'utf8'));

// What the form should read from the person's answers: the Ash Lane station
// training case, as far as this form asks it.
const ASH_LANE = {
  received: '2026-11-16',
  referral_type: 'individual',
  immediate_danger: false,
  child_support: 'safeguarding',
  parents_informed: true,
  parents_agree: true,
  referrer_agency: 'police',
  narrative:
    'J (15) was found by British Transport Police at Ash Lane station, about 120 miles from home, with £400 in cash, two phones and a return ticket he could not explain. This is his third missing episode this month.',
  children: [
    {
      first_name: 'J',
      date_of_birth: '2011-06-14',
      gender: 'boy',
      learning_disability: false,
      looked_after: false,
      family_protective: true,
      peer_signs: ['peers_exploited', 'older_friends', 'nicknames'],
      school_signs: ['unexplained_absence'],
      attendance_percent: 86,
      place_signs: ['found_far_from_home', 'unexplained_travel'],
      online_signs: ['several_phones', 'excessive_calls'],
      money_signs: ['unexplained_money'],
      missing_episodes: [
        { started: '2026-11-02', ended: '2026-11-02', found_out_of_area: false, return_home_interview_offered: true },
        { started: '2026-11-08', ended: '2026-11-08', found_out_of_area: false, return_home_interview_offered: true },
        { started: '2026-11-14', ended: '2026-11-15', found_where: 'Ash Lane station', found_out_of_area: true, return_home_interview_offered: false },
      ],
    },
  ],
  locations: [{ place_name: 'Ash Lane station', kind: 'transport_hub', guardianship: 'present', owner_contacted: true }],
};

// The New friends training case: must not over-escalate.
const NEW_FRIENDS = {
  received: '2026-11-18',
  referral_type: 'individual',
  immediate_danger: false,
  child_support: 'family_support',
  parents_informed: true,
  parents_agree: true,
  referrer_agency: 'family',
  narrative: 'R (11) has a new group of friends and twice this month came home about 30 minutes later than agreed. Attendance dipped from 98% to 94%.',
  children: [
    {
      first_name: 'R',
      date_of_birth: '2015-04-11',
      learning_disability: false,
      looked_after: false,
      known_to_social_care: false,
      child_protection_plan: false,
      family_protective: true,
      peer_signs: ['peer_group_change'],
      has_partner: false,
      attendance_percent: 94,
      missing_signs: ['staying_out_late'],
    },
  ],
};

// How this council's form names things that differ from the rule set.
const NAMES = { received: 'dateReceived', narrative: 'referralReason', child_support: 'childSupport' };
const SUPPORT_LABELS = {
  safeguarding: "A safeguarding response from Children's Social Care",
  family_support: 'Early Help: Family Support',
  targeted_youth_support: 'Early Help: Targeted Youth Support',
};

/** Fill the form the way a person would: typing, ticking, choosing. */
// The answers as this form gives them: a several-of answer as the options its
// checkbox group shows and those ticked (the same as a plain list when the
// group shows every option).
async function asTheFormAsks(page, answers, prefix = '') {
  const out = {};
  for (const [key, value] of Object.entries(answers)) {
    const name = prefix ? `${prefix}[${key}]` : NAMES[key] ?? key;
    if (Array.isArray(value) && value.length && typeof value[0] === 'object') {
      out[key] = [];
      for (let i = 0; i < value.length; i++) out[key].push(await asTheFormAsks(page, value[i], `${prefix ? `${prefix}[${key}]` : key}[${i}]`));
      continue;
    }
    const asked = Array.isArray(value) ? await page.$$eval(`input[type=checkbox][name="${name}"]`, (els) => els.map((e) => e.value)) : [];
    out[key] = asked.length > 0 ? { asked, ticked: value } : value;
  }
  return out;
}

async function fillForm(page, answers) {
  const fillValue = async (name, value) => {
    if (Array.isArray(value)) {
      for (const v of value) await page.check(`input[type=checkbox][name="${name}"][value="${v}"]`);
      return;
    }
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
      const [y, m, d] = value.split('-');
      await page.fill(`input[name="${name}-day"]`, String(Number(d)));
      await page.fill(`input[name="${name}-month"]`, String(Number(m)));
      await page.fill(`input[name="${name}-year"]`, y);
      return;
    }
    const control = page.locator(`[name="${name}"]`).first();
    const tag = await control.evaluate((e) => `${e.tagName}:${e.type}`);
    if (tag === 'INPUT:radio') {
      const wanted = typeof value === 'boolean' ? (value ? ['yes', 'Y'] : ['no', 'N']) : [String(value)];
      for (const v of wanted) {
        const radio = page.locator(`input[type=radio][name="${name}"][value="${v}"]`);
        if ((await radio.count()) > 0) return radio.check();
      }
      throw new Error(`no radio ${name}=${value}`);
    }
    if (tag.startsWith('SELECT')) {
      const label = name === 'childSupport' ? SUPPORT_LABELS[value] : undefined;
      return control.selectOption(label ?? String(value));
    }
    return control.fill(String(value));
  };
  const walk = async (obj, prefix) => {
    for (const [key, value] of Object.entries(obj)) {
      if (Array.isArray(value) && value.length && typeof value[0] === 'object') {
        for (let i = 0; i < value.length; i++) await walk(value[i], `${prefix ? `${prefix}[${key}]` : key}[${i}]`);
        continue;
      }
      const name = prefix ? `${prefix}[${key}]` : NAMES[key] ?? key;
      await fillValue(name, value);
    }
  };
  await walk(answers, '');
}

/** What the results container shows, read from the page. */
async function shown(page) {
  return page.evaluate(() => {
    const out = document.querySelector('[data-screening-results]');
    const q = (s) => [...out.querySelectorAll(s)];
    return {
      level: out.querySelector('[data-level]')?.getAttribute('data-level'),
      levelLabel: out.querySelector('[data-level]')?.textContent,
      actions: q('[data-action]').map((e) => e.getAttribute('data-action')),
      actionText: q('[data-action]').map((e) => e.textContent),
      prompts: q('[data-prompt]').map((e) => e.getAttribute('data-prompt')),
      summary: q('details[data-key=summary] .govuk-list li').map((e) => e.textContent),
      questions: q('[data-questions] > li').map((e) => e.getAttribute('data-field')),
      live: out.querySelector('[aria-live=polite]')?.textContent,
      hidden: document.querySelectorAll('input[type=hidden][data-screening-hidden]').length,
    };
  });
}

async function waitForLevel(page, level) {
  await page.waitForFunction((l) => document.querySelector('[data-screening-results] [data-level]')?.getAttribute('data-level') === l, level, { timeout: 10_000 });
  // Let the debounce settle: the outcome stops changing.
  let last = '';
  for (;;) {
    await page.waitForTimeout(450);
    const now = await page.evaluate(() => document.querySelector('[data-screening-results]').textContent);
    if (now === last) return;
    last = now;
  }
}

// The engine has drawn its first outcome; if not, say why.
async function loaded(session) {
  try {
    await session.page.waitForSelector('[data-screening-results] [data-level]', { timeout: 15_000 });
  } catch (err) {
    throw new Error(`The example form did not screen itself: ${JSON.stringify(session.seen)}`, { cause: err });
  }
}

describe('the example referral form screens itself', () => {
  let session;
  before(async () => {
    session = await openPage(EXAMPLE, { date: '2026-11-17' });
    await session.page.goto(`${session.server.url}/`);
    await loaded(session);
  });
  after(async () => session && session.close());

  test('an empty form starts at the lowest level and asks the deciding questions', async () => {
    const s = await shown(session.page);
    assert.equal(s.level, 'universal');
    assert.deepEqual(s.actions, []);
    assert.ok(s.questions.includes('immediate_danger'), 'asks whether a child is in immediate danger');
  });

  test('a question link moves focus to its field', async () => {
    const { page } = session;
    await page.click('[data-questions] li[data-field="immediate_danger"] a');
    const focused = await page.evaluate(() => [document.activeElement.name, document.activeElement.type]);
    assert.deepEqual(focused, ['immediate_danger', 'radio']);
  });

  test('filling in the Ash Lane station case shows child protection with its actions and reasons', async () => {
    const { page } = session;
    await fillForm(page, ASH_LANE);
    await waitForLevel(page, 'child_protection');
    const s = await shown(page);
    // The form's checkbox groups show some of their fields' options only (the
    // rule set asks more): the page says which, so those it does not show stay unknown.
    const expected = ruleset.evaluate(await asTheFormAsks(page, ASH_LANE), { date: '2026-11-17' });

    assert.equal(expected.level.id, 'child_protection');
    assert.equal(s.level, 'child_protection');
    assert.equal(s.levelLabel, expected.level.label);
    for (const action of ['mash_referral', 'strategy_discussion', 'return_home_interview']) {
      assert.ok(s.actions.includes(action), `suggests ${action}`);
    }
    // Exactly the outcome the engine gives for those answers: the form read them right.
    assert.deepEqual(s.actions, expected.actions.map((a) => a.id));
    assert.deepEqual(s.prompts, expected.prompts.map((p) => p.rule));
    assert.deepEqual(s.summary, expected.summary);
    // Each action shows the reasons behind it, in words.
    const mash = s.actionText[s.actions.indexOf('mash_referral')];
    assert.match(mash, /Refer|front door|MASH/i);
    assert.ok(mash.length > 40, 'the action carries its reasons');
    assert.match(s.live, /Suggested level: .*child protection/i);
    assert.equal(s.hidden, 0, 'no hidden inputs unless asked for');
  });

  test('nothing left the page, nothing was stored, the console stayed clean', async () => {
    const r = await session.assertPrivate();
    assert.ok(session.seen.cdpRequests.length > 0 && session.seen.requests.length > 0, 'requests were recorded');
    assert.ok(session.seen.cdpRequests.some((u) => u.endsWith('.wasm')), 'the engine was loaded from the page origin');
    assertRuntimeOnly(session.seen);
    assert.deepEqual(r.offOrigin, []);
    assert.deepEqual(r.storage, { writes: [], local: 0, session: 0, cookie: '', idb: 0, caches: 0 });
    assert.deepEqual(r.consoleErrors, []);
    assert.deepEqual(r.pageErrors, []);
    // The only requests the server saw were GETs for the page's own files.
    assert.deepEqual(session.server.requests.filter((q) => q.method !== 'GET'), []);
  });
});

describe('a referral that must not over-escalate', () => {
  let session;
  before(async () => {
    session = await openPage(EXAMPLE, { date: '2026-11-19' });
    await session.page.goto(`${session.server.url}/`);
    await loaded(session);
  });
  after(async () => session && session.close());

  test('New friends: early help, no referral to the front door', async () => {
    const { page } = session;
    await fillForm(page, NEW_FRIENDS);
    const expected = ruleset.evaluate(NEW_FRIENDS, { date: '2026-11-19' });
    assert.equal(expected.level.id, 'early_help');
    await waitForLevel(page, 'early_help');
    const s = await shown(page);
    assert.deepEqual(s.actions, expected.actions.map((a) => a.id));
    assert.ok(!s.actions.includes('mash_referral'));
    assert.ok(s.actions.includes('early_help_with_consent'));
    const r = await session.assertPrivate();
    assert.deepEqual([r.offOrigin, r.consoleErrors, r.pageErrors, r.storage.writes], [[], [], [], []]);
    assertRuntimeOnly(session.seen);
  });
});

// The page loaded the runtime and the compiled rule set, and never the
// authoring engine (its bindings, its .wasm or its API module), as the CDP
// record of every request the browser made shows.
function assertRuntimeOnly(seen) {
  const all = [...seen.requests, ...seen.cdpRequests];
  const paths = [...new Set(all.map((u) => new URL(u).pathname))];
  assert.ok(paths.includes('/screening-rules.wasm'), `the compiled rule set was loaded: ${paths.join(' ')}`);
  assert.ok(paths.includes('/screening-engine/pkg-runtime/screening_runtime_bg.wasm'), `the runtime was loaded: ${paths.join(' ')}`);
  const authoring = paths.filter((p) => /screening_engine(_bg\.wasm|\.js)$|\/screening-engine\/index\.js$|\.rules$/.test(p));
  assert.deepEqual(authoring, [], 'neither the authoring engine nor a rule file was requested');
}

describe('a compiled rule set that cannot be loaded', () => {
  let session;
  before(async () => {
    session = await openPage(EXAMPLE, { date: '2026-11-19' });
    // The server answers 404 for the compiled rule set, as for a file left out when the site was copied.
    await session.page.route('**/screening-rules.wasm', (route) => route.fulfill({ status: 404, body: 'Not found' }));
    await session.page.goto(`${session.server.url}/`);
  });
  after(async () => session && session.close());

  test('the panel says the check is not available, the console says why, and the form still works', async () => {
    const { page } = session;
    await page.waitForSelector('[data-screening-results] [data-screening-unavailable]', { timeout: 15_000 });
    const text = await page.locator('[data-screening-results]').textContent();
    assert.match(text, /The screening check is not available at the moment\. You can still fill in and send this form as usual\./);
    // One error from the screening, naming the file and the status (the
    // browser adds its own "Failed to load resource" line).
    const ours = session.seen.consoleErrors.filter((e) => e.includes('Screening is not available'));
    assert.equal(ours.length, 1, session.seen.consoleErrors.join('\n'));
    assert.match(ours[0], /screening-rules\.wasm.*404/);
    assert.deepEqual(session.seen.pageErrors, []);
  });
});
