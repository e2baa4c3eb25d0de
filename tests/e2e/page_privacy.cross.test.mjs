// Review M1 and L9, a page learns nothing from PostCheck. Script in the page's own main world, on every fixture,
// after a clean post and after a post with findings: reads CSS.highlights, calls window.find() for every rule title
// of the ruleset and the severity words, watches the DOM outside the editor with a MutationObserver, and probes
// document.elementFromPoint() around the composer. Nothing it sees may depend on the findings. Where PostCheck sends
// for the user through a form (Mastodon-like: click, Ctrl+Enter, submit), the page sees no untrusted event. A page
// that clears CSS.highlights does not remove PostCheck's underlines (L9).
import test, { describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './lib/browser.mjs';
import { FIXTURES } from './lib/fixtures.mjs';
import { pageTools, driverFixtureBrowser } from './lib/postcheck.mjs';
import { browsersUnderTest } from './lib/driver.mjs';
import { BAD_TEXT, CLEAN_TEXT } from './lib/samples.mjs';



// Every rule title in the shipped ruleset (the page can read them in rules/CATALOG.md too).
function ruleTitles() {
  const files = JSON.parse(readFileSync(join(ROOT, 'build/rules/bundle.json'), 'utf8'));
  const titles = new Set();
  const texts = Array.isArray(files) ? files.map((f) => f.text || f.content || JSON.stringify(f)) : Object.values(files).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
  for (const t of texts) for (const m of t.matchAll(/"title"\s*:\s*"((?:[^"\\]|\\.)*)"/g)) titles.add(JSON.parse(`"${m[1]}"`));
  return [...titles];
}
const WORDS = ['must fix', 'Must fix', 'warning', 'Warning', 'note', 'PostCheck', 'Dismiss for this post', 'Alt+Shift+P'];
let TITLES;

before(() => {
  // A title that is part of the sample posts themselves ("NHS number") is found in the editor, which the page owns.
  const inPosts = (t) => [BAD_TEXT, CLEAN_TEXT].some((p) => p.toLowerCase().includes(t.toLowerCase()));
  TITLES = ruleTitles().filter((t) => !inPosts(t));
  assert.ok(TITLES.length > 20, 'rule titles read from build/rules/bundle.json: ' + TITLES.length);
});

for (const browserName of browsersUnderTest()) {
  describe(`${browserName}: what a page can see`, () => {
  const env = driverFixtureBrowser(browserName);
  const { ui, composers, posts, waitFor } = pageTools(() => env.page);

  // Installed in the page's main world right after load: records every DOM change outside the editor and the posts
  // list, in a form that does not depend on timing.
  function watchDom(editorSelector) {
    return env.page.evaluate((sel) => {
      const ed = document.querySelector(sel);
      const posted = document.getElementById('posted');
      const skip = (n) => ed.contains(n) || (posted && posted.contains(n));
      const name = (n) => (n.nodeType === 1 ? n.tagName.toLowerCase() + (n.id ? '#' + n.id : '') : '#' + n.nodeType);
      window.__seen = [];
      new MutationObserver((records) => {
        for (const r of records) {
          if (skip(r.target)) continue;
          window.__seen.push([r.type, name(r.target), r.attributeName || '', [...r.addedNodes].map(name).join(','), [...r.removedNodes].map(name).join(',')].join('|'));
        }
      }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
    }, editorSelector);
  }

  // What the page can find out, at rest after a check.
  function pageView(editorSelector, titles, words) {
    return env.page.evaluate(({ sel, titles, words }) => {
      const ed = document.querySelector(sel);
      const r = ed.getBoundingClientRect();
      const probes = [];
      for (let y = r.top - 60; y <= r.bottom + 60; y += 12) {
        for (let x = r.left - 60; x <= r.right + 160; x += 16) {
          // Whether the point belongs to something outside the page's <head>/<body> (where PostCheck's hosts live);
          // the page's own elements under the text differ with the text itself, so they are not compared.
          const hit = document.elementFromPoint(x, y);
          let top = hit;
          while (top && top.parentElement && top.parentElement !== document.documentElement) top = top.parentElement;
          probes.push(!hit ? '-' : top === document.body || top === document.head || top === document.documentElement ? '.' : 'X');
        }
      }
      const found = {};
      for (const w of [...titles, ...words]) {
        getSelection().removeAllRanges();
        if (window.find(w, false, false, true)) found[w] = true;
      }
      getSelection().removeAllRanges();
      return {
        highlights: CSS.highlights ? [...CSS.highlights.keys()] : [],
        highlightRanges: CSS.highlights ? [...CSS.highlights.values()].reduce((n, h) => n + h.size, 0) : 0,
        found,
        probes: probes.join(' '),
        mutations: window.__seen.slice(),
      };
    }, { sel: editorSelector, titles, words });
  }

  async function run(name, text) {
    const fx = FIXTURES[name];
    await env.page.goto(`${env.srv.origin}/${name}.html`);
    await watchDom(fx.editor);
    await env.page.click(fx.editor);
    await env.page.type(text);
    await waitFor(async () => (await composers()).some((c) => c.text === text), 'checked');
    // Past the polite announcement (1.2 s after typing) and its clearing (1 s later): the page at rest with the badge
    // shown. The live region is findable while it speaks (docs/security.md), so the test waits until it is empty:
    // under load the timers run late (measured: "PostCheck: 1 must fix, 3 warnings" still found after 2.6 s in a
    // full tests/firefox run on ESR 140.12).
    await env.page.sleep(2600);
    await waitFor(async () => (await ui()).live === '', 'the announcement cleared');
    const cs = await composers();
    const view = await pageView(fx.editor, TITLES, WORDS);
    return { view, marks: cs[0].marks };
  }

  for (const name of Object.keys(FIXTURES)) {
    test(`${name}: the page's main world sees nothing that depends on the findings`, async () => {
      const clean = await run(name, CLEAN_TEXT);
      const bad = await run(name, BAD_TEXT);
      assert.ok(bad.marks.some((m) => m.severity !== 'info'), 'the post with findings has findings');
      assert.deepEqual(bad.view.highlights, [], 'no entry in the shared CSS.highlights registry');
      assert.equal(bad.view.highlightRanges, 0);
      assert.deepEqual(bad.view.found, clean.view.found, 'window.find() of rule titles and severity words');
      for (const m of bad.marks) assert.ok(!bad.view.found[m.title], `window.find("${m.title}") finds nothing`);
      assert.deepEqual(bad.view.mutations, clean.view.mutations, 'DOM changes outside the editor');
      // (The grid follows the composer, which is taller for the longer post, so the two grids are not compared.)
      assert.ok(!clean.view.probes.includes('X') && !bad.view.probes.includes('X'), 'elementFromPoint around the composer never hits PostCheck');
    });
  }

  test('Mastodon-like form: "Post anyway" by click, Ctrl+Enter or submit shows the page no untrusted event', async () => {
    await env.page.goto(`${env.srv.origin}/mastodon.html`);
    await env.page.evaluate(() => {
      window.__events = [];
      for (const type of ['click', 'keydown', 'keyup', 'submit', 'input']) {
        window.addEventListener(type, (e) => window.__events.push(type + ':' + e.isTrusted));
      }
    });
    const fx = FIXTURES.mastodon;
    let n = 0;
    for (const send of fx.sends) {
      await env.page.click(fx.editor);
      await env.page.press('Control+A');
      await env.page.press('Backspace');
      await env.page.type(BAD_TEXT);
      await waitFor(async () => (await composers()).some((c) => c.text === BAD_TEXT && c.marks.length), 'findings');
      await env.page.evaluate(() => { window.__events.length = 0; });
      await env.page.click(fx.editor);
      if (send.kind === 'click') await env.page.click(send.target);
      else if (send.kind === 'key') await env.page.press(send.key);
      else await env.page.evaluate(() => document.querySelector('form').requestSubmit());
      try {
        await waitFor(async () => (await ui()).dialogOpen, 'dialog');
      } catch (err) {
        // Flaked once in a full CI run (dialog never seen after the first Ctrl+Enter): say whether the post went through,
        // what the page saw and what PostCheck held, so the next failure tells which side dropped the send.
        const state = { posts: (await posts()).length, events: await env.page.evaluate(() => window.__events.slice()), ui: await ui(),
          composers: (await composers()).map((c) => ({ text: c.text.slice(0, 40), marks: c.marks.length })) };
        throw new Error(`${send.key || send.kind}: ${err.message}; state ${JSON.stringify(state)}`);
      }
      await env.page.press('Tab');
      await env.page.press('Enter');
      await waitFor(async () => (await posts()).length === n + 1, 'posted');
      n += 1;
      const events = await env.page.evaluate(() => window.__events.slice());
      assert.deepEqual(events.filter((e) => e.endsWith(':false')), [], `${send.key || send.kind}: no untrusted event (${events.join(' ')})`);
    }
  });

  test('L9: a page that clears CSS.highlights does not remove the underlines', async () => {
    await env.page.goto(`${env.srv.origin}/x.html`);
    await env.page.click(FIXTURES.x.editor);
    await env.page.type(BAD_TEXT);
    const before = await waitFor(async () => { const c = await composers(); return c[0] && c[0].text === BAD_TEXT && c[0].boxes.length ? c[0] : null; }, 'underlines');
    await env.page.evaluate(() => { CSS.highlights.clear(); window.scrollBy(0, 1); });
    await env.page.type('!');
    const after = await waitFor(async () => { const c = await composers(); return c[0] && c[0].text === BAD_TEXT + '!' ? c[0] : null; }, 'repaint');
    assert.equal(after.marks.length, before.marks.length);
    assert.ok(after.boxes.length >= after.marks.length, 'every finding still drawn');
  });
  });
}
