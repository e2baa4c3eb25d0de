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

const SEV = { block: 'Must fix', warn: 'Warning', info: 'Note' };

// Wraps text to width columns, continuation lines indented by indent spaces.
function wrap(text, indent, width = 100) {
  const words = String(text).split(/\s+/).filter(Boolean);
  const lines = [];
  let line = '';
  for (const w of words) {
    if (line && line.length + 1 + w.length > width - indent) { lines.push(line); line = w; } else line = line ? line + ' ' + w : w;
  }
  if (line) lines.push(line);
  return lines.join('\n' + ' '.repeat(indent));
}

// One readable block per finding: severity and title, the flagged words, why, the policy section, what to do instead.
function printSummary(text, marks, ms) {
  console.log('\nPostCheck demo: X-like compose box (Draft.js) in Chromium, extension test build\n');
  console.log('Post typed (' + ms + ' ms):\n  ' + wrap(`"${text}"`, 2) + '\n');
  if (!marks.length) {
    console.log('PostCheck found nothing to warn about.\n');
    return;
  }
  const n = (sev) => marks.filter((m) => m.severity === sev).length;
  const counts = [['block', 'must fix'], ['warn', 'warning'], ['info', 'note']].filter(([s]) => n(s))
    .map(([s, w]) => `${n(s)} ${w}${n(s) > 1 && s !== 'block' ? 's' : ''}`);
  console.log(`PostCheck found ${marks.length} thing${marks.length > 1 ? 's' : ''}: ${counts.join(', ')}.\n`);
  marks.forEach((m, i) => {
    console.log(`${i + 1}. ${SEV[m.severity] || m.severity}: ${m.title}`);
    console.log(`   Flagged:    "${m.text}"`);
    if (m.message) console.log('   Why:        ' + wrap(m.message, 15));
    if (m.policyRef) console.log('   Policy:     ' + wrap(m.policyRef, 15));
    if (m.advice) console.log('   Instead:    ' + wrap(m.advice, 15));
    console.log(`   Rule:       ${m.rule}\n`);
  });
}

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
  const marks = state && state[0] ? state[0].marks : [];
  printSummary(text, marks, Date.now() - t0);
  // Open the card for the first finding so the screenshot shows the explanation too.
  if (marks.length) {
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('Alt+Shift+P');
    await page.waitForTimeout(300);
    const ui = JSON.parse(await inExtensionWorld(page, 'JSON.stringify(__postcheckTest.ui())'));
    if (ui && ui.cardOpen) console.log(`On screen: the card for "${ui.cardTitle}" is open (Alt+Shift+P), the findings are underlined.`);
  }
  const out = join(ROOT, 'build', 'demo');
  mkdirSync(out, { recursive: true });
  await page.screenshot({ path: join(out, 'screenshot.png') });
  console.log('Screenshot: build/demo/screenshot.png');
} finally {
  await b.close();
  await srv.close();
}
