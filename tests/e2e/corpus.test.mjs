// The conformance corpus (tests/corpus) through the Wasm build in Node, byte
// for byte against the native engine (`screen eval --json`, `screen check`)
// and against the expected files.
//
//   eval/NAME.rules + eval/NAME.CASE.form.json -> eval/NAME.CASE.outcome.json (date 2026-11-20)
//   diagnostics/NAME.rules -> diagnostics/NAME.expected.json
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, needBuilt } from './helpers.mjs';
import { init, compile, check, FormError } from '../../web-demo/package/index.js';

const CORPUS = join(ROOT, 'tests', 'corpus');
const DATE = '2026-11-20';
const SCREEN = join(ROOT, 'target', 'release', 'screen');

needBuilt();
await init();

function evalCases() {
  const dir = join(CORPUS, 'eval');
  const names = readdirSync(dir).sort();
  const cases = [];
  for (const rules of names.filter((n) => n.endsWith('.rules'))) {
    const stem = rules.slice(0, -'.rules'.length);
    for (const form of names.filter((n) => n.startsWith(`${stem}.`) && n.endsWith('.form.json'))) {
      const name = form.slice(stem.length + 1, -'.form.json'.length);
      cases.push({ stem, name, rules: join(dir, rules), form: join(dir, form), expected: join(dir, `${stem}.${name}.outcome.json`) });
    }
  }
  return cases;
}

// What the browser gives for one case, as the text `screen eval --json` prints.
function wasmOutput(ruleset, formText) {
  try {
    const viaObject = JSON.stringify(ruleset.evaluate(formText, { date: DATE }), null, 2) + '\n';
    const viaJson = ruleset.evaluateToJson(formText, { date: DATE }) + '\n';
    assert.equal(viaObject, viaJson, 'the object and the JSON text give the same bytes');
    // A parsed object gives the same outcome as the JSON text (when the text parses in JS).
    let parsed;
    try {
      parsed = JSON.parse(formText);
    } catch {
      parsed = undefined;
    }
    if (parsed !== undefined && !/\d{16,}|e\d|E\d|\.\d*0\b/.test(formText)) {
      assert.equal(JSON.stringify(ruleset.evaluate(parsed, { date: DATE }), null, 2) + '\n', viaObject, 'a parsed form gives the same outcome');
    }
    return viaObject;
  } catch (err) {
    if (!(err instanceof FormError)) throw err;
    assert.equal(err.diagnostics.length, 1);
    return JSON.stringify(err.diagnostics[0], null, 2) + '\n';
  }
}

function nativeOutput(rules, form) {
  try {
    const stdout = execFileSync(SCREEN, ['eval', rules, form, '--json', '--date', DATE], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { status: 0, stdout, stderr: '' };
  } catch (err) {
    // A form that cannot be read at all: the CLI says why on stderr and fails.
    return { status: err.status, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('conformance corpus through Wasm in Node', () => {
  before(() => {
    // The native `screen` command (cargo run --release --bin screen), built once.
    execFileSync('cargo', ['build', '--release', '--quiet', '--bin', 'screen'], { cwd: ROOT, stdio: 'inherit' });
  });

  const cases = evalCases();
  test('the corpus has cases', () => assert.ok(cases.length >= 10, `${cases.length} cases`));
  const compiled = new Map();
  for (const c of cases) {
    test(`eval ${c.stem}.${c.name}`, () => {
      if (!compiled.has(c.rules)) compiled.set(c.rules, compile(readFileSync(c.rules, 'utf8')));
      const ruleset = compiled.get(c.rules);
      const actual = wasmOutput(ruleset, readFileSync(c.form, 'utf8'));
      assert.equal(actual, readFileSync(c.expected, 'utf8'), 'Wasm matches the expected file');
      const native = nativeOutput(c.rules, c.form);
      // `screen eval` exits 1 when some answers cannot be read, but still prints
      // the outcome: compare it. Only a form refused outright prints nothing.
      if (native.status === 0 || (native.status === 1 && native.stdout)) {
        assert.equal(actual, native.stdout, 'Wasm matches native `screen eval --json`');
        assert.equal(native.status, (JSON.parse(actual).formErrors || []).some((e) => e.severity === 'error') ? 1 : 0, 'exit 1 exactly when an answer cannot be read (a warning such as an unknown key does not count)');
      } else {
        // Both refuse the form, for the same reason.
        const { message } = JSON.parse(actual);
        assert.ok(native.stderr.includes(message), `native refuses it too: ${native.stderr}`);
      }
    });
  }

  const diagDir = join(CORPUS, 'diagnostics');
  for (const file of readdirSync(diagDir).filter((n) => n.endsWith('.rules')).sort()) {
    test(`diagnostics ${file}`, () => {
      const source = readFileSync(join(diagDir, file), 'utf8');
      const diags = check(source);
      const list = diags.map(({ code, severity, line, column }) => ({ code, severity, line, column }));
      const expected = readFileSync(join(diagDir, file.replace(/\.rules$/, '.expected.json')), 'utf8');
      assert.equal(JSON.stringify(list, null, 2) + '\n', expected);
      // compile() throws with the same diagnostics when there is an error, and not otherwise.
      if (diags.some((d) => d.severity === 'error')) {
        assert.throws(() => compile(source), (err) => err.name === 'CompileError' && JSON.stringify(err.diagnostics) === JSON.stringify(diags));
      } else {
        assert.deepEqual(compile(source).warnings, diags);
      }
    });
  }
});
