// Small DOM helpers. Everything is built with createElement and textContent:
// no innerHTML anywhere, so no text from a form or a rule file is ever parsed as HTML.

/**
 * h('div', {class: 'x', onclick: fn}, 'text', child, [more children])
 * Attributes whose value is null, undefined or false are left out.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (key.startsWith('on') && typeof value === 'function') {
        el.addEventListener(key.slice(2), value);
      } else if (key === 'class') {
        el.className = value;
      } else if (key === 'dataset') {
        Object.assign(el.dataset, value);
      } else if (value === true) {
        el.setAttribute(key, '');
      } else {
        el.setAttribute(key, String(value));
      }
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

export function replace(el, ...children) {
  clear(el);
  append(el, children);
  return el;
}

/** A GOV.UK tag. */
export function tag(text, colour) {
  return h('strong', { class: `govuk-tag${colour ? ` govuk-tag--${colour}` : ''}` }, text);
}

export function debounce(fn, ms) {
  let timer = null;
  const wrapped = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  wrapped.flush = (...args) => {
    clearTimeout(timer);
    fn(...args);
  };
  return wrapped;
}

/** A stable element id for a form path such as children[0].missing_episodes[1].started */
export function fieldId(path) {
  return 'f-' + path.replace(/\[(\d+)\]/g, '-$1').replace(/[^A-Za-z0-9_-]/g, '-');
}

export function todayIso() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function formatDate(iso) {
  if (!iso || !/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso || '';
  const [y, m, d] = iso.split('-').map(Number);
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
    'September', 'October', 'November', 'December'];
  return `${d} ${months[m - 1]} ${y}`;
}

export const $ = (id) => document.getElementById(id);

/** Open a tab of the page's tabs (GOV.UK Frontend's Tabs), unless it is open. */
export function showTab(id) {
  const link = document.querySelector(`.govuk-tabs__tab[href="#${id}"]`);
  const panel = $(id);
  if (link && panel && panel.classList.contains('govuk-tabs__panel--hidden')) link.click();
}

/** The page's own error box, for what stops it working (the engine not loading, say). */
export function fail(err) {
  const box = $('load-error');
  box.hidden = false;
  $('load-error-text').textContent = String(err && err.message ? err.message : err);
  box.focus();
}
