// Types for the screening engine's JavaScript API.
//
// Everything runs where it is called: in the page or in Node. Nothing is sent,
// logged or stored. The only files ever fetched are the engine's own .wasm
// files: the authoring engine at init(), and the tools (coverage, diffRuleSets,
// signoffDocument, format, compileToWasm) on the first call of one of them,
// which is why those return promises.

// The data the engine returns (Outcome, Diagnostic, FormProblem, TestReport,
// RuleSetInfo...) is typed in engine-types.d.ts, generated from the engine's
// Rust types, so these types cannot drift from what the engine sends.
import type { Binding, Bound, FormControls, Audience, Coverage, Diagnostic, FormProblem, Impact, Limits, Outcome, Presentation, RuleSetInfo, SchemaField, SetAsideTest, TestForm, TestReport } from './engine-types.js';
export type {
  SchemaField, SchemaKind, SchemaOption, Limits, TestForm, CompiledDecision,
  ActionResult, BandResult, Code, ContextResult, Diagnostic, Fact, FiredFloor, FiredRule, FormProblem, LevelRef,
  LevelResult, Mismatch, Need, Outcome, PromptResult, RuleSetInfo, ScoreResult, Severity, TestReport, TestResult,
  UndecidedRule, Question, ActionRef, Impact, CaseImpact, SetAsideTest, Snapshot, PromptLine, Change, NewOption, NewQuestion, Waiting, BandLine,
  Coverage, RuleCoverage, ConditionCoverage, BoundaryCoverage, QuestionCoverage, BandCoverage, OptionCoverage, Headline, Screened, ChildScreened, ContextScreened, Presentation, Audience,
  Counts, Section, Item,
} from './engine-types.js';

// Rule sets compiled to WebAssembly, screened by the small runtime (compiled.js).
export { loadCompiledRuleSet, CompiledRuleSet, CompiledRuleSetError } from './compiled.js';
export type { LoadCompiledOptions } from './compiled.js';

// ---------------------------------------------------------------------------
// Loading

export interface InitOptions {
  /**
   * Where the engine's .wasm is, or the module itself. Default: the file
   * `pkg/screening_engine_bg.wasm` beside this module (read from disk in Node).
   */
  wasm?: URL | string | Response | BufferSource | WebAssembly.Module;
  /**
   * Where the tools' .wasm is (loaded on first use of coverage, diffRuleSets,
   * signoffDocument, format or compileToWasm), or the module itself. Default:
   * the file `pkg-tools/screening_tools_bg.wasm` beside this module.
   */
  toolsWasm?: URL | string | Response | BufferSource | WebAssembly.Module;
}

/**
 * Load the engine. Await it once before `compile`, `check` or any other call;
 * calling it again returns the same promise.
 */
export function init(options?: InitOptions): Promise<void>;

// ---------------------------------------------------------------------------
// Rule files

/** Thrown by `compile` and `format` when the rule file has errors. */
export class CompileError extends Error {
  name: 'CompileError';
  /** Every error and warning in the file, in the order they appear. */
  diagnostics: Diagnostic[];
}

/**
 * Compile a rule file. Compile once, then evaluate as many forms as you like.
 * @throws {CompileError} listing every diagnostic when the file has errors.
 */
export function compile(source: string): RuleSet;

/**
 * Compile a rule file to its own WebAssembly module (what `screen build`
 * writes): the bytes of a .wasm file for `loadCompiledRuleSet`, which screens
 * with it without the parser and checker. Loads the tools on first use.
 * Rejects with CompileError, listing every diagnostic, when the file has errors.
 */
export function compileToWasm(source: string): Promise<Uint8Array>;

/** Every error and warning in a rule file, without throwing. For editors. */
export function check(source: string): Diagnostic[];

/**
 * The rule editor's compiler: `update(text)` on every change gives every
 * error and warning and, when the file compiles, the rule set, in one call.
 * It keeps the last text's blocks parsed, so a keystroke re-parses only the
 * block it changed; the results are exactly a fresh compile's.
 */
export class RuleEditor {
  constructor();
  /** `ruleSet` is null when the file has errors. Never throws for a bad file. */
  update(source: string): { diagnostics: Diagnostic[]; ruleSet: RuleSet | null };
  /** Release the blocks it keeps now. */
  free(): void;
}

/** A number as written in a block, with its place (columns count characters). */
export interface NumberLiteral {
  text: string;
  value: number;
  start: number;
  end: number;
  line: number;
  column: number;
  endColumn: number;
}

/** One top-level block of a rule file. */
export interface OutlineBlock {
  kind: 'header' | 'levels' | 'actions' | 'form' | 'define' | 'score' | 'rule' | 'floor' | 'policy' | 'test' | 'unknown';
  /** The rule's, floor's, score's or definition's id. */
  id: string | null;
  /** The title, label or test name. */
  title: string | null;
  /** False for a block with a syntax error: it has its kind and span only. */
  parsed: boolean;
  /** Byte offsets in the file (UTF-8), from its first word to the end of its `end`. */
  start: number;
  end: number;
  /** 1-based first and last lines. */
  line: number;
  endLine: number;
  numbers: NumberLiteral[];
}

/** The file's blocks and the numbers in them; never throws for a bad file. For editors. */
export function outline(source: string): OutlineBlock[];

/**
 * The rule file laid out the canonical way (indentation, spacing, order kept).
 * Loads the tools on first use. Rejects with CompileError when the file does not parse.
 */
export function format(source: string): Promise<string>;

/** The limits the engine puts on its input. */
export function limits(): Limits;

/** Today's date where the person is, as YYYY-MM-DD (the default evaluation date). */
export function today(): string;

// ---------------------------------------------------------------------------
// A compiled rule set

// One field of the form that the rule set reads: SchemaField (generated, in
// engine-types.d.ts) narrows on `type`. Its cases, by name:
export type SimpleField<T extends 'yesNo' | 'number' | 'text' | 'date' = 'yesNo' | 'number' | 'text' | 'date'> = Extract<SchemaField, { type: T }>;
export type ChoiceField = Extract<SchemaField, { type: 'oneOf' | 'severalOf' }>;
export type ListField = Extract<SchemaField, { type: 'list' }>;

/**
 * A form's answers: field name -> answer, lists as arrays of records. Leave
 * out a question that has not been answered: rules that need it stay
 * undecided rather than false.
 */
export type Form = { [field: string]: FormValue };
export type FormValue = boolean | number | string | string[] | PartlyAsked | Form[] | null;

/**
 * A several-of answer from a form that showed only some of the field's
 * options: those asked and, of them, those ticked. An option not asked stays
 * unknown, so "None of these" (`ticked: []`) says "no" to the asked ones only.
 */
export interface PartlyAsked {
  asked: string[];
  ticked: string[];
}

export interface EvaluateOptions {
  /** The evaluation date, 'YYYY-MM-DD' or a Date. Default: today where the person is. */
  date?: string | Date;
}

/** `present()`'s options: who reads it, the form's own labels, and the date. */
export interface PresentOptions extends EvaluateOptions {
  /** Default "referrer": no rule or action ids; "screener" and "print" carry them in `code`. */
  audience?: Audience;
  /**
   * A field path with list indices left out ("children.has_partner") to the
   * label of the form's control, so questions read in the form's own words.
   */
  labels?: { [fieldPath: string]: string };
}

/** Thrown by `evaluate` when the form as a whole, or the date, cannot be read. */
export class FormError extends Error {
  name: 'FormError';
  /** "F005" (too large, too deep, not JSON data), or "E_ARGUMENT" (a bad date). */
  code: string;
  diagnostics: FormProblem[];
}

export class RuleSet {
  private constructor();
  /** The rule set's name, from its `rule set "..."` line. */
  readonly name: string;
  /** Its version, or null. */
  readonly version: string | null;
  /** Warnings found while compiling (a file with errors does not compile). */
  readonly warnings: Diagnostic[];
  /** The header: name, version, owner, effective and review dates. */
  info(): RuleSetInfo;
  /** The form the rule set reads. */
  schema(): SchemaField[];
  /**
   * Read a form's controls through a binding, checked both ways by the engine:
   * the form the rules read and every problem (the same for both builds).
   * @throws {FormError} when the controls or the binding cannot be read.
   */
  bind(controls: FormControls, binding?: Binding, options?: { date?: string | Date }): Bound;
  /**
   * Screen one form: a plain object (what JSON.parse gives) or JSON text.
   * An answer that cannot be read is listed in `formErrors` and the rest is
   * still screened.
   * @throws {FormError} when the form as a whole cannot be read (not JSON data,
   *   a cycle, too large or too deep) or the date is not a real date.
   */
  evaluate(form: Form | string, options?: EvaluateOptions): Outcome;
  /**
   * A `test` block named `name` recording `form` and what the rules give for it
   * now (level, actions, the rules and floors that apply), in the formatter's
   * layout: what `screen eval --as-test NAME` prints. The expectations are
   * today's result: check each says what should happen.
   */
  testBlock(name: string, form: Form | string, options?: EvaluateOptions): string;
  /** Like `evaluate`, but the outcome as JSON text, byte for byte what `screen eval --json` prints (without the final newline). */
  evaluateToJson(form: Form | string, options?: EvaluateOptions): string;
  /**
   * Screen one form and return what a person reads, every sentence worded by
   * the engine: the headline, then sections (screened, reasons, actions,
   * prompts, questions, ...) for one audience. Views render it and word nothing.
   */
  present(form: Form | string, options?: PresentOptions): Presentation;
  /**
   * Run the tests written in the rule file.
   * @param files the text of form files that tests name (`form "cases/x.json"`),
   *   keyed by their path relative to the rule file.
   * @param options.date the date for tests that give none, when the rule set has no `effective` date.
   */
  runTests(files?: Record<string, string> | Map<string, string>, options?: EvaluateOptions): TestReport;
  /**
   * What the file's own tests exercise (`screen test --coverage`): rules and
   * floors seen applying and not, each condition inside them and inside the
   * shared definitions seen true and false (with its line, words and, for
   * `at least`, `more than` or `within`, its boundary), yes or no questions
   * answered yes, bands reached, options ticked. Arguments as for `runTests`.
   */
  coverage(files?: Record<string, string> | Map<string, string>, options?: EvaluateOptions): Promise<Coverage>;
  /**
   * The forms of the rule file's own tests, to screen them elsewhere: `form`
   * is the JSON text of a form written in the test, or `file` the path of the
   * form file it names (relative to the rule file); `date` is the date it is
   * screened on.
   */
  testForms(options?: EvaluateOptions): TestForm[];
  /** Release the compiled rule set now (otherwise it is released when garbage-collected). */
  free(): void;
}

// ---------------------------------------------------------------------------
// Reviewing a change: impact and sign-off

export interface ReviewOptions {
  /**
   * Forms to screen besides the tests' own, by name (`screen diff`'s FORM
   * arguments), or a list of them, each with its own date ('YYYY-MM-DD';
   * without one, `date` below).
   */
  forms?: Record<string, Form | string> | Map<string, Form | string> | Array<{ name: string; form: Form | string; date?: string }>;
  /** The text of form files that tests name, keyed by their path relative to the rule file. */
  files?: Record<string, string> | Map<string, string>;
  /** The date for the forms given and for tests that give none ('YYYY-MM-DD' or a Date; default today). */
  date?: string | Date;
}

/** A CompileError from `diffRuleSets` or `signoffDocument` says which file has the errors. */
export interface ReviewCompileError extends CompileError {
  which: 'old' | 'new';
}

/**
 * The impact of a change (`screen diff`): every case screened under both
 * versions, and each one whose outcome changed, with the rules behind each change.
 * Loads the tools on first use. Rejects with a CompileError with `which` when
 * either file has errors.
 */
export function diffRuleSets(oldSource: string, newSource: string, options?: DiffOptions): Promise<Impact>;

export interface DiffOptions extends ReviewOptions {
  /**
   * Compare a new file whose only errors are in tests (a test names a rule or
   * floor the change took out) without those tests, listed in
   * `testsSetAside`, instead of refusing it. Default false.
   */
  setAsideBrokenTests?: boolean;
  /** List every form given in `listed`, in order, changed or not (a row each, as a training page shows its cases). Default false. */
  listGiven?: boolean;
  /** Compare only the forms given, not the tests' forms too (what the old rules give together is then known from them alone). Default false. */
  givenOnly?: boolean;
}

/**
 * When the file's only errors are in its tests: the text with those tests'
 * lines left blank (it compiles; line numbers are unchanged) and each test
 * with its problems. Null when the file compiles or an error lies outside its tests.
 */
export function setAsideBrokenTests(source: string): { text: string; tests: SetAsideTest[] } | null;

/**
 * The sign-off document (`screen doc`) as HTML text. `since` is the signed-off
 * version's text, to show what was added, removed and changed. Loads the
 * tools on first use.
 */
export function signoffDocument(source: string, options?: Omit<ReviewOptions, 'forms'> & { since?: string }): Promise<string>;
