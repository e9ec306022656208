// The screening engine in JavaScript: a thin, stable layer over the Wasm build.
//
// Everything runs in this page or process. Nothing here sends, logs or stores
// anything; the only things ever fetched are the engine's own .wasm files,
// from beside this module (or from wherever `init({ wasm, toolsWasm })` says).
//
// Two Wasm builds serve the rule editor. The authoring engine (pkg/) has what
// it needs on every keystroke: compile, check, outline, evaluate, present and
// run the file's tests. The tools (pkg-tools/) have what is used on a click:
// coverage, the impact of a change, the sign-off document, the formatter and
// compileToWasm. They load on the first call of one of these, which is why
// those functions return promises. The tools work from the rule file's text.

import initWasm, * as wasm from './pkg/screening_engine.js';
import { FormError, dateText, presentOptions, today, wasmSource } from './common.js';

export { FormError, today };
// Rule sets compiled to their own .wasm, screened by the runtime (no parser):
// see compiled.js. Importing it loads nothing until loadCompiledRuleSet is called.
export { loadCompiledRuleSet, CompiledRuleSet, CompiledRuleSetError } from './compiled.js';

let ready = null;
let loaded = false;
let toolsWasm = null;
let tools = null;

/**
 * Load the engine. Call once (further calls return the same promise) and
 * await it before `compile`, `check` or `format`.
 */
export function init(options = {}) {
  if (!ready) {
    ready = load(options).then(
      () => {
        loaded = true;
      },
      (err) => {
        ready = null; // let the caller try again
        throw err;
      },
    );
  }
  return ready;
}

async function load({ wasm: source, toolsWasm: toolsSource } = {}) {
  toolsWasm = toolsSource ?? null;
  const input = await wasmSource(source ?? new URL('./pkg/screening_engine_bg.wasm', import.meta.url), import.meta.url);
  await initWasm({ module_or_path: input });
}

function needLoaded() {
  if (!loaded) {
    throw new Error('The screening engine is not loaded yet: await init() first.');
  }
}

// The tools build, loaded once on first use (a failed load is tried again on
// the next call).
function loadTools() {
  needLoaded();
  if (!tools) {
    tools = (async () => {
      const module = await import('./pkg-tools/screening_tools.js');
      const input = await wasmSource(toolsWasm ?? new URL('./pkg-tools/screening_tools_bg.wasm', import.meta.url), import.meta.url);
      await module.default({ module_or_path: input });
      return module;
    })();
    tools.catch(() => {
      tools = null;
    });
  }
  return tools;
}

/** Thrown by `compile` and `format` when the rule file has errors. */
export class CompileError extends Error {
  constructor(message, diagnostics) {
    super(message);
    this.name = 'CompileError';
    this.diagnostics = diagnostics;
  }
}


// Errors from the Wasm layer carry `code` and `diagnostics`; give them a class.
function rethrow(err, Kind) {
  if (err && typeof err === 'object' && Array.isArray(err.diagnostics)) {
    if (Kind === CompileError) throw new CompileError(err.message, err.diagnostics);
    throw new FormError(err.message, err.code, err.diagnostics);
  }
  throw err;
}

function sourceText(source) {
  if (typeof source !== 'string') {
    throw new TypeError(`The rule file must be a string, not ${source === null ? 'null' : typeof source}.`);
  }
  return source;
}

/** Compile a rule file once; evaluate it many times. Throws CompileError. */
export function compile(source) {
  needLoaded();
  let inner;
  try {
    inner = wasm.compile(sourceText(source));
  } catch (err) {
    rethrow(err, CompileError);
  }
  return new RuleSet(inner, source);
}

/**
 * Compile a rule file to its own WebAssembly module (what `screen build`
 * writes): a promise of the bytes of a .wasm file for loadCompiledRuleSet,
 * which screens with it using the small runtime, without the parser and
 * checker. Rejects with CompileError, as compile() throws.
 */
export async function compileToWasm(source) {
  const text = sourceText(source);
  const t = await loadTools();
  try {
    return t.compileToWasm(text);
  } catch (err) {
    rethrow(err, CompileError);
  }
}

/**
 * The rule editor's compiler: call `update(text)` on every change of the
 * text. One call gives every error and warning and, when the file compiles,
 * the rule set (what check() and compile() give, without parsing twice). It
 * keeps the last text's blocks parsed, so a keystroke re-parses only the
 * block it changed; the results are exactly a fresh compile's.
 */
export class RuleEditor {
  constructor() {
    needLoaded();
    this.inner = new wasm.RuleEditor();
  }

  /** `{ diagnostics, ruleSet }`: `ruleSet` is null when the file has errors. Never throws for a bad file. */
  update(source) {
    const { diagnostics, ruleSet } = this.inner.update(sourceText(source));
    return { diagnostics, ruleSet: ruleSet ? new RuleSet(ruleSet) : null };
  }

  /** Release the blocks it keeps now (they are also released when garbage-collected). */
  free() {
    this.inner.free();
  }
}

/** Every error and warning in a rule file; never throws for a bad file. */
export function check(source) {
  needLoaded();
  return wasm.check(sourceText(source));
}

/**
 * The file's blocks (header, levels, actions, form, definitions, scores,
 * rules, floors, policies, tests), each with its id, title, lines and byte
 * span, and the numbers written in it. Never throws for a bad file: a block
 * that does not parse is listed with `parsed: false`.
 */
export function outline(source) {
  needLoaded();
  return wasm.outline(sourceText(source));
}

/**
 * When a rule file's only errors are in its tests (a test names a rule or
 * floor an edit took out): `{ text, tests }`, the text with those tests'
 * lines left blank (so it compiles, and every line number still points at
 * the same line) and each test set aside with its problems. Null when the
 * file compiles, or when an error lies outside its tests.
 */
export function setAsideBrokenTests(source) {
  needLoaded();
  return wasm.setAsideBrokenTests(sourceText(source));
}

/** A promise of the rule file in its canonical layout. Rejects with CompileError when it does not parse. */
export async function format(source) {
  const text = sourceText(source);
  const t = await loadTools();
  try {
    return t.format(text);
  } catch (err) {
    rethrow(err, CompileError);
  }
}

/** The engine's limits on rule files and forms. */
export function limits() {
  needLoaded();
  return wasm.limits();
}


function plainFiles(files) {
  return files instanceof Map ? Object.fromEntries(files) : files;
}

/**
 * The impact of changing `oldSource` into `newSource` (`screen diff`): every
 * case (the tests' forms of both files, and `options.forms`, an object mapping
 * a name to a form, or a list of `{ name, form, date }`) screened under both,
 * and each whose outcome changed, with the rules that made each change.
 * `options.files` maps a path to a form file's text, as for runTests;
 * `options.date` dates the forms given without a date of their own.
 * `options.setAsideBrokenTests` compares a new file whose only errors are in
 * tests without those tests (listed in `testsSetAside`); `options.listGiven`
 * lists every form given in `listed`, changed or not; `options.givenOnly`
 * compares only the forms given, not the tests' forms too.
 * A promise; rejects with CompileError (with `which`: "old" or "new") when a
 * file has errors (the tools load on first use).
 */
export async function diffRuleSets(oldSource, newSource, options = {}) {
  const oldText = sourceText(oldSource);
  const newText = sourceText(newSource);
  const t = await loadTools();
  const how = {};
  if (options?.setAsideBrokenTests !== undefined) how.setAsideBrokenTests = options.setAsideBrokenTests;
  if (options?.listGiven !== undefined) how.listGiven = options.listGiven;
  if (options?.givenOnly !== undefined) how.givenOnly = options.givenOnly;
  try {
    return t.diffRuleSets(oldText, newText, plainFiles(options?.forms), plainFiles(options?.files), dateText(options?.date), how);
  } catch (err) {
    withWhich(err);
  }
}

/**
 * The sign-off document (`screen doc`) as a promise of HTML text: one
 * printable page for the safeguarding partnership board. `options.since` is
 * the signed-off version's text, to show what changed; `options.files` and
 * `options.date` as for diffRuleSets. Rejects with CompileError (with `which`)
 * when a file has errors.
 */
export async function signoffDocument(source, options = {}) {
  const text = sourceText(source);
  const t = await loadTools();
  try {
    return t.signoffDocument(text, options?.since ?? null, plainFiles(options?.files), dateText(options?.date));
  } catch (err) {
    withWhich(err);
  }
}

function withWhich(err) {
  if (err && typeof err === 'object' && err.code === 'COMPILE' && Array.isArray(err.diagnostics)) {
    const e = new CompileError(err.message, err.diagnostics);
    e.which = err.which;
    throw e;
  }
  rethrow(err, FormError);
}

/** A compiled rule set. */
export class RuleSet {
  #inner;
  #info;
  #source;

  /** @internal Use compile(). */
  constructor(inner, source) {
    this.#inner = inner;
    // The tools build works from text (coverage): it cannot read this module's objects.
    this.#source = source;
    this.#info = inner.info();
    this.warnings = inner.warnings();
  }

  /** The rule set's name, from its `rule set "..."` line. */
  get name() {
    return this.#info.name;
  }

  /** The rule set's version, or null. */
  get version() {
    return this.#info.version;
  }

  /** The header: name, version, owner, effective and review dates. */
  info() {
    return { ...this.#info };
  }

  /** The form the rule set reads: fields with types, labels, options and lists. */
  schema() {
    return this.#live().schema();
  }

  /**
   * Read a form's controls through a binding, checked both ways by the engine
   * (engine/src/binding/): `{ form, problems, items, given, notCollected,
   * nothingBound }`. `controls` is what `collectControls(form)` gives,
   * `binding` attach's options as data; `options.date` as for evaluate.
   * Throws FormError when either cannot be read.
   */
  bind(controls, binding, options = {}) {
    const inner = this.#live();
    try {
      return inner.bind(controls, binding ?? {}, dateText(options?.date));
    } catch (err) {
      rethrow(err, FormError);
    }
  }

  /**
   * Screen one form. `form` is a plain object (what JSON.parse gives) or JSON
   * text; `options.date` is the evaluation date ('YYYY-MM-DD' or a Date,
   * default today). Returns the outcome: the same structure as
   * `screen eval --json`. Throws FormError when the form or date cannot be read.
   */
  evaluate(form, options = {}) {
    const inner = this.#live();
    try {
      return inner.evaluate(form, dateText(options?.date));
    } catch (err) {
      rethrow(err, FormError);
    }
  }

  /**
   * Screen one form and return what a person reads, worded by the engine:
   * `{ audience, headline, sections, counts, advisory }` (engine-types.d.ts,
   * `Presentation`). `options`: `audience` ("referrer", the default,
   * "screener" or "print"), `labels` (a field path without list indices, such
   * as "children.has_partner", to the label of the form's control), `date`
   * (YYYY-MM-DD, default today). Views render it and word nothing themselves.
   */
  present(form, options = {}) {
    const inner = this.#live();
    try {
      return inner.present(form, dateText(options?.date), presentOptions(options));
    } catch (err) {
      rethrow(err, FormError);
    }
  }

  /**
   * A `test` block named `name` that records `form` and what the rules give
   * for it now (level, actions, the rules and floors that apply), in the
   * formatter's layout: what `screen eval --as-test NAME` prints, ready to add
   * to the rule file. `options.date` as for evaluate.
   */
  testBlock(name, form, options = {}) {
    const inner = this.#live();
    try {
      return inner.testBlock(String(name), form, dateText(options?.date));
    } catch (err) {
      rethrow(err, FormError);
    }
  }

  /** Like evaluate, but returns the outcome as JSON text laid out as `screen eval --json` prints it. */
  evaluateToJson(form, options = {}) {
    const inner = this.#live();
    try {
      return inner.evaluateToJson(form, dateText(options?.date));
    } catch (err) {
      rethrow(err, FormError);
    }
  }

  /**
   * Run the tests written in the rule file. `files` maps a path relative to
   * the rule file to that file's text (an object or a Map), for tests whose
   * form is `form "cases/x.json"`. `options.date` is the date for tests that
   * give none when the rule set has no `effective` date (default today).
   */
  runTests(files, options = {}) {
    const inner = this.#live();
    let plain = files;
    if (files instanceof Map) plain = Object.fromEntries(files);
    try {
      return inner.runTests(plain, dateText(options?.date));
    } catch (err) {
      rethrow(err, FormError);
    }
  }

  /**
   * What the file's own tests exercise (`screen test --coverage`): for each
   * rule and floor the tests in which it applies and does not; each condition
   * seen true and false, with its boundary; yes or no questions answered yes;
   * each band reached, each option ticked. Arguments as for runTests. A
   * promise: the tools load on first use.
   */
  async coverage(files, options = {}) {
    this.#live();
    const t = await loadTools();
    try {
      return t.coverage(this.#source, plainFiles(files), dateText(options?.date));
    } catch (err) {
      rethrow(err, FormError);
    }
  }

  /**
   * The forms of the rule file's own tests: `[{ name, date, form, file }]`,
   * `form` the JSON text of a form written in the test or `file` the path of
   * the form file it names, `date` the date it is screened on
   * (`options.date` for a test that gives none when the rule set has no
   * `effective` date). For screening the same forms elsewhere.
   */
  testForms(options = {}) {
    const inner = this.#live();
    try {
      return inner.testForms(dateText(options?.date));
    } catch (err) {
      rethrow(err, FormError);
    }
  }

  /** Release the compiled rule set's memory now (it is also released when garbage-collected). */
  free() {
    if (this.#inner) {
      this.#inner.free();
      this.#inner = null;
    }
  }

  #live() {
    if (!this.#inner) throw new Error('This rule set has been freed.');
    return this.#inner;
  }
}
