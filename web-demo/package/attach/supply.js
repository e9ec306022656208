// Answers the form does not ask: fixed for this form (options.answers), or a
// fallback used when the form does not give it (options.fallbacks).

// Sets fixed answers and fallbacks on the answers read from the form, and
// says which it set, so the screener can see them.
export function supplyAnswers(answers, leaves, opts, date) {
  const given = [];
  const apply = (source, how) => {
    for (const [path, spec] of Object.entries(source)) {
      // Only fields this rule set reads (a companion rule set reads fewer).
      if (!leaves.some((l) => l.path === path)) continue;
      const parts = path.split('.');
      const setIn = (record, i, at) => {
        const name = parts[i];
        if (i === parts.length - 1) {
          if (how === 'fallback' && record[name] !== undefined) return;
          const value = typeof spec === 'function' ? spec({ date, answers }) : spec;
          if (value === undefined) return;
          record[name] = value;
          given.push({ field: at ? `${at}.${name}` : name, value, how });
          return;
        }
        // A field inside a list: every item the form has (an empty form has none).
        const items = record[name];
        if (!Array.isArray(items)) return;
        items.forEach((item, k) => setIn(item, i + 1, `${at ? `${at}.` : ''}${name}[${k}]`));
      };
      setIn(answers, 0, '');
    }
  };
  apply(opts.fixed, 'fixed');
  apply(opts.fallbacks, 'fallback');
  return given;
}
