// Loading: the engine (the authoring engine or only the small runtime, each
// when something needs it) and the rule files, from this site only; then
// attach. A failure to load leaves the form working and says so.

import { attach, checkPinned, findContainer, isRuleSet } from './lifecycle.js';
import { el } from './govuk.js';
import { NOTICES } from './render.js';

/**
 * Load the engine and the rule files, then attach. Never throws: when the
 * engine or a rule file cannot be loaded, the container says so in plain
 * words, one console error gives the reason, and the form works as before.
 * @returns {Promise<import('../attach.d.ts').Attachment | import('../attach.d.ts').FailedAttachment>}
 */
export async function screenForm(form, options = {}) {
  const { rules, compiled, companions = [], wasm, runtime, ...rest } = options;
  const doc = form && form.ownerDocument ? form.ownerDocument : globalThis.document;
  let container = null;
  if (rest.render !== false && doc) {
    try {
      container = findContainer(doc, rest.container);
    } catch {
      container = null; // attach() below reports a missing container in full
    }
  }
  try {
    if ((rules === undefined) === (compiled === undefined)) {
      throw new TypeError('screenForm() needs options.rules (a rule file) or options.compiled (a compiled rule set, .wasm), and not both.');
    }
    // Each engine is loaded only when something needs it: a page whose rule
    // sets are all compiled never loads the authoring engine (parser,
    // checker), only the small runtime.
    const engines = {
      authoring: once(async () => {
        const engine = await import('../index.js');
        await engine.init(wasm === undefined ? {} : { wasm });
        return engine;
      }),
      runtime: once(async () => {
        const { loadCompiledRuleSet } = await import('../compiled.js');
        return (source) => loadCompiledRuleSet(source, runtime === undefined ? {} : { runtime });
      }),
    };
    const base = doc && doc.baseURI ? doc.baseURI : new URL('../attach.js', import.meta.url).href;
    const main = compiled !== undefined
      ? await loadRuleSet(engines, { compiled }, base, 'options.compiled')
      : await loadRuleSet(engines, rules, base, 'options.rules');
    // A companion that cannot be loaded (or is not the one pinned) is reported
    // and left out; the main check goes on without it.
    const extra = [];
    const loadProblems = [];
    for (const [i, c] of companions.entries()) {
      const where = `options.companions[${i}]`;
      try {
        const companion = await loadRuleSet(engines, c, base, where);
        checkPinned(companion, c && typeof c === 'object' ? c.ruleSet : undefined, where);
        extra.push(companion);
      } catch (err) {
        const said = `${err && err.message ? err.message : err}`;
        const message = said.startsWith(where) ? said : `${where}: ${said}`;
        console.error(`Screening: a companion rule set is left out: ${message}`);
        loadProblems.push({ kind: 'companion-not-loaded', field: '', message: `A companion rule set could not be used, so its checks are not made on this form: ${message}` });
      }
    }
    return attach(form, main, { ...rest, companions: extra, loadProblems });
  } catch (err) {
    const details = err && Array.isArray(err.diagnostics) && err.diagnostics.length
      ? `\n${err.diagnostics.map((d) => `  line ${d.line ?? '?'}, column ${d.column ?? '?'}: ${d.message}`).join('\n')}`
      : '';
    console.error(`Screening is not available on this page: ${err && err.message ? err.message : err}${details}`);
    if (container && doc) {
      const level = Math.min(Math.max(Number(rest.headingLevel) || 2, 1), 5);
      container.replaceChildren(
        el(doc, 'div', { class: 'screening-result', 'data-screening-unavailable': '' },
          el(doc, `h${level}`, { class: 'govuk-heading-m' }, rest.title ?? (rest.view === 'screener' ? NOTICES.screenerTitle : NOTICES.referrerTitle)),
          el(doc, 'p', { class: 'govuk-body' }, NOTICES.unavailable)),
      );
    }
    if (typeof rest.onError === 'function') rest.onError(err, {});
    return {
      error: err,
      screen: () => null,
      outcome: null,
      outcomes: [],
      presentation: null,
      answers: {},
      given: [],
      problems: [],
      notCollected: [],
      isCollected: () => false,
      controlFor: () => null,
      checkBinding: () => [],
      detach() {
        if (container) container.replaceChildren();
      },
    };
  }
}

function once(load) {
  let promise = null;
  return () => (promise ??= load());
}

// A rule set from: a loaded rule set (compile() or loadCompiledRuleSet()),
// `{ text }`, `{ compiled }` (the URL of a compiled rule set on this site, or
// its bytes), or the URL of a rule file on this site.
async function loadRuleSet(engines, source, base, where) {
  if (isRuleSet(source)) return source;
  if (source && typeof source === 'object' && typeof source.text === 'string') return compileNamed(await engines.authoring(), source.text, where);
  if (source && typeof source === 'object' && 'compiled' in source && !(source instanceof URL)) {
    const given = source.compiled;
    if (isRuleSet(given)) return given;
    const load = await engines.runtime();
    if (typeof given === 'string' || given instanceof URL) {
      const url = sameSite(given, base, where, 'compiled rule set');
      try {
        return await load(url);
      } catch (err) {
        throw named(err, `${where} (${url.pathname})`);
      }
    }
    try {
      return await load(given); // bytes or a Response: loadCompiledRuleSet says what it needs
    } catch (err) {
      throw named(err, where);
    }
  }
  if (typeof source !== 'string' && !(source instanceof URL)) {
    throw new TypeError(`${where} must be the URL of a rule file on this site, { text }, { compiled } or a rule set from compile() or loadCompiledRuleSet().`);
  }
  const url = sameSite(source, base, where, 'rule file');
  const engine = await engines.authoring();
  const response = await fetch(url, { credentials: 'same-origin', redirect: 'error' });
  if (!response.ok) throw new Error(`could not load the rule file ${url.pathname}: ${response.status} ${response.statusText}`.trim());
  return compileNamed(engine, await response.text(), `${where} (${url.pathname})`);
}

// Rule files and compiled rule sets come from the page's own site, like the engine's .wasm.
function sameSite(source, base, where, what) {
  const url = new URL(source, base);
  const here = new URL(base);
  if (url.origin !== here.origin) throw new Error(`${where}: the ${what} ${url.href} is not on this site (${here.origin}); serve it from here.`);
  return url;
}

// The loading error, saying which option it came from; its code and diagnostics kept.
function named(err, where) {
  const e = new Error(`${where}: ${err && err.message ? err.message : err}`, { cause: err });
  if (err && err.code) e.code = err.code;
  if (err && Array.isArray(err.diagnostics)) e.diagnostics = err.diagnostics;
  return e;
}

function compileNamed(engine, text, where) {
  try {
    return engine.compile(text);
  } catch (err) {
    if (err && err.name === 'CompileError') {
      const e = new Error(`the rule file ${where} has ${err.diagnostics.filter((d) => d.severity === 'error').length} error(s)`);
      e.diagnostics = err.diagnostics;
      throw e;
    }
    throw err;
  }
}
