// Puts the wording-check rule set into the package, from the repository's
// rules/, in the three forms a page can use (run by web-demo/build-engine.sh,
// by `npm pack` through "prepack", and by the example forms' build):
//   rules/language.rules  the rule file, for pages that compile it (authoring engine);
//   rules/language.js     the same text as a module (rules-module.mjs);
//   rules/language.wasm   the rule set compiled to WebAssembly, for pages that
//                         screen with the small runtime (`companions: [{ compiled }]`).
// The copies are not kept in git: rules/language.rules stays the one source.
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeRulesModule } from './rules-module.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const source = join(here, '..', '..', 'rules', 'language.rules');

/** Copy the rule file and write its module (no engine needed). */
export function copyRules() {
  if (!existsSync(source)) throw new Error(`${source} is missing: the package ships the repository's wording rule set.`);
  mkdirSync(join(here, 'rules'), { recursive: true });
  copyFileSync(source, join(here, 'rules', 'language.rules'));
  writeRulesModule(source, join(here, 'rules', 'language.js'));
}

/** Also compile the rule set to rules/language.wasm, with the package's own authoring engine. */
export async function buildRules() {
  copyRules();
  if (!existsSync(join(here, 'pkg', 'screening_engine_bg.wasm'))) {
    throw new Error('The engine is not built (pkg/ is missing): run web-demo/build-engine.sh from the repository first.');
  }
  const engine = await import('./index.js');
  await engine.init();
  writeFileSync(join(here, 'rules', 'language.wasm'), await engine.compileToWasm(readFileSync(source, 'utf8')));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildRules().catch((err) => {
    console.error(err.message);
    process.exit(1);
  });
}
