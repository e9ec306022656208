// Generated from the engine's Rust types by engine/src/typescript.rs: do not edit.
// UPDATE_TYPES=1 cargo test -p screening-engine --lib typescript writes it afresh.

/**
 * A diagnostic code; rules/README.md explains each.
 */
export type Code = "E001" | "E002" | "E003" | "E004" | "E005" | "E006" | "E007" | "E008" | "E101" | "E102" | "E103" | "E104" | "E105" | "E106" | "E107" | "E108" | "E109" | "E110" | "E111" | "E201" | "E202" | "E203" | "E204" | "E301" | "E302" | "E303" | "E304" | "E305" | "E306" | "E307" | "W401" | "W402" | "W403" | "W404" | "W405" | "W406" | "F001" | "F002" | "F003" | "F004" | "F005" | "E_ARGUMENT" | "E_INTERNAL" | "COMPILE" | "FORMAT";

export type Severity = "error" | "warning";

/**
 * A diagnostic about the rule file: what `check()` returns and what a
 * compile error's `diagnostics` hold. (`Diagnostic` serialises itself by
 * where it points; these two mirror its two shapes, and a test below keeps
 * them in step with it.)
 */
export type Diagnostic = { code: Code, severity: Severity, message: string, help: string | null, 
/**
 * 1-based; columns count characters.
 */
line: number, column: number, endLine: number, endColumn: number, };

/**
 * An answer that could not be read: an outcome's `formErrors`, and a form
 * error's `diagnostics`.
 */
export type FormProblem = { code: Code, severity: Severity, 
/**
 * Where in the form: `children[0].date_of_birth` (empty for the form as a whole).
 */
field: string, label: string, message: string, help?: string, };

/**
 * The rule set's header: name, version, owner and dates.
 */
export type RuleSetInfo = { name: string, version: string | null, owner: string | null, effective: string | null, review: string | null, };

/**
 * One field of the form, as the browser binds it to a control.
 */
export type SchemaField = { name: string, 
/**
 * Dotted path from the top of the form, with `[]` for list items: `children[].date_of_birth`.
 */
path: string, label: string, 
/**
 * Read by some rule or definition: a form that embeds the rules needs a
 * control for it (or must say it does not collect it).
 */
screened: boolean, } & ({ "type": "yesNo" } | { "type": "number" } | { "type": "text" } | { "type": "date" } | { "type": "oneOf", options: Array<SchemaOption>, } | { "type": "severalOf", options: Array<SchemaOption>, } | { "type": "list", itemName: string, itemLabel: string, fields: Array<SchemaField>, });

/**
 * A field's `type`, with what only that type has: TypeScript narrows on it
 * (`field.type === 'list'` gives `fields`).
 */
export type SchemaKind = { "type": "yesNo" } | { "type": "number" } | { "type": "text" } | { "type": "date" } | { "type": "oneOf", options: Array<SchemaOption>, } | { "type": "severalOf", options: Array<SchemaOption>, } | { "type": "list", itemName: string, itemLabel: string, fields: Array<SchemaField>, };

export type SchemaOption = { id: string, label: string, };

/**
 * The form of one of the rule file's own tests, to screen it elsewhere (the
 * differential test compares the interpreter with a compiled rule set on
 * them): `form` is the JSON text of a form written in the test, or `file`
 * the path of the form file it names (relative to the rule file); `date` is
 * the test's date, else the rule set's effective date, else the day given.
 */
export type TestForm = { name: string, date: string, form: string | null, file: string | null, };

/**
 * The decision alone, by ids from the rule file, with no words: what
 * `CompiledRuleSet.decide()` returns (cheaper than a whole `Outcome`).
 */
export type CompiledDecision = { 
/**
 * The suggested level.
 */
level: string, 
/**
 * The rules that apply, in the order of the rule file.
 */
fired: Array<string>, 
/**
 * The floors that apply.
 */
floors: Array<string>, 
/**
 * Rules and floors that could still go either way.
 */
undecided: Array<string>, 
/**
 * The actions suggested, in the order of the actions list.
 */
actions: Array<string>, };

/**
 * The limits on input that callers may explain to people, as `limits()`
 * hands them to JavaScript.
 */
export type Limits = { maxSourceBytes: number, maxFormBytes: number, maxFormDepth: number, maxListItems: number, maxTextBytes: number, };

export type Outcome = { ruleSet: RuleSetInfo, 
/**
 * The strongest finding across the children and the contexts, in words:
 * what a person reads first.
 */
headline: Headline, 
/**
 * Which children and contexts were screened, and from how many answers.
 */
screened: Screened, 
/**
 * The evaluation date, YYYY-MM-DD.
 */
date: string, advisory: string, level: LevelResult, actions: Array<ActionResult>, scores: Array<ScoreResult>, 
/**
 * Contexts ranked by how much their fired rules weigh (context weighting).
 */
contexts: Array<ContextResult>, prompts: Array<PromptResult>, 
/**
 * Every rule whose condition is true, with the answers that made it so.
 */
fired: Array<FiredRule>, 
/**
 * Floors whose condition is true.
 */
floors: Array<FiredFloor>, 
/**
 * Rules and floors that read unanswered questions and could go either way.
 */
undecided: Array<UndecidedRule>, 
/**
 * The unanswered questions, those that could change the most first: any
 * that could raise the level, then any that could add an action.
 */
questions: Array<Question>, 
/**
 * Answers that could not be read (wrong type, unknown option...).
 */
formErrors: Array<FormProblem>, 
/**
 * The whole outcome in plain English, one line a point.
 */
summary: Array<string>, };

/**
 * What a person reads first. `tone` says how a view marks it.
 */
export type Headline = { 
/**
 * "not_screened" (nothing the rules read was answered, or nothing about a
 * child or context), "none" (screened, nothing raised), "raised", or
 * "urgent" (the top of the levels, or of the context's bands).
 */
tone: "not_screened" | "none" | "raised" | "urgent", 
/**
 * "Not screened yet", a level's label, or the context's band label.
 */
title: string, 
/**
 * What sits beneath it: "No child named yet", each child's result, the context's result.
 */
lines: Array<string>, };

export type Screened = { 
/**
 * Each child on the form, in order: the items of the list whose items are
 * called `child`, or the form itself when it has no such list.
 */
children: Array<ChildScreened>, 
/**
 * Each context the form describes (a peer group, a place, a school, an online space).
 */
contexts: Array<ContextScreened>, 
/**
 * Every answer the rules read, anywhere on the form.
 */
answers: number, };

export type ChildScreened = { 
/**
 * Where the child sits in the form: `children[1]`, or "" for a form about one child.
 */
field: string, 
/**
 * "Child 2, Mia, 9": numbered, with the first name and the age when given.
 */
name: string, 
/**
 * "screened", or "not_screened" when none of the child's answers is one the rules read.
 */
status: "screened" | "not_screened", 
/**
 * How many of the child's answers the rules read.
 */
answers: number, 
/**
 * The highest level a rule or floor set from this child's answers (the
 * lowest level when none did). Left out when the child was not screened.
 */
level?: LevelRef, };

export type ContextScreened = { 
/**
 * The rule language's context: "peer_group", "school", "neighbourhood", "online".
 */
id: string, label: string, 
/**
 * "screened", or "not_screened" when none of its answers was given.
 */
status: "screened" | "not_screened", answers: number, };

export type Presentation = { audience: Audience, headline: Headline, sections: Array<Section>, counts: Counts, advisory: string, };

export type Audience = "referrer" | "screener" | "print";

export type Counts = { 
/**
 * How many questions would help decide: the one count every view shows.
 */
questions: number, };

export type Section = { 
/**
 * Stable: "screened", "reasons", "actions", "prompts", "questions",
 * "undecided", "scores", "contexts", "form_problems".
 */
id: "screened" | "reasons" | "actions" | "prompts" | "questions" | "undecided" | "scores" | "contexts" | "form_problems", heading: string, intro?: string, items: Array<Item>, more?: string, };

export type Item = { text: string, 
/**
 * A rule, floor or action id, shown small: screener and print only.
 */
code?: string, detail?: Array<string>, 
/**
 * The form path of the answer, so a view can link to its control.
 */
field?: string, 
/**
 * The child it is about: "Child 2, Mia, 9".
 */
about?: string, urgent?: boolean, };

export type LevelResult = { id: string, label: string, 
/**
 * 0 for the lowest level.
 */
rank: number, 
/**
 * Ids of the rules, floors and bands (`score.band`) that set this level.
 */
setBy: Array<string>, 
/**
 * The highest level that undecided rules could still lead to, when higher.
 */
couldRiseTo: LevelRef | null, };

export type LevelRef = { id: string, label: string, };

export type ActionResult = { id: string, label: string, 
/**
 * Ids of the rules, floors and bands (`score.band`) that asked for it; empty
 * when only the level requires it.
 */
requestedBy: Array<string>, 
/**
 * The suggested level, when it requires this action (`requires` in the
 * levels block); the level's `setBy` says what set it. Left out otherwise.
 */
requiredByLevel?: LevelRef, };

export type ScoreResult = { id: string, label: string, total: number, 
/**
 * Lowest and highest totals once undecided rules are decided.
 */
possibleMin: number, possibleMax: number, 
/**
 * The band of the total; null when no band covers it.
 */
band: BandResult | null, 
/**
 * False when undecided rules could still move the total into another band.
 */
bandDecided: boolean, rules: Array<string>, };

export type BandResult = { id: string, label: string, };

export type ContextResult = { id: string, label: string, weight: number, rules: Array<string>, };

export type PromptResult = { rule: string, text: string, 
/**
 * The answers that led to it (for wording prompts: the phrase found).
 */
facts: Array<Fact>, };

export type FiredRule = { id: string, title: string, context: string, contextLabel: string, kind: string, kindLabel: string, rationale: string, source: string, facts: Array<Fact>, 
/**
 * "Rule MIS1 (Found out of area) applies because Child 1 › Found out of area is yes."
 */
explanation: string, };

export type FiredFloor = { id: string, title: string, level: LevelRef, rationale: string, source: string, facts: Array<Fact>, explanation: string, };

/**
 * One answer (or worked-out value) behind a result.
 */
export type Fact = { 
/**
 * Where the answer sits in the form: `children[0].missing_episodes[1].found_out_of_area`.
 * For a worked-out value (a definition) it is the record's path plus the definition's name.
 */
field: string, 
/**
 * "Child 1 › Missing episode 2 › Found out of area"
 */
label: string, 
/**
 * The answer as a person reads it: "yes", "12", "2026-11-01", "Going missing".
 */
value: string, 
/**
 * True when this is worked out by a definition, not typed in.
 */
derived: boolean, };

export type UndecidedRule = { id: string, title: string, 
/**
 * The unanswered questions that would decide it.
 */
needs: Array<Need>, explanation: string, };

export type Need = { field: string, label: string, };

/**
 * An unanswered question and what answering it could change.
 */
export type Question = { field: string, label: string, 
/**
 * The highest level it could lead to, when above the level now.
 */
couldRaiseTo: LevelRef | null, 
/**
 * Actions it could add that are not suggested yet.
 */
couldAdd: Array<ActionRef>, 
/**
 * The undecided rules and floors that need it.
 */
rules: Array<string>, 
/**
 * "could raise the level to Child protection and add: Hold a strategy discussion."
 */
effect: string, 
/**
 * The question and its effect in one sentence: "Answering \"Child 1 › Going missing\" could raise ..."
 */
text: string, };

export type ActionRef = { id: string, label: string, };

export type TestReport = { passed: number, failed: number, tests: Array<TestResult>, };

export type TestResult = { name: string, passed: boolean, 
/**
 * What did not match, in plain words.
 */
failures: Array<string>, 
/**
 * The same, as data: what was expected and what came out, by id.
 */
mismatches: Array<Mismatch>, 
/**
 * Where the test starts in the rule file: byte offset, 1-based line and column.
 */
offset: number, line: number, column: number, };

/**
 * A test set aside because it names what an edit took out (a rule or floor
 * no longer in the file): the rules are still screened and compared without
 * it, and it is listed, never hidden.
 */
export type SetAsideTest = { 
/**
 * The test's name (or "the test on line N" when it has none).
 */
name: string, 
/**
 * The 1-based line the test starts on.
 */
line: number, 
/**
 * Its problems, each as "Line N: message".
 */
problems: Array<string>, };

/**
 * One expectation that did not hold, by id. `expected` and `actual` are ids
 * (a level, action, rule, band, context), a number for a score total, or the
 * words looked for in a prompt; null where there is nothing to name.
 */
export type Mismatch = { 
/**
 * Set when the test could not run at all: `E304`, its form cannot be read.
 */
code?: Code, 
/**
 * `form`, `level`, `action`, `noAction`, `fired`, `notFired`, `undecided`,
 * `score`, `band`, `prompt`, `noPrompt` or `topContext`.
 */
expect: "form" | "level" | "action" | "noAction" | "fired" | "notFired" | "undecided" | "score" | "band" | "prompt" | "noPrompt" | "topContext", expected: string | null, actual: string | null, };

export type Impact = { old: RuleSetInfo, new: RuleSetInfo, 
/**
 * How many cases were screened under both files.
 */
cases: number, unchanged: number, 
/**
 * Every case whose outcome changed, in the order the cases were given.
 */
changed: Array<CaseImpact>, 
/**
 * Cases that could not be screened (a form file missing, a form that is not JSON), in words.
 */
problems: Array<string>, 
/**
 * Files given that are not referrals for these rule sets (another rule set's
 * forms, an index), each with why: left out of the comparison, and said so.
 */
skipped: Array<string>, 
/**
 * Options the new form has that the old did not, with what reads them.
 */
newOptions: Array<NewOption>, 
/**
 * Questions the new form has that the old did not: how many cases now
 * wait for each only because their form predates it, and what reads it.
 */
newQuestions: Array<NewQuestion>, 
/**
 * Every case asked to be listed (`Case::listed`: the training cases a
 * page shows a row each), in the order given, changed or not; a case
 * that did not change has no changes and the same outcome both sides.
 */
listed: Array<CaseImpact>, 
/**
 * Tests of the new file set aside because they name what the change took
 * out (`api::DiffOptions::set_aside_broken_tests`): the rules are compared
 * without them, and each is listed here with its problems.
 */
testsSetAside: Array<SetAsideTest>, 
/**
 * One line: how many cases changed, and how.
 */
summary: string, };

export type CaseImpact = { name: string, origin: string, 
/**
 * The screening date, YYYY-MM-DD.
 */
date: string, before: Snapshot, after: Snapshot, changes: Array<Change>, };

/**
 * The parts of an outcome that a change can move.
 */
export type Snapshot = { level: string, levelLabel: string, setBy: Array<string>, actions: Array<ActionResult>, topContext: ContextResult | null, 
/**
 * The next context's weight, to see how close the top one is to changing.
 */
runnerUp: ContextResult | null, prompts: Array<PromptLine>, 
/**
 * Ids of the rules and floors that are undecided.
 */
undecided: Array<string>, 
/**
 * Each undecided rule or floor with the questions it waits for.
 */
waiting: Array<Waiting>, 
/**
 * Each score's band (none when no band is reached).
 */
bands: Array<BandLine>, 
/**
 * Ids of the rules and floors that apply.
 */
fired: Array<string>, 
/**
 * Answers that could not be read, in words (the same under both files unless the form changed).
 */
formProblems: Array<string>, };

export type PromptLine = { rule: string, text: string, };

/**
 * One thing that changed, with the rules that made it.
 */
export type Change = { 
/**
 * `level`, `applies` (a rule or floor that newly applies), `stopsApplying`,
 * `band`, `actionAdded`, `actionRemoved`, `topContext`, `topContextClose`,
 * `promptAdded`, `promptRemoved`, `undecidedAdded`, `undecidedRemoved`,
 * `waitsForNewQuestion` (undecided only because the form predates a new
 * question), or `actionsNeverTogether` (two actions the old rules never
 * suggest together on any one-subject case compared: `before` is the
 * first action's id, `after` the second's).
 */
kind: "level" | "applies" | "stopsApplying" | "band" | "actionAdded" | "actionRemoved" | "topContext" | "topContextClose" | "promptAdded" | "promptRemoved" | "undecidedAdded" | "undecidedRemoved" | "waitsForNewQuestion" | "actionsNeverTogether", before: string | null, after: string | null, 
/**
 * Ids of the rules, floors and bands behind the change.
 */
rules: Array<string>, 
/**
 * The change in a sentence.
 */
words: string, };

/**
 * An undecided rule or floor and the unanswered questions that would decide it.
 */
export type Waiting = { rule: string, questions: Array<Need>, };

/**
 * A score and the band it is in.
 */
export type BandLine = { score: string, scoreLabel: string, band: string | null, bandLabel: string | null, 
/**
 * The score's total: a band at nothing on both sides (a referral about
 * one child has no context points) is one a reader can pass over.
 */
total: number, 
/**
 * The rules that add to the score.
 */
rules: Array<string>, };

/**
 * A question the new form has and the old one did not. A referral made
 * before it existed cannot answer it: such a form does not have the field at
 * all, and the rules that read it wait for it. Those cases are counted here,
 * apart from the cases whose result really moves.
 */
export type NewQuestion = { 
/**
 * The question's path: `children[].weapon_for_protection`.
 */
field: string, label: string, 
/**
 * The cases that now wait for it and for nothing else new: their forms do not have it.
 */
waitingCases: Array<string>, 
/**
 * The rules and floors those cases wait on.
 */
rules: Array<string>, 
/**
 * Rules, floors and definitions that read it (definitions as `definition NAME`).
 */
readBy: Array<string>, 
/**
 * Shared definitions that read the question just above it on the form
 * (the question it was put beside) but not this one.
 */
definitionsWithoutIt: Array<string>, 
/**
 * The finding in a sentence.
 */
words: string, };

/**
 * An option that the new file's form has and the old one's did not, with
 * what reads it. A new sign often has to join a shared definition too (a
 * new risk sign left out of `child.risk_sign` let a rule say "no signs of
 * harm" beside a risk rule), so the definitions that read *other* options
 * of the same question, but not this one, are named.
 */
export type NewOption = { 
/**
 * The question's path: `children[].place_signs`.
 */
field: string, fieldLabel: string, option: string, optionLabel: string, 
/**
 * Rules, floors and definitions that read this option (definitions as `definition NAME`).
 */
readBy: Array<string>, 
/**
 * Definitions that read other options of this question but not this one.
 */
definitionsWithoutIt: Array<string>, 
/**
 * The finding in a sentence.
 */
words: string, };

export type Coverage = { ruleSet: string, 
/**
 * Tests whose form could be screened.
 */
tests: number, rules: Array<RuleCoverage>, 
/**
 * Each condition of each rule, floor and shared definition, in the file's order.
 */
conditions: Array<ConditionCoverage>, bands: Array<BandCoverage>, 
/**
 * Each yes or no question the rules read.
 */
questions: Array<QuestionCoverage>, options: Array<OptionCoverage>, 
/**
 * Tests whose form could not be read, in words (they count for nothing above).
 */
problems: Array<string>, 
/**
 * One line: how much is covered.
 */
summary: string, };

export type RuleCoverage = { id: string, title: string, 
/**
 * `rule` or `floor`.
 */
kind: "rule" | "floor", 
/**
 * Names of the tests in which it applies, does not apply, or is undecided.
 */
appliesIn: Array<string>, doesNotApplyIn: Array<string>, undecidedIn: Array<string>, 
/**
 * True when some test sees it apply and some test sees it not apply.
 */
covered: boolean, };

/**
 * One condition inside a rule, floor or shared definition: one comparison,
 * `includes`, `contains`, `is answered`, yes or no question or definition,
 * within the `and`, `or`, `not` and `any` around it.
 */
export type ConditionCoverage = { 
/**
 * "rule MIS7", "floor YOUNG" or "definition child.missing_twice".
 */
within: string, 
/**
 * The line it is written on, and its words.
 */
line: number, text: string, 
/**
 * How many tests saw it true, false, and only unknown (answers not given).
 */
trueIn: number, falseIn: number, unknownIn: number, 
/**
 * Seen true in some test and false in some test.
 */
covered: boolean, 
/**
 * For `is at least`, `at most`, `more than`, `less than` and `within`: the boundary.
 */
boundary?: BoundaryCoverage, 
/**
 * What is missing, in a sentence; empty when it was seen both ways.
 */
words: string, };

/**
 * A comparison's boundary: the value nearest it on the side where the
 * condition holds, and the nearest on the side where it does not. "At least
 * 2" holds at 2 and does not at 1: a test at each shows the line is drawn
 * where the policy says.
 */
export type BoundaryCoverage = { 
/**
 * "2", "exactly 30 days before `referral_date`" ...
 */
holdsAt: string, 
/**
 * "1", "31 days before `referral_date`" ...
 */
failsAt: string, 
/**
 * How many tests sit at each.
 */
holdsIn: number, failsIn: number, covered: boolean, 
/**
 * What is missing, in a sentence; empty when both sides are tested.
 */
words: string, };

/**
 * A yes or no question a rule reads, and the tests that answer it yes.
 */
export type QuestionCoverage = { 
/**
 * The question's path in the form: `children[].carrying_weapon`.
 */
field: string, 
/**
 * "Child › Is the child carrying a weapon now?"
 */
fieldLabel: string, answeredYesIn: Array<string>, };

export type BandCoverage = { score: string, scoreLabel: string, band: string, bandLabel: string, reachedIn: Array<string>, };

export type OptionCoverage = { 
/**
 * The question's path in the form: `children[].place_signs`.
 */
field: string, 
/**
 * "Child › Places, travel and transport"
 */
fieldLabel: string, option: string, optionLabel: string, tickedIn: Array<string>, };

/**
 * The form's controls, one entry per name: a group of radios or checkboxes
 * sharing a name is one control with its choices. The page leaves out
 * buttons, files, passwords and disabled controls.
 */
export type FormControls = { controls: Array<FormControl>, };

export type FormControl = { 
/**
 * The `name` attribute, as the form has it: `child[0][dob]`.
 */
name: string, kind?: ControlKind, 
/**
 * The question as the person reads it (the label, or the fieldset's
 * legend): a problem names the control by it.
 */
label?: string, 
/**
 * Typed text (and a hidden input's value).
 */
value?: string, 
/**
 * The choices of radios, checkboxes or a select, with which are ticked or chosen.
 */
options?: Array<ControlChoice>, };

export type ControlKind = "text" | "radio" | "checkbox" | "select" | "hidden";

export type ControlChoice = { value: string, label?: string, 
/**
 * Ticked (a checkbox or radio) or chosen (a select's option).
 */
checked?: boolean, 
/**
 * GOV.UK's "None of these" (`data-behaviour="exclusive"`).
 */
exclusive?: boolean, };

/**
 * The binding: which control answers which field, and what the form does
 * not ask, each with its reason.
 */
export type Binding = { 
/**
 * Field path (`children.date_of_birth`) -> the control's name, `{0}`
 * standing for the list position: `child[{0}][dob]`.
 */
mapping?: { [key in string]: Mapped }, 
/**
 * Answers fixed for this form, by field path.
 */
answers?: Record<string, unknown>, 
/**
 * Answers used when the form gives none; `{ "today": true }` is the date screened on.
 */
fallbacks?: Record<string, unknown>, 
/**
 * Fields and lists of the rule set this form does not ask.
 */
notCollected?: Array<string>, 
/**
 * Controls of the form no field reads, each with the reason
 * (`child[*][sex]`: "A protected characteristic: never a risk factor").
 */
notScreened?: Record<string, string>, 
/**
 * The rule set this binding was written for: any other is refused.
 */
ruleSet?: PinnedRuleSet, };

export type PinnedRuleSet = { name: string, version?: string, };

/**
 * A mapping entry: a control's name, or an object saying more.
 */
export type Mapped = string | MappedControl;

export type MappedControl = { 
/**
 * The control that answers the field.
 */
name?: string, 
/**
 * Several controls that together answer the field (the union).
 */
names?: Array<string>, 
/**
 * The form's values -> the field's option ids (`null`: no answer; `false`:
 * "no" to the options this control asks; `true`/`false` for a yes-or-no field).
 */
options?: Record<string, string | boolean | null>, 
/**
 * On a list: the form is about one item, its fields under their own names.
 */
single?: boolean, 
/**
 * On a list: the name of its "none" control.
 */
none?: string, 
/**
 * On a list: its items are added by an "Add another" button.
 */
startsEmpty?: boolean, 
/**
 * A field of a list item answered from that item's own controls by a rule
 * of the binding, not by one control (see `derive.rs`).
 */
derive?: Derive, };

export type Derive = { 
/**
 * For a yes-or-no field: yes when any of these holds.
 */
anyOf?: Array<DeriveTest>, 
/**
 * For a number field: the sum of these controls' numbers.
 */
sum?: Array<string>, };

export type DeriveTest = { name: string, 
/**
 * Holds when the control's answer (a ticked value, or the text) is one of these.
 */
is?: Array<string>, 
/**
 * Holds when the control's number is at least this.
 */
atLeast?: number, };

/**
 * What the binding gives: the form the rules read, and every problem.
 */
export type Bound = { 
/**
 * The answers, as the rules read them (`ruleSet.evaluate(form)`).
 */
form: Record<string, unknown>, problems: Array<BindingProblem>, 
/**
 * For each list read (`children`, `children.0.missing_episodes`), the
 * position on the form of each item, so an outcome's path leads back to its control.
 */
items: { [key in string]: Array<number> }, 
/**
 * The answers the binding set (fixed, fallback, derived), so a screener can see them.
 */
given: Array<GivenAnswer>, 
/**
 * Fields and lists of the rule set this form does not collect.
 */
notCollected: Array<string>, 
/**
 * No field of the rule set is on the form: nothing can be screened.
 */
nothingBound: boolean, };

export type GivenAnswer = { field: string, value: unknown, 
/**
 * `fixed`, `fallback` or `derived`.
 */
how: string, };

/**
 * One problem with the binding, in words a web developer acts on. `kind` is
 * stable (tests and pages key on it); `field` is the rule set's field path, if any.
 */
export type BindingProblem = { kind: string, field: string, message: string, 
/**
 * The control's name pattern (`child[*][sex]`), for problems about a control.
 */
control?: string, label?: string, names?: Array<string>, values?: Array<string>, };
