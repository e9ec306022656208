#!/usr/bin/env node
// Turn a rule file into a JavaScript module whose default export is the
// file's text, for pages that import their rules rather than fetch them.
//
//   node rules-module.mjs council.rules council-rules.js
//   npx screening-rules-module council.rules council-rules.js
//
// The text is written with JSON.stringify, so backticks, backslashes, "${",
// quotes and line breaks in the rule file all survive exactly. (A template
// literal, `export default \`...\``, breaks on the first backtick or
// backslash, and the screening then never loads.)
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The module's text for a rule file's text. */
export function rulesModule(text, source = 'a rule file') {
  // U+2028 and U+2029 are valid in JSON strings and in modern JavaScript, but
  // escaping them keeps the file safe for older tools too; "</" keeps it safe
  // should someone paste it inline into a <script> element.
  const literal = JSON.stringify(text).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029').replace(/<\//g, '<\\/');
  return `// Generated from ${source} by screening-engine's rules-module.mjs: do not edit.\nexport default ${literal};\n`;
}

/** Read `input`, write the module to `output`. */
export function writeRulesModule(input, output) {
  writeFileSync(output, rulesModule(readFileSync(input, 'utf8'), basename(input)));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [input, output] = process.argv.slice(2);
  if (!input || !output) {
    console.error('Usage: rules-module.mjs RULE_FILE OUTPUT.js');
    process.exit(2);
  }
  writeRulesModule(input, output);
}
