// Types for attach(): the screening engine on an existing form.
import type { Form, FormValue, Outcome, Presentation, RuleSet } from './index.js';
import type { CompiledRuleSet } from './compiled.js';

/** Either kind of rule set attach() screens with: compiled from a rule file (compile()) or to WebAssembly (loadCompiledRuleSet()). */
export type AnyRuleSet = RuleSet | CompiledRuleSet;
import type { SortedUndecided } from './questions.js';
export { sortUndecided, schemaPath } from './questions.js';

/** How one of the rule set's fields is named in your form, when it differs. */
export type FieldMapping =
  | string
  | {
      /** The control's name. In lists, `{0}` is the outer item's position, `{1}` the next: `"child-{0}-dob"`. */
      name?: string;
      /**
       * Your form's values -> the rule set's. For a yes-or-no field map to
       * true / false ("Not known" can be left out: it counts as unanswered);
       * for a choice map to the option id; `null` for a value that means
       * "unanswered" (for any kind of field).
       */
      options?: Record<string, string | boolean | null>;
      /**
       * Keyed by a list's path (`"children"`, `"children.missing_episodes"`):
       * the name of the list's "none" control, when it is not `children[none]`
       * or `children.none`. `{0}` stands for the outer item's position.
       */
      none?: string;
      /**
       * Keyed by a list's path (`"children"`): the form is about ONE item of
       * the list, so the list's fields also go by their own names
       * (`first_name`, `date_of_birth-day`) and are read as its first item.
       * (A mapped name without `{0}` also names the first item only.)
       */
      single?: boolean;
      /**
       * Keyed by a list's path: the form starts with no item of the list, and
       * its own script adds them ("Add another"). Without it, a list the rules
       * read with no control on the form is a `list-not-on-form` problem.
       */
      startsEmpty?: boolean;
    };

/** A value for a field the form does not ask, or a function giving it at each screening. */
export type GivenAnswer = FormValue | ((context: { date: string; answers: Form }) => FormValue | undefined);

/** One thing wrong with how the form and the rule set fit together. */
export interface BindingProblem {
  /**
   * - `nothing-bound`: no field of the rule set was found on the form: nothing is screened, and the panel says so;
   * - `mapping-unknown-field`: a mapping key that is no field of the rule set (the message suggests the nearest);
   * - `mapping-on-a-list`: a list mapped to a name (map its fields instead);
   * - `mapped-name-missing`: a mapped name the form has no control for;
   * - `field-not-on-form`: a field the rules read with no control, not given and not listed in `notCollected`;
   * - `list-flat-names`: a list's fields on the form under bare names (`first_name`) and no `{ single: true }`;
   * - `value-not-an-option`: a radio, checkbox or option value that means nothing for its field;
   * - `answers-unknown-field`, `fallbacks-unknown-field`, `not-collected-unknown-field`: a key that is no field;
   * - `not-collected-but-on-form`: a field listed in `notCollected` that the form has a control for;
   * - `control-not-read`: a control of the form no field reads, not declared in `notScreened` (`control`, `label`, `names`);
   * - `list-not-on-form`: a list the rules read with no control on the form, so none of its items can be screened;
   * - `not-screened-without-reason`: a `notScreened` entry with an empty reason;
   * - `companion-not-loaded`: a companion rule set that could not be loaded or is not the one pinned (left out; the main check goes on);
   * - `item-not-read`: a list item (a child) whose only answers are ones the screening does not read;
   * - `derive-not-understood`: a mapping's `derive` that does not fit its field.
   */
  kind: string;
  /** The rule set's field path (`children.date_of_birth`), or "" for the whole form. */
  field: string;
  /** What is wrong, naming the field and the form's name. */
  message: string;
  /** For `list-flat-names` and `control-not-read`: the form's names found; for `mapped-name-missing`, the name looked for. */
  names?: string[];
  /** For `control-not-read`: the form's name with list positions as `*` (`child[*][overnight]`). */
  control?: string;
  /** For `control-not-read`: the control's question on the form. */
  label?: string;
  /** For `value-not-an-option`: the values. */
  values?: string[];
}

/** An answer given by the binding rather than read from the form. */
export interface GivenValue {
  /** `received`, or `children[0].looked_after` */
  field: string;
  value: FormValue;
  how: 'fixed' | 'fallback';
}

export interface AttachOptions {
  /**
   * Where to show the outcome: an element or a CSS selector. Default: the
   * element with the `data-screening-results` attribute. It is emptied first.
   * Not used with `render: false`.
   */
  container?: Element | string;
  /**
   * Draw the outcome in the container (with its live region). Default true.
   * With `false` nothing is drawn and no container is needed: the page draws
   * its own results from `onOutcome` (and `onError`), and may use
   * `attachment.controlFor(path)` to link answers to their controls. Give
   * `view` as well to have the engine's presentation model for that audience
   * made at each screening (`extra.presentation` in `onOutcome`).
   */
  render?: boolean;
  /**
   * Where your form's names differ from the rule set's. Keys are the rule
   * set's field paths with list names but no positions: `"narrative"`,
   * `"children.date_of_birth"`, `"children.missing_episodes.started"`.
   *
   * Without a mapping, a field is found by its own name (`received`), list
   * fields as `children[0][first_name]` or `children[0].first_name`, and a
   * date as one input (YYYY-MM-DD or DD/MM/YYYY) or a GOV.UK date input
   * (`received-day`, `received-month`, `received-year`).
   *
   * "None" is an answer, different from unanswered: a several-of question
   * with only its exclusive checkbox ticked (`data-behaviour="exclusive"`, as
   * GOV.UK's "None of these", or the value `none` when that is not one of
   * the field's options) reads as `[]`; a list with no items whose "none"
   * control is on (`children[none]` or `children.none`; nested
   * `children[0][missing_episodes][none]` or `children[0].missing_episodes.none`:
   * a ticked checkbox or radio, or a hidden input with the value `true`)
   * reads as `[]`.
   */
  mapping?: Record<string, FieldMapping>;
  /** Wait this long after the last keystroke before screening again, in ms. Default 300. */
  debounce?: number;
  /** The evaluation date ('YYYY-MM-DD', a Date, or a function giving one). Default: today. */
  date?: string | Date | (() => string | Date);
  /** The level of the results heading (2 gives <h2>, sub-headings <h3>). Default 2. */
  headingLevel?: number;
  /** The results heading. Default "Before you send this referral" (referrer view) or "Screening suggestion" (screener view). */
  title?: string;
  /**
   * Who reads the panel: the audience of the engine's presentation model
   * (`ruleSet.present(form, { audience })`) that it draws, every sentence in
   * the engine's words. `"referrer"` (the default), for whoever fills in the
   * form: no rule ids. `"screener"`, for whoever screens the referral: the
   * ids small beside the words, and the undecided rules, scores and contexts
   * too. Each part is a `<section data-section="<id>">`.
   */
  view?: 'referrer' | 'screener';
  /**
   * Show the binding's problems on the page too (a GOV.UK notification
   * banner), while building the form. They are always in
   * `attachment.problems` and in one console warning.
   */
  debug?: boolean;
  /**
   * Fields (or whole lists) of the rule set that this form does not collect:
   * `["incidents", "children.home_signs"]`. Their questions are not shown;
   * rules that need only them are reported apart ("needs information this
   * form does not collect"). A field the form has no control for is treated
   * the same way, and is also listed as a problem unless it is named here.
   */
  notCollected?: string[];
  /**
   * The form's controls that no rule reads, each with the reason it is not
   * screened, by the form's name (`*` for any position in a repeating group):
   * `{ referrer_phone: "Contact details: not a sign of risk" }`. Every other
   * control must be read by a field, or it is a `control-not-read` problem.
   */
  notScreened?: Record<string, string>;
  /**
   * The rule set this binding was written for: `{ name, version }` (version
   * optional). Any other is refused: `attach` throws, `screenForm` shows its
   * plain "not available" message and the form works as before.
   */
  ruleSet?: { name: string; version?: string };
  /**
   * Answers that are always the same on this form, by field path:
   * `{ referral_type: "individual" }`. A path inside a list
   * (`"children.looked_after"`) is set on every item the form has. They win
   * over the form. Never add hidden inputs for these.
   */
  answers?: Record<string, GivenAnswer>;
  /**
   * Answers used when the form gives none, by field path:
   * `{ received: ({ date }) => date }` (the date received is the screening
   * date unless the form says otherwise).
   */
  fallbacks?: Record<string, GivenAnswer>;
  /**
   * More rule sets screened from the same answers in the same call, such as
   * the wording checks shipped with the package (rules/language.rules). Their
   * prompts are shown to both readers; they are bound and checked like the
   * main rule set.
   */
  companions?: AnyRuleSet[];
  /**
   * @deprecated Ignored: what each audience reads, urgent actions and how
   * many questions, is the engine's presentation model's to say.
   */
  referrerPrompts?: string[];
  /** @deprecated Ignored: the engine's model marks urgent actions (`urgent`). */
  urgentActions?: string[];
  /** @deprecated Ignored: the engine's model lists every question that would help, once each. */
  questionsShown?: number;
  /**
   * Show answers that cannot be read at their field (GOV.UK error message,
   * `govuk-form-group--error`) as well as in the panel's error summary.
   * Default true when rendering. Only what attach() added is ever removed.
   */
  errorsAtFields?: boolean;
  /**
   * Off by default. When on, hidden inputs are added to the form so that its
   * own submit carries the outcome: `PREFIX-level`, `PREFIX-actions`
   * (comma-separated ids), `PREFIX-rule-set`, `PREFIX-rule-set-version`,
   * `PREFIX-date` and `PREFIX-outcome` (JSON). PREFIX defaults to "screening".
   */
  hiddenInputs?: boolean | { prefix?: string };
  /**
   * Called after each screening with the outcome, the answers read from the
   * form (with the fixed answers and fallbacks set), and `extra`: the
   * companions' outcomes, the binding's problems, the presentation model (as
   * `attachment.presentation`) and the answers the binding gave (as `attachment.given`).
   */
  onOutcome?: (
    outcome: Outcome,
    answers: Form,
    extra: { companions: Outcome[]; problems: BindingProblem[]; presentation: Presentation | null; given: GivenValue[] },
  ) => void;
  /** Called instead of `onOutcome` when the rule set could not screen the answers. */
  onError?: (error: Error, answers: Form) => void;
}

export interface Attachment {
  /** Screen now (skipping the debounce) and return the outcome, or null when the form could not be read. */
  screen(): Outcome | null;
  /** The latest outcome. */
  readonly outcome: Outcome | null;
  /** The latest outcomes: the main rule set's, then each companion's. */
  readonly outcomes: Outcome[];
  /**
   * What the view draws: the engine's presentation model for its audience
   * (the main rule set's, with the companions' prompts and unreadable answers
   * joined), every sentence the engine's. Null with `render: false`, unless
   * `view` is given too: a page drawing its own panel then gets the model for
   * that audience (here and in `onOutcome`), companions' prompts joined.
   */
  readonly presentation: Presentation | null;
  /** The answers as last read from the form (with the fixed answers and fallbacks set). */
  readonly answers: Form;
  /** The answers the binding gave at the latest screening (from `answers` and `fallbacks`). */
  readonly given: GivenValue[];
  /** What does not fit between the form and the rule set; empty when the binding is complete. */
  readonly problems: BindingProblem[];
  /** Schema paths this form does not collect: those declared, and those with no control. */
  readonly notCollected: string[];
  /**
   * The latest answers in the engine's words for another audience (a printed
   * summary: `"print"`), as `presentation` is for the view's: each rule set's
   * model of the answers it read, companions' prompts joined. Null before the
   * first screening and after `detach()`.
   */
  present(audience: 'referrer' | 'screener' | 'print'): Presentation | null;
  /** Whether the form collects a field path of an outcome (`children[0].home_signs`). */
  isCollected(fieldPath: string): boolean;
  /** Check the binding again (it is also checked when the form's controls change) and return the problems. */
  checkBinding(): BindingProblem[];
  /**
   * The form control that answers a field path of the latest outcome
   * (`"children[0].date_of_birth"`, or a whole list: `"children"`), allowing
   * for groups skipped as empty; null when the form does not ask it.
   */
  controlFor(fieldPath: string): Element | null;
  /** Stop listening, remove any hidden inputs and empty the container (if it drew into one). */
  detach(): void;
}

/**
 * Screen an existing form as the person fills it in, and show the outcome
 * (level, actions with their reasons, prompts, and the questions that would
 * help decide, each linked to its field) with GOV.UK Design System components.
 * A polite live region announces changes.
 *
 * Never submits, sends, logs or stores anything; the form's own submit is left alone.
 */
export function attach(form: HTMLFormElement, ruleset: AnyRuleSet, options?: AttachOptions): Attachment;

/** What screenForm() gives when the engine or a rule file could not be loaded. */
export interface FailedAttachment extends Omit<Attachment, 'outcome'> {
  /** Why: also in one console error, and the container says in plain words that the check is not available. */
  error: Error;
  readonly outcome: null;
}

/**
 * A rule set for screenForm(): a rule file's URL on this site, its text, a
 * rule set compiled to WebAssembly (`{ compiled }`: its URL on this site, or
 * its bytes), or a rule set already loaded.
 */
/** A companion given as `{ text }` or `{ compiled }` may pin the rule set it must be, as `AttachOptions.ruleSet`. */
type Pin = { ruleSet?: { name: string; version?: string } };
export type RuleSource = string | URL | ({ text: string } & Pin) | ({ compiled: string | URL | ArrayBuffer | ArrayBufferView | Response | CompiledRuleSet } & Pin) | AnyRuleSet;

interface ScreenFormBase extends Omit<AttachOptions, 'companions'> {
  /** Companion rule sets, the same ways: `[WORDING_RULES_URL]` for the shipped wording checks. */
  companions?: RuleSource[];
  /** Where the authoring engine's .wasm is, when not beside the package (as `init({ wasm })`). Loaded only for rule files. */
  wasm?: URL | string | Response | BufferSource | WebAssembly.Module;
  /** Where the runtime's .wasm is, when not beside the package (as `loadCompiledRuleSet(source, { runtime })`). Loaded only for compiled rule sets. */
  runtime?: URL | string | Response | BufferSource | WebAssembly.Module;
}

/** Give `rules` (a rule file: loads the authoring engine) or `compiled` (a compiled rule set: loads only the runtime). */
export type ScreenFormOptions =
  | (ScreenFormBase & {
      /** The main rule set: a URL on this site (fetched like the engine's .wasm), `{ text }`, or loaded. */
      rules: RuleSource;
      compiled?: undefined;
    })
  | (ScreenFormBase & {
      /** The main rule set compiled to WebAssembly (`screen build`): its URL on this site, its bytes, or loaded. */
      compiled: string | URL | ArrayBuffer | ArrayBufferView | Response | CompiledRuleSet;
      rules?: undefined;
    });

/**
 * Load the engine and the rule files, then attach. Never throws and never
 * leaves an empty panel: if anything cannot be loaded, the container says
 * "The screening check is not available at the moment. You can still fill in
 * and send this form as usual.", one console error gives the reason, and the
 * form is untouched.
 */
export function screenForm(form: HTMLFormElement, options: ScreenFormOptions): Promise<Attachment | FailedAttachment>;
/**
 * The form's controls as plain data for `ruleSet.bind(controls, binding)` and
 * `screen bind`: one entry per name, with its kind, its question and its value
 * or choices. No coercion, mapping or checking: the engine does those.
 */
export function collectControls(form: HTMLFormElement): import('./engine-types.js').FormControls;

/** The URL of the wording-check rule set shipped with the package (rules/language.rules). */
export const WORDING_RULES_URL: string;

export type { SortedUndecided };
