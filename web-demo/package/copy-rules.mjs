// Copies the wording-check rule set from the repository's rules/ into the
// package at build time (run by `npm pack` through "prepack", and by the
// example forms' build), as the rule file and as a JavaScript module. The
// copies are not kept in git: rules/language.rules stays the one source.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeRulesModule } from './rules-module.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const source = join(here, '..', '..', 'rules', 'language.rules');

export function copyRules() {
  if (!existsSync(source)) throw new Error(`${source} is missing: the package ships the repository's wording rule set.`);
  mkdirSync(join(here, 'rules'), { recursive: true });
  copyFileSync(source, join(here, 'rules', 'language.rules'));
  writeRulesModule(source, join(here, 'rules', 'language.js'));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) copyRules();
