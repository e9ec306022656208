// Added for screening. The engine, the council's rule file and the package's
// wording checks all come from this site; nothing is sent, logged or stored.
// If any of them cannot be loaded, the results area says so in plain words
// and the form works as before.
import { screenForm, WORDING_RULES_URL } from './screening-engine/attach.js';

const form = document.getElementById('referral');
const params = new URLSearchParams(location.search);

window.screening = await screenForm(form, {
  rules: 'council.rules',            // the council's copy of the rule set, same origin
  companions: [WORDING_RULES_URL],   // the wording checks shipped with the package
  container: '#screening-results',
  // Referrers fill in this form: they see prompts and questions, not levels
  // or professional actions. Screeners see the full outcome (?view=screener).
  view: params.get('view') === 'screener' ? 'screener' : 'referrer',
  debug: params.has('debug'),
  // The rule set this binding was written for: any other file is refused.
  ruleSet: { name: 'Contextual safeguarding screening (Fictional Borough one-child form)', version: '1.0.0-fbc.1' },
  mapping: {
    // The form is about one child: its flat names are the first child's.
    children: { single: true },
    'children.school_attended': 'school',
    'children.missing_count': 'missing_episodes',
    'children.found_outside_borough': 'found_out_of_area',
    'children.worries': 'referralCategories',
    child_support: {
      name: 'childSupport',
      options: { 'Early Help: Family Support at an early intervention level': 'family_support' },
    },
    parents_agree: 'consentSupport',
    narrative: 'referralReason',
  },
  // Not asked, because they are always so on this form.
  answers: { referral_type: 'individual' },
  // Not asked: the referral is received the day it is made.
  fallbacks: { received: ({ date }) => date },
  // Questions the rule set can use that this form does not ask. Rules that
  // need only these are shown to screeners apart, never to referrers.
  notCollected: [
    'parents_informed', 'reason_not_informed',
    'children.looked_after', 'children.known_to_social_care', 'children.child_protection_plan',
    'children.family_protective', 'children.home_signs', 'children.health_signs', 'children.peer_signs',
    'children.has_partner', 'children.partner_age', 'children.school_signs', 'children.attendance_percent',
    'children.place_signs', 'children.online_signs', 'children.missing_signs', 'children.money_signs',
    'children.crime_signs', 'children.harm_experienced', 'children.missing_episodes',
    'peer_group_youngest', 'peer_group_oldest', 'peer_group_concerns', 'locations',
    'school_concerns', 'school_dsl_aware', 'online_concerns', 'reported_to_platform', 'incidents',
  ],
  // The form's answers that no rule reads, each with the reason, so that
  // nothing the referrer writes is dropped without a word.
  notScreened: {
    full_name: 'Who is referring: contact details, not a sign of risk',
    referrer_relationship: 'Who is referring: not a sign of risk',
    position_agency: 'Who is referring: not a sign of risk',
    phone: 'Who is referring: contact details, not a sign of risk',
    last_name: 'Identifies the child; the screening uses the first name',
    post_code: 'Where the child lives: an address is never a risk factor on its own',
    peer_group: 'Free text for the person screening: this rule set reads the child\'s signs, not this description',
    location_of_concern: 'Free text for the person screening: this rule set reads the child\'s signs, not this description',
  },
});
