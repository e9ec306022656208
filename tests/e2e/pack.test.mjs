// The package README's install steps, followed literally: the one command that
// builds the tarball from the repository, then `npm install` of it in a new
// project. The tarball must carry every file the package lists and every
// module attach() imports, and the wording rule set three ways, the compiled
// one loading in the runtime; and the README's download figures must be true.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, PACKAGE, packageImports } from './helpers.mjs';

const readme = readFileSync(join(PACKAGE, 'README.md'), 'utf8');
const install = readme.slice(readme.indexOf('## Install'), readme.indexOf('## Use'));
const shBlocks = [...install.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1].split('\n').filter(Boolean).map((l) => l.replace(/\s+#.*$/, '')));
const pkg = JSON.parse(readFileSync(join(PACKAGE, 'package.json'), 'utf8'));
const tgzName = `screening-engine-${pkg.version}.tgz`;

test('the README builds the tarball with one command, and installs it', () => {
  assert.deepEqual(shBlocks[0], ['bash web-demo/package/pack.sh'], 'the first command of Install');
  assert.deepEqual(shBlocks[1], [`npm install ./${tgzName}`], 'the second command of Install');
  const out = execFileSync('bash', ['-c', shBlocks[0][0]], { cwd: ROOT, encoding: 'utf8' });
  assert.match(out, new RegExp(`Wrote web-demo/build/${tgzName.replace(/\./g, '\\.')}`));
  const tgz = join(ROOT, 'web-demo', 'build', tgzName);
  assert.ok(existsSync(tgz));

  const listed = execFileSync('tar', ['-tzf', tgz], { encoding: 'utf8' }).split('\n').filter(Boolean).map((f) => f.replace(/^package\//, ''));
  // A pattern in "files" (attach/*.js) is checked through what attach.js imports, below.
  for (const f of pkg.files.filter((f) => !f.includes('*'))) assert.ok(listed.includes(f), `the tarball carries ${f}`);
  for (const f of ['rules/language.rules', 'rules/language.js', 'rules/language.wasm']) assert.ok(listed.includes(f), `the tarball carries ${f}`);
  // Every module attach.js reaches (statically or by import()) is in the tarball.
  for (const f of packageImports('attach.js')) assert.ok(listed.includes(f), `attach.js needs ${f}, which the tarball lacks`);

  const site = mkdtempSync(join(tmpdir(), 'council-site-'));
  writeFileSync(join(site, 'package.json'), JSON.stringify({ name: 'council-site', version: '1.0.0', private: true }));
  copyFileSync(tgz, join(site, tgzName));
  execFileSync('bash', ['-c', `${shBlocks[1][0]} --no-audit --no-fund`], { cwd: site, encoding: 'utf8' });
  assert.ok(existsSync(join(site, 'node_modules', 'screening-engine', 'rules', 'language.wasm')));
  globalThis.__installedSite = site;
});

test('the installed package screens with the compiled wording rule set', async () => {
  const site = globalThis.__installedSite;
  assert.ok(site, 'the install step ran');
  const dir = join(site, 'node_modules', 'screening-engine');
  const { loadCompiledRuleSet } = await import(pathToFileURL(join(dir, 'compiled.js')).href);
  const rules = await loadCompiledRuleSet(readFileSync(join(dir, 'rules', 'language.wasm')));
  const outcome = rules.evaluate({ narrative: 'He is streetwise and putting himself at risk.' }, { date: '2026-11-20' });
  assert.ok(outcome.prompts.some((p) => /put themselves at risk/.test(p.text)), 'the wording prompt from the compiled rule set');
  const plain = rules.evaluate({ narrative: 'She was seen near the station.' }, { date: '2026-11-20' });
  assert.equal(plain.prompts.length, 0);
});

test("the README's download figures are the package's, within 5%", () => {
  const json = join(mkdtempSync(join(tmpdir(), 'size-')), 'sizes.json');
  execFileSync('node', [join(ROOT, 'tests', 'bench', 'size.mjs'), '--json', json], { encoding: 'utf8' });
  const measured = JSON.parse(readFileSync(json, 'utf8'));
  const stated = (label) => {
    const m = readme.match(new RegExp(`\\| \`attach\\(\\)\` with a ${label}[^\\n]*\\| (\\d+) KB \\|`));
    assert.ok(m, `the README states the download for "${label}"`);
    return Number(m[1]) * 1024;
  };
  for (const [label, key] of [['compiled rule set', 'compiled'], ['rule file', 'authoring']]) {
    const want = measured[key].gzip;
    const got = stated(label);
    assert.ok(Math.abs(got - want) / want <= 0.05, `README says ${got / 1024} KB for "${label}", the package measures ${Math.round(want / 1024)} KB: update the table`);
  }
});
