// Sporazum public archive: the pure part. Knows the public archive API's data (schema/protocol.md,
// "HTTP on the same port" and "The archive") but nothing of the DOM or the network, so
// tests/browser/ can run it in node. Imported by archive.js as an ES module.

export const kLanguages = ['sr-Latn', 'sr-Cyrl', 'sq', 'en'];
export const kDefaultLanguage = 'sr-Latn';
export const kMaxQueryChars = 500;     // the server's limit (query_too_long above it)
export const kMaxPageSize = 100;       // the server's limit on `limit` for the episode list
export const kDefaultPageSize = 20;    // a phone's worth of cards; more come with "older episodes"
export const kSearchLimit = 20;

/** Which texts stand in for a missing one: the other Serbian script first, then the widely read ones. */
const kFallbacks = {
  'sr-Latn': ['sr-Latn', 'sr-Cyrl', 'en', 'sq'],
  'sr-Cyrl': ['sr-Cyrl', 'sr-Latn', 'en', 'sq'],
  sq: ['sq', 'en', 'sr-Latn', 'sr-Cyrl'],
  en: ['en', 'sr-Latn', 'sq', 'sr-Cyrl'],
};

const kCyrillic = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', ђ: 'đ', е: 'e', ж: 'ž', з: 'z', и: 'i', ј: 'j', к: 'k',
  л: 'l', љ: 'lj', м: 'm', н: 'n', њ: 'nj', о: 'o', п: 'p', р: 'r', с: 's', т: 't', ћ: 'ć', у: 'u',
  ф: 'f', х: 'h', ц: 'c', ч: 'č', џ: 'dž', ш: 'š',
};

/**
 * Serbian Cyrillic to Latin. Exact in this direction (the reverse is not: "nj" may be two letters),
 * so a Latin reader gets a Cyrillic-only title in their script. Љ before a capital is "LJ".
 */
export function cyrillicToLatin(text) {
  const chars = [...String(text)];
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    const lower = c.toLowerCase();
    const latin = kCyrillic[lower];
    if (!latin) { out += c; continue; }
    if (c === lower) { out += latin; continue; }
    const next = chars[i + 1] ?? '';
    const nextIsCapital = next !== next.toLowerCase();
    out += nextIsCapital ? latin.toUpperCase() : latin[0].toUpperCase() + latin.slice(1);
  }
  return out;
}

/**
 * The text of `texts` ({lang: text}) for a reader of `lang`, else the nearest stand-in:
 * `{ text, lang }`, or null when there is none. Cyrillic shown to a Latin reader is transliterated.
 */
export function pickText(texts, lang) {
  if (!texts || typeof texts !== 'object') return null;
  for (const candidate of kFallbacks[lang] ?? kFallbacks[kDefaultLanguage]) {
    const text = texts[candidate];
    if (typeof text !== 'string' || !text.trim()) continue;
    if (lang === 'sr-Latn' && candidate === 'sr-Cyrl') return { text: cyrillicToLatin(text), lang: 'sr-Latn' };
    return { text, lang: candidate };
  }
  return null;
}

/** An episode's title for `lang`: its titles, else the studio's working title (language unknown: ''). */
export function episodeTitle(episode, lang) {
  return pickText(episode?.titles, lang) ?? { text: String(episode?.title ?? ''), lang: '' };
}

/** A search hit's title for `lang`: the hit carries one title and its language ('' the working title). */
export function hitTitle(hit, lang) {
  const text = String(hit?.title ?? '');
  const titleLang = kLanguages.includes(hit?.titleLang) ? hit.titleLang : '';
  if (!titleLang) return { text, lang: '' };
  return pickText({ [titleLang]: text }, lang) ?? { text, lang: titleLang };
}

/**
 * A search snippet's parts: the server marks matched words «like this». `[{ text, matched }]`;
 * a marker without its partner is kept as text, so nothing of the snippet is ever lost.
 */
export function snippetParts(snippet) {
  const parts = [];
  const push = (text, matched) => {
    if (!text) return;
    const last = parts[parts.length - 1];
    if (last && last.matched === matched) last.text += text;
    else parts.push({ text, matched });
  };
  const s = String(snippet ?? '');
  let i = 0;
  while (i < s.length) {
    const open = s.indexOf('«', i);
    const close = open < 0 ? -1 : s.indexOf('»', open + 1);
    if (open < 0 || close < 0) { push(s.slice(i), false); break; }
    push(s.slice(i, open), false);
    push(s.slice(open + 1, close), true);
    i = close + 1;
  }
  return parts;
}

/** Seconds into the programme as a clock: 312.48 → "5:12", 3725 → "1:02:05"; '' when unknown. */
export function formatOffset(seconds) {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) return '';
  const whole = Math.floor(seconds);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = String(whole % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** The same as an ISO 8601 duration, for <time datetime>: 312.48 → "PT5M12S". */
export function isoDuration(seconds) {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) return '';
  const whole = Math.floor(seconds);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  return `PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s || (!h && !m) ? `${s}S` : ''}`;
}

/** "20:00:00" → "20:00"; anything else → ''. */
export function formatAirTime(airTime) {
  const m = /^(\d{2}):(\d{2})(?::\d{2})?$/.exec(String(airTime ?? ''));
  return m ? `${m[1]}:${m[2]}` : '';
}

/** A calendar date "YYYY-MM-DD" as parts, or null; the date is the broadcaster's, never shifted by time zone. */
export function parseDate(airDate) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(airDate ?? ''));
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  return { year, month, day };
}

// ---- routes: the page's state lives in the URL's fragment, so every view can be linked to ----
// ""            the list of episodes
// "#23"         episode 23;  "#23/118" the same, with its question 118 picked out
// "#search=…"   a search (the query percent-encoded)

export function parseRoute(hash) {
  const h = String(hash ?? '').replace(/^#/, '');
  if (h === '') return { view: 'list' };
  if (h.startsWith('search=')) {
    let query;
    try { query = decodeURIComponent(h.slice('search='.length).replace(/\+/g, ' ')); } catch { query = ''; }
    return { view: 'search', query };
  }
  const m = /^(\d{1,4})(?:\/(\d{1,18}))?$/.exec(h);
  if (m && Number(m[1]) >= 1) return { view: 'episode', number: Number(m[1]), question: m[2] ? Number(m[2]) : null };
  return { view: 'invalid' };
}

export function episodeHash(number, question) {
  return question == null ? `#${number}` : `#${number}/${question}`;
}

export function searchHash(query) {
  return `#search=${encodeURIComponent(query)}`;
}

/** The query as it will be sent: trimmed; `{ query, problem }` with problem 'empty_query' | 'query_too_long' | null. */
export function prepareQuery(raw) {
  const query = String(raw ?? '').normalize('NFC').trim();
  if (!query) return { query, problem: 'empty_query' };
  if ([...query].length > kMaxQueryChars) return { query, problem: 'query_too_long' };
  return { query, problem: null };
}

/** The episode list's page size from the page's own URL (?per=N), within the server's limits. */
export function pageSizeFrom(search) {
  const n = Number(new URLSearchParams(String(search ?? '')).get('per'));
  return Number.isInteger(n) && n >= 1 ? Math.min(n, kMaxPageSize) : kDefaultPageSize;
}

const kQueryErrors = new Set(['empty_query', 'query_too_long', 'invalid_utf8']);

/**
 * What went wrong with an API answer, as one of the page's messages: 'try_again' (wait and retry),
 * 'not_found', 'empty_query', 'query_too_long', 'bad_request', 'server_error'. `body` is the parsed
 * `{"error":CODE}` when there was one.
 */
export function errorKind(status, body) {
  const code = body && typeof body === 'object' && typeof body.error === 'string' ? body.error : '';
  if (code === 'try_again' || status === 503 || status === 429) return 'try_again';
  if (code === 'not_found' || status === 404) return 'not_found';
  if (kQueryErrors.has(code)) return code === 'invalid_utf8' ? 'bad_request' : code;
  if (code === 'bad_request' || status === 400) return 'bad_request';
  if (status === 502 || status === 504) return 'try_again'; // a proxy in front that lost the server
  return 'server_error';
}

/** Seconds to wait before retrying after a `try_again`: the server's Retry-After, within reason. */
export function retryDelayMs(retryAfter, attempt) {
  const seconds = Number(retryAfter);
  const base = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 2000 * 2 ** Math.min(attempt, 4);
  return Math.min(Math.max(base, 1000), 30000);
}

/**
 * An air date for reading, from the page's strings: `date` ("{day}. {month} {year}.") and `months`
 * (twelve names, comma-separated). Not Intl: Chromium ships no Albanian date names and silently
 * falls back to the browser's language. '' for a date that is not YYYY-MM-DD.
 */
export function formatDate(airDate, pattern, months) {
  const date = parseDate(airDate);
  if (!date) return '';
  const names = String(months ?? '').split(',').map((m) => m.trim());
  const month = names.length === 12 && names[date.month - 1] ? names[date.month - 1] : String(date.month);
  if (!pattern) return String(airDate);
  return pattern.replace(/\{(day|month|year)\}/g, (m, part) =>
    (part === 'day' ? String(date.day) : part === 'month' ? month : String(date.year)));
}

/** A media URL from the API, only if it is one of this server's archive media paths (never another origin or scheme). */
export function mediaUrl(url) {
  return typeof url === 'string' && /^\/archive\/media\/\d+(\?[\w=&%.-]*)?$/.test(url) ? url : '';
}

/** An episode's poster: its `poster`, else the detail's thumbnail marked as poster, else the first. */
export function posterOf(episode) {
  const own = mediaUrl(episode?.poster);
  if (own) return own;
  const thumbnails = Array.isArray(episode?.thumbnails) ? episode.thumbnails : [];
  const chosen = thumbnails.find((t) => t && t.poster) ?? thumbnails[0];
  return mediaUrl(chosen?.url);
}

/** A municipality code's name in `lang` from /data/municipalities.json; '' for none or unknown. */
export function municipalityName(list, code, lang) {
  if (!code || !Array.isArray(list)) return '';
  const entry = list.find((m) => m && m.code === code);
  if (!entry || code === 'other') return '';
  return entry[lang] || entry[kDefaultLanguage] || '';
}
