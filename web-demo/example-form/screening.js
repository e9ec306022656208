// Added for screening. Loads the council's rule set, compiled to WebAssembly
// when the site was built, with the engine's small runtime (both .wasm files
// come from this site), and attaches it to the existing form. The parser and
// checker are not loaded: the rules were checked when they were compiled.
// Nothing is sent, logged or stored.
import { screenForm } from './screening-engine/attach.js';

const form = document.getElementById('referral-form');
window.screening = await screenForm(form, {
  compiled: 'screening-rules.wasm',
  // This page shows the full outcome, as the person screening referrals sees
  // it. A form filled in by referrers would use view: 'referrer' (the default);
  // add ?view=referrer to this page's address to see that view.
  view: new URLSearchParams(location.search).get('view') === 'referrer' ? 'referrer' : 'screener',
  // Where this form's names differ from the rule set's.
  // The rule set this binding was written for: any other file is refused.
  ruleSet: { name: 'Contextual safeguarding screening', version: '1.0.0' },
  mapping: {
    received: 'dateReceived',
    narrative: 'referralReason',
    child_support: 'childSupport',
  },
  // The rule set also screens referrals about a group, a school, an online
  // space and incidents; this form does not ask those questions. It asks for
  // each missing episode's dates, so not the counts and yes or no answers
  // that other councils' forms use instead, nor SEND, the referrer's worry
  // categories, or whether the child harmed another child.
  notCollected: [
    'peer_group_youngest', 'peer_group_oldest', 'peer_group_concerns',
    'school_concerns', 'school_dsl_aware', 'online_concerns', 'reported_to_platform',
    'incidents',
    'children.missing_times_30_days', 'children.missing_times_90_days', 'children.away_overnight',
    'children.found_far_from_home_recently', 'children.send', 'children.referrer_worries', 'children.harmed_others',
  ],
  // The form's answers that no rule reads, each with the reason, so that
  // nothing the referrer writes is dropped without a word.
  notScreened: {
    referrer_name: 'Who is referring: contact details, not a sign of risk',
    referrer_phone: 'Who is referring: contact details, not a sign of risk',
    referrer_email: 'Who is referring: contact details, not a sign of risk',
    'children[*][last_name]': 'The child is named by first name in the screening; the last name identifies, it does not screen',
    declaration: 'The referrer\'s declaration: not about the child',
  },
});
