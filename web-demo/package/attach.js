// Attach the screening engine to an existing referral form.
//
//   import { screenForm } from 'screening-engine/attach';
//   screenForm(document.querySelector('form'), { rules: '/rules/council.rules', container: '#screening' });
//
// or with the rule set compiled to WebAssembly (`screen build`), which loads
// only the small runtime, never the parser and checker:
//
//   screenForm(document.querySelector('form'), { compiled: '/rules/council.wasm', container: '#screening' });
//
// or, with a rule set you compiled or loaded yourself:
//
//   import { init, compile } from 'screening-engine';
//   import { attach } from 'screening-engine/attach';
//   await init();
//   attach(document.querySelector('form'), compile(rules), { container: '#screening' });
//   // or: attach(form, await loadCompiledRuleSet('/rules/council.wasm'), { ... })
//
// The form's own markup is not changed: the rule set's fields are found by the
// `name` of the form's existing controls. attach() never submits, sends, logs
// or stores anything, and leaves the form's own submit alone. The results are
// drawn with GOV.UK Design System classes inside the container you give (every
// sentence from the engine's presentation model, ruleSet.present()), or,
// with `render: false`, handed to `onOutcome` for the page to draw itself.
//
// The binding is checked when attach runs: a mapped name the form does not
// have, a field the rules read that no control answers, a control value that is
// no option of its field: each is listed in `attachment.problems`, in one
// console warning, and (with `debug: true`) on the page. Nothing fails quietly.
//
// "None" is an answer: a ticked exclusive checkbox ("None of these") reads as
// an empty set, and a list's "none" control (`children[none]` or
// `children.none`) as an empty list, both different from unanswered.

// The parts, one job each, are in attach/: lifecycle.js (attach), load.js
// (screenForm), controls.js (the controls as data for the engine, which
// reads them and checks the binding: ruleSet.bind), names.js and locate.js
// (from an outcome's field back to its control), errors.js, hidden.js, and for drawing govuk.js, model.js (the engine's
// presentation model, the same drawing for both views) and render.js.

export { attach } from './attach/lifecycle.js';
export { screenForm } from './attach/load.js';
export { collectControls } from './attach/controls.js';
export { sortUndecided, schemaPath } from './questions.js';

/** The wording-check rule set shipped with the package (copied from the repository's rules/language.rules at build time). */
export const WORDING_RULES_URL = new URL('./rules/language.rules', import.meta.url).href;
