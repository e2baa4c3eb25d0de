// Fail open, proven: a copy of the test build whose postcheck.wasm is corrupt (the engine cannot start). On a
// contenteditable editor (Draft.js) and a textarea (Mastodon-like form, strict CSP) the user can still type, paste and
// post by click and by key, no dialog appears, nothing is thrown into the page, and the badge and the options page
// say checking is unavailable (the options page's warning passes axe-core). The "check() throws" path is proven in
// compose.test.mjs with a working engine.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, writeFileSync, mkdtempSync, rmSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, inExtensionWorld, EXT_DIR, EXT_ID, waitFor as waitForIn } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';
import { buildFixtures } from './fixtures/build-fixtures.mjs';
import { FIXTURES, doSend } from './lib/fixtures.mjs';
import { BAD_TEXT } from './lib/samples.mjs';
import { createRequire } from 'node:module';

let srv;
let br;
let page;
let brokenDir;
const pageErrors = [];

before(async () => {
  assert.ok(existsSync(join(EXT_DIR, 'engine/postcheck.wasm')), 'build the extension first');
  // Same extension (same pinned key, so same ID), engine bytes replaced by garbage: WebAssembly compile fails.
  brokenDir = mkdtempSync(join(tmpdir(), 'postcheck-broken-'));
  cpSync(EXT_DIR, brokenDir, { recursive: true });
  writeFileSync(join(brokenDir, 'engine/postcheck.wasm'), 'this is not a WebAssembly module');
  srv = await startServer(await buildFixtures());
  br = await launch({ extDir: brokenDir });
  page = await br.context.newPage();
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await br.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: srv.origin });
});
after(async () => {
  if (br) await br.close();
  if (srv) await srv.close();
  if (brokenDir) rmSync(brokenDir, { recursive: true, force: true });
});

const hook = (expr) => inExtensionWorld(page, `JSON.stringify(${expr})`).then((s) => JSON.parse(s));
const posts = () => page.evaluate(() => window.__posts.slice());
const waitFor = (fn, what, timeout = 8000) => waitForIn(page, fn, what, timeout);

for (const name of ['x', 'mastodon']) {
  const fx = FIXTURES[name];
  test(`${name} (${fx.kind}): engine broken -> type, paste and post (every send path) with no dialog; badge says unavailable`, async () => {
    await page.goto(`${srv.origin}/${name}.html`);
    pageErrors.length = 0;
    let posted = 0;
    for (const send of fx.sends) {
      await page.click(fx.editor);
      await page.keyboard.type(BAD_TEXT);
      await page.evaluate(() => navigator.clipboard.writeText(' and pasted'));
      await page.keyboard.press('Control+V');
      const want = BAD_TEXT + ' and pasted';
      await waitFor(async () => (await page.evaluate(() => window.__state())).includes('and pasted'), 'paste landed');
      // The extension tried, failed, and says so (not a ✓, not a warning).
      const u = await waitFor(async () => { const x = await hook('__postcheckTest.ui()'); return x && /not checking this box/.test(x.badge) ? x : null; }, 'badge: not checking');
      assert.equal(u.dialogOpen, false);
      const cs = await hook('__postcheckTest.composers()');
      assert.equal(cs[0].ok, false, 'the engine result is a failure, not "clean"');
      assert.deepEqual(cs[0].marks, []);
      await doSend(page, send);
      await waitFor(async () => (await posts()).length === posted + 1, `post via ${send.kind} ${send.key || send.target || ''}`);
      posted += 1;
      assert.equal((await posts())[posted - 1].trim(), want);
      assert.equal((await hook('__postcheckTest.ui()')).dialogOpen, false, 'no dialog');
      assert.deepEqual((await hook('__postcheckTest.composers()'))[0].boxes, [], 'no underlines');
      if (send.kind === 'submit') {
        // A form submit reloads nothing in the fixture, but the site may keep the text: clear for the next round.
        await page.click(fx.editor);
        await page.keyboard.press('Control+A');
        await page.keyboard.press('Backspace');
      }
    }
    assert.equal(posted, fx.sends.length);
    assert.deepEqual(pageErrors, [], 'nothing thrown into the page');
  });
}

test('options page says checking is unavailable (and why), and "Try a post" says it could not check', async () => {
  const opts = await br.context.newPage();
  const errors = [];
  opts.on('pageerror', (e) => errors.push(String(e)));
  await opts.goto(`chrome-extension://${EXT_ID}/options/options.html`);
  await opts.waitForSelector('#engine-warning:not([hidden])');
  const w = await opts.textContent('#engine-warning');
  assert.match(w, /Checking is unavailable/);
  assert.match(w, /not checking posts/);
  assert.match(w, /Engine failed to start/);
  await opts.fill('#tryText', BAD_TEXT);
  await opts.waitForFunction(() => /could not check/.test(document.getElementById('tryResult').textContent));
  // The warning state is accessible too (axe-core from node_modules, as in a11y.test.mjs).
  await opts.evaluate(readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'));
  const serious = await opts.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id));
  assert.deepEqual(serious, []);
  assert.deepEqual(errors, []);
  await opts.close();
});
