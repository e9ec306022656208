// CodeMirror 6 support for the screening rule language: highlighting (a
// stream tokenizer that follows engine/src/syntax/grammar.pest), folding of
// blocks by indentation, comment toggling and completion of field names,
// definitions, levels, actions, scores and keywords.

import { StreamLanguage, LanguageSupport, HighlightStyle, syntaxHighlighting, foldService } from '@codemirror/language';
import { tags as t } from '@lezer/highlight';
import vocabulary from './vocabulary.json' with { type: 'json' };

// The keywords and their colour classes come from the engine's vocabulary
// table (engine/src/syntax/vocabulary.rs, also returned by the Wasm
// `vocabulary()`). vocabulary.json is written from that table, and a Rust test
// fails when it is out of date, so the highlighter never drifts from the parser.
const byClass = (c) => new Set(Object.entries(vocabulary.classes).filter(([, k]) => k === c).map(([w]) => w));
// Words that start or shape a block: rule set, levels, form, rule, floor, test...
const STRUCTURE = byClass('structure');
// Effects and expectations.
const EFFECTS = byClass('effect');
// Words inside conditions.
const OPERATORS = byClass('operator');
const TYPES = byClass('type');
const UNITS = byClass('unit');
const BOOLS = byClass('value');

// After these words the next identifier names something being declared.
const DECLARES = new Set(['rule', 'floor', 'score', 'band', 'define', 'field', 'list', 'each']);

export const ruleLanguage = StreamLanguage.define({
  name: 'screening-rules',
  startState: () => ({ prev: null, lineStart: true, inJson: 0 }),
  token(stream, state) {
    if (stream.sol()) state.lineStart = true;
    if (stream.eatSpace()) return null;
    const atLineStart = state.lineStart;
    state.lineStart = false;

    if (stream.peek() === '#' && !state.inJson) {
      stream.skipToEnd();
      return 'comment';
    }
    if (stream.match(/^"(?:[^"\\\n]|\\.)*"?/)) {
      const prev = state.prev;
      state.prev = 'string';
      if (state.inJson) {
        // JSON keys inside a test's form
        return stream.match(/^\s*:/, false) ? 'propertyName' : 'string';
      }
      return prev === 'prompt' ? 'string.special' : 'string';
    }
    if (stream.match(/^\d{4}-\d{2}-\d{2}\b/)) {
      state.prev = 'date';
      return 'literal';
    }
    if (stream.match(/^-?\d+(?:\.\d+)?/)) {
      state.prev = 'number';
      return 'number';
    }
    if (stream.match(/^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/)) {
      const word = stream.current();
      const prev = state.prev;
      state.prev = word;
      if (state.inJson) {
        return word === 'true' || word === 'false' || word === 'null' ? 'bool' : null;
      }
      if (prev && DECLARES.has(prev) && !STRUCTURE.has(word) && !(prev === 'rule' && word === 'set')) {
        return 'variableName.definition';
      }
      if (prev === 'context' || prev === 'kind') return 'labelName';
      if (STRUCTURE.has(word)) return atLineStart || word === 'set' || word === 'end' ? 'keyword' : 'keyword';
      if (EFFECTS.has(word)) return 'controlKeyword';
      if (BOOLS.has(word)) return 'bool';
      if (OPERATORS.has(word)) return 'operatorKeyword';
      if (TYPES.has(word) || UNITS.has(word)) return 'typeName';
      return 'variableName';
    }
    const ch = stream.next();
    if (ch === '{' || ch === '[') {
      state.inJson++;
      return 'brace';
    }
    if (ch === '}' || ch === ']') {
      if (state.inJson) state.inJson--;
      return 'brace';
    }
    if (ch === '(' || ch === ')') return 'paren';
    if ('=<>!'.includes(ch)) {
      stream.eatWhile(/[=<>!]/);
      return 'invalid';
    }
    if (ch === ',' || ch === ':') return 'punctuation';
    if ('+-*'.includes(ch)) return 'operator';
    return null;
  },
  languageData: {
    commentTokens: { line: '#' },
    indentOnInput: /^\s*end$/,
  },
});

// GOV.UK palette, each colour at least 4.5:1 on white.
export const ruleHighlight = HighlightStyle.define([
  { tag: t.comment, color: '#505a5f', fontStyle: 'italic' },
  { tag: t.keyword, color: '#1d70b8', fontWeight: 'bold' },
  { tag: t.controlKeyword, color: '#912b88', fontWeight: 'bold' },
  { tag: t.operatorKeyword, color: '#0b0c0c', fontWeight: 'bold' },
  { tag: t.string, color: '#00703c' },
  { tag: t.special(t.string), color: '#005a30', fontStyle: 'italic' },
  { tag: t.literal, color: '#a0410d' },
  { tag: t.number, color: '#a0410d' },
  { tag: t.bool, color: '#a0410d', fontWeight: 'bold' },
  { tag: t.definition(t.variableName), color: '#003078', fontWeight: 'bold', textDecoration: 'underline' },
  { tag: t.labelName, color: '#6f3e00' },
  { tag: t.typeName, color: '#6f3e00' },
  { tag: t.propertyName, color: '#0b0c0c' },
  { tag: t.invalid, color: '#d4351c', fontWeight: 'bold' },
]);

// Fold a block from its opening line to the matching `end` (by indentation).
const BLOCK_START = new RegExp(`^\\s*(${vocabulary.blocks.join('|')})\\b`);
const foldBlocks = foldService.of((state, lineStart) => {
  const line = state.doc.lineAt(lineStart);
  if (!BLOCK_START.test(line.text) || /^\s*rule\s+set\b/.test(line.text)) return null;
  const indent = /^\s*/.exec(line.text)[0].length;
  for (let n = line.number + 1; n <= state.doc.lines; n++) {
    const l = state.doc.line(n);
    const m = /^(\s*)end\b/.exec(l.text);
    if (m && m[1].length === indent) return n === line.number + 1 ? null : { from: line.to, to: l.from + m[1].length };
  }
  return null;
});

const KEYWORDS = vocabulary.keywords;

/** Names declared in the rule text itself (levels, actions, scores, definitions, rules), from the engine's outline of it. */
function declaredNames(blocks) {
  const entries = (kind) => (blocks.find((b) => b.kind === kind) || { entries: [] }).entries;
  const named = (...kinds) => blocks.filter((b) => b.parsed && kinds.includes(b.kind) && b.id).map((b) => ({ id: b.id, label: b.title || '' }));
  return { levels: entries('levels'), actions: entries('actions'), scores: named('score'), defines: named('define'), rules: named('rule', 'floor') };
}

/** Flatten a schema into completion entries: top-level names, and item.field for list items. */
function schemaCompletions(schema) {
  const out = [];
  const walk = (fields, prefix, listNames) => {
    for (const f of fields || []) {
      const name = prefix ? `${prefix}.${f.name}` : f.name;
      out.push({ label: name, type: f.type === 'list' ? 'namespace' : 'property', detail: f.type, info: f.label });
      if (f.type === 'list' && f.itemName) {
        out.push({ label: f.itemName, type: 'variable', detail: `one ${f.itemLabel || f.itemName}`, info: `Use as: any ${f.itemName} in ${name} where ...` });
        walk(f.fields, f.itemName, listNames);
      }
      if ((f.type === 'oneOf' || f.type === 'severalOf') && f.options) {
        for (const o of f.options) out.push({ label: o.id, type: 'enum', detail: `option of ${f.name}`, info: o.label });
      }
    }
  };
  walk(schema, '', []);
  return out;
}

/**
 * @param {() => Array} getSchema  the last good schema (from the compiled rule set)
 * @param {(text: string) => Array} getOutline  the engine's outline of a rule text
 */
export function ruleCompletion(getSchema, getOutline) {
  return (context) => {
    const word = context.matchBefore(/[A-Za-z_][\w.]*/);
    if (!word && !context.explicit) return null;
    const text = context.state.doc.toString();
    const names = declaredNames(getOutline(text));
    const line = context.state.doc.lineAt(context.pos);
    const before = line.text.slice(0, context.pos - line.from);
    const options = [];
    const seen = new Set();
    const push = (o) => {
      if (seen.has(o.label)) return;
      seen.add(o.label);
      options.push(o);
    };
    if (/\b(raise to|never below|expect level)\s+\w*$/.test(before)) {
      names.levels.forEach((l) => push({ label: l.id, type: 'constant', detail: 'level', info: l.label, boost: 10 }));
    } else if (/\b(action|expect (?:no )?action(?:\s+[\w, ]*)?)\s+\w*$/.test(before)) {
      names.actions.forEach((a) => push({ label: a.id, type: 'constant', detail: 'action', info: a.label, boost: 10 }));
    } else if (/\bcontext\s+\w*$/.test(before)) {
      ['home', 'peer_group', 'school', 'neighbourhood', 'online', 'individual'].forEach((c) => push({ label: c, type: 'constant', detail: 'context' }));
    } else if (/\bkind\s+\w*$/.test(before)) {
      ['vulnerability', 'risk', 'harm'].forEach((c) => push({ label: c, type: 'constant', detail: 'kind' }));
    }
    for (const f of schemaCompletions(getSchema() || [])) push({ ...f, boost: 5 });
    names.defines.forEach((d) => push({ label: d.id, type: 'function', detail: 'definition', info: d.label, boost: 4 }));
    names.scores.forEach((s) => push({ label: s.id, type: 'variable', detail: 'score', info: s.label }));
    names.rules.forEach((r) => push({ label: r.id, type: 'class', detail: 'rule', info: r.label }));
    KEYWORDS.forEach((k) => push({ label: k, type: 'keyword' }));
    return {
      from: word ? word.from : context.pos,
      options,
      validFor: /^[\w.]*$/,
    };
  };
}

export function ruleLanguageSupport() {
  return new LanguageSupport(ruleLanguage, [syntaxHighlighting(ruleHighlight), foldBlocks]);
}
