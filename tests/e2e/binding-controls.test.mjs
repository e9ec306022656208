// The controls attach hands the engine's binding (attach/controls.js), on the
// third council form (tests/e2e/fixtures/marf) filled in as the trial filled
// it: they are saved as tests/e2e/fixtures/marf/controls.json, which the CLI
// tests bind with `screen bind` (engine/tests/cli.rs). So the page and the
// CLI read the same data: when the page's collection changes, this test fails
// until the fixture is written again (UPDATE_CONTROLS=1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Window } from 'happy-dom';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './helpers.mjs';
import { collectControls } from '../../web-demo/package/attach/controls.js';

const FIXTURE = join(ROOT, 'tests', 'e2e', 'fixtures', 'marf');

function filledMarf() {
  const window = new Window({ url: 'https://council.example/referral' });
  const doc = window.document;
  const html = readFileSync(join(FIXTURE, 'index.html'), 'utf8');
  doc.write(html.replace(/<script[^>]*>[\s\S]*?<\/script>/g, ''));
  const set = (id, value) => { doc.getElementById(id).value = value; };
  const tick = (id) => { doc.getElementById(id).checked = true; };
  // Child 1: a 14-year-old found in another town after overnight absences.
  set('c0-forename', 'Sam');
  set('c0-dob', '14/5/2012');
  set('c0-missing', '3');
  tick('c0-overnight');
  tick('c0-found_elsewhere');
  tick('c0-w-county_lines');
  tick('c0-w-money');
  tick('danger-no');
  // Child 2: no name or date of birth, "None of these" worries, no hotel.
  set('c1-missing', '4');
  tick('c1-overnight');
  tick('c1-w-none');
  tick('c1-hotel-no');
  return doc.getElementById('marf');
}

test('the third form\'s controls, collected as the engine reads them, are the saved fixture', () => {
  const collected = collectControls(filledMarf());
  const file = join(FIXTURE, 'controls.json');
  const text = `${JSON.stringify(collected, null, 2)}\n`;
  if (process.env.UPDATE_CONTROLS) writeFileSync(file, text);
  assert.equal(readFileSync(file, 'utf8'), text);
  // What the engine needs of each control is there: labels from the page, choices with ticks.
  const worries = collected.controls.find((c) => c.name === 'child[0][worries]');
  assert.equal(worries.kind, 'checkbox');
  assert.ok(worries.label.length > 0);
  assert.deepEqual(worries.options.filter((o) => o.checked).map((o) => o.value), ['county_lines', 'money']);
  assert.equal(worries.options.find((o) => o.value === 'none').exclusive, true);
  assert.equal(collected.controls.find((c) => c.name === 'child[0][dob]').value, '14/5/2012');
});
