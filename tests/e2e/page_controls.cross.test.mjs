// Issue 11 item 3, never cover the page: with PostCheck on (a post with warnings typed, badge and underlines shown,
// then also a finding's hover card open), a click at the centre of every button and link within 150 px of each
// fixture's composer lands on the page's own element (document.elementFromPoint from the page's main world). Send
// controls sit right beside the box (Instagram-like), below it (LinkedIn-, Bluesky-, Mastodon-, YouTube-like) and
// inside its corner (X-like inline reply). Tab from the composer reaches the page's next control, not PostCheck.
import test, { describe } from 'node:test';
import assert from 'node:assert/strict';
import { FIXTURES } from './lib/fixtures.mjs';
import { pageTools, driverFixtureBrowser } from './lib/postcheck.mjs';
import { browsersUnderTest } from './lib/driver.mjs';
import { BAD_TEXT } from './lib/samples.mjs';



for (const browserName of browsersUnderTest()) {
  describe(`${browserName}: page controls`, () => {
  const env = driverFixtureBrowser(browserName);
  const { ui, composers, waitFor } = pageTools(() => env.page);

  // In the page's main world: every button/link within 150 px of the composer, and what a click at its centre hits.
  function probeControls(editorSelector) {
    return env.page.evaluate((sel) => {
      const ed = document.querySelector(sel);
      const r = ed.getBoundingClientRect();
      const near = (b) => b.right >= r.left - 150 && b.left <= r.right + 150 && b.bottom >= r.top - 150 && b.top <= r.bottom + 150;
      const describe = (e) => (e ? e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : '') : 'null');
      const out = [];
      for (const c of document.querySelectorAll('button, a[href], [role="button"], input[type="submit"], input[type="button"]')) {
        const b = c.getBoundingClientRect();
        if (!b.width || !b.height || !near(b)) continue;
        const x = b.left + b.width / 2;
        const y = b.top + b.height / 2;
        const hit = document.elementFromPoint(x, y);
        out.push({ control: describe(c), text: c.textContent.trim(), hit: describe(hit), ok: !!hit && c.contains(hit) });
      }
      return out;
    }, editorSelector);
  }

  for (const [name, fx] of Object.entries(FIXTURES)) {
    test(`${name}: clicks on the page's buttons and links near the composer reach them, badge and underlines shown`, async () => {
      await env.page.goto(`${env.srv.origin}/${name}.html`);
      await env.page.click(fx.editor);
      await env.page.type(BAD_TEXT);
      // PostCheck is on and showing: findings drawn, badge with counts.
      const cs = await waitFor(async () => {
        const c = await composers();
        return c && c[0] && c[0].text === BAD_TEXT && c[0].marks.length ? c : null;
      }, 'findings drawn');
      await waitFor(async () => /\d/.test((await ui()).badge), 'badge with counts');
      const probes = await probeControls(fx.editor);
      assert.ok(probes.length > 0, 'the fixture has controls near its composer');
      assert.deepEqual(probes.filter((p) => !p.ok), [], 'every control near the composer takes its own click');

      // A hover card (opened by pointing at a finding) does not take the page's clicks either.
      const m = cs[0].marks.find((x) => x.rects.length);
      await env.page.mouseMove(m.rects[0].left + m.rects[0].width / 2, m.rects[0].top + m.rects[0].height / 2);
      await waitFor(async () => (await ui()).cardOpen, 'hover card');
      const withCard = await probeControls(fx.editor);
      assert.deepEqual(withCard.filter((p) => !p.ok), [], 'with the hover card open too');
      await env.page.mouseMove(2, 2);
      await waitFor(async () => !(await ui()).cardOpen, 'hover card closed');

      // Focus: Tab from the composer goes to the page's next control (PostCheck adds no tab stop before it).
      const hasNext = await env.page.evaluate((sel) => {
        const ed = document.querySelector(sel);
        const all = Array.from(document.body.querySelectorAll('button, a[href], textarea, input, [tabindex="0"], [contenteditable="true"]'));
        return all.some((e) => e !== ed && !ed.contains(e) && (ed.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING));
      }, fx.editor);
      if (hasNext) {
        await env.page.click(fx.editor);
        await env.page.press('Tab');
        const focus = await env.page.evaluate(() => ({ inBody: document.body.contains(document.activeElement), tag: document.activeElement.tagName }));
        assert.ok(focus.inBody, `Tab from the composer went to the page, not PostCheck (${focus.tag})`);
      }
    });
  }
  });
}
