// "Change a number in a rule": the thresholds and counts of a rule, floor or
// score as number boxes, so a trainer changes "three or more times" to four
// in front of a room without editing rule text. The change goes through the
// editor like a typed one (Ctrl+Z and "Reset" undo it), and the page then
// shows what it changes across the training cases.
//
// The engine has no outline of a rule file for the page yet, so the blocks
// and their numbers are found here, by the layout every rule file keeps
// (a block starts at the start of a line and ends with `end`); words inside
// quotes are never read as numbers.

import { h, replace } from './dom.js';

const BLOCK_START = /^(rule|floor|score)\s+([A-Za-z_][A-Za-z0-9_]*)\s+"([^"]*)"/;
// A number in a condition or a band; not part of a name or a date.
const NUMBER = /(?<![\w.-])\d+(?:\.\d+)?(?![\w.-])/g;

/** The rules, floors and scores with numbers in them: [{ kind, id, title, numbers: [{ line, from, to, value, text }] }] (lines 1-based, offsets in the line). */
export function numberedBlocks(text) {
  const lines = text.split('\n');
  const out = [];
  let block = null;
  lines.forEach((line, i) => {
    if (!block) {
      const m = BLOCK_START.exec(line);
      if (m) block = { kind: m[1], id: m[2], title: m[3], numbers: [] };
      return;
    }
    if (/^end\b/.test(line)) {
      if (block.numbers.length) out.push(block);
      block = null;
      return;
    }
    if (/^\s*(rationale|source)\b/.test(line)) return;
    // Blank out quoted words, keeping offsets, so a label's digits are left alone.
    const code = line.replace(/"[^"]*"/g, (q) => ' '.repeat(q.length)).replace(/#.*$/, '');
    for (const m of code.matchAll(NUMBER)) {
      block.numbers.push({ line: i + 1, from: m.index, to: m.index + m[0].length, value: m[0], text: line.trimStart(), indent: line.length - line.trimStart().length });
    }
  });
  return out;
}

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth'];

/** "Line 1655, the second number: band … from 1 to [9]": which number a box changes, in the line it is on. */
function numberLabel(block, n) {
  const onLine = block.numbers.filter((x) => x.line === n.line);
  const nth = onLine.indexOf(n);
  const raw = n.text;
  // Offsets count from the start of the line; the text shown starts at its first word.
  const at = n.from - n.indent;
  return [
    `Line ${n.line}${onLine.length > 1 ? `, the ${ORDINALS[nth] || `number ${nth + 1}`} number` : ''}: `,
    h('code', { class: 'app-rule-text' }, raw.slice(0, at), h('mark', { class: 'app-numbers__this' }, raw.slice(at, at + n.value.length)), raw.slice(at + n.value.length)),
  ];
}

export class NumberControls {
  /**
   * @param {HTMLElement} root
   * @param {object} opts { text(): string, apply(changes: [{line, from, to, insert}]), after() }
   */
  constructor(root, opts) {
    this.root = root;
    this.opts = opts;
    this.chosen = '';
  }

  /** Draw the picker and, for the chosen block, a box for each of its numbers. */
  render() {
    const blocks = numberedBlocks(this.opts.text());
    const block = blocks.find((b) => b.id === this.chosen) || null;
    const picker = h('select', { class: 'govuk-select', id: 'number-rule', 'aria-describedby': 'number-rule-hint', onchange: (e) => { this.chosen = e.target.value; this.render(); } },
      h('option', { value: '' }, 'Choose a rule'),
      blocks.map((b) => h('option', { value: b.id, selected: b.id === this.chosen }, `${b.id}: ${b.title}`)));
    replace(this.root,
      h('div', { class: 'govuk-form-group' },
        h('label', { class: 'govuk-label govuk-label--s', for: 'number-rule' }, 'Change a number in a rule'),
        h('div', { class: 'govuk-hint', id: 'number-rule-hint' }, 'A threshold or a count, without editing the text. The rule file changes as if you had typed it: Reset or Ctrl+Z in the editor puts it back.'),
        picker),
      block
        ? h('div', { class: 'app-numbers', id: 'number-boxes' },
          block.numbers.map((n, i) => h('div', { class: 'govuk-form-group app-numbers__item' },
            h('label', { class: 'govuk-label', for: `number-${i}` }, numberLabel(block, n)),
            h('input', { class: 'govuk-input govuk-input--width-4', id: `number-${i}`, type: 'text', inputmode: 'decimal', spellcheck: 'false', value: n.value, dataset: { line: String(n.line), from: String(n.from) } }))),
          h('button', { type: 'button', class: 'govuk-button govuk-button--secondary', id: 'number-apply', onclick: () => this.apply(block) }, `Change the numbers in ${block.id}`))
        : null);
  }

  apply(block) {
    const changes = [];
    let wrong = null;
    block.numbers.forEach((n, i) => {
      const input = document.getElementById(`number-${i}`);
      const v = input.value.trim();
      if (!/^\d+(\.\d+)?$/.test(v)) wrong = wrong || input;
      else if (v !== n.value) changes.push({ line: n.line, from: n.from, to: n.to, insert: v });
    });
    if (wrong) {
      // GOV.UK's error message on the box itself; nothing is changed.
      const group = wrong.closest('.govuk-form-group');
      group.classList.add('govuk-form-group--error');
      wrong.classList.add('govuk-input--error');
      wrong.setAttribute('aria-describedby', `${wrong.id}-error`);
      wrong.before(h('p', { class: 'govuk-error-message', id: `${wrong.id}-error` },
        h('span', { class: 'govuk-visually-hidden' }, 'Error: '), 'Enter a number, like 3 or 2.5'));
      wrong.focus();
      return;
    }
    if (changes.length) this.opts.apply(changes);
    this.render();
    this.opts.after();
  }
}
