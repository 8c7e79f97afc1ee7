// Checks of the viewer page's data files and markup that need no browser and no server:
// every protocol error code and status is translated in all four languages, the Cyrillic is the
// exact transliteration of the Latin, the municipality list is complete, viewer text never meets HTML.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

const root = new URL('../../', import.meta.url);
const read = (path) => readFile(new URL(path, root), 'utf8');

const kLanguages = ['sr-Latn', 'sr-Cyrl', 'sq', 'en'];
const strings = JSON.parse(await read('assets/i18n/viewer.json'));
const municipalities = JSON.parse(await read('assets/municipalities.json'));
const protocol = await read('schema/protocol.md');
const html = await read('questions_server/web/index.html');
const script = await read('questions_server/web/viewer.js');

/** The first column of the table under a "## heading" of protocol.md: `code` values. */
function tableCodes(heading) {
  const section = protocol.split(/^## /m).find((s) => s.startsWith(heading));
  assert.ok(section, `protocol.md has a "## ${heading}" section`);
  const body = section.slice(section.search(/^\|[-| ]+\|$/m)); // rows below the header
  return [...body.matchAll(/^\| `([a-z0-9_]+)` \|/gm)].map((m) => m[1]);
}

const kDigraphs = [['Dž', 'Џ'], ['DŽ', 'Џ'], ['dž', 'џ'], ['Lj', 'Љ'], ['LJ', 'Љ'], ['lj', 'љ'], ['Nj', 'Њ'], ['NJ', 'Њ'], ['nj', 'њ']];
const kLetters = Object.fromEntries([...'abcčćdđefghijklmnoprsštuvzž'].map((c, i) => [c, [...'абцчћдђефгхијклмнопрсштувзж'][i]]));

/** Serbian Latin to Cyrillic, letter by letter; {placeholders} are kept. */
function toCyrillic(latin) {
  let out = '';
  for (let i = 0; i < latin.length;) {
    if (latin[i] === '{') {
      const end = latin.indexOf('}', i) + 1;
      out += latin.slice(i, end);
      i = end;
      continue;
    }
    const pair = kDigraphs.find(([l]) => latin.startsWith(l, i));
    if (pair) { out += pair[1]; i += 2; continue; }
    const c = latin[i];
    const lower = c.toLowerCase();
    if (kLetters[lower]) out += c === lower ? kLetters[lower] : kLetters[lower].toUpperCase();
    else out += c;
    i++;
  }
  return out;
}

const placeholders = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('protocol.md lists the error codes and statuses this check relies on', () => {
  assert.ok(tableCodes('Error codes').length >= 18);
  assert.deepEqual(tableCodes('Viewer status'),
    ['received', 'under_review', 'selected', 'on_air', 'aired', 'not_selected']);
});

test('all four languages have the same keys, none empty, with the same placeholders', () => {
  assert.deepEqual(Object.keys(strings).sort(), [...kLanguages].sort());
  const keys = Object.keys(strings['sr-Latn']).sort();
  for (const lang of kLanguages) {
    assert.deepEqual(Object.keys(strings[lang]).sort(), keys, `${lang} has every key`);
    for (const key of keys) {
      assert.equal(typeof strings[lang][key], 'string');
      assert.notEqual(strings[lang][key].trim(), '', `${lang} ${key} is not empty`);
      assert.deepEqual(placeholders(strings[lang][key]), placeholders(strings['sr-Latn'][key]), `${lang} ${key} placeholders`);
    }
  }
});

test('every error code, viewer status and connection state is translated', () => {
  const needed = [
    ...tableCodes('Error codes').map((c) => `error.${c}`),
    ...tableCodes('Viewer status').flatMap((s) => [`status.${s}`, `status.hint.${s}`]),
    ...['connecting', 'connected', 'offline', 'reconnecting'].map((s) => `conn.${s}`),
    'questions.open', 'questions.closed', 'error.rate_limited',
  ];
  for (const lang of kLanguages) {
    for (const key of needed) assert.ok(strings[lang][key], `${lang} translates ${key}`);
  }
  for (const lang of kLanguages) assert.match(strings[lang]['error.rate_limited'], /\{seconds\}/, 'the wait time is shown');
});

test('each script stays in its alphabet and the Cyrillic is the transliteration of the Latin', () => {
  const latin = strings['sr-Latn'];
  const cyrillic = strings['sr-Cyrl'];
  for (const key of Object.keys(latin)) {
    for (const lang of ['sr-Latn', 'sq', 'en']) assert.doesNotMatch(strings[lang][key], /[\u0400-\u04FF]/, `${lang} ${key}`);
    if (key === 'lang.name') continue; // each language names itself: "Latinica" / "Ћирилица"
    assert.doesNotMatch(cyrillic[key].replace(/\{\w+\}/g, ''), /[A-Za-z]/, `sr-Cyrl ${key} has no Latin letters`);
    assert.equal(cyrillic[key], toCyrillic(latin[key]), `sr-Cyrl ${key}`);
  }
  assert.deepEqual(kLanguages.map((l) => strings[l]['lang.name']), ['Latinica', 'Ћирилица', 'Shqip', 'English']);
});

test('the fallback texts in index.html are the sr-Latn strings', () => {
  const found = [...html.matchAll(/data-i18n="([\w.]+)"[^>]*>([^<]*)</g)];
  assert.equal(found.length, html.match(/data-i18n="/g).length, 'every data-i18n element holds its text directly');
  for (const [, key, text] of found) assert.equal(text, strings['sr-Latn'][key], `index.html ${key}`);
  for (const [, attribute, key] of html.matchAll(/data-i18n-(placeholder|aria-label)="([\w.]+)"/g)) {
    assert.ok(strings['sr-Latn'][key], `index.html ${attribute} ${key}`);
  }
});

test('the municipality list has all 38 municipalities of Kosovo and "other"', () => {
  assert.equal(municipalities.length, 39);
  const codes = municipalities.map((m) => m.code);
  assert.equal(new Set(codes).size, codes.length, 'codes are unique');
  for (const m of municipalities) {
    assert.match(m.code, /^[a-z]+(-[a-z]+)*$/);
    for (const lang of kLanguages) assert.ok(typeof m[lang] === 'string' && m[lang].trim(), `${m.code} ${lang}`);
    assert.equal(m['sr-Cyrl'], toCyrillic(m['sr-Latn']), `${m.code} sr-Cyrl`);
  }
  for (const code of ['mitrovica-north', 'mitrovica-south', 'zvecan', 'zubin-potok', 'leposavic', 'gracanica',
    'strpce', 'ranilug', 'partes', 'klokot', 'novo-brdo', 'pristina', 'prizren', 'other']) {
    assert.ok(codes.includes(code), code);
  }
  assert.deepEqual(municipalities.find((m) => m.code === 'mitrovica-north'),
    { code: 'mitrovica-north', 'sr-Latn': 'Severna Mitrovica', 'sr-Cyrl': 'Северна Митровица', sq: 'Mitrovica e Veriut', en: 'North Mitrovica' });
});

test('the page carries every test hook and never turns data into HTML', () => {
  for (const id of ['lang-sr-Latn', 'lang-sr-Cyrl', 'lang-sq', 'lang-en', 'name', 'municipality', 'text', 'counter',
    'consent', 'send', 'connection', 'closed-banner', 'my-questions', 'question', 'status', 'error']) {
    assert.match(html, new RegExp(`data-testid="${id}"`), id);
  }
  assert.doesNotMatch(script, /innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/);
  assert.doesNotMatch(script, /randomUUID\s*\(/, 'randomUUID needs a secure context; the page may be served over http');
  assert.doesNotMatch(html, /<script>|\son[a-z]+=|style=|https?:\/\//, 'no inline script or style, nothing external');
});
