// Screening with a rule set compiled to WebAssembly (`screen build`, or
// `compileToWasm` in the authoring engine): the small runtime for council
// forms. It has no parser, checker or formatter, and gives the same outcome,
// byte for byte, as the authoring engine's `RuleSet.evaluate`.
//
//   import { loadCompiledRuleSet } from 'screening-engine/compiled';
//   const rules = await loadCompiledRuleSet('/rules/referral.wasm');
//   rules.evaluate(form, { date: '2026-11-20' });   // the outcome
//
// Two Wasm modules take part. The runtime (pkg-runtime/, Rust) reads the
// form, lays it out for the rule module, and turns the rule module's answer
// into the outcome with its explanations. The rule module (the compiled rule
// set) holds the rules as code; it imports its date arithmetic from the
// runtime, so both agree on what "within 6 months" means. A Wasm module cannot
// instantiate another, so this file joins them:
//
//   form -> runtime.prepare -> input bytes -> rules.run -> output bytes -> runtime.finish -> outcome
//
// `decide` needs no words and no form as read, so a plain form takes a
// shorter way: compiled-form.js lays it out straight from its JavaScript
// values (the same bytes as runtime.prepare, driven by the runtime's table
// of the schema), and the runtime reads the decision from the output alone.
// A form that writer does not take exactly as the runtime would (an unknown
// field, a wrong answer, text that is not ASCII, ...) goes the long way, so
// its errors and warnings are the runtime reader's.
//
// Nothing here sends, logs or stores anything. The only files fetched are the
// runtime's .wasm (from beside this module, or where `options.runtime` says)
// and the rule set's .wasm (where the caller says).

import initRuntime, * as bindings from './pkg-runtime/screening_runtime.js';
import { FormError, dateText, presentOptions, wasmSource } from './common.js';
import { FormWriter } from './compiled-form.js';

let runtimeReady = null;

// The runtime's raw exports (its Wasm instance's exports, not the bindings):
// the two date functions the rule module imports come from here.
function loadRuntime(source) {
  if (!runtimeReady) {
    runtimeReady = (async () => {
      const input = await wasmSource(source ?? new URL('./pkg-runtime/screening_runtime_bg.wasm', import.meta.url), import.meta.url);
      return initRuntime({ module_or_path: input });
    })();
    runtimeReady.catch(() => {
      runtimeReady = null; // let the caller try again
    });
  }
  return runtimeReady;
}

/**
 * Thrown when a compiled rule set cannot be loaded, or fails while screening
 * a form (a trap in its code, an answer it gave that cannot be read). It has
 * a `code`, and `diagnostics` when the engine said why.
 */
export class CompiledRuleSetError extends Error {
  constructor(message, code, diagnostics = [], cause = undefined) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'CompiledRuleSetError';
    this.code = code;
    this.diagnostics = diagnostics;
  }
}

// The module's bytes from a URL (fetched from where it says, never with
// another site's cookies), a Response, or bytes.
async function moduleBytes(source) {
  let input = source;
  if (typeof input === 'string' || input instanceof URL) {
    const base = globalThis.document?.baseURI ?? import.meta.url;
    input = await wasmSource(typeof input === 'string' ? new URL(input, base) : input, base);
  }
  if (input instanceof URL) {
    const response = await fetch(input, { credentials: 'same-origin', redirect: 'error' });
    if (!response.ok) {
      throw new CompiledRuleSetError(`Could not load the compiled rule set ${input.pathname}: ${response.status} ${response.statusText}`.trim(), 'E_LOAD');
    }
    input = response;
  }
  if (typeof Response === 'function' && input instanceof Response) input = await input.arrayBuffer();
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  throw new TypeError('loadCompiledRuleSet() needs the URL of a compiled rule set (.wasm), a Response, or its bytes.');
}

// An error from the runtime's Rust side carries `code` and `diagnostics`.
function fromRuntime(err, Kind, fallback) {
  if (err && typeof err === 'object' && typeof err.code === 'string') {
    if (Kind === FormError) return new FormError(err.message, err.code, err.diagnostics ?? []);
    return new CompiledRuleSetError(err.message, err.code, err.diagnostics ?? []);
  }
  return new CompiledRuleSetError(`${fallback}: ${err && err.message ? err.message : String(err)}`, 'E_INTERNAL', [], err);
}

/**
 * Load a compiled rule set: `source` is its URL (resolved against the page),
 * a Response, or its bytes. `options.runtime` says where the runtime's .wasm
 * is (default: `pkg-runtime/screening_runtime_bg.wasm` beside this module).
 * Throws CompiledRuleSetError when it is not a compiled rule set, or one
 * compiled for another version of the engine.
 */
export async function loadCompiledRuleSet(source, options = {}) {
  const runtime = await loadRuntime(options?.runtime);
  const bytes = await moduleBytes(source);
  let inner;
  try {
    inner = new bindings.CompiledRuleSet(bytes);
  } catch (err) {
    throw fromRuntime(err, CompiledRuleSetError, 'The compiled rule set could not be read');
  }
  const imports = { screening: { add_months: runtime.screening_add_months, months_until: runtime.screening_months_until } };
  let module;
  try {
    module = await WebAssembly.compile(bytes);
  } catch (err) {
    inner.free();
    throw new CompiledRuleSetError(`The compiled rule set is not a valid WebAssembly module: ${err.message}`, 'E_LOAD', [], err);
  }
  const instance = await instantiate(module, imports);
  return new CompiledRuleSet(inner, module, imports, instance);
}

async function instantiate(module, imports) {
  try {
    return await WebAssembly.instantiate(module, imports);
  } catch (err) {
    throw new CompiledRuleSetError(`The compiled rule set could not be started: ${err.message}`, 'E_LOAD', [], err);
  }
}

// The decision by ids from the runtime's numbers (`decision`: see
// api::DecisionIds::indices) and the ids they count into (`decisionNames`,
// read once): no JSON crosses for each form.
function decisionOf(names, v) {
  let k = 0;
  const at = (ids) => {
    const id = ids[v[k++]];
    if (id === undefined) throw new Error("the runtime's decision names a level, rule, floor or action it does not have");
    return id;
  };
  const list = (ids) => {
    const out = [];
    for (let n = v[k++]; n > 0; n--) out.push(at(ids));
    return out;
  };
  const level = at(names.levels);
  const fired = list(names.rules);
  const floors = list(names.floors);
  const undecided = [];
  for (let n = v[k++]; n > 0; n--) undecided.push(at([names.rules, names.floors, names.bands][v[k++]] ?? []));
  const actions = list(names.actions);
  if (k !== v.length) throw new Error(`the runtime's decision has ${v.length - k} numbers left over`);
  return { level, fired, floors, undecided, actions };
}

/** A rule set compiled to WebAssembly, loaded by loadCompiledRuleSet. */
export class CompiledRuleSet {
  #inner;
  #info;
  #module;
  #imports;
  #instance;
  #restarting = null;
  #writer;
  #names = null;

  /** @internal Use loadCompiledRuleSet(). */
  constructor(inner, module, imports, instance) {
    this.#inner = inner;
    this.#info = inner.info();
    // null when the runtime cannot describe the schema: every form then goes through prepare.
    const table = inner.formTable();
    this.#writer = table ? new FormWriter(table) : null;
    this.#module = module;
    this.#imports = imports;
    this.#instance = instance;
    /** Compiled rule sets were checked when they were compiled: they carry no warnings. */
    this.warnings = [];
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

  /** The form the rule set reads: the same as the authoring RuleSet's schema(). */
  schema() {
    return this.#live().schema();
  }

  /**
   * Read a form's controls through a binding: the same reader and the same
   * result as the authoring RuleSet's bind(). Throws FormError when either
   * cannot be read.
   */
  bind(controls, binding, options = {}) {
    const inner = this.#live();
    try {
      return inner.bind(controls, binding ?? {}, dateText(options?.date));
    } catch (err) {
      throw fromRuntime(err, FormError, 'The controls or the binding could not be read');
    }
  }

  /**
   * Screen one form: the same arguments, outcome and FormError as the
   * authoring RuleSet's evaluate. Throws CompiledRuleSetError (code
   * `E_COMPILED_RUN`) when the compiled rule set fails on the form: never an
   * empty outcome in place of a real one.
   */
  evaluate(form, options = {}) {
    return this.#screen(form, options, (inner, output) => inner.finish(output));
  }

  /**
   * Only the decision, by ids, without the reasons or any words: `{ level,
   * fired, floors, undecided, actions }`. The outcome from `evaluate` holds
   * the same decision; this is for a form that needs only the answer.
   */
  decide(form, options = {}) {
    const inner = this.#live();
    const date = dateText(options?.date);
    // Laid out here, at the address the runtime's table gives, or by the runtime.
    const laid = this.#writer?.write(form, date);
    // The module's `decide` records no reasons: only the results are read.
    const output = laid ? this.#run(laid, this.#writer.input, 'decide') : this.#run(this.#prepare(inner, form, date), undefined, 'decide');
    return this.#finish(output, (out) => decisionOf(this.#names ??= inner.decisionNames(), inner.decision(out)));
  }

  /**
   * What a person reads, worded by the engine: the same arguments and the
   * same `Presentation` as the authoring RuleSet's present().
   */
  present(form, options = {}) {
    const wanted = presentOptions(options);
    return this.#screen(form, options, (inner, output) => inner.finishPresent(output, wanted));
  }

  #screen(form, options, finish) {
    const inner = this.#live();
    const input = this.#prepare(inner, form, dateText(options?.date));
    return this.#finish(this.#run(input), (output) => finish(inner, output));
  }

  // The runtime reads the form (with its errors and warnings) and lays it out.
  #prepare(inner, form, date) {
    try {
      return inner.prepare(form, date);
    } catch (err) {
      throw fromRuntime(err, FormError, 'The form could not be read');
    }
  }

  #finish(output, finish) {
    try {
      return finish(output);
    } catch (err) {
      // The engine words it ("The compiled rule set failed on this form: ...")
      // and its diagnostics keep the engine's code; the error's code says
      // the compiled rule set failed, as for a trap.
      const e = fromRuntime(err, CompiledRuleSetError, 'The compiled rule set failed on this form');
      if (e instanceof CompiledRuleSetError) e.code = 'E_COMPILED_RUN';
      throw e;
    }
  }

  /** Like evaluate, but the outcome as JSON text laid out as `screen eval --json` prints it. */
  evaluateToJson(form, options = {}) {
    return JSON.stringify(this.evaluate(form, options), null, 2);
  }

  /** Release the runtime's copy now (it is also released when garbage-collected). */
  free() {
    if (this.#inner) {
      this.#inner.free();
      this.#inner = null;
      this.#instance = null;
    }
  }

  // The rule module's ABI (engine/src/compiled/): `input(len)` gives where to
  // write the input; `run(len)` gives where the output is, a u32
  // little-endian length and then the bytes (`decide(len)` the same with no
  // reasons recorded: `entry`). A trap, a negative address or a length past
  // the end of memory is a failure, reported as one.
  // `expected`: the address the input was laid out for (by compiled-form.js).
  #run(input, expected = undefined, entry = 'run') {
    const instance = this.#instance;
    if (!instance) {
      throw new CompiledRuleSetError(
        'The compiled rule set is restarting after it failed on an earlier form; try again in a moment.',
        'E_COMPILED_RUN',
      );
    }
    const fail = (why, cause) => {
      // After a trap the module's memory may be half-written: give the next
      // form a fresh instance rather than trust it.
      this.#restart();
      return new CompiledRuleSetError(`The compiled rule set failed on this form: ${why}`, 'E_COMPILED_RUN', [], cause);
    };
    const { memory, input: inputAt } = instance.exports;
    const run = instance.exports[entry];
    let at;
    let out;
    try {
      at = inputAt(input.length);
      if (!(at >= 0) || at + input.length > memory.buffer.byteLength) throw fail(`it gave no room for the form (address ${at})`);
      if (expected !== undefined && at !== expected) throw fail(`it gave room for the form at ${at}, not at ${expected} as its metadata says`);
      new Uint8Array(memory.buffer, at, input.length).set(input);
      out = run(input.length);
    } catch (err) {
      if (err instanceof CompiledRuleSetError) throw err;
      throw fail(err && err.message ? err.message : String(err), err);
    }
    const size = memory.buffer.byteLength;
    if (!(out >= 0) || out + 4 > size) throw fail(`it returned ${out}, which is not an address of its answer`);
    const length = new DataView(memory.buffer).getUint32(out, true);
    if (out + 4 + length > size) throw fail(`its answer's length (${length} bytes at ${out}) runs past the end of its memory`);
    // The length and the bytes, as the runtime's finish reads them: a view,
    // not a copy, as the runtime's bindings copy them into its own memory
    // at once (and nothing runs in this module's memory before they do).
    return new Uint8Array(memory.buffer, out, 4 + length);
  }

  #restart() {
    this.#instance = null;
    try {
      // At once where the platform allows it (Node; a browser may refuse to
      // instantiate synchronously on its main thread)...
      this.#instance = new WebAssembly.Instance(this.#module, this.#imports);
      return;
    } catch {
      // ...else in the background, below; until then evaluate says so.
    }
    if (this.#restarting) return;
    this.#restarting = WebAssembly.instantiate(this.#module, this.#imports).then(
      (instance) => {
        this.#restarting = null;
        if (this.#inner) this.#instance = instance;
      },
      (err) => {
        this.#restarting = null;
        console.error(`The compiled rule set ${this.#info.name} could not be restarted: ${err.message}`);
      },
    );
  }

  #live() {
    if (!this.#inner) throw new Error('This rule set has been freed.');
    return this.#inner;
  }
}
