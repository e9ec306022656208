// The referral form, generated from the rule file's schema (ruleSet.schema()).
//
// Control names are the schema paths the engine reads, with list indexes:
//   referral_type, children[0].first_name, children[0].missing_episodes[1].started
// and every control's id is fieldId(path), so a fact in the outcome
// (`fact.field`) links straight to the control that answered it.
//
// Unanswered is meaningful to the engine (it makes rules "undecided"), so every
// question can be left unanswered: yes/no questions have a "Not known" choice,
// one-of questions a blank choice, several-of questions an explicit
// "None of these" (an exclusive checkbox), and lists "There are none" (a hidden
// `<list>.none` input), so that "none" and "not known" stay apart.
//
// The page screens the form with the package's attach() (see main.js), which
// reads these controls by name; getData() here keeps the answers across
// re-renders (a new schema, an added or removed item).

import { h, clear, fieldId } from './dom.js';
import { SECTIONS, LIST_ORDER, LIST_INTROS, TEXTAREA, HINTS, NOT_ANSWERED } from './form-layout.js';

const NONE = '__none__';

function humanise(id) {
  const s = String(id).replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function optionLabel(opt) {
  return opt.label || humanise(opt.id);
}

function lastName(path) {
  return path.replace(/\[\d+\]/g, '').split('.').pop();
}

export class ReferralForm {
  /**
   * @param {HTMLFormElement} formEl
   * @param {object} opts { onChange(data), onStructureChange() }
   */
  constructor(formEl, opts = {}) {
    this.formEl = formEl;
    this.onChange = opts.onChange || (() => {});
    this.schema = [];
    this.schemaKey = '';
    // Which lists were answered as "none" (an explicit empty list).
    this.answeredEmpty = new Set();
    formEl.addEventListener('input', () => this.changed());
    formEl.addEventListener('change', (e) => {
      this.exclusiveNone(e.target);
      this.changed();
    });
    formEl.addEventListener('submit', (e) => e.preventDefault());
  }

  changed() {
    this.onChange(this.getData());
  }

  /** Build (or rebuild) the form for a schema, keeping the answers that still fit. */
  setSchema(schema, answers) {
    const key = JSON.stringify(schema);
    if (key === this.schemaKey) return false;
    // The page passes every answer it keeps (also those the old form did not
    // ask), so answers come back when a later form asks for them again.
    const data = answers !== undefined ? answers : this.schema.length ? this.getData() : {};
    this.schema = schema;
    this.schemaKey = key;
    this.render(data);
    return true;
  }

  // ------------------------------------------------------------------ rendering

  render(data) {
    const formEl = this.formEl;
    const active = document.activeElement && formEl.contains(document.activeElement) ? document.activeElement.id : null;
    clear(formEl);
    const fields = this.schema.filter((f) => f.type !== 'list');
    const lists = this.schema.filter((f) => f.type === 'list');

    const claimed = new Set();
    for (const section of SECTIONS) {
      const own = fields.filter((f) => !claimed.has(f.name) && section.match.test(f.name));
      if (!own.length) continue;
      own.forEach((f) => claimed.add(f.name));
      formEl.appendChild(this.section(section.id, section.title, section.intro,
        own.map((f) => this.field(f, f.name, data ? data[f.name] : undefined))));
    }
    const rest = fields.filter((f) => !claimed.has(f.name));
    if (rest.length) {
      formEl.appendChild(this.section('other', 'Other details', null,
        rest.map((f) => this.field(f, f.name, data ? data[f.name] : undefined))));
    }

    const rank = (name) => {
      const i = LIST_ORDER.indexOf(name);
      return i < 0 ? LIST_ORDER.length : i;
    };
    for (const list of [...lists].sort((a, b) => rank(a.name) - rank(b.name))) {
      formEl.appendChild(this.list(list, list.name, data ? data[list.name] : undefined, 2));
    }
    if (active) {
      const el = document.getElementById(active);
      if (el) el.focus();
    }
  }

  section(id, title, intro, children) {
    return h('section', { class: 'app-form-section', 'aria-labelledby': `section-${id}` },
      h('h3', { class: 'govuk-heading-m app-form-section__title', id: `section-${id}` }, title),
      intro ? h('p', { class: 'govuk-body app-form-section__intro' }, intro) : null,
      children);
  }

  hint(field, path) {
    const text = HINTS[field.name];
    if (!text) return null;
    return h('div', { class: 'govuk-hint', id: `${fieldId(path)}-hint` }, text);
  }

  field(field, path, value) {
    const id = fieldId(path);
    const hint = this.hint(field, path);
    const describedBy = hint ? `${id}-hint` : null;
    const label = field.label || humanise(field.name);
    switch (field.type) {
      case 'yesNo': {
        const v = value === true ? 'yes' : value === false ? 'no' : '';
        const radio = (val, text, suffix) => h('div', { class: 'govuk-radios__item' },
          h('input', { class: 'govuk-radios__input', type: 'radio', name: path, id: suffix ? `${id}-${suffix}` : id, value: val, checked: v === val }),
          h('label', { class: 'govuk-label govuk-radios__label', for: suffix ? `${id}-${suffix}` : id }, text));
        return h('div', { class: 'govuk-form-group', dataset: { path } },
          h('fieldset', { class: 'govuk-fieldset', 'aria-describedby': describedBy },
            h('legend', { class: 'govuk-fieldset__legend govuk-fieldset__legend--s' }, label),
            hint,
            h('div', { class: 'govuk-radios govuk-radios--small govuk-radios--inline' },
              radio('yes', 'Yes', null), radio('no', 'No', 'no'), radio('', NOT_ANSWERED, 'unknown'))));
      }
      case 'oneOf': {
        const v = value === undefined || value === null ? '' : String(value);
        const known = (field.options || []).some((o) => o.id === v);
        return h('div', { class: 'govuk-form-group', dataset: { path } },
          h('label', { class: 'govuk-label govuk-label--s', for: id }, label),
          hint,
          h('select', { class: 'govuk-select app-select', id, name: path, 'aria-describedby': describedBy },
            h('option', { value: '', selected: v === '' }, `${NOT_ANSWERED} or not answered`),
            (field.options || []).map((o) => h('option', { value: o.id, selected: v === o.id }, optionLabel(o))),
            // Keep an answer the current options no longer have, so the engine can report it.
            !known && v !== '' ? h('option', { value: v, selected: true }, `${v} (not an option of this rule file)`) : null));
      }
      case 'severalOf': {
        const values = Array.isArray(value) ? value.map(String) : [];
        const none = Array.isArray(value) && value.length === 0;
        const items = (field.options || []).map((o, i) => h('div', { class: 'govuk-checkboxes__item' },
          h('input', { class: 'govuk-checkboxes__input', type: 'checkbox', name: path, id: i === 0 ? id : `${id}-${i}`, value: o.id, checked: values.includes(o.id) }),
          h('label', { class: 'govuk-label govuk-checkboxes__label', for: i === 0 ? id : `${id}-${i}` }, optionLabel(o))));
        return h('div', { class: 'govuk-form-group', dataset: { path } },
          h('fieldset', { class: 'govuk-fieldset', 'aria-describedby': describedBy },
            h('legend', { class: 'govuk-fieldset__legend govuk-fieldset__legend--s' }, label),
            hint || h('div', { class: 'govuk-hint' }, 'Select all that apply. Leave all unticked if not known.'),
            h('div', { class: 'govuk-checkboxes govuk-checkboxes--small' },
              items,
              h('div', { class: 'govuk-checkboxes__divider' }, 'or'),
              h('div', { class: 'govuk-checkboxes__item' },
                h('input', { class: 'govuk-checkboxes__input', type: 'checkbox', name: path, id: `${id}-none`, value: NONE, checked: none, dataset: { behaviour: 'exclusive' } }),
                h('label', { class: 'govuk-label govuk-checkboxes__label', for: `${id}-none` }, 'None of these')))));
      }
      case 'date':
        return h('div', { class: 'govuk-form-group', dataset: { path } },
          h('label', { class: 'govuk-label govuk-label--s', for: id }, label),
          hint,
          h('input', { class: 'govuk-input govuk-input--width-10', type: 'date', id, name: path, value: value ?? '', 'aria-describedby': describedBy }));
      case 'number':
        return h('div', { class: 'govuk-form-group', dataset: { path } },
          h('label', { class: 'govuk-label govuk-label--s', for: id }, label),
          hint,
          h('input', { class: 'govuk-input govuk-input--width-5', type: 'text', inputmode: 'decimal', spellcheck: 'false', id, name: path, value: value ?? '', 'aria-describedby': describedBy, dataset: { type: 'number' } }));
      case 'text':
      default: {
        if (TEXTAREA.test(field.name)) {
          return h('div', { class: 'govuk-form-group', dataset: { path } },
            h('label', { class: 'govuk-label govuk-label--s', for: id }, label),
            hint,
            h('textarea', { class: 'govuk-textarea', id, name: path, rows: /narrative|reason/.test(field.name) ? 6 : 3, spellcheck: 'true', 'aria-describedby': describedBy }, value ?? ''));
        }
        return h('div', { class: 'govuk-form-group', dataset: { path } },
          h('label', { class: 'govuk-label govuk-label--s', for: id }, label),
          hint,
          h('input', { class: 'govuk-input app-input-text', type: 'text', spellcheck: 'false', id, name: path, value: value ?? '', 'aria-describedby': describedBy }));
      }
    }
  }

  list(list, path, items, depth) {
    const id = fieldId(path);
    const itemLabel = list.itemLabel || humanise(list.itemName || 'item');
    const arr = Array.isArray(items) ? items : [];
    const answered = Array.isArray(items);
    if (answered && arr.length === 0) this.answeredEmpty.add(path);
    else this.answeredEmpty.delete(path);
    const headingTag = depth <= 2 ? 'h3' : 'h4';
    const legendClass = depth <= 2 ? 'govuk-fieldset__legend--m' : 'govuk-fieldset__legend--s';
    const label = list.label || humanise(list.name);
    const status = arr.length ? null
      : h('p', { class: 'govuk-body-s app-list__empty' }, answered ? `None recorded.` : `Not answered yet.`);
    const container = h('div', { class: `app-list app-list--depth-${depth}`, id, dataset: { listPath: path } },
      h('fieldset', { class: 'govuk-fieldset' },
        h('legend', { class: `govuk-fieldset__legend ${legendClass}` },
          h(headingTag, { class: 'govuk-fieldset__heading' }, label)),
        depth <= 2 && LIST_INTROS[list.name] ? h('p', { class: 'govuk-body app-form-section__intro' }, LIST_INTROS[list.name]) : null,
        status,
        // "There are none", as attach() reads it: an answered, empty list.
        answered && !arr.length ? h('input', { type: 'hidden', name: `${path}.none`, value: 'true' }) : null,
        h('div', { class: 'app-list__items' },
          arr.map((item, i) => this.item(list, `${path}[${i}]`, itemLabel, i, item || {}, depth))),
        h('div', { class: 'govuk-button-group app-list__buttons' },
          h('button', { type: 'button', class: 'govuk-button govuk-button--secondary app-list__add', onclick: () => this.addItem(path) },
            arr.length ? `Add another ${itemLabel.toLowerCase()}` : `Add ${indefinite(itemLabel.toLowerCase())}`,
            depth > 2 ? h('span', { class: 'govuk-visually-hidden' }, ` to ${this.ownerLabel(path)}`) : null),
          !arr.length && !answered
            ? h('button', { type: 'button', class: 'govuk-button govuk-button--secondary app-list__none', onclick: () => this.markNone(path) },
              `There are none`, h('span', { class: 'govuk-visually-hidden' }, `: ${label.toLowerCase()}`))
            : null)));
    return container;
  }

  ownerLabel(path) {
    const m = /^(.*)\[(\d+)\]\.[^.[]+$/.exec(path);
    if (!m) return '';
    const owner = this.findList(m[1]);
    return `${owner ? owner.itemLabel || humanise(owner.itemName || 'item') : 'item'} ${Number(m[2]) + 1}`;
  }

  item(list, path, itemLabel, index, value, depth) {
    const fields = (list.fields || []).filter((f) => f.type !== 'list');
    const lists = (list.fields || []).filter((f) => f.type === 'list');
    const title = `${itemLabel} ${index + 1}`;
    return h('div', { class: 'app-list__item', id: fieldId(path), dataset: { itemPath: path } },
      h('fieldset', { class: 'govuk-fieldset' },
        h('legend', { class: 'govuk-fieldset__legend govuk-fieldset__legend--s app-list__item-title' }, title),
        fields.map((f) => this.field(f, `${path}.${f.name}`, value[f.name])),
        lists.map((l) => this.list(l, `${path}.${l.name}`, value[l.name], depth + 1)),
        h('button', { type: 'button', class: 'govuk-button govuk-button--warning govuk-button--small app-list__remove', onclick: () => this.removeItem(path) },
          'Remove', h('span', { class: 'govuk-visually-hidden' }, ` ${title}${depth > 2 ? ` of ${this.ownerLabel(path.replace(/\[\d+\]$/, ''))}` : ''}`))));
  }

  // ------------------------------------------------------------------ list editing

  findList(path) {
    const parts = path.replace(/\[\d+\]/g, '').split('.');
    let fields = this.schema;
    let found = null;
    for (const p of parts) {
      found = fields.find((f) => f.name === p);
      if (!found) return null;
      fields = found.fields || [];
    }
    return found;
  }

  /** Get/set the array at a path inside data, creating it when asked. */
  static arrayAt(data, path, create) {
    const tokens = path.match(/[^.[\]]+|\[\d+\]/g);
    let obj = data;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      const key = t.startsWith('[') ? Number(t.slice(1, -1)) : t;
      const last = i === tokens.length - 1;
      if (last) {
        if (!Array.isArray(obj[key])) {
          if (!create) return null;
          obj[key] = [];
        }
        return obj[key];
      }
      if (obj[key] === undefined) {
        if (!create) return null;
        obj[key] = {};
      }
      obj = obj[key];
    }
    return null;
  }

  addItem(path) {
    const data = this.getData();
    const arr = ReferralForm.arrayAt(data, path, true);
    arr.push({});
    this.render(data);
    const item = this.formEl.querySelector(`[data-item-path="${path}[${arr.length - 1}]"]`);
    const first = item && item.querySelector('input, select, textarea');
    if (first) first.focus();
    this.changed();
  }

  removeItem(itemPath) {
    const m = /^(.*)\[(\d+)\]$/.exec(itemPath);
    if (!m) return;
    const data = this.getData();
    const arr = ReferralForm.arrayAt(data, m[1], true);
    arr.splice(Number(m[2]), 1);
    this.render(data);
    const list = this.formEl.querySelector(`[data-list-path="${m[1]}"]`);
    const target = list && (list.querySelector('.app-list__add'));
    if (target) target.focus();
    this.changed();
  }

  markNone(path) {
    const data = this.getData();
    ReferralForm.arrayAt(data, path, true);
    this.render(data);
    const list = this.formEl.querySelector(`[data-list-path="${path}"] .app-list__add`);
    if (list) list.focus();
    this.changed();
  }

  exclusiveNone(target) {
    if (!target || target.type !== 'checkbox' || !target.checked) return;
    const group = this.formEl.querySelectorAll(`input[type=checkbox][name="${CSS.escape(target.name)}"]`);
    for (const box of group) {
      if (box === target) continue;
      if (target.value === NONE || box.value === NONE) box.checked = false;
    }
  }

  // ------------------------------------------------------------------ reading and writing answers

  /** The form as JSON the engine reads: unanswered questions are left out. */
  getData() {
    return this.collect(this.schema, '');
  }

  collect(fields, prefix) {
    const out = {};
    for (const f of fields) {
      const path = prefix ? `${prefix}.${f.name}` : f.name;
      if (f.type === 'list') {
        const container = this.formEl.querySelector(`[data-list-path="${CSS.escape(path)}"]`);
        if (!container) continue;
        const items = [...container.querySelectorAll(':scope > fieldset > .app-list__items > .app-list__item')];
        if (items.length) {
          out[f.name] = items.map((_, i) => this.collect(f.fields || [], `${path}[${i}]`));
        } else if (this.answeredEmpty.has(path)) {
          out[f.name] = [];
        }
        continue;
      }
      const v = this.readField(f, path);
      if (v !== undefined) out[f.name] = v;
    }
    return out;
  }

  readField(f, path) {
    const els = this.formEl.querySelectorAll(`[name="${CSS.escape(path)}"]`);
    if (!els.length) return undefined;
    switch (f.type) {
      case 'yesNo': {
        const checked = [...els].find((e) => e.checked);
        if (!checked || checked.value === '') return undefined;
        return checked.value === 'yes';
      }
      case 'severalOf': {
        const checked = [...els].filter((e) => e.checked).map((e) => e.value);
        if (checked.includes(NONE)) return [];
        return checked.length ? checked : undefined;
      }
      case 'number': {
        const raw = els[0].value.trim();
        if (raw === '') return undefined;
        const n = Number(raw);
        // A number that does not read as one is passed on as typed: the engine reports it.
        return Number.isFinite(n) ? n : raw;
      }
      default: {
        const raw = els[0].value;
        if (f.type === 'text') return raw.trim() === '' ? undefined : raw;
        return raw === '' ? undefined : raw;
      }
    }
  }

  /** Load answers (a training case) into the form. */
  setData(data) {
    this.answeredEmpty.clear();
    this.render(data || {});
    this.changed();
  }

  /** Move focus to the control for a fact's field path. Returns true when found. */
  focusField(path) {
    let el = document.getElementById(fieldId(path));
    let p = path;
    // A derived value (a definition) has no control: walk up to its record.
    while (!el && p) {
      const m = /^(.*?)(\.[^.[\]]+|\[\d+\])$/.exec(p);
      if (!m) break;
      p = m[1];
      el = document.getElementById(fieldId(p));
    }
    if (!el) return false;
    const group = el.closest('.govuk-form-group') || el;
    group.classList.remove('app-flash');
    void group.offsetWidth;
    group.classList.add('app-flash');
    if (!el.matches('input, select, textarea, button')) {
      const inner = el.querySelector('input, select, textarea');
      if (inner) el = inner;
    }
    el.focus({ preventScroll: true });
    group.scrollIntoView({ block: 'center', behavior: 'smooth' });
    return true;
  }

  static lastName(path) { return lastName(path); }
}

/** "a child", "an incident": the article a word takes, by its first letter. */
function indefinite(noun) {
  return `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;
}
