// Types for the screening engine's JavaScript API.
//
// Everything runs where it is called: in the page or in Node. Nothing is sent,
// logged or stored. The only file ever fetched is the engine's own .wasm.

// ---------------------------------------------------------------------------
// Loading

export interface InitOptions {
  /**
   * Where the engine's .wasm is, or the module itself. Default: the file
   * `pkg/screening_engine_bg.wasm` beside this module (read from disk in Node).
   */
  wasm?: URL | string | Response | BufferSource | WebAssembly.Module;
}

/**
 * Load the engine. Await it once before `compile`, `check` or `format`;
 * calling it again returns the same promise.
 */
export function init(options?: InitOptions): Promise<void>;

// ---------------------------------------------------------------------------
// Rule files

/** A problem in a rule file. Lines and columns count from 1; columns in characters. */
export interface Diagnostic {
  /** A stable code, such as "E101" (an undeclared name) or "W402" (a field no rule reads). */
  code: string;
  severity: 'error' | 'warning';
  /** What is wrong, in plain words. */
  message: string;
  /** How to put it right, when the engine can say. */
  help: string | null;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

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

/** Every error and warning in a rule file, without throwing. For editors. */
export function check(source: string): Diagnostic[];

/**
 * The rule file laid out the canonical way (indentation, spacing, order kept).
 * @throws {CompileError} when the file does not parse.
 */
export function format(source: string): string;

/** The limits the engine puts on its input. */
export interface Limits {
  maxSourceBytes: number;
  maxFormBytes: number;
  maxFormDepth: number;
  maxListItems: number;
  maxTextBytes: number;
}
export function limits(): Limits;

/** Today's date where the person is, as YYYY-MM-DD (the default evaluation date). */
export function today(): string;

// ---------------------------------------------------------------------------
// A compiled rule set

/** The rule set's header lines. */
export interface RuleSetInfo {
  name: string;
  version: string | null;
  owner: string | null;
  /** YYYY-MM-DD */
  effective: string | null;
  /** YYYY-MM-DD */
  review: string | null;
}

/** One field of the form that the rule set reads. */
export type SchemaField =
  | SimpleField<'yesNo' | 'number' | 'text' | 'date'>
  | ChoiceField
  | ListField;

interface FieldBase {
  /** The field's name in the form data: `date_of_birth`. */
  name: string;
  /** Its place in the form, `[]` marking list items: `children[].date_of_birth`. */
  path: string;
  /** The question as people read it: "Date of birth". */
  label: string;
}

export interface SimpleField<T extends string> extends FieldBase {
  /** yesNo: true/false. number: a number. text: a string. date: "YYYY-MM-DD". */
  type: T;
}

export interface ChoiceField extends FieldBase {
  /** oneOf: one option id (a string). severalOf: an array of option ids. */
  type: 'oneOf' | 'severalOf';
  options: { id: string; label: string }[];
}

export interface ListField extends FieldBase {
  /** An array of records, each with `fields`. */
  type: 'list';
  /** What one item is called in the rules: `child`. */
  itemName: string;
  /** ... and to people: "Child". */
  itemLabel: string;
  fields: SchemaField[];
}

/**
 * A form's answers: field name -> answer, lists as arrays of records. Leave
 * out a question that has not been answered: rules that need it stay
 * undecided rather than false.
 */
export type Form = { [field: string]: FormValue };
export type FormValue = boolean | number | string | string[] | Form[] | null;

export interface EvaluateOptions {
  /** The evaluation date, 'YYYY-MM-DD' or a Date. Default: today where the person is. */
  date?: string | Date;
}

/** Thrown by `evaluate` when the form as a whole, or the date, cannot be read. */
export class FormError extends Error {
  name: 'FormError';
  /** "F005" (too large, too deep, not JSON data), or "E_ARGUMENT" (a bad date). */
  code: string;
  diagnostics: FormProblem[];
}

/** An answer that could not be read. The rest of the form is still screened. */
export interface FormProblem {
  /** F001 wrong type, F002 not an option, F003 not a real date, F004 not a field, F005 too large. */
  code: string;
  severity: 'error' | 'warning';
  /** Where in the form: `children[0].date_of_birth` ("" for the whole form). */
  field: string;
  /** "Child 1 › Date of birth" */
  label: string;
  message: string;
}

/** One answer (or worked-out value) behind a result. */
export interface Fact {
  /** `children[0].missing_episodes[1].found_out_of_area` */
  field: string;
  /** "Child 1 › Missing episode 2 › Found out of area" */
  label: string;
  /** As a person reads it: "yes", "12", "2026-11-01", "Going missing". */
  value: string;
  /** True when worked out by a definition rather than typed in. */
  derived: boolean;
}

/**
 * The outcome of screening one form: the same structure, field for field, as
 * `screen eval --json` prints. Every part says which rule and which answers
 * produced it. The outcome is advisory.
 */
export interface Outcome {
  ruleSet: RuleSetInfo;
  /** The evaluation date, YYYY-MM-DD. */
  date: string;
  /** "This screening is advisory. It supports professional judgement and never replaces it." */
  advisory: string;
  level: {
    id: string;
    label: string;
    /** 0 for the lowest level. */
    rank: number;
    /** Ids of the rules, floors and score bands (`score.band`) that set this level. */
    setBy: string[];
    /** The highest level that undecided rules could still lead to, when higher. */
    couldRiseTo: { id: string; label: string } | null;
  };
  actions: { id: string; label: string; requestedBy: string[] }[];
  scores: {
    id: string;
    label: string;
    total: number;
    /** Lowest and highest totals once undecided rules are decided. */
    possibleMin: number;
    possibleMax: number;
    band: { id: string; label: string } | null;
    /** False when undecided rules could still move the total into another band. */
    bandDecided: boolean;
    rules: string[];
  }[];
  /** Contexts ranked by how much their fired rules weigh: the context to change first comes first. */
  contexts: { id: string; label: string; weight: number; rules: string[] }[];
  prompts: { rule: string; text: string; facts: Fact[] }[];
  /** Every rule whose condition is true, with the answers that made it so. */
  fired: {
    id: string;
    title: string;
    context: string;
    contextLabel: string;
    /** vulnerability, risk or harm */
    kind: string;
    kindLabel: string;
    rationale: string;
    source: string;
    facts: Fact[];
    /** "Rule MIS1 (Found out of area) applies because Child 1 › Found out of area is yes." */
    explanation: string;
  }[];
  /** Floors whose condition is true. */
  floors: {
    id: string;
    title: string;
    level: { id: string; label: string };
    rationale: string;
    source: string;
    facts: Fact[];
    explanation: string;
  }[];
  /** Rules and floors that read unanswered questions and could go either way. */
  undecided: {
    id: string;
    title: string;
    /** The unanswered questions that would decide it. */
    needs: { field: string; label: string }[];
    explanation: string;
  }[];
  /** Answers that could not be read (wrong type, unknown option...). */
  formErrors: FormProblem[];
  /** The whole outcome in plain English, one line a point. */
  summary: string[];
}

export interface TestReport {
  passed: number;
  failed: number;
  tests: {
    name: string;
    passed: boolean;
    /** What did not match, in plain words, with the labels a policy lead reads. */
    failures: string[];
    /** The same, as data: what each expectation wanted and what came out, by id. */
    mismatches: {
      /** "E304" when the test could not run because its form cannot be read. */
      code?: string;
      expect: 'form' | 'level' | 'action' | 'noAction' | 'fired' | 'notFired' | 'undecided' | 'score' | 'band' | 'prompt' | 'noPrompt' | 'topContext';
      expected: string | null;
      actual: string | null;
    }[];
    /** Where the test starts in the rule file: a byte offset, and its 1-based line and column. */
    offset: number;
    line: number;
    column: number;
  }[];
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
   * Screen one form: a plain object (what JSON.parse gives) or JSON text.
   * An answer that cannot be read is listed in `formErrors` and the rest is
   * still screened.
   * @throws {FormError} when the form as a whole cannot be read (not JSON data,
   *   a cycle, too large or too deep) or the date is not a real date.
   */
  evaluate(form: Form | string, options?: EvaluateOptions): Outcome;
  /** Like `evaluate`, but the outcome as JSON text, byte for byte what `screen eval --json` prints (without the final newline). */
  evaluateToJson(form: Form | string, options?: EvaluateOptions): string;
  /**
   * Run the tests written in the rule file.
   * @param files the text of form files that tests name (`form "cases/x.json"`),
   *   keyed by their path relative to the rule file.
   * @param options.date the date for tests that give none, when the rule set has no `effective` date.
   */
  runTests(files?: Record<string, string> | Map<string, string>, options?: EvaluateOptions): TestReport;
  /** Release the compiled rule set now (otherwise it is released when garbage-collected). */
  free(): void;
}
