// A form laid out for a compiled rule set straight from JavaScript values:
// the fast way into `CompiledRuleSet.decide` (compiled.js). The runtime's
// own way is to take the form as JSON text, parse it, read it by the schema
// (`form::read`) and lay it out (`Loaded::prepare`, engine/src/compiled/);
// this writer gives the same bytes without the text and the copies, driven
// by the table the runtime gives once per rule set (`formTable()`: each
// record's fields in order, their types and options, the limits and the
// layout's offsets, from engine/src/compiled/prepare.rs).
//
// It takes only the forms it lays out exactly as Rust does: plain objects of
// known fields, with yes or no, finite numbers, texts (in ASCII, Latin-1 and
// the common punctuation, £ and €: characters whose Unicode properties have
// never changed, so Rust's tables and the browser's agree), real dates
// written YYYY-MM-DD, known options and lists of such records. For anything
// else (an unknown field, a value of another kind, text with other characters, a
// date written another way, a form near a limit, anything the Rust reader
// would warn about or refuse) it returns null, and the form goes to the
// runtime's reader, so errors and warnings are always the Rust reader's.
// tests/e2e/compiled-form.test.mjs checks, form by form, that the bytes are
// the runtime's own.

// A form this writer leaves to the runtime's reader.
const NOT_MINE = Symbol('not mine');

const ASCII = /^[\x00-\x7f]*$/;
// Unicode's white space among ASCII (Rust's `char::is_whitespace`): tab,
// line feed, vertical tab, form feed, carriage return and space.
const BLANK = /^[\t\n\v\f\r ]*$/;

// For each code up to U+00FF: 1 when it is a letter or digit (Rust's
// `char::is_alphanumeric`: Alphabetic or Numeric). Above ASCII: ª ² ³ µ ¹ º
// ¼ ½ ¾ and the letters from À, but not × and ÷. Nothing from U+2010 is.
const ALNUM = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  const ch = String.fromCharCode(c);
  ALNUM[c] = /[A-Za-z0-9]/.test(ch) || (c >= 0xc0 && c !== 0xd7 && c !== 0xf7) || [0xaa, 0xb2, 0xb3, 0xb5, 0xb9, 0xba, 0xbc, 0xbd, 0xbe].includes(c) ? 1 : 0;
}

// The field types of the runtime's table, numbered for the switch below (-1: one it does not know).
const KINDS = ['yesno', 'number', 'text', 'date', 'oneof', 'severalof', 'list'];
const [YESNO, NUMBER, TEXT_KIND, DATE_KIND, ONEOF, SEVERALOF, LIST] = KINDS.keys();

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

// The Julian day number of a real date (the runtime's `Day`), or NOT_MINE.
// Years before 1 are left to the runtime.
function julianDay(y, m, d) {
  if (!(y >= 1 && m >= 1 && m <= 12 && d >= 1)) return NOT_MINE;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  if (d > (m === 2 && leap ? 29 : DAYS_IN_MONTH[m - 1])) return NOT_MINE;
  // Days from 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's
  // days_from_civil), then 2440588, that day's Julian day number.
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468 + 2440588;
}

const isSpace = (c) => c === 32 || (c >= 9 && c <= 13);
const digit = (s, i) => {
  const d = s.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : NaN;
};

// The Julian day of a date written YYYY-MM-DD, with white space around it
// when `trim` (the runtime's form reader trims; its date argument does not);
// NOT_MINE for anything else, which the runtime reads or refuses itself.
function isoDay(s, trim) {
  let a = 0;
  let b = s.length;
  if (trim) {
    while (a < b && isSpace(s.charCodeAt(a))) a++;
    while (b > a && isSpace(s.charCodeAt(b - 1))) b--;
  }
  if (b - a !== 10 || s.charCodeAt(a + 4) !== 45 || s.charCodeAt(a + 7) !== 45) return NOT_MINE;
  const y = digit(s, a) * 1000 + digit(s, a + 1) * 100 + digit(s, a + 2) * 10 + digit(s, a + 3);
  const m = digit(s, a + 5) * 10 + digit(s, a + 6);
  const d = digit(s, a + 8) * 10 + digit(s, a + 9);
  // A digit that is not one makes NaN, which julianDay refuses.
  return julianDay(y, m, d);
}

function isPlainObject(v) {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  // JSON.stringify would call a toJSON: leave such an object to the runtime.
  return (proto === Object.prototype || proto === null) && v.toJSON === undefined;
}

function isPlainArray(v) {
  return Array.isArray(v) && Object.getPrototypeOf(v) === Array.prototype && v.toJSON === undefined;
}

/**
 * Lays forms out for one compiled rule set. `table` is the runtime's
 * `formTable()` for it; `write(form, date)` gives the module's input (a view
 * of a buffer reused by the next call), or null when the form is not one it
 * takes.
 */
export class FormWriter {
  #t;
  #records;
  #buf = new ArrayBuffer(8192);
  #bytes = new Uint8Array(this.#buf);
  #view = new DataView(this.#buf);
  #len = 0;
  #count = 0;
  #texts = 0;
  // An upper bound on the length of the form's JSON text.
  #jsonBytes = 0;
  // True while a form is being laid out: a getter on the form that screens
  // another form meanwhile must not write over this one (it goes to the runtime).
  #busy = false;

  constructor(table) {
    this.#t = table;
    /** Where the module reads its input: the writer's pointers count from it. */
    this.input = table.input;
    const L = table.layout;
    // Each field as the loop below wants it: its kind as a number, where its
    // slot is in its record, its options by id, and for a several-of field
    // every option as two 32-bit halves (a plain list of ticks asks them all).
    this.#records = table.records.map((r) => ({
      size: L.recHeader + r.slots * L.slot,
      fields: r.fields.map((f, position) => {
        const n = f.options.length;
        return {
          kind: KINDS.indexOf(f.ty),
          slot: L.recHeader + position * L.slot,
          byId: n ? new Map(f.options.map((o, i) => [o, i])) : null,
          every: [n >= 32 ? 0xffffffff : 2 ** n - 1, n >= 64 ? 0xffffffff : n > 32 ? 2 ** (n - 32) - 1 : 0],
          item: f.item ?? 0,
        };
      }),
      byName: new Map(r.fields.map((f, position) => [f.name, position])),
    }));
  }

  write(form, date) {
    if (typeof date !== 'string') return null;
    const today = isoDay(date, false);
    if (today === NOT_MINE || this.#busy || !isPlainObject(form)) return null;
    const L = this.#t.layout;
    // The last form's bytes, cleared at once: every byte past #len is zero,
    // so laying out is appending (no fill for each record).
    this.#bytes.fill(0, 0, this.#len);
    this.#len = 0;
    this.#count = 0;
    this.#texts = 0;
    this.#jsonBytes = 0;
    this.#busy = true;
    try {
      this.#zeros(L.inHeader);
      this.#view.setInt32(L.inToday, today, true);
      const root = this.#record(0, form, 1);
      this.#view.setUint32(L.inRoot, root, true);
      this.#view.setUint32(L.inRecords, this.#count, true);
    } catch {
      // NOT_MINE, or a getter or proxy that threw while being read: the
      // runtime's reader reads the form again and says what is wrong with it.
      // A text may have been half written past #len: clear it all.
      this.#bytes.fill(0);
      this.#len = 0;
      return null;
    } finally {
      this.#busy = false;
    }
    // Near the size limit the runtime's reader decides (the bound is generous:
    // every character of every text as six).
    if (this.#jsonBytes > this.#t.limits.maxFormBytes) return null;
    return this.#bytes.subarray(0, this.#len);
  }

  // Append n zero bytes (they are zero already: see write) and return where they start.
  #zeros(n) {
    const at = this.#len;
    this.#room(n);
    this.#len = at + n;
    return at;
  }

  // Make room for n more bytes (the buffer grows by doubling; the new part is zero).
  #room(n) {
    const end = this.#len + n;
    if (end > this.#bytes.length) {
      let size = this.#bytes.length * 2;
      while (size < end) size *= 2;
      const bigger = new Uint8Array(size);
      bigger.set(this.#bytes.subarray(0, this.#len));
      this.#buf = bigger.buffer;
      this.#bytes = bigger;
      this.#view = new DataView(this.#buf);
    }
  }

  #pad8() {
    const n = -this.#len & 7;
    if (n) this.#zeros(n);
  }

  // A record, as `lay_record` writes it: its slots, then each field's data in
  // the order of its fields. Returns its address.
  #record(id, obj, depth) {
    const L = this.#t.layout;
    const def = this.#records[id];
    if (depth > this.#t.limits.maxFormDepth - 4) throw NOT_MINE;
    // The answers by position; an unknown name is a warning in the runtime.
    const vals = new Array(def.fields.length);
    let json = 2;
    for (const key of Object.keys(obj)) {
      const v = obj[key];
      // JSON.stringify leaves out a name whose value is undefined.
      if (v === undefined) continue;
      const position = def.byName.get(key);
      if (position === undefined) throw NOT_MINE;
      vals[position] = v;
      json += 6 * key.length + 4;
    }
    this.#jsonBytes += json;
    const at = this.#zeros(def.size);
    const ptr = this.#t.input + at;
    this.#view.setUint32(at + L.recIndex, this.#count++, true);
    const fields = def.fields;
    for (let k = 0; k < fields.length; k++) {
      const v = vals[k];
      // Unanswered: the slot stays zero (TAG_MISSING).
      if (v === undefined) continue;
      if (v === null) {
        this.#jsonBytes += 4;
        continue;
      }
      const f = fields[k];
      if (typeof v === 'string') {
        // 6 bytes a character bounds the string as JSON text.
        this.#jsonBytes += 6 * v.length + 2;
        // An empty answer from a web form is "not answered yet".
        if (f.kind !== TEXT_KIND && BLANK.test(v)) continue;
      } else this.#jsonBytes += 26;
      // Answers that lay out after the record (a text, ticks, a list) do so here, in the order of the fields.
      this.#slot(at + f.slot, f, v, depth);
    }
    return ptr;
  }

  // One answer into its slot (tag, value) at `slotAt`.
  #slot(slotAt, f, v, depth) {
    const L = this.#t.layout;
    let tag;
    let lo = 0;
    let hi = 0;
    switch (f.kind) {
      case YESNO:
        tag = L.tagBool;
        if (v === true || v === false) lo = v ? 1 : 0;
        else if (typeof v === 'string' && ASCII.test(v)) {
          const lower = v.toLowerCase();
          if (lower === 'yes' || v === 'true') lo = 1;
          else if (!(lower === 'no' || v === 'false')) throw NOT_MINE;
        } else throw NOT_MINE;
        break;
      case NUMBER: {
        if (typeof v !== 'number' || !Number.isFinite(v) || Math.abs(v) > 1e15) throw NOT_MINE;
        const w = this.#view;
        w.setUint32(slotAt + L.slotTag, L.tagNum, true);
        // JSON.stringify writes -0 as 0.
        w.setFloat64(slotAt + L.slotValue, v === 0 ? 0 : v, true);
        return;
      }
      case TEXT_KIND: {
        // Longer than the limit in UTF-8 (at most 3 bytes a character here): the runtime cuts it.
        if (typeof v !== 'string' || 3 * v.length > this.#t.limits.maxTextBytes) throw NOT_MINE;
        const p = this.#text(v);
        // Blank: not answered.
        if (p < 0) return;
        tag = L.tagText;
        lo = this.#t.input + p;
        break;
      }
      case DATE_KIND: {
        const day = typeof v === 'string' ? isoDay(v, true) : NOT_MINE;
        if (day === NOT_MINE) throw NOT_MINE;
        tag = L.tagDate;
        lo = day;
        break;
      }
      case ONEOF: {
        const i = typeof v === 'string' ? f.byId.get(v) : undefined;
        if (i === undefined) throw NOT_MINE;
        tag = L.tagChoice;
        lo = i;
        break;
      }
      case SEVERALOF: {
        let ticked;
        let asked;
        if (isPlainObject(v)) {
          // The options asked and ticked, from a form that showed only some.
          if (Object.keys(v).length !== 2 || v.asked === undefined || v.ticked === undefined) throw NOT_MINE;
          asked = this.#options(f, v.asked);
          ticked = this.#options(f, v.ticked);
          if ((ticked[0] & ~asked[0]) !== 0 || (ticked[1] & ~asked[1]) !== 0) throw NOT_MINE;
          // Nothing asked: the question was not asked.
          if (asked[0] === 0 && asked[1] === 0) return;
        } else {
          ticked = this.#options(f, v);
          asked = f.every;
        }
        const p = this.#zeros(16);
        const w = this.#view;
        w.setUint32(p + L.choicesTicked, ticked[0], true);
        w.setUint32(p + L.choicesTicked + 4, ticked[1], true);
        w.setUint32(p + L.choicesAsked, asked[0], true);
        w.setUint32(p + L.choicesAsked + 4, asked[1], true);
        tag = L.tagChoices;
        lo = this.#t.input + p;
        break;
      }
      case LIST: {
        if (!isPlainArray(v) || v.length > this.#t.limits.maxListItems) throw NOT_MINE;
        this.#jsonBytes += v.length;
        const ptrs = new Array(v.length);
        for (let i = 0; i < v.length; i++) {
          if (!isPlainObject(v[i])) throw NOT_MINE;
          ptrs[i] = this.#record(f.item, v[i], depth + 2);
        }
        const p = this.#zeros(L.listItems + L.pointer * ptrs.length);
        const w = this.#view;
        w.setUint32(p + L.listCount, ptrs.length, true);
        for (let i = 0; i < ptrs.length; i++) w.setUint32(p + L.listItems + L.pointer * i, ptrs[i], true);
        this.#pad8();
        tag = L.tagList;
        lo = this.#t.input + p;
        break;
      }
      default:
        throw NOT_MINE;
    }
    // The buffer may have grown while the answer was laid out: the view is read again.
    const w = this.#view;
    w.setUint32(slotAt + L.slotTag, tag, true);
    w.setUint32(slotAt + L.slotValue, lo >>> 0, true);
    w.setUint32(slotAt + L.slotValue + 4, hi, true);
  }

  // The options named by a list of option ids (or one id), as two 32-bit
  // halves of the runtime's 64 bits; any id that is not an option is the
  // runtime's to report.
  #options(f, v) {
    const items = typeof v === 'string' ? [v] : isPlainArray(v) ? v : null;
    if (items === null) throw NOT_MINE;
    const bits = [0, 0];
    this.#jsonBytes += 2;
    for (const item of items) {
      const i = typeof item === 'string' ? f.byId.get(item) : undefined;
      if (i === undefined) throw NOT_MINE;
      bits[i >> 5] |= 1 << (i & 31);
      this.#jsonBytes += 6 * item.length + 3;
    }
    bits[0] >>>= 0;
    bits[1] >>>= 0;
    return bits;
  }

  // A text answer's descriptor (layout.rs's `text_descriptor`), or -1 when
  // the text is blank. Its words lower-cased with single spaces (form::read's
  // `words`), which are their own comparison key, written as UTF-8 in one
  // pass over the text; then a flag byte per byte position (0 inside a
  // character). Only ASCII, Latin-1 from ¡ (not the C1 controls or the
  // no-break space, which are white space or rare), the dashes, quote marks,
  // bullets and ellipsis of U+2010 to U+2027, € and ™: none of them white
  // space beyond ASCII's, each lowering by itself. Any other is the runtime's.
  #text(raw) {
    const L = this.#t.layout;
    const at = this.#len;
    const start = at + L.textBytes;
    // Room for the header, the UTF-8 (at most 3 bytes a UTF-16 unit) and the flags.
    this.#room(L.textBytes + 6 * raw.length + 1);
    const bytes = this.#bytes;
    let o = start;
    let gap = false;
    for (let i = 0; i < raw.length; i++) {
      let c = raw.charCodeAt(i);
      if (c === 32 || (c >= 9 && c <= 13)) {
        gap = true;
        continue;
      }
      if (gap && o > start) bytes[o++] = 32;
      gap = false;
      if (c < 0x80) {
        bytes[o++] = c >= 65 && c <= 90 ? c + 32 : c;
      } else if (c <= 0xff) {
        if (c < 0xa1) throw NOT_MINE;
        // À to Þ (not ×) lower to à to þ.
        if (c >= 0xc0 && c <= 0xde && c !== 0xd7) c += 32;
        bytes[o++] = 0xc0 | (c >> 6);
        bytes[o++] = 0x80 | (c & 0x3f);
      } else {
        if (!((c >= 0x2010 && c <= 0x2027) || c === 0x20ac || c === 0x2122)) throw NOT_MINE;
        bytes[o++] = 0xe0 | (c >> 12);
        bytes[o++] = 0x80 | ((c >> 6) & 0x3f);
        bytes[o++] = 0x80 | (c & 0x3f);
      }
    }
    const n = o - start;
    if (n === 0) return -1;
    const flags = start + n;
    let prev = 0;
    for (let i = start; i < flags; i++) {
      const c = bytes[i];
      let alnum;
      if (c < 0x80) alnum = ALNUM[c];
      else if (c < 0xc0) continue; // inside a character: its flag stays 0
      else if (c < 0xe0) alnum = ALNUM[((c & 0x1f) << 6) | (bytes[i + 1] & 0x3f)];
      else alnum = 0; // U+2010 and above here: punctuation and symbols
      bytes[i + n] = (prev ^ 1) | ((alnum ^ 1) << 1);
      prev = alnum;
    }
    bytes[flags + n] = (prev ^ 1) | 2;
    this.#len = flags + n + 1;
    const w = this.#view;
    w.setUint32(at + L.textHandle, this.#texts++, true);
    w.setUint32(at + L.textLen, n, true);
    w.setUint32(at + L.textKey, this.#t.input + start, true);
    w.setUint32(at + L.textKeyLen, n, true);
    this.#pad8();
    return at;
  }
}
