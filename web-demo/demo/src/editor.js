// The rule editor: CodeMirror 6 with the rule language, line numbers, inline
// diagnostics from the engine's check() as you type, and completion of field
// names from the schema. Tab is left to move focus (no keyboard trap); use the
// editor's own indentation (Enter keeps the indent) instead.

import { EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter, drawSelection, highlightSpecialChars } from '@codemirror/view';
import { EditorState, Compartment } from '@codemirror/state';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { foldGutter, foldKeymap, indentOnInput, bracketMatching } from '@codemirror/language';
import { linter, lintGutter, lintKeymap, forceLinting } from '@codemirror/lint';
import { autocompletion, completionKeymap, closeBrackets, closeBracketsKeymap } from '@codemirror/autocomplete';
import { searchKeymap, highlightSelectionMatches } from '@codemirror/search';
import { ruleLanguageSupport, ruleCompletion } from './rule-language.js';

/** Turn a 1-based line and character column into a document offset. */
export function offsetOf(doc, line, column) {
  if (!line || line < 1) return 0;
  if (line > doc.lines) return doc.length;
  const l = doc.line(line);
  // Columns count characters; CodeMirror counts UTF-16 code units.
  const chars = [...l.text];
  const prefix = chars.slice(0, Math.max(0, (column || 1) - 1)).join('');
  return Math.min(l.from + prefix.length, l.to);
}

export function toCmDiagnostics(doc, diags) {
  return (diags || []).map((d) => {
    let from = offsetOf(doc, d.line, d.column);
    let to = d.endLine ? offsetOf(doc, d.endLine, d.endColumn) : from;
    if (to <= from) {
      // Point diagnostics: mark the word (or the rest of the line) so the underline shows.
      const line = doc.lineAt(from);
      const rest = line.text.slice(from - line.from);
      const m = /^\S+/.exec(rest);
      to = m ? from + m[0].length : line.to;
      if (to === from && from > line.from) from -= 1;
    }
    return {
      from,
      to,
      severity: d.severity === 'warning' ? 'warning' : 'error',
      source: d.code,
      message: `${d.message}${d.help ? `\n${d.help}` : ''}`,
    };
  });
}

// Text of more than one line arriving in one input event (the browser's own
// paste or drop when the clipboard event carries no data, an input tool, a
// test driver's insertText) is put into the document here, as CodeMirror puts
// a paste it handles itself. Left to the browser, contenteditable inserts it
// a line at a time, each line re-laying out the rest: a whole 254 KB rule file
// took 45 seconds that way, and well under a second this way.
const AT_ONCE = new Set(['insertText', 'insertFromPaste', 'insertFromDrop', 'insertReplacementText', 'insertFromYank']);

function insertAtOnce(e, view) {
  if (!AT_ONCE.has(e.inputType) || e.isComposing || view.state.readOnly) return false;
  const text = e.data != null ? e.data : e.dataTransfer ? e.dataTransfer.getData('text/plain') : null;
  if (!text || !/[\n\r]/.test(text)) return false;
  e.preventDefault();
  view.dispatch(view.state.replaceSelection(view.state.toText(text)), {
    userEvent: e.inputType === 'insertFromDrop' ? 'input.drop' : 'input.paste',
    scrollIntoView: true,
  });
  return true;
}

export class RuleEditor {
  /**
   * @param {HTMLElement} parent
   * @param {object} opts { doc, check(text) -> diagnostics, getSchema(), getOutline(text), onChange(text), labelledBy }
   */
  constructor(parent, opts) {
    this.opts = opts;
    this.readOnly = new Compartment();
    const lint = linter((view) => toCmDiagnostics(view.state.doc, opts.check(view.state.doc.toString())), { delay: 250 });
    this.view = new EditorView({
      parent,
      state: EditorState.create({
        doc: opts.doc || '',
        extensions: [
          lineNumbers(),
          foldGutter(),
          lintGutter(),
          highlightSpecialChars(),
          history(),
          drawSelection(),
          indentOnInput(),
          bracketMatching(),
          closeBrackets(),
          highlightActiveLine(),
          highlightActiveLineGutter(),
          highlightSelectionMatches(),
          ruleLanguageSupport(),
          autocompletion({ override: [ruleCompletion(opts.getSchema, opts.getOutline)], activateOnTyping: true }),
          lint,
          keymap.of([
            ...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap, ...historyKeymap,
            ...foldKeymap, ...completionKeymap, ...lintKeymap,
          ]),
          EditorState.tabSize.of(2),
          // The search bar in words a policy lead would use.
          EditorState.phrases.of({
            Find: 'Find in the rules',
            Replace: 'Replace with',
            next: 'Next',
            previous: 'Previous',
            all: 'Show all',
            'match case': 'Match capitals',
            regexp: 'Pattern',
            'by word': 'Whole words only',
            replace: 'Replace',
            'replace all': 'Replace all',
            close: 'Close',
            'Go to line': 'Go to line',
            go: 'Go',
          }),
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({
            'aria-labelledby': opts.labelledBy || '',
            'aria-describedby': opts.describedBy || '',
            spellcheck: 'false',
            autocorrect: 'off',
            autocapitalize: 'off',
          }),
          this.readOnly.of(EditorState.readOnly.of(false)),
          EditorView.domEventHandlers({ beforeinput: (e, view) => insertAtOnce(e, view) }),
          EditorView.updateListener.of((u) => {
            if (u.docChanged && opts.onChange) opts.onChange(u.state.doc.toString());
          }),
        ],
      }),
    });
    // A scrollable region must be reachable by keyboard (WCAG 2.1.1; axe
    // rule scrollable-region-focusable): the scroller is a tab stop of its
    // own, so arrow keys can scroll the file without editing it.
    this.view.scrollDOM.setAttribute('tabindex', '0');
  }

  get text() {
    return this.view.state.doc.toString();
  }

  setText(text) {
    this.view.dispatch({ changes: { from: 0, to: this.view.state.doc.length, insert: text } });
  }

  relint() {
    forceLinting(this.view);
  }

  /** Move the cursor to a line (1-based) and focus the editor. */
  goTo(line, column = 1) {
    const pos = offsetOf(this.view.state.doc, line, column);
    this.view.dispatch({ selection: { anchor: pos }, scrollIntoView: true });
    this.view.focus();
  }
}
