// Sporazum moderation desk: the pure part. Knows the staff protocol's data (schema/protocol.md,
// "Staff protocol, version 1") but nothing of the DOM or the socket, so tests/browser/ can run it
// in node without a browser. Imported by moderate.js as an ES module.

/** Internal question states, in the order the desk lists their counters. */
export const kStates = ['received', 'held', 'approved', 'rejected', 'merged', 'queued', 'on_air', 'aired', 'not_selected'];

/** Reasons a moderator may give for a rejection, in the order of the keys 1–7. */
export const kRejectReasons = ['abuse', 'hate', 'off_topic', 'duplicate', 'spam', 'personal_data', 'other'];

export const kMaxAirTextChars = 500;
export const kMaxTopicChars = 40;
export const kMaxRejectNoteChars = 200;
export const kMaxLexiconBytes = 1024 * 1024;

const kEditable = ['received', 'held', 'approved', 'rejected'];

/** From which states each action is allowed (the table under `act` in protocol.md). */
export const kAllowedFrom = {
  approve: kEditable,
  reject: kEditable,
  reopen: ['held', 'approved', 'rejected'],
  edit: kEditable,
  tag: kEditable,
  star: kEditable,
  merge: kEditable,
  ban: kStates.filter((s) => s !== 'merged'),
};

export function isAllowed(action, state) {
  return Boolean(kAllowedFrom[action]?.includes(state));
}

// ---- text ----

const kControlChars = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/g; // Unicode Cc except LF
const kFormatChars = /(?![\u200C\u200D])\p{Cf}/gu;                     // Cf except ZWNJ, ZWJ

/**
 * Text for air as the server will store it: the viewer text's clean-up (protocol.md), so the counter
 * shows what the server counts. The server refuses other control characters; dropping them here
 * means a pasted tab-separated line is not refused for an invisible reason.
 */
export function cleanText(raw) {
  return String(raw).replace(/\r\n?/g, '\n').replace(/\t/g, ' ')
    .replace(kControlChars, '').replace(kFormatChars, '').normalize('NFC').trim();
}

/** Unicode code points: the unit of every limit in the protocol. */
export function codePointLength(s) {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

export function utf8Length(s) {
  return new TextEncoder().encode(s).length;
}

/**
 * UTF-16 offsets of every code point boundary: result[k] is where code point k starts, and
 * result[codePointLength] is text.length. The filter's begin/end are code points; JS indexes UTF-16.
 */
export function codePointOffsets(text) {
  const offsets = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    offsets.push(i + 1);
  }
  return offsets;
}

/**
 * The text cut into plain and marked pieces, marking the code-point spans of the filter's reasons.
 * Overlapping or touching spans merge; spans out of range are clipped, broken ones ignored.
 * Returns [{ text, marked, reasons }]; reasons lists the reasons behind a marked piece.
 */
export function highlightSegments(text, reasons) {
  const list = Array.isArray(reasons) ? reasons : [];
  const offsets = codePointOffsets(text);
  const count = offsets.length - 1;
  const spans = [];
  for (const reason of list) {
    if (!reason || !Number.isInteger(reason.begin) || !Number.isInteger(reason.end)) continue;
    const begin = Math.max(0, Math.min(count, reason.begin));
    const end = Math.max(0, Math.min(count, reason.end));
    if (end <= begin) continue;
    spans.push({ begin, end, reasons: [reason] });
  }
  spans.sort((a, b) => a.begin - b.begin || a.end - b.end);
  const merged = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && span.begin <= last.end) {
      last.end = Math.max(last.end, span.end);
      last.reasons.push(...span.reasons);
    } else {
      merged.push({ ...span, reasons: [...span.reasons] });
    }
  }
  const out = [];
  let at = 0;
  for (const span of merged) {
    const from = offsets[span.begin];
    const to = offsets[span.end];
    if (from > at) out.push({ text: text.slice(at, from), marked: false, reasons: [] });
    out.push({ text: text.slice(from, to), marked: true, reasons: span.reasons });
    at = to;
  }
  if (at < text.length || out.length === 0) out.push({ text: text.slice(at), marked: false, reasons: [] });
  return out;
}

// Serbian Cyrillic to Latin without diacritics, so a search typed in one script finds both.
const kFold = new Map(Object.entries({
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', ђ: 'dj', е: 'e', ж: 'z', з: 'z', и: 'i', ј: 'j', к: 'k', л: 'l',
  љ: 'lj', м: 'm', н: 'n', њ: 'nj', о: 'o', п: 'p', р: 'r', с: 's', т: 't', ћ: 'c', у: 'u', ф: 'f', х: 'h',
  ц: 'c', ч: 'c', џ: 'dz', ш: 's', đ: 'dj', ë: 'e', ç: 'c',
}));

/** Lower case, Cyrillic → Latin, diacritics dropped: the form both the search and the data take. */
export function foldForSearch(s) {
  const lower = String(s).toLowerCase();
  let out = '';
  for (const ch of lower) out += kFold.get(ch) ?? ch;
  return out.normalize('NFD').replace(/\p{M}/gu, '');
}

// ---- questions ----

const str = (v) => (typeof v === 'string' ? v : null);
const int = (v) => (Number.isSafeInteger(v) ? v : null);

/**
 * A question from the wire, checked and with every field in its expected type, or null when it is
 * unusable (no integer id or version). Unknown fields are dropped: the desk shows what it knows.
 */
export function normalizeQuestion(raw) {
  if (!raw || typeof raw !== 'object') return null;
  const id = int(raw.id);
  const version = int(raw.version);
  if (id === null || version === null) return null;
  const filter = raw.filter && typeof raw.filter === 'object' ? raw.filter : {};
  const reasons = Array.isArray(filter.reasons) ? filter.reasons.filter((r) => r && typeof r === 'object').map((r) => ({
    code: str(r.code) ?? '',
    category: str(r.category) ?? '',
    term: str(r.term) ?? '',
    begin: int(r.begin),
    end: int(r.end),
  })) : [];
  const action = ['hold', 'flag'].includes(filter.action) ? filter.action : 'none';
  return {
    id,
    version,
    state: str(raw.state) ?? 'received',
    text: str(raw.text) ?? '',
    airText: str(raw.airText) || null,
    name: str(raw.name) || null,
    municipality: str(raw.municipality) || null,
    consentNameOnAir: raw.consentNameOnAir === true,
    interfaceLanguage: str(raw.interfaceLanguage) ?? '',
    language: str(raw.language) || null,
    receivedAt: str(raw.receivedAt) ?? '',
    filter: { action, reasons },
    topic: str(raw.topic) || null,
    starred: raw.starred === true,
    mergedInto: int(raw.mergedInto),
    askCount: int(raw.askCount) ?? 1,
    rejectReason: str(raw.rejectReason) || null,
    rejectNote: str(raw.rejectNote) || null,
    device: str(raw.device) || null,
    address: str(raw.address) || null,
    ban: str(raw.ban) || null,
    duplicateOf: int(raw.duplicateOf),
    changedBy: str(raw.changedBy) || null,
    changedAt: str(raw.changedAt) || null,
  };
}

function searchKey(q) {
  return foldForSearch([q.text, q.airText, q.name, q.topic, q.municipality, q.device, q.address, q.changedBy]
    .filter(Boolean).join('\n'));
}

function isFlagged(q) {
  return q.filter.action !== 'none' || q.state === 'held';
}

/** Adds `by` to a count; returns true when the key came or went. */
function bump(map, key, by) {
  if (key === null || key === undefined) return false;
  const before = map.get(key) || 0;
  const n = before + by;
  if (n > 0) map.set(key, n); else map.delete(key);
  return (before > 0) !== (n > 0);
}

/**
 * Every question of the episode the desk knows, by id, plus the order of arrival and running counts.
 * A question replaces the one held only with a higher version, so a late or repeated push never
 * turns the clock back. Cheap per question: 1,000 arrivals a second must not stall the page.
 */
export class QuestionStore {
  constructor() {
    this.byId_ = new Map();       // id -> { q, receivedMs, search }
    this.order_ = [];             // entries, oldest first (receivedAt, then id)
    this.stateCounts = new Map();
    this.flaggedCount = 0;
    this.topics = new Map();      // topic -> count
    this.devices = new Map();     // device code -> count
    this.addresses = new Map();   // address code -> count
    this.topicsRevision = 0;      // bumped when the set of topics changes
  }

  get size() { return this.byId_.size; }
  get(id) { return this.byId_.get(id)?.q; }
  has(id) { return this.byId_.has(id); }
  entries() { return this.order_; }

  /** Adds or replaces a normalised question; returns true when the store changed. */
  upsert(q) {
    const held = this.byId_.get(q.id);
    if (held) {
      if (q.version <= held.q.version) return false;
      this.count_(held.q, -1);
      held.q = q;
      held.search = searchKey(q);
      this.count_(q, 1);
      return true;
    }
    const entry = { q, receivedMs: Date.parse(q.receivedAt) || 0, search: searchKey(q) };
    this.byId_.set(q.id, entry);
    this.insertOrdered_(entry);
    this.count_(q, 1);
    return true;
  }

  count_(q, by) {
    bump(this.stateCounts, q.state, by);
    if (isFlagged(q)) this.flaggedCount += by;
    if (bump(this.topics, q.topic, by)) this.topicsRevision++;
    bump(this.devices, q.device, by);
    bump(this.addresses, q.address, by);
  }

  insertOrdered_(entry) {
    const order = this.order_;
    const before = (a, b) => a.receivedMs < b.receivedMs || (a.receivedMs === b.receivedMs && a.q.id < b.q.id);
    // Questions nearly always arrive in order: appending is the common case.
    if (order.length === 0 || before(order[order.length - 1], entry)) {
      order.push(entry);
      return;
    }
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before(order[mid], entry)) lo = mid + 1; else hi = mid;
    }
    order.splice(lo, 0, entry);
  }
}

// ---- the list the desk shows ----

export const kDefaultFilter = Object.freeze({
  state: 'all',        // all | review (received + held) | one of kStates
  flaggedOnly: false,  // filter verdict hold or flag, or state held
  municipality: '',    // '' any | '-' none | a code
  language: '',        // '' any | '-' unknown | sr sq en other
  topic: '',           // '' any | '-' none | a topic
  search: '',          // as typed; "#118" finds that id
});

/** A filter made ready for many matches: the search folded, "#118" read as an id. */
export function compileFilter(filter) {
  const f = { ...kDefaultFilter, ...filter };
  const raw = String(f.search || '').trim();
  const idMatch = /^#(\d{1,15})$/.exec(raw);
  return {
    state: f.state,
    flaggedOnly: Boolean(f.flaggedOnly),
    municipality: f.municipality,
    language: f.language,
    topic: f.topic,
    searchId: idMatch ? Number(idMatch[1]) : null,
    search: idMatch ? '' : foldForSearch(raw),
  };
}

export function matches(entry, f) {
  const q = entry.q;
  if (f.state === 'review') {
    if (q.state !== 'received' && q.state !== 'held') return false;
  } else if (f.state !== 'all' && q.state !== f.state) {
    return false;
  }
  if (f.flaggedOnly && !isFlagged(q)) return false;
  if (f.municipality && (f.municipality === '-' ? q.municipality !== null : q.municipality !== f.municipality)) return false;
  if (f.language && (f.language === '-' ? q.language !== null : q.language !== f.language)) return false;
  if (f.topic && (f.topic === '-' ? q.topic !== null : q.topic !== f.topic)) return false;
  if (f.searchId !== null) return q.id === f.searchId;
  if (f.search && !entry.search.includes(f.search)) return false;
  return true;
}

/**
 * The ids to list, in order: sort newest | oldest | starred (starred first, newest first within).
 * One pass over the arrival order, no sorting: it runs on every frame that brings new questions.
 */
export function computeView(store, filter, sort) {
  const f = compileFilter(filter);
  const order = store.entries();
  const out = [];
  if (sort === 'oldest') {
    for (let i = 0; i < order.length; i++) if (matches(order[i], f)) out.push(order[i].q.id);
    return out;
  }
  if (sort === 'starred') {
    const rest = [];
    for (let i = order.length - 1; i >= 0; i--) {
      const e = order[i];
      if (matches(e, f)) (e.q.starred ? out : rest).push(e.q.id);
    }
    for (const id of rest) out.push(id);
    return out;
  }
  for (let i = order.length - 1; i >= 0; i--) if (matches(order[i], f)) out.push(order[i].q.id);
  return out;
}

// ---- presence ----

/**
 * Who else is on which question: Map question id -> [{ name, username, acting }]. The own
 * username is left out: a moderator does not need to be told that they look at their selection.
 */
export function presenceByQuestion(staff, ownUsername) {
  const map = new Map();
  for (const s of Array.isArray(staff) ? staff : []) {
    if (!s || typeof s !== 'object' || s.username === ownUsername) continue;
    const name = str(s.displayName) || str(s.username) || '?';
    const add = (id, acting) => {
      if (!Number.isSafeInteger(id)) return;
      const list = map.get(id) || [];
      const known = list.find((p) => p.username === s.username);
      if (known) known.acting ||= acting;
      else list.push({ name, username: str(s.username) ?? '', acting });
      map.set(id, list);
    };
    add(s.acting, true);
    add(s.looking, false);
  }
  return map;
}

// ---- export ----

/**
 * One CSV cell. A cell that a spreadsheet would read as a formula (= + - @ tab CR first) gets a
 * leading single quote; cells with quotes, commas, line breaks or edge spaces are quoted.
 */
export function csvCell(value) {
  let s;
  if (value === null || value === undefined) s = '';
  else if (typeof value === 'object') s = JSON.stringify(value);
  else s = String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  if (/[",\r\n]/.test(s) || /^\s|\s$/.test(s)) s = `"${s.replace(/"/g, '""')}"`;
  return s;
}

export const kAuditColumns = ['id', 'at', 'actor', 'action', 'episode', 'question', 'before', 'after', 'undoes'];

/** Audit entries as CSV (RFC 4180 line ends), with a byte order mark so spreadsheets read UTF-8. */
export function auditToCsv(entries) {
  const lines = [kAuditColumns.join(',')];
  for (const e of entries) lines.push(kAuditColumns.map((c) => csvCell(e?.[c])).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** The 1-based line a bad_lexicon error names (a `line` number, else "line N" in message or field), or null. */
export function lexiconErrorLine(error) {
  if (Number.isSafeInteger(error?.line) && error.line > 0) return error.line;
  const m = /\bline\s+(\d{1,7})\b/i.exec(`${error?.message ?? ''} ${error?.field ?? ''}`);
  return m ? Number(m[1]) : null;
}

/** UTF-16 range [start, end) of a 1-based line in a text, for selecting it in a textarea. */
export function lineRange(text, line) {
  let start = 0;
  for (let n = 1; n < line; n++) {
    const next = text.indexOf('\n', start);
    if (next < 0) return null;
    start = next + 1;
  }
  const end = text.indexOf('\n', start);
  return { start, end: end < 0 ? text.length : end };
}

/** Exponential back-off with jitter: a random delay in [base/2, base]. */
export function backoffMs(attempt, minMs, maxMs, random = Math.random) {
  const base = Math.min(maxMs, minMs * 2 ** Math.min(attempt, 16));
  return Math.round(base / 2 + random() * base / 2);
}
