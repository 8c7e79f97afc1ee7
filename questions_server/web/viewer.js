// Sporazum viewer page: ask a question, see what happens to it. Plain script, no build step.
// Wire format: schema/protocol.md. Viewer text only ever reaches the page through textContent.
'use strict';

(() => {
  const kLanguages = ['sr-Latn', 'sr-Cyrl', 'sq', 'en'];
  const kDefaultLanguage = 'sr-Latn';
  const kStorage = {
    device: 'sporazum.device',
    language: 'sporazum.lang',
    pending: 'sporazum.pending',
    draft: 'sporazum.draft',
    profile: 'sporazum.profile',
  };
  const kDefaultMaxTextChars = 500;
  const kCounterWarnChars = 50;           // the counter turns amber this close to the limit
  const kReconnectMinMs = 500;
  const kReconnectMaxMs = 15000;
  const kRetryMinMs = 1000;
  const kRetryMaxMs = 30000;
  const kAnswerTimeoutMs = 20000;          // a submit with no reply at all: the socket is probably dead
  const kWelcomeTimeoutMs = 15000;         // an open socket that never says welcome is no better
  const kProtocolStatuses = ['received', 'under_review', 'selected', 'on_air', 'aired', 'not_selected'];
  const kRetryableErrors = new Set(['try_again', 'busy', 'rate_limited']);
  const kFormFields = new Set(['text', 'name', 'municipality']);

  const $ = (selector) => document.querySelector(selector);
  const el = {
    html: document.documentElement,
    form: $('#ask-form'),
    text: $('#text'),
    name: $('#name'),
    municipality: $('#municipality'),
    consent: $('#consent'),
    send: $('[data-testid="send"]'),
    counter: $('#counter'),
    counterOver: $('#counter-over'),
    live: $('#counter-live'),
    error: $('[data-testid="error"]'),
    notice: $('#form-notice'),
    connection: $('[data-testid="connection"]'),
    connectionText: $('.connection-text'),
    closedBanner: $('[data-testid="closed-banner"]'),
    episode: $('.episode'),
    episodeTitle: $('#episode-title'),
    openNote: $('#questions-open'),
    list: $('[data-testid="my-questions"]'),
    empty: $('#mine-empty'),
    itemTemplate: $('#question-template'),
    deviceCode: $('[data-testid="device-code"]'),
    langButtons: [...document.querySelectorAll('[data-lang]')],
  };

  // ---- storage (localStorage can throw: private mode, quota, disabled cookies) ----
  const storage = {
    get(key) { try { return localStorage.getItem(key); } catch { return null; } },
    set(key, value) { try { localStorage.setItem(key, value); } catch { /* keep working in memory */ } },
    remove(key) { try { localStorage.removeItem(key); } catch { /* nothing to do */ } },
    getJson(key, fallback) {
      try { const v = JSON.parse(this.get(key)); return v ?? fallback; } catch { return fallback; }
    },
  };

  // ---- randomness: crypto.getRandomValues works outside secure contexts, randomUUID does not ----
  function randomBytes(n) { return crypto.getRandomValues(new Uint8Array(n)); }

  function base64url(bytes) {
    let bin = '';
    for (const b of bytes) bin += String.fromCharCode(b);
    return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function uuidV4() {
    const b = randomBytes(16);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  function deviceToken() {
    let token = storage.get(kStorage.device);
    if (!token || !/^[A-Za-z0-9_-]{16,128}$/.test(token)) {
      token = base64url(randomBytes(32));
      storage.set(kStorage.device, token);
    }
    return token;
  }

  // ---- text clean-up, mirroring the server's (protocol.md) so the counter shows what it will count ----
  const kControlChars = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/g; // Unicode Cc except LF
  const kFormatChars = /(?![\u200C\u200D])\p{Cf}/gu;                     // Cf except ZWNJ, ZWJ

  /** The text as it will be sent: line breaks unified, invisible control and format characters dropped, NFC. */
  function prepareText(raw) {
    return raw.replace(/\r\n?/g, '\n').replace(/\t/g, ' ')
      .replace(kControlChars, '').replace(kFormatChars, '').normalize('NFC');
  }

  function prepareName(raw) {
    return prepareText(raw).replace(/\n/g, ' ').trim();
  }

  /** Unicode code points, the unit of the protocol's limits. */
  function codePoints(s) { return [...s].length; }

  // ---- state ----
  const state = {
    language: initialLanguage(),
    strings: null,            // { lang: { key: text } } from /data/i18n.json
    fallback: {},             // sr-Latn texts baked into index.html, used until the file arrives
    municipalities: null,     // [{ code, sr-Latn, sr-Cyrl, sq, en }]
    maxTextChars: kDefaultMaxTextChars,
    questionsOpen: true,
    episodeTitle: '',
    connection: 'connecting', // connecting | connected | reconnecting | offline
    everConnected: false,
    formError: null,          // { code, retryAfterMs } shown under the form
    notice: null,             // i18n key of a calm, non-error note under the form
    lastSent: null,           // { id, text }: the just-sent text, restored to the form if refused
    items: new Map(),         // id -> { id, text, status, createdAt, receivedAt, error }
    pending: loadPending(),   // [{ id, text, name?, municipality?, consentNameOnAir, createdAt }]
  };

  function initialLanguage() {
    const stored = storage.get(kStorage.language);
    if (kLanguages.includes(stored)) return stored;
    for (const tag of navigator.languages || [navigator.language || '']) {
      const t = String(tag).toLowerCase();
      if (t.startsWith('sr')) return t.includes('cyrl') ? 'sr-Cyrl' : 'sr-Latn';
      if (t.startsWith('sq')) return 'sq';
      if (t.startsWith('en')) return 'en';
    }
    return kDefaultLanguage;
  }

  function loadPending() {
    const list = storage.getJson(kStorage.pending, []);
    return Array.isArray(list) ? list.filter((q) => q && typeof q.id === 'string' && typeof q.text === 'string') : [];
  }

  function savePending() {
    if (state.pending.length) storage.set(kStorage.pending, JSON.stringify(state.pending));
    else storage.remove(kStorage.pending);
  }

  // ---- translation ----
  function t(key, params) {
    const s = state.strings;
    let text = (s && (s[state.language]?.[key] ?? s[kDefaultLanguage]?.[key])) ?? state.fallback[key] ?? '';
    if (params) text = text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
    return text;
  }

  function captureFallback() {
    for (const node of document.querySelectorAll('[data-i18n]')) state.fallback[node.dataset.i18n] = node.textContent;
  }

  function applyLanguage() {
    const lang = state.strings ? state.language : kDefaultLanguage;
    el.html.lang = lang;
    for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
    for (const node of document.querySelectorAll('[data-i18n-placeholder]')) node.placeholder = t(node.dataset.i18nPlaceholder);
    for (const node of document.querySelectorAll('[data-i18n-aria-label]')) node.setAttribute('aria-label', t(node.dataset.i18nAriaLabel));
    for (const button of el.langButtons) {
      const own = state.strings?.[button.dataset.lang]?.['lang.name'];
      if (own) button.textContent = own;
      button.setAttribute('aria-pressed', String(button.dataset.lang === state.language));
    }
    document.title = t('app.name') || 'Sporazum';
    renderMunicipalities();
    renderAll();
  }

  function chooseLanguage(lang) {
    if (!kLanguages.includes(lang)) return;
    state.language = lang;
    storage.set(kStorage.language, lang);
    applyLanguage();
  }

  // ---- data files ----
  async function fetchJson(url) {
    for (let attempt = 0; ; attempt++) {
      try {
        const response = await fetch(url, { credentials: 'same-origin' });
        if (response.ok) return await response.json();
      } catch { /* network trouble: try again below */ }
      await sleep(backoffMs(attempt, kRetryMinMs, kReconnectMaxMs));
    }
  }

  function sleep(ms) { return new Promise((resolve) => setTimeout(resolve, ms)); }

  /** Exponential back-off with jitter: a random delay in [base/2, base]. */
  function backoffMs(attempt, minMs, maxMs) {
    const base = Math.min(maxMs, minMs * 2 ** Math.min(attempt, 16));
    return Math.round(base / 2 + Math.random() * base / 2);
  }

  function renderMunicipalities() {
    if (!state.municipalities) return;
    const lang = state.strings ? state.language : kDefaultLanguage;
    const selected = el.municipality.value || storage.getJson(kStorage.profile, {}).municipality || '';
    const collator = new Intl.Collator(lang);
    const list = state.municipalities
      .filter((m) => m && typeof m.code === 'string')
      .map((m) => ({ code: m.code, label: m[lang] || m[kDefaultLanguage] || m.code }))
      .sort((a, b) => (a.code === 'other') - (b.code === 'other') || collator.compare(a.label, b.label));
    const placeholder = el.municipality.options[0];
    placeholder.textContent = t('form.municipality.choose');
    el.municipality.replaceChildren(placeholder, ...list.map((m) => {
      const option = document.createElement('option');
      option.value = m.code;
      option.textContent = m.label;
      return option;
    }));
    el.municipality.value = list.some((m) => m.code === selected) ? selected : '';
  }

  // ---- rendering ----
  function renderAll() {
    renderConnection();
    renderShow();
    renderCounter();
    renderMessages();
    renderQuestions();
  }

  function renderConnection() {
    el.connection.dataset.state = state.connection;
    el.connectionText.textContent = t(`conn.${state.connection}`);
  }

  function renderShow() {
    el.episode.hidden = !state.episodeTitle;
    el.episodeTitle.textContent = state.episodeTitle;
    el.closedBanner.hidden = state.questionsOpen;
    el.openNote.hidden = !state.questionsOpen;
    renderSendButton();
  }

  function textLength() { return codePoints(prepareText(el.text.value).trim()); }

  function renderCounter() {
    const n = textLength();
    const max = state.maxTextChars;
    const over = n > max;
    el.counter.textContent = `${n} / ${max}`;
    el.counter.dataset.state = over ? 'over' : n > max - kCounterWarnChars ? 'warn' : 'ok';
    el.counterOver.hidden = !over;
    el.counterOver.textContent = over ? t('form.counter.over', { max }) : '';
    if (over) el.text.setAttribute('aria-invalid', 'true');
    else if (el.text.dataset.serverInvalid !== 'true') el.text.removeAttribute('aria-invalid');
    renderSendButton();
    return n;
  }

  function renderSendButton() {
    el.send.disabled = !state.questionsOpen || textLength() > state.maxTextChars;
  }

  /** Screen readers hear the counter only when it crosses into warning or over, not on every key. */
  let lastCounterState = 'ok';
  function announceCounter() {
    const stateNow = el.counter.dataset.state;
    if (stateNow !== lastCounterState && stateNow !== 'ok') {
      el.live.textContent = stateNow === 'over'
        ? t('form.counter.over', { max: state.maxTextChars })
        : t('form.counter.remaining', { n: state.maxTextChars - textLength() });
    }
    lastCounterState = stateNow;
  }

  function errorText(error) {
    if (!error) return '';
    const key = `error.${error.code}`;
    const params = { max: state.maxTextChars, seconds: Math.max(1, Math.ceil((error.retryAfterMs || 0) / 1000)) };
    return t(key, params) || t('error.unknown');
  }

  function renderMessages() {
    el.error.hidden = !state.formError;
    el.error.textContent = errorText(state.formError);
    el.notice.hidden = !state.notice;
    el.notice.textContent = state.notice ? t(state.notice) : '';
  }

  const kSteps = ['received', 'under_review', 'selected', 'on_air'];
  const kStepIndex = { received: 0, under_review: 1, selected: 2, on_air: 3, aired: 4, not_selected: 2 };

  function sortedItems() {
    const isLocal = (q) => q.status === 'pending' || q.status === 'failed';
    const time = (q) => (q.receivedAt ? Date.parse(q.receivedAt) : q.createdAt) || 0;
    return [...state.items.values()].sort((a, b) => isLocal(b) - isLocal(a) || time(b) - time(a));
  }

  function formatTime(q) {
    const ms = q.receivedAt ? Date.parse(q.receivedAt) : q.createdAt;
    if (!ms) return { text: '', iso: '' };
    const date = new Date(ms);
    const sameDay = date.toDateString() === new Date().toDateString();
    // Kosovo reads the 24-hour clock, whatever the interface language.
    const options = sameDay ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
      : { day: 'numeric', month: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
    try {
      return { text: new Intl.DateTimeFormat(el.html.lang, options).format(date), iso: date.toISOString() };
    } catch {
      return { text: '', iso: '' };
    }
  }

  function renderQuestions() {
    const items = sortedItems();
    el.empty.hidden = items.length > 0;
    el.list.replaceChildren(...items.map(renderQuestion));
  }

  function renderQuestion(q) {
    const node = el.itemTemplate.content.firstElementChild.cloneNode(true);
    node.dataset.id = q.id;
    node.dataset.status = q.status;
    node.querySelector('.question-text').textContent = q.text;

    const pill = node.querySelector('[data-testid="status"]');
    pill.dataset.status = q.status;
    const waiting = q.status === 'pending' && state.connection !== 'connected';
    pill.textContent = t(`status.${waiting ? 'waiting' : q.status}`);

    const time = formatTime(q);
    const timeNode = node.querySelector('.question-time');
    timeNode.textContent = time.text;
    if (time.iso) timeNode.dateTime = time.iso;

    const hint = node.querySelector('.question-hint');
    const isProtocolStatus = kProtocolStatuses.includes(q.status);
    hint.textContent = isProtocolStatus ? t(`status.hint.${q.status}`) : '';
    hint.hidden = !hint.textContent;

    const stepper = node.querySelector('.stepper');
    if (isProtocolStatus) renderStepper(stepper, q.status);
    else stepper.remove();

    const error = node.querySelector('.question-error');
    error.hidden = !q.error;
    error.textContent = errorText(q.error);
    return node;
  }

  function renderStepper(stepper, status) {
    stepper.setAttribute('aria-label', t('step.label'));
    const at = kStepIndex[status];
    const steps = status === 'not_selected' ? ['received', 'under_review', 'not_selected'] : kSteps;
    steps.forEach((step, i) => {
      const li = document.createElement('li');
      li.className = 'step';
      li.dataset.step = step;
      const done = i < at || status === 'aired';
      const current = i === at;
      li.classList.add(done ? 'step-done' : current ? 'step-current' : 'step-todo');
      if (current) li.setAttribute('aria-current', 'step');
      const label = document.createElement('span');
      label.className = 'step-label';
      label.textContent = t(`step.${step}`);
      li.append(label);
      stepper.append(li);
    });
  }

  // ---- questions ----
  function upsertItem(fields) {
    const id = fields.id.toLowerCase();
    const item = state.items.get(id) || { id, text: '', status: 'pending', createdAt: Date.now(), error: null };
    Object.assign(item, fields, { id });
    state.items.set(id, item);
    return item;
  }

  function findPending(id) {
    return state.pending.find((q) => q.id === id);
  }

  function dropPending(id) {
    const before = state.pending.length;
    state.pending = state.pending.filter((q) => q.id !== id);
    if (state.pending.length !== before) savePending();
    cancelRetry(id);
  }

  function submitForm(event) {
    event.preventDefault();
    if (!state.questionsOpen) return;
    const text = prepareText(el.text.value).trim();
    state.notice = null;
    if (!text) {
      state.formError = { code: 'empty_text' };
      renderMessages();
      el.text.focus();
      return;
    }
    if (codePoints(text) > state.maxTextChars) {
      state.formError = { code: 'text_too_long' };
      renderMessages();
      el.text.focus();
      return;
    }
    const name = prepareName(el.name.value);
    const question = {
      id: uuidV4(),
      text,
      consentNameOnAir: Boolean(name) && el.consent.checked,
      createdAt: Date.now(),
    };
    if (name) question.name = name;
    if (el.municipality.value) question.municipality = el.municipality.value;

    // Stored before it is sent: a closed tab or a dead network loses nothing.
    state.pending.push(question);
    savePending();
    upsertItem({ id: question.id, text, status: 'pending', createdAt: question.createdAt, error: null });
    state.lastSent = { id: question.id, text: el.text.value };
    state.formError = null;
    if (state.connection !== 'connected') state.notice = 'form.queued';
    el.text.value = '';
    saveDraft();
    renderCounter();
    renderMessages();
    renderQuestions();
    sendPending(question);
  }

  const retryTimers = new Map(); // id -> timeout handle
  const retryAttempts = new Map(); // id -> attempts so far
  const answerTimers = new Map(); // id -> timeout handle

  function scheduleRetry(id, delayMs) {
    cancelRetry(id);
    retryTimers.set(id, setTimeout(() => {
      retryTimers.delete(id);
      const q = findPending(id);
      if (q) sendPending(q);
    }, delayMs));
  }

  function cancelRetry(id) {
    clearTimeout(retryTimers.get(id));
    retryTimers.delete(id);
    clearTimeout(answerTimers.get(id));
    answerTimers.delete(id);
  }

  function sendPending(q) {
    if (!socket || !welcomed || retryTimers.has(q.id)) return; // sent after the next welcome / retry
    const message = { type: 'submit', id: q.id, text: q.text, consentNameOnAir: Boolean(q.consentNameOnAir) };
    if (q.name) message.name = q.name;
    if (q.municipality) message.municipality = q.municipality;
    socket.send(JSON.stringify(message));
    const sentOn = socket;
    clearTimeout(answerTimers.get(q.id));
    answerTimers.set(q.id, setTimeout(() => {
      answerTimers.delete(q.id);
      // No reply at all on this socket: on mobile networks that usually means a dead connection that
      // has not noticed yet. Reconnecting re-sends the same id, which the server never stores twice.
      if (findPending(q.id) && socket === sentOn) sentOn.close(4000, 'no answer');
    }, kAnswerTimeoutMs));
  }

  function flushPending() {
    for (const q of state.pending) sendPending(q);
  }

  // ---- messages from the server ----
  function onWelcome(m) {
    welcomed = true;
    state.everConnected = true;
    reconnectAttempt = 0;
    state.maxTextChars = Number.isInteger(m.maxTextChars) && m.maxTextChars > 0 ? m.maxTextChars : kDefaultMaxTextChars;
    state.questionsOpen = m.questionsOpen !== false;
    if (typeof m.episodeTitle === 'string') state.episodeTitle = m.episodeTitle;
    for (const q of Array.isArray(m.questions) ? m.questions : []) {
      if (!q || typeof q.id !== 'string') continue;
      const id = q.id.toLowerCase();
      // Listed by the server means stored: a pending copy whose ack was lost is done.
      dropPending(id);
      upsertItem({ id, text: String(q.text ?? ''), status: String(q.status || 'received'),
        receivedAt: q.receivedAt, error: null });
    }
    setConnection('connected');
    if (state.notice === 'form.queued') state.notice = null;
    renderAll();
    flushPending();
  }

  function onAck(m) {
    const id = String(m.id || '').toLowerCase();
    const q = findPending(id);
    const local = state.items.get(id);
    if (!q && !local) return; // not a question this page knows: nothing to show
    dropPending(id);
    retryAttempts.delete(id);
    upsertItem({ id, text: q?.text ?? local?.text ?? '', status: String(m.status || 'received'),
      receivedAt: m.receivedAt, error: null });
    if (state.formError && kRetryableErrors.has(state.formError.code) && state.formError.id === id) state.formError = null;
    renderMessages();
    renderQuestions();
  }

  function onStatus(m) {
    const id = String(m.id || '').toLowerCase();
    const item = state.items.get(id);
    if (!item || typeof m.status !== 'string') return;
    item.status = m.status;
    el.live.textContent = `${t(`status.${m.status}`)}: ${item.text.slice(0, 60)}`;
    renderQuestions();
  }

  function onQuestions(m) {
    state.questionsOpen = m.open !== false;
    if (typeof m.episodeTitle === 'string') state.episodeTitle = m.episodeTitle;
    if (state.questionsOpen && state.formError?.code === 'questions_closed') state.formError = null;
    renderShow();
    renderMessages();
  }

  function onError(m) {
    const code = String(m.code || 'server_error');
    const id = typeof m.id === 'string' ? m.id.toLowerCase() : null;
    const q = id ? findPending(id) : null;
    if (kFormFields.has(m.field) && (!id || id === state.lastSent?.id)) markFieldInvalid(m.field);

    if (code === 'hello_required') {         // we sent too early somehow: start the conversation again
      welcomed = false;
      socket?.close(4001, 'hello again');
      return;
    }
    if (!q) {                                // not about a question we are still sending
      if (!id) { state.formError = { code, retryAfterMs: m.retryAfterMs }; renderMessages(); }
      return;
    }
    if (kRetryableErrors.has(code)) {        // nothing stored: send the same id again later
      const attempt = retryAttempts.get(id) || 0;
      retryAttempts.set(id, attempt + 1);
      const delay = Number.isFinite(m.retryAfterMs) && m.retryAfterMs >= 0
        ? m.retryAfterMs + Math.round(Math.random() * 250)
        : backoffMs(attempt, kRetryMinMs, kRetryMaxMs);
      upsertItem({ id, error: { code, retryAfterMs: delay } });
      if (code === 'rate_limited') state.formError = { code, retryAfterMs: delay, id };
      scheduleRetry(id, delay);
    } else {                                 // refused for good: tell, and give the text back
      dropPending(id);
      retryAttempts.delete(id);
      upsertItem({ id, status: 'failed', error: { code } });
      if (state.lastSent?.id === id && !el.text.value.trim()) {
        el.text.value = state.lastSent.text;
        saveDraft();
        renderCounter();
      }
      state.notice = null;
      state.formError = { code, id };
    }
    renderMessages();
    renderQuestions();
  }

  function markFieldInvalid(field) {
    const input = el[field];
    input.setAttribute('aria-invalid', 'true');
    input.dataset.serverInvalid = 'true';
  }

  // ---- connection ----
  let socket = null;
  let welcomed = false;
  let reconnectAttempt = 0;
  let reconnectTimer = null;

  function setConnection(s) {
    if (state.connection === s) return;
    state.connection = s;
    renderConnection();
    renderQuestions(); // "sending…" vs "waiting for connection"
  }

  function socketUrl() {
    return `${location.protocol === 'https:' ? 'wss://' : 'ws://'}${location.host}/ws/viewer`;
  }

  function connect() {
    clearTimeout(reconnectTimer);
    reconnectTimer = null;
    if (socket) return;
    if (navigator.onLine === false) {
      setConnection('offline');
      scheduleReconnect(kReconnectMaxMs); // 'online' usually comes first; this is a safety net
      return;
    }
    setConnection(state.everConnected ? 'reconnecting' : 'connecting');
    let ws;
    try {
      ws = new WebSocket(socketUrl(), 'sporazum.v1');
    } catch {
      scheduleReconnect();
      return;
    }
    socket = ws;
    welcomed = false;
    ws.addEventListener('open', () => {
      ws.send(JSON.stringify({ type: 'hello', device: deviceToken(), lang: state.language }));
      setTimeout(() => { if (socket === ws && !welcomed) ws.close(4003, 'no welcome'); }, kWelcomeTimeoutMs);
    });
    ws.addEventListener('message', (event) => {
      if (ws !== socket) return;
      let m;
      try { m = JSON.parse(event.data); } catch { return; }
      if (!m || typeof m.type !== 'string') return;
      switch (m.type) {
        case 'welcome': onWelcome(m); break;
        case 'ack': onAck(m); break;
        case 'status': onStatus(m); break;
        case 'questions': onQuestions(m); break;
        case 'error': onError(m); break;
        default: break; // later protocol versions may add messages
      }
    });
    ws.addEventListener('close', () => {
      if (ws !== socket) return;
      socket = null;
      welcomed = false;
      for (const handle of answerTimers.values()) clearTimeout(handle);
      answerTimers.clear();
      if (navigator.onLine === false) setConnection('offline');
      else setConnection(state.everConnected ? 'reconnecting' : 'connecting');
      scheduleReconnect();
    });
  }

  function scheduleReconnect(delayMs) {
    clearTimeout(reconnectTimer);
    const delay = delayMs ?? backoffMs(reconnectAttempt++, kReconnectMinMs, kReconnectMaxMs);
    reconnectTimer = setTimeout(connect, delay);
  }

  function reconnectNow() {
    reconnectAttempt = 0;
    if (!socket) connect();
  }

  window.addEventListener('online', reconnectNow);
  window.addEventListener('offline', () => {
    // The socket cannot survive this, but may take minutes to notice: drop it now.
    welcomed = false;
    setConnection('offline');
    socket?.close(4002, 'offline');
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') reconnectNow();
  });

  // ---- form persistence: nothing typed is lost to a reload ----
  let draftTimer = null;
  function saveDraft() {
    clearTimeout(draftTimer);
    if (el.text.value) storage.set(kStorage.draft, el.text.value);
    else storage.remove(kStorage.draft);
  }

  function saveProfile() {
    storage.set(kStorage.profile, JSON.stringify({
      name: el.name.value, municipality: el.municipality.value, consent: el.consent.checked,
    }));
  }

  function restoreForm() {
    el.text.value = storage.get(kStorage.draft) || '';
    const profile = storage.getJson(kStorage.profile, {});
    if (typeof profile.name === 'string') el.name.value = profile.name;
    el.consent.checked = profile.consent === true;
  }

  // ---- start ----
  function start() {
    captureFallback();
    restoreForm();
    el.deviceCode.textContent = deviceToken(); // what the editors need to erase this viewer's data
    for (const q of state.pending) {
      upsertItem({ id: q.id, text: q.text, status: 'pending', createdAt: q.createdAt || Date.now(), error: null });
    }
    for (const button of el.langButtons) {
      button.setAttribute('aria-pressed', String(button.dataset.lang === state.language));
      button.addEventListener('click', () => chooseLanguage(button.dataset.lang));
    }
    el.form.addEventListener('submit', submitForm);
    el.text.addEventListener('input', () => {
      delete el.text.dataset.serverInvalid;
      renderCounter();
      announceCounter();
      if (state.formError && !kRetryableErrors.has(state.formError.code)) {
        state.formError = null;
        renderMessages();
      }
      clearTimeout(draftTimer);
      draftTimer = setTimeout(saveDraft, 300);
    });
    for (const input of [el.name, el.municipality, el.consent]) {
      input.addEventListener('change', () => {
        input.removeAttribute('aria-invalid');
        delete input.dataset.serverInvalid;
        saveProfile();
      });
    }
    el.name.addEventListener('input', saveProfile);
    window.addEventListener('pagehide', saveDraft);

    renderAll();
    connect();
    fetchJson('/data/i18n.json').then((strings) => {
      state.strings = strings && typeof strings === 'object' ? strings : null;
      if (state.strings && !state.strings[state.language]) state.language = kDefaultLanguage;
      applyLanguage();
    });
    fetchJson('/data/municipalities.json').then((list) => {
      state.municipalities = Array.isArray(list) ? list : [];
      renderMunicipalities();
    });
  }

  start();
})();
