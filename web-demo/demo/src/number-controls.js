// "Change a number in a rule": the thresholds and counts of a rule, floor or
// score as number boxes, so a trainer changes "three or more times" to four
// in front of a room without editing rule text. The change goes through the
// editor like a typed one (Ctrl+Z and "Reset" undo it), and the page then
// shows what it changes across the training cases.
//
// The blocks and their numbers come from the engine's outline of the file
// (`outline()`): the parser's own number tokens, so digits in a title, a
// rationale, a comment or a date are never offered as a threshold.

import { h, replace } from './dom.js';

const KINDS = new Set(['rule', 'floor', 'score']);

/**
 * The rules, floors and scores with numbers in them, from the engine's outline:
 * [{ kind, id, title, numbers: [{ line, column, endColumn, value, text, indent }] }]
 * (lines and columns 1-based, columns in characters; `text` is the line's own text).
 * @param {Array} outline  the engine's outline of the file
 * @param {(line: number) => string} lineText  the text of a line of the same file
 */
export function numberedBlocks(outline, lineText) {
  return outline
    .filter((b) => b.parsed && KINDS.has(b.kind) && b.numbers.length)
    .map((b) => ({
      kind: b.kind,
      id: b.id,
      title: b.title || '',
      numbers: b.numbers.map((n) => {
        const line = lineText(n.line);
        const indent = line.length - line.trimStart().length;
        return { line: n.line, column: n.column, endColumn: n.endColumn, value: n.text, text: line.trimStart(), indent };
      }),
    }));
}

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth'];

/** "Line 1655, the second number: band … from 1 to [9]": which number a box changes, in the line it is on. */
function numberLabel(block, n) {
  const onLine = block.numbers.filter((x) => x.line === n.line);
  const nth = onLine.indexOf(n);
  const chars = [...n.text];
  // Columns count characters from the start of the line; the text shown starts at its first word.
  const at = n.column - 1 - n.indent;
  const raw = n.text;
  const before = chars.slice(0, at).join('');
  return [
    `Line ${n.line}${onLine.length > 1 ? `, the ${ORDINALS[nth] || `number ${nth + 1}`} number` : ''}: `,
    h('code', { class: 'app-rule-text' }, before, h('mark', { class: 'app-numbers__this' }, n.value), raw.slice(before.length + n.value.length)),
  ];
}

export class NumberControls {
  /**
   * @param {HTMLElement} root
   * @param {object} opts { outline(): Array, lineText(line): string, apply(changes: [{line, column, endColumn, insert}]), after() }
   */
  constructor(root, opts) {
    this.root = root;
    this.opts = opts;
    this.chosen = '';
  }

  /** Draw the picker and, for the chosen block, a box for each of its numbers. */
  render() {
    const blocks = numberedBlocks(this.opts.outline(), this.opts.lineText);
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
            h('input', { class: 'govuk-input govuk-input--width-4', id: `number-${i}`, type: 'text', inputmode: 'decimal', spellcheck: 'false', value: n.value, dataset: { line: String(n.line), column: String(n.column) } }))),
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
      else if (v !== n.value) changes.push({ line: n.line, column: n.column, endColumn: n.endColumn, insert: v });
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
