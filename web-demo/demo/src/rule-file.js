// The policy lead's rule file lives on their own computer: the editor saves it
// there and opens it from there. Nothing is kept in the browser (no
// localStorage, sessionStorage, IndexedDB or cache): a rule file is the
// council's policy, and a shared or public computer must not keep a copy.
//
// Saving uses the browser's "Save as" dialog (the File System Access API)
// where there is one, so the person chooses the folder and the name; anywhere
// else, or when that dialog cannot be used (a page opened from disk in some
// browsers), the file is offered as a download, as the sign-off document is.

import { h } from './dom.js';

/**
 * Save `text` as `name`. Resolves to 'saved' (written through the dialog),
 * 'downloaded' (offered as a download) or 'cancelled' (the person closed the dialog).
 */
export async function saveRuleFile(text, name, win = window) {
  if (typeof win.showSaveFilePicker === 'function') {
    let handle;
    try {
      handle = await win.showSaveFilePicker({
        suggestedName: name,
        types: [{ description: 'Rule file', accept: { 'text/plain': ['.rules'] } }],
      });
    } catch (err) {
      if (err && err.name === 'AbortError') return 'cancelled';
      handle = null; // not allowed here (SecurityError and the like): download instead
    }
    if (handle) {
      const out = await handle.createWritable();
      await out.write(text);
      await out.close();
      return 'saved';
    }
  }
  download(text, name);
  return 'downloaded';
}

function download(text, name) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The click starts the download at once; the address is freed after it has been read.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A file name to save under: the name it was opened as, else the shipped file's. Always ends .rules. */
export function saveName(name) {
  const base = String(name || 'rules').replace(/[\\/:*?"<>|]+/g, '-').trim() || 'rules';
  return /\.rules$/i.test(base) ? base : `${base.replace(/\.(txt|text)$/i, '')}.rules`;
}

/**
 * Read a chosen file as rule text. Rejects a file that cannot be a rule file
 * (not text, or very large), with a message saying which and why.
 * @param {File} file
 */
export async function readRuleFile(file) {
  // The shipped files are about 250 KB; 5 MB is far beyond any rule file, and
  // keeps a wrongly chosen video or archive from being read into the editor.
  if (file.size > 5 * 1024 * 1024) throw new Error(`${file.name} is ${Math.round(file.size / 1024 / 1024)} MB, which is too big for a rule file. Choose the .rules file.`);
  const text = await file.text();
  if (text.includes('\u0000')) throw new Error(`${file.name} is not a text file. Choose the .rules file.`);
  // A byte order mark (Windows Notepad writes one) is not part of the rules.
  return text.replace(/^\uFEFF/, '');
}
