// What the authoring engine (index.js) and the runtime for compiled rule sets
// (compiled.js) share: dates and the error a form or date that cannot be read
// throws. Kept apart so a page that loads only the runtime does not load the
// authoring engine's JavaScript to get them.

/** Thrown by `evaluate` when the form or the date cannot be read. */
export class FormError extends Error {
  constructor(message, code, diagnostics) {
    super(message);
    this.name = 'FormError';
    this.code = code;
    this.diagnostics = diagnostics;
  }
}

/** Today's date where the person is, as YYYY-MM-DD. */
export function today() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** An evaluation date option as the engine reads it: YYYY-MM-DD text. */
export function dateText(date) {
  if (date === undefined || date === null) return today();
  if (date instanceof Date) {
    if (Number.isNaN(date.getTime())) throw new FormError('The evaluation date is not a valid Date.', 'E_ARGUMENT', []);
    const pad = (n) => String(n).padStart(2, '0');
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  }
  return date; // a string, or anything else for the engine to refuse cleanly
}

/** Where a .wasm file is: a URL or path resolved against `base`, read from disk in Node. */
export async function wasmSource(input, base) {
  let source = input;
  if (typeof source === 'string') source = new URL(source, base);
  // Node (and Deno) cannot fetch file: URLs; read the bytes instead.
  if (source instanceof URL && source.protocol === 'file:') {
    const { readFile } = await import('node:fs/promises');
    source = await readFile(source);
  }
  return source;
}

/**
 * `present()`'s options as the engine reads them: the audience and the
 * labels of the form's controls (the date goes as its own argument).
 */
export function presentOptions(options) {
  return { audience: options?.audience ?? 'referrer', labels: options?.labels ?? {} };
}
