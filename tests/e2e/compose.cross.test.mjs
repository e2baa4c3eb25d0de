// End-to-end in every browser under test (POSTCHECK_BROWSERS; tests/firefox/run.sh runs it in Firefox ESR): the
// PostCheck test build on the fixture pages built from the real editors (Draft.js, Lexical, Quill under Trusted
// Types, React textarea, Mastodon-style form under a strict CSP). Findings match the engine's spans and are painted
// (highlight registry / textarea overlay), every send path is held, "Edit post" keeps the text, "Post anyway" posts
// exactly once, clean text posts straight away; an engine that throws lets posts through and says so.
import test, { describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './lib/browser.mjs';
import { launchBrowser, browsersUnderTest, FIREFOX_EXT_DIR } from './lib/driver.mjs';
import { startServer } from './lib/server.mjs';
import { buildFixtures, PAGES } from './fixtures/build-fixtures.mjs';
import { FIXTURES, doSend } from './lib/fixtures.mjs';
import { nodeEngine } from './lib/engine.mjs';
import { BAD_TEXT as BAD, CLEAN_TEXT as CLEAN } from './lib/samples.mjs';

const NAMES = ['x', 'facebook', 'linkedin', 'instagram', 'mastodon'];
const sorted = (a) => a.slice().sort();

for (const browserName of browsersUnderTest()) {
  describe(`${browserName}: fixture editors`, () => {
    let srv;
    let br;
    let page;
    let eng;

    before(async () => {
      assert.ok(existsSync(join(ROOT, 'build/extension-test/engine/postcheck.wasm')) && existsSync(join(FIREFOX_EXT_DIR, 'engine/postcheck.wasm')),
        'no engine in the test builds: run scripts/build.sh and scripts/build-extension.sh');
      eng = await nodeEngine();
      srv = await startServer(await buildFixtures());
      br = await launchBrowser(browserName);
      page = await br.newPage();
    });
    after(async () => {
      if (br) await br.close();
      if (srv) await srv.close();
    });

    const ui = () => page.hook('ui');
    const posts = () => page.evaluate(() => window.__posts.slice());
    const editorState = () => page.evaluate(() => window.__state());

    // What PostCheck shows as marked: each finding's text, once its boxes are drawn in PostCheck's closed layer.
    async function painted() {
      const cs = await page.hook('composers');
      const c = cs[cs.length - 1];
      // Boxes are drawn rects, not findings: overlapping findings share a box and a finding may wrap onto two lines.
      return c && c.marks.length && c.boxes.length ? c.marks.map((m) => m.text) : [];
    }

    async function open(name) {
      await page.goto(`${srv.origin}/${name}.html`);
      await page.click(FIXTURES[name].editor);
    }

    test('the browser runs the test build', async () => {
      await open('x');
      assert.equal(await page.hook('site'), 'x.com');
      console.log(`# ${browserName} ${br.version}`);
    });

    for (const name of NAMES) {
      const fx = FIXTURES[name];
      test(`${name} (${PAGES[name].title}): findings painted, every send held, Edit post, Post anyway, clean post`, async (t) => {
        await open(name);
        await page.type(BAD);
        const want = sorted(eng.check(BAD, PAGES[name].site).map((f) => BAD.slice(f.start, f.end)));
        assert.ok(want.length > 0, 'the sample has findings on ' + name);
        await page.waitFor(async () => {
          const c = await page.hook('composers');
          return c[0] && c[0].text === BAD && JSON.stringify(sorted(c[0].marks.map((m) => m.text))) === JSON.stringify(want);
        }, `${name}: findings for the typed text`);
        await page.waitFor(async () => JSON.stringify(sorted(await painted())) === JSON.stringify(want) || null, `${name}: painted ${JSON.stringify(want)}`);
        if (fx.strictCsp) {
          const pageWasm = await page.evaluate(() => WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])).then(() => 'allowed', (e) => e.name));
          assert.equal(pageWasm, 'CompileError', 'the page itself may not compile wasm');
        }
        const stateBefore = await editorState();

        for (const send of fx.sends) {
          await t.test(`${send.kind} ${send.key || send.target || ''}: held, Edit post keeps the text`, async () => {
            await page.click(fx.editor);
            await doSend(page, send);
            const u = await page.waitFor(async () => { const x = await ui(); return x && x.dialogOpen ? x : null; }, 'dialog');
            assert.equal(u.dialogFocus, 'Edit post', 'focus starts on Edit post');
            assert.ok(u.dialogButtons.includes('Post anyway'), JSON.stringify(u.dialogButtons));
            await page.press('Enter'); // the focused "Edit post"
            await page.waitFor(async () => !(await ui()).dialogOpen, 'dialog closed');
            assert.deepEqual(await posts(), []);
            assert.equal(await editorState(), stateBefore, 'text unchanged');
          });
        }

        const send = fx.sends[0];
        await t.test(`Post anyway (${send.kind}) posts exactly once`, async () => {
          await page.click(fx.editor);
          await doSend(page, send);
          await page.waitFor(async () => (await ui()).dialogOpen, 'dialog');
          await page.press('Tab');
          await page.press('Enter'); // "Post anyway"
          await page.waitFor(async () => !(await ui()).dialogOpen, 'dialog closed');
          // PostCheck sends it (tests/e2e/post_anyway.cross.test.mjs has every path); had the site ignored the replay, the
          // badge would ask for the same send once more and that one would pass.
          await page.sleep(1800);
          if ((await posts()).length === 0) {
            assert.match((await ui()).badge, /again to post/);
            if (send.kind === 'key') await page.press(send.key);
            else await doSend(page, send);
          }
          await page.waitFor(async () => (await posts()).length === 1, 'one post');
          await page.sleep(300);
          const p = await posts();
          assert.equal(p.length, 1, 'exactly one post');
          assert.equal(p[0].trim(), BAD);
          assert.equal((await ui()).dialogOpen, false, 'no second dialog');
        });

        await t.test('clean text posts straight away, no dialog', async () => {
          await page.click(fx.editor);
          await page.press('Control+A');
          await page.press('Backspace');
          await page.type(CLEAN);
          await page.waitFor(async () => (await page.hook('composers')).some((c) => c.text === CLEAN && c.ok), 'check of the clean text');
          await doSend(page, send);
          await page.waitFor(async () => (await posts()).length === 2, 'clean post');
          assert.equal((await posts())[1].trim(), CLEAN);
          assert.equal((await ui()).dialogOpen, false);
        });
      });
    }

    test('engine check() throws: typing and posting go on, no dialog, the badge says it is not checking', async () => {
      assert.equal(await br.background(() => self.__postcheckTestBg.breakCheck(true)), true);
      await page.bringToFront();
      try {
        await open('facebook');
        await page.type(BAD);
        await page.waitFor(async () => /not checking this box/.test((await ui()).badge), 'badge: not checking');
        assert.equal((await page.hook('composers'))[0].ok, false);
        await page.press('Enter'); // the Facebook-like page posts on Enter
        await page.waitFor(async () => (await posts()).length === 1, 'posted');
        assert.equal((await posts())[0].trim(), BAD);
        assert.equal((await ui()).dialogOpen, false);
      } finally {
        await br.background(() => self.__postcheckTestBg.breakCheck(false));
        await page.bringToFront();
      }
    });

    test('block mode (admin): block-level findings offer only "Edit post"', async () => {
      const rule = eng.check(BAD, 'linkedin.com').find((f) => f.severity !== 'info').rule;
      await open('linkedin');
      // Stands in for an administrator (test build: browser_api.js merges storage.local.__testManaged).
      await br.background((m) => chrome.storage.local.set({ __testManaged: m }), { mode: 'block', severityOverrides: { [rule]: 'block' } });
      await page.bringToFront();
      try {
        await page.waitFor(async () => (await page.hook('mode')) === 'block', 'block mode applied');
        await page.click(FIXTURES.linkedin.editor);
        await page.type(BAD);
        await page.waitFor(async () => (await page.hook('composers'))[0]?.marks.some((m) => m.severity === 'block'), 'block finding');
        await page.click('#post');
        const u = await page.waitFor(async () => { const x = await ui(); return x.dialogOpen ? x : null; }, 'dialog');
        assert.deepEqual(u.dialogButtons, ['Edit post']);
        await page.press('Enter');
        await page.sleep(200);
        assert.deepEqual(await posts(), []);
      } finally {
        await br.background(() => chrome.storage.local.remove('__testManaged'));
        await page.bringToFront();
        await page.waitFor(async () => (await page.hook('mode')) !== 'block', 'block mode cleared');
      }
    });
  });
}
