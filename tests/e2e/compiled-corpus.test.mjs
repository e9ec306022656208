// Differential test through Wasm in Node: a rule set compiled to WebAssembly
// (the authoring engine's compileToWasm, the compiler `screen build` uses),
// screened by the runtime (web-demo/package/compiled.js and pkg-runtime/),
// gives the same outcome, byte for byte (JSON.stringify), as the authoring
// engine's interpreter, on
//   - every case of the conformance corpus (tests/corpus/eval), and
//   - every test form of the shipped rule sets (rules/*.rules), on its date;
// and refuses the same forms with the same words. A disagreement fails.
// compileToWasm (authoring Wasm) and `screen build` (native) write the same bytes.
//
// It also checks that the runtime build exports no parser, checker or
// formatter, and that a compiled rule set that traps or answers out of
// bounds gives an Error with a code, never an empty outcome.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PACKAGE, ROOT, corpusCases, needBuilt } from './helpers.mjs';
import { init, compile, compileToWasm, loadCompiledRuleSet, CompiledRuleSetError, FormError } from '../../web-demo/package/index.js';

const CORPUS_DATE = '2026-11-20';

needBuilt();
if (!existsSync(join(PACKAGE, 'pkg-runtime', 'screening_runtime_bg.wasm'))) {
  throw new Error('The runtime is not built (web-demo/package/pkg-runtime/): run web-demo/build-engine.sh first');
}
await init();

// Both engines' answer for one form, as text to compare: the outcome as
// JSON, or the error a form refused outright gives.
function screen(ruleset, form, date) {
  try {
    return JSON.stringify(ruleset.evaluate(form, { date }));
  } catch (err) {
    if (!(err instanceof FormError)) throw err;
    return `refused: ${err.code} ${err.message} ${JSON.stringify(err.diagnostics)}`;
  }
}

// What each audience reads (issue 17), as text to compare; a refused form as for screen().
const LABELS = { 'children.going_missing': 'Does the child go missing?' };
function presented(ruleset, form, date) {
  try {
    return ['referrer', 'screener', 'print'].map((audience) => JSON.stringify(ruleset.present(form, { date, audience, labels: LABELS }))).join('\n');
  } catch (err) {
    if (!(err instanceof FormError)) throw err;
    return `refused: ${err.code} ${err.message}`;
  }
}

// A rule file, compiled both ways.
const pairs = new Map();
async function pair(rulesPath) {
  if (!pairs.has(rulesPath)) {
    const source = readFileSync(rulesPath, 'utf8');
    pairs.set(rulesPath, { interpreted: compile(source), compiled: await loadCompiledRuleSet(await compileToWasm(source)) });
  }
  return pairs.get(rulesPath);
}


const SHIPPED = readdirSync(join(ROOT, 'rules')).filter((n) => n.endsWith('.rules')).sort().map((n) => join(ROOT, 'rules', n));

describe('a compiled rule set screens as the interpreter does', () => {
  const cases = corpusCases();
  test('the corpus and the shipped rule sets have cases', () => {
    assert.ok(cases.length >= 50, `${cases.length} corpus cases`);
    assert.ok(SHIPPED.length >= 3, `${SHIPPED.length} shipped rule sets`);
  });

  for (const rules of [...new Set(cases.map((c) => c.rules)), ...SHIPPED]) {
    test(`header and schema: ${rules.slice(ROOT.length + 1)}`, async () => {
      const { interpreted, compiled } = await pair(rules);
      assert.deepEqual(compiled.info(), interpreted.info());
      assert.equal(JSON.stringify(compiled.schema()), JSON.stringify(interpreted.schema()));
      assert.equal(compiled.name, interpreted.name);
      assert.equal(compiled.version, interpreted.version);
    });
  }

  for (const c of cases) {
    test(`corpus ${c.name}`, async () => {
      const { interpreted, compiled } = await pair(c.rules);
      const text = readFileSync(c.form, 'utf8');
      const expected = screen(interpreted, text, CORPUS_DATE);
      assert.equal(screen(compiled, text, CORPUS_DATE), expected);
      assert.equal(presented(compiled, text, CORPUS_DATE), presented(interpreted, text, CORPUS_DATE), 'present()');
      // As a parsed object too, when JavaScript reads the text the same way.
      let parsed;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      if (parsed !== undefined) assert.equal(screen(compiled, parsed, CORPUS_DATE), screen(interpreted, parsed, CORPUS_DATE));
    });
  }

  for (const rules of SHIPPED) {
    test(`every test form of ${rules.slice(ROOT.length + 1)}`, async () => {
      const { interpreted, compiled } = await pair(rules);
      const forms = interpreted.testForms({ date: CORPUS_DATE });
      assert.ok(forms.length > 0, 'the rule set has tests');
      let screened = 0;
      for (const t of forms) {
        const text = t.form ?? readFileSync(join(dirname(rules), t.file), 'utf8');
        const expected = screen(interpreted, text, t.date);
        assert.equal(screen(compiled, text, t.date), expected, `test "${t.name}" (${t.date})`);
        assert.equal(presented(compiled, text, t.date), presented(interpreted, text, t.date), `present() for test "${t.name}"`);
        // The decision alone (no words) is the outcome's own decision.
        const outcome = expected.startsWith('{') ? JSON.parse(expected) : null;
        if (outcome) {
          assert.deepEqual(compiled.decide(text, { date: t.date }), {
            level: outcome.level.id,
            fired: outcome.fired.map((r) => r.id),
            floors: outcome.floors.map((f) => f.id),
            undecided: outcome.undecided.map((u) => u.id),
            actions: outcome.actions.map((a) => a.id),
          }, `decide() for test "${t.name}"`);
        }
        // The same form on another day: age and "within N months" move.
        assert.equal(screen(compiled, text, '2031-02-28'), screen(interpreted, text, '2031-02-28'), `test "${t.name}" on 2031-02-28`);
        screened++;
      }
      assert.equal(screened, forms.length);
    });
  }
});

describe('the compiler in the browser build is the CLI\'s', () => {
  test('compileToWasm gives the same bytes as `screen build` for each shipped rule set', async () => {
    // The native `screen` command (as the corpus test builds it).
    execFileSync('cargo', ['build', '--release', '--quiet', '--bin', 'screen'], { cwd: ROOT, stdio: 'inherit' });
    const out = mkdtempSync(join(tmpdir(), 'screen-build-'));
    try {
      for (const rules of SHIPPED) {
        const file = join(out, 'rules.wasm');
        execFileSync(join(ROOT, 'target', 'release', 'screen'), ['build', rules, '-o', file], { stdio: ['ignore', 'ignore', 'pipe'] });
        assert.ok(Buffer.from(await compileToWasm(readFileSync(rules, 'utf8'))).equals(readFileSync(file)), rules.slice(ROOT.length + 1));
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('the authoring build', () => {
  test('its bindings export none of the tools (review, formatter, compiler): those are in the tools build', async () => {
    const glue = await import('../../web-demo/package/pkg/screening_engine.js');
    const tools = await import('../../web-demo/package/pkg-tools/screening_tools.js');
    for (const name of ['format', 'compileToWasm', 'diffRuleSets', 'signoffDocument', 'coverage']) {
      assert.equal(glue[name], undefined, `the authoring build exports ${name}`);
      assert.equal(typeof tools[name], 'function', `the tools build exports ${name}`);
    }
    assert.equal(glue.RuleSet.prototype.coverage, undefined, 'RuleSet.coverage is in the tools build');
    for (const name of ['compile', 'check', 'RuleSet']) assert.equal(tools[name], undefined, `the tools build exports ${name}`);
  });
});

describe('the runtime', () => {
  test('its bindings export no parser, checker or formatter', async () => {
    const glue = await import('../../web-demo/package/pkg-runtime/screening_runtime.js');
    for (const name of ['compile', 'check', 'format', 'compileToWasm', 'RuleSet', 'diffRuleSets', 'signoffDocument', 'setAsideBrokenTests', 'outline']) {
      assert.equal(glue[name], undefined, `the runtime exports ${name}`);
    }
    assert.equal(typeof glue.CompiledRuleSet, 'function');
  });

  test('a form or date it cannot read is refused as the interpreter refuses it', async () => {
    const { interpreted, compiled } = await pair(SHIPPED[0]);
    for (const [form, date] of [['{"children": [', CORPUS_DATE], [{}, '2026-02-30'], [{}, 20261120], [() => 1, CORPUS_DATE]]) {
      assert.equal(screen(compiled, form, date), screen(interpreted, form, date));
      assert.throws(() => compiled.evaluate(form, { date }), FormError);
    }
    const cyclic = {};
    cyclic.self = cyclic;
    assert.equal(screen(compiled, cyclic, CORPUS_DATE), screen(interpreted, cyclic, CORPUS_DATE));
  });

  test('bytes that are not a compiled rule set are refused with a code', async () => {
    await assert.rejects(loadCompiledRuleSet(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])), (err) => err instanceof CompiledRuleSetError && typeof err.code === 'string' && err.message.length > 0);
    await assert.rejects(loadCompiledRuleSet(new Uint8Array([1, 2, 3])), (err) => err instanceof CompiledRuleSetError && typeof err.code === 'string');
    await assert.rejects(loadCompiledRuleSet(42), TypeError);
  });

  // A module with a real rule set's metadata (its custom sections) but code
  // that traps, or answers out of bounds: the failure is an Error with a
  // code, and the next form is screened by a fresh instance.
  for (const [what, run, data] of [
    ['traps', [0x00], null], // unreachable
    ['answers at a negative address', [0x41, 0x7f], null], // i32.const -1
    // i32.const 65532, where the memory's last 4 bytes say 65535 bytes follow.
    ['answers with a length past the end of its memory', [0x41, 0xfc, 0xff, 0x03], { at: [0x41, 0xfc, 0xff, 0x03], bytes: [0xff, 0xff, 0, 0] }],
  ]) {
    test(`a compiled rule set whose code ${what} fails with a code, never an empty outcome`, async () => {
      const real = await compileToWasm(readFileSync(SHIPPED[0], 'utf8'));
      const broken = await loadCompiledRuleSet(withCode(real, run, data));
      const attempt = () => {
        try {
          broken.evaluate({}, { date: CORPUS_DATE });
        } catch (e) {
          return e;
        }
        return null;
      };
      const err = attempt();
      assert.ok(err instanceof CompiledRuleSetError, `it threw ${err}`);
      assert.equal(err.code, 'E_COMPILED_RUN');
      assert.match(err.message, /^The compiled rule set failed on this form: /);
      // The next form gets a fresh instance of the same code: it fails again, and says so again.
      const again = attempt();
      assert.ok(again instanceof CompiledRuleSetError && again.code === 'E_COMPILED_RUN', `the second time it threw ${again}`);
    });
  }
});

// A Wasm module with `real`'s custom sections (the rule set's metadata) and
// its own code: `memory` (one page), `input(len)` giving 0, `run(len)` with
// the instructions `run`, and optionally a data segment (`data.at`, an i32
// constant expression, and `data.bytes`).
function withCode(real, run, data) {
  const custom = [];
  let at = 8;
  const u32 = () => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = real[at++];
      result |= (b & 0x7f) << shift;
      if (!(b & 0x80)) return result >>> 0;
      shift += 7;
    }
  };
  while (at < real.length) {
    const start = at;
    const id = real[at++];
    const size = u32();
    const end = at + size;
    if (id === 0) custom.push(real.subarray(start, end));
    at = end;
  }
  const leb = (n) => {
    const out = [];
    do {
      let b = n & 0x7f;
      n >>>= 7;
      if (n) b |= 0x80;
      out.push(b);
    } while (n);
    return out;
  };
  const section = (id, bytes) => [id, ...leb(bytes.length), ...bytes];
  const str = (s) => [...leb(s.length), ...Buffer.from(s)];
  const fn = (code) => {
    const f = [0x00, ...code, 0x0b]; // no locals
    return [...leb(f.length), ...f];
  };
  const dataSection = data ? section(11, [1, 0x00, ...data.at, 0x0b, ...leb(data.bytes.length), ...data.bytes]) : [];
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 1, 0x7f, 1, 0x7f]), // type 0: (i32) -> i32
    ...section(3, [2, 0, 0]), // two functions of type 0
    ...section(5, [1, 0x00, 1]), // one memory, one page
    ...section(7, [3, ...str('memory'), 0x02, 0, ...str('input'), 0x00, 0, ...str('run'), 0x00, 1]),
    ...section(10, [2, ...fn([0x41, 0x00]), ...fn(run)]),
    ...dataSection,
  ];
  const parts = [Uint8Array.from(bytes), ...custom];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let k = 0;
  for (const p of parts) {
    out.set(p, k);
    k += p.length;
  }
  return out;
}
