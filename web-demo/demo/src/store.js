// The page's store: one object holding what the page knows (the rule files
// and their texts, the rule sets that compiled, the case on screen, the
// answers kept across rule files, the discussion's reveal), and the queries
// every tab asks of it. The tabs' controllers (referral-tab.js, rules-tab.js,
// cases-tab.js) change it; nothing here touches the page.

import { withCompanions } from '../../package/attach/render.js';
import { outline } from '../../package/index.js';
import { Discussion } from './discussion.js';
import { RECEIVED } from './form-layout.js';

export const state = {
  data: null,
  file: null, // the rule file in the editor
  texts: {}, // current text of each rule file (edits live in memory only)
  compiled: {}, // last rule set that compiled, by file
  compiledText: {}, // the text it was compiled from, by file
  errors: {}, // errors of the current text, by file, when it does not compile
  brokenTests: {}, // tests set aside because they name what an edit took out, by file
  shipped: {}, // the shipped rule sets, by file
  saved: {}, // the text last saved to or opened from the person's computer, by file
  openedAs: {}, // the name of the file it was opened from, by file
  currentCase: null,
  caseDataKey: null,
  // Every answer given, also those the current rule file's form does not ask:
  // switching rule files (or an edit that drops a question) never loses them.
  kept: {},
  // Discussion mode: a case loads with its result hidden, revealed a step at a time.
  discussion: new Discussion(),
  receivedDefaulted: null, // the label of the received-date field, when the screening date stood in for it
  editor: null,
  form: null,
  keep: null, // asks before answers in progress are replaced
  numbers: null, // "Change a number in a rule"
  attachment: null, // attach() on the referral form: reads it and screens as it changes
  panel: null,
  tabs: null,
};

export const shippedFile = () => state.data.manifest.shippedRules;

export const ruleMeta = (file) => state.data.manifest.rules.find((r) => r.file === file) || {};

const isCompanion = (file) => !!ruleMeta(file).companion;

/** The rule file whose form the referral form shows and whose level counts. */
export function mainFile() {
  return isCompanion(state.file) ? shippedFile() : state.file;
}

export function shippedText(file = state.file) {
  return state.data.rules[file];
}

export function isEdited(file) {
  if (file) return state.texts[file] !== state.data.rules[file];
  return state.data.manifest.rules.some((r) => isEdited(r.file));
}

/** Rule edits that would be lost: not the shipped text, and not what was last saved or opened. */
export function rulesUnsaved(file) {
  if (!file) return state.data.manifest.rules.some((r) => rulesUnsaved(r.file));
  return isEdited(file) && state.texts[file] !== state.saved[file];
}

/**
 * Fold the form's answers (for `fields`, the form as it stands) into the kept
 * answers: what the form asks is taken from the form (an answer cleared there
 * is cleared here); answers to questions it does not ask are kept as they are.
 */
function mergeKept(kept, data, fields) {
  const out = { ...(kept && typeof kept === 'object' && !Array.isArray(kept) ? kept : {}) };
  for (const f of fields) {
    const d = data[f.name];
    if (f.type === 'list') {
      if (Array.isArray(d)) {
        const k = Array.isArray(out[f.name]) ? out[f.name] : [];
        out[f.name] = d.map((item, i) => mergeKept(k[i], item || {}, f.fields || []));
      } else delete out[f.name];
    } else if (d !== undefined) out[f.name] = d;
    else delete out[f.name];
  }
  return out;
}

export function keepAnswers() {
  if (state.form && state.form.schema.length) state.kept = mergeKept(state.kept, state.form.getData(), state.form.schema);
}

/**
 * The date received, when the referral leaves it blank, is the date the page
 * screens as at: ages and "in the last 30 days" are then worked out to that
 * date, and the panel says so (never silently).
 */
export function withReceived(schema, formData, date) {
  const field = schema.find((f) => f.type === 'date' && RECEIVED.test(f.name));
  state.receivedDefaulted = null;
  if (!field || formData[field.name] !== undefined) return formData;
  state.receivedDefaulted = { name: field.name, label: field.label || field.name };
  return { ...formData, [field.name]: date };
}

/**
 * Screen answers with a set of rule sets: the main one decides the level and
 * actions; each companion (wording checks) reads the answers its own form
 * shares with the main one and adds its prompts and fired rules.
 */
export function screenWith(sets, main, formData, date) {
  const outcome = sets[main].evaluate(formData, { date });
  for (const r of state.data.manifest.rules) {
    if (!r.companion || r.file === main || !sets[r.file]) continue;
    const rs = sets[r.file];
    const names = new Set(rs.schema().map((f) => f.name));
    const shared = Object.fromEntries(Object.entries(formData).filter(([k]) => names.has(k)));
    const extra = rs.evaluate(shared, { date });
    const taken = new Set([...outcome.fired.map((x) => x.id), ...outcome.floors.map((x) => x.id)]);
    const rename = (id) => (taken.has(id) ? `${r.file.replace(/\.rules$/, '')}:${id}` : id);
    outcome.prompts.push(...extra.prompts.map((p) => ({ ...p, rule: rename(p.rule), companion: extra.ruleSet.name })));
    outcome.fired.push(...extra.fired.map((f) => ({ ...f, id: rename(f.id), companion: extra.ruleSet.name })));
    outcome.companions = [...(outcome.companions || []), extra.ruleSet];
  }
  return outcome;
}

/**
 * The same answers in the engine's words for one audience (its presentation
 * model): the main rule set's, with each companion's prompts joined to it.
 */
export function presentWith(sets, main, formData, date, audience) {
  const model = sets[main].present(formData, { audience, date });
  const companions = [];
  for (const r of state.data.manifest.rules) {
    if (!r.companion || r.file === main || !sets[r.file]) continue;
    const names = new Set(sets[r.file].schema().map((f) => f.name));
    const shared = Object.fromEntries(Object.entries(formData).filter(([k]) => names.has(k)));
    // Only its prompts join: the main rule set's answers it has no field for
    // are not its unreadable answers (as screenWith keeps only its prompts).
    const theirs = sets[r.file].present(shared, { audience, date });
    companions.push({ ...theirs, sections: theirs.sections.filter((s) => s.id === 'prompts') });
  }
  return withCompanions(model, companions);
}


/** Every list of the schema, nested ones too: "children", "children.missing_episodes". */
export function listPaths(fields, outer = '') {
  return fields.filter((f) => f.type === 'list').flatMap((f) => {
    const path = outer ? `${outer}.${f.name}` : f.name;
    return [path, ...listPaths(f.fields ?? [], path)];
  });
}

let lastOutline = { text: null, blocks: [] };
/**
 * The engine's outline of a rule text (its blocks, their lines, the numbers
 * in them, the levels and actions declared): the page never scans rule text
 * itself. The last one is kept, as the editor asks again for the same text.
 */
export function outlineOf(text) {
  if (lastOutline.text !== text) lastOutline = { text, blocks: outline(text) };
  return lastOutline.blocks;
}

/** The levels (lowest first) and the actions a rule text declares: [{ id, label }]. */
export function declared(text) {
  const blocks = outlineOf(text || '');
  const entries = (kind) => (blocks.find((b) => b.kind === kind) || { entries: [] }).entries;
  return { levels: entries('levels'), actions: entries('actions') };
}

/** The levels and actions of the main rule file, as it compiled: what the cases are compared in. */
export function caseLevels() {
  return declared(state.compiledText[shippedFile()]);
}
