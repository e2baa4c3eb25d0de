// The demo behind scripts/demo.sh: serves the fixture compose boxes on 127.0.0.1 and opens Chromium with the
// PostCheck test build. With a DISPLAY: a normal window to try it by hand. Without: headless, types a sample post,
// prints the findings and saves build/demo/screenshot.png.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launch, inExtensionWorld, ROOT, EXT_DIR } from './browser.mjs';
import { startServer } from './server.mjs';
import { buildFixtures } from '../fixtures/build-fixtures.mjs';
import { BAD_TEXT } from './samples.mjs';
import { chromium } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';

const dir = await buildFixtures();
const srv = await startServer(dir);
const text = process.argv[2] || BAD_TEXT;

if (process.env.DISPLAY && !process.env.POSTCHECK_DEMO_HEADLESS) {
  const ctx = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'postcheck-demo-')), {
    executablePath: '/usr/bin/chromium', headless: false, viewport: null, ignoreDefaultArgs: ['--disable-extensions'],
    args: ['--no-sandbox', '--no-first-run', `--disable-extensions-except=${EXT_DIR}`, `--load-extension=${EXT_DIR}`,
      '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1'],
  });
  const page = ctx.pages()[0] || await ctx.newPage();
  await page.goto(srv.origin + '/index.html');
  console.log(`demo: Chromium is open on ${srv.origin}/index.html — pick a compose box and type. Close the window to stop.`);
  await new Promise((r) => ctx.on('close', r));
  await srv.close();
  process.exit(0);
}

const b = await launch({ viewport: { width: 900, height: 640 } });
try {
  const page = await b.context.newPage();
  await page.goto(srv.origin + '/x.html');
  await page.click('.public-DraftEditor-content');
  const t0 = Date.now();
  await page.keyboard.type(text);
  let state = null;
  for (let i = 0; i < 100; i++) {
    state = JSON.parse(await inExtensionWorld(page, 'JSON.stringify(__postcheckTest.composers())'));
    if (state[0] && state[0].text === text) break;
    await page.waitForTimeout(50);
  }
  console.log(`demo: typed into an X-like (Draft.js) compose box in ${Date.now() - t0} ms:\n  "${text}"`);
  const marks = state && state[0] ? state[0].marks : [];
  if (!marks.length) console.log('demo: PostCheck flagged nothing.');
  for (const m of marks) console.log(`demo: [${m.severity}] ${m.rule}: "${m.text}"`);
  // Open the card for the first finding so the screenshot shows the explanation too.
  if (marks.length) {
    await page.keyboard.press('Alt+Shift+P');
    await page.waitForTimeout(300);
    const ui = JSON.parse(await inExtensionWorld(page, 'JSON.stringify(__postcheckTest.ui())'));
    if (ui && ui.cardText) console.log('demo: card: ' + ui.cardText.replace(/\s+/g, ' ').slice(0, 300));
  }
  const out = join(ROOT, 'build', 'demo');
  mkdirSync(out, { recursive: true });
  await page.screenshot({ path: join(out, 'screenshot.png') });
  console.log('demo: screenshot saved to build/demo/screenshot.png');
} finally {
  await b.close();
  await srv.close();
}
