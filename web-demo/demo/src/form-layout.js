// How the referral form is laid out. The fields themselves come from the rule
// file's `form` block (ruleSet.schema()), so the form always matches the rules,
// even after an edit in the rule editor. This file only groups top-level fields
// into sections, orders the repeatable groups and adds hints. Matching is by
// field name pattern, so a renamed field still lands somewhere sensible: any
// field no section claims goes in "Other details".

export const SECTIONS = [
  {
    id: 'about',
    title: 'About the referral',
    match: /^(referral_id|referral_type|subject|received|received_date|referral_date|date_received|immediate_danger|child_support|requested_support|support_requested|referral_category|category|mash_category)$/,
  },
  {
    id: 'narrative',
    title: 'What is happening',
    intro: 'Describe what has happened and what you are worried about, in plain words. The screening reads this text for wording that could blame a child.',
    match: /^(narrative|reason|referral_reason|involvement|what_needs_to_change|concern_text|what_.*|details)$/,
  },
  {
    id: 'consent',
    title: 'Consent',
    match: /(consent|parents_|parent_|informed|agree)/,
  },
  {
    id: 'referrer',
    title: 'Who is referring',
    match: /^referrer/,
  },
  {
    id: 'peer_group',
    title: 'The peer group',
    intro: 'Fill this in when the referral is about a group of young people, or when a group is part of the concern.',
    match: /^(peer_group|group_)/,
  },
  {
    id: 'location',
    title: 'The location',
    intro: 'Fill this in when the referral is about a place: a park, an estate, a shop or takeaway, a transport route.',
    match: /^(location|place|guardianship|owner|manager|times_of_concern|area)/,
  },
  {
    id: 'school',
    title: 'The school',
    match: /^(school|dsl)/,
  },
  {
    id: 'online',
    title: 'The online space',
    match: /^(online|platform|reported_to_platform)/,
  },
];

/** Repeatable groups, in this order; any other list comes after them. */
export const LIST_ORDER = [
  'children', 'peers', 'peer_groups', 'adults', 'locations', 'online_spaces',
  'incidents', 'missing_episodes', 'indicators',
];

export const LIST_INTROS = {
  children: 'Add each child the referral is about. A referral about a group or a place may name no child.',
  peers: 'Young people in the group or linked to the concern.',
  locations: 'Places linked to the concern.',
  incidents: 'Things that have happened: what, when, where and to whom.',
  missing_episodes: 'Each time a child went missing: when, for how long and where they were found.',
  indicators: 'Each indicator of risk, vulnerability or harm that is known, with when it was seen and how it is known.',
};

/** Fields shown as a large text box. */
export const TEXTAREA = /(narrative|reason|involvement|change|description|dynamics|details|notes|summary|text|what_)/;

/** Extra hints, by field name (last part of the path). */
export const HINTS = {
  referral_type: 'A referral can be about a context, such as a place or a group, with no single child named.',
  immediate_danger: 'If anyone is in immediate danger, call 999 now. Do not wait for this screening.',
  narrative: 'For example: what happened, when, who was there, what the child said. Describe what was done to the child, not choices the child made.',
  referral_reason: 'For example: what happened, when, who was there, what the child said. Describe what was done to the child, not choices the child made.',
  guardianship: 'Caring adults present in the place: staff, residents, wardens, transport staff.',
  timeframe: 'Current means within the last 6 months.',
  received: 'Left blank, the screening takes the date it screens as at (shown in the screening panel), so ages can still be worked out.',
  date_of_birth: 'Needed to work out the child\u2019s age: rules for younger children cannot apply without it.',
};

/** Top-level fields that hold the date a referral was received. */
export const RECEIVED = /^(received|received_date|referral_date|date_received)$/;

/** Plain words for "not answered" choices. */
export const NOT_ANSWERED = 'Not known';
