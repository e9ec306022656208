// Issue 17: the biggest words on screen never say "no extra help needed" for
// what was not screened. In headless Chromium, for attach's two views (with
// the authoring engine and with the compiled runtime) and for the demo and
// training page: an empty referral, a referral about a place with no child
// named (training case 3, the Kingfisher Chicken takeaway), and a child whose
// answers were none that the rules read. And every word the attach views
// show comes from the engine's presentation model (or is one of the fixed
// words model.js and render.js list).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE, ROOT, needBuilt, openPage } from './helpers.mjs';

needBuilt();

const RULES = readFileSync(join(ROOT, 'rules', 'contextual-safeguarding.rules'), 'utf8');
const KINGFISHER = JSON.parse(readFileSync(join(ROOT, 'rules', 'cases', 'kingfisher-chicken-mercer-road.json'), 'utf8'));
const NO_HELP = /no extra help needed/i;

// The three referrals, as answers: each page below turns them into a form.
const REFERRALS = {
  empty: {},
  'about a place, no child named': KINGFISHER,
  // First name, gender and school are read by no rule (the rule file says so).
  'a child whose answers were not read': { referral_type: 'individual', children: [{ first_name: 'Sam', gender: 'boy', school_attended: 'Hill School' }] },
};

// A page that builds a form for the answers from the rule set's schema (every
// top-level question as a control, each list item's answered fields), attaches
// in the view asked for, and reports what the container shows.
const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>headline</title><link rel="icon" href="data:,"></head>
<body><main id="main"></main><div id="out"></div>
<script type="module">
import { init, compile, compileToWasm } from '/package/index.js';
import { loadCompiledRuleSet } from '/package/compiled.js';
import { attach } from '/package/attach.js';
import { CONTROL_WORDS } from '/package/attach/model.js';
import { NOTICES } from '/package/attach/render.js';
await init();
const text = await (await fetch('/rules.rules')).text();
const sets = { authoring: compile(text), compiled: await loadCompiledRuleSet(await compileToWasm(text)) };

function control(field, name, value) {
  const wrap = document.createElement('div');
  wrap.className = 'govuk-form-group';
  const id = 'c-' + name.replace(/[^a-z0-9]+/gi, '-');
  const label = '<label class="govuk-label" for="' + id + '">' + field.label + '</label>';
  if (field.type === 'severalOf') {
    wrap.innerHTML = '<fieldset class="govuk-fieldset"><legend>' + field.label + '</legend>' + field.options.map((o, i) =>
      '<input type="checkbox" id="' + id + '-' + i + '" name="' + name + '" value="' + o.id + '"' + ((value || []).includes(o.id) ? ' checked' : '') + '>').join('') + '</fieldset>';
  } else if (field.type === 'yesNo' || field.type === 'oneOf') {
    const options = field.type === 'yesNo' ? [['', ''], ['yes', 'Yes'], ['no', 'No']] : [['', ''], ...field.options.map((o) => [o.id, o.label])];
    const chosen = value === true ? 'yes' : value === false ? 'no' : value ?? '';
    wrap.innerHTML = label + '<select id="' + id + '" name="' + name + '">' + options.map(([v, l]) => '<option value="' + v + '"' + (v === chosen ? ' selected' : '') + '>' + l + '</option>').join('') + '</select>';
  } else {
    wrap.innerHTML = label + '<input id="' + id + '" name="' + name + '">';
    wrap.querySelector('input').value = value === undefined ? '' : String(value);
  }
  return wrap;
}

function formFor(schema, answers) {
  const form = document.createElement('form');
  const add = (fields, values, prefix) => {
    for (const f of fields) {
      const name = prefix ? prefix + '[' + f.name + ']' : f.name;
      if (f.type === 'list') {
        const items = values[f.name];
        if (Array.isArray(items) && items.length === 0) {
          form.insertAdjacentHTML('beforeend', '<input type="checkbox" name="' + name + '[none]" value="yes" checked>');
        }
        (items || []).forEach((item, i) => add(f.fields.filter((x) => x.type === 'list' || item[x.name] !== undefined), item, name + '[' + i + ']'));
        continue;
      }
      form.append(control(f, name, values[f.name]));
    }
  };
  add(schema, answers, '');
  return form;
}

window.show = (which, view, answers) => {
  const rs = sets[which];
  const main = document.getElementById('main');
  const form = formFor(rs.schema(), answers);
  main.replaceChildren(form);
  const models = [];
  const spy = { schema: () => rs.schema(), bind: (c, b, o) => rs.bind(c, b, o), evaluate: (f, o) => rs.evaluate(f, o), present: (f, o) => { const m = rs.present(f, o); models.push(m); return m; } };
  const a = attach(form, spy, { container: '#out', view, date: '2026-11-20', debounce: 0 });
  const out = document.getElementById('out');
  const headline = out.querySelector('[data-headline]');
  // The contract: every word shown is the model's, a control word, or a notice about the check itself.
  const model = models[models.length - 1];
  const ok = new Set([...CONTROL_WORDS, ...Object.values(NOTICES)]);
  const add = (s) => s && ok.add(s);
  add(model.advisory); add(model.headline.title); model.headline.lines.forEach(add);
  for (const s of model.sections) { add(s.heading); add(s.intro); add(s.more); for (const i of s.items) { add(i.text); add(i.code); add(i.about); (i.detail || []).forEach(add); } }
  const stray = [];
  const walk = (n) => { for (const c of n.childNodes) { if (c.nodeType === 3) { if (c.textContent.trim() && !ok.has(c.textContent)) stray.push(c.textContent); } else if (c.nodeType === 1) walk(c); } };
  walk(out.querySelector('[data-screening-output]'));
  const result = {
    tone: headline && headline.getAttribute('data-tone'),
    headline: headline ? headline.textContent : null,
    sections: [...out.querySelectorAll('[data-section]')].map((s) => s.getAttribute('data-section')),
    stray,
    model: model.headline,
  };
  a.detach();
  return result;
};
document.documentElement.dataset.ready = 'true';
</script>
</body></html>`;

describe('attach: neither view headlines "no extra help needed" for what was not screened', () => {
  let dir;
  let session;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'headline-'));
    symlinkSync(PACKAGE, join(dir, 'package'));
    writeFileSync(join(dir, 'rules.rules'), RULES);
    writeFileSync(join(dir, 'index.html'), PAGE);
    session = await openPage(dir);
    await session.page.goto(`${session.server.url}/index.html`);
    await session.page.waitForSelector('html[data-ready="true"]', { timeout: 20_000 });
  });
  after(async () => {
    if (session) await session.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const which of ['authoring', 'compiled']) {
    for (const view of ['referrer', 'screener']) {
      for (const [name, answers] of Object.entries(REFERRALS)) {
        test(`${which}, ${view} view: ${name}`, async () => {
          const r = await session.page.evaluate(([w, v, a]) => window.show(w, v, a), [which, view, answers]);
          assert.ok(r.headline, 'a headline is drawn');
          assert.doesNotMatch(r.headline, NO_HELP, `headline: ${r.headline}`);
          assert.deepEqual(r.stray, [], 'every word shown is the engine\'s');
          if (name === 'empty') {
            assert.equal(r.tone, 'not_screened');
            assert.match(r.headline, /Not screened yet/);
          } else if (name.startsWith('about a place')) {
            assert.notEqual(r.tone, 'not_screened', 'the place was screened');
            if (view === 'screener') assert.match(r.headline, /No child named yet/);
            // The referrer is not shown the context's result: that is the screener's to weigh.
            else assert.match(r.headline, /before you send the referral/);
          } else {
            assert.match(r.headline, /Not screened/);
          }
        });
      }
    }
  }
});

describe('the demo and training page: the headline never says "no extra help needed" for what was not screened', () => {
  const WEB_DEMO = join(ROOT, 'web-demo');
  const BUILD = join(WEB_DEMO, 'build');
  let ctx;
  let page;
  // The headline, and any word in the panel's model part (the headline, the
  // sections, the advisory) that is not one the engine sent.
  const headline = async () => {
    const r = await page.evaluate(() => {
      const model = document.getElementById('screening-output').screeningModel;
      const ok = new Set(['!', 'Warning', 'Error: ']);
      const add = (x) => x && ok.add(x);
      add(model.advisory); add(model.headline.title); model.headline.lines.forEach(add);
      for (const s of model.sections) { add(s.heading); add(s.intro); add(s.more); for (const i of s.items) { add(i.text); add(i.code); add(i.about); (i.detail || []).forEach(add); } }
      const stray = [];
      const walk = (n) => { for (const c of n.childNodes) { if (c.nodeType === 3) { if (c.textContent.trim() && !ok.has(c.textContent)) stray.push(c.textContent); } else if (c.nodeType === 1) walk(c); } };
      walk(document.getElementById('outcome-level'));
      walk(document.getElementById('outcome-model'));
      const level = document.getElementById('outcome-level');
      return { tone: level.getAttribute('data-tone'), text: level.innerText, stray, sections: [...document.querySelectorAll('#outcome-model [data-section]')].map((x) => x.dataset.section) };
    });
    assert.deepEqual(r.stray, [], 'every word in the panel\'s model part is the engine\'s');
    assert.ok(r.sections.length > 0, 'the sections are marked with their ids');
    return r;
  };
  // Screened from the answers the form shows now (the panel redraws after a debounce).
  const settle = async () => {
    await page.waitForFunction(() => {
      const out = document.getElementById('screening-output');
      const form = document.getElementById('referral-form');
      const date = document.getElementById('screening-date').value;
      return out && out.dataset.answers === JSON.stringify([date, [...new FormData(form)].map(([k, v]) => `${k}=${v}`)]);
    }, null, { timeout: 10_000 });
  };

  before(async () => {
    if (!existsSync(join(WEB_DEMO, 'node_modules', 'esbuild'))) {
      execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: WEB_DEMO, stdio: ['ignore', 'ignore', 'inherit'] });
    }
    execFileSync(process.execPath, [join(WEB_DEMO, 'build-demo.mjs')], { stdio: ['ignore', 'ignore', 'inherit'] });
    ctx = await openPage(BUILD);
    page = ctx.page;
    await page.goto(`${ctx.server.url}/index.html`);
    await page.waitForSelector('html[data-ready="true"]', { timeout: 20_000 });
  });
  after(async () => ctx && ctx.close());

  test('a blank referral: "Not screened"', async () => {
    await settle();
    const h = await headline();
    assert.doesNotMatch(h.text, NO_HELP);
    assert.equal(h.tone, 'not_screened');
    // The page fills in the date received (the screening date), so it is "Not screened": no child named yet.
    assert.match(h.text, /^Not screened/);
  });

  test('case 3, a takeaway with no child named: the context\'s result, "No child named yet"', async () => {
    await page.selectOption('#case-picker', 'kingfisher-chicken-mercer-road');
    await page.click('#load-case');
    await page.waitForFunction(() => (document.querySelector('#current-case-compare summary')?.textContent || '').includes('for case 3 ('));
    await settle();
    const h = await headline();
    assert.doesNotMatch(h.text, NO_HELP);
    assert.notEqual(h.tone, 'not_screened');
    assert.match(h.text, /No child named yet/);
  });

  test('a child whose answers were none the rules read: "Not screened", never a level', async () => {
    await page.click('#clear-form');
    await page.click('[data-list-path="children"] .app-list__add');
    await page.fill('#f-children-0-first_name', 'Sam');
    await settle();
    const h = await headline();
    assert.doesNotMatch(h.text, NO_HELP);
    assert.match(h.text, /Not screened/);
  });
});
