// The training page's store (web-demo/demo/src/store.js): a controller says
// what changed and every controller subscribed to it reacts, once, in the
// order they subscribed (the case's brief before the screening beside it).
// Plain Node: the store touches no page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './helpers.mjs';

const store = await import(pathToFileURL(join(ROOT, 'web-demo', 'demo', 'src', 'store.js')).href);

test('each subscriber to a change reacts once, in the order subscribed; others do not', () => {
  const seen = [];
  const off = [
    store.subscribe(['case', 'discussion', 'reveal'], (t) => seen.push(['brief', t])),
    store.subscribe(['rules', 'discussion'], () => seen.push(['overview'])),
    store.subscribe(['case', 'discussion', 'date'], () => seen.push(['screen'])),
  ];
  store.changed('discussion');
  assert.deepEqual(seen, [['brief', ['discussion']], ['overview'], ['screen']]);
  seen.length = 0;
  store.changed('case', 'date');
  assert.deepEqual(seen, [['brief', ['case', 'date']], ['screen']], 'once each, though two of its changes came');
  seen.length = 0;
  store.changed('saved');
  assert.deepEqual(seen, [], 'no one subscribed to it');
  off.forEach((f) => f());
  store.changed('discussion');
  assert.deepEqual(seen, [], 'unsubscribed');
});

test('a change that is not one of the store\'s is refused, not ignored', () => {
  assert.throws(() => store.changed('rule'), /No such change: rule/);
  assert.throws(() => store.subscribe(['cases'], () => {}), /No such change to subscribe to: cases/);
});
