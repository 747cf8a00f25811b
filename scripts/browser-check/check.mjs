// Browser check of the demo page (GET /), run by `mvn verify` (node's BrowserCheckTest) and by hand.
// Usage: node check.mjs [baseUrl=http://localhost:8080/] [outDir=$TMPDIR/rtd-browser-check]
// Env: CHROMIUM (default /usr/bin/chromium), TIMEOUT_MS (default 15000),
//      TAB_B_URL (default baseUrl): open tab B elsewhere, e.g. a frontend of another data center.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const baseUrl = process.argv[2] || 'http://localhost:8080/';
const urls = { A: baseUrl, B: process.env.TAB_B_URL || baseUrl };
const outDir = path.resolve(process.argv[3] || path.join(os.tmpdir(), 'rtd-browser-check'));
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const T = Number(process.env.TIMEOUT_MS || 15000);
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

class CheckFailure extends Error {}
const fail = (msg) => { throw new CheckFailure(msg); };
let passed = 0;
async function step(name, fn) {
  const t0 = Date.now();
  await fn();
  passed++;
  console.log(`ok ${passed} - ${name} (${Date.now() - t0} ms)`);
}
// Wait for a predicate evaluated in the page; on timeout fail with `msg`.
async function waitIn(page, label, msg, fn, arg) {
  try {
    await page.waitForFunction(fn, arg, { timeout: T, polling: 100 });
  } catch (e) {
    fail(`tab ${label}: ${msg} (within ${T} ms)`);
  }
}
const text = (page, sel) => page.locator(sel).innerText();
const num = async (page, sel) => Number(await text(page, sel));

if (!fs.existsSync(executablePath)) {
  console.error(`FAIL: no Chromium at ${executablePath} (apt-get install -y chromium, or set CHROMIUM=...)`);
  process.exit(2);
}
fs.mkdirSync(outDir, { recursive: true });

const browser = await chromium.launch({ executablePath, headless: true, args: ARGS });
const pageErrors = [];
const tabs = {};
let exitCode = 0;
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  // Content-Security-Policy violations (the page is served with a policy; nothing it does may be blocked).
  await context.addInitScript(() => document.addEventListener('securitypolicyviolation',
    (e) => (window.__cspViolations = window.__cspViolations || []).push(`${e.violatedDirective} ${e.blockedURI}`)));
  for (const label of ['A', 'B']) {
    const page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(`tab ${label}: ${err.message}`));
    page.on('console', (m) => { if (m.type() === 'error') console.log(`  (tab ${label} console error: ${m.text()})`); });
    tabs[label] = page;
  }
  const { A, B } = tabs;

  await step(`tabs open ${urls.A} and ${urls.B} and go live`, async () => {
    for (const [label, page] of Object.entries(tabs)) {
      const res = await page.goto(urls[label], { waitUntil: 'domcontentloaded', timeout: T }).catch((e) => fail(`tab ${label}: cannot load ${urls[label]}: ${e.message}`));
      if (!res || !res.ok()) fail(`tab ${label}: GET ${urls[label]} answered ${res && res.status()}`);
    }
    for (const [label, page] of Object.entries(tabs)) {
      await waitIn(page, label, 'status never became "live" (EventSource /connect did not open)',
        () => document.getElementById('status')?.dataset.state === 'live');
    }
  });

  await step('each tab gets a presence event pushed by the system (the viewer count, no client heartbeats)', async () => {
    for (const [label, page] of Object.entries(tabs)) {
      await waitIn(page, label, `no presence event came over SSE; status line says: "${await text(page, '#status')}"`,
        () => document.body.dataset.presence === 'pushed');
    }
  });

  await step('like in tab A: heart appears and counter increments in BOTH tabs', async () => {
    const before = { A: await num(A, '#like-count'), B: await num(B, '#like-count') };
    await A.click('#like-btn');
    await Promise.all(Object.entries(tabs).map(([label, page]) => waitIn(page, label,
      `like counter did not go above ${before[label]} / no heart appeared`,
      (min) => Number(document.getElementById('like-count').textContent) >= min &&
        document.querySelectorAll('#hearts .heart').length > 0, before[label] + 1)));
    await A.screenshot({ path: path.join(outDir, 'tab-a-like.png') });
    await B.screenshot({ path: path.join(outDir, 'tab-b-like.png') });
  });

  const comment = `hello from browser-check ${Math.random().toString(36).slice(2, 8)}`;
  await step('comment posted in tab B shows up in BOTH tabs', async () => {
    await B.fill('#comment-input', '   ');
    if (!(await B.isDisabled('#comment-send'))) fail('tab B: Send is enabled while the comment box is blank');
    await B.fill('#comment-input', comment);
    if (await B.isDisabled('#comment-send')) fail('tab B: Send stays disabled after typing a comment');
    await B.click('#comment-send');
    await Promise.all(Object.entries(tabs).map(([label, page]) => waitIn(page, label,
      `comment "${comment}" never appeared in the list`,
      (c) => [...document.querySelectorAll('#comments li .text')].some((li) => li.textContent === c), comment)));
    await waitIn(B, 'B', 'comment box was not cleared after sending', () => document.getElementById('comment-input').value === '');
  });

  await step('a tab opened after the comment (a late joiner) shows it in its comment list', async () => {
    const C = await tabs.A.context().newPage();
    C.on('pageerror', (err) => pageErrors.push(`late tab: ${err.message}`));
    try {
      await C.goto(urls.A, { waitUntil: 'domcontentloaded', timeout: T });
      await waitIn(C, 'late', `comment "${comment}", posted before this tab opened, never appeared in its list (recovered from the frontend's history)`,
        (c) => [...document.querySelectorAll('#comments li .text')].some((li) => li.textContent === c), comment);
    } finally {
      await C.close();
    }
  });

  await step('comment text is rendered as text, not HTML', async () => {
    const evil = '<img src=x onerror="window.__pwned=1"><b>bold?</b>';
    await A.fill('#comment-input', evil);
    await A.click('#comment-send');
    await waitIn(B, 'B', 'HTML-looking comment never appeared as plain text',
      (c) => [...document.querySelectorAll('#comments li .text')].some((li) => li.textContent === c), evil);
    if (await B.evaluate(() => window.__pwned === 1 || !!document.querySelector('#comments img, #comments b'))) {
      fail('tab B: comment text was interpreted as HTML');
    }
  });

  await step('comments of the wrong shape (object author, arrays, null, numbers, huge strings) break nothing; the next like shows', async () => {
    const before = await num(B, '#like-count');
    const statuses = await A.evaluate(async () => {
      const topic = document.body.dataset.topic;
      const url = (await (await fetch('/demo/config')).json()).publishUrl;
      const shapes = [
        { type: 'comment', data: { author: { toString: 'x' }, text: 'object author' } },
        { type: 'comment', data: { author: ['a'], text: ['t'] } },
        { type: 'comment', data: null },
        { type: 'comment', data: [1, 2] },
        { type: 'comment', data: { author: 42, text: 42 } },
        { type: 'comment', data: { author: 'x'.repeat(30000), text: 'y'.repeat(30000) } },
        { type: 'presence', data: { viewer: { toString: 'x' } } },
        { type: 'like', data: { from: 'after the odd comments' } },
      ];
      const out = [];
      for (const shape of shapes) { // in order: the like comes last
        out.push((await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ topic, ...shape }) })).status);
      }
      return out;
    });
    if (statuses.some((s) => s !== 202)) fail(`publishing the odd comments answered ${statuses.join(',')}`);
    await waitIn(B, 'B', 'the like published after the odd comments never showed',
      (min) => Number(document.getElementById('like-count').textContent) >= min, before + 1);
    const shown = await B.evaluate(() => [...document.querySelectorAll('#comments li')].map((li) =>
      [li.querySelector('.author')?.textContent, li.querySelector('.text')?.textContent]));
    if (!shown.some(([a, t]) => a === 'anonymous' && t === 'object author')) {
      fail(`tab B: the comment with an object author is not shown as "anonymous: object author": ${JSON.stringify(shown.slice(-8))}`);
    }
    const long = shown.find(([a]) => a && a.startsWith('xxx'));
    if (!long || long[0].length > 40 || long[1].length > 280) fail('tab B: the huge comment was not cut to 40/280 characters');
    if (pageErrors.length) fail(`uncaught errors in the page:\n  ${pageErrors.join('\n  ')}`);
  });

  await step('viewer count reaches 2 in both tabs', async () => {
    for (const [label, page] of Object.entries(tabs)) {
      await waitIn(page, label, 'viewer count never reached 2 (the system pushes presence events every 2 s)',
        () => Number(document.getElementById('viewer-count').textContent) >= 2);
    }
    await A.screenshot({ path: path.join(outDir, 'tab-a-comment.png') });
    await B.screenshot({ path: path.join(outDir, 'tab-b-comment.png') });
  });

  await step('like storm (150 likes) is counted in full and hearts on screen stay capped', async () => {
    const before = await num(B, '#like-count');
    const n = 150;
    await A.evaluate(async (count) => {
      const topic = document.body.dataset.topic || document.getElementById('topic-label').textContent.split(' ')[0];
      const url = (await (await fetch('/demo/config')).json()).publishUrl ||
        `${location.protocol}//${location.hostname}:8081/publish`;
      await Promise.all(Array.from({ length: count }, () => fetch(url, { method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ topic, type: 'like', data: { from: 'storm' } }) })));
    }, n);
    let maxHearts = 0;
    const deadline = Date.now() + T;
    while (Date.now() < deadline) {
      const [count, hearts] = await B.evaluate(() => [Number(document.getElementById('like-count').textContent),
        document.querySelectorAll('#hearts .heart').length]);
      maxHearts = Math.max(maxHearts, hearts);
      if (count >= before + n) break;
      await B.waitForTimeout(50);
    }
    const after = await num(B, '#like-count');
    if (after < before + n) fail(`tab B: like counter went from ${before} to ${after}, expected +${n}`);
    if (maxHearts > 60) fail(`tab B: ${maxHearts} hearts on screen at once; the cap is not working`);
    const t0 = Date.now();
    await B.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
    if (Date.now() - t0 > 2000) fail('tab B: page unresponsive after the like storm');
    console.log(`  (max hearts on screen: ${maxHearts})`);
  });

  await step('phone width: page fits, publish errors are shown in words', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const P = await phone.newPage();
    P.on('pageerror', (err) => pageErrors.push(`phone tab: ${err.message}`));
    await P.goto(baseUrl, { waitUntil: 'domcontentloaded', timeout: T });
    await waitIn(P, 'phone', 'status never became "live"', () => document.getElementById('status')?.dataset.state === 'live');
    const overflow = await P.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 1) fail(`phone tab: page is ${overflow}px wider than the 390px screen`);
    await P.screenshot({ path: path.join(outDir, 'phone.png'), fullPage: true });
    // Simulated dispatcher answers (the real dispatcher is not involved in these two).
    await P.route('**/publish', (route) => route.fulfill({ status: 429, contentType: 'application/json',
      headers: { 'Access-Control-Allow-Origin': '*' }, body: JSON.stringify({ error: 'over the publish limit' }) }));
    await P.click('#like-btn');
    await waitIn(P, 'phone', 'a 429 {"error":…} answer was not shown in the status line',
      () => /429.*over the publish limit/.test(document.getElementById('pub-error').textContent));
    await P.unroute('**/publish');
    await P.route('**/publish', (route) => route.abort('connectionrefused'));
    await P.click('#like-btn');
    await waitIn(P, 'phone', 'an unreachable dispatcher was not reported as such',
      () => /unreachable/.test(document.getElementById('pub-error').textContent));
    await P.screenshot({ path: path.join(outDir, 'phone-error.png') });
    await phone.close();
  });

  if (pageErrors.length) fail(`uncaught errors in the page:\n  ${pageErrors.join('\n  ')}`);
  for (const [label, page] of Object.entries(tabs)) {
    const violations = await page.evaluate(() => window.__cspViolations || []);
    if (violations.length) fail(`tab ${label}: Content-Security-Policy violations: ${violations.join('; ')}`);
  }
  console.log(`${passed} passed, 0 failed`);
  console.log(`screenshots in ${outDir}`);
} catch (e) {
  exitCode = 1;
  console.error(`FAIL: ${e instanceof CheckFailure ? e.message : e.stack || e}`);
  if (pageErrors.length) console.error(`uncaught page errors:\n  ${pageErrors.join('\n  ')}`);
  for (const [label, page] of Object.entries(tabs)) {
    await page.screenshot({ path: path.join(outDir, `failure-tab-${label.toLowerCase()}.png`) }).catch(() => {});
  }
  console.error(`${passed} passed, 1 failed; screenshots in ${outDir}`);
} finally {
  await browser.close();
}
process.exit(exitCode);
