// Browser tests of the viewer page against a running questions_server (run.sh starts one).
// Run: SPORAZUM_URL=http://127.0.0.1:PORT/ node --test tests/browser/
// Optional, to drive the show from a test: SPORAZUM_SERVER_BINARY and SPORAZUM_DATABASE.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';

const kBaseUrl = process.env.SPORAZUM_URL;
const kServerBinary = process.env.SPORAZUM_SERVER_BINARY;
const kDatabase = process.env.SPORAZUM_DATABASE;
const kPendingKey = 'sporazum.pending';
const kWaitMs = 10000;
const kTestTimeoutMs = 20000;
const kArtifacts = new URL('./test-results/', import.meta.url);

const strings = JSON.parse(await readFile(new URL('../../assets/i18n/viewer.json', import.meta.url), 'utf8'));

let browser;

const kNoUrl = 'SPORAZUM_URL must name a running questions_server, e.g. http://127.0.0.1:8080/ (see run.sh)';

// Without a server this file fails, test by test: a browser test that quietly skips tests nothing.
test('SPORAZUM_URL names the server under test', () => {
  assert.ok(kBaseUrl, kNoUrl);
  assert.match(new URL(kBaseUrl).protocol, /^https?:$/);
});

before(async () => {
  if (!kBaseUrl) return;
  await mkdir(kArtifacts, { recursive: true });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
});

/** A fresh phone (new context: its own localStorage, so its own device token) on the viewer page. */
async function openPhone(t) {
  assert.ok(kBaseUrl && browser, kNoUrl);
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1, locale: 'sr-RS',
  });
  context.setDefaultTimeout(kWaitMs);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // A refused connection while offline is expected; anything else (a CSP violation, a 404) is not.
    if (message.type() === 'error' && !/WebSocket connection|ERR_INTERNET_DISCONNECTED/.test(message.text())) {
      problems.push(`console: ${message.text()}`);
    }
  });
  page.on('dialog', (dialog) => { problems.push(`dialog: ${dialog.message()}`); dialog.dismiss(); });
  t.after(() => context.close());
  await page.goto(kBaseUrl);
  await waitConnected(page);
  return { context, page, problems };
}

function waitConnected(page) {
  return page.locator('[data-testid="connection"][data-state="connected"]').waitFor();
}

function questionItem(page, id) {
  return page.locator(`[data-testid="question"][data-id="${id}"]`);
}

function waitStatus(page, id, status) {
  return questionItem(page, id).locator(`[data-testid="status"][data-status="${status}"]`).waitFor();
}

/** Types a question, sends it and returns the client id the page gave it. */
async function ask(page, text) {
  const before = new Set(await page.getByTestId('question').evaluateAll((nodes) => nodes.map((n) => n.dataset.id)));
  await page.getByTestId('text').fill(text);
  await page.getByTestId('send').click();
  const id = await page.waitForFunction((known) => {
    const fresh = [...document.querySelectorAll('[data-testid="question"]')].find((n) => !known.includes(n.dataset.id));
    return fresh?.dataset.id;
  }, [...before]).then((handle) => handle.jsonValue());
  assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  return id;
}

function pendingStore(page) {
  return page.evaluate((key) => JSON.parse(localStorage.getItem(key) || '[]'), kPendingKey);
}

async function counterText(page) {
  return (await page.getByTestId('counter').textContent()).trim();
}

const run = promisify(execFile);

/** Opens or closes questions through the server's command line, as the studio would. */
function setQuestionsOpen(open) {
  return run(kServerBinary, ['questions', open ? 'open' : 'close', '--database', kDatabase]);
}

describe('viewer page', () => {
  test('a viewer asks in Cyrillic and Albanian and sees both received, also after a reload', { timeout: kTestTimeoutMs }, async (t) => {
    const { page, problems } = await openPhone(t);
    const cyr = strings['sr-Cyrl'];

    await page.getByTestId('lang-sr-Cyrl').click();
    assert.equal(await page.locator('html').getAttribute('lang'), 'sr-Cyrl');
    assert.equal(await page.locator('label[for="text"]').textContent(), cyr['form.text.label']);
    assert.match(await page.getByTestId('send').textContent(), /^[\u0400-\u04FF\s]+$/);
    assert.notEqual(await page.locator('#episode-title').textContent(), '', 'the episode title is shown');

    await page.reload();
    await waitConnected(page);
    assert.equal(await page.locator('html').getAttribute('lang'), 'sr-Cyrl', 'the language survives a reload');
    assert.equal(await page.getByTestId('lang-sr-Cyrl').getAttribute('aria-pressed'), 'true');
    assert.equal(await page.getByTestId('send').textContent(), cyr['form.send']);

    // Municipalities are listed in the chosen script, in that language's order, "other" last.
    const options = await page.locator('[data-testid="municipality"] option').evaluateAll(
      (nodes) => nodes.slice(1).map((n) => ({ code: n.value, label: n.textContent })));
    assert.equal(options.length, 39);
    assert.equal(options.at(-1).code, 'other');
    const labels = options.slice(0, -1).map((o) => o.label);
    assert.deepEqual(labels, [...labels].sort(new Intl.Collator('sr-Cyrl').compare));
    assert.ok(labels.includes('Зубин Поток') && labels.includes('Северна Митровица'));

    await page.getByTestId('name').fill('Милица Петровић');
    await page.getByTestId('municipality').selectOption('zubin-potok');
    await page.getByTestId('consent').check();

    const textCyrl = 'Када ће бити поправљен пут до Зубиног Потока?';
    const textSq = 'Kur do të rregullohet rruga për në Mitrovicë?';
    const idCyrl = await ask(page, textCyrl);
    const idSq = await ask(page, textSq);
    await waitStatus(page, idCyrl, 'received');
    await waitStatus(page, idSq, 'received');
    assert.equal(await page.getByTestId('text').inputValue(), '', 'the form is ready for the next question');
    assert.equal(await page.getByTestId('name').inputValue(), 'Милица Петровић', 'the name stays for the next question');
    assert.deepEqual(await pendingStore(page), [], 'acknowledged questions leave the pending store');
    assert.equal(await questionItem(page, idCyrl).getByTestId('status').textContent(), cyr['status.received']);

    // After a reload the list can only come from the server's welcome: nothing is pending locally.
    await page.reload();
    await waitConnected(page);
    await waitStatus(page, idCyrl, 'received');
    await waitStatus(page, idSq, 'received');
    assert.equal(await questionItem(page, idCyrl).locator('.question-text').textContent(), textCyrl);
    assert.equal(await questionItem(page, idSq).locator('.question-text').textContent(), textSq);
    const order = await page.getByTestId('question').evaluateAll((nodes) => nodes.map((n) => n.dataset.id));
    assert.deepEqual(order, [idSq, idCyrl], 'newest first');
    assert.deepEqual(await pendingStore(page), []);

    // The device token: 32 random bytes, base64url, kept; shown so the editors can erase its data.
    const device = await page.evaluate(() => localStorage.getItem('sporazum.device'));
    assert.match(device, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(await page.getByTestId('device-code').textContent(), device);
    assert.deepEqual(problems, []);
    await page.screenshot({ path: new URL('viewer-sr-Cyrl.png', kArtifacts).pathname, fullPage: true });
  });

  test('the counter counts code points after NFC and blocks more than 500', { timeout: kTestTimeoutMs }, async (t) => {
    const { page, problems } = await openPhone(t);
    const text = page.getByTestId('text');
    const send = page.getByTestId('send');

    await text.fill('👍🏽');                     // 2 code points, 4 UTF-16 units
    assert.equal(await counterText(page), '2 / 500');
    await text.fill('e\u0301');                // e + combining acute: one code point after NFC
    assert.equal(await counterText(page), '1 / 500');
    await text.fill('👨‍👩‍👧 Ђ');               // 3 emoji joined by 2 ZWJ, a space, a Cyrillic letter
    assert.equal(await counterText(page), '7 / 500');

    await text.fill('😀'.repeat(500));
    assert.equal(await counterText(page), '500 / 500');
    assert.equal(await send.isEnabled(), true);

    await text.fill('😀'.repeat(501));
    assert.equal(await counterText(page), '501 / 500');
    assert.equal(await page.getByTestId('counter').getAttribute('data-state'), 'over');
    assert.equal(await send.isDisabled(), true, 'over the limit cannot be sent');
    assert.equal(await page.locator('#counter-over').isVisible(), true, 'and the viewer is told why');
    await text.press('Enter');                 // a newline, still over
    await page.locator('#ask-form').evaluate((form) => form.requestSubmit());
    assert.equal(await page.getByTestId('question').count(), 0, 'nothing was sent');

    // 1000 code points as typed, 500 after NFC: both sides count the same way, so it is accepted.
    const id = await ask(page, 'e\u0301'.repeat(500));
    await waitStatus(page, id, 'received');
    assert.equal([...await questionItem(page, id).locator('.question-text').textContent()].length, 500);
    assert.deepEqual(problems, []);
  });

  test('markup in a question is shown literally, never run', { timeout: kTestTimeoutMs }, async (t) => {
    const { page, problems } = await openPhone(t);
    const markup = '<img src=x onerror=alert(1)> <b>bold</b> & <script>alert(2)</script>';
    const id = await ask(page, markup);
    await waitStatus(page, id, 'received');
    const check = async () => {
      const item = questionItem(page, id);
      assert.equal(await item.locator('.question-text').textContent(), markup);
      assert.equal(await page.getByTestId('my-questions').locator('img, b, script').count(), 0);
    };
    await check();
    await page.reload();                        // now the text comes back from the server
    await waitConnected(page);
    await waitStatus(page, id, 'received');
    await check();
    assert.deepEqual(problems, [], 'no alert ran');
  });

  test('a question sent while offline waits on the phone and goes out when the network returns', { timeout: kTestTimeoutMs }, async (t) => {
    const { context, page, problems } = await openPhone(t);
    await page.getByTestId('lang-en').click();
    const en = strings.en;

    await context.setOffline(true);             // the page drops its socket on the browser's 'offline'
    await page.locator('[data-testid="connection"][data-state="offline"]').waitFor();
    assert.equal((await page.getByTestId('connection').textContent()).trim(), en['conn.offline']);

    const text = 'Written in a tunnel: when will the bus to Leposavić run again?';
    const id = await ask(page, text);
    await waitStatus(page, id, 'pending');
    assert.equal(await questionItem(page, id).getByTestId('status').textContent(), en['status.waiting']);
    assert.deepEqual((await pendingStore(page)).map((q) => q.id), [id], 'kept on the phone before sending');
    assert.equal(await page.locator('#form-notice').textContent(), en['form.queued']);

    await context.setOffline(false);
    await waitStatus(page, id, 'received');
    assert.deepEqual(await pendingStore(page), []);
    await page.reload();
    await waitConnected(page);
    await waitStatus(page, id, 'received');
    assert.equal(await page.getByTestId('question').count(), 1, 'stored once, however often it was sent');
    assert.deepEqual(problems, []);
  });

  test('an empty question is refused on the phone, a refused one gives its text back', { timeout: kTestTimeoutMs }, async (t) => {
    const { page, problems } = await openPhone(t);
    await page.getByTestId('lang-sq').click();
    const sq = strings.sq;

    await page.getByTestId('text').fill('   \n  ');
    await page.getByTestId('send').click();
    assert.equal(await page.getByTestId('error').textContent(), sq['error.empty_text']);
    assert.equal(await page.getByTestId('question').count(), 0);

    // A municipality the server does not know: the server refuses, nothing typed is lost.
    await page.getByTestId('municipality').evaluate((select) => {
      const option = document.createElement('option');
      option.value = 'atlantis';
      option.textContent = 'Atlantis';
      select.append(option);
    });
    await page.getByTestId('municipality').selectOption('atlantis');
    const text = 'Pse nuk ka ujë në fshat?';
    const id = await ask(page, text);
    await waitStatus(page, id, 'failed');
    assert.equal(await page.getByTestId('error').textContent(), sq['error.unknown_municipality']);
    assert.equal(await questionItem(page, id).getByTestId('question-error').textContent(), sq['error.unknown_municipality']);
    assert.equal(await page.getByTestId('text').inputValue(), text, 'the refused text is back in the form');
    assert.equal(await page.getByTestId('municipality').getAttribute('aria-invalid'), 'true');
    assert.deepEqual(await pendingStore(page), [], 'a refused question is not retried');
    assert.deepEqual(problems, []);
  });

  test('closing questions shows the banner at once and keeps what is typed', {
    timeout: kTestTimeoutMs,
    skip: !(kServerBinary && kDatabase) && 'needs SPORAZUM_SERVER_BINARY and SPORAZUM_DATABASE (run.sh sets them)',
  }, async (t) => {
    const { page, problems } = await openPhone(t);
    t.after(() => setQuestionsOpen(true));
    await page.getByTestId('text').fill('Hoće li biti struje preko zime?');
    assert.equal(await page.getByTestId('closed-banner').isHidden(), true);

    await setQuestionsOpen(false);
    await page.getByTestId('closed-banner').waitFor({ state: 'visible' });
    assert.equal(await page.getByTestId('send').isDisabled(), true);
    assert.equal(await page.getByTestId('text').inputValue(), 'Hoće li biti struje preko zime?');

    await page.reload();                        // a newcomer sees it in the welcome
    await waitConnected(page);
    await page.getByTestId('closed-banner').waitFor({ state: 'visible' });
    assert.equal(await page.getByTestId('text').inputValue(), 'Hoće li biti struje preko zime?', 'the draft survives');

    await setQuestionsOpen(true);
    await page.getByTestId('closed-banner').waitFor({ state: 'hidden' });
    assert.equal(await page.getByTestId('send').isEnabled(), true);
    assert.deepEqual(problems, []);
  });
});
