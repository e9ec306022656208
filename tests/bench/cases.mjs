// The same subset of the shipped rule set, translated by hand for
// json-rules-engine and json-logic-js, so the three can be timed side by side.
// (The screening engine evaluates the whole shipped rule set; the other two
// only these six rules, without reasons, undecided rules or levels.)

const anyChildHasAny = (field, options) => ({ field, options });

// Rules DANGER-like and PEER2, PEER3, MONEY1, ONL1, NBH10 of rules/contextual-safeguarding.rules.
export const SUBSET = [
  { id: 'PEER2', child: anyChildHasAny('peer_signs', ['older_friends', 'nicknames']), actions: ['mash_referral', 'peer_group_assessment', 'police_intelligence'] },
  { id: 'PEER3', child: anyChildHasAny('peer_signs', ['peers_exploited', 'gang_association', 'rewarded_for_introducing']), actions: ['mash_referral', 'peer_group_assessment'] },
  { id: 'MONEY1', child: anyChildHasAny('money_signs', ['unexplained_money', 'unexplained_goods']), actions: ['mash_referral'] },
  { id: 'ONL1', child: anyChildHasAny('online_signs', ['several_phones', 'secretive_contact']), actions: ['mash_referral'] },
  { id: 'NBH10', place: { kinds: ['bus_route', 'transport_hub', 'school_site'], concerns: ['robbery', 'violence', 'grooming', 'adults_giving_gifts', 'drug_dealing'] }, actions: ['location_assessment'] },
  { id: 'DANGER', danger: true, actions: ['call_999'] },
];

/** json-logic-js rules. */
export function jsonLogicRules() {
  return SUBSET.map((r) => {
    let logic;
    if (r.child) {
      logic = { some: [{ var: 'children' }, { some: [{ var: r.child.field }, { in: [{ var: '' }, r.child.options] }] }] };
    } else if (r.place) {
      logic = { some: [{ var: 'locations' }, { and: [{ in: [{ var: 'kind' }, r.place.kinds] }, { some: [{ var: 'place_concerns' }, { in: [{ var: '' }, r.place.concerns] }] }] }] };
    } else {
      logic = { '==': [{ var: 'immediate_danger' }, true] };
    }
    return { id: r.id, logic, actions: r.actions };
  });
}

/** Evaluate the json-logic subset: the ids of the rules that apply and the actions. */
export function runJsonLogic(jsonLogic, rules, form) {
  const fired = [];
  const actions = new Set();
  for (const r of rules) {
    if (jsonLogic.apply(r.logic, form)) {
      fired.push(r.id);
      for (const a of r.actions) actions.add(a);
    }
  }
  return { fired, actions: [...actions] };
}

/** A json-rules-engine Engine with the subset, using two custom operators for "any item where". */
export function jsonRulesEngine(Engine) {
  const engine = new Engine([], { allowUndefinedFacts: true });
  engine.addOperator('anyChildHasAny', (children, { field, options }) =>
    Array.isArray(children) && children.some((c) => Array.isArray(c[field]) && c[field].some((v) => options.includes(v))));
  engine.addOperator('anyPlaceWhere', (places, { kinds, concerns }) =>
    Array.isArray(places) && places.some((p) => kinds.includes(p.kind) && Array.isArray(p.place_concerns) && p.place_concerns.some((v) => concerns.includes(v))));
  for (const r of SUBSET) {
    let condition;
    if (r.child) condition = { fact: 'children', operator: 'anyChildHasAny', value: r.child };
    else if (r.place) condition = { fact: 'locations', operator: 'anyPlaceWhere', value: r.place };
    else condition = { fact: 'immediate_danger', operator: 'equal', value: true };
    engine.addRule({ name: r.id, conditions: { all: [condition] }, event: { type: r.id, params: { actions: r.actions } } });
  }
  return engine;
}

export async function runJsonRulesEngine(engine, form) {
  const { events } = await engine.run(form);
  const actions = new Set();
  for (const e of events) for (const a of e.params.actions) actions.add(a);
  return { fired: events.map((e) => e.type), actions: [...actions] };
}

/**
 * Time `fn` (sync or async): `rounds` rounds of `batch` calls; the median
 * time per call in microseconds.
 */
export async function median(fn, { rounds = 101, batch = 50, warm = 200 } = {}) {
  for (let i = 0; i < warm; i++) await fn();
  const per = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (let i = 0; i < batch; i++) await fn();
    per.push(((performance.now() - t0) * 1000) / batch);
  }
  per.sort((a, b) => a - b);
  return per[Math.floor(per.length / 2)];
}

/** The whole benchmark: the same code runs in Node and in Chromium. */
export async function benchmark({ engine: { compile, compileToWasm, loadCompiledRuleSet }, source, form, date, jsonLogic, Engine }) {
  const ruleset = compile(source);
  // The rule set compiled to its own Wasm module, screened by the small runtime.
  const compiled = await loadCompiledRuleSet(await compileToWasm(source));
  const decision = compiled.decide(form, { date });
  const outcome = ruleset.evaluate(form, { date });
  const logicRules = jsonLogicRules();
  const jre = jsonRulesEngine(Engine);
  const viaLogic = runJsonLogic(jsonLogic, logicRules, form);
  const viaJre = await runJsonRulesEngine(jre, form);
  // The three agree on the subset.
  const ours = SUBSET.map((r) => r.id).filter((id) => outcome.fired.some((f) => f.id === id));
  const compiledAgrees = JSON.stringify(compiled.evaluate(form, { date })) === JSON.stringify(outcome)
    && decision.level === outcome.level.id && JSON.stringify(decision.fired) === JSON.stringify(outcome.fired.map((r) => r.id));
  const same = JSON.stringify(ours) === JSON.stringify(viaLogic.fired) && JSON.stringify([...viaLogic.fired].sort()) === JSON.stringify([...viaJre.fired].sort());
  const formJson = JSON.stringify(form);
  let flip = false;
  return {
    rules: (source.match(/^rule /gm) || []).length,
    subsetAgrees: same,
    compiledAgrees,
    subsetFired: viaLogic.fired,
    'screening-engine: evaluate a full referral (µs)': await median(() => ruleset.evaluate(form, { date })),
    'screening-engine: evaluate, outcome as JSON text (µs)': await median(() => ruleset.evaluateToJson(formJson, { date })),
    'compiled rule set: the decision alone (µs)': await median(() => compiled.decide(form, { date })),
    'compiled rule set: the whole outcome with reasons (µs)': await median(() => compiled.evaluate(form, { date })),
    // Two texts in turn, a keystroke apart: the engine keeps its last result
    // for the same text, and this row times a real compile (with the parse
    // cache of the unchanged rules, as in the editor).
    'screening-engine: compile + evaluate, one character changed (µs)': await median(() => {
      flip = !flip;
      const rs = compile(flip ? source : `${source} `);
      rs.evaluate(form, { date });
      rs.free();
    }, { rounds: 31, batch: 5, warm: 10 }),
    'json-logic-js: 6-rule subset (µs)': await median(() => runJsonLogic(jsonLogic, logicRules, form)),
    'json-rules-engine: 6-rule subset (µs)': await median(() => runJsonRulesEngine(jre, form)),
  };
}
