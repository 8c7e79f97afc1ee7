// Sporazum moderation desk: the page at /moderate. Plain ES module, no build step, no framework.
// Wire format: schema/protocol.md, "Staff protocol, version 1". Viewer text only ever reaches the
// page through textContent / text nodes; nothing here builds HTML from strings.
import {
  kStates, kRejectReasons, kMaxAirTextChars, kMaxTopicChars, kMaxRejectNoteChars, kMaxLexiconBytes,
  isAllowed, cleanText, codePointLength, utf8Length, highlightSegments, normalizeQuestion, QuestionStore,
  kDefaultFilter, computeView, presenceByQuestion, auditToCsv, lexiconErrorLine, lineRange, backoffMs,
} from './moderate_model.js';

/** Every word the desk shows, in one place for translation. {name} marks a parameter. */
const kText = {
  'app.desk': 'desk',
  'app.title': 'Sporazum desk',
  'conn.connecting': 'Connecting…',
  'conn.connected': 'Live',
  'conn.reconnecting': 'Reconnecting…',
  'conn.offline': 'Offline',
  'episode.none': 'No episode',
  'episode.open': 'Questions open',
  'episode.closed': 'Questions closed',
  'tab.desk': 'Desk',
  'tab.audit': 'Audit log',
  'tab.lexicon': 'Lexicon',
  'user.logout': 'Log out',
  'role.moderator': 'moderator',
  'role.producer': 'producer',
  'role.admin': 'admin',
  'role.engine': 'engine',
  'role.noDesk': 'Signed in as {role}: the moderation desk is for moderators and admins.',
  'filter.state': 'State',
  'filter.flagged': 'Flagged / held only',
  'filter.municipality': 'Municipality',
  'filter.language': 'Language',
  'filter.topic': 'Topic',
  'filter.search': 'Search',
  'filter.search.placeholder': 'text, name, #id, device… ( / )',
  'filter.sort': 'Sort',
  'filter.any': 'Any',
  'filter.none': '(none)',
  'filter.all': 'All',
  'filter.review': 'To review (received + held)',
  'sort.newest': 'Newest first',
  'sort.oldest': 'Oldest first',
  'sort.starred': 'Starred first',
  'count.all': 'All',
  'count.flagged': 'Flagged',
  'state.received': 'Received',
  'state.held': 'Held',
  'state.approved': 'Approved',
  'state.rejected': 'Rejected',
  'state.merged': 'Merged',
  'state.queued': 'Queued',
  'state.on_air': 'On air',
  'state.aired': 'Aired',
  'state.not_selected': 'Not selected',
  'lang.sr': 'sr',
  'lang.sq': 'sq',
  'lang.en': 'en',
  'lang.other': 'other',
  'lang.unknown': '(unknown)',
  'reason.abuse': 'Abuse',
  'reason.hate': 'Hate speech',
  'reason.off_topic': 'Off topic',
  'reason.duplicate': 'Duplicate',
  'reason.spam': 'Spam',
  'reason.personal_data': 'Personal data',
  'reason.other': 'Other',
  'reason.banned': 'Banned device',
  'filterAction.hold': 'HOLD',
  'filterAction.flag': 'FLAG',
  'list.empty': 'No questions match.',
  'list.above': '▲ {n} more above — back to the top',
  'list.below': '▼ {n} more below',
  'row.air': 'Air:',
  'row.nameOnAir': 'name may go on air',
  'row.nameNotOnAir': 'name not for air',
  'row.anonymous': 'no name',
  'row.device': 'dev {code}',
  'row.address': 'addr {code}',
  'row.changedBy': 'last: {name} {time}',
  'row.asked': '×{n}',
  'row.askedTitle': 'asked by {n} viewers (merged)',
  'row.dup': '≈ #{id} — merge?',
  'row.dupTitle': 'looks like #{id}: press m to merge',
  'row.mergedInto': '→ #{id}',
  'row.ban.episode': 'BANNED (episode)',
  'row.ban.forever': 'BANNED (forever)',
  'row.draft': 'unsaved edit',
  'row.saving': 'saving…',
  'row.starred': 'starred',
  'row.looking': '{name} is looking',
  'row.acting': '{name} is changing it',
  'detail.empty': 'Select a question: j / k or click.',
  'detail.original': 'Viewer’s text',
  'detail.airText': 'Text for air (edited)',
  'detail.airTextNone': 'Not edited: the viewer’s text goes on air.',
  'detail.filter': 'Auto-filter',
  'detail.filterNone': 'no match',
  'detail.name': 'Name',
  'detail.municipality': 'Municipality',
  'detail.language': 'Language',
  'detail.received': 'Received',
  'detail.topic': 'Topic',
  'detail.asked': 'Asked by',
  'detail.device': 'Device',
  'detail.address': 'Address',
  'detail.sameDevice': '{n} questions from this device',
  'detail.sameAddress': '{n} questions from this address',
  'detail.ban': 'Ban',
  'detail.rejected': 'Rejected because',
  'detail.merged': 'Merged into',
  'detail.changed': 'Last change',
  'detail.others': 'Also here',
  'detail.version': 'v{n}',
  'detail.interface': 'page in {lang}',
  'detail.mergeDup': 'Looks like #{id} — merge into it (m)',
  'detail.notInList': 'Not in the list with the current filters.',
  'detail.gone': 'This question is no longer in the episode.',
  'act.approve': 'Approve',
  'act.reject': 'Reject…',
  'act.edit': 'Edit air text',
  'act.star': 'Star',
  'act.unstar': 'Unstar',
  'act.tag': 'Topic…',
  'act.merge': 'Merge…',
  'act.reopen': 'Reopen',
  'act.ban': 'Ban (episode)',
  'act.banForever': 'Ban forever…',
  'act.undo': 'Undo my last',
  'act.name.approve': 'approve',
  'act.name.reject': 'reject',
  'act.name.reopen': 'reopen',
  'act.name.edit': 'edit',
  'act.name.tag': 'topic',
  'act.name.star': 'star',
  'act.name.merge': 'merge',
  'act.name.ban': 'ban',
  'act.name.undo': 'undo',
  'edit.title': 'Text for air',
  'edit.save': 'Save',
  'edit.restore': 'Restore viewer’s text',
  'edit.count': '{n} / {max}',
  'edit.tooLong': 'Too long: at most {max} characters.',
  'edit.changedMeanwhile': '{name} changed this question since you started editing (it is now: {state}). Saving will be refused as a conflict; check, then save again.',
  'edit.conflict': 'Not saved: {name} changed this question ({action}) after you saw it. Your text is kept — check and press Ctrl+Enter to save again.',
  'edit.kept': 'Your unsent edit is kept.',
  'edit.notSaved': 'Not saved: {message}',
  'reject.title': 'Reject: why? (1–7)',
  'reject.note': 'Note (optional)',
  'reject.send': 'Reject',
  'reject.choose': 'Choose a reason first (1–7).',
  'prompt.tag': 'Topic (empty clears it)',
  'prompt.merge': 'Merge #{id} into question #',
  'prompt.mergeBad': 'Give the number of another question.',
  'confirm.banForever': 'Ban the device {device} forever? Its waiting questions in this episode are rejected, and its later questions are stored as rejected.',
  'common.ok': 'OK',
  'common.cancel': 'Cancel',
  'common.confirm': 'Yes',
  'key.move': 'next / previous',
  'key.approve': 'approve',
  'key.reject': 'reject',
  'key.edit': 'edit',
  'key.star': 'star',
  'key.tag': 'topic',
  'key.merge': 'merge',
  'key.ban': 'ban episode / forever',
  'key.reopen': 'reopen',
  'key.undo': 'undo',
  'key.search': 'search',
  'key.escape': 'close',
  'login.title': 'moderation desk',
  'login.username': 'Username',
  'login.password': 'Password',
  'login.submit': 'Log in',
  'login.checking': 'Checking…',
  'login.connecting': 'Connecting…',
  'login.expired': 'Your session has ended. Log in again to go on — nothing you typed is lost.',
  'login.resuming': 'Resuming your session…',
  'login.missing': 'Enter your username and password.',
  'login.failed': 'Wrong username or password.',
  'login.throttled': 'Too many failed attempts. Try again in {seconds} s.',
  'login.busy': 'The server is busy checking logins. Try again in {seconds} s.',
  'conflict.notice': '{name} changed #{id} ({action}) after you saw it. It is now: {state}.',
  'notice.done.undo': 'Undone (#{id}).',
  'notice.pending': 'Still saving the last change to #{id}.',
  'notice.notAllowed': 'Cannot {action} a question that is {state}.',
  'notice.offline': 'Not connected: the change was not sent.',
  'notice.lost': 'The connection dropped while saving #{id}: check whether the change was made.',
  'notice.loggedOut': 'Log in to make changes.',
  'notice.someone': 'Someone',
  'notice.close': 'Dismiss',
  'audit.title': 'Audit log',
  'audit.thisEpisode': 'This episode only',
  'audit.reload': 'Reload',
  'audit.csv': 'Export CSV',
  'audit.json': 'Export JSON',
  'audit.more': 'Load more',
  'audit.count': '{n} entries loaded',
  'audit.countMore': '{n} entries loaded (more available)',
  'audit.col.id': '#',
  'audit.col.at': 'When',
  'audit.col.actor': 'Who',
  'audit.col.action': 'Action',
  'audit.col.question': 'Question',
  'audit.col.before': 'Before',
  'audit.col.after': 'After',
  'audit.col.undoes': 'Undoes',
  'lexicon.title': 'Filter lexicon',
  'lexicon.reload': 'Reload',
  'lexicon.reloadAgain': 'Unsaved changes: click Reload again to discard them.',
  'lexicon.save': 'Save',
  'lexicon.meta': 'Version {version} · {terms} terms · {by}',
  'lexicon.metaShipped': 'Version 0 (the file shipped with the server) · {terms} terms',
  'lexicon.saved': 'Lexicon saved as version {version}.',
  'lexicon.badLine': 'Line {line}: {message}',
  'lexicon.conflict': 'Someone saved a newer version first. Reload to see it (copy your changes first).',
  'lexicon.tooBig': 'The lexicon is larger than 1 MiB.',
  'lexicon.help': 'One term a line: term, language, category, severity, separated by tabs. Lines starting with # are comments. Saved versions apply to questions that arrive from then on.',
  'error.forbidden': 'Your role may not do this.',
  'error.not_found': 'No such question in this episode.',
  'error.not_allowed': 'Not possible now.',
  'error.nothing_to_undo': 'Nothing of yours left to undo.',
  'error.try_again': 'The database did not answer: nothing was changed. Try again.',
  'error.busy': 'The server is busy: try again shortly.',
  'error.unauthenticated': 'Not logged in.',
  'error.field_too_long': 'Too long.',
  'error.bad_field': 'A field was not accepted.',
  'error.unknown': 'Something went wrong.',
};

const kStorage = {
  token: 'sporazum.staff.token',
  username: 'sporazum.staff.username',
  drafts: 'sporazum.staff.drafts',
  view: 'sporazum.staff.view',
};
const kSubprotocol = 'sporazum.staff.v1';
const kWindowRows = 150;          // rows in the DOM at most; the list pages through the rest
const kShiftRows = 50;            // rows added or dropped when the list is scrolled near an edge
const kEdgePx = 400;              // how near an edge that is
const kMaxViewIntervalMs = 250;   // the view is recomputed at least this often while data flows
const kFrameFallbackMs = 250;     // render even when requestAnimationFrame is paused (hidden tab)
const kReconnectMinMs = 500;
const kReconnectMaxMs = 10000;
const kLookDelayMs = 120;
const kAwaitPushMs = 3000;
const kAnswerTimeoutMs = 20000;    // a request with no reply at all: the socket is probably dead        // after `done`, how long the question stays "saving" without its push
const kNoticeMs = { info: 4000, error: 8000, conflict: 20000 };
const kMaxNotices = 5;
const kAuditPage = 200;
const kLanguages = ['sr', 'sq', 'en', 'other'];
const kDeskRoles = new Set(['moderator', 'admin']);

function t(key, params) {
  let text = kText[key] ?? key;
  if (params) text = text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
  return text;
}

// ---- DOM ----
const $ = (selector) => document.querySelector(selector);
const el = {
  episodeTitle: $('[data-testid="episode-title"]'),
  episodeOpen: $('[data-testid="episode-open"]'),
  tabs: $('[data-testid="tabs"]'),
  tabButtons: [...document.querySelectorAll('[data-tab]')],
  online: $('[data-testid="online"]'),
  connection: $('[data-testid="connection"]'),
  connectionText: $('.connection-text'),
  user: $('[data-testid="user"]'),
  userName: $('[data-testid="user-name"]'),
  userRole: $('[data-testid="user-role"]'),
  logout: $('[data-testid="logout"]'),
  views: { desk: $('#view-desk'), audit: $('#view-audit'), lexicon: $('#view-lexicon') },
  roleNote: $('[data-testid="role-note"]'),
  counters: $('[data-testid="counters"]'),
  filterState: $('#filter-state'),
  filterFlagged: $('#filter-flagged'),
  filterMunicipality: $('#filter-municipality'),
  filterLanguage: $('#filter-language'),
  filterTopic: $('#filter-topic'),
  search: $('#filter-search'),
  sort: $('#filter-sort'),
  listPane: $('#list-pane'),
  list: $('#qlist'),
  listEmpty: $('[data-testid="list-empty"]'),
  moreAbove: $('[data-testid="more-above"]'),
  moreBelow: $('[data-testid="more-below"]'),
  rowTemplate: $('#row-template'),
  detailEmpty: $('[data-testid="detail-empty"]'),
  detailBody: $('[data-testid="detail-body"]'),
  detailInfo: $('#detail-info'),
  detailStatus: $('[data-testid="detail-status"]'),
  actionButtons: [...document.querySelectorAll('[data-action]')],
  starLabel: $('.star-label'),
  editor: $('#editor'),
  editorText: $('#editor-text'),
  editorNote: $('#editor-note'),
  editorCount: $('#editor-count'),
  editorRestore: $('#editor-restore'),
  editorCancel: $('#editor-cancel'),
  reject: $('#reject'),
  rejectReasons: $('#reject-reasons'),
  rejectNote: $('#reject-note'),
  rejectCancel: $('#reject-cancel'),
  prompt: $('#prompt'),
  promptLabel: $('#prompt-label'),
  promptInput: $('#prompt-input'),
  promptCancel: $('#prompt-cancel'),
  topicList: $('#topic-list'),
  confirm: $('#confirm'),
  confirmText: $('#confirm-text'),
  confirmCancel: $('#confirm-cancel'),
  notices: $('#notices'),
  login: $('#login'),
  loginForm: $('#login-form'),
  loginReason: $('#login-reason'),
  loginUsername: $('#login-username'),
  loginPassword: $('#login-password'),
  loginError: $('#login-error'),
  loginSubmit: $('#login-submit'),
  auditEpisode: $('#audit-episode'),
  auditReload: $('#audit-reload'),
  auditCsv: $('#audit-csv'),
  auditJson: $('#audit-json'),
  auditCount: $('#audit-count'),
  auditRows: $('#audit-rows'),
  auditMore: $('#audit-more'),
  lexiconMeta: $('#lexicon-meta'),
  lexiconReload: $('#lexicon-reload'),
  lexiconSave: $('#lexicon-save'),
  lexiconError: $('#lexicon-error'),
  lexiconBody: $('#lexicon-body'),
};

function make(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

// ---- storage (sessionStorage can throw: disabled storage, quota) ----
const storage = {
  get(key) { try { return sessionStorage.getItem(key); } catch { return null; } },
  set(key, value) { try { sessionStorage.setItem(key, value); } catch { /* keep working in memory */ } },
  remove(key) { try { sessionStorage.removeItem(key); } catch { /* nothing to do */ } },
  getJson(key, fallback) {
    try { const v = JSON.parse(this.get(key)); return v ?? fallback; } catch { return fallback; }
  },
};

// ---- state ----
const state = {
  connection: 'connecting',     // connecting | connected | reconnecting | offline
  auth: 'anonymous',            // anonymous | pending | authed
  user: null,                   // { username, displayName, role }
  everAuthed: false,
  episode: null,                // { id, title, questionsOpen }
  store: new QuestionStore(),
  building: null,               // a snapshot arriving in parts
  filter: { ...kDefaultFilter },
  sort: 'newest',
  view: [],                     // ids in list order
  selectedId: null,
  selectedIndexHint: 0,
  shown: { id: null, version: null }, // the question and version the detail pane last showed
  presence: [],
  presenceMap: new Map(),
  pending: new Map(),           // question id -> { requestId, action, awaitVersion, timer }
  drafts: new Map(),            // question id -> { text, baseVersion, startVersion }
  municipalities: new Map(),    // code -> label
  tab: 'desk',
  conflictFor: new Map(),       // question id -> text of the last conflict about it
};

const requests = new Map();     // request id -> { kind, ... }
let requestSeq = 0;

// ---- connection ----
let socket = null;
let reconnectAttempt = 0;
let reconnectTimer = null;
let pendingLogin = null;          // { username, password } waiting for an open socket
let resumeTimer = null;

function socketUrl() {
  return `${location.protocol === 'https:' ? 'wss://' : 'ws://'}${location.host}/ws/staff`;
}

function isOpen() { return socket !== null && socket.readyState === WebSocket.OPEN; }

function send(message) {
  if (!isOpen()) return false;
  socket.send(JSON.stringify(message));
  return true;
}

/** Sends a request with a fresh id and remembers what it was for; returns the id, or null if not sent. */
function request(type, fields, meta) {
  const id = `r${++requestSeq}`;
  if (!send({ type, id, ...fields })) return null;
  requests.set(id, { kind: type, ...meta });
  // No answer at all: on flaky Wi-Fi that is a dead socket that has not noticed yet. Reconnecting
  // resumes the session, and the snapshot shows whether the change was made.
  const sentOn = socket;
  setTimeout(() => { if (requests.has(id) && socket === sentOn) sentOn.close(4000, 'no answer'); }, kAnswerTimeoutMs);
  return id;
}

function takeRequest(id) {
  if (typeof id !== 'string') return null;
  const r = requests.get(id);
  requests.delete(id);
  return r ?? null;
}

function setConnection(s) {
  if (state.connection === s) return;
  state.connection = s;
  renderConnection();
}

function connect() {
  clearTimeout(reconnectTimer);
  reconnectTimer = null;
  if (socket) return;
  if (navigator.onLine === false) {
    setConnection('offline');
    scheduleReconnect(kReconnectMaxMs);
    return;
  }
  setConnection(state.everAuthed ? 'reconnecting' : 'connecting');
  let ws;
  try {
    ws = new WebSocket(socketUrl(), kSubprotocol);
  } catch {
    scheduleReconnect();
    return;
  }
  socket = ws;
  ws.addEventListener('open', () => {
    if (ws !== socket) return;
    setConnection('connected');
    authenticate();
  });
  ws.addEventListener('message', (event) => {
    if (ws !== socket) return;
    let m;
    try { m = JSON.parse(event.data); } catch { return; }
    if (!m || typeof m !== 'object' || typeof m.type !== 'string') return;
    try {
      dispatch(m);
    } catch (error) {
      // One bad message must not stop the desk; the next push or snapshot repairs the picture.
      console.warn('desk: could not handle a message', m.type, error);
    }
  });
  ws.addEventListener('close', () => {
    if (ws !== socket) return;
    socket = null;
    onDisconnected();
    setConnection(navigator.onLine === false ? 'offline' : 'reconnecting');
    scheduleReconnect();
  });
}

function scheduleReconnect(delayMs) {
  clearTimeout(reconnectTimer);
  reconnectTimer = setTimeout(connect, delayMs ?? backoffMs(reconnectAttempt++, kReconnectMinMs, kReconnectMaxMs));
}

function reconnectNow() {
  reconnectAttempt = 0;
  if (!socket) connect();
}

function onDisconnected() {
  clearTimeout(resumeTimer);
  for (const [id, r] of requests) {
    if (r.kind === 'login' && !pendingLogin) renderLoginBusy(false);
    requests.delete(id);
  }
  for (const [questionId, p] of state.pending) {
    clearTimeout(p.timer);
    if (!p.awaitVersion) notify('error', t('notice.lost', { id: questionId }), { code: 'connection_lost' });
  }
  state.pending.clear();
  auditState.loading = false;
  lexiconState.saving = false;
  renderAudit();
  renderLexiconButtons();
  if (state.auth === 'authed' || state.auth === 'pending') state.auth = storage.get(kStorage.token) ? 'pending' : 'anonymous';
  state.presence = [];
  state.presenceMap = new Map();
  invalidate('list', 'detail', 'header');
}

/** On a fresh socket: resume the stored session, or send the login waiting for the socket, or ask. */
function authenticate() {
  const token = storage.get(kStorage.token);
  if (pendingLogin) {
    const { username, password } = pendingLogin;
    pendingLogin = null;
    sendLogin(username, password);
  } else if (token) {
    state.auth = 'pending';
    if (!request('resume', { token })) state.auth = 'anonymous';
    renderLoginReason();
  } else {
    state.auth = 'anonymous';
    showLogin(state.everAuthed ? 'expired' : null);
  }
}

function dispatch(m) {
  switch (m.type) {
    case 'session': onSession(m); break;
    case 'logged_out': onLoggedOut(m); break;
    case 'session_expired': onSessionExpired(); break;
    case 'snapshot': onSnapshot(m); break;
    case 'questions': onQuestions(m); break;
    case 'presence': onPresence(m); break;
    case 'episode': onEpisode(m); break;
    case 'done': onDone(m); break;
    case 'conflict': onConflict(m); break;
    case 'audit_page': onAuditPage(m); break;
    case 'lexicon': onLexicon(m); break;
    case 'error': onError(m); break;
    default: break; // later protocol versions may add messages
  }
}

// ---- logging in and out ----
let throttleUntil = 0;
let throttleKey = 'login.throttled';
let throttleTimer = null;
let focusBeforeLogin = null;
let loginReason = null;          // null | 'expired'

function isLoginShown() { return !el.login.hidden; }

function showLogin(reason) {
  loginReason = reason;
  renderLoginReason();
  if (!isLoginShown()) {
    focusBeforeLogin = document.activeElement;
    el.login.hidden = false;
    for (const view of Object.values(el.views)) view.inert = true;
    document.querySelector('.topbar').inert = true;
  }
  renderLoginBusy(false);
  if (!el.loginUsername.value) el.loginUsername.value = storage.get(kStorage.username) || '';
  (el.loginUsername.value ? el.loginPassword : el.loginUsername).focus();
}

function hideLogin() {
  if (!isLoginShown()) return;
  el.login.hidden = true;
  for (const view of Object.values(el.views)) view.inert = false;
  document.querySelector('.topbar').inert = false;
  el.loginPassword.value = '';
  el.loginError.hidden = true;
  const back = focusBeforeLogin;
  focusBeforeLogin = null;
  if (back && back.isConnected && back !== document.body) back.focus();
}

function renderLoginReason() {
  const key = loginReason === 'expired' ? 'login.expired' : state.auth === 'pending' && !requestsOfKind('login') ? 'login.resuming' : null;
  el.loginReason.hidden = !key;
  el.loginReason.textContent = key ? t(key) : '';
  el.loginReason.dataset.reason = loginReason || '';
}

function requestsOfKind(kind) {
  for (const r of requests.values()) if (r.kind === kind) return true;
  return false;
}

function renderLoginBusy(busy, key = 'login.checking') {
  el.loginSubmit.disabled = busy || Date.now() < throttleUntil;
  el.loginSubmit.textContent = busy ? t(key) : t('login.submit');
}

function showLoginError(text, code) {
  el.loginError.hidden = !text;
  el.loginError.textContent = text || '';
  el.loginError.dataset.code = code || '';
}

function startThrottle(retryAfterMs, key) {
  throttleKey = key;
  throttleUntil = Date.now() + Math.max(1000, Number(retryAfterMs) || 1000);
  clearInterval(throttleTimer);
  const tick = () => {
    const left = throttleUntil - Date.now();
    if (left <= 0) {
      clearInterval(throttleTimer);
      throttleTimer = null;
      showLoginError('', '');
      renderLoginBusy(false);
      return;
    }
    showLoginError(t(throttleKey, { seconds: Math.ceil(left / 1000) }), throttleKey === 'login.busy' ? 'busy' : 'login_throttled');
    el.loginSubmit.disabled = true;
  };
  tick();
  throttleTimer = setInterval(tick, 250);
}

function submitLogin(event) {
  event.preventDefault();
  if (Date.now() < throttleUntil || requestsOfKind('login')) return;
  const username = el.loginUsername.value.trim().toLowerCase();
  const password = el.loginPassword.value;
  if (!username || !password) {
    showLoginError(t('login.missing'), 'missing');
    return;
  }
  showLoginError('', '');
  storage.set(kStorage.username, username);
  if (!isOpen()) {
    pendingLogin = { username, password }; // kept in memory only, until the socket opens
    renderLoginBusy(true, 'login.connecting');
    reconnectNow();
    return;
  }
  sendLogin(username, password);
}

function sendLogin(username, password) {
  if (request('login', { username, password })) renderLoginBusy(true);
  else renderLoginBusy(false);
}

function onSession(m) {
  const r = takeRequest(m.id);
  if (typeof m.token === 'string' && m.token) storage.set(kStorage.token, m.token);
  const user = m.user && typeof m.user === 'object' ? m.user : {};
  state.user = {
    username: String(user.username ?? ''),
    displayName: String(user.displayName || user.username || ''),
    role: String(user.role ?? ''),
  };
  state.auth = 'authed';
  state.everAuthed = true;
  loginReason = null;
  reconnectAttempt = 0;
  if (r?.kind === 'login') renderLoginBusy(false);
  hideLogin();
  const isAdmin = state.user.role === 'admin';
  el.tabs.hidden = !isAdmin;
  if (!isAdmin && state.tab !== 'desk') showTab('desk');
  el.roleNote.hidden = kDeskRoles.has(state.user.role);
  el.roleNote.textContent = t('role.noDesk', { role: t(`role.${state.user.role}`) });
  state.presenceMap = presenceByQuestion(state.presence, state.user.username);
  sendLook(true);
  if (isAdmin && state.tab === 'audit' && auditState.entries.length === 0) loadAudit(true);
  if (isAdmin && state.tab === 'lexicon' && lexiconState.version === null) loadLexicon();
  invalidate('header', 'detail', 'list');
}

function onSessionExpired() {
  storage.remove(kStorage.token);
  state.auth = 'anonymous';
  for (const [id, r] of requests) if (r.kind !== 'login') requests.delete(id);
  for (const p of state.pending.values()) clearTimeout(p.timer);
  state.pending.clear();
  showLogin('expired');
  invalidate('list', 'detail', 'header');
}

function logout() {
  if (state.auth === 'authed' && request('logout', {})) {
    setTimeout(() => { if (state.auth !== 'anonymous') localLogout(); }, 2000);
  } else {
    localLogout();
  }
}

function onLoggedOut(m) {
  takeRequest(m.id);
  localLogout();
}

/** A deliberate logout forgets everything, unsent edits included: the next person sees nothing. */
function localLogout() {
  storage.remove(kStorage.token);
  storage.remove(kStorage.drafts);
  state.auth = 'anonymous';
  state.user = null;
  state.store = new QuestionStore();
  state.building = null;
  state.view = [];
  state.drafts.clear();
  state.pending.clear();
  state.conflictFor.clear();
  state.selectedId = null;
  state.presence = [];
  state.presenceMap = new Map();
  rowCache.clear();
  closePanels();
  hideEditor();
  auditState.entries = [];
  auditState.more = false;
  el.auditRows.replaceChildren();
  lexiconState.version = null;
  el.lexiconBody.value = '';
  el.tabs.hidden = true;
  showTab('desk');
  showLogin(null);
  invalidate('view', 'list', 'detail', 'counters', 'header', 'topics');
}

// ---- questions, presence, episode ----
function setEpisode(raw) {
  if (!raw || typeof raw !== 'object') return;
  const changed = state.episode && state.episode.id !== raw.id;
  state.episode = {
    id: Number.isSafeInteger(raw.id) ? raw.id : null,
    title: typeof raw.title === 'string' ? raw.title : '',
    questionsOpen: raw.questionsOpen === true,
  };
  if (changed) {
    auditState.entries = [];
    el.auditRows.replaceChildren();
  }
  invalidate('header');
}

function onSnapshot(m) {
  setEpisode(m.episode);
  if (!state.building) state.building = new QuestionStore();
  for (const raw of Array.isArray(m.questions) ? m.questions : []) {
    const q = normalizeQuestion(raw);
    if (q) state.building.upsert(q);
  }
  if (m.complete === false) return;
  state.store = state.building;
  state.building = null;
  rowCache.clear();
  // Drafts and the selection survive a snapshot of the same episode (a re-login, a reconnect, a reload).
  if (!draftsLoaded) loadStoredDrafts();
  for (const id of [...state.drafts.keys()]) if (!state.store.has(id)) state.drafts.delete(id);
  saveDrafts();
  if (state.selectedId !== null && !state.store.has(state.selectedId)) {
    state.selectedId = null;
    hideEditor();
    closePanels();
  }
  for (const [id, p] of state.pending) {
    const q = state.store.get(id);
    if (p.awaitVersion && q && q.version >= p.awaitVersion) clearPending(id);
  }
  if (state.selectedId === null) restoreDraftSelection();
  invalidate('view', 'list', 'detail', 'counters', 'topics');
}

function onQuestions(m) {
  let changed = false;
  for (const raw of Array.isArray(m.questions) ? m.questions : []) {
    const q = normalizeQuestion(raw);
    if (!q) continue;
    state.building?.upsert(q);
    if (!state.store.upsert(q)) continue;
    changed = true;
    const p = state.pending.get(q.id);
    if (p?.awaitVersion && q.version >= p.awaitVersion) clearPending(q.id);
    if (q.id === state.selectedId) invalidate('detail');
    const draft = state.drafts.get(q.id);
    if (draft && q.id === state.selectedId && !el.editor.hidden) renderEditorNote();
  }
  if (changed) invalidate('view', 'list', 'counters', 'topics');
}

function onPresence(m) {
  state.presence = Array.isArray(m.staff) ? m.staff : [];
  state.presenceMap = presenceByQuestion(state.presence, state.user?.username);
  invalidate('list', 'detail', 'header');
}

function onEpisode(m) {
  setEpisode(m.episode);
}

// ---- pending changes ----
function setPending(questionId, requestId, action) {
  state.pending.set(questionId, { requestId, action, awaitVersion: 0, timer: null });
  invalidate('list', 'detail');
}

function clearPending(questionId) {
  const p = state.pending.get(questionId);
  if (!p) return;
  clearTimeout(p.timer);
  state.pending.delete(questionId);
  invalidate('list', 'detail');
}

function onDone(m) {
  const r = takeRequest(m.id);
  if (!r) return;
  const questionId = Number.isSafeInteger(m.question) ? m.question : r.questionId;
  if (r.kind === 'act' && r.action === 'edit') {
    state.drafts.delete(r.questionId);
    saveDrafts();
    if (state.selectedId === r.questionId) hideEditor();
  }
  if (r.kind === 'undo') notify('info', t('notice.done.undo', { id: questionId ?? '?' }));
  if (r.kind === 'act' || r.kind === 'undo') {
    // `done` may come before the push that brings the new version: until then the question counts
    // as still saving, so a quick second key does not send the old version and conflict with itself.
    const have = state.store.get(questionId)?.version ?? 0;
    const p = state.pending.get(questionId);
    if (Number.isSafeInteger(m.version) && have < m.version && p) {
      p.awaitVersion = m.version;
      p.timer = setTimeout(() => clearPending(questionId), kAwaitPushMs);
    } else {
      clearPending(questionId);
      if (r.kind === 'act') clearPending(r.questionId);
    }
  }
}

function onConflict(m) {
  const r = takeRequest(m.id);
  const q = normalizeQuestion(m.question);
  if (q) {
    state.building?.upsert(q);
    if (state.store.upsert(q)) invalidate('view', 'list', 'counters', 'topics');
  }
  const questionId = q?.id ?? r?.questionId;
  if (r?.kind === 'lexicon_save') {
    showLexiconError(t('lexicon.conflict'), 'conflict');
    return;
  }
  if (questionId !== undefined && questionId !== null) clearPending(questionId);
  if (r?.questionId !== undefined) clearPending(r.questionId);
  const name = typeof m.changedBy === 'string' && m.changedBy ? m.changedBy : t('notice.someone');
  const action = typeof m.action === 'string' && m.action ? m.action : '?';
  const current = q ?? state.store.get(questionId);
  const text = t('conflict.notice', {
    name, id: questionId ?? '?', action, state: current ? t(`state.${current.state}`) : '?',
  });
  notify('conflict', text, { questionId });
  state.conflictFor.set(questionId, text);
  const draft = state.drafts.get(questionId);
  if (r?.kind === 'act' && r.action === 'edit' && draft && current) {
    // The edit was based on an older version. Keep the text; saving again means "I have seen it".
    draft.baseVersion = current.version;
    draft.conflict = t('edit.conflict', { name, action });
    saveDrafts();
    if (state.selectedId === questionId) {
      showEditor();
      renderEditorNote();
    }
  }
  invalidate('detail');
}

function onError(m) {
  const r = takeRequest(m.id);
  const code = typeof m.code === 'string' ? m.code : 'unknown';
  const message = typeof m.message === 'string' ? m.message : '';
  switch (r?.kind) {
    case 'login':
      renderLoginBusy(false);
      el.loginPassword.value = '';
      if (code === 'login_throttled') startThrottle(m.retryAfterMs, 'login.throttled');
      else if (code === 'busy') startThrottle(m.retryAfterMs, 'login.busy');
      else showLoginError(code === 'login_failed' ? t('login.failed') : errorText(code, message), code);
      if (!isLoginShown()) showLogin(loginReason);
      el.loginPassword.focus();
      return;
    case 'resume':
      if (code === 'try_again' || code === 'busy') {
        const delay = Number.isFinite(m.retryAfterMs) ? m.retryAfterMs : backoffMs(reconnectAttempt++, kReconnectMinMs, kReconnectMaxMs);
        clearTimeout(resumeTimer);
        resumeTimer = setTimeout(() => { if (isOpen() && state.auth === 'pending') authenticate(); }, delay);
        return;
      }
      storage.remove(kStorage.token);
      state.auth = 'anonymous';
      showLogin(state.everAuthed ? 'expired' : null);
      return;
    case 'logout':
      localLogout();
      return;
    case 'act':
    case 'undo': {
      clearPending(r.questionId);
      const text = errorText(code, message);
      notify(code === 'nothing_to_undo' ? 'info' : 'error', text, { code });
      if (r.action === 'edit' && state.drafts.has(r.questionId)) {
        state.drafts.get(r.questionId).conflict = t('edit.notSaved', { message: text });
        if (state.selectedId === r.questionId) { showEditor(); renderEditorNote(); }
      }
      if (code === 'unauthenticated') needLogin();
      return;
    }
    case 'audit':
      auditState.loading = false;
      renderAudit();
      notify('error', errorText(code, message), { code });
      return;
    case 'lexicon_get':
    case 'lexicon_save':
      lexiconState.saving = false;
      if (code === 'bad_lexicon') showBadLexicon(m);
      else if (code === 'conflict') showLexiconError(t('lexicon.conflict'), code);
      else showLexiconError(errorText(code, message), code);
      renderLexiconButtons();
      return;
    default:
      if (code === 'unauthenticated') { needLogin(); return; }
      notify('error', errorText(code, message), { code });
  }
}

/** The server says we are not logged in although we thought so: ask for the password, keep the desk. */
function needLogin() {
  if (state.auth === 'authed') {
    storage.remove(kStorage.token);
    state.auth = 'anonymous';
    showLogin('expired');
  }
}

/** An error for people, with its stable code, e.g. "Your role may not do this. (forbidden)". */
function errorText(code, message) {
  const known = kText[`error.${code}`];
  if (code === 'not_allowed' && message) return `${known} ${message} (${code})`;
  if (known) return `${known} (${code})`;
  return message ? `${code}: ${message}` : `${code}: ${t('error.unknown')}`;
}

// ---- notices ----
function notify(kind, text, { questionId = null, code = '' } = {}) {
  const node = make('div', `notice notice-${kind}`);
  node.dataset.testid = kind === 'conflict' ? 'conflict-notice' : `notice-${kind}`;
  if (code) node.dataset.code = code;
  if (questionId !== null && questionId !== undefined) node.dataset.question = String(questionId);
  node.setAttribute('role', kind === 'info' ? 'status' : 'alert');
  const body = make('span', 'notice-text', text);
  const close = make('button', 'notice-close', '×');
  close.type = 'button';
  close.title = t('notice.close');
  close.setAttribute('aria-label', t('notice.close'));
  close.addEventListener('click', () => node.remove());
  node.append(body, close);
  el.notices.prepend(node);
  while (el.notices.childElementCount > kMaxNotices) el.notices.lastElementChild.remove();
  setTimeout(() => node.remove(), kNoticeMs[kind] ?? kNoticeMs.info);
}

// ---- rendering: everything in one animation frame ----
const dirty = { view: false, list: false, detail: false, counters: false, header: false, topics: false };
let frameRequested = false;
let nextViewAtMs = 0;
let forceWindow = false;
let scrollToSelected = false;
let windowStart = 0;
let renderedIds = [];
const rowCache = new Map();      // id -> { node, sig }

function invalidate(...parts) {
  for (const part of parts) dirty[part] = true;
  if (frameRequested) return;
  frameRequested = true;
  requestAnimationFrame(frame);
  setTimeout(frame, kFrameFallbackMs);
}

function frame() {
  if (!frameRequested) return;
  frameRequested = false;
  try {
    renderFrame();
  } catch (error) {
    // A fault in drawing must not stop the desk: the next change draws again.
    console.warn('desk: drawing failed', error);
  }
}

function renderFrame() {
  let viewChanged = false;
  if (dirty.view) {
    const now = performance.now();
    if (now >= nextViewAtMs) {
      dirty.view = false;
      recomputeView();
      // Recomputing is O(questions); at thousands a second it runs at most every few frames.
      nextViewAtMs = now + Math.min(kMaxViewIntervalMs, (performance.now() - now) * 4);
      viewChanged = true;
      dirty.list = true;
    } else {
      invalidate('view');
    }
  }
  if (dirty.header) { dirty.header = false; renderHeader(); }
  if (dirty.counters) { dirty.counters = false; renderCounters(); }
  if (dirty.topics) { dirty.topics = false; renderTopicOptions(); }
  if (dirty.list) { dirty.list = false; renderList(viewChanged); }
  if (dirty.detail) { dirty.detail = false; renderDetail(); }
}

function recomputeView() {
  state.view = computeView(state.store, state.filter, state.sort);
  if (state.selectedId !== null) {
    const index = state.view.indexOf(state.selectedId);
    if (index >= 0) state.selectedIndexHint = index;
  }
}

function renderConnection() {
  el.connection.dataset.state = state.connection;
  el.connectionText.textContent = t(`conn.${state.connection}`);
}

function renderHeader() {
  renderConnection();
  const ep = state.episode;
  el.episodeTitle.textContent = ep ? ep.title : t('episode.none');
  el.episodeOpen.hidden = !ep;
  el.episodeOpen.textContent = ep ? t(ep.questionsOpen ? 'episode.open' : 'episode.closed') : '';
  el.episodeOpen.dataset.open = ep ? String(ep.questionsOpen) : '';
  const user = state.user;
  el.user.hidden = !user;
  el.userName.textContent = user ? user.displayName : '';
  el.userRole.textContent = user ? t(`role.${user.role}`) : '';
  document.body.dataset.role = user?.role ?? '';
  document.body.dataset.auth = state.auth;
  el.online.replaceChildren(...state.presence.filter((s) => s && typeof s === 'object').map((s) => {
    const item = make('li', 'online-item', String(s.displayName || s.username || '?'));
    item.dataset.username = String(s.username ?? '');
    if (s.username === user?.username) item.classList.add('online-self');
    if (Number.isSafeInteger(s.acting)) item.append(make('span', 'online-where online-acting', `✎ #${s.acting}`));
    else if (Number.isSafeInteger(s.looking)) item.append(make('span', 'online-where', `#${s.looking}`));
    return item;
  }));
}

// Built once and updated in place: a button replaced under the pointer would swallow the click.
const counterButtons = new Map(); // key -> the number's span

function buildCounters() {
  for (const key of ['all', ...kStates, 'flagged']) {
    const button = make('button', `counter${key === 'flagged' ? ' counter-flagged' : ''}`);
    button.type = 'button';
    button.dataset.state = key;
    button.dataset.testid = `counter-${key}`;
    const n = make('span', 'counter-n', '0');
    button.append(make('span', 'counter-label', key === 'all' ? t('count.all') : key === 'flagged' ? t('count.flagged') : t(`state.${key}`)), n);
    button.addEventListener('click', () => setFilter(key === 'flagged' ? { flaggedOnly: !state.filter.flaggedOnly } : { state: key }));
    counterButtons.set(key, n);
    el.counters.append(button);
  }
}

function renderCounters() {
  const store = state.store;
  for (const [key, n] of counterButtons) {
    const count = key === 'all' ? store.size : key === 'flagged' ? store.flaggedCount : store.stateCounts.get(key) || 0;
    n.textContent = String(count);
    const pressed = key === 'flagged' ? state.filter.flaggedOnly : state.filter.state === key;
    n.parentElement.setAttribute('aria-pressed', String(pressed));
  }
}

let topicsShown = { store: null, revision: -1, filter: null };

function renderTopicOptions() {
  // Rebuilt only when the set of topics changes: rebuilding an open <select> would close it.
  const shown = topicsShown;
  if (shown.store === state.store && shown.revision === state.store.topicsRevision && shown.filter === state.filter.topic) return;
  topicsShown = { store: state.store, revision: state.store.topicsRevision, filter: state.filter.topic };
  const topics = [...state.store.topics.keys()].sort((a, b) => a.localeCompare(b));
  const current = state.filter.topic;
  if (current && current !== '-' && !topics.includes(current)) topics.push(current);
  fillSelect(el.filterTopic, [['', t('filter.any')], ['-', t('filter.none')], ...topics.map((x) => [x, x])], current);
  el.topicList.replaceChildren(...topics.map((x) => { const o = make('option'); o.value = x; return o; }));
}

function fillSelect(select, options, value) {
  select.replaceChildren(...options.map(([v, label]) => {
    const option = make('option', '', label);
    option.value = v;
    return option;
  }));
  select.value = value;
}

// ---- the list ----
function timeText(iso) {
  const ms = Date.parse(iso);
  if (!ms) return '';
  return timeFormat.format(new Date(ms));
}
const timeFormat = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

function presenceSig(id) {
  const list = state.presenceMap.get(id);
  return list ? list.map((p) => `${p.username}${p.acting ? '!' : ''}`).join(',') : '';
}

function rowSig(q) {
  return `${q.version}|${presenceSig(q.id)}|${state.pending.has(q.id) ? 1 : 0}|${state.drafts.has(q.id) ? 1 : 0}|${state.municipalities.size}`;
}

function rowNode(id) {
  const q = state.store.get(id);
  const sig = rowSig(q);
  const cached = rowCache.get(id);
  if (cached && cached.sig === sig) return cached.node;
  const node = buildRow(q);
  rowCache.set(id, { node, sig });
  return node;
}

function appendHighlighted(parent, text, reasons) {
  for (const seg of highlightSegments(text, reasons)) {
    if (!seg.marked) { parent.append(seg.text); continue; }
    const mark = make('mark', 'hit', seg.text);
    mark.title = seg.reasons.map((r) => [r.code, r.category, r.term].filter(Boolean).join(' · ')).join('\n');
    parent.append(mark);
  }
}

function badge(parent, className, text, title) {
  const b = make('span', `badge ${className}`, text);
  if (title) b.title = title;
  parent.append(b);
  return b;
}

function filterTitle(q) {
  return q.filter.reasons.map((r) => [r.code, r.category, r.term ? `“${r.term}”` : ''].filter(Boolean).join(' · ')).join('\n');
}

function buildRow(q) {
  const node = el.rowTemplate.content.firstElementChild.cloneNode(true);
  node.dataset.id = String(q.id);
  node.dataset.state = q.state;
  node.dataset.version = String(q.version);
  node.dataset.filter = q.filter.action;
  if (q.starred) node.dataset.starred = 'true';
  const pill = node.querySelector('.state-pill');
  pill.textContent = t(`state.${q.state}`);
  pill.dataset.state = q.state;
  node.querySelector('.q-id').textContent = `#${q.id}`;
  const time = node.querySelector('.q-time');
  time.textContent = timeText(q.receivedAt);
  if (q.receivedAt) time.dateTime = q.receivedAt;

  const badges = node.querySelector('.q-badges');
  if (q.filter.action !== 'none') {
    const categories = [...new Set(q.filter.reasons.map((r) => r.category || r.code).filter(Boolean))].join(', ');
    const b = badge(badges, `badge-filter badge-${q.filter.action}`, `${t(`filterAction.${q.filter.action}`)}${categories ? ` ${categories}` : ''}`, filterTitle(q));
    b.dataset.testid = 'q-filter';
  }
  if (q.starred) badge(badges, 'badge-star', '★', t('row.starred')).dataset.testid = 'q-star';
  if (q.askCount > 1) badge(badges, 'badge-asked', t('row.asked', { n: q.askCount }), t('row.askedTitle', { n: q.askCount }));
  if (q.topic) badge(badges, 'badge-topic', q.topic).dataset.testid = 'q-topic';
  if (q.language) badge(badges, 'badge-lang', q.language, q.interfaceLanguage ? t('detail.interface', { lang: q.interfaceLanguage }) : '');
  if (q.duplicateOf !== null && q.state !== 'merged') {
    badge(badges, 'badge-dup', t('row.dup', { id: q.duplicateOf }), t('row.dupTitle', { id: q.duplicateOf })).dataset.testid = 'q-dup';
  }
  if (q.mergedInto !== null) badge(badges, 'badge-merged', t('row.mergedInto', { id: q.mergedInto }));
  if (q.state === 'rejected' && q.rejectReason) badge(badges, 'badge-reason', t(`reason.${q.rejectReason}`), q.rejectNote || '');
  if (q.ban) badge(badges, 'badge-ban', t(`row.ban.${q.ban}`)).dataset.testid = 'q-ban';
  if (state.drafts.has(q.id)) badge(badges, 'badge-draft', t('row.draft')).dataset.testid = 'q-draft';
  if (state.pending.has(q.id)) badge(badges, 'badge-saving', t('row.saving')).dataset.testid = 'q-saving';

  const presence = node.querySelector('.q-presence');
  for (const p of state.presenceMap.get(q.id) || []) {
    const chip = make('span', `who${p.acting ? ' who-acting' : ''}`, `${p.acting ? '✎' : '👁'} ${p.name}`);
    chip.title = t(p.acting ? 'row.acting' : 'row.looking', { name: p.name });
    chip.dataset.username = p.username;
    presence.append(chip);
  }

  appendHighlighted(node.querySelector('.q-text'), q.text, q.filter.reasons);
  if (q.airText !== null) {
    node.querySelector('.q-air').hidden = false;
    node.querySelector('.q-air-label').textContent = t('row.air');
    node.querySelector('.q-air-text').textContent = q.airText;
  }

  const meta = node.querySelector('.q-meta');
  const parts = [];
  if (q.name) {
    const name = make('span', 'meta-name', q.name);
    const consent = make('span', `meta-consent${q.consentNameOnAir ? ' consent-yes' : ' consent-no'}`,
      q.consentNameOnAir ? `✓ ${t('row.nameOnAir')}` : `✗ ${t('row.nameNotOnAir')}`);
    parts.push([name, ' ', consent]);
  } else {
    parts.push([make('span', 'meta-anon', t('row.anonymous'))]);
  }
  if (q.municipality) parts.push([make('span', 'meta-municipality', municipalityLabel(q.municipality))]);
  if (q.device) parts.push([make('span', 'meta-code', t('row.device', { code: q.device }))]);
  if (q.address) parts.push([make('span', 'meta-code', t('row.address', { code: q.address }))]);
  if (q.changedBy) parts.push([make('span', 'meta-changed', t('row.changedBy', { name: q.changedBy, time: timeText(q.changedAt) }))]);
  parts.forEach((p, i) => { if (i) meta.append(' · '); meta.append(...p); });
  return node;
}

function municipalityLabel(code) {
  return state.municipalities.get(code) || code;
}

/** The first row at least partly visible in the list pane, and where it sits, to keep it in place. */
function captureAnchor() {
  const paneTop = el.listPane.getBoundingClientRect().top;
  for (let i = 0; i < renderedIds.length; i++) {
    const node = rowCache.get(renderedIds[i])?.node;
    if (!node || !node.isConnected) continue;
    const rect = node.getBoundingClientRect();
    if (rect.bottom > paneTop) return { id: renderedIds[i], pos: i, top: rect.top - paneTop };
  }
  return null;
}

function renderList(viewChanged) {
  const pane = el.listPane;
  const view = state.view;
  // At the very top, the list follows the newest; anywhere else, the rows in sight stay in sight.
  const following = pane.scrollTop <= 2 && windowStart === 0;
  const anchor = following || forceWindow ? null : captureAnchor();
  if (viewChanged && anchor) {
    const index = view.indexOf(anchor.id);
    if (index >= 0) windowStart = index - anchor.pos;
  }
  forceWindow = false;
  windowStart = Math.max(0, Math.min(windowStart, view.length - kWindowRows));

  const slice = view.slice(windowStart, windowStart + kWindowRows);
  const wanted = new Set(slice);
  let cursor = el.list.firstChild;
  for (const id of slice) {
    const node = rowNode(id);
    const selected = id === state.selectedId;
    if (node.classList.contains('selected') !== selected) {
      node.classList.toggle('selected', selected);
      node.setAttribute('aria-selected', String(selected));
    }
    if (node === cursor) { cursor = cursor.nextSibling; continue; }
    el.list.insertBefore(node, cursor);
  }
  while (cursor) {
    const next = cursor.nextSibling;
    cursor.remove();
    cursor = next;
  }
  for (const id of rowCache.keys()) if (!wanted.has(id)) rowCache.delete(id);
  renderedIds = slice;

  const above = windowStart;
  const below = Math.max(0, view.length - windowStart - slice.length);
  el.moreAbove.hidden = above === 0;
  el.moreAbove.textContent = t('list.above', { n: above });
  el.moreBelow.hidden = below === 0;
  el.moreBelow.textContent = t('list.below', { n: below });
  el.listEmpty.hidden = view.length > 0;

  if (anchor) {
    const node = rowCache.get(anchor.id)?.node;
    if (node?.isConnected) pane.scrollTop += node.getBoundingClientRect().top - pane.getBoundingClientRect().top - anchor.top;
  }
  if (scrollToSelected) {
    scrollToSelected = false;
    const node = state.selectedId !== null ? rowCache.get(state.selectedId)?.node : null;
    if (node?.isConnected) node.scrollIntoView({ block: 'nearest' });
  }
  // Reading the scroll geometry right after changing the DOM forces a layout on every frame; the
  // edges only matter away from the top, and a moment later the layout is done anyway.
  if (!following) scheduleEdgeCheck();
}

let edgeTimer = null;
function scheduleEdgeCheck() {
  if (edgeTimer === null) edgeTimer = setTimeout(() => { edgeTimer = null; checkEdges(); }, 50);
}

/** Pages the window when the list is scrolled near its top or bottom edge. */
function checkEdges() {
  const pane = el.listPane;
  const view = state.view;
  if (pane.scrollTop < kEdgePx && windowStart > 0) {
    windowStart = Math.max(0, windowStart - kShiftRows);
    invalidate('list');
  } else if (pane.scrollTop + pane.clientHeight > pane.scrollHeight - kEdgePx
    && windowStart + kWindowRows < view.length && renderedIds.length === kWindowRows) {
    windowStart += kShiftRows;
    invalidate('list');
  }
}

function jumpToTop() {
  windowStart = 0;
  forceWindow = true;
  el.listPane.scrollTop = 0;
  invalidate('list');
}

// ---- the selected question ----
let detailSig = '';

function renderDetail() {
  const id = state.selectedId;
  const q = id !== null ? state.store.get(id) : null;
  el.detailEmpty.hidden = id !== null;
  el.detailBody.hidden = id === null;
  el.detailBody.dataset.id = id === null ? '' : String(id);
  if (id === null) {
    state.shown = { id: null, version: null };
    detailSig = '';
    return;
  }
  const pending = state.pending.get(id);
  const sig = q ? `${id}|${rowSig(q)}|${state.view.includes(id)}|${state.conflictFor.get(id) ?? ''}` : `${id}|gone`;
  if (sig !== detailSig) {
    detailSig = sig;
    el.detailInfo.replaceChildren(...(q ? detailInfo(q) : [make('p', 'detail-gone', t('detail.gone'))]));
  }
  state.shown = { id, version: q ? q.version : null };
  el.detailBody.dataset.version = q ? String(q.version) : '';
  el.detailBody.dataset.state = q ? q.state : '';
  for (const button of el.actionButtons) {
    const action = button.dataset.action;
    if (action === 'undo') { button.disabled = state.auth !== 'authed'; continue; }
    const kind = action === 'ban-forever' ? 'ban' : action;
    button.disabled = !q || Boolean(pending) || state.auth !== 'authed' || !isAllowed(kind, q.state);
  }
  el.starLabel.textContent = t(q?.starred ? 'act.unstar' : 'act.star');
  el.detailStatus.textContent = pending ? t('row.saving') : '';
}

function field(label, ...content) {
  const row = make('div', 'field');
  row.append(make('dt', '', label));
  const dd = make('dd');
  dd.append(...content);
  row.append(dd);
  return row;
}

function codeButton(text, search) {
  const button = make('button', 'code-link', text);
  button.type = 'button';
  button.title = search;
  button.addEventListener('click', () => {
    el.search.value = search;
    setFilter({ search });
  });
  return button;
}

function detailInfo(q) {
  const out = [];
  const head = make('div', 'detail-head');
  const pill = make('span', 'state-pill', t(`state.${q.state}`));
  pill.dataset.state = q.state;
  pill.dataset.testid = 'detail-state';
  head.append(pill, make('span', 'detail-id', `#${q.id}`), make('span', 'detail-version', t('detail.version', { n: q.version })));
  if (q.starred) head.append(make('span', 'badge badge-star', '★'));
  if (q.filter.action !== 'none') head.append(make('span', `badge badge-filter badge-${q.filter.action}`, t(`filterAction.${q.filter.action}`)));
  if (q.ban) head.append(make('span', 'badge badge-ban', t(`row.ban.${q.ban}`)));
  out.push(head);

  const conflict = state.conflictFor.get(q.id);
  if (conflict) out.push(make('p', 'detail-conflict', conflict));
  if (!state.view.includes(q.id)) out.push(make('p', 'detail-note', t('detail.notInList')));

  const original = make('section', 'detail-text');
  original.append(make('h2', '', t('detail.original')));
  const text = make('p', 'detail-original', null);
  text.dataset.testid = 'detail-text';
  text.dir = 'auto';
  appendHighlighted(text, q.text, q.filter.reasons);
  original.append(text);
  out.push(original);

  const air = make('section', 'detail-text');
  air.append(make('h2', '', q.airText !== null ? t('detail.airText') : t('edit.title')));
  const airText = make('p', q.airText !== null ? 'detail-air' : 'detail-air-none', q.airText ?? t('detail.airTextNone'));
  airText.dataset.testid = 'detail-air';
  airText.dir = 'auto';
  air.append(airText);
  out.push(air);

  const dl = make('dl', 'detail-fields');
  if (q.filter.action !== 'none' || q.filter.reasons.length) {
    const list = make('ul', 'reasons-list');
    list.dataset.testid = 'detail-reasons';
    for (const r of q.filter.reasons) {
      const item = make('li');
      item.append(make('code', '', r.code), ' ', make('span', 'reason-category', r.category));
      if (r.term) item.append(' ', make('q', 'reason-term', r.term));
      list.append(item);
    }
    dl.append(field(t('detail.filter'), make('span', `badge badge-filter badge-${q.filter.action}`, t(`filterAction.${q.filter.action}`) || q.filter.action), list));
  } else {
    dl.append(field(t('detail.filter'), t('detail.filterNone')));
  }
  const name = q.name
    ? [make('span', 'meta-name', q.name), ' ', make('span', q.consentNameOnAir ? 'consent-yes' : 'consent-no', q.consentNameOnAir ? `✓ ${t('row.nameOnAir')}` : `✗ ${t('row.nameNotOnAir')}`)]
    : [t('row.anonymous')];
  dl.append(field(t('detail.name'), ...name));
  dl.append(field(t('detail.municipality'), q.municipality ? municipalityLabel(q.municipality) : '—'));
  dl.append(field(t('detail.language'), `${q.language ?? t('lang.unknown')}${q.interfaceLanguage ? ` (${t('detail.interface', { lang: q.interfaceLanguage })})` : ''}`));
  const received = make('time', '', `${timeText(q.receivedAt)}`);
  if (q.receivedAt) received.dateTime = q.receivedAt;
  dl.append(field(t('detail.received'), received));
  dl.append(field(t('detail.topic'), q.topic ?? '—'));
  if (q.askCount > 1) dl.append(field(t('detail.asked'), String(q.askCount)));
  if (q.device) {
    const n = state.store.devices.get(q.device) || 1;
    dl.append(field(t('detail.device'), codeButton(q.device, q.device), n > 1 ? ` ${t('detail.sameDevice', { n })}` : ''));
  }
  if (q.address) {
    const n = state.store.addresses.get(q.address) || 1;
    dl.append(field(t('detail.address'), codeButton(q.address, q.address), n > 1 ? ` ${t('detail.sameAddress', { n })}` : ''));
  }
  if (q.ban) dl.append(field(t('detail.ban'), t(`row.ban.${q.ban}`)));
  if (q.rejectReason) dl.append(field(t('detail.rejected'), `${t(`reason.${q.rejectReason}`)}${q.rejectNote ? ` — ${q.rejectNote}` : ''}`));
  if (q.mergedInto !== null) dl.append(field(t('detail.merged'), codeButton(`#${q.mergedInto}`, `#${q.mergedInto}`)));
  if (q.changedBy) dl.append(field(t('detail.changed'), `${q.changedBy} ${timeText(q.changedAt)}`));
  const others = state.presenceMap.get(q.id);
  if (others?.length) {
    dl.append(field(t('detail.others'), ...others.map((p) => {
      const chip = make('span', `who${p.acting ? ' who-acting' : ''}`, `${p.acting ? '✎' : '👁'} ${p.name}`);
      chip.title = t(p.acting ? 'row.acting' : 'row.looking', { name: p.name });
      return chip;
    })));
  }
  out.push(dl);

  if (q.duplicateOf !== null && q.state !== 'merged') {
    const dup = make('button', 'dup-merge', t('detail.mergeDup', { id: q.duplicateOf }));
    dup.type = 'button';
    dup.dataset.testid = 'detail-dup';
    dup.addEventListener('click', () => openMerge());
    out.push(dup);
  }
  return out;
}

// ---- selection and presence ----
let lookTimer = null;
let lastLook;

function sendLook(force = false) {
  clearTimeout(lookTimer);
  lookTimer = null;
  if (state.auth !== 'authed') return;
  const question = state.selectedId;
  if (!force && question === lastLook) return;
  if (send({ type: 'look', question })) lastLook = question;
}

function select(id, { scroll = true } = {}) {
  if (id === state.selectedId) return;
  closePanels();
  hideEditor();
  state.selectedId = id;
  const index = id === null ? -1 : state.view.indexOf(id);
  if (index >= 0) {
    state.selectedIndexHint = index;
    if (index < windowStart || index >= windowStart + kWindowRows) {
      windowStart = Math.max(0, index - Math.floor(kWindowRows / 4));
      forceWindow = true;
    }
  }
  if (id !== null && state.drafts.has(id)) showEditor(); // shown, not focused: j / k keep working
  scrollToSelected = scroll;
  clearTimeout(lookTimer);
  lookTimer = setTimeout(sendLook, kLookDelayMs);
  // The detail is drawn now, not in the next frame: a key pressed at once must find the question
  // shown (its version is what the moderator "saw") and its panels able to take the focus.
  dirty.detail = false;
  renderDetail();
  invalidate('list');
}

function move(delta) {
  const view = state.view;
  if (!view.length) return;
  let index = state.selectedId === null ? -1 : view.indexOf(state.selectedId);
  if (index < 0) {
    // The selection left the list (filtered out, or nothing selected): continue from where it was.
    const hint = Math.min(state.selectedIndexHint, view.length - 1);
    index = state.selectedId === null ? (delta > 0 ? 0 : view.length - 1) : delta > 0 ? hint : hint - 1;
  } else {
    index += delta;
  }
  select(view[Math.max(0, Math.min(view.length - 1, index))]);
}

let draftsLoaded = false;

/** Drafts kept in sessionStorage by an earlier load of this tab. */
function loadStoredDrafts() {
  draftsLoaded = true;
  const stored = storage.getJson(kStorage.drafts, {});
  for (const [key, d] of Object.entries(stored && typeof stored === 'object' ? stored : {})) {
    const id = Number(key);
    if (!Number.isSafeInteger(id) || !d || typeof d.text !== 'string' || state.drafts.has(id)) continue;
    state.drafts.set(id, { text: d.text, baseVersion: Number(d.baseVersion) || 0, startVersion: Number(d.startVersion) || 0, conflict: '' });
  }
}

function restoreDraftSelection() {
  const first = state.drafts.keys().next();
  if (!first.done) select(first.value);
}

// ---- actions ----
function selectedQuestion() {
  return state.selectedId === null ? null : state.store.get(state.selectedId) ?? null;
}

/** The version the moderator saw: what the detail pane showed, not what arrived since. */
function seenVersion(q) {
  return state.shown.id === q.id && state.shown.version !== null ? state.shown.version : q.version;
}

/** Checks that an action may be started now; tells the moderator why not. */
function canAct(q, action) {
  if (!q) return false;
  if (state.auth !== 'authed' || !isOpen()) {
    notify('error', state.auth === 'anonymous' ? t('notice.loggedOut') : t('notice.offline'), { code: 'offline' });
    return false;
  }
  if (state.pending.has(q.id)) {
    notify('info', t('notice.pending', { id: q.id }), { code: 'pending' });
    return false;
  }
  if (!isAllowed(action, q.state)) {
    notify('info', t('notice.notAllowed', { action: t(`act.name.${action}`), state: t(`state.${q.state}`) }), { code: 'not_allowed' });
    return false;
  }
  return true;
}

function act(q, action, fields, baseVersion) {
  if (!canAct(q, action)) return false;
  const id = request('act', { question: q.id, version: baseVersion, action, ...fields }, { questionId: q.id, action });
  if (!id) {
    notify('error', t('notice.offline'), { code: 'offline' });
    return false;
  }
  state.conflictFor.delete(q.id);
  setPending(q.id, id, action);
  return true;
}

function approve() {
  const q = selectedQuestion();
  if (q) act(q, 'approve', {}, seenVersion(q));
}

function reopen() {
  const q = selectedQuestion();
  if (q) act(q, 'reopen', {}, seenVersion(q));
}

function star() {
  const q = selectedQuestion();
  if (q) act(q, 'star', { starred: !q.starred }, seenVersion(q));
}

function banEpisode() {
  const q = selectedQuestion();
  if (q) act(q, 'ban', { scope: 'episode' }, seenVersion(q));
}

function undo() {
  if (state.auth !== 'authed') { notify('error', state.auth === 'anonymous' ? t('notice.loggedOut') : t('notice.offline'), { code: 'offline' }); return; }
  if (!request('undo', {}, { questionId: null })) notify('error', t('notice.offline'), { code: 'offline' });
}

// Panels (reject picker, prompt, confirm) remember the version seen when they opened: the decision
// was made on that, so a change by someone else in between must come back as a conflict.
let panel = null;                // { kind, questionId, baseVersion, action?, reason? }

function closePanels() {
  const wasOpen = panel !== null;
  panel = null;
  el.reject.hidden = true;
  el.prompt.hidden = true;
  el.confirm.hidden = true;
  if (wasOpen && (el.detailBody.contains(document.activeElement) || document.activeElement === document.body)) focusList();
}

function focusList() {
  const node = state.selectedId !== null ? rowCache.get(state.selectedId)?.node : null;
  (node?.isConnected ? node : el.listPane).focus({ preventScroll: true });
}

function openPanel(kind, q, extra) {
  closePanels();
  panel = { kind, questionId: q.id, baseVersion: seenVersion(q), ...extra };
}

function openReject() {
  const q = selectedQuestion();
  if (!q || !canAct(q, 'reject')) return;
  openPanel('reject', q, { reason: null });
  renderReasons();
  el.rejectNote.value = '';
  el.reject.hidden = false;
  el.reject.focus();
}

function renderReasons() {
  el.rejectReasons.replaceChildren(...kRejectReasons.map((reason, i) => {
    const label = make('label', 'reason');
    const input = make('input');
    input.type = 'radio';
    input.name = 'reject-reason';
    input.value = reason;
    input.checked = panel?.reason === reason;
    input.dataset.testid = `reason-${reason}`;
    input.addEventListener('change', () => { if (panel) panel.reason = reason; });
    label.append(input, make('kbd', '', String(i + 1)), ' ', t(`reason.${reason}`));
    return label;
  }));
}

function chooseReason(index) {
  if (panel?.kind !== 'reject' || index < 0 || index >= kRejectReasons.length) return;
  panel.reason = kRejectReasons[index];
  renderReasons();
}

function submitReject(event) {
  event?.preventDefault();
  if (panel?.kind !== 'reject') return;
  const q = state.store.get(panel.questionId);
  if (!panel.reason) {
    notify('info', t('reject.choose'), { code: 'choose_reason' });
    return;
  }
  const note = cleanText(el.rejectNote.value).replace(/\n/g, ' ');
  if (codePointLength(note) > kMaxRejectNoteChars) {
    notify('error', t('edit.tooLong', { max: kMaxRejectNoteChars }), { code: 'field_too_long' });
    return;
  }
  const fields = { reason: panel.reason };
  if (note) fields.note = note;
  if (act(q, 'reject', fields, panel.baseVersion)) closePanels();
}

function openPrompt(kind) {
  const q = selectedQuestion();
  const action = kind === 'tag' ? 'tag' : 'merge';
  if (!q || !canAct(q, action)) return;
  openPanel(kind, q);
  el.promptLabel.textContent = kind === 'tag' ? t('prompt.tag') : t('prompt.merge', { id: q.id });
  el.promptInput.value = kind === 'tag' ? (q.topic ?? '') : (q.duplicateOf !== null ? String(q.duplicateOf) : '');
  el.promptInput.inputMode = kind === 'merge' ? 'numeric' : 'text';
  el.promptInput.maxLength = kind === 'tag' ? 80 : 20;
  el.promptInput.setAttribute('list', kind === 'tag' ? 'topic-list' : '');
  el.prompt.dataset.kind = kind;
  el.prompt.hidden = false;
  el.promptInput.focus();
  el.promptInput.select();
}

function openMerge() { openPrompt('merge'); }

function submitPrompt(event) {
  event?.preventDefault();
  if (!panel || (panel.kind !== 'tag' && panel.kind !== 'merge')) return;
  const q = state.store.get(panel.questionId);
  if (panel.kind === 'tag') {
    const topic = cleanText(el.promptInput.value).replace(/\s+/g, ' ');
    if (codePointLength(topic) > kMaxTopicChars) {
      notify('error', t('edit.tooLong', { max: kMaxTopicChars }), { code: 'field_too_long' });
      return;
    }
    if (act(q, 'tag', { topic }, panel.baseVersion)) closePanels();
    return;
  }
  const into = Number(el.promptInput.value.trim().replace(/^#/, ''));
  if (!Number.isSafeInteger(into) || into <= 0 || into === q?.id) {
    notify('error', t('prompt.mergeBad'), { code: 'bad_field' });
    return;
  }
  if (act(q, 'merge', { into }, panel.baseVersion)) closePanels();
}

function openBanForever() {
  const q = selectedQuestion();
  if (!q || !canAct(q, 'ban')) return;
  openPanel('ban-forever', q);
  el.confirmText.textContent = t('confirm.banForever', { device: q.device ?? '?' });
  el.confirm.hidden = false;
  el.confirm.focus();
}

function submitConfirm(event) {
  event?.preventDefault();
  if (panel?.kind !== 'ban-forever') return;
  const q = state.store.get(panel.questionId);
  if (act(q, 'ban', { scope: 'forever' }, panel.baseVersion)) closePanels();
}

// ---- the edit of the text for air ----
// Drafts live per question, in memory and in sessionStorage, until saved or cancelled: neither a
// session that expires, nor a reconnect, nor choosing another question loses what was typed.
let draftTimer = null;

function saveDrafts() {
  clearTimeout(draftTimer);
  draftTimer = null;
  const out = {};
  for (const [id, d] of state.drafts) out[id] = { text: d.text, baseVersion: d.baseVersion, startVersion: d.startVersion };
  if (state.drafts.size) storage.set(kStorage.drafts, JSON.stringify(out));
  else storage.remove(kStorage.drafts);
}

function openEditor() {
  const q = selectedQuestion();
  if (!q) return;
  if (!state.drafts.has(q.id)) {
    if (!canAct(q, 'edit')) return;
    const version = seenVersion(q);
    state.drafts.set(q.id, { text: q.airText ?? q.text, baseVersion: version, startVersion: version, conflict: '' });
    saveDrafts();
    invalidate('list');
  }
  closePanels();
  showEditor();
  el.editorText.focus();
  const end = el.editorText.value.length;
  el.editorText.setSelectionRange(end, end);
}

function showEditor() {
  const draft = state.drafts.get(state.selectedId);
  if (!draft) return;
  if (el.editor.hidden || el.editor.dataset.id !== String(state.selectedId)) {
    el.editorText.value = draft.text;
    el.editor.dataset.id = String(state.selectedId);
  }
  el.editor.hidden = false;
  renderEditorCount();
  renderEditorNote();
}

function hideEditor() {
  el.editor.hidden = true;
  el.editor.dataset.id = '';
}

function renderEditorCount() {
  const n = codePointLength(cleanText(el.editorText.value));
  el.editorCount.textContent = t('edit.count', { n, max: kMaxAirTextChars });
  el.editorCount.dataset.state = n > kMaxAirTextChars ? 'over' : 'ok';
}

function renderEditorNote() {
  const id = state.selectedId;
  const draft = state.drafts.get(id);
  const q = state.store.get(id);
  let note = draft?.conflict || '';
  // While our own save is in flight, the newer version may well be our own change.
  if (!note && draft && q && q.version > draft.baseVersion && !state.pending.has(id)) {
    note = t('edit.changedMeanwhile', { name: q.changedBy || t('notice.someone'), state: t(`state.${q.state}`) });
  }
  el.editorNote.hidden = !note;
  el.editorNote.textContent = note;
}

function onEditorInput() {
  const draft = state.drafts.get(state.selectedId);
  if (!draft) return;
  draft.text = el.editorText.value;
  renderEditorCount();
  clearTimeout(draftTimer);
  draftTimer = setTimeout(saveDrafts, 300);
}

function saveEdit(event) {
  event?.preventDefault();
  const q = selectedQuestion();
  const draft = q ? state.drafts.get(q.id) : null;
  if (!q || !draft) return;
  draft.text = el.editorText.value;
  saveDrafts();
  const text = cleanText(draft.text);
  if (codePointLength(text) > kMaxAirTextChars) {
    draft.conflict = t('edit.tooLong', { max: kMaxAirTextChars });
    renderEditorNote();
    return;
  }
  if (state.auth !== 'authed') {
    // Keep everything; the login overlay is (or will be) up, and saving works after logging in.
    draft.conflict = t('edit.kept');
    renderEditorNote();
    needLogin();
    return;
  }
  // Editing back to exactly the viewer's words means "no edit": the protocol's "" restores them.
  const airText = text === q.text ? '' : text;
  if (airText === (q.airText ?? '') && draft.baseVersion === q.version) {
    state.drafts.delete(q.id);
    saveDrafts();
    hideEditor();
    focusList();
    invalidate('list');
    return;
  }
  draft.conflict = '';
  renderEditorNote();
  act(q, 'edit', { airText }, draft.baseVersion);
}

function restoreOriginal() {
  const q = selectedQuestion();
  if (!q) return;
  const draft = state.drafts.get(q.id);
  const version = draft ? draft.baseVersion : seenVersion(q);
  if (q.airText === null) {
    cancelEdit();
    return;
  }
  if (!draft) state.drafts.set(q.id, { text: q.text, baseVersion: version, startVersion: version, conflict: '' });
  else draft.text = q.text;
  el.editorText.value = q.text;
  saveDrafts();
  act(q, 'edit', { airText: '' }, version);
}

function cancelEdit() {
  if (state.selectedId !== null) state.drafts.delete(state.selectedId);
  saveDrafts();
  hideEditor();
  focusList();
  invalidate('list', 'detail');
}

// ---- keyboard ----
function isTyping(target) {
  if (!(target instanceof Element)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(target.type);
}

function onKeyDown(event) {
  if (event.defaultPrevented || event.isComposing || isLoginShown() || state.tab !== 'desk') return;
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  if (isTyping(event.target)) return;
  const handlers = {
    j: () => move(1), ArrowDown: () => move(1),
    k: () => move(-1), ArrowUp: () => move(-1),
    Home: () => { if (state.view.length) select(state.view[0]); },
    End: () => { if (state.view.length) select(state.view[state.view.length - 1]); },
    a: approve, r: openReject, e: openEditor, s: star, t: () => openPrompt('tag'), m: openMerge,
    b: banEpisode, B: openBanForever, o: reopen, u: undo,
    '/': () => { el.search.focus(); el.search.select(); },
    Escape: () => { closePanels(); },
  };
  const handler = handlers[event.key];
  if (!handler) return;
  event.preventDefault();
  handler();
}

function onRejectKey(event) {
  if (event.key === 'Escape') { event.preventDefault(); event.stopPropagation(); closePanels(); return; }
  if (event.key === 'Enter' && !event.isComposing) { event.preventDefault(); event.stopPropagation(); submitReject(); return; }
  if (event.key === 'Tab') return;
  event.stopPropagation(); // a stray letter in the picker must not approve the question behind it
  if (event.target === el.rejectNote) return;
  if (/^[1-7]$/.test(event.key) && !event.ctrlKey && !event.metaKey && !event.altKey) {
    event.preventDefault();
    chooseReason(Number(event.key) - 1);
  }
}

function onPanelKey(event, submit) {
  if (event.key === 'Escape') { event.preventDefault(); event.stopPropagation(); closePanels(); return; }
  if (event.key === 'Enter' && !event.isComposing) { event.preventDefault(); event.stopPropagation(); submit(); return; }
  if (event.key !== 'Tab') event.stopPropagation();
}

function onEditorKey(event) {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !event.isComposing) {
    event.preventDefault();
    saveEdit();
  } else if (event.key === 'Escape') {
    event.preventDefault();
    event.stopPropagation();
    cancelEdit();
  }
}

// ---- filters ----
function setFilter(changes) {
  Object.assign(state.filter, changes);
  nextViewAtMs = 0; // the moderator asked: no waiting for the next recompute slot
  storage.set(kStorage.view, JSON.stringify({ filter: state.filter, sort: state.sort }));
  syncFilterControls();
  jumpToTop();
  scrollToSelected = true;
  invalidate('view', 'list', 'counters', 'detail');
}

function syncFilterControls() {
  el.filterState.value = state.filter.state;
  el.filterFlagged.checked = state.filter.flaggedOnly;
  el.filterMunicipality.value = state.filter.municipality;
  el.filterLanguage.value = state.filter.language;
  if ([...el.filterTopic.options].some((o) => o.value === state.filter.topic)) el.filterTopic.value = state.filter.topic;
  if (el.search.value !== state.filter.search) el.search.value = state.filter.search;
  el.sort.value = state.sort;
}

function setupFilters() {
  const saved = storage.getJson(kStorage.view, {});
  if (saved && typeof saved === 'object') {
    if (saved.filter && typeof saved.filter === 'object') {
      for (const key of Object.keys(kDefaultFilter)) {
        if (typeof saved.filter[key] === typeof kDefaultFilter[key]) state.filter[key] = saved.filter[key];
      }
    }
    if (['newest', 'oldest', 'starred'].includes(saved.sort)) state.sort = saved.sort;
  }
  fillSelect(el.filterState, [['all', t('filter.all')], ['review', t('filter.review')], ...kStates.map((s) => [s, t(`state.${s}`)])], state.filter.state);
  fillSelect(el.filterLanguage, [['', t('filter.any')], ...kLanguages.map((l) => [l, t(`lang.${l}`)]), ['-', t('lang.unknown')]], state.filter.language);
  fillSelect(el.sort, [['newest', t('sort.newest')], ['oldest', t('sort.oldest')], ['starred', t('sort.starred')]], state.sort);
  renderMunicipalityOptions();
  renderTopicOptions();
  syncFilterControls();
  el.filterState.addEventListener('change', () => setFilter({ state: el.filterState.value }));
  el.filterFlagged.addEventListener('change', () => setFilter({ flaggedOnly: el.filterFlagged.checked }));
  el.filterMunicipality.addEventListener('change', () => setFilter({ municipality: el.filterMunicipality.value }));
  el.filterLanguage.addEventListener('change', () => setFilter({ language: el.filterLanguage.value }));
  el.filterTopic.addEventListener('change', () => setFilter({ topic: el.filterTopic.value }));
  el.sort.addEventListener('change', () => {
    state.sort = el.sort.value;
    setFilter({});
  });
  let searchTimer = null;
  el.search.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => setFilter({ search: el.search.value }), 120);
  });
  el.search.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      if (el.search.value) { el.search.value = ''; setFilter({ search: '' }); } else focusList();
    } else if (event.key === 'Enter') {
      event.preventDefault();
      clearTimeout(searchTimer);
      setFilter({ search: el.search.value });
      focusList();
    }
  });
}

function renderMunicipalityOptions() {
  const list = [...state.municipalities].sort((a, b) => a[1].localeCompare(b[1], 'sr-Latn'));
  fillSelect(el.filterMunicipality, [['', t('filter.any')], ['-', t('filter.none')], ...list], state.filter.municipality);
}

async function loadMunicipalities() {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const response = await fetch('/data/municipalities.json', { credentials: 'same-origin' });
      if (response.ok) {
        const list = await response.json();
        for (const m of Array.isArray(list) ? list : []) {
          if (m && typeof m.code === 'string') state.municipalities.set(m.code, String(m['sr-Latn'] || m.code));
        }
        renderMunicipalityOptions();
        invalidate('list', 'detail');
        return;
      }
    } catch { /* try again below */ }
    await new Promise((resolve) => setTimeout(resolve, backoffMs(attempt, 1000, 15000)));
  }
}

// ---- admin: the audit log ----
const auditState = { entries: [], ids: new Set(), more: false, loading: false, requestEpisode: null };

function loadAudit(reset) {
  if (state.user?.role !== 'admin' || auditState.loading) return;
  if (reset) {
    auditState.entries = [];
    auditState.ids = new Set();
    auditState.more = false;
    el.auditRows.replaceChildren();
  }
  const last = auditState.entries[auditState.entries.length - 1];
  const fields = { before: reset || !last ? 0 : last.id, limit: kAuditPage };
  if (el.auditEpisode.checked && state.episode?.id !== null && state.episode?.id !== undefined) fields.episode = state.episode.id;
  if (request('audit', fields)) auditState.loading = true;
  renderAudit();
}

function onAuditPage(m) {
  const r = takeRequest(m.id);
  if (r?.kind !== 'audit') return;
  auditState.loading = false;
  const rows = [];
  for (const e of Array.isArray(m.entries) ? m.entries : []) {
    if (!e || typeof e !== 'object' || !Number.isSafeInteger(e.id) || auditState.ids.has(e.id)) continue;
    auditState.ids.add(e.id);
    auditState.entries.push(e);
    rows.push(auditRow(e));
  }
  el.auditRows.append(...rows);
  auditState.more = m.more === true;
  renderAudit();
}

function compactJson(value) {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function auditRow(e) {
  const tr = make('tr');
  tr.dataset.id = String(e.id);
  tr.dataset.testid = 'audit-row';
  const cells = [e.id, e.at, e.actor, e.action, e.question !== null && e.question !== undefined ? `#${e.question}` : '',
    compactJson(e.before), compactJson(e.after), e.undoes ?? ''];
  for (const value of cells) tr.append(make('td', '', value === null || value === undefined ? '' : String(value)));
  return tr;
}

function renderAudit() {
  const n = auditState.entries.length;
  el.auditCount.textContent = t(auditState.more ? 'audit.countMore' : 'audit.count', { n });
  el.auditMore.hidden = !auditState.more;
  el.auditMore.disabled = auditState.loading;
  el.auditCsv.disabled = n === 0;
  el.auditJson.disabled = n === 0;
}

function download(name, type, content) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = make('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

function exportName(ext) {
  const stamp = new Date().toISOString().replace(/[:]/g, '-').replace(/\..*$/, '');
  const episode = el.auditEpisode.checked && state.episode?.id ? `-episode-${state.episode.id}` : '';
  return `sporazum-audit${episode}-${stamp}.${ext}`;
}

// ---- admin: the lexicon ----
const lexiconState = { version: null, loadedBody: '', saving: false, reloadArmedUntil: 0, tabLeaves: false };

function loadLexicon() {
  if (state.user?.role !== 'admin') return;
  showLexiconError('', '');
  request('lexicon_get', {});
}

function onLexicon(m) {
  const r = takeRequest(m.id);
  if (r && r.kind !== 'lexicon_get' && r.kind !== 'lexicon_save') return;
  lexiconState.saving = false;
  lexiconState.version = Number.isSafeInteger(m.version) ? m.version : 0;
  const body = typeof m.body === 'string' ? m.body : '';
  lexiconState.loadedBody = body;
  el.lexiconBody.value = body;
  const terms = Number.isSafeInteger(m.terms) ? m.terms : '?';
  el.lexiconMeta.textContent = lexiconState.version === 0
    ? t('lexicon.metaShipped', { terms })
    : t('lexicon.meta', { version: lexiconState.version, terms, by: [m.updatedBy, m.updatedAt ? timeText(m.updatedAt) : ''].filter(Boolean).join(' ') });
  el.lexiconMeta.dataset.version = String(lexiconState.version);
  showLexiconError('', '');
  if (r?.kind === 'lexicon_save') notify('info', t('lexicon.saved', { version: lexiconState.version }));
  renderLexiconButtons();
}

function showLexiconError(text, code) {
  el.lexiconError.hidden = !text;
  el.lexiconError.textContent = text;
  el.lexiconError.dataset.code = code;
}

function showBadLexicon(m) {
  const line = lexiconErrorLine(m);
  const message = typeof m.message === 'string' ? m.message : '';
  const named = /\bline\s+\d/i.test(message); // the server's message usually names the line itself
  showLexiconError(line && !named ? t('lexicon.badLine', { line, message }) : message, 'bad_lexicon');
  const range = line ? lineRange(el.lexiconBody.value, line) : null;
  if (range) {
    el.lexiconBody.focus();
    el.lexiconBody.setSelectionRange(range.start, range.end);
  }
}

function saveLexicon() {
  if (lexiconState.version === null || lexiconState.saving) return;
  const body = el.lexiconBody.value;
  if (utf8Length(body) > kMaxLexiconBytes) {
    showLexiconError(t('lexicon.tooBig'), 'too_big');
    return;
  }
  if (request('lexicon_save', { version: lexiconState.version, body })) {
    lexiconState.saving = true;
    showLexiconError('', '');
  } else {
    notify('error', t('notice.offline'), { code: 'offline' });
  }
  renderLexiconButtons();
}

function reloadLexicon() {
  const dirtyBody = lexiconState.version !== null && el.lexiconBody.value !== lexiconState.loadedBody;
  if (dirtyBody && Date.now() > lexiconState.reloadArmedUntil) {
    lexiconState.reloadArmedUntil = Date.now() + 5000;
    showLexiconError(t('lexicon.reloadAgain'), 'unsaved');
    return;
  }
  lexiconState.reloadArmedUntil = 0;
  loadLexicon();
}

function renderLexiconButtons() {
  el.lexiconSave.disabled = lexiconState.version === null || lexiconState.saving;
}

// ---- tabs ----
function showTab(tab) {
  if (!el.views[tab]) return;
  if (tab !== 'desk' && state.user?.role !== 'admin') return;
  state.tab = tab;
  for (const [name, view] of Object.entries(el.views)) view.hidden = name !== tab;
  for (const button of el.tabButtons) button.setAttribute('aria-pressed', String(button.dataset.tab === tab));
  document.body.dataset.tab = tab;
  if (tab === 'audit' && auditState.entries.length === 0 && !auditState.loading) loadAudit(true);
  if (tab === 'lexicon' && lexiconState.version === null) loadLexicon();
}

// ---- start ----
function applyTexts() {
  document.title = t('app.title');
  for (const node of document.querySelectorAll('[data-t]')) node.textContent = t(node.dataset.t);
  for (const node of document.querySelectorAll('[data-t-placeholder]')) node.placeholder = t(node.dataset.tPlaceholder);
}

function start() {
  applyTexts();
  buildCounters();
  setupFilters();
  el.loginForm.addEventListener('submit', submitLogin);
  el.logout.addEventListener('click', logout);
  for (const button of el.tabButtons) button.addEventListener('click', () => showTab(button.dataset.tab));

  el.list.addEventListener('click', (event) => {
    const row = event.target instanceof Element ? event.target.closest('.q-row') : null;
    if (row) select(Number(row.dataset.id), { scroll: false });
  });
  el.listPane.addEventListener('scroll', scheduleEdgeCheck, { passive: true });
  el.moreAbove.addEventListener('click', jumpToTop);
  el.moreBelow.addEventListener('click', () => { windowStart += kShiftRows; invalidate('list'); });

  const actions = {
    approve, reject: openReject, edit: openEditor, star, tag: () => openPrompt('tag'), merge: openMerge,
    reopen, ban: banEpisode, 'ban-forever': openBanForever, undo,
  };
  for (const button of el.actionButtons) button.addEventListener('click', () => actions[button.dataset.action]?.());

  el.editor.addEventListener('submit', saveEdit);
  el.editorText.addEventListener('input', onEditorInput);
  el.editorText.addEventListener('keydown', onEditorKey);
  el.editorRestore.addEventListener('click', restoreOriginal);
  el.editorCancel.addEventListener('click', cancelEdit);
  el.reject.addEventListener('submit', submitReject);
  el.reject.addEventListener('keydown', onRejectKey);
  el.rejectCancel.addEventListener('click', closePanels);
  el.prompt.addEventListener('submit', submitPrompt);
  el.prompt.addEventListener('keydown', (event) => onPanelKey(event, submitPrompt));
  el.promptCancel.addEventListener('click', closePanels);
  el.confirm.addEventListener('submit', submitConfirm);
  el.confirm.addEventListener('keydown', (event) => onPanelKey(event, submitConfirm));
  el.confirmCancel.addEventListener('click', closePanels);
  document.addEventListener('keydown', onKeyDown);

  el.auditReload.addEventListener('click', () => loadAudit(true));
  el.auditEpisode.addEventListener('change', () => loadAudit(true));
  el.auditMore.addEventListener('click', () => loadAudit(false));
  el.auditCsv.addEventListener('click', () => download(exportName('csv'), 'text/csv;charset=utf-8', auditToCsv(auditState.entries)));
  el.auditJson.addEventListener('click', () => download(exportName('json'), 'application/json', `${JSON.stringify(auditState.entries, null, 2)}\n`));
  el.lexiconSave.addEventListener('click', saveLexicon);
  el.lexiconReload.addEventListener('click', reloadLexicon);
  el.lexiconBody.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) { event.preventDefault(); saveLexicon(); }
    // The lexicon is tab-separated: Tab types a tab here; Esc first, then Tab, leaves the field.
    if (event.key === 'Tab' && !event.shiftKey && !event.ctrlKey && !event.altKey && !lexiconState.tabLeaves) {
      event.preventDefault();
      el.lexiconBody.setRangeText('\t', el.lexiconBody.selectionStart, el.lexiconBody.selectionEnd, 'end');
    }
    lexiconState.tabLeaves = event.key === 'Escape';
  });

  window.addEventListener('online', reconnectNow);
  window.addEventListener('offline', () => { setConnection('offline'); socket?.close(4002, 'offline'); });
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') reconnectNow(); });

  renderAudit();
  renderLexiconButtons();
  if (storage.get(kStorage.token)) {
    state.auth = 'pending';          // resume quietly; the form appears only if that fails
  } else {
    showLogin(null);
  }
  invalidate('header', 'counters', 'list', 'detail');
  connect();
  loadMunicipalities();
}

start();
