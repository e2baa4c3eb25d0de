// The extension must not change the editor: after the same typing (a post that gets warnings) and the same undo,
// every fixture's editor state and editor DOM are identical with and without PostCheck, and the Trusted Types
// default policy on the LinkedIn-like page sees no extra HTML sinks. One browser of each kind, reused.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { launch, inExtensionWorld, EXT_DIR } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';
import { buildFixtures } from './fixtures/build-fixtures.mjs';
import { FIXTURES } from './lib/fixtures.mjs';
import { BAD_TEXT } from './lib/samples.mjs';

let srv;
const runs = {};

// Draft.js and Lexical put per-instance random keys in the DOM: blank them before comparing.
function normalise(html) {
  return html.replace(/(data-offset-key|data-editor)="[^"]*"/g, '$1=""');
}

async function session(withExtension) {
  const b = await launch({ extension: withExtension });
  const page = await b.context.newPage();
  const out = {};
  for (const [name, fx] of Object.entries(FIXTURES)) {
    await page.goto(`${srv.origin}/${name}.html`);
    await page.click(fx.editor);
    await page.keyboard.type(BAD_TEXT);
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('second line');
    await page.waitForTimeout(400); // let PostCheck check and paint (same wait without it: undo grouping is time-based)
    let painted = 0;
    // The first page pays the engine's cold start: wait for the paint (past the 300 ms undo-merge window either way).
    for (let i = 0; withExtension && fx.kind === 'editable' && !painted && i < 100; i++) {
      const cs = JSON.parse(await inExtensionWorld(page, 'JSON.stringify(__postcheckTest.composers())'));
      painted = cs.reduce((n, c) => n + c.boxes.filter((b) => b.severity === 'warn' || b.severity === 'block').length, 0);
      if (!painted) await page.waitForTimeout(50);
    }
    await page.keyboard.press('Control+Z');
    await page.waitForTimeout(300);
    out[name] = await page.evaluate((sel) => ({
      state: window.__state(),
      html: document.querySelector(sel).outerHTML,
      tt: window.__ttCalls === undefined ? null : window.__ttCalls,
    }), fx.editor);
    out[name].html = normalise(out[name].html);
    out[name].painted = painted;
  }
  await b.close();
  return out;
}

before(async () => {
  assert.ok(existsSync(join(EXT_DIR, 'engine/postcheck.wasm')), 'build the extension first');
  await buildFixtures();
  srv = await startServer(join(EXT_DIR, '..', 'e2e-fixtures'));
  runs.without = await session(false);
  runs.with = await session(true);
});
after(async () => { if (srv) await srv.close(); });

for (const name of Object.keys(FIXTURES)) {
  test(`${name}: editor state and DOM identical with and without PostCheck`, () => {
    const a = runs.without[name];
    const b = runs.with[name];
    if (FIXTURES[name].kind === 'editable') assert.ok(b.painted > 0, 'PostCheck did paint warnings in this run');
    assert.equal(b.state, a.state);
    assert.equal(b.html, a.html);
    assert.equal(b.tt, a.tt, 'Trusted Types sink calls');
  });
}
