// The page's store: what the page knows (the rule files and their texts,
// the rule sets that compiled, the case on screen, the answers kept across
// rule files, the discussion's reveal), the queries every tab asks of it, and
// who to tell when it changes. A controller that changes the store says what
// changed (`changed('rules')`); each controller subscribed to that reacts
// (the referral tab screens again, the cases tab redraws its overview), so
// no part calls every other part's updater by hand. Nothing here touches the page.

import { compile, outline, CompileError } from '../../package/index.js';
import { Discussion } from './discussion.js';

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
  lastOutcome: null, // the latest screening of the referral form, as the panel drew it
  // Every answer given, also those the current rule file's form does not ask:
  // switching rule files (or an edit that drops a question) never loses them.
  kept: {},
  // Discussion mode: a case loads with its result hidden, revealed a step at a time.
  discussion: new Discussion(),
  editor: null,
  form: null,
  keep: null, // asks before answers in progress are replaced
  numbers: null, // "Change a number in a rule"
  attachment: null, // attach() on the referral form: reads it and screens as it changes
  panel: null,
  tabs: null,
};

/**
 * What can change, and so what a controller can subscribe to:
 * - `rules`: a rule file's text or the rule set it compiled to (an edit,
 *   reset, open, another file chosen);
 * - `case`: the case on screen (a training case loaded, a blank referral);
 * - `discussion`: discussion mode turned on or off;
 * - `reveal`: a step of the reveal taken or taken back;
 * - `date`: the screening date;
 * - `saved`: a rule file saved.
 */
export const TOPICS = ['rules', 'case', 'discussion', 'reveal', 'date', 'saved'];

const subscribers = [];

/**
 * Call `react(topics)` after each change to any of `topics`. Subscribers run
 * in the order they subscribed (the case's brief before the screening drawn
 * beside it). Returns a function that unsubscribes.
 */
export function subscribe(topics, react) {
  for (const t of topics) if (!TOPICS.includes(t)) throw new Error(`No such change to subscribe to: ${t}`);
  const s = { topics: new Set(topics), react };
  subscribers.push(s);
  return () => subscribers.splice(subscribers.indexOf(s), 1);
}

/** Say what changed: each subscriber to any of `topics` runs once. */
export function changed(...topics) {
  for (const t of topics) if (!TOPICS.includes(t)) throw new Error(`No such change: ${t}`);
  for (const s of [...subscribers]) if (topics.some((t) => s.topics.has(t))) s.react(topics);
}

/**
 * The page's data and each shipped rule file compiled. Throws, saying which
 * line, when the shipped main rule file does not compile.
 */
export function loadRules(data) {
  state.data = data;
  for (const r of data.manifest.rules) {
    state.texts[r.file] = data.rules[r.file];
    state.errors[r.file] = [];
    try {
      state.shipped[r.file] = compile(data.rules[r.file]);
      state.compiled[r.file] = state.shipped[r.file];
      state.compiledText[r.file] = data.rules[r.file];
    } catch (err) {
      if (!(err instanceof CompileError)) throw err;
      state.errors[r.file] = err.diagnostics.filter((d) => d.severity !== 'warning');
    }
  }
  state.file = shippedFile();
  if (!state.compiled[state.file]) {
    const first = state.errors[state.file][0];
    throw new Error(`The shipped rule file ${state.file} does not compile${first ? ` (line ${first.line}, column ${first.column}: ${first.code} ${first.message})` : ''}. Rebuild the engine with web-demo/build-engine.sh if the rule file uses newer language features.`);
  }
}

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

/** The rule sets that compiled for the companion files (the wording checks): screened beside the main one. */
export function companionSets(main = mainFile()) {
  return state.data.manifest.rules.filter((r) => r.companion && r.file !== main && state.compiled[r.file]).map((r) => state.compiled[r.file]);
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
