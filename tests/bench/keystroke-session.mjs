// The editor session that tests/bench/keystroke.mjs times, shared by Node and
// Chromium (the page imports this file as is): no Node or DOM APIs here.

/** A small seeded generator (mulberry32), so every run types the same edits. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/**
 * Where a keystroke can land inside the rules' text: the characters of rule
 * titles and rationales (letters, file stays valid), digits in conditions
 * (file usually stays valid, sometimes the checker objects), and keywords or
 * quote marks (file no longer parses, as mid-word typing leaves it).
 */
function targets(source) {
  const out = { title: [], rationale: [], digit: [], keyword: [], quote: [] };
  let offset = 0;
  let inRule = false;
  for (const line of source.split(/(?<=\n)/)) {
    if (/^rule (?!set)/.test(line)) inRule = true;
    else if (/^(test|define|floor|score)\b/.test(line)) inRule = false;
    if (inRule) {
      const quoted = line.match(/"([^"]*)"/);
      const kind = /^rule /.test(line) ? 'title' : /^\s*rationale /.test(line) ? 'rationale' : null;
      if (quoted && kind) {
        const start = offset + quoted.index + 1;
        for (let i = 0; i < quoted[1].length; i++) if (/[a-z]/.test(quoted[1][i])) out[kind].push(start + i);
        out.quote.push(start + quoted[1].length); // the closing quote mark
      }
      if (/^\s*when |^\s*(and|or) /.test(line)) {
        for (const m of line.matchAll(/\b\d+\b/g)) out.digit.push(offset + m.index);
      }
      const kw = line.match(/^(\s*)(when|then|context|kind|rationale)\b/);
      if (kw) out.keyword.push(offset + kw[1].length + 1);
    }
    offset += line.length;
  }
  return out;
}

/**
 * `n` edits of one character each, as a list of texts. About one in eight
 * breaks the file (a keyword mistyped, a quote mark deleted); the next edit
 * then fixes it, as a person typing does. The others change a title or a
 * rationale letter, or a number in a condition, and are kept.
 */
export function editSession(source, n, seed = 11) {
  const random = rng(seed);
  const pick = (xs) => xs[Math.floor(random() * xs.length)];
  const texts = [];
  let text = source;
  for (let i = 0; i < n; i++) {
    // Recomputed from the current text: edits keep lengths, but a digit can become two.
    const t = targets(text);
    const r = random();
    if (r < 0.125) {
      const broken = random() < 0.5
        ? ((at) => text.slice(0, at) + 'x' + text.slice(at + 1))(pick(t.keyword))
        : ((at) => text.slice(0, at) + text.slice(at + 1))(pick(t.quote));
      texts.push(broken);
      continue; // the next edit starts from the good text: the typo was fixed
    }
    let at;
    let ch;
    if (r < 0.45) {
      at = pick(t.rationale);
      ch = pick(LETTERS);
    } else if (r < 0.8) {
      at = pick(t.title);
      ch = pick(LETTERS);
    } else {
      at = pick(t.digit);
      ch = String(1 + Math.floor(random() * 9));
    }
    text = text.slice(0, at) + ch + text.slice(at + 1);
    texts.push(text);
  }
  return texts;
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summary(ms) {
  const s = [...ms].sort((a, b) => a - b);
  return { median: percentile(s, 50), p95: percentile(s, 95), max: s[s.length - 1] };
}

/**
 * Time each edit as the demo's editor handles it (web-demo/demo/src/main.js,
 * `rulesChanged`): `check(text)` for the diagnostics, `compile(text)`, the
 * new rule set's `schema()` and `evaluate()` of the case on screen, the old
 * rule set freed. Also, separately, `compile` + `evaluate` alone (the figure
 * the issue quotes) on the same edits, and the same two with a RuleEditor
 * (`update`, one call for the diagnostics and the rule set, blocks kept
 * between calls) in place of check and compile. Times in milliseconds.
 */
export function keystrokeBenchmark({ engine: { compile, check, CompileError, RuleEditor }, source, form, date, edits = 200, warm = 20 }) {
  const texts = editSession(source, edits + warm);
  let current = compile(source);
  let broken = 0;
  let failedChecks = 0;
  const demo = [];
  texts.forEach((text, i) => {
    const t0 = performance.now();
    const diagnostics = check(text);
    let next = null;
    try {
      next = compile(text);
    } catch (err) {
      if (!(err instanceof CompileError)) throw err;
    }
    if (next) {
      next.schema();
      next.evaluate(form, { date });
      current.free();
      current = next;
    }
    const t1 = performance.now();
    if (i >= warm) {
      demo.push(t1 - t0);
      if (!next) broken++;
      if (diagnostics.some((d) => d.severity === 'error')) failedChecks++;
    }
  });
  const alone = [];
  texts.forEach((text, i) => {
    const t0 = performance.now();
    try {
      const rs = compile(text);
      rs.evaluate(form, { date });
      rs.free();
    } catch (err) {
      if (!(err instanceof CompileError)) throw err;
    }
    if (i >= warm) alone.push(performance.now() - t0);
  });
  // The editor's compiler (RuleEditor.update: diagnostics and rule set in one
  // call, blocks kept between calls), as the demo's editor now uses it, and
  // with evaluate alone (the row to compare with compile + evaluate).
  const timeEditor = (withSchema) => {
    const editor = new RuleEditor();
    editor.update(source).ruleSet?.free();
    const ms = [];
    texts.forEach((text, i) => {
      const t0 = performance.now();
      const { ruleSet } = editor.update(text);
      if (ruleSet) {
        if (withSchema) ruleSet.schema();
        ruleSet.evaluate(form, { date });
        ruleSet.free();
      }
      if (i >= warm) ms.push(performance.now() - t0);
    });
    editor.free();
    return summary(ms);
  };
  const editorDemo = timeEditor(true);
  const editorEvaluate = timeEditor(false);
  current.free();
  return { edits, broken, failedChecks, demo: summary(demo), compileEvaluate: summary(alone), editorDemo, editorEvaluate };
}
