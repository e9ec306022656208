// attach() with "none" as an answer and with the page drawing its own results:
// an exclusive "None of these" tick reads as an answered empty set, a list's
// "none" control as an answered empty list (so a rule such as
// `no child in children where ...` is decided rather than undecided), and
// `render: false` hands each outcome to onOutcome without drawing anything.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE, needBuilt, openPage } from './helpers.mjs';

needBuilt();

const RULES = `rule set "None answers"

levels
  universal "Universal services"
  early_help "Early help"
end

form
  field signs "Signs": several of (a "Sign A", b "Sign B")
  list children "Children": each child "Child"
    field first_name "First name": text
    field excluded "Excluded from school": yes or no
    list episodes "Missing episodes": each episode "Episode"
      field far "Found far from home": yes or no
    end
  end
end

rule SIGNA "Sign A"
  context individual
  kind risk
  when signs includes a
  then prompt "SIGNA"
  rationale "Test."
  source "Test"
end

rule SIGNB "Sign B"
  context individual
  kind risk
  when signs includes b
  then prompt "SIGNB"
  rationale "Test."
  source "Test"
end

rule NOEXCL "No child excluded"
  context individual
  kind risk
  when no child in children where child.excluded is yes
  then prompt "NOEXCL"
  rationale "Test."
  source "Test"
end

rule NOFAR "A child with no episode far from home"
  context individual
  kind risk
  when any child in children where (no episode in child.episodes where episode.far is yes)
  then prompt "NOFAR"
  rationale "Test."
  source "Test"
end
`;

// A page on the test server that loads the package and the rule set.
const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>attach none</title><link rel="icon" href="data:,"></head>
<body><main id="main"></main>
<script type="module">
import { init, compile } from '/package/index.js';
import { attach } from '/package/attach.js';
await init();
window.rules = compile(${JSON.stringify(RULES)});
window.attach = attach;
document.documentElement.dataset.ready = 'true';
</script>
</body></html>`;

let dir;
let session;
let page;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'attach-none-'));
  symlinkSync(PACKAGE, join(dir, 'package'));
  writeFileSync(join(dir, 'index.html'), PAGE);
  session = await openPage(dir);
  page = session.page;
  await page.goto(`${session.server.url}/index.html`);
  await page.waitForSelector('html[data-ready="true"]', { timeout: 15_000 });
});

after(async () => {
  if (session) await session.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/**
 * Put `html` in a fresh form, attach with `options` (no rendering unless
 * `container` is given), run `act(form)` in the page, screen, and return the
 * answers read and the rules fired and undecided.
 */
async function screenForm(html, act = '', options = {}) {
  return page.evaluate(({ html, act, options }) => {
    const main = document.getElementById('main');
    main.replaceChildren();
    const form = document.createElement('form');
    form.innerHTML = html;
    main.append(form);
    const attachment = window.attach(form, window.rules, { render: false, date: '2026-11-20', ...options });
    if (act) new Function('form', act)(form);
    const outcome = attachment.screen();
    attachment.detach();
    return {
      answers: attachment.answers,
      fired: outcome.fired.map((r) => r.id),
      undecided: outcome.undecided.map((r) => r.id),
    };
  }, { html, act, options });
}

const tick = (selector) => `form.querySelector(${JSON.stringify(selector)}).checked = true;`;

describe('a several-of question answered "None of these"', () => {
  const GOVUK = `
    <input type="checkbox" name="signs" value="a" id="s-a"><label for="s-a">Sign A</label>
    <input type="checkbox" name="signs" value="b" id="s-b"><label for="s-b">Sign B</label>
    <input type="checkbox" name="signs" value="none" id="s-none" data-behaviour="exclusive"><label for="s-none">None of these</label>`;

  test('nothing ticked is unanswered: the rule stays undecided', async () => {
    const r = await screenForm(GOVUK);
    assert.equal(r.answers.signs, undefined);
    assert.ok(r.undecided.includes('SIGNA'));
  });

  test('the exclusive box ticked is an answered empty set: the rule is decided', async () => {
    const r = await screenForm(GOVUK, tick('#s-none'));
    assert.deepEqual(r.answers.signs, []);
    assert.ok(!r.undecided.includes('SIGNA'));
    assert.ok(!r.fired.includes('SIGNA'));
  });

  test('data-behaviour="exclusive" with any value, and the value "none" alone, both count', async () => {
    const other = await screenForm(
      `<input type="checkbox" name="signs[]" value="a"><input type="checkbox" name="signs[]" value="__none__" data-behaviour="exclusive" id="x">`,
      tick('#x'),
    );
    // These groups show only option a, so the answer says so.
    assert.deepEqual(other.answers.signs, { asked: ['a'], ticked: [] });
    const plain = await screenForm(`<input type="checkbox" name="signs" value="a"><input type="checkbox" name="signs" value="None" id="x">`, tick('#x'));
    assert.deepEqual(plain.answers.signs, { asked: ['a'], ticked: [] });
  });

  test('a group that shows only some of the options: "None of these" says no to those alone', async () => {
    const PART = `
      <input type="checkbox" name="signs" value="a" id="p-a"><label for="p-a">Sign A</label>
      <input type="checkbox" name="signs" value="none" id="p-none" data-behaviour="exclusive"><label for="p-none">None of these</label>`;
    const none = await screenForm(PART, tick('#p-none'));
    assert.deepEqual(none.answers.signs, { asked: ['a'], ticked: [] });
    assert.ok(!none.fired.includes('SIGNA') && !none.undecided.includes('SIGNA'), 'Sign A was asked and not ticked: no');
    assert.ok(none.undecided.includes('SIGNB'), 'Sign B was never asked: it stays unknown');
    const a = await screenForm(PART, tick('#p-a'));
    assert.deepEqual(a.answers.signs, { asked: ['a'], ticked: ['a'] });
    assert.ok(a.fired.includes('SIGNA'));
    assert.ok(a.undecided.includes('SIGNB'));
    // The whole group asks every option: a plain list, and Sign B is "no" too.
    const all = await screenForm(GOVUK, tick('#s-none'));
    assert.deepEqual(all.answers.signs, []);
    assert.ok(!all.undecided.includes('SIGNB') && !all.fired.includes('SIGNB'));
    // A value mapped to null is not asked either.
    const mapped = await screenForm(GOVUK, tick('#s-none'), { mapping: { signs: { name: 'signs', options: { b: null } } } });
    assert.deepEqual(mapped.answers.signs, { asked: ['a'], ticked: [] });
    assert.ok(mapped.undecided.includes('SIGNB'));
  });

  test('ticked options win over the exclusive box', async () => {
    const r = await screenForm(GOVUK, tick('#s-a') + tick('#s-none'));
    assert.deepEqual(r.answers.signs, ['a']);
    assert.ok(r.fired.includes('SIGNA'));
  });
});

describe('a list answered "there are none"', () => {
  const BRACKET = `
    <input type="checkbox" name="children[none]" value="yes" id="c-none"><label for="c-none">There are no children</label>`;

  test('no items and no "none" control ticked is unanswered: the rule stays undecided', async () => {
    const r = await screenForm(BRACKET);
    assert.equal(r.answers.children, undefined);
    assert.ok(r.undecided.includes('NOEXCL'));
  });

  test('children[none] ticked is an answered empty list: `no child in children` is decided', async () => {
    const r = await screenForm(BRACKET, tick('#c-none'));
    assert.deepEqual(r.answers.children, []);
    assert.ok(r.fired.includes('NOEXCL'));
    assert.ok(!r.undecided.includes('NOEXCL'));
  });

  test('children.none as a hidden input with the value true; "no" and "false" are not none', async () => {
    const on = await screenForm(`<input type="hidden" name="children.none" value="true">`);
    assert.deepEqual(on.answers.children, []);
    assert.ok(on.fired.includes('NOEXCL'));
    const off = await screenForm(`<input type="hidden" name="children.none" value="false">
      <input type="radio" name="children[none]" value="no" checked>`);
    assert.equal(off.answers.children, undefined);
  });

  test('a nested list: children[0][episodes][none] is an empty list inside the child', async () => {
    const html = `
      <input name="children[0][first_name]" value="J">
      <input type="checkbox" name="children[0][episodes][none]" id="e-none">`;
    const unanswered = await screenForm(html);
    assert.deepEqual(unanswered.answers.children, [{ first_name: 'J' }]);
    assert.ok(unanswered.undecided.includes('NOFAR'));
    const none = await screenForm(html, tick('#e-none'));
    assert.deepEqual(none.answers.children, [{ first_name: 'J', episodes: [] }]);
    assert.ok(none.fired.includes('NOFAR'));
  });

  test('a child whose only answer is "no episodes" (dotted names) still counts', async () => {
    const r = await screenForm(`
      <input name="children[0].first_name" value="">
      <input type="checkbox" name="children[0].episodes.none" checked>`);
    assert.deepEqual(r.answers.children, [{ episodes: [] }]);
  });

  test('items win over a stale "none"', async () => {
    const r = await screenForm(`<input name="children[0][first_name]" value="J">
      <input type="checkbox" name="children[none]" checked>`);
    assert.deepEqual(r.answers.children, [{ first_name: 'J' }]);
  });

  test('another name for the "none" control through mapping', async () => {
    const r = await screenForm(`<input type="checkbox" name="no-children" checked>`, '', { mapping: { children: { none: 'no-children' } } });
    assert.deepEqual(r.answers.children, []);
  });
});

describe('render: false with onOutcome', () => {
  test('onOutcome gets every outcome and nothing is drawn', async () => {
    const r = await page.evaluate(async () => {
      const main = document.getElementById('main');
      main.replaceChildren();
      const form = document.createElement('form');
      form.innerHTML = `<input type="checkbox" name="signs" value="a" id="s-a">
        <input type="checkbox" name="children[none]" id="c-none">`;
      main.append(form);
      const calls = [];
      const before = document.body.innerHTML;
      const attachment = window.attach(form, window.rules, {
        render: false,
        debounce: 10,
        date: '2026-11-20',
        onOutcome: (outcome, answers) => calls.push({ level: outcome.level.id, prompts: outcome.prompts.map((p) => p.rule), answers }),
      });
      const drawnAtStart = document.body.innerHTML === before;
      // The person ticks "no children": the change event re-screens after the debounce.
      const box = form.querySelector('#c-none');
      box.checked = true;
      box.dispatchEvent(new Event('change', { bubbles: true }));
      await new Promise((ok) => setTimeout(ok, 200));
      const control = attachment.controlFor('children');
      const result = {
        calls,
        drawnAtStart,
        drawnAfter: document.body.innerHTML !== before,
        live: document.querySelectorAll('[aria-live], [data-screening-output]').length,
        control: control && control.id,
        outcome: attachment.outcome && attachment.outcome.prompts.map((p) => p.rule),
      };
      attachment.detach();
      return result;
    });
    assert.equal(r.drawnAtStart, true, 'attach() drew nothing');
    assert.equal(r.live, 0, 'no results or live region added');
    assert.equal(r.calls.length, 2, 'once on attach, once after the change');
    assert.deepEqual(r.calls[0].answers, {});
    assert.deepEqual(r.calls[1].answers, { children: [] });
    assert.ok(r.calls[1].prompts.includes('NOEXCL'));
    assert.deepEqual(r.outcome, r.calls[1].prompts);
    assert.equal(r.control, 'c-none', 'controlFor finds the list\'s "none" control');
  });

  test('with a view given, the page drawing its own panel gets the presentation model and the answers given', async () => {
    const r = await page.evaluate(async () => {
      const form = document.createElement('form');
      form.innerHTML = '<input type="checkbox" name="children[none]" id="c-none2" checked>';
      document.getElementById('main').append(form);
      const seen = [];
      const before = document.body.innerHTML;
      const a = window.attach(form, window.rules, {
        render: false,
        view: 'screener',
        date: '2026-11-20',
        // A fallback worked out at each screening, as the training page gives the date received.
        fallbacks: { signs: ({ date }) => (date === '2026-11-20' ? ['a'] : undefined) },
        onOutcome: (outcome, answers, extra) => seen.push({ extra, answers }),
      });
      const plain = window.attach(form, window.rules, { render: false, date: '2026-11-20', onOutcome: (o, ans, extra) => seen.push({ plain: extra.presentation }) });
      const out = {
        audience: seen[0].extra.presentation && seen[0].extra.presentation.audience,
        sections: seen[0].extra.presentation ? seen[0].extra.presentation.sections.map((s) => s.id) : null,
        same: a.presentation === seen[0].extra.presentation,
        given: seen[0].extra.given,
        answered: seen[0].answers.signs,
        plain: seen[1].plain,
        drawn: document.body.innerHTML.replace(form.outerHTML, '') !== before.replace(form.outerHTML, ''),
        print: a.present('print').audience,
      };
      out.afterDetach = (a.detach(), a.present('print'));
      a.detach();
      plain.detach();
      form.remove();
      return out;
    });
    assert.equal(r.audience, 'screener');
    assert.ok(r.sections.length > 0, 'the model has its sections');
    assert.ok(r.same, 'the same model as attachment.presentation');
    assert.equal(r.plain, null, 'no view given: no model made');
    assert.deepEqual(r.answered, ['a'], 'the fallback stands in for the unanswered question');
    assert.deepEqual(r.given, [{ field: 'signs', value: ['a'], how: 'fallback' }]);
    assert.equal(r.drawn, false, 'nothing drawn');
    assert.equal(r.print, 'print', 'the model for another audience, on demand');
    assert.equal(r.afterDetach, null);
  });

  test('onError instead of onOutcome when the answers cannot be screened', async () => {
    const r = await page.evaluate(() => {
      const form = document.createElement('form');
      const seen = [];
      const broken = { schema: () => window.rules.schema(), bind: (...a) => window.rules.bind(...a), evaluate: () => { throw new Error('broken'); } };
      const a = window.attach(form, broken, { render: false, onOutcome: () => seen.push('outcome'), onError: (e) => seen.push(e.message) });
      a.detach();
      return seen;
    });
    assert.deepEqual(r, ['broken']);
  });

  test('by default a container is still needed, and it is drawn into', async () => {
    const r = await page.evaluate(() => {
      const main = document.getElementById('main');
      main.replaceChildren();
      const form = document.createElement('form');
      // One control the rule set reads: a form sharing nothing with the rules draws a warning, not a result.
      form.innerHTML = '<input type="checkbox" name="signs" value="a">';
      main.append(form);
      let error = null;
      try {
        window.attach(form, window.rules);
      } catch (e) {
        error = e.constructor.name;
      }
      const box = document.createElement('div');
      box.setAttribute('data-screening-results', '');
      main.append(box);
      const a = window.attach(form, window.rules, { date: '2026-11-20', view: 'screener' });
      const drawn = !!box.querySelector('[data-screening-output] [data-level]') && !!box.querySelector('[aria-live=polite]');
      a.detach();
      return { error, drawn, emptied: box.childNodes.length === 0 };
    });
    assert.deepEqual(r, { error: 'TypeError', drawn: true, emptied: true });
  });

  test('the page stayed private and the console clean', async () => {
    const r = await session.assertPrivate();
    // The forms above leave out fields the rules read, on purpose: attach()
    // says so in one warning each (see attach-binding.test.mjs). Nothing else.
    const binding = r.consoleErrors.filter((m) => m.startsWith('warning: Screening: '));
    assert.ok(binding.length > 0);
    const others = r.consoleErrors.filter((m) => !binding.includes(m));
    assert.deepEqual([r.offOrigin, others, r.pageErrors, r.storage.writes], [[], [], [], []]);
  });
});
