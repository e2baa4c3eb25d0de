// What the e2e tests read from a page with PostCheck: the test build's hooks in the content script's isolated world
// (the page cannot see them), the fixture's record of posts, and polling.
import { before, after } from 'node:test';
import { inExtensionWorld, waitFor as waitForIn } from './browser.mjs';
import { launchBrowser } from './driver.mjs';
import { startServer } from './server.mjs';
import { buildFixtures } from '../fixtures/build-fixtures.mjs';

// getPage() returns a Playwright page, or a browser-neutral page from lib/driver.mjs (which has its own hook()).
export function pageTools(getPage) {
  const page = () => getPage();
  // hook(name, ...args): calls __postcheckTest[name](...args) in the content script and returns its JSON value.
  const hook = (name, ...args) => (typeof page().hook === 'function' ? page().hook(name, ...args)
    : inExtensionWorld(page(), `JSON.stringify(__postcheckTest[${JSON.stringify(name)}](...${JSON.stringify(args)}))`).then((s) => (s === undefined ? null : JSON.parse(s))));
  return {
    hook,
    ui: () => hook('ui'),
    composers: () => hook('composers'),
    posts: () => page().evaluate(() => window.__posts.slice()),
    waitFor: (fn, what, timeout = 8000) => (typeof page().hook === 'function' ? page().waitFor(fn, what, timeout) : waitForIn(page(), fn, what, timeout)),
    // Text of each finding PostCheck shows, in text order, once every one of them has its boxes drawn.
    async marked() {
      const cs = await hook('composers');
      if (!cs || !cs.length) return [];
      const c = cs[cs.length - 1];
      return c.boxes.length >= c.marks.length ? c.marks.map((m) => m.text) : ['(not drawn yet)'];
    },
  };
}

// Empties the fixture's editor the way a user would (select all, delete). page: Playwright's or lib/driver.mjs's.
export async function clearEditor(page, selector) {
  const press = typeof page.hook === 'function' ? (k) => page.press(k) : (k) => page.keyboard.press(k);
  await page.click(selector);
  await press('Control+A');
  await press('Backspace');
}

// One browser (lib/driver.mjs; browserName: 'chromium' | 'firefox') with the PostCheck test build and the fixture
// server for a *.cross.test.mjs file: called inside that browser's describe(), registers its before/after hooks and
// returns { srv, br, page } (page: a driver page), filled in once the tests start.
export function driverFixtureBrowser(browserName, launchOptions) {
  const env = {};
  before(async () => {
    env.srv = await startServer(await buildFixtures());
    env.br = await launchBrowser(browserName, launchOptions);
    env.page = await env.br.newPage();
  });
  after(async () => {
    if (env.br) await env.br.close();
    if (env.srv) await env.srv.close();
  });
  return env;
}
