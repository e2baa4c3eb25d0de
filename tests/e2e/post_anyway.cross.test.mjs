// Issue 11 item 4 and review L1-L3: "Post anyway" posts, in every browser under test (Chromium here, Firefox ESR in
// tests/firefox/run.sh). On every send path of every fixture (Enter, Ctrl+Enter, Cmd+Enter, the send control, a form
// submit) one choice gives exactly one post, and the dialog never comes back. A site that re-renders its button while
// the dialog is open still gets its post (L2); where PostCheck cannot send, the dialog says so before the user
// chooses and the user's own next send goes straight through. An internal error or a page removing the dialog lets
// the send through (L1); a page's synthetic submit event is not stopped (L3).
import test, { describe } from 'node:test';
import assert from 'node:assert/strict';
import { FIXTURES, doSend } from './lib/fixtures.mjs';
import { pageTools, clearEditor, driverFixtureBrowser } from './lib/postcheck.mjs';
import { browsersUnderTest } from './lib/driver.mjs';
import { BAD_TEXT } from './lib/samples.mjs';

for (const browserName of browsersUnderTest()) {
  describe(`${browserName}: "Post anyway"`, () => {
  const env = driverFixtureBrowser(browserName);
  const { hook, ui, composers, posts, waitFor } = pageTools(() => env.page);

  async function typeBad(selector) {
    await clearEditor(env.page, selector);
    await env.page.type(BAD_TEXT);
    await waitFor(async () => (await composers()).some((c) => c.text === BAD_TEXT && c.marks.length), 'findings for the post');
  }

  async function chooseInDialog(label) {
    const u = await waitFor(async () => { const x = await ui(); return x && x.dialogOpen ? x : null; }, 'dialog');
    assert.ok(u.dialogButtons.includes(label), JSON.stringify(u.dialogButtons));
    if (label === 'Post anyway') await env.page.press('Tab'); // focus starts on "Edit post"
    await env.page.press('Enter');
    await waitFor(async () => !(await ui()).dialogOpen, 'dialog closed');
    return u;
  }

  // After one post: still exactly n posts a while later (no second post, no replay loop) and no dialog.
  async function settled(n, why) {
    await env.page.sleep(1800);
    assert.equal((await posts()).length, n, why);
    const u = await ui();
    assert.equal(u.dialogOpen, false, 'no dialog came back');
    assert.doesNotMatch(u.badge, /again to post/, 'no "send it again" request');
  }

  for (const [name, fx] of Object.entries(FIXTURES)) {
    test(`${name}: "Post anyway" posts exactly once on every send path (${fx.sends.map((s) => s.key || s.kind).join(', ')})`, async () => {
      await env.page.goto(`${env.srv.origin}/${name}.html`);
      let n = 0;
      for (const send of fx.sends) {
        await typeBad(fx.editor);
        await env.page.click(fx.editor);
        await doSend(env.page, send);
        await chooseInDialog('Post anyway');
        await waitFor(async () => (await posts()).length === n + 1, `one post via ${send.key || send.kind}`);
        n += 1;
        assert.equal((await posts())[n - 1].trim(), BAD_TEXT);
        await settled(n, `exactly one post via ${send.key || send.kind}`);
      }
    });
  }

  test('L2: the site re-renders its Post button (and editor) while the dialog is open: "Post anyway" still posts once', async () => {
    await env.page.goto(`${env.srv.origin}/x.html`);
    await typeBad(FIXTURES.x.editor);
    await env.page.evaluate(() => { window.__buttonBefore = document.querySelector('[data-testid="tweetButton"]'); });
    await env.page.click('[data-testid="tweetButton"]');
    await waitFor(async () => (await ui()).dialogOpen, 'dialog');
    await env.page.evaluate(() => window.__remount());
    assert.equal(await env.page.evaluate(() => window.__buttonBefore.isConnected), false, 'the fixture replaced the button');
    await chooseInDialog('Post anyway');
    await waitFor(async () => (await posts()).length === 1, 'one post');
    assert.equal((await posts())[0].trim(), BAD_TEXT);
    await settled(1, 'exactly one post');
  });

  test('where PostCheck cannot send (the site removed its button), the dialog says so first; the next click posts once', async () => {
    await env.page.goto(`${env.srv.origin}/reply.html`);
    await typeBad('#reply');
    await env.page.click('#bar button');
    // Focus went to the dialog, so this site took its Reply button away: the dialog says what will happen.
    const u = await waitFor(async () => { const x = await ui(); return x.dialogOpen && /cannot send this for you/.test(x.dialogText) ? x : null; }, 'the note in the dialog');
    assert.match(u.dialogText, /click the site's send button again to post/);
    await env.page.press('Tab');
    await env.page.press('Enter');
    await waitFor(async () => !(await ui()).dialogOpen, 'dialog closed');
    assert.deepEqual(await posts(), []);
    assert.match((await ui()).badge, /Click the site's send button again to post/);
    await env.page.click('#bar button'); // focus is back in the box, the site showed its button again
    await waitFor(async () => (await posts()).length === 1, 'the user\'s own click posted');
    assert.equal((await posts())[0].trim(), BAD_TEXT);
    await env.page.sleep(500);
    assert.equal((await ui()).dialogOpen, false, 'no dialog for the chosen post');
    assert.equal((await posts()).length, 1);
  });

  test('L1: an internal error in the send guard lets the send through', async () => {
    await env.page.goto(`${env.srv.origin}/x.html`);
    await typeBad(FIXTURES.x.editor);
    assert.equal(await hook('inject', 'dialog'), true);
    try {
      await env.page.click('[data-testid="tweetButton"]');
      await waitFor(async () => (await posts()).length === 1, 'posted despite the error');
      assert.equal((await posts())[0].trim(), BAD_TEXT);
      assert.equal((await ui()).dialogOpen, false);
    } finally {
      await hook('inject', 'dialog', false);
    }
  });

  test('L1: a page that removes PostCheck\'s dialog does not swallow the send, and later sends still get the dialog', async () => {
    await env.page.goto(`${env.srv.origin}/linkedin.html`);
    await typeBad(FIXTURES.linkedin.editor);
    await env.page.click('#post');
    await waitFor(async () => (await ui()).dialogOpen, 'dialog');
    const removed = await env.page.evaluate(() => {
      const ours = Array.from(document.documentElement.children).filter((e) => e !== document.head && e !== document.body);
      ours.forEach((e) => e.remove());
      return ours.length;
    });
    assert.ok(removed > 0, 'the page found and removed PostCheck\'s host');
    await waitFor(async () => (await posts()).length === 1, 'the held send went through');
    await typeBad(FIXTURES.linkedin.editor);
    await env.page.click('#post');
    await waitFor(async () => (await ui()).dialogOpen, 'the next send gets the dialog again');
    await chooseInDialog('Edit post');
    assert.equal((await posts()).length, 1);
  });

  test('L3: a page\'s own synthetic submit event is neither stopped nor turned into a dialog', async () => {
    await env.page.goto(`${env.srv.origin}/mastodon.html`);
    await typeBad(FIXTURES.mastodon.editor);
    const seen = await env.page.evaluate(() => {
      const form = document.getElementById('compose');
      const ev = new Event('submit', { bubbles: true, cancelable: true });
      form.dispatchEvent(ev); // the fixture's own submit handler posts on it
      return { isTrusted: ev.isTrusted };
    });
    assert.equal(seen.isTrusted, false);
    await waitFor(async () => (await posts()).length === 1, 'the page\'s handler ran');
    await env.page.sleep(300);
    assert.equal((await ui()).dialogOpen, false, 'no PostCheck dialog for a synthetic event');
  });
  });
}
