// Browser latency benchmark: in Debian Chromium with the PostCheck test build on fixture pages, measures the time
// from the end of the typing debounce to (a) the engine's answer, (b) highlight ranges registered, (c) the next
// frame (painted), for 280- and 3,000-character posts, and the cold start (first check after a fresh launch).
// Usage: node scripts/bench-browser.mjs [--runs N]   (needs scripts/build.sh + scripts/build-extension.sh)
import { launch, inExtensionWorld, EXT_DIR } from '../tests/e2e/lib/browser.mjs';
import { startServer } from '../tests/e2e/lib/server.mjs';
import { buildFixtures } from '../tests/e2e/fixtures/build-fixtures.mjs';
import { BAD_TEXT, CLEAN_TEXT } from '../tests/e2e/lib/samples.mjs';
import { join } from 'node:path';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 40;
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

const dir = await buildFixtures();
const srv = await startServer(dir);
const rows = [];
try {
  // Cold start: fresh profile, first focus and first check (worker start + wasm compile + ruleset load).
  for (let i = 0; i < 3; i++) {
    const b = await launch();
    const page = await b.context.newPage();
    await page.goto(`${srv.origin}/linkedin.html`);
    await page.click(PAGES.linkedin);
    await page.keyboard.type('bed 4');
    let t = [];
    for (let k = 0; k < 200 && !t.length; k++) {
      await page.waitForTimeout(25);
      t = JSON.parse(await inExtensionWorld(page, 'JSON.stringify(__postcheckTest.timings())'));
    }
    rows.push({ name: `cold start #${i + 1} (first check)`, n: 1, check: [t[0].check], painted: [t[0].painted], frame: [t[0].frame || t[0].painted] });
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
void join;
