// Browser latency benchmark: in Debian Chromium with the PostCheck test build on fixture pages, measures the time
// from the end of the typing debounce to (a) the engine's answer, (b) highlight ranges registered, (c) the next
// frame (painted), for 280- and 3,000-character posts, and the cold start (first check after a fresh launch).
// Usage: node scripts/bench-browser.mjs [--runs N] [--cold N]   (needs scripts/build.sh + scripts/build-extension.sh)
import { launch, inExtensionWorld, EXT_DIR, EXT_ID } from '../tests/e2e/lib/browser.mjs';
import { startServer } from '../tests/e2e/lib/server.mjs';
import { buildFixtures } from '../tests/e2e/fixtures/build-fixtures.mjs';
import { BAD_TEXT, CLEAN_TEXT } from '../tests/e2e/lib/samples.mjs';
import { join } from 'node:path';

const arg = (name, dflt) => (process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) : 0) || dflt;
const runs = arg('--runs', 40);
const coldRuns = arg('--cold', 10); // fresh launches for the cold start's p50/p95
const PAGES = { x: '.public-DraftEditor-content', linkedin: '.ql-editor', mastodon: '#status' };
const DEBOUNCE_MS = 40; // extension/src/content/composer.js

function post(length) {
  let t = '';
  for (let i = 0; t.length < length; i++) t += (t ? ' ' : '') + (i % 2 === 0 ? BAD_TEXT : CLEAN_TEXT) + '.';
  return t.slice(0, length);
}
const pct = (xs, p) => {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const fmt = (x) => (x === undefined ? '-' : x.toFixed(1));

// Types into the focused composer and adds the first check's timings to row (polls up to 10 s).
async function firstCheckInto(page, row) {
  await page.keyboard.type('bed 4');
  let t = [];
  for (let k = 0; k < 400 && !t.length; k++) {
    await page.waitForTimeout(25);
    t = JSON.parse(await inExtensionWorld(page, 'JSON.stringify(__postcheckTest.timings())'));
  }
  if (!t.length) throw new Error('no check answered within 10 s');
  row.n++;
  row.check.push(t[0].check);
  row.painted.push(t[0].painted);
  row.frame.push(t[0].frame || t[0].painted);
}

const engineStart = []; // EngineHost.coldStartMs after each worker restart
const startParts = [];  // and its parts
const dir = await buildFixtures();
const srv = await startServer(dir);
const rows = [];
try {
  // Cold start: fresh profile, first focus and first check (worker start + wasm compile + ruleset load).
  const cold = { name: 'cold start: first check after first focus', n: 0, check: [], painted: [], frame: [] };
  for (let i = 0; i < coldRuns; i++) {
    const b = await launch({ policyReady: false });
    const page = await b.context.newPage();
    await page.goto(`${srv.origin}/linkedin.html`);
    await page.click(PAGES.linkedin);
    await firstCheckInto(page, cold);
    await b.close();
  }
  rows.push(cold);

  // Warm browser, cold worker: the everyday case (Chromium stops an idle extension worker after ~30 s; the next focus
  // starts it again, with the policy store already open). The worker is stopped through CDP on an extension page.
  {
    const b = await launch();
    const ctl = await b.context.newPage();
    await ctl.goto(`chrome-extension://${EXT_ID}/options/options.html`);
    await ctl.waitForTimeout(3000);
    const wake = { name: 'worker restart: first check after focus (browser already running)', n: 0, check: [], painted: [], frame: [] };
    const page = await b.context.newPage();
    for (let i = 0; i < coldRuns; i++) {
      const cdp = await b.context.newCDPSession(ctl);
      let stopped = false;
      cdp.on('ServiceWorker.workerVersionUpdated', (e) => {
        if (e.versions.some((v) => v.scriptURL.startsWith(`chrome-extension://${EXT_ID}/`) && v.runningStatus === 'stopped')) stopped = true;
      });
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      for (let k = 0; k < 200 && !stopped; k++) await ctl.waitForTimeout(25);
      await cdp.detach();
      if (!stopped) throw new Error('the extension worker did not stop');
      await page.goto(`${srv.origin}/linkedin.html`);
      await page.click(PAGES.linkedin);
      await firstCheckInto(page, wake);
      // The worker's own clock for its engine start (wasm compile, ruleset choice and load), out of that first check.
      const st = await ctl.evaluate(() => chrome.runtime.sendMessage({ type: 'status' }));
      engineStart.push(st.engine.coldStartMs);
      startParts.push(st.engine.coldStartParts);
    }
    rows.push(wake);
    await b.close();
  }

  const b = await launch();
  const page = await b.context.newPage();
  await b.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: srv.origin });
  for (const [name, sel] of Object.entries(PAGES)) {
    for (const length of [280, 3000]) {
      await page.goto(`${srv.origin}/${name}.html`);
      await page.click(sel);
      await page.evaluate((t) => navigator.clipboard.writeText(t), post(length));
      await page.keyboard.press('Control+V');
      await page.waitForTimeout(500);
      const before = JSON.parse(await inExtensionWorld(page, 'JSON.stringify(__postcheckTest.timings().length)'));
      for (let i = 0; i < runs; i++) {
        await page.keyboard.type(i % 2 ? 'a' : ' ');
        await page.waitForTimeout(DEBOUNCE_MS + 60); // one keystroke, then the debounce and the check
      }
      await page.waitForTimeout(200);
      const all = JSON.parse(await inExtensionWorld(page, 'JSON.stringify(__postcheckTest.timings())')).slice(before);
      const ok = all.filter((t) => t.frame !== undefined);
      rows.push({ name: `${name} ${length} chars`, n: ok.length, findings: ok.length ? ok[ok.length - 1].findings : 0,
        check: ok.map((t) => t.check), painted: ok.map((t) => t.painted), frame: ok.map((t) => t.frame) });
    }
  }
  await b.close();
} finally {
  await srv.close();
}

console.log(`\nPostCheck browser latency (ms after the ${DEBOUNCE_MS} ms debounce; Chromium ${EXT_DIR.includes('extension-test') ? 'test build' : ''}, ${runs} keystrokes per row)`);
console.log('| case | n | findings | engine answer p50 / p95 | highlights set p50 / p95 | next frame p50 / p95 |');
console.log('|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.name} | ${r.n} | ${r.findings ?? '-'} | ${fmt(pct(r.check, 50))} / ${fmt(pct(r.check, 95))} | ${fmt(pct(r.painted, 50))} / ${fmt(pct(r.painted, 95))} | ${fmt(pct(r.frame, 50))} / ${fmt(pct(r.frame, 95))} |`);
}
if (engineStart.length) {
  console.log(`\nOf the worker restart's first check, the engine start (EngineHost.coldStartMs: wasm compile, ruleset choice and load) took ${fmt(pct(engineStart, 50))} / ${fmt(pct(engineStart, 95))} ms p50 / p95.`);
  const part = (k) => startParts.map((p) => p && p[k]).filter((x) => typeof x === 'number');
  console.log(`Its parts, p50 / p95 ms from the start: engine compiled ${fmt(pct(part('engineReadyMs'), 50))} / ${fmt(pct(part('engineReadyMs'), 95))}; ` +
    `ruleset chosen (version and pack read, policy read) ${fmt(pct(part('rulesetChosenMs'), 50))} / ${fmt(pct(part('rulesetChosenMs'), 95))}; ` +
    `then the load ${fmt(pct(part('loadMs'), 50))} / ${fmt(pct(part('loadMs'), 95))}.`);
}
void join;
