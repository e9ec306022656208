// Benchmark: a whole rule file pasted into the demo page's rule editor, as a
// policy lead pastes a file from elsewhere (issue 20: it took about 90 seconds).
// In headless Chromium on the built page (web-demo/build): select all, paste
// the shipped main rule file with one title changed (so it is an edit, which
// the page checks and compiles), and time until the page has the result: the
// editor shows the text, the rule file is marked edited, the problems list and
// the screening panel are drawn again, and the main thread is free (two frames
// painted). Also prints the longest task the paste caused.
//
//   node tests/bench/paste.mjs [RUNS]     (after web-demo/build-engine.sh and the demo build)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../e2e/helpers.mjs';
import { launch } from '../e2e/browser.mjs';
import { serve } from '../e2e/server.mjs';

const runs = Number(process.argv[2] || 3);
// paste (a clipboard event, as Ctrl+V) or insertText (the text typed in at once)
const how = process.env.PASTE_HOW || 'paste';
const file = process.env.PASTE_FILE || join(ROOT, 'rules', 'contextual-safeguarding.rules');
const original = readFileSync(file, 'utf8');

const server = await serve(join(ROOT, 'web-demo', 'build'));
const browser = await launch();
const results = [];
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${server.url}/index.html`);
  await page.waitForSelector('html[data-ready="true"]', { timeout: 60000 });
  await page.click('.govuk-tabs__tab[href="#tab-rules"]');
  for (let run = 0; run < runs; run++) {
    // A different title each run, so each paste is an edit the page has not seen.
    const text = original.replace(/^(rule \w+ ")/m, `$1Run ${run + 1}: `);
    await page.click('.cm-content');
    await page.keyboard.press('Control+a');
    // Watch from inside the page: the time from the paste to the result, and the longest task.
    await page.evaluate(() => {
      const w = { longest: 0, before: document.getElementById('screening-output').dataset.draws };
      w.obs = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.longest = Math.max(w.longest, e.duration);
      });
      w.obs.observe({ type: 'longtask' });
      window.__pasteWatch = w;
    });
    const start = Date.now();
    if (how === 'insertText') {
      // The text arriving in one input event, as a test driver, an input tool or the
      // browser's own paste does when the page leaves it to the browser.
      await page.keyboard.insertText(text);
    } else {
      await page.evaluate((text) => {
        const data = new DataTransfer();
        data.setData('text/plain', text);
        document.querySelector('.cm-content').dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      }, text);
    }
    const inEditor = Date.now() - start;
    const r = await page.evaluate(async () => {
      const w = window.__pasteWatch;
      // The result: the page has taken the pasted file (marked edited), and the panel was drawn again.
      await new Promise((resolve) => {
        const tick = () => {
          const info = document.getElementById('rule-info').textContent;
          if (/Edited/.test(info) && document.getElementById('screening-output').dataset.draws !== w.before) resolve();
          else setTimeout(tick, 5);
        };
        tick();
      });
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      w.obs.disconnect();
      return { longestTask: w.longest };
    });
    r.inEditor = inEditor;
    r.total = Date.now() - start;
    const ok = await page.evaluate((n) => document.querySelector('.cm-content').cmView.view.state.doc.length === n, text.length).catch(() => null);
    results.push({ ...r, complete: ok });
    process.stderr.write(`run ${run + 1}: paste into the editor ${r.inEditor.toFixed(0)} ms, paste to result ${r.total.toFixed(0)} ms, longest task ${r.longestTask.toFixed(0)} ms${ok === false ? ' (INCOMPLETE)' : ''}\n`);
  }
} finally {
  await browser.close();
  await server.close();
}
const sorted = results.map((r) => r.total).sort((a, b) => a - b);
console.log(JSON.stringify({ file: file.replace(`${ROOT}/`, ''), bytes: Buffer.byteLength(original), runs: results, medianMs: Math.round(sorted[Math.floor(sorted.length / 2)]) }, null, 2));
