// Differential test in Node: the package's own form writer
// (web-demo/package/compiled-form.js, the fast way into a compiled rule
// set's decide) against the runtime's reader and writer (`prepare`:
// form::read, then Loaded::prepare, in Rust). On
//   - every form of the conformance corpus (tests/corpus/eval),
//   - the shipped training cases (rules/cases/*.json, rules/cases/shared/)
//     and every test form of the shipped rule sets, and
//   - a few hundred random forms built from each shipped rule set's schema
//     (seeded: the same forms every run), right and wrong answers mixed,
// whenever the writer takes a form its bytes are the runtime's, byte for
// byte, and the runtime's reader finds nothing wrong with it (no error, no
// warning); decide() gives the same decision as the runtime's own way (the
// same form as JSON text, which the writer never takes) and as the
// interpreter, or the same FormError. The training cases must all be taken, so the fast way is the
// one used.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE, ROOT, corpusCases, needBuilt } from './helpers.mjs';
import { init, compile, compileToWasm, loadCompiledRuleSet, FormError } from '../../web-demo/package/index.js';
import { CompiledRuleSet as RuntimeRuleSet } from '../../web-demo/package/pkg-runtime/screening_runtime.js';
import { FormWriter } from '../../web-demo/package/compiled-form.js';

const DATE = '2026-11-20';

needBuilt();
if (!existsSync(join(PACKAGE, 'pkg-runtime', 'screening_runtime_bg.wasm'))) {
  throw new Error('The runtime is not built (web-demo/package/pkg-runtime/): run web-demo/build-engine.sh first');
}
await init();

const loaded = new Map();
async function load(rulesPath) {
  if (!loaded.has(rulesPath)) {
    const source = readFileSync(rulesPath, 'utf8');
    const bytes = await compileToWasm(source);
    // Loading through the package starts the runtime the bindings below use.
    const compiled = await loadCompiledRuleSet(bytes);
    const inner = new RuntimeRuleSet(bytes);
    const table = inner.formTable();
    assert.ok(table, `the runtime describes the schema of ${rulesPath}`);
    loaded.set(rulesPath, { compiled, inner, writer: new FormWriter(table), interpreted: compile(source) });
  }
  return loaded.get(rulesPath);
}

// decide()'s answer as text to compare: the decision, or the FormError.
function decided(fn) {
  try {
    return JSON.stringify(fn());
  } catch (err) {
    if (!(err instanceof FormError)) throw err;
    return `refused: ${err.code} ${err.message} ${JSON.stringify(err.diagnostics)}`;
  }
}

// The decision by ids, from the interpreter's whole outcome.
const idsOf = (outcome) => ({
  level: outcome.level.id,
  fired: outcome.fired.map((x) => x.id),
  floors: outcome.floors.map((x) => x.id),
  undecided: outcome.undecided.map((x) => x.id),
  actions: outcome.actions.map((x) => x.id),
});

function firstDifference(a, b) {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return n;
}

/** Check one form; returns whether the writer took it. */
function check(rs, form, date, what) {
  const laid = rs.writer.write(form, date);
  const taken = laid !== null;
  if (taken) {
    const copy = Uint8Array.from(laid);
    const rust = rs.inner.prepare(form, date);
    const at = firstDifference(copy, rust);
    assert.ok(
      copy.length === rust.length && at === rust.length,
      `${what}: the writer's ${copy.length} bytes differ from the runtime's ${rust.length} at byte ${at} ` +
        `(${copy.slice(at, at + 8)} against ${rust.slice(at, at + 8)})`,
    );
    // Only forms the runtime reads without a word to say: its warnings and errors stay its own.
    assert.deepEqual(rs.compiled.evaluate(form, { date }).formErrors, [], `${what}: the writer took a form the runtime's reader says something about`);
  }
  let text;
  try {
    text = JSON.stringify(form);
  } catch {
    text = undefined;
  }
  const fast = decided(() => rs.compiled.decide(form, { date }));
  if (text !== undefined) assert.equal(fast, decided(() => rs.compiled.decide(text, { date })), `${what}: decide()`);
  // And the interpreter's decision (its whole outcome, by ids), or its FormError.
  assert.equal(fast, decided(() => idsOf(rs.interpreted.evaluate(form, { date }))), `${what}: decide() against the interpreter`);
  return taken;
}


const RULES = join(ROOT, 'rules');
const SHIPPED = readdirSync(RULES).filter((n) => n.endsWith('.rules')).sort().map((n) => join(RULES, n));
const CS = join(RULES, 'contextual-safeguarding.rules');
const SERAF = join(RULES, 'seraf-scoring.rules');

// The training cases, each with its rule set.
function trainingCases() {
  const cases = readdirSync(join(RULES, 'cases')).filter((n) => n.endsWith('.json')).map((n) => ({ name: n, rules: CS, form: join(RULES, 'cases', n) }));
  const shared = join(RULES, 'cases', 'shared');
  for (const n of readdirSync(shared).sort()) {
    if (n.endsWith('.cs.json')) cases.push({ name: `shared/${n}`, rules: CS, form: join(shared, n) });
    if (n.endsWith('.seraf.json')) cases.push({ name: `shared/${n}`, rules: SERAF, form: join(shared, n) });
  }
  return cases;
}

// A seeded generator (mulberry32): the same forms every run.
function random(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  const pick = (xs) => xs[int(xs.length)];
  // `wrong(p)`: whether to write a wrong or unusual answer here, never in a clean form.
  const r = { next, int, pick, chance: (p) => next() < p, clean: false };
  r.wrong = (p) => !r.clean && next() < p;
  return r;
}

const WORDS = ['Child', 'seen', 'at', 'the', 'STATION', 'with', 'older', 'men', '£400', 'cash', 'CAFÉ', 'x-ray', 'won’t', '“quoted”', 'a.b', '12', '½', 'µg', '×2', 'ÀÖØÞßÿ', 'ª²³¹º¼¾', '€5 — ok…', '™', 'Σας', 'İstanbul', 'phone\u00a0box', 'he said "go"', 'back\\slash', 'tab\there', 'Ünïcode', '9am', '\u0085', '\u200b', '😀'];
const SPACES = [' ', ' ', ' ', '  ', '\t', '\n', '\r\n', '\u000b', '\u000c', '\u00a0', '\u2003'];

function text(r) {
  if (r.chance(0.05)) return r.pick(['', ' ', '\t\n', 'É'.repeat(33_334)]);
  if (r.wrong(0.05)) return r.pick(['\u00a0', '\u2003', 'x'.repeat(100_001), 'é'.repeat(50_001)]);
  const n = 1 + r.int(8);
  let s = r.chance(0.2) ? r.pick(SPACES) : '';
  for (let i = 0; i < n; i++) s += (i ? r.pick(SPACES) : '') + r.pick(WORDS);
  if (r.chance(0.2)) s += r.pick(SPACES);
  // In a clean form only the characters the writer takes: ASCII, Latin-1, common punctuation.
  return r.clean ? s.replace(/[^\x00-\x7f\xa1-\xff\u2010-\u2027\u20ac\u2122]/g, '') || 'x' : s;
}

function date(r) {
  if (r.wrong(0.15)) {
    return r.pick(['2026-02-30', '2026-13-01', '20/11/2026', '20-11-2026', '2026-1-05', '', '  ', 'soon', '0000-01-01', '2024-02-29', '2023-02-29', ' 2026-11-20 ', '+202-11-20', '２０２６-11-20', 12]);
  }
  // Real dates far from now too: the writer works out day numbers itself.
  if (r.chance(0.1)) return r.pick(['0001-01-01', '0099-12-31', '0100-02-28', '0400-02-29', '1582-10-10', '1600-02-29', '1900-02-28', '2000-02-29', '2100-03-01', '9999-12-31']);
  const y = 1900 + r.int(140);
  const m = 1 + r.int(12);
  const d = 1 + r.int(28);
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function number(r) {
  if (r.chance(0.1)) return r.pick([-0, 0, 1e15, -1e15, 1e-7, 0.1, 123456.789, 5e-324, 1.7976931348623157e-300]);
  if (r.wrong(0.1)) return r.pick([1e15 + 2, NaN, Infinity, Number.MAX_SAFE_INTEGER, -1714179213414232.2, '12', ' 3 ', 'lots', true]);
  return r.chance(0.5) ? r.int(40) : (r.next() - 0.3) * 10 ** r.int(8);
}

function options(r, field) {
  const ids = field.options.map((o) => o.id);
  const some = () => Array.from({ length: r.int(4) }, () => (r.wrong(0.05) ? 'not_an_option' : r.pick(ids)));
  return { ids, some };
}

function value(r, field, depth) {
  if (r.chance(0.04)) return r.pick([null, undefined, '', '   ', '\t\r\n']);
  if (r.wrong(0.02)) return r.pick([{}, [], 7, false, 'nonsense', '\u00a0']);
  switch (field.type) {
    case 'yesNo':
      if (r.chance(0.2)) return r.pick(['yes', 'No', 'YES', 'true', 'false']);
      return r.wrong(0.1) ? r.pick(['TRUE', 'y', 1, 0, 'ýes']) : r.chance(0.5);
    case 'number':
      return number(r);
    case 'text':
      return text(r);
    case 'date':
      return date(r);
    case 'oneOf': {
      const { ids } = options(r, field);
      return r.wrong(0.08) ? r.pick(['not_an_option', ids[0].toUpperCase(), ` ${ids[0]}`, 3]) : r.pick(ids);
    }
    case 'severalOf': {
      const { ids, some } = options(r, field);
      if (r.chance(0.1)) return r.pick(ids);
      if (r.chance(0.2)) {
        const asked = r.chance(0.1) ? [] : ids.filter(() => r.chance(0.6));
        const ticked = r.wrong(0.1) ? some() : asked.filter(() => r.chance(0.5));
        const v = { asked, ticked };
        if (r.wrong(0.05)) v.other = 1;
        if (r.wrong(0.05)) delete v.asked;
        if (r.chance(0.05) && asked.length) v.ticked = asked[0];
        return v;
      }
      return some();
    }
    case 'list': {
      if (depth > 3) return [];
      const items = Array.from({ length: r.int(4) }, () => record(r, field.fields, depth + 1));
      if (r.wrong(0.05)) items.push(r.pick([null, 'a child', 3, []]));
      return items;
    }
    default:
      throw new Error(`a field type this test does not know: ${field.type}`);
  }
}

function record(r, fields, depth) {
  const out = {};
  for (const field of fields) if (r.chance(0.6)) out[field.name] = value(r, field, depth);
  if (r.wrong(0.04)) out[r.pick(['unknown_answer', 'childrens', fields[0].name.toUpperCase()])] = true;
  if (r.chance(0.04)) out.left_out = undefined; // JSON.stringify leaves it out: not a warning
  return out;
}

describe('the package lays forms out as the runtime does', () => {
  test('corpus forms', async (t) => {
    const cases = corpusCases();
    assert.ok(cases.length >= 50, `${cases.length} corpus forms`);
    let taken = 0;
    for (const c of cases) {
      let form;
      try {
        form = JSON.parse(readFileSync(c.form, 'utf8'));
      } catch {
        continue; // a form that is not JSON is the runtime's alone
      }
      if (check(await load(c.rules), form, DATE, c.name)) taken++;
    }
    t.diagnostic(`the writer took ${taken} of ${cases.length} corpus forms`);
    assert.ok(taken > cases.length / 4, `the writer took ${taken} of ${cases.length} corpus forms`);
  });

  test('the training cases, all taken by the writer', async () => {
    const cases = trainingCases();
    assert.ok(cases.length >= 6, `${cases.length} training cases`);
    for (const c of cases) {
      const form = JSON.parse(readFileSync(c.form, 'utf8'));
      for (const date of [DATE, '2031-02-28']) assert.ok(check(await load(c.rules), form, date, `${c.name} on ${date}`), `the writer did not take ${c.name}`);
    }
  });

  for (const rules of SHIPPED) {
    test(`every test form of ${rules.slice(ROOT.length + 1)}`, async () => {
      const rs = await load(rules);
      const forms = rs.interpreted.testForms({ date: DATE });
      assert.ok(forms.length > 0);
      for (const t of forms) {
        const form = JSON.parse(t.form ?? readFileSync(join(RULES, t.file), 'utf8'));
        check(rs, form, t.date, `test "${t.name}"`);
      }
    });

    test(`300 random forms from the schema of ${rules.slice(ROOT.length + 1)}`, async (t) => {
      const rs = await load(rules);
      const schema = rs.compiled.schema();
      const r = random(0x5eed + rules.length);
      let taken = 0;
      let cleanTaken = 0;
      for (let i = 0; i < 300; i++) {
        // Half the forms clean (every answer one the writer should take), half with mistakes.
        r.clean = i % 2 === 0;
        const form = record(r, schema, 0);
        const day = r.chance(0.9) ? DATE : r.pick(['2031-02-28', '1999-12-31', '2026-02-30', '2026-1-1']);
        if (check(rs, form, day, `random form ${i}: ${JSON.stringify(form).slice(0, 300)}`)) {
          taken++;
          if (r.clean) cleanTaken++;
        }
      }
      t.diagnostic(`the writer took ${taken} of 300 (${cleanTaken} of the 150 clean ones)`);
      assert.ok(cleanTaken >= 100, `the writer took ${cleanTaken} of the 150 clean forms`);
      // Both ways must be exercised, and the clean forms are nearly all taken.
      assert.ok(taken >= 120 && taken <= 270, `the writer took ${taken} of 300 random forms`);
    });
  }

  test('forms the runtime refuses outright are refused with its FormError', async () => {
    const rs = await load(CS);
    const cyclic = { children: [] };
    cyclic.children.push(cyclic);
    let deep = {};
    for (let i = 0; i < 40; i++) deep = { children: [deep] };
    const hostile = [
      cyclic,
      deep,
      { narrative: 'x'.repeat(3 * 1024 * 1024) },
      { narrative: 1n },
      { get narrative() { throw new Error('no'); } },
      [],
      'not json',
      42,
      { toJSON: () => ({ narrative: 'Hello' }) },
      Object.assign(Object.create({ inherited: true }), { narrative: 'x' }),
    ];
    for (const form of hostile) {
      assert.equal(rs.writer.write(form, DATE), null, 'the writer leaves it to the runtime');
      assert.equal(decided(() => rs.compiled.decide(form, { date: DATE })), decided(() => idsOf(rs.interpreted.evaluate(form, { date: DATE }))));
    }
    assert.throws(() => rs.compiled.decide(cyclic, { date: DATE }), FormError);
    // A getter that screens another form while this one is laid out: each gets its own decision.
    const inner = JSON.parse(readFileSync(join(RULES, 'cases', 'ash-lane-station.json'), 'utf8'));
    let during;
    const plain = { immediate_danger: true, narrative: 'Seen at the station' };
    const outer = { immediate_danger: true, get narrative() { during = rs.compiled.decide(inner, { date: DATE }); return plain.narrative; } };
    assert.deepEqual(rs.compiled.decide(outer, { date: DATE }), idsOf(rs.interpreted.evaluate(plain, { date: DATE })));
    assert.deepEqual(during, idsOf(rs.interpreted.evaluate(inner, { date: DATE })));
    // The writer itself: the form it is laying out keeps its bytes, and the other is left to the runtime.
    let innerLaid;
    const outer2 = { immediate_danger: true, get narrative() { innerLaid = rs.writer.write(inner, DATE); return plain.narrative; } };
    const laid = rs.writer.write(outer2, DATE);
    assert.equal(innerLaid, null);
    assert.ok(laid && Buffer.from(laid).equals(Buffer.from(rs.inner.prepare(plain, DATE))), 'the outer form as the runtime lays it out');
  });
});
