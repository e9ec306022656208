// Types for screening with a rule set compiled to WebAssembly (compiled.js):
// the small runtime for council forms, with no parser or checker in it.
import type { Binding, Bound, FormControls, CompiledDecision, Diagnostic, FormProblem, Outcome, Presentation, RuleSetInfo, SchemaField } from './engine-types.js';
import type { EvaluateOptions, Form, PresentOptions } from './index.js';

export interface LoadCompiledOptions {
  /**
   * Where the runtime's .wasm is, or the module itself. Default: the file
   * `pkg-runtime/screening_runtime_bg.wasm` beside this module (read from disk in Node).
   */
  runtime?: URL | string | Response | BufferSource | WebAssembly.Module;
}

/**
 * Load a rule set compiled to WebAssembly (`screen build RULES -o FILE.wasm`,
 * or `compileToWasm(source)`): its URL (resolved against the page; fetched
 * without another site's cookies), a Response, or its bytes.
 * @throws {CompiledRuleSetError} when it cannot be fetched (`E_LOAD`), is not a
 *   compiled rule set or was compiled for another version of the engine (the
 *   engine's code and diagnostics say which).
 */
export function loadCompiledRuleSet(source: string | URL | Response | ArrayBuffer | ArrayBufferView, options?: LoadCompiledOptions): Promise<CompiledRuleSet>;

/** A compiled rule set that cannot be loaded, or that failed while screening a form. */
export class CompiledRuleSetError extends Error {
  name: 'CompiledRuleSetError';
  /**
   * `E_LOAD` (could not be fetched or started), `E_COMPILED_RUN` (its code failed
   * on a form: a trap, or an answer out of bounds), or the engine's own code
   * when the runtime refused the module or its answer.
   */
  code: string;
  diagnostics: Diagnostic[];
}

/** A rule set compiled to WebAssembly: the same surface as RuleSet for screening. */
export class CompiledRuleSet {
  private constructor();
  readonly name: string;
  readonly version: string | null;
  /** Always empty: the rule set was checked when it was compiled. */
  readonly warnings: Diagnostic[];
  info(): RuleSetInfo;
  /** The form the rule set reads: the same as RuleSet's schema(). */
  schema(): SchemaField[];
  /**
   * Read a form's controls through a binding, checked both ways by the engine:
   * the form the rules read and every problem (the same for both builds).
   * @throws {FormError} when the controls or the binding cannot be read.
   */
  bind(controls: FormControls, binding?: Binding, options?: { date?: string | Date }): Bound;
  /**
   * Screen one form: the same outcome, byte for byte, as RuleSet's evaluate.
   * @throws {FormError} when the form as a whole, or the date, cannot be read.
   * @throws {CompiledRuleSetError} (`E_COMPILED_RUN`) when the compiled rule set fails on the form.
   */
  evaluate(form: Form | string, options?: EvaluateOptions): Outcome;
  /**
   * Only the decision, by ids, with no reasons or words (cheaper than
   * `evaluate`, whose outcome holds the same decision).
   */
  decide(form: Form | string, options?: EvaluateOptions): CompiledDecision;
  /** Like `evaluate`, but the outcome as JSON text, as `screen eval --json` prints it (without the final newline). */
  evaluateToJson(form: Form | string, options?: EvaluateOptions): string;
  /** What a person reads: the same `Presentation`, byte for byte, as RuleSet's present(). */
  present(form: Form | string, options?: PresentOptions): Presentation;
  /** Release it now (otherwise it is released when garbage-collected). */
  free(): void;
}

export type { CompiledDecision, FormProblem };
