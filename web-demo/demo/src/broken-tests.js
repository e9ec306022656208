// A rule edit that takes out a rule or floor which a test names breaks that
// test, and the engine then refuses the whole file. In front of a room the
// rules themselves are fine: the tests that name what was taken out are set
// aside (listed, never hidden), so the edited rules still screen and compare
// the cases. Only errors that lie wholly inside test blocks are set aside;
// any other error still stops the file, as before. The test blocks are the
// engine's (its outline of the file), not found by scanning the text.

/**
 * The test blocks of a rule file, from the engine's outline (a test with a
 * syntax error included, as not parsed): [{ name, start, end }] (1-based lines).
 */
export function testBlocks(outline) {
  return outline.filter((b) => b.kind === 'test').map((b) => ({ name: b.title || `the test on line ${b.line}`, start: b.line, end: b.endLine }));
}

/**
 * When every error is inside a test block: the text with those blocks blanked
 * (lines kept, so every line number still points at the editor) and the tests
 * set aside, each with its problems. Otherwise null.
 * @param {string} text
 * @param {Array<{line:number, message:string, help?:string}>} errors
 * @param {Array} outline  the engine's outline of `text`
 */
export function setAsideBrokenTests(text, errors, outline) {
  if (!errors.length) return null;
  const blocks = testBlocks(outline);
  const aside = new Map();
  for (const d of errors) {
    const b = blocks.find((x) => d.line >= x.start && d.line <= x.end);
    if (!b) return null;
    if (!aside.has(b)) aside.set(b, []);
    aside.get(b).push(d);
  }
  const lines = text.split('\n');
  for (const b of aside.keys()) for (let i = b.start - 1; i < b.end; i++) lines[i] = '';
  return {
    text: lines.join('\n'),
    tests: [...aside].map(([b, ds]) => ({ name: b.name, line: b.start, problems: ds.map((d) => `Line ${d.line}: ${d.message}`) })),
  };
}
