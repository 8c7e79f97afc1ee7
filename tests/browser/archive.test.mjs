// The public archive page (/archive) in Debian's Chromium against a real questions_server on a real
// archive: its own database in the cluster of SPORAZUM_DATABASE (so its episodes never become the
// other tests' current episode), seeded by archive_seed.mjs with the server's and the archive's
// command lines, and its own server on it. Needs SPORAZUM_SERVER_BINARY, SPORAZUM_ARCHIVE_BINARY
// and SPORAZUM_DATABASE (run.sh sets them); SPORAZUM_URL is not used.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { kMarkup, kPrivate, psql, seedArchive, withDatabaseName } from './archive_seed.mjs';

const kServerBinary = process.env.SPORAZUM_SERVER_BINARY;
const kArchiveBinary = process.env.SPORAZUM_ARCHIVE_BINARY;
const kDatabase = process.env.SPORAZUM_DATABASE;
const kWaitMs = 10000;
const kTestTimeoutMs = 30000;
const kPhone = { width: 390, height: 844 };
const kArtifacts = new URL('./test-results/', import.meta.url);
const kMissing = 'SPORAZUM_SERVER_BINARY, SPORAZUM_ARCHIVE_BINARY and SPORAZUM_DATABASE must be set (see run.sh)';

const strings = JSON.parse(await readFile(new URL('../../assets/i18n/viewer.json', import.meta.url), 'utf8'));
const municipalities = JSON.parse(await readFile(new URL('../../assets/municipalities.json', import.meta.url), 'utf8'));
const place = (code, lang) => municipalities.find((m) => m.code === code)[lang];
const run = promisify(execFile);

// Without them this file fails: a browser test that quietly skips tests nothing.
test('SPORAZUM_SERVER_BINARY, SPORAZUM_ARCHIVE_BINARY and SPORAZUM_DATABASE name what is under test', () => {
  assert.ok(kServerBinary && kArchiveBinary && kDatabase, kMissing);
});

const fixture = { browser: null, server: null, baseUrl: '', database: '', databaseName: '', workDir: '', seeded: null };

/** Starts `serve` on a free port, its archive folder under `dir`; resolves with the child and its base URL once it listens. */
async function startServer(database, dir) {
  const portFile = join(dir, 'port');
  let log = '';
  // The server serves media only from under the folder sporazum-archive ingested into.
  const child = spawn(kServerBinary, ['serve', '--listen', '127.0.0.1', '--port', '0', '--port-file', portFile,
    '--database', database, '--archive-dir', join(dir, 'archive')], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  for (let i = 0; i < 300; i++) {
    const port = await readFile(portFile, 'utf8').then((s) => s.trim(), () => '');
    if (/^\d+$/.test(port)) return { child, exited, url: `http://127.0.0.1:${port}`, log: () => log };
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`the archive's server did not start:\n${log}`);
}

before(async () => {
  if (!(kServerBinary && kArchiveBinary && kDatabase)) return;
  await mkdir(kArtifacts, { recursive: true });
  fixture.workDir = await mkdtemp(join(tmpdir(), 'sporazum-archive-page-'));
  fixture.databaseName = `sporazum_archive_${randomBytes(4).toString('hex')}`;
  await psql(kDatabase, `CREATE DATABASE ${fixture.databaseName}`);
  fixture.database = withDatabaseName(kDatabase, fixture.databaseName);
  await run(kServerBinary, ['migrate', '--database', fixture.database]);
  // Seeded before the server starts, so no answer of an empty archive is cached.
  fixture.seeded = await seedArchive({ serverBinary: kServerBinary, archiveBinary: kArchiveBinary,
    database: fixture.database, workDir: fixture.workDir });
  fixture.server = await startServer(fixture.database, fixture.workDir);
  fixture.baseUrl = fixture.server.url;
  fixture.browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await fixture.browser?.close();
  if (fixture.server) {
    fixture.server.child.kill('SIGTERM');
    await Promise.race([fixture.server.exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    fixture.server.child.kill('SIGKILL');
  }
  if (fixture.databaseName) {
    await psql(kDatabase, `DROP DATABASE IF EXISTS ${fixture.databaseName} WITH (FORCE)`).catch(() => {});
  }
  if (fixture.workDir) await rm(fixture.workDir, { recursive: true, force: true });
});

/** A phone on the archive page: `path` after the host, e.g. "/archive#12". Collects what must never happen. */
async function openPhone(t, path, { lang = 'sr-Latn' } = {}) {
  assert.ok(fixture.browser, kMissing);
  const context = await fixture.browser.newContext({
    viewport: kPhone, isMobile: true, hasTouch: true, deviceScaleFactor: 1, locale: 'sr-RS',
  });
  context.setDefaultTimeout(kWaitMs);
  await context.addInitScript((chosen) => localStorage.setItem('sporazum.lang', chosen), lang);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // The browser logs every 4xx/5xx answer; those are part of the tests. A CSP violation is not.
    if (message.type() === 'error' && !/Failed to load resource: the server responded with a status of (400|404|503)/.test(message.text())) {
      problems.push(`console: ${message.text()}`);
    }
  });
  page.on('dialog', (dialog) => { problems.push(`dialog: ${dialog.message()}`); dialog.dismiss(); });
  t.after(() => context.close());
  await page.goto(fixture.baseUrl + path);
  await page.waitForFunction(() => document.documentElement.dataset.strings === 'loaded');
  return { page, problems };
}

const shot = (page, name) => page.screenshot({ path: new URL(name, kArtifacts).pathname, fullPage: true });

async function hasNoHorizontalScroll(page) {
  const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  assert.ok(scroll <= client, `no horizontal scroll on a phone (${scroll} > ${client})`);
}

const cardNumbers = (page) => page.getByTestId('episode').evaluateAll((nodes) => nodes.map((n) => Number(n.dataset.number)));
const cardTitle = (page, number) => page.locator(`[data-testid="episode"][data-number="${number}"] .card-title`).textContent();
const loadedImage = (locator) => locator.evaluate((img) => img.complete && img.naturalWidth > 0);
const waitNotice = (page, kind) => page.locator(`[data-testid="notice"][data-kind="${kind}"]`).waitFor();
const noticeText = (page) => page.getByTestId('notice-text').textContent();

async function search(page, query) {
  await page.getByTestId('query').fill(query);
  await page.getByTestId('query').press('Enter');
  await page.waitForFunction((q) => {
    const heading = document.querySelector('[data-testid="search-view"]:not([hidden]) h1');
    const notice = document.querySelector('[data-testid="notice"]:not([hidden])');
    return (heading && heading.textContent.includes(q)) || (notice && notice.dataset.kind !== 'loading');
  }, query);
}

const hitNumbers = (page) => page.getByTestId('hit').evaluateAll((nodes) => nodes.map((n) => Number(n.dataset.number)));

describe('archive page', () => {
  test('lists only aired and archived episodes, newest first, titled in the reader\'s language and script', { timeout: kTestTimeoutMs }, async (t) => {
    const { page, problems } = await openPhone(t, '/archive');
    const { archived, aired, cyrillicOnly, planned } = fixture.seeded.episodes;
    await page.getByTestId('episode').first().waitFor();
    assert.deepEqual(await cardNumbers(page), [archived, aired, cyrillicOnly], `episode ${planned}, only planned, is not listed`);
    assert.equal(await cardTitle(page, archived), 'Voda i struja');
    assert.equal(await cardTitle(page, cyrillicOnly), 'Đakovica i putevi', 'a Cyrillic-only title is transliterated for Latin readers');
    assert.equal(await cardTitle(page, aired), 'Sporazum 11', 'without titles, the working title');
    assert.match(await page.locator(`[data-testid="episode"][data-number="${archived}"] time`).textContent(), /^12\. oktobar 2026\.$/);

    const poster = page.locator(`[data-testid="episode"][data-number="${archived}"] img`);
    await poster.scrollIntoViewIfNeeded();
    await page.waitForFunction((img) => img.complete && img.naturalWidth > 0, await poster.elementHandle());
    assert.match(await poster.getAttribute('alt'), /Voda i struja/);
    assert.equal(await page.locator(`[data-testid="episode"][data-number="${aired}"] img`).count(), 0, 'no poster before the archive has the recording');
    await hasNoHorizontalScroll(page);
    await shot(page, 'archive-list.png');

    await page.getByTestId('lang-sr-Cyrl').click();
    assert.equal(await page.locator('html').getAttribute('lang'), 'sr-Cyrl');
    assert.equal(await cardTitle(page, archived), 'Вода и струја');
    assert.equal(await cardTitle(page, cyrillicOnly), 'Ђаковица и путеви');
    assert.equal(await page.locator('#list-heading').textContent(), strings['sr-Cyrl']['archive.heading']);
    assert.match(await page.locator(`[data-testid="episode"][data-number="${archived}"] time`).textContent(), /октобар/);
    await page.getByTestId('lang-sq').click();
    assert.equal(await cardTitle(page, archived), 'Uji dhe rryma');
    assert.match(await page.locator(`[data-testid="episode"][data-number="${archived}"] time`).textContent(), /^12 tetor 2026$/);
    await page.getByTestId('lang-en').click();
    assert.equal(await cardTitle(page, archived), 'Water and power');
    assert.equal(await cardTitle(page, cyrillicOnly), 'Ђаковица и путеви', 'no English title: the Serbian one');
    await hasNoHorizontalScroll(page);
    assert.deepEqual(problems, []);
  });

  test('the viewer page links to the archive', { timeout: kTestTimeoutMs }, async (t) => {
    assert.ok(fixture.browser, kMissing);
    const context = await fixture.browser.newContext({ viewport: kPhone, isMobile: true, hasTouch: true });
    context.setDefaultTimeout(kWaitMs);
    await context.addInitScript(() => localStorage.setItem('sporazum.lang', 'sr-Cyrl'));
    t.after(() => context.close());
    const page = await context.newPage();
    await page.goto(fixture.baseUrl + '/');
    const link = page.getByTestId('archive-link');
    await page.waitForFunction((text) => document.querySelector('[data-testid="archive-link"]').textContent === text,
      strings['sr-Cyrl']['viewer.archiveLink']);
    await link.click();
    await page.getByTestId('episode').first().waitFor();
    assert.equal(new URL(page.url()).pathname, '/archive');
  });

  test('pages through the episodes with offset and limit', { timeout: kTestTimeoutMs }, async (t) => {
    const { page, problems } = await openPhone(t, '/archive?per=2');
    const asked = [];
    page.on('request', (request) => { if (request.url().includes('/api/archive/episodes?')) asked.push(new URL(request.url()).search); });
    await page.getByTestId('episode').nth(1).waitFor();
    assert.equal(await page.getByTestId('episode').count(), 2);
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    await page.route('**/api/archive/episodes?offset=2*', async (route) => { await held; await route.continue(); });
    await page.getByTestId('more').click();
    await page.locator('[data-testid="list-view"] [data-testid="notice"][data-kind="loading"]').waitFor();
    assert.equal(await page.getByTestId('episode').count(), 2, 'what was there stays while the next page loads');
    release();
    await page.getByTestId('episode').nth(2).waitFor();
    assert.deepEqual(await cardNumbers(page), [12, 11, 10]);
    assert.deepEqual(asked.filter((search) => search !== '?offset=0&limit=2'), ['?offset=2&limit=2']);
    await page.getByTestId('more').waitFor({ state: 'hidden' });
    assert.equal(await page.evaluate(() => document.activeElement.closest('[data-testid="episode"]')?.dataset.number), '10',
      'the keyboard lands on the first new episode');
    assert.deepEqual(problems, []);
  });

  test('an episode shows its guests, topics and the questions that went on air, in order, with times', { timeout: kTestTimeoutMs }, async (t) => {
    const { archived } = fixture.seeded.episodes;
    const q = fixture.seeded.questions;
    const { page, problems } = await openPhone(t, `/archive#${archived}`);
    await page.getByTestId('episode-view').waitFor();
    assert.equal(await page.getByTestId('episode-title').textContent(), 'Voda i struja');
    assert.equal(await page.getByTestId('episode-number').textContent(), 'Emisija 12');
    assert.match(await page.getByTestId('episode-meta').textContent(), /^Emitovano 12\. oktobar 2026\./);
    assert.equal(await page.getByTestId('description').textContent(), 'Gosti o vodosnabdevanju i nestancima struje na severu.');
    assert.deepEqual(await page.getByTestId('guest').evaluateAll((nodes) => nodes.map((n) => n.textContent)),
      ['Dragana Petrovićposlanica, SNS', 'Arben Krasniqiministër, LDK']);
    assert.deepEqual(await page.getByTestId('topic').allTextContents(), ['voda', 'struja']);

    const items = page.getByTestId('aired-question');
    assert.deepEqual(await items.evaluateAll((nodes) => nodes.map((n) => Number(n.dataset.id))), [q.albanian, q.milica, q.markup],
      'in on-air order; the approved question that never aired is not there');
    const item = (id) => page.locator(`[data-testid="aired-question"][data-id="${id}"]`);
    assert.equal(await item(q.milica).getByTestId('question-text').textContent(), 'Када ће бити поправљен пут за Ђаковицу?');
    assert.equal(await item(q.milica).getByTestId('question-who').textContent(), `Milica, ${place('zubin-potok', 'sr-Latn')}`);
    assert.equal(await item(q.albanian).getByTestId('question-who').textContent(), `Arta, ${place('mitrovica-south', 'sr-Latn')}`);
    assert.equal(await item(q.markup).getByTestId('question-who').textContent(), place('zvecan', 'sr-Latn'), 'no consent: no name');
    assert.equal(await item(q.albanian).getByTestId('question-time').textContent(), '1:15 od početka emisije');
    assert.equal(await item(q.milica).getByTestId('question-time').textContent(), '2:20 od početka emisije');
    assert.equal(await item(q.markup).getByTestId('question-time').getAttribute('datetime'), 'PT1H2M5S');
    assert.equal(await item(q.markup).getByTestId('question-text').textContent(), kMarkup, 'markup is shown as text');
    assert.equal(await page.getByTestId('questions').locator('img').count(), 0, 'and never becomes an element');
    assert.ok(!(await page.content()).includes(kPrivate.hiddenName), 'the name without consent is nowhere on the page');

    await page.getByTestId('poster').waitFor();
    await page.waitForFunction(() => {
      const img = document.querySelector('[data-testid="poster"]');
      return img.complete && img.naturalWidth > 0;
    });
    assert.match(await page.getByTestId('poster').getAttribute('alt'), /^Kadar iz emisije 12: Voda i struja$/);
    await hasNoHorizontalScroll(page);
    await shot(page, 'archive-episode.png');

    await page.getByTestId('lang-sr-Cyrl').click();
    assert.equal(await page.getByTestId('episode-title').textContent(), 'Вода и струја');
    assert.equal(await item(q.milica).getByTestId('question-who').textContent(), `Milica, ${place('zubin-potok', 'sr-Cyrl')}`);
    assert.equal(await item(q.markup).getByTestId('question-text').textContent(), kMarkup);
    await shot(page, 'archive-episode-sr-Cyrl.png');
    assert.deepEqual(problems, []);
  });

  test('a link to a question picks it out, and the keyboard gets from the list to an episode and back', { timeout: kTestTimeoutMs }, async (t) => {
    const { archived } = fixture.seeded.episodes;
    const { milica } = fixture.seeded.questions;
    const { page, problems } = await openPhone(t, `/archive#${archived}/${milica}`);
    const picked = page.locator(`[data-testid="aired-question"][data-id="${milica}"][data-picked="true"]`);
    await picked.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.dataset.id), String(milica));

    await page.locator('#episode-view .back').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('list-view').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'list-heading');
    await page.locator(`[data-testid="episode"][data-number="${archived}"] a`).focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('episode-view').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'episode-heading');
    await page.goBack();
    await page.getByTestId('list-view').waitFor();
    assert.deepEqual(problems, []);
  });

  test('search meets Serbian in both scripts with or without diacritics, and Albanian without them', { timeout: kTestTimeoutMs }, async (t) => {
    const { archived, cyrillicOnly } = fixture.seeded.episodes;
    const { albanian } = fixture.seeded.questions;
    const { page, problems } = await openPhone(t, `/archive#search=${encodeURIComponent('Djakovica')}`);
    const titleOf = (number) => page.locator(`[data-testid="hit"][data-number="${number}"] .hit-title`).textContent();
    await page.getByTestId('hit').first().waitFor();
    assert.equal(await titleOf(cyrillicOnly), 'Đakovica i putevi', 'a linked search: the hit\'s Cyrillic title, transliterated');
    assert.equal(await page.getByTestId('query').inputValue(), 'Djakovica');
    for (const query of ['Ђаковица', 'Đakovica', 'Djakovica']) {
      await search(page, query);
      const hits = await hitNumbers(page);
      assert.ok(hits.includes(cyrillicOnly) && hits.includes(archived), `${query}: episodes ${cyrillicOnly} and ${archived} in ${hits}`);
      const marks = await page.locator(`[data-testid="hit"][data-number="${archived}"] mark`).allTextContents();
      assert.ok(marks.length > 0, `${query}: the matched words are marked`);
    }
    assert.equal(await page.getByTestId('search-heading').textContent(), 'Rezultati za „Djakovica”');
    await shot(page, 'archive-search.png');

    await search(page, 'ujesjellesi Mitrovice');
    const hit = page.locator(`[data-testid="hit"][data-number="${archived}"]`);
    await hit.waitFor();
    assert.equal(await hit.getAttribute('data-matched'), 'question');
    assert.match(await hit.getByTestId('snippet').textContent(), /ujësjellësi|ujesjellesi/i);
    await hit.locator('a').click();
    await page.locator(`[data-testid="aired-question"][data-id="${albanian}"][data-picked="true"]`).waitFor();

    await search(page, 'zzqxvw');
    await waitNotice(page, 'empty');
    assert.equal(await noticeText(page), strings['sr-Latn']['archive.search.none']);
    assert.equal(await page.getByTestId('hit').count(), 0);
    await hasNoHorizontalScroll(page);
    assert.deepEqual(problems, []);
  });

  test('unknown episodes, bad addresses and bad queries get clear messages', { timeout: kTestTimeoutMs }, async (t) => {
    const { planned } = fixture.seeded.episodes;
    const { page, problems } = await openPhone(t, '/archive#99');
    const expectNotice = async (kind, key, params = {}) => {
      await waitNotice(page, kind);
      let text = strings['sr-Latn'][key];
      for (const [name, value] of Object.entries(params)) text = text.replace(`{${name}}`, value);
      assert.equal(await noticeText(page), text, key);
    };
    await expectNotice('error', 'archive.error.not_found');
    assert.ok(await page.getByTestId('retry').isHidden(), 'asking again would not help');
    await page.goto(`${fixture.baseUrl}/archive#${planned}`);
    await expectNotice('error', 'archive.error.not_found');
    assert.ok(await page.getByTestId('episode-view').isHidden());
    await page.goto(`${fixture.baseUrl}/archive#abc`);
    await expectNotice('error', 'archive.error.bad_request');
    await page.goto(`${fixture.baseUrl}/archive#search=${'ж'.repeat(501)}`);
    await expectNotice('error', 'archive.error.query_too_long', { max: 500 });
    await page.getByTestId('query').fill('   ');
    await page.getByTestId('query').press('Enter');
    await expectNotice('error', 'archive.error.empty_query');
    assert.deepEqual(problems, []);
  });

  test('a slow archive shows that it is loading', { timeout: kTestTimeoutMs }, async (t) => {
    const { page, problems } = await openPhone(t, '/archive');
    await page.getByTestId('episode').first().waitFor();
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    await page.route('**/api/archive/episodes/11', async (route) => { await held; await route.continue(); });
    await page.locator('[data-testid="episode"][data-number="11"] a').click();
    await waitNotice(page, 'loading');
    assert.equal(await noticeText(page), strings['sr-Latn']['archive.loading']);
    assert.equal(await page.locator('main').getAttribute('aria-busy'), 'true');
    release();
    await page.getByTestId('episode-view').waitFor();
    assert.ok(await page.getByTestId('notice').isHidden());
    assert.equal(await page.getByTestId('questions-none').textContent(), strings['sr-Latn']['archive.questions.none']);
    assert.deepEqual(problems, []);
  });

  test('the public answers carry nothing private and are what protocol.md says', { timeout: kTestTimeoutMs }, async () => {
    const { archived, planned } = fixture.seeded.episodes;
    const get = (path) => fetch(fixture.baseUrl + path);
    const answers = [];
    for (const path of ['/api/archive/episodes', `/api/archive/episodes/${archived}`, '/api/archive/episodes/10',
      `/api/archive/search?q=${encodeURIComponent('Ђаковица')}`, '/api/archive/search?q=ujesjellesi']) {
      const response = await get(path);
      assert.equal(response.status, 200, path);
      assert.match(response.headers.get('content-type'), /^application\/json; charset=utf-8$/i, path);
      assert.match(response.headers.get('cache-control') ?? '', /public, max-age=30/, path);
      answers.push([path, await response.text()]);
    }
    const keys = new Set();
    const walk = (value) => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) { keys.add(k); walk(v); }
    };
    for (const [path, body] of answers) {
      walk(JSON.parse(body));
      for (const secret of [kPrivate.hiddenName, kPrivate.deviceHashHex, kPrivate.addressHashHex, 'Nikola', 'nikad nije']) {
        assert.ok(!body.includes(secret), `${path} does not carry ${secret}`);
      }
    }
    const privateKey = /contact|device|address|email|phone|hash|consent|ip$|displayName|client/i;
    assert.deepEqual([...keys].filter((k) => privateKey.test(k)), [], 'no private field anywhere');
    for (const staffOnly of ['proxy', 'master', 'programmeStart', 'loudness', 'version']) {
      assert.ok(!keys.has(staffOnly), `${staffOnly} is for staff only`);
    }
    const list = JSON.parse(answers[0][1]);
    assert.ok(!list.episodes.some((e) => e.number === planned), 'no planned episode');
    assert.equal((await get(`/api/archive/episodes/${planned}`)).status, 404);

    const detail = JSON.parse(answers[1][1]);
    const poster = await get(detail.poster);
    assert.equal(poster.status, 200);
    assert.equal(poster.headers.get('content-type'), 'image/jpeg');
    assert.ok((await poster.arrayBuffer()).byteLength > 500);
    const proxyId = Number(await psql(fixture.database, "SELECT id FROM media_assets WHERE role = 'proxy'"));
    assert.equal((await get(`/archive/media/${proxyId}`)).status, 403, 'the proxy only with a signed link');

    for (const [path, status, code] of [['/api/archive/search?q=', 400, 'empty_query'],
      [`/api/archive/search?q=${'a'.repeat(501)}`, 400, 'query_too_long'],
      ['/api/archive/episodes?limit=0', 400, 'bad_request'], ['/api/archive/episodes/x', 400, 'bad_request'],
      ['/api/archive/episodes/999', 404, 'not_found']]) {
      const response = await get(path);
      assert.equal(response.status, status, path);
      assert.equal((await response.json()).error, code, path);
    }
  });

  test('a database outage shows "try again shortly", and the page recovers by itself', { timeout: 45000 }, async (t) => {
    const name = fixture.databaseName;
    await psql(kDatabase, `ALTER DATABASE ${name} ALLOW_CONNECTIONS false;
      SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '${name}'`);
    let restored = false;
    const restore = async () => {
      if (!restored) await psql(kDatabase, `ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
      restored = true;
    };
    t.after(restore);
    // A page size no test asked for: the server's half-minute cache cannot answer it.
    const { page, problems } = await openPhone(t, '/archive?per=7');
    await waitNotice(page, 'error');
    assert.equal(await noticeText(page), strings['sr-Latn']['archive.error.try_again']);
    assert.ok(await page.getByTestId('retry').isVisible(), 'a button to try again');
    assert.ok(await page.getByTestId('list-view').isHidden(), 'no half-drawn page');
    await page.getByTestId('lang-en').click();
    assert.match(await noticeText(page), /try again shortly/);
    await shot(page, 'archive-outage.png');

    await restore();
    await page.getByTestId('retry').click();
    await page.getByTestId('episode').first().waitFor({ timeout: 30000 });
    assert.deepEqual(await cardNumbers(page), [12, 11, 10]);
    assert.deepEqual(problems, []);
  });
});
