// Types for sortUndecided(): an outcome's undecided rules, sorted by what a
// form can ask. Data only: the words a person reads are the engine's
// presentation model's (ruleSet.present()).
import type { Outcome } from './index.js';

/** A question this form asks that would help decide, with the rules it bears on. */
export interface AskableQuestion {
  /** The outcome's field path: `children[0].date_of_birth`. */
  field: string;
  /** The engine's label: "Child 1 › Date of birth". */
  label: string;
  rules: { id: string; title: string }[];
  /** From the engine's ranking (outcome.questions): the highest level answering it could lead to. */
  couldRaiseTo?: { id: string; label: string } | null;
  /** Actions answering it could add. */
  couldAdd?: { id: string; label: string }[];
}

export interface SortedUndecided {
  /** Questions this form asks that would help decide, once each, in the engine's ranked order (those that could raise the level first). */
  questions: AskableQuestion[];
  /** Undecided rules that a question on this form bears on; `alsoNeeds` lists what else they need that the form does not collect. */
  askable: { id: string; title: string; needs: { field: string; label: string }[]; alsoNeeds: { field: string; label: string }[]; explanation: string }[];
  /** Undecided rules (and floors) that depend only on information this form does not collect. */
  notCollected: { id: string; title: string; needs: { field: string; label: string }[] }[];
  /**
   * The outcome's "could rise to", with what could still lead there: questions on
   * this form, information the form does not collect, or both. Null when the
   * level cannot rise.
   */
  couldRiseTo: { id: string; label: string; dependsOn: 'this-form' | 'not-collected' | 'both' } | null;
}

/**
 * Split an outcome's undecided rules into those the form's own questions could
 * settle and those that need information the form does not collect.
 * @param collected a function telling whether the form collects a field path of
 *   the outcome, or the schema paths the form does NOT collect
 *   (`["incidents", "children.missing_episodes"]`; a list covers its fields).
 */
export function sortUndecided(outcome: Outcome, collected: ((fieldPath: string) => boolean) | string[]): SortedUndecided;

/** `children[0].missing_episodes[1].started` -> `children.missing_episodes.started` */
export function schemaPath(fieldPath: string): string;

/** Whether a schema path is one of `listed` or inside a list that is. */
export function coveredBy(path: string, listed: string[]): boolean;
