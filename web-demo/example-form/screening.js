// Added for screening. Loads the engine (the .wasm comes from beside the
// package, on this site), compiles the council's rule set and attaches it to
// the existing form. Nothing is sent, logged or stored.
import { init, compile } from './screening-engine/index.js';
import { attach } from './screening-engine/attach.js';
import rules from './screening-rules.js';

await init();
const form = document.getElementById('referral-form');
window.screening = attach(form, compile(rules), {
  // This page shows the full outcome, as the person screening referrals sees
  // it. A form filled in by referrers would use view: 'referrer' (the default);
  // add ?view=referrer to this page's address to see that view.
  view: new URLSearchParams(location.search).get('view') === 'referrer' ? 'referrer' : 'screener',
  // Where this form's names differ from the rule set's.
  mapping: {
    received: 'dateReceived',
    narrative: 'referralReason',
    child_support: 'childSupport',
  },
  // The rule set also screens referrals about a group, a school, an online
  // space and incidents; this form does not ask those questions.
  notCollected: [
    'peer_group_youngest', 'peer_group_oldest', 'peer_group_concerns',
    'school_concerns', 'school_dsl_aware', 'online_concerns', 'reported_to_platform',
    'incidents',
  ],
});
