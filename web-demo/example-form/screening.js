// Added for screening. Loads the engine (the .wasm comes from beside the
// package, on this site), compiles the council's rule set and attaches it to
// the existing form. Nothing is sent, logged or stored.
import { init, compile } from './screening-engine/index.js';
import { attach } from './screening-engine/attach.js';
import rules from './screening-rules.js';

await init();
const form = document.getElementById('referral-form');
attach(form, compile(rules), {
  // Where this form's names differ from the rule set's.
  mapping: {
    received: 'dateReceived',
    narrative: 'referralReason',
    child_support: 'childSupport',
  },
});
