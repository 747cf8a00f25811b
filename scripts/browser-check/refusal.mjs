// Manual check, in a real Chromium, that a browser's EventSource comes back by itself after the node
// refused its stream for now (docs/api.md, "When the node cannot take the stream now"). Run by
// `mvn verify` (node's BrowserCheckTest) and by hand.
// Start a node that holds few streams, then run:
//   RTD_MAX_CONNECTIONS=3 RTD_RETRY_HINT=1s java -jar node/target/rtd-node.jar &
//   node refusal.mjs http://localhost:8080/
// Env: CHROMIUM (default /usr/bin/chromium), TIMEOUT_MS (default 15000).
import { chromium } from 'playwright-core';
import fs from 'node:fs';

const baseUrl = process.argv[2] || 'http://localhost:8080/';
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const T = Number(process.env.TIMEOUT_MS || 15000);
const MAX_STREAMS = 20;

if (!fs.existsSync(executablePath)) {
  console.error(`FAIL: no Chromium at ${executablePath} (apt-get install -y chromium, or set CHROMIUM=...)`);
  process.exit(2);
}
const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
let exitCode = 0;
try {
  const page = await browser.newPage();
  await page.goto(baseUrl);
  // Open streams until the node refuses one, then free a slot: the refused EventSource must connect
  // by itself, having never been CLOSED (readyState 2 is what a 503 or 429 would have caused).
  const result = await page.evaluate(async ({ max, timeout }) => {
    const open = [];
    const opened = (es) => new Promise((resolve) => {
      es.addEventListener('connected', () => resolve('connected'), { once: true });
      es.addEventListener('refused', (e) => resolve(JSON.parse(e.data)), { once: true });
      setTimeout(() => resolve('timeout'), timeout);
    });
    for (let i = 0; i < max; i++) {
      const es = new EventSource('/connect?topic=refusal:check');
      const first = await opened(es);
      if (first === 'connected') { open.push(es); continue; }
      if (first === 'timeout') return { error: `stream ${i} got neither connected nor refused` };
      const states = [];
      es.addEventListener('error', () => states.push(es.readyState));
      const reconnected = opened(es);
      open.shift().close();
      const second = await reconnected;
      es.close();
      open.forEach((o) => o.close());
      return { refusedAfter: i, refusal: first, afterFreeing: second, statesOnError: states };
    }
    open.forEach((o) => o.close());
    return { error: `no refusal after ${max} streams: start the node with RTD_MAX_CONNECTIONS=3` };
  }, { max: MAX_STREAMS, timeout: T });
  if (result.error) throw new Error(result.error);
  console.log(`refused after ${result.refusedAfter} streams: ${JSON.stringify(result.refusal)}`);
  if (result.refusal.status !== 429 || !(result.refusal.retryAfterMs > 0)) throw new Error('refused event lacks status/retryAfterMs');
  if (result.statesOnError.includes(2)) throw new Error(`the EventSource was CLOSED for good: ${result.statesOnError}`);
  if (result.afterFreeing !== 'connected') throw new Error(`after a slot was freed the EventSource got ${JSON.stringify(result.afterFreeing)}`);
  console.log(`ok - the refused EventSource stayed CONNECTING (states on error: ${result.statesOnError}) and connected by itself`);
} catch (e) {
  console.error(`FAIL: ${e.message}`);
  exitCode = 1;
} finally {
  await browser.close();
}
process.exit(exitCode);
