// Browser tests of the moderation desk (/moderate) against a running questions_server (run.sh starts
// one), with questions asked from the viewer page in other browser contexts.
// Run: SPORAZUM_URL=http://127.0.0.1:PORT/ SPORAZUM_SERVER_BINARY=… SPORAZUM_DATABASE=… node --test tests/browser/
// The binary and database are needed: staff accounts are made with `staff add`, and the session
// expiry test starts a second server with --staff-session-seconds.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const kBaseUrl = process.env.SPORAZUM_URL;
const kServerBinary = process.env.SPORAZUM_SERVER_BINARY;
const kDatabase = process.env.SPORAZUM_DATABASE;
const kWaitMs = 10000;
const kTestTimeoutMs = 30000;
const kShortSessionSeconds = 10;      // the smallest --staff-session-seconds the server accepts
const kArtifacts = new URL('./test-results/', import.meta.url);

const kMissing = 'SPORAZUM_URL, SPORAZUM_SERVER_BINARY and SPORAZUM_DATABASE must name the server under test (see run.sh)';

// Without a server this file fails, test by test: a browser test that quietly skips tests nothing.
test('SPORAZUM_URL, SPORAZUM_SERVER_BINARY and SPORAZUM_DATABASE name the server under test', () => {
  assert.ok(kBaseUrl && kServerBinary && kDatabase, kMissing);
  assert.match(new URL(kBaseUrl).protocol, /^https?:$/);
});

const run = (args, input) => new Promise((resolve, reject) => {
  const child = spawn(kServerBinary, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  child.on('error', reject);
  child.on('close', (code) => (code === 0 ? resolve(output) : reject(new Error(`${args.join(' ')} exited with ${code}: ${output}`))));
  child.stdin.end(input ?? '');
});

/** A staff account made through the command line, as an admin would; unique per run. */
async function addStaff(role, displayName) {
  const username = `t-${role.slice(0, 3)}-${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('base64url');
  // The password is read from stdin, one line.
  await run(['staff', 'add', username, '--name', displayName, '--role', role, '--database', kDatabase], `${password}\n`);
  return { username, password, displayName, role };
}

let browser;
const staff = {};

before(async () => {
  if (!(kBaseUrl && kServerBinary && kDatabase)) return;
  await mkdir(kArtifacts, { recursive: true });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const suffix = randomBytes(2).toString('hex');
  staff.ana = await addStaff('moderator', `Ana ${suffix}`);
  staff.marko = await addStaff('moderator', `Marko ${suffix}`);
  staff.admin = await addStaff('admin', `Admin ${suffix}`);
});

after(async () => {
  await browser?.close();
});

/** Collects what must never happen on a page: script errors, CSP violations, dialogs (an alert() that ran). */
function watchProblems(page) {
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // A refused connection while a server restarts is expected; anything else (a CSP violation, a 404) is not.
    if (message.type() === 'error' && !/WebSocket connection/.test(message.text())) problems.push(`console: ${message.text()}`);
  });
  page.on('dialog', (dialog) => { problems.push(`dialog: ${dialog.message()}`); dialog.dismiss(); });
  return problems;
}

async function login(page, account) {
  const overlay = page.getByTestId('login');
  await overlay.waitFor({ state: 'visible' });
  await page.getByTestId('login-username').fill(account.username);
  await page.getByTestId('login-password').fill(account.password);
  await page.getByTestId('login-submit').click();
  await overlay.waitFor({ state: 'hidden' });
  await page.locator('body[data-auth="authed"]').waitFor({ state: 'attached' });
}

/** A moderator's laptop: a fresh context on /moderate, logged in. */
async function openDesk(t, account, baseUrl = kBaseUrl) {
  assert.ok(browser && kBaseUrl, kMissing);
  const context = await browser.newContext({ viewport: { width: 1366, height: 800 }, locale: 'sr-RS', acceptDownloads: true });
  context.setDefaultTimeout(kWaitMs);
  const page = await context.newPage();
  const problems = watchProblems(page);
  t.after(() => context.close());
  await page.goto(new URL('moderate', baseUrl).href);
  await login(page, account);
  await page.locator('[data-testid="connection"][data-state="connected"]').waitFor();
  return { page, problems };
}

/** A viewer's phone on the viewer page. */
async function openPhone(t, baseUrl = kBaseUrl) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: 'sr-RS' });
  context.setDefaultTimeout(kWaitMs);
  const page = await context.newPage();
  const problems = watchProblems(page);
  t.after(() => context.close());
  await page.goto(baseUrl);
  await page.locator('[data-testid="connection"][data-state="connected"]').waitFor();
  return { page, problems };
}

/** Sends a question from the phone; returns the viewer's id for it and the wall-clock time of the click. */
async function ask(phone, text) {
  const known = await phone.getByTestId('question').evaluateAll((nodes) => nodes.map((n) => n.dataset.id));
  await phone.getByTestId('text').fill(text);
  const sentAtMs = await phone.getByTestId('send').evaluate((button) => { button.click(); return Date.now(); });
  const clientId = await phone.waitForFunction((ids) => {
    const fresh = [...document.querySelectorAll('[data-testid="question"]')].find((n) => !ids.includes(n.dataset.id));
    return fresh?.dataset.id;
  }, known).then((handle) => handle.jsonValue());
  return { clientId, sentAtMs };
}

const token = () => `T${randomBytes(5).toString('hex')}`;

function row(page, id) {
  return page.locator(`[data-testid="question-row"][data-id="${id}"]`);
}

/** The desk's id of the question whose text holds `marker`, once its row is listed. */
async function rowIdOf(page, marker) {
  const found = page.getByTestId('question-row').filter({ has: page.getByTestId('q-text').filter({ hasText: marker }) });
  await found.waitFor({ state: 'attached' });
  return Number(await found.getAttribute('data-id'));
}

function notices(page, testid) {
  return page.locator(`[data-testid="notices"] [data-testid="${testid}"]`);
}

/** Polls until check() returns true, for state that two pages reach at their own pace. */
async function eventually(check, what, timeoutMs = kWaitMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) assert.fail(`timed out waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function rowSnapshot(page, id) {
  const r = row(page, id);
  return {
    state: await r.getAttribute('data-state'),
    version: await r.getAttribute('data-version'),
    air: await r.getByTestId('q-air').getAttribute('hidden') === null ? await r.getByTestId('q-air-text').textContent() : null,
  };
}

/** Starts one more server on the same database, e.g. with short staff sessions; stopped after the test. */
async function startServer(t, extraArgs) {
  const dir = await mkdtemp(join(tmpdir(), 'sporazum-desk-'));
  const portFile = join(dir, 'port');
  let log = '';
  const child = spawn(kServerBinary, ['serve', '--listen', '127.0.0.1', '--port', '0', '--port-file', portFile,
    '--database', kDatabase, ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  let exited = false;
  child.on('exit', () => { exited = true; });
  t.after(async () => {
    if (!exited) {
      child.kill('SIGTERM');
      await new Promise((resolve) => { child.once('exit', resolve); setTimeout(resolve, 5000); });
    }
    await rm(dir, { recursive: true, force: true });
  });
  const deadline = Date.now() + 30000;
  for (;;) {
    const port = (await readFile(portFile, 'utf8').catch(() => '')).trim();
    if (/^\d+$/.test(port)) return `http://127.0.0.1:${port}/`;
    if (exited) assert.fail(`the second server exited: ${log.slice(-2000)}`);
    if (Date.now() > deadline) assert.fail(`the second server wrote no port: ${log.slice(-2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('moderation desk', () => {
  test('a viewer\'s question reaches the desk within a second; "a" approves it and the viewer sees it selected', { timeout: kTestTimeoutMs }, async (t) => {
    const desk = await openDesk(t, staff.ana);
    const phone = await openPhone(t);
    const page = desk.page;
    assert.equal(await page.getByTestId('tabs').isHidden(), true, 'a moderator has no admin tabs');
    assert.notEqual((await page.getByTestId('episode-title').textContent()).trim(), '', 'the episode is shown');
    assert.equal(await page.getByTestId('user-name').textContent(), staff.ana.displayName);

    const marker = token();
    const text = `Kada će biti popravljen put do Zvečana? ${marker}`;
    // The desk notes when the row enters the page, in its own clock (both pages share the machine's).
    await page.evaluate((m) => {
      new MutationObserver((records, observer) => {
        for (const node of document.querySelectorAll('[data-testid="q-text"]')) {
          if (node.textContent.includes(m)) { window.seenAtMs = Date.now(); observer.disconnect(); return; }
        }
      }).observe(document.getElementById('qlist'), { childList: true, subtree: true, characterData: true });
    }, marker);
    const { clientId, sentAtMs } = await ask(phone.page, text);
    const seenAtMs = await page.waitForFunction(() => window.seenAtMs).then((h) => h.jsonValue());
    const latencyMs = seenAtMs - sentAtMs;
    t.diagnostic(`viewer send → desk row: ${latencyMs} ms`);
    assert.ok(latencyMs < 1000, `the question took ${latencyMs} ms to reach the desk`);

    const id = await rowIdOf(page, marker);
    assert.equal(await row(page, id).getByTestId('q-text').textContent(), text);
    assert.equal(await row(page, id).getAttribute('data-state'), 'received');
    await row(page, id).click();
    await page.locator(`[data-testid="detail-body"][data-id="${id}"]`).waitFor();
    await page.keyboard.press('a');
    await row(page, id).and(page.locator('[data-state="approved"]')).waitFor({ state: 'attached' });
    await phone.page.locator(`[data-testid="question"][data-id="${clientId}"] [data-testid="status"][data-status="selected"]`).waitFor();
    assert.match(await row(page, id).locator('.q-meta').textContent(), new RegExp(staff.ana.displayName), 'who changed it last');

    // A reload resumes the session from sessionStorage: no password asked.
    await page.reload();
    await page.locator('body[data-auth="authed"]').waitFor({ state: 'attached' });
    await row(page, id).and(page.locator('[data-state="approved"]')).waitFor({ state: 'attached' });
    assert.equal(await page.getByTestId('login').isHidden(), true);
    assert.deepEqual(desk.problems, []);
    assert.deepEqual(phone.problems, []);
    await page.screenshot({ path: new URL('moderate-desk.png', kArtifacts).pathname });
  });

  test('two moderators change one question at once: one wins, the other is told, both show the same', { timeout: kTestTimeoutMs }, async (t) => {
    const a = await openDesk(t, staff.ana);
    const b = await openDesk(t, staff.marko);
    const phone = await openPhone(t);
    const marker = token();
    await ask(phone.page, `Ko će platiti novi most? ${marker}`);
    const id = await rowIdOf(a.page, marker);
    await rowIdOf(b.page, marker);
    const version = await row(a.page, id).getAttribute('data-version');

    await row(a.page, id).click();
    await row(b.page, id).click();
    // Each sees that the other is on the same question.
    await row(a.page, id).locator('.who', { hasText: staff.marko.displayName }).waitFor({ state: 'attached' });
    await row(b.page, id).locator('.who', { hasText: staff.ana.displayName }).waitFor({ state: 'attached' });

    // Both decide on the version they saw: Ana edits the text for air, Marko picks a reject reason.
    const airText = `Ko će platiti novi most preko Ibra? ${marker}`;
    await a.page.keyboard.press('e');
    await a.page.getByTestId('editor-text').fill(airText);
    await b.page.keyboard.press('r');
    await b.page.keyboard.press('3');
    assert.equal(await b.page.getByTestId('reason-off_topic').isChecked(), true);
    await Promise.all([a.page.getByTestId('editor-text').press('Control+Enter'), b.page.keyboard.press('Enter')]);

    const conflictCount = async () => (await notices(a.page, 'conflict-notice').count()) + (await notices(b.page, 'conflict-notice').count());
    await eventually(async () => (await conflictCount()) >= 1, 'a conflict notice on one of the pages');
    await eventually(async () => {
      const [sa, sb] = [await rowSnapshot(a.page, id), await rowSnapshot(b.page, id)];
      return sa.version !== version && JSON.stringify(sa) === JSON.stringify(sb)
        && (await a.page.getByTestId('q-saving').count()) === 0 && (await b.page.getByTestId('q-saving').count()) === 0;
    }, 'both pages show the same new version');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(await conflictCount(), 1, 'exactly one change was refused');

    const final = await rowSnapshot(a.page, id);
    assert.equal(Number(final.version), Number(version) + 1, 'exactly one change was made');
    const anaLost = (await notices(a.page, 'conflict-notice').count()) === 1;
    const loser = anaLost ? a : b;
    const winner = anaLost ? staff.marko : staff.ana;
    const notice = await notices(loser.page, 'conflict-notice').textContent();
    assert.match(notice, new RegExp(`${winner.displayName} changed #${id} \\((reject|edit)\\) after you saw it`));
    if (anaLost) {
      assert.deepEqual(final, { state: 'rejected', version: final.version, air: null });
      assert.equal(await a.page.getByTestId('editor-text').inputValue(), airText, 'the refused edit is kept');
    } else {
      assert.deepEqual(final, { state: 'received', version: final.version, air: airText });
    }
    assert.equal(await loser.page.locator(`[data-testid="detail-body"][data-id="${id}"] .detail-conflict`).isVisible(), true,
      'the conflict is also shown on the question');
    assert.deepEqual([...a.problems, ...b.problems, ...phone.problems], []);
  });

  test('a reject decided on what the moderator saw is refused if the question changed meanwhile', { timeout: kTestTimeoutMs }, async (t) => {
    const a = await openDesk(t, staff.ana);
    const b = await openDesk(t, staff.marko);
    const phone = await openPhone(t);
    const marker = token();
    await ask(phone.page, `Kada će biti otvoren granični prelaz? ${marker}`);
    const id = await rowIdOf(a.page, marker);
    await rowIdOf(b.page, marker);
    await row(b.page, id).click();
    await b.page.keyboard.press('r');
    await b.page.keyboard.press('5');

    // Ana approves while Marko's picker is open; Marko's page shows the approval at once...
    await row(a.page, id).click();
    await a.page.keyboard.press('a');
    await row(b.page, id).and(b.page.locator('[data-state="approved"]')).waitFor({ state: 'attached' });
    // ...but Marko chose on what he saw before it, so his reject must not silently undo her approval.
    await b.page.keyboard.press('Enter');
    await notices(b.page, 'conflict-notice').waitFor();
    assert.match(await notices(b.page, 'conflict-notice').textContent(),
      new RegExp(`${staff.ana.displayName} changed #${id} \\(approve\\) after you saw it`));
    assert.equal(await row(b.page, id).getAttribute('data-state'), 'approved');
    assert.equal(await row(a.page, id).getAttribute('data-state'), 'approved');

    // Having seen it, Marko can still reject: now on the current version.
    await b.page.keyboard.press('r');
    await b.page.keyboard.press('5');
    await b.page.keyboard.press('Enter');
    await row(a.page, id).and(a.page.locator('[data-state="rejected"]')).waitFor({ state: 'attached' });
    assert.match(await row(a.page, id).locator('.badge-reason').textContent(), /Spam/);
    assert.deepEqual([...a.problems, ...b.problems], []);
  });

  test('markup in a question is shown literally on the desk, never run', { timeout: kTestTimeoutMs }, async (t) => {
    const desk = await openDesk(t, staff.ana);
    const phone = await openPhone(t);
    const page = desk.page;
    const marker = token();
    const markup = `<img src=x onerror=alert(1)> <b>bold</b> & <script>alert(2)</script> ${marker}`;
    await ask(phone.page, markup);
    const id = await rowIdOf(page, marker);
    assert.equal(await row(page, id).getByTestId('q-text').textContent(), markup);
    await row(page, id).click();
    assert.equal(await page.getByTestId('detail-text').textContent(), markup);

    // The text for air is shown the same way.
    const airMarkup = `<img src=y onerror=alert(3)> ${marker}`;
    await page.keyboard.press('e');
    await page.getByTestId('editor-text').fill(airMarkup);
    await page.getByTestId('editor-text').press('Control+Enter');
    await row(page, id).getByTestId('q-air-text').filter({ hasText: marker }).waitFor({ state: 'attached' });
    assert.equal(await row(page, id).getByTestId('q-air-text').textContent(), airMarkup);
    assert.equal(await page.getByTestId('detail-air').textContent(), airMarkup);

    assert.equal(await page.locator('img, script:not([src]), b').count(), 0, 'no element was made from the text');
    assert.deepEqual(desk.problems, [], 'no alert ran');
  });

  test('an expired session asks for the password and keeps the unsent edit, which saves after logging in', { timeout: 90000 }, async (t) => {
    const base = await startServer(t, ['--staff-session-seconds', String(kShortSessionSeconds)]);
    const desk = await openDesk(t, staff.ana, base);
    const phone = await openPhone(t, base);
    const page = desk.page;
    const marker = token();
    await ask(phone.page, `Zašto nema vode u Leposaviću? ${marker}`);
    const id = await rowIdOf(page, marker);
    await row(page, id).click();
    await page.keyboard.press('e');
    const draft = `Zašto u Leposaviću nema vode već tri dana? ${marker}`;
    await page.getByTestId('editor-text').fill(draft);

    await page.getByTestId('login').waitFor({ state: 'visible', timeout: (kShortSessionSeconds + 40) * 1000 });
    assert.equal(await page.getByTestId('login-reason').getAttribute('data-reason'), 'expired');
    assert.equal(await page.getByTestId('editor-text').inputValue(), draft, 'the edit box keeps its text');
    assert.equal(await row(page, id).getAttribute('aria-selected'), 'true', 'the question stays selected');
    assert.equal(await page.getByTestId('detail-body').getAttribute('data-id'), String(id));

    await page.getByTestId('login-password').fill(staff.ana.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('login').waitFor({ state: 'hidden' });
    await page.locator('body[data-auth="authed"]').waitFor({ state: 'attached' });
    assert.equal(await page.getByTestId('editor-text').inputValue(), draft, 'still there after the new snapshot');
    await page.getByTestId('editor-text').press('Control+Enter');
    await row(page, id).getByTestId('q-air-text').filter({ hasText: marker }).waitFor({ state: 'attached' });
    assert.equal(await page.getByTestId('detail-air').textContent(), draft);
    assert.equal(await page.getByTestId('editor').isHidden(), true, 'saved: the editor closes');
    assert.deepEqual(desk.problems, []);
  });

  test('an admin reads the audit log and exports it as CSV and JSON; the lexicon loads', { timeout: kTestTimeoutMs }, async (t) => {
    const desk = await openDesk(t, staff.admin);
    const phone = await openPhone(t);
    const page = desk.page;
    const marker = token();
    await ask(phone.page, `Hoće li biti struje preko zime? ${marker}`);
    const id = await rowIdOf(page, marker);
    await row(page, id).click();
    await page.keyboard.press('s');
    await row(page, id).getByTestId('q-star').waitFor({ state: 'attached' });

    await page.getByTestId('tab-audit').click();
    const entry = page.getByTestId('audit-row').filter({ hasText: new RegExp(`#${id}(?!\\d)`) });
    await entry.first().waitFor();
    assert.match(await entry.first().textContent(), new RegExp(staff.admin.username));

    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-csv').click()]);
    const csv = await readFile(await csvDownload.path(), 'utf8');
    assert.ok(csv.startsWith('\uFEFFid,at,actor,action,episode,question,before,after,undoes\r\n'), 'CSV header');
    assert.ok(csv.split('\r\n').some((line) => line.includes(`,${staff.admin.username},`) && line.includes(`,${id},`)), 'the star is in the CSV');
    const [jsonDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-json').click()]);
    const entries = JSON.parse(await readFile(await jsonDownload.path(), 'utf8'));
    assert.ok(entries.some((e) => e.question === id && e.actor === staff.admin.username));

    await page.getByTestId('tab-lexicon').click();
    await page.locator('[data-testid="lexicon-meta"][data-version]').waitFor();
    assert.match(await page.getByTestId('lexicon-meta').getAttribute('data-version'), /^\d+$/);
    assert.deepEqual(desk.problems, []);
  });
});
