// The public archive page without a browser or a server: its pure logic (archive_model.js), its
// strings in all four languages, its fallback texts, and no HTML injection sink in any page's script.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import * as model from '../../questions_server/web/archive_model.js';

const root = new URL('../../', import.meta.url);
const read = (path) => readFile(new URL(path, root), 'utf8');
const strings = JSON.parse(await read('assets/i18n/viewer.json'));
const html = await read('questions_server/web/archive.html');
const script = await read('questions_server/web/archive.js');

test('Serbian Cyrillic becomes Latin letter by letter, digraphs capitalised as the word is', () => {
  assert.equal(model.cyrillicToLatin('Ђаковица и путеви'), 'Đakovica i putevi');
  assert.equal(model.cyrillicToLatin('Љубовић, Његош, Џеп'), 'Ljubović, Njegoš, Džep');
  assert.equal(model.cyrillicToLatin('ЉУБОВИЋ'), 'LJUBOVIĆ');
  assert.equal(model.cyrillicToLatin('Kurti 2026 — Курти'), 'Kurti 2026 — Kurti');
});

test('a title is shown in the reader\'s language, else the nearest stand-in, else the working title', () => {
  const all = { 'sr-Latn': 'Putevi', 'sr-Cyrl': 'Путеви', sq: 'Rrugët', en: 'Roads' };
  for (const lang of model.kLanguages) assert.deepEqual(model.pickText(all, lang), { text: all[lang], lang });
  const cyrillic = { 'sr-Cyrl': 'Ђаковица и путеви' };
  assert.deepEqual(model.pickText(cyrillic, 'sr-Latn'), { text: 'Đakovica i putevi', lang: 'sr-Latn' }, 'transliterated for Latin readers');
  assert.deepEqual(model.pickText(cyrillic, 'en'), { text: 'Ђаковица и путеви', lang: 'sr-Cyrl' });
  assert.deepEqual(model.pickText({ 'sr-Latn': 'Putevi', sq: ' ' }, 'sq'), { text: 'Putevi', lang: 'sr-Latn' }, 'blank texts do not count');
  assert.deepEqual(model.pickText({ sq: 'Rrugët', en: 'Roads' }, 'sr-Cyrl'), { text: 'Roads', lang: 'en' });
  assert.equal(model.pickText({}, 'en'), null);
  assert.equal(model.pickText(null, 'en'), null);
  assert.deepEqual(model.episodeTitle({ title: 'Sporazum 11', titles: {} }, 'sq'), { text: 'Sporazum 11', lang: '' });
  assert.deepEqual(model.hitTitle({ title: 'Ђаковица и путеви', titleLang: 'sr-Cyrl' }, 'sr-Latn'), { text: 'Đakovica i putevi', lang: 'sr-Latn' });
  assert.deepEqual(model.hitTitle({ title: 'Ђаковица и путеви', titleLang: 'sr-Cyrl' }, 'sq'), { text: 'Ђаковица и путеви', lang: 'sr-Cyrl' });
  assert.deepEqual(model.hitTitle({ title: 'Sporazum 9', titleLang: '' }, 'en'), { text: 'Sporazum 9', lang: '' });
});

test('a snippet\'s «matched» words become marked parts and nothing else is lost', () => {
  assert.deepEqual(model.snippetParts('… put za «Đakovicu» …'),
    [{ text: '… put za ', matched: false }, { text: 'Đakovicu', matched: true }, { text: ' …', matched: false }]);
  assert.deepEqual(model.snippetParts('«a» «b»'),
    [{ text: 'a', matched: true }, { text: ' ', matched: false }, { text: 'b', matched: true }]);
  assert.deepEqual(model.snippetParts('unclosed «mark'), [{ text: 'unclosed «mark', matched: false }]);
  assert.deepEqual(model.snippetParts('<b>«x»</b>'),
    [{ text: '<b>', matched: false }, { text: 'x', matched: true }, { text: '</b>', matched: false }]);
  assert.deepEqual(model.snippetParts(''), []);
  assert.deepEqual(model.snippetParts(null), []);
});

test('times into the programme read as a clock, and as ISO 8601 durations for machines', () => {
  assert.equal(model.formatOffset(312.48), '5:12');
  assert.equal(model.formatOffset(3725), '1:02:05');
  assert.equal(model.formatOffset(0), '0:00');
  assert.equal(model.formatOffset(null), '');
  assert.equal(model.formatOffset(-1), '');
  assert.equal(model.isoDuration(312.48), 'PT5M12S');
  assert.equal(model.isoDuration(3725), 'PT1H2M5S');
  assert.equal(model.isoDuration(3600), 'PT1H');
  assert.equal(model.isoDuration(0), 'PT0S');
  assert.equal(model.formatAirTime('20:00:00'), '20:00');
  assert.equal(model.formatAirTime(null), '');
});

test('air dates are written from each language\'s own strings, never shifted by time zone', () => {
  const date = (lang) => model.formatDate('2026-11-23', strings[lang]['archive.date'], strings[lang]['archive.months']);
  assert.equal(date('sr-Latn'), '23. novembar 2026.');
  assert.equal(date('sr-Cyrl'), '23. новембар 2026.');
  assert.equal(date('sq'), '23 nëntor 2026');
  assert.equal(date('en'), '23 November 2026');
  for (const lang of model.kLanguages) assert.equal(strings[lang]['archive.months'].split(',').length, 12, lang);
  assert.equal(model.formatDate('2026-13-01', '{day}', ''), '');
  assert.equal(model.formatDate(null, '{day}', ''), '');
});

test('every view has a link: the list, an episode, an episode\'s question, a search', () => {
  assert.deepEqual(model.parseRoute(''), { view: 'list' });
  assert.deepEqual(model.parseRoute('#'), { view: 'list' });
  assert.deepEqual(model.parseRoute('#23'), { view: 'episode', number: 23, question: null });
  assert.deepEqual(model.parseRoute('#23/118'), { view: 'episode', number: 23, question: 118 });
  for (const query of ['Đakovica', 'Ђаковица', 'a "phrase" -not', '50%', '#23']) {
    assert.deepEqual(model.parseRoute(model.searchHash(query)), { view: 'search', query });
  }
  assert.deepEqual(model.parseRoute('#search=%E0%A4'), { view: 'search', query: '' }, 'a broken escape is an empty search');
  for (const bad of ['#0', '#abc', '#23/x', '#12345', '#-1']) assert.deepEqual(model.parseRoute(bad), { view: 'invalid' }, bad);
  assert.equal(model.episodeHash(12, null), '#12');
  assert.equal(model.episodeHash(12, 4), '#12/4');
});

test('a search is checked as the server checks it before it is sent', () => {
  assert.deepEqual(model.prepareQuery('  Đakovica \n'), { query: 'Đakovica', problem: null });
  assert.equal(model.prepareQuery('   ').problem, 'empty_query');
  assert.equal(model.prepareQuery('ж'.repeat(500)).problem, null, '500 code points is the limit');
  assert.equal(model.prepareQuery('😀'.repeat(501)).problem, 'query_too_long');
});

test('API errors become the page\'s messages', () => {
  assert.equal(model.errorKind(503, { error: 'try_again' }), 'try_again');
  assert.equal(model.errorKind(503, null), 'try_again', 'a 503 without a body (a proxy) is still "try again"');
  assert.equal(model.errorKind(404, { error: 'not_found' }), 'not_found');
  assert.equal(model.errorKind(400, { error: 'empty_query' }), 'empty_query');
  assert.equal(model.errorKind(400, { error: 'query_too_long' }), 'query_too_long');
  assert.equal(model.errorKind(400, { error: 'invalid_utf8' }), 'bad_request');
  assert.equal(model.errorKind(400, { error: 'bad_request' }), 'bad_request');
  assert.equal(model.errorKind(500, null), 'server_error');
  assert.equal(model.retryDelayMs('7', 0), 7000);
  assert.equal(model.retryDelayMs(null, 0), 2000);
  assert.equal(model.retryDelayMs(null, 10), 30000);
});

test('only this server\'s archive media become image sources', () => {
  assert.equal(model.mediaUrl('/archive/media/41'), '/archive/media/41');
  assert.equal(model.mediaUrl('/archive/media/40?exp=1795982400&sig=9f'), '/archive/media/40?exp=1795982400&sig=9f');
  for (const bad of ['javascript:alert(1)', '//evil.example/x.jpg', 'https://evil.example/archive/media/1', '/archive/media/../x', null, 41]) {
    assert.equal(model.mediaUrl(bad), '', String(bad));
  }
  assert.equal(model.posterOf({ poster: null, thumbnails: [{ url: '/archive/media/3', poster: false }, { url: '/archive/media/4', poster: true }] }), '/archive/media/4');
  assert.equal(model.posterOf({ poster: '/archive/media/9' }), '/archive/media/9');
  assert.equal(model.posterOf({ poster: null }), '');
});

test('the page size comes from ?per= within the server\'s limits', () => {
  assert.equal(model.pageSizeFrom(''), model.kDefaultPageSize);
  assert.equal(model.pageSizeFrom('?per=2'), 2);
  assert.equal(model.pageSizeFrom('?per=500'), 100);
  for (const bad of ['?per=0', '?per=-3', '?per=x', '?per=2.5']) assert.equal(model.pageSizeFrom(bad), model.kDefaultPageSize, bad);
});

test('municipalities are named in the reader\'s language; "other" and unknown codes are not named', async () => {
  const list = JSON.parse(await read('assets/municipalities.json'));
  assert.equal(model.municipalityName(list, 'zubin-potok', 'sr-Cyrl'), 'Зубин Поток');
  assert.equal(model.municipalityName(list, 'mitrovica-north', 'sq'), 'Mitrovica e Veriut');
  assert.equal(model.municipalityName(list, 'other', 'en'), '');
  assert.equal(model.municipalityName(list, 'atlantis', 'en'), '');
  assert.equal(model.municipalityName(list, '', 'en'), '');
});

test('every string the page uses is translated in all four languages', () => {
  const used = new Set([
    ...[...script.matchAll(/'(archive\.[\w.]+)'/g)].map((m) => m[1]),
    ...[...html.matchAll(/data-i18n(?:-[a-z-]+)?="([\w.]+)"/g)].map((m) => m[1]),
    ...['try_again', 'offline', 'not_found', 'empty_query', 'query_too_long', 'bad_request', 'server_error'].map((k) => `archive.error.${k}`),
    ...['title', 'guest', 'topic', 'description', 'question'].map((k) => `archive.matched.${k}`),
  ]);
  assert.ok(used.size > 30, `found ${used.size} keys`);
  for (const lang of model.kLanguages) {
    for (const key of used) assert.ok(strings[lang][key]?.trim(), `${lang} translates ${key}`);
  }
  assert.match(strings.en['archive.error.try_again'], /try again shortly/i);
});

test('the fallback texts in archive.html are the sr-Latn strings', () => {
  const found = [...html.matchAll(/data-i18n="([\w.]+)"[^>]*>([^<]*)</g)];
  assert.equal(found.length, html.match(/data-i18n="/g).length, 'every data-i18n element holds its text directly');
  for (const [, key, text] of found) assert.equal(text, strings['sr-Latn'][key], `archive.html ${key}`);
  for (const [, key] of html.matchAll(/data-i18n-(?:placeholder|aria-label)="([\w.]+)"/g)) assert.ok(strings['sr-Latn'][key], key);
  assert.equal(html.match(/<title>([^<]*)<\/title>/)[1], strings['sr-Latn']['archive.page.title']);
});

test('the archive page carries its test hooks and has no inline script, style or outside resource', () => {
  for (const id of ['lang-sr-Latn', 'lang-sr-Cyrl', 'lang-sq', 'lang-en', 'search-form', 'query', 'search', 'notice',
    'notice-text', 'retry', 'episodes', 'more', 'hits', 'episode-title', 'poster', 'guests', 'topics', 'questions']) {
    assert.match(html, new RegExp(`data-testid="${id}"`), id);
  }
  assert.doesNotMatch(html, /<script>|<script(?![^>]*\bsrc=)|\son[a-z]+=|style=|<style|https?:\/\//, 'no inline script or style, nothing external');
});

test('no page of the web root turns data into HTML or builds code from strings', async () => {
  const web = new URL('questions_server/web/', root);
  const scripts = (await readdir(web)).filter((name) => name.endsWith('.js'));
  assert.ok(scripts.includes('archive.js') && scripts.includes('archive_model.js'), scripts.join(' '));
  for (const name of scripts) {
    const source = await readFile(new URL(name, web), 'utf8');
    assert.doesNotMatch(source, /innerHTML|outerHTML|insertAdjacentHTML|document\.write|createContextualFragment|DOMParser|eval\(|new Function/, name);
  }
  for (const name of ['archive.js', 'archive_model.js']) {
    const source = await readFile(new URL(name, web), 'utf8');
    assert.doesNotMatch(source, /\.style\b|setAttribute\(\s*['"](?:style|on)/, `${name}: no style attributes (CSP) and no handler attributes`);
  }
});
