// Assemble the one-child example form as a static site in
// web-demo/build/example-form-one-child/: the page (GOV.UK Frontend's
// Nunjucks macros), GOV.UK Frontend's CSS, fonts and JS, the engine package
// (with its wording rule set) and the council's rule file, served as is.
//
//   node web-demo/example-form-one-child/build.mjs   (run by the first form's build)
import { cpSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { copyRules } from '../package/copy-rules.mjs';
import { pkg, writeGovukSite } from '../example-form/govuk-site.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const webDemo = join(here, '..');
const root = join(webDemo, '..');
const out = join(webDemo, 'build', 'example-form-one-child');

writeGovukSite(here, out);
// The wording rule set shipped with the package (copied from rules/).
copyRules();
cpSync(join(pkg, 'rules'), join(out, 'screening-engine', 'rules'), { recursive: true });

// The council's rule file, fetched by the page from this site.
cpSync(join(here, 'council.rules'), join(out, 'council.rules'));
cpSync(join(here, 'screening.js'), join(out, 'screening.js'));

console.error(`Example form written to ${out.slice(root.length + 1)}/`);
