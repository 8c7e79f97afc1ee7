// The moderation desk's pure logic (questions_server/web/moderate_model.js) and static checks of its
// page, in node: no browser, no server. The browser half is moderate.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

const root = new URL('../../', import.meta.url);
const read = (path) => readFile(new URL(path, root), 'utf8');

// Imported from its source as a data: URL, so this works whatever node thinks of a .js file in a
// folder without package.json (the page loads it as an ES module).
const modelSource = await read('questions_server/web/moderate_model.js');
const model = await import(`data:text/javascript;base64,${Buffer.from(modelSource).toString('base64')}`);
const html = await read('questions_server/web/moderate.html');
const script = await read('questions_server/web/moderate.js');
const protocol = await read('schema/protocol.md');

/** A question as the server sends it, with the fields a test does not care about filled in. */
function wire(fields) {
  return {
    id: 1, version: 1, state: 'received', text: 'text', airText: null, name: null, municipality: null,
    consentNameOnAir: false, interfaceLanguage: 'sr-Latn', language: 'sr', receivedAt: '2026-11-23T19:04:05.123Z',
    filter: { action: 'none', reasons: [] }, topic: null, starred: false, mergedInto: null, askCount: 1,
    rejectReason: null, rejectNote: null, device: '3fa4c2d1', address: '9b0e11aa', ban: null, duplicateOf: null,
    changedBy: null, changedAt: null, ...fields,
  };
}

const q = (fields) => model.normalizeQuestion(wire(fields));

test('filter spans are code points: emoji and combining marks before the match do not shift the mark', () => {
  // 👍🏽 is 2 code points and 4 UTF-16 units; "slur" starts at code point 3.
  const text = '👍🏽 slur ok';
  const segments = model.highlightSegments(text, [{ code: 'lexicon', category: 'slur', term: 'slur', begin: 3, end: 7 }]);
  assert.deepEqual(segments.map((s) => [s.text, s.marked]), [['👍🏽 ', false], ['slur', true], [' ok', false]]);
  assert.equal(segments.map((s) => s.text).join(''), text, 'nothing is lost or doubled');

  const cyrillic = 'Ђорђе 𝔸𝔹 мрзим';
  const begin = [...cyrillic].indexOf('м');
  const marked = model.highlightSegments(cyrillic, [{ begin, end: begin + 5 }]).filter((s) => s.marked);
  assert.deepEqual(marked.map((s) => s.text), ['мрзим']);
});

test('overlapping spans merge, spans out of range are clipped, broken ones are ignored', () => {
  const text = 'abcdefghij';
  const reasons = [{ begin: 1, end: 4 }, { begin: 3, end: 6 }, { begin: 8, end: 99 }, { begin: 5, end: 2 }, { begin: 'x', end: 3 }, null];
  const segments = model.highlightSegments(text, reasons);
  assert.deepEqual(segments.map((s) => [s.text, s.marked]), [['a', false], ['bcdef', true], ['gh', false], ['ij', true]]);
  assert.equal(segments[1].reasons.length, 2, 'a merged mark knows both reasons');
  assert.deepEqual(model.highlightSegments('', []), [{ text: '', marked: false, reasons: [] }]);
  assert.deepEqual(model.codePointOffsets('a😀b'), [0, 1, 3, 4]);
  assert.equal(model.codePointLength('e\u0301😀'), 3);
});

test('a question replaces the one held only with a higher version; counts follow', () => {
  const store = new model.QuestionStore();
  assert.equal(store.upsert(q({ id: 7, version: 2, state: 'held', filter: { action: 'hold', reasons: [] } })), true);
  assert.equal(store.upsert(q({ id: 7, version: 1, state: 'approved' })), false, 'an older push is ignored');
  assert.equal(store.upsert(q({ id: 7, version: 2, state: 'approved' })), false, 'the same version is ignored');
  assert.equal(store.get(7).state, 'held');
  assert.equal(store.stateCounts.get('held'), 1);
  assert.equal(store.flaggedCount, 1);

  assert.equal(store.upsert(q({ id: 7, version: 3, state: 'approved', topic: 'roads', filter: { action: 'hold', reasons: [] } })), true);
  assert.equal(store.stateCounts.get('held'), undefined);
  assert.equal(store.stateCounts.get('approved'), 1);
  assert.equal(store.flaggedCount, 1, 'the verdict stays with the question after approval');
  assert.deepEqual([...store.topics], [['roads', 1]]);
  assert.equal(store.size, 1);
  const revision = store.topicsRevision;
  store.upsert(q({ id: 7, version: 4, state: 'approved', topic: 'water', filter: { action: 'hold', reasons: [] } }));
  assert.deepEqual([...store.topics], [['water', 1]]);
  assert.ok(store.topicsRevision > revision, 'a renamed topic changes the topic list');
});

test('unusable questions are dropped and odd field types never reach the page', () => {
  assert.equal(model.normalizeQuestion({ id: '7', version: 1 }), null);
  assert.equal(model.normalizeQuestion({ id: 7 }), null);
  assert.equal(model.normalizeQuestion(null), null);
  const odd = model.normalizeQuestion({ id: 8, version: 1, text: { html: '<b>' }, name: 5, filter: { action: 'explode', reasons: 'x' }, askCount: '3' });
  assert.equal(odd.text, '');
  assert.equal(odd.name, null);
  assert.deepEqual(odd.filter, { action: 'none', reasons: [] });
  assert.equal(odd.askCount, 1);
});

test('the list: newest, oldest, starred first; filters by state, flag, place, language, topic, search', () => {
  const store = new model.QuestionStore();
  const at = (s) => `2026-11-23T19:00:${String(s).padStart(2, '0')}.000Z`;
  store.upsert(q({ id: 1, receivedAt: at(1), text: 'Када ће пут бити поправљен?', municipality: 'zvecan', language: 'sr' }));
  store.upsert(q({ id: 2, receivedAt: at(2), state: 'held', filter: { action: 'hold', reasons: [] }, language: 'sq', text: 'Pse nuk ka ujë?' }));
  store.upsert(q({ id: 3, receivedAt: at(3), state: 'approved', starred: true, topic: 'roads', name: 'Milica', text: 'Leposavić road' }));
  store.upsert(q({ id: 5, receivedAt: at(5), state: 'rejected', language: null, device: 'abcdef12' }));
  store.upsert(q({ id: 4, receivedAt: at(4), filter: { action: 'flag', reasons: [] } })); // arrives late

  const view = (filter, sort = 'newest') => model.computeView(store, filter, sort);
  assert.deepEqual(view({}), [5, 4, 3, 2, 1]);
  assert.deepEqual(view({}, 'oldest'), [1, 2, 3, 4, 5]);
  assert.deepEqual(view({}, 'starred'), [3, 5, 4, 2, 1]);
  assert.deepEqual(view({ state: 'review' }), [4, 2, 1]);
  assert.deepEqual(view({ state: 'approved' }), [3]);
  assert.deepEqual(view({ flaggedOnly: true }), [4, 2]);
  assert.deepEqual(view({ municipality: 'zvecan' }), [1]);
  assert.deepEqual(view({ municipality: '-' }), [5, 4, 3, 2]);
  assert.deepEqual(view({ language: 'sq' }), [2]);
  assert.deepEqual(view({ language: '-' }), [5]);
  assert.deepEqual(view({ topic: 'roads' }), [3]);
  assert.deepEqual(view({ topic: '-' }), [5, 4, 2, 1]);
  assert.deepEqual(view({ search: '#4' }), [4]);
  assert.deepEqual(view({ search: 'MILICA' }), [3]);
  assert.deepEqual(view({ search: 'abcdef' }), [5], 'device codes are searchable');
  assert.deepEqual(view({ search: 'put bit' }), [1], 'Latin finds Cyrillic');
  assert.deepEqual(view({ search: 'leposavic' }), [3], 'without diacritics finds with');
  assert.deepEqual(view({ search: 'uje' }), [2]);
});

test('thousands of questions: arrival and the list stay cheap', () => {
  const store = new model.QuestionStore();
  const started = performance.now();
  for (let i = 1; i <= 50000; i++) {
    store.upsert(q({ id: i, receivedAt: new Date(Date.UTC(2026, 10, 23, 19) + i).toISOString(), text: `Pitanje broj ${i} o putu` }));
  }
  const ingestMs = performance.now() - started;
  const viewStarted = performance.now();
  const ids = model.computeView(store, { search: 'broj 4999' }, 'newest');
  const viewMs = performance.now() - viewStarted;
  assert.deepEqual(ids.slice(0, 2), [49999, 49998]);
  // Generous bounds: a slow CI machine must pass; an accidental O(n²) must not.
  assert.ok(ingestMs < 5000, `50,000 arrivals took ${ingestMs.toFixed(0)} ms`);
  assert.ok(viewMs < 200, `one view of 50,000 took ${viewMs.toFixed(0)} ms`);
});

test('presence lists the others, acting before looking, never oneself', () => {
  const map = model.presenceByQuestion([
    { username: 'ana', displayName: 'Ana', looking: 5, acting: null },
    { username: 'marko', displayName: 'Marko', looking: 5, acting: 5 },
    { username: 'vesna', displayName: 'Vesna', looking: 6, acting: null },
    { username: 'x', looking: 'bad', acting: null },
    'junk',
  ], 'ana');
  assert.deepEqual(map.get(5), [{ name: 'Marko', username: 'marko', acting: true }]);
  assert.deepEqual(map.get(6), [{ name: 'Vesna', username: 'vesna', acting: false }]);
  assert.equal(map.size, 2);
});

test('CSV export: formula cells are defused, quoting is RFC 4180, UTF-8 has a byte order mark', () => {
  for (const danger of ['=1+1', '+1', '-2', '@SUM(A1)', '\tx', '\rx', '=HYPERLINK("http://x","y")']) {
    assert.match(model.csvCell(danger), /^"?'/, `${JSON.stringify(danger)} starts with a quote mark`);
  }
  assert.equal(model.csvCell('=1+1'), "'=1+1");
  assert.equal(model.csvCell('a,b'), '"a,b"');
  assert.equal(model.csvCell('say "hi"'), '"say ""hi"""');
  assert.equal(model.csvCell('two\nlines'), '"two\nlines"');
  assert.equal(model.csvCell(null), '');
  assert.equal(model.csvCell(42), '42');
  assert.equal(model.csvCell({ state: 'held' }), '"{""state"":""held""}"');

  const csv = model.auditToCsv([{ id: 2, at: '2026-11-23T19:04:05.123Z', actor: 'ana', action: 'edit', episode: 7, question: 118,
    before: { state: 'held', version: 3 }, after: { airText: '=cmd|calc', version: 4 }, undoes: null }]);
  assert.ok(csv.startsWith('\uFEFFid,at,actor,action,episode,question,before,after,undoes\r\n'));
  const line = csv.split('\r\n')[1];
  assert.ok(line.startsWith('2,2026-11-23T19:04:05.123Z,ana,edit,7,118,'));
  assert.ok(line.endsWith(','), 'a null cell is empty');
});

test('clean-up of the text for air matches the viewer rules; bad_lexicon names its line', () => {
  assert.equal(model.cleanText('  a\r\nb\tc\u0007\u200Bd\u200De\u0301  '), 'a\nb cd\u200Dé');
  assert.equal(model.lexiconErrorLine({ message: 'line 12: expected 4 fields' }), 12);
  assert.equal(model.lexiconErrorLine({ line: 3, message: 'x' }), 3);
  assert.equal(model.lexiconErrorLine({ message: 'no number' }), null);
  assert.equal(model.lexiconErrorLine({ message: 'lexicon line 7: empty term', field: 'line 7' }), 7);
  assert.equal(model.lexiconErrorLine({ message: 'bad', field: 'line 4' }), 4);
  assert.deepEqual(model.lineRange('a\nbb\nccc', 2), { start: 2, end: 4 });
  assert.deepEqual(model.lineRange('a\nbb\nccc', 3), { start: 5, end: 8 });
  assert.equal(model.lineRange('a', 3), null);
});

test('the allowed actions are the table of protocol.md', () => {
  const section = protocol.slice(protocol.indexOf('### `act`'), protocol.indexOf('### `undo`'));
  const rows = [...section.matchAll(/^\| `(\w+)` \|[^|]*\|[^|]*\| ([^|]+) \|$/gm)];
  assert.equal(rows.length, 8, 'eight actions in the table');
  for (const [, action, from] of rows) {
    const expected = from.trim() === 'same as edit' ? model.kAllowedFrom.edit
      : from.trim() === 'any but merged' ? model.kStates.filter((s) => s !== 'merged')
        : from.split(',').map((s) => s.trim());
    assert.deepEqual([...model.kAllowedFrom[action]].sort(), [...expected].sort(), action);
  }
  assert.match(section, new RegExp(model.kRejectReasons.join(' ')), 'the reject reasons, in key order');
});

test('the desk page carries its test hooks and never turns data into HTML', () => {
  for (const id of ['login', 'login-username', 'login-password', 'login-submit', 'login-error', 'question-list',
    'question-row', 'q-text', 'q-state', 'detail', 'detail-body', 'editor', 'editor-text', 'reject-picker',
    'connection', 'episode-title', 'counters', 'search', 'legend', 'logout', 'tab-audit', 'tab-lexicon',
    'audit-csv', 'audit-json', 'audit-more', 'lexicon-body', 'lexicon-save', 'notices']) {
    assert.match(html, new RegExp(`data-testid="${id}"`), id);
  }
  for (const source of [script, modelSource]) {
    assert.doesNotMatch(source, /innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function|\.style\b|setAttribute\('style/);
  }
  assert.doesNotMatch(html, /<script>|<style|\son[a-z]+=|style=|https?:\/\//, 'no inline script or style, nothing external');
  // Every text the script shows comes from its one table.
  for (const [, key] of script.matchAll(/\bt\('([\w.]+)'/g)) assert.ok(script.includes(`'${key}':`), `kText has ${key}`);
  for (const [, key] of html.matchAll(/data-t(?:-placeholder)?="([\w.]+)"/g)) assert.ok(script.includes(`'${key}':`), `kText has ${key}`);
});
