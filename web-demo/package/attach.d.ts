// Types for attach(): the screening engine on an existing form.
import type { Form, Outcome, RuleSet } from './index.js';

/** How one of the rule set's fields is named in your form, when it differs. */
export type FieldMapping =
  | string
  | {
      /** The control's name. In lists, `{0}` is the outer item's position, `{1}` the next: `"child-{0}-dob"`. */
      name?: string;
      /**
       * Your form's values -> the rule set's. For a yes-or-no field map to
       * true / false ("Not known" can be left out: it counts as unanswered);
       * for a choice map to the option id.
       */
      options?: Record<string, string | boolean>;
      /**
       * Keyed by a list's path (`"children"`, `"children.missing_episodes"`):
       * the name of the list's "none" control, when it is not `children[none]`
       * or `children.none`. `{0}` stands for the outer item's position.
       */
      none?: string;
    };

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
   * `attachment.controlFor(path)` to link answers to their controls.
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
  /** The results heading. Default "Screening suggestion". */
  title?: string;
  /**
   * Off by default. When on, hidden inputs are added to the form so that its
   * own submit carries the outcome: `PREFIX-level`, `PREFIX-actions`
   * (comma-separated ids), `PREFIX-rule-set`, `PREFIX-rule-set-version`,
   * `PREFIX-date` and `PREFIX-outcome` (JSON). PREFIX defaults to "screening".
   */
  hiddenInputs?: boolean | { prefix?: string };
  /** Called after each screening with the outcome and the answers read from the form. */
  onOutcome?: (outcome: Outcome, answers: Form) => void;
  /** Called instead of `onOutcome` when the rule set could not screen the answers. */
  onError?: (error: Error, answers: Form) => void;
}

export interface Attachment {
  /** Screen now (skipping the debounce) and return the outcome, or null when the form could not be read. */
  screen(): Outcome | null;
  /** The latest outcome. */
  readonly outcome: Outcome | null;
  /** The answers as last read from the form. */
  readonly answers: Form;
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
export function attach(form: HTMLFormElement, ruleset: RuleSet, options?: AttachOptions): Attachment;
