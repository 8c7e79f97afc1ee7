// Sporazum public archive: aired episodes, their guests, topics and the viewers' questions that went
// on air. Read-only; the API is "HTTP on the same port" in schema/protocol.md. The view follows the
// URL's fragment (archive_model.js parseRoute), so every episode, question and search has a link.
// Everything from the server reaches the page through text nodes: nothing is ever parsed as HTML.
import * as model from './archive_model.js';

const kLanguageKey = 'sporazum.lang';   // shared with the viewer page: one choice for the whole site
const kQuestionLanguages = new Set(['sr', 'sq', 'en']);   // a question's detected language, for lang=

const $ = (selector) => document.querySelector(selector);
const el = {
  html: document.documentElement,
  main: $('#main'),
  langButtons: [...document.querySelectorAll('[data-lang]')],
  form: $('[data-testid="search-form"]'),
  query: $('#query'),
  notice: $('[data-testid="notice"]'),
  noticeText: $('[data-testid="notice-text"]'),
  retry: $('[data-testid="retry"]'),
  views: { list: $('#list-view'), search: $('#search-view'), episode: $('#episode-view') },
  listHeading: $('#list-heading'),
  episodes: $('[data-testid="episodes"]'),
  more: $('[data-testid="more"]'),
  searchHeading: $('#search-heading'),
  hitCount: $('[data-testid="hit-count"]'),
  hits: $('[data-testid="hits"]'),
  episodeNumber: $('[data-testid="episode-number"]'),
  episodeTitle: $('#episode-heading'),
  episodeMeta: $('[data-testid="episode-meta"]'),
  poster: $('[data-testid="poster"]'),
  description: $('[data-testid="description"]'),
  guests: $('[data-testid="guests"]'),
  guestsNone: $('[data-testid="guests-none"]'),
  topicsBlock: $('[data-testid="topics-block"]'),
  topics: $('[data-testid="topics"]'),
  questions: $('[data-testid="questions"]'),
  questionsNone: $('[data-testid="questions-none"]'),
};

const storage = {
  get(key) { try { return localStorage.getItem(key); } catch { return null; } },
  set(key, value) { try { localStorage.setItem(key, value); } catch { /* private mode: keep it in memory */ } },
};

const state = {
  language: initialLanguage(),
  strings: null,               // { lang: { key: text } } from /data/i18n.json
  fallback: {},                // the sr-Latn texts of archive.html, until that file arrives
  municipalities: null,        // /data/municipalities.json
  route: { view: 'list' },
  pageSize: model.pageSizeFrom(location.search),
  list: { episodes: [], complete: false, loaded: false, scrollY: 0 },
  known: new Map(),            // number -> PUBLIC_EPISODE, for titles of search hits in the reader's language
  details: new Map(),          // number -> PUBLIC_DETAIL
  search: { query: '', hits: null },
  notice: null,                // { kind: 'loading' | 'error' | 'empty', key, params, retry }
  request: null,               // AbortController of the load under way
  retryTimer: 0,
  attempt: 0,                  // automatic retries in a row, for the back-off
  firstRoute: true,
};

function initialLanguage() {
  const stored = storage.get(kLanguageKey);
  if (model.kLanguages.includes(stored)) return stored;
  for (const tag of navigator.languages || [navigator.language || '']) {
    const lower = String(tag).toLowerCase();
    if (lower.startsWith('sr')) return lower.includes('cyrl') ? 'sr-Cyrl' : 'sr-Latn';
    if (lower.startsWith('sq')) return 'sq';
    if (lower.startsWith('en')) return 'en';
  }
  return model.kDefaultLanguage;
}

// ---- translation ----

function t(key, params) {
  const s = state.strings;
  let text = (s && (s[state.language]?.[key] ?? s[model.kDefaultLanguage]?.[key])) ?? state.fallback[key] ?? '';
  if (params) text = text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
  return text;
}

/** The language the page is shown in: the chosen one once its strings are here, the fallback's before. */
function shownLanguage() { return state.strings ? state.language : model.kDefaultLanguage; }

function applyLanguage() {
  el.html.lang = shownLanguage();
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll('[data-i18n-placeholder]')) node.placeholder = t(node.dataset.i18nPlaceholder);
  for (const node of document.querySelectorAll('[data-i18n-aria-label]')) node.setAttribute('aria-label', t(node.dataset.i18nAriaLabel));
  for (const button of el.langButtons) {
    const own = state.strings?.[button.dataset.lang]?.['lang.name'];
    if (own) button.textContent = own;
    button.setAttribute('aria-pressed', String(button.dataset.lang === state.language));
  }
  render();
}

function chooseLanguage(lang) {
  if (!model.kLanguages.includes(lang)) return;
  state.language = lang;
  storage.set(kLanguageKey, lang);
  applyLanguage();
}

// ---- DOM building: attributes by name, children as text nodes; never markup ----

function h(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === null || value === undefined || value === false || value === '') continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === '') continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// ---- network ----

/** GET a JSON answer: `{ ok: true, body }`, or `{ ok: false, kind, retryAfter }`. Throws only when aborted. */
async function getJson(url, signal) {
  let response;
  try {
    response = await fetch(url, { signal, credentials: 'same-origin', headers: { Accept: 'application/json' } });
  } catch (error) {
    if (signal.aborted) throw error;
    return { ok: false, kind: 'offline' };
  }
  let body = null;
  try { body = await response.json(); } catch (error) { if (signal.aborted) throw error; }
  if (response.ok && body && typeof body === 'object') return { ok: true, body };
  // A 200 that is not JSON is a proxy's or a captive portal's page: the archive did not answer.
  const kind = response.ok ? 'try_again' : model.errorKind(response.status, body);
  return { ok: false, kind, retryAfter: response.headers.get('Retry-After') };
}

function cancelLoad() {
  state.request?.abort();
  state.request = null;
  clearTimeout(state.retryTimer);
  state.retryTimer = 0;
}

/**
 * Loads `url` for the current view and hands the answer to `onAnswer`. `again` repeats the load (the
 * retry button, and on its own after a `try_again` or a lost connection). A quiet load keeps the
 * message on screen: an automatic retry must not make an error flicker into "loading" and back.
 */
async function load(url, onAnswer, again, { quiet = false } = {}) {
  cancelLoad();
  const controller = new AbortController();
  state.request = controller;
  if (!quiet) setNotice({ kind: 'loading', key: 'archive.loading' });
  el.main.setAttribute('aria-busy', 'true');
  let result;
  try {
    result = await getJson(url, controller.signal);
  } catch {
    return; // aborted: another view took over
  }
  if (state.request !== controller) return;
  state.request = null;
  el.main.removeAttribute('aria-busy');
  if (result.ok) {
    state.attempt = 0;
    setNotice(null);
    onAnswer(result.body);
    return;
  }
  // Asking again helps only when the server or the network was the trouble, not the question.
  const retryable = ['try_again', 'offline', 'server_error'].includes(result.kind);
  setNotice({ kind: 'error', key: `archive.error.${result.kind}`, params: { max: model.kMaxQueryChars }, retry: retryable ? again : null });
  if (result.kind === 'try_again' || result.kind === 'offline') {
    const delay = model.retryDelayMs(result.retryAfter, state.attempt++);
    state.retryTimer = setTimeout(() => again({ quiet: true }), delay);
  }
}

// ---- routes ----

function route() {
  cancelLoad();
  setNotice(null);
  el.form.after(el.notice);
  const previous = state.route;
  if (previous.view === 'list' && !el.views.list.hidden) state.list.scrollY = window.scrollY;
  state.route = model.parseRoute(location.hash);
  state.attempt = 0;
  el.query.value = state.route.view === 'search' ? state.route.query : '';
  const moveFocus = !state.firstRoute;
  state.firstRoute = false;
  switch (state.route.view) {
    case 'list': return showList(moveFocus);
    case 'episode': return showEpisode(moveFocus);
    case 'search': return showSearch(moveFocus);
    default:
      showView(null);
      setNotice({ kind: 'error', key: 'archive.error.bad_request' });
  }
}

function showView(name) {
  for (const [key, view] of Object.entries(el.views)) view.hidden = key !== name;
  updateTitle();
}

/** After a change of view the keyboard and screen reader start at its heading (not on first load). */
function focusHeading(heading, moveFocus) {
  if (moveFocus) heading.focus({ preventScroll: true });
}

function showList(moveFocus) {
  if (state.list.loaded) {
    showView('list');
    renderList();
    window.scrollTo(0, state.list.scrollY);
    focusHeading(el.listHeading, moveFocus);
    return;
  }
  loadPage(0, moveFocus);
}

function loadPage(offset, moveFocus, options) {
  const first = offset === 0;
  if (first) showView(null);
  // "Loading" or an error for older episodes shows where the reader is: at the button.
  else el.more.before(el.notice);
  load(`/api/archive/episodes?offset=${offset}&limit=${state.pageSize}`, (body) => {
    const episodes = Array.isArray(body.episodes) ? body.episodes.filter((e) => Number.isInteger(e?.number)) : [];
    const firstNew = state.list.episodes.length;
    // A page asked again after an error may overlap what a newer broadcast pushed down: keep one of each.
    const seen = new Set(state.list.episodes.map((e) => e.number));
    for (const episode of episodes) {
      state.known.set(episode.number, episode);
      if (!seen.has(episode.number)) state.list.episodes.push(episode);
    }
    state.list.complete = episodes.length < state.pageSize;
    state.list.loaded = true;
    showView('list');
    renderList();
    if (first) focusHeading(el.listHeading, moveFocus);
    else el.episodes.children[firstNew]?.querySelector('a')?.focus();
  }, (opts) => loadPage(offset, moveFocus, opts), options);
}

function showEpisode(moveFocus, options) {
  const { number } = state.route;
  const known = state.details.get(number);
  if (known) {
    showView('episode');
    renderEpisode(known);
    arriveAtEpisode(moveFocus);
    return;
  }
  showView(null);
  load(`/api/archive/episodes/${number}`, (detail) => {
    if (!Number.isInteger(detail.number)) detail.number = number;
    state.details.set(number, detail);
    showView('episode');
    renderEpisode(detail);
    arriveAtEpisode(moveFocus);
  }, (opts) => showEpisode(moveFocus, opts), options);
}

function showSearch(moveFocus, options) {
  const { query, problem } = model.prepareQuery(state.route.query);
  if (problem) {
    showView(null);
    setNotice({ kind: 'error', key: `archive.error.${problem}`, params: { max: model.kMaxQueryChars } });
    return;
  }
  if (state.search.query === query && state.search.hits) {
    showView('search');
    renderSearch();
    focusHeading(el.searchHeading, moveFocus);
    return;
  }
  showView(null);
  load(`/api/archive/search?q=${encodeURIComponent(query)}&limit=${model.kSearchLimit}`, (body) => {
    state.search = { query, hits: Array.isArray(body.hits) ? body.hits.filter((hit) => Number.isInteger(hit?.number)) : [] };
    showView('search');
    renderSearch();
    focusHeading(el.searchHeading, moveFocus);
  }, (opts) => showSearch(moveFocus, opts), options);
}

// ---- rendering ----

function render() {
  renderNotice();
  if (!el.views.list.hidden) renderList();
  if (!el.views.search.hidden) renderSearch();
  if (!el.views.episode.hidden) {
    const detail = state.details.get(state.route.number);
    if (detail) renderEpisode(detail);
  }
  updateTitle();
}

function setNotice(notice) {
  state.notice = notice;
  renderNotice();
}

function renderNotice() {
  const notice = state.notice;
  el.notice.hidden = !notice;
  el.notice.dataset.kind = notice?.kind ?? '';
  el.noticeText.textContent = notice ? t(notice.key, notice.params) || t('archive.error.server_error') : '';
  el.retry.hidden = !notice?.retry;
}

function updateTitle() {
  const base = t('archive.page.title') || 'Sporazum';
  const detail = !el.views.episode.hidden && state.details.get(state.route.number);
  document.title = detail ? `${model.episodeTitle(detail, shownLanguage()).text} — ${t('app.name')}` : base;
}

/** A thumbnail for a card, or a plain tile where there is none (the episode is not archived yet). */
function thumbnail(episode, title, className) {
  const url = model.posterOf(episode);
  if (!url) return h('span', { class: `${className} thumb-none`, 'aria-hidden': 'true' });
  return h('img', {
    class: className, src: url, width: 320, height: 180, loading: 'lazy', decoding: 'async',
    alt: t('archive.poster.alt', { number: episode.number, title: title.text }),
  });
}

function titleNode(tag, title, attributes) {
  return h(tag, { ...attributes, lang: title.lang || null, dir: 'auto' }, title.text);
}

function formatDate(airDate) {
  return model.formatDate(airDate, t('archive.date'), t('archive.months'));
}

function dateNode(airDate) {
  const text = formatDate(airDate);
  return text ? h('time', { datetime: airDate }, text) : null;
}

function renderList() {
  const lang = shownLanguage();
  const focused = el.episodes.contains(document.activeElement) ? document.activeElement.closest('[data-number]')?.dataset.number : null;
  el.episodes.replaceChildren(...state.list.episodes.map((episode) => {
    const title = model.episodeTitle(episode, lang);
    return h('li', { class: 'card', 'data-testid': 'episode', 'data-number': episode.number },
      h('a', { class: 'card-link', href: model.episodeHash(episode.number) },
        thumbnail(episode, title, 'card-thumb'),
        h('span', { class: 'card-body' },
          h('span', { class: 'card-number' }, t('archive.episode.number', { number: episode.number })),
          titleNode('h3', title, { class: 'card-title' }),
          h('span', { class: 'card-date' }, dateNode(episode.airDate)))));
  }));
  if (focused) el.episodes.querySelector(`[data-number="${CSS.escape(focused)}"] a`)?.focus({ preventScroll: true });
  el.more.hidden = state.list.complete || !state.list.loaded;
  if (state.list.loaded && state.list.episodes.length === 0 && !state.notice) {
    setNotice({ kind: 'empty', key: 'archive.list.empty' });
  }
}

function renderSearch() {
  const { query, hits } = state.search;
  if (!hits) return;
  const lang = shownLanguage();
  el.searchHeading.textContent = t('archive.search.heading', { query });
  el.hitCount.textContent = hits.length ? t('archive.search.count', { n: hits.length }) : '';
  el.hitCount.hidden = !hits.length;
  el.hits.replaceChildren(...hits.map((hit) => {
    const known = state.known.get(hit.number) ?? state.details.get(hit.number);
    const title = known ? model.episodeTitle(known, lang) : model.hitTitle(hit, lang);
    const matched = ['title', 'guest', 'topic', 'description', 'question'].includes(hit.matchedIn)
      ? t(`archive.matched.${hit.matchedIn}`) : '';
    // Only a match in a question links to it: the server may name one for other matches too.
    const question = hit.matchedIn === 'question' && Number.isInteger(hit.question) ? hit.question : null;
    return h('li', { class: 'hit', 'data-testid': 'hit', 'data-number': hit.number, 'data-matched': hit.matchedIn },
      h('a', { class: 'hit-link', href: model.episodeHash(hit.number, question) }, titleNode('h2', title, { class: 'hit-title' })),
      h('p', { class: 'hit-meta' },
        t('archive.episode.number', { number: hit.number }), ' · ', dateNode(hit.airDate), matched ? ` · ${matched}` : ''),
      h('p', { class: 'snippet', 'data-testid': 'snippet', dir: 'auto' },
        model.snippetParts(hit.snippet).map((part) => (part.matched ? h('mark', null, part.text) : part.text))));
  }));
  if (!hits.length && !state.notice) setNotice({ kind: 'empty', key: 'archive.search.none' });
}

function renderEpisode(detail) {
  const lang = shownLanguage();
  const title = model.episodeTitle(detail, lang);
  el.episodeNumber.textContent = t('archive.episode.number', { number: detail.number });
  el.episodeTitle.textContent = title.text;
  if (title.lang) el.episodeTitle.lang = title.lang; else el.episodeTitle.removeAttribute('lang');

  const date = formatDate(detail.airDate);
  const time = model.formatAirTime(detail.airTime);
  const meta = [];
  if (date) meta.push(time ? t('archive.episode.airedAt', { date, time }) : t('archive.episode.aired', { date }));
  const duration = model.formatOffset(detail.durationSeconds);
  if (duration) meta.push(t('archive.episode.duration', { duration }));
  el.episodeMeta.textContent = meta.join(' · ');

  const poster = model.posterOf(detail);
  el.poster.hidden = !poster;
  if (poster) {
    if (el.poster.getAttribute('src') !== poster) el.poster.src = poster;
    el.poster.width = 640;
    el.poster.height = 360;
    el.poster.alt = t('archive.poster.alt', { number: detail.number, title: title.text });
  } else {
    el.poster.removeAttribute('src');
  }

  const description = model.pickText(detail.descriptions, lang);
  el.description.hidden = !description;
  el.description.textContent = description?.text ?? '';
  if (description) el.description.lang = description.lang; else el.description.removeAttribute('lang');

  const guests = Array.isArray(detail.guests) ? detail.guests.filter((g) => g && g.name) : [];
  el.guests.replaceChildren(...guests.map((guest) => {
    const about = [guest.role, guest.party].filter((s) => typeof s === 'string' && s.trim()).join(', ');
    return h('li', { class: 'guest', 'data-testid': 'guest' },
      h('span', { class: 'guest-name', dir: 'auto' }, guest.name),
      about ? h('span', { class: 'guest-about', dir: 'auto' }, about) : null);
  }));
  el.guestsNone.hidden = guests.length > 0;

  const topics = Array.isArray(detail.topics) ? detail.topics.filter((s) => typeof s === 'string' && s) : [];
  el.topics.replaceChildren(...topics.map((topic) => h('li', { class: 'topic', 'data-testid': 'topic', dir: 'auto' }, topic)));
  el.topicsBlock.hidden = topics.length === 0;

  const questions = Array.isArray(detail.questions) ? detail.questions.filter((q) => q && typeof q.text === 'string') : [];
  const picked = state.route.view === 'episode' ? state.route.question : null;
  // A new language redraws the list: whoever had a question focused keeps it.
  const focused = el.questions.contains(document.activeElement) ? document.activeElement.closest('[data-id]')?.dataset.id : null;
  el.questions.replaceChildren(...questions.map((q) => {
    const place = model.municipalityName(state.municipalities, q.municipality, lang);
    const who = [typeof q.viewerName === 'string' ? q.viewerName.trim() : '', place].filter(Boolean);
    const offset = model.formatOffset(q.inSeconds);
    return h('li', { class: 'aired-question', 'data-testid': 'aired-question', 'data-id': q.id, 'data-picked': q.id === picked ? 'true' : null, tabindex: q.id === picked ? '-1' : null },
      h('p', { class: 'question-text', 'data-testid': 'question-text', dir: 'auto', lang: kQuestionLanguages.has(q.language) ? q.language : null }, q.text),
      who.length || offset ? h('p', { class: 'question-meta' },
        who.length ? h('span', { class: 'question-who', 'data-testid': 'question-who', dir: 'auto' }, who.join(', ')) : null,
        offset ? h('time', { class: 'question-time', 'data-testid': 'question-time', datetime: model.isoDuration(q.inSeconds) },
          t('archive.question.at', { time: offset })) : null) : null);
  }));
  el.questionsNone.hidden = questions.length > 0;
  if (focused) el.questions.querySelector(`[data-id="${CSS.escape(focused)}"]`)?.focus({ preventScroll: true });

  updateTitle();
}

/** On arrival at an episode: the linked question in view and focused, else the top and its title. */
function arriveAtEpisode(moveFocus) {
  const target = state.route.question !== null ? el.questions.querySelector('[data-picked="true"]') : null;
  if (target) {
    target.scrollIntoView({ block: 'center' });
    target.focus({ preventScroll: true });
  } else {
    window.scrollTo(0, 0);
    focusHeading(el.episodeTitle, moveFocus);
  }
}

// ---- start ----

/** The strings and municipality names; tried again a few times, the page works in sr-Latn meanwhile. */
async function loadData(attempt = 0) {
  const controller = new AbortController();
  const [strings, municipalities] = await Promise.all([
    state.strings ? { ok: true, body: state.strings } : getJson('/data/i18n.json', controller.signal),
    state.municipalities ? { ok: true, body: state.municipalities } : getJson('/data/municipalities.json', controller.signal),
  ]);
  if (strings.ok && strings.body[model.kDefaultLanguage]) state.strings = strings.body;
  if (municipalities.ok && Array.isArray(municipalities.body)) state.municipalities = municipalities.body;
  applyLanguage();
  // Until now dates were ISO and texts sr-Latn; tests wait for this before reading either.
  if (state.strings) el.html.dataset.strings = 'loaded';
  if ((!state.strings || !state.municipalities) && attempt < 5) {
    setTimeout(() => loadData(attempt + 1), model.retryDelayMs(null, attempt));
  }
}

function start() {
  for (const node of document.querySelectorAll('[data-i18n]')) state.fallback[node.dataset.i18n] = node.textContent;
  state.fallback['archive.page.title'] = document.title;
  state.fallback['archive.loading'] = el.noticeText.textContent;

  for (const button of el.langButtons) button.addEventListener('click', () => chooseLanguage(button.dataset.lang));
  el.form.addEventListener('submit', (event) => {
    event.preventDefault();
    const hash = model.searchHash(el.query.value.trim());
    if (location.hash === hash) route(); else location.hash = hash;
  });
  el.retry.addEventListener('click', () => state.notice?.retry?.());
  el.more.addEventListener('click', () => loadPage(state.list.episodes.length, false));
  window.addEventListener('hashchange', route);

  applyLanguage();
  route();
  loadData();
}

start();
