// Issue 11 item 5, say when it is not checking, in every browser under test (Chromium here, Firefox ESR in
// tests/firefox/run.sh): each failure is injected and the user is told, on the page (badge "PostCheck is not
// checking this box", also announced to screen readers) and on the toolbar button of that tab (title "PostCheck is
// not checking this box", badge "off", read back through the action API in the background); posting still works
// (fail open). When checking works again the toolbar button goes back to "PostCheck". Failures: a compose box cannot
// be tracked; PostCheck's page UI cannot be built (then only the toolbar can say it); the engine's check() throws.
// The engine failing to start (corrupt wasm) is in failopen.test.mjs.
import test, { describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { FIXTURES, doSend } from './lib/fixtures.mjs';
import { pageTools, driverFixtureBrowser } from './lib/postcheck.mjs';
import { browsersUnderTest } from './lib/driver.mjs';
import { BAD_TEXT } from './lib/samples.mjs';

const NOT_CHECKING = 'PostCheck is not checking this box';

for (const browserName of browsersUnderTest()) {
  describe(`${browserName}: not checking`, () => {
  const env = driverFixtureBrowser(browserName);
  const { hook, ui, posts, waitFor } = pageTools(() => env.page);

  // Firefox reaches its background through an extension page in a tab of its own (lib/driver.mjs background()):
  // open it once now and give the fixture's tab the focus back, so typing and focus events go to the page.
  before(async () => {
    assert.equal(await env.br.background(() => typeof chrome.action.getTitle), 'function');
    await env.page.bringToFront();
  });

  // The toolbar button's state for the tab showing url, read in the extension's background.
  function toolbar(url) {
    return env.br.background(async (u) => {
      const tabs = await chrome.tabs.query({});
      const tab = tabs.find((t) => t.url === u);
      if (!tab) return { title: 'no tab with ' + u, badge: null };
      return { title: await chrome.action.getTitle({ tabId: tab.id }), badge: await chrome.action.getBadgeText({ tabId: tab.id }) };
    }, url);
  }

  // Opens name with a failure injected in the content script before the first compose box is tracked.
  async function openWithFault(name, fault) {
    await env.page.goto(`${env.srv.origin}/${name}.html`);
    assert.equal(await hook('inject', fault), true);
    await env.page.click(FIXTURES[name].editor);
  }

  async function postsDespite(name) {
    const fx = FIXTURES[name];
    await env.page.type(BAD_TEXT);
    await doSend(env.page, fx.sends[0]);
    await waitFor(async () => (await posts()).length === 1, 'posted');
    assert.equal((await posts())[0].trim(), BAD_TEXT);
    assert.equal((await ui() || { dialogOpen: false }).dialogOpen, false, 'no dialog');
  }

  for (const name of ['x', 'mastodon']) {
    test(`${name}: a compose box that cannot be tracked: badge, screen readers and toolbar say so; posting works`, async () => {
      await openWithFault(name, 'track');
      const u = await waitFor(async () => { const x = await ui(); return x && x.badge.includes(NOT_CHECKING) ? x : null; }, 'badge');
      assert.match(u.badge, /You can still post/);
      assert.ok(u.live.includes(NOT_CHECKING), 'announced: ' + u.live);
      await waitFor(async () => (await toolbar(env.page.url())).title === NOT_CHECKING, 'toolbar title');
      assert.equal((await toolbar(env.page.url())).badge, 'off');
      await postsDespite(name);
    });
  }

  test('PostCheck\'s page UI cannot be built: the toolbar says so; posting works', async () => {
    await openWithFault('linkedin', 'ui');
    await waitFor(async () => (await toolbar(env.page.url())).title === NOT_CHECKING, 'toolbar title');
    assert.equal((await toolbar(env.page.url())).badge, 'off');
    assert.equal(await hook('checkingState'), false);
    await postsDespite('linkedin');
  });

  test('the engine\'s check() throws: badge, screen readers and toolbar say so; posting works; then it recovers', async () => {
    assert.equal(await env.br.background(() => self.__postcheckTestBg.breakCheck(true)), true);
    try {
      await env.page.goto(`${env.srv.origin}/facebook.html`);
      await env.page.click(FIXTURES.facebook.editor);
      await env.page.type(BAD_TEXT);
      const u = await waitFor(async () => { const x = await ui(); return x.badge.includes(NOT_CHECKING) ? x : null; }, 'badge');
      assert.ok(u.badge.includes(NOT_CHECKING));
      await waitFor(async () => (await ui()).live.includes(NOT_CHECKING), 'announced');
      await waitFor(async () => (await toolbar(env.page.url())).title === NOT_CHECKING, 'toolbar title');
      assert.equal((await toolbar(env.page.url())).badge, 'off');
      await env.page.press('Enter');
      await waitFor(async () => (await posts()).length === 1, 'posted');
    } finally {
      await env.br.background(() => self.__postcheckTestBg.breakCheck(false));
    }
    await env.page.type(BAD_TEXT + ' again');
    await waitFor(async () => /\d/.test((await ui()).badge), 'checking again: counts in the badge');
    await waitFor(async () => (await toolbar(env.page.url())).title === 'PostCheck', 'toolbar back to normal');
    assert.equal((await toolbar(env.page.url())).badge, '');
  });
  });
}
