// Review M1's condition, in every browser under test (Chromium here, Firefox ESR in tests/firefox/run.sh): the
// underlines, now boxes in PostCheck's own closed layer rather than CSS.highlights, still follow the text on every
// fixture editor when the page scrolls, the window is resized and the box re-wraps.
// Contenteditable: every finding's live Range rects are covered by drawn boxes. Textarea/input: the boxes stay inside
// the field, move with a scroll by exactly its distance, and move down to later lines when the field gets narrower.
import test, { describe } from 'node:test';
import assert from 'node:assert/strict';
import { FIXTURES } from './lib/fixtures.mjs';
import { pageTools, driverFixtureBrowser } from './lib/postcheck.mjs';
import { browsersUnderTest } from './lib/driver.mjs';
import { BAD_TEXT } from './lib/samples.mjs';

for (const browserName of browsersUnderTest()) {
  describe(`${browserName}: underlines`, () => {
  const env = driverFixtureBrowser(browserName);
  const { composers, waitFor } = pageTools(() => env.page);

  const frames = () => env.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const near = (a, b) => Math.abs(a - b) <= 1.5;

  // Every visible rect of every finding (its live Range) has a drawn box at the same place.
  function covered(c) {
    const missing = [];
    for (const m of c.marks) {
      for (const r of m.rects) {
        if (r.width <= 0 || r.height <= 0) continue;
        if (!c.boxes.some((b) => near(b.left, r.left) && near(b.top, r.top) && near(b.width, r.width) && near(b.height, r.height))) missing.push({ text: m.text, r });
      }
    }
    return missing;
  }

  async function fieldRect(sel) {
    return env.page.evaluate((s) => { const r = document.querySelector(s).getBoundingClientRect(); return { left: r.left, top: r.top, right: r.right, bottom: r.bottom }; }, sel);
  }
  // Boxes are clipped to the field's box plus 2 px (room for the underline); a box scrolled out of sight has no size.
  const inside = (b, f) => (!b.width || !b.height) ||
    (b.left >= f.left - 2.5 && b.top >= f.top - 2.5 && b.left + b.width <= f.right + 2.5 && b.top + b.height <= f.bottom + 2.5);

  for (const [name, fx] of Object.entries(FIXTURES)) {
    test(`${name}: underlines follow scrolling, resizing and re-wrapping`, async () => {
      await env.page.setViewport(1000, 760);
      await env.page.goto(`${env.srv.origin}/${name}.html`);
      assert.deepEqual(await env.page.evaluate(() => [innerWidth, innerHeight]), [1000, 760], 'window size at the start');
      await env.page.evaluate(() => { document.body.style.paddingBottom = '1500px'; });
      await env.page.click(fx.editor);
      await env.page.type(BAD_TEXT);
      const first = await waitFor(async () => { const c = (await composers())[0]; return c && c.text === BAD_TEXT && c.marks.length && c.boxes.length ? c : null; }, 'underlines drawn');
      if (fx.kind === 'editable') assert.deepEqual(covered(first), [], 'boxes on the findings');
      else for (const b of first.boxes) assert.ok(inside(b, await fieldRect(fx.editor)), 'box inside the field');

      // Scroll: every box moves up by the distance scrolled.
      await env.page.evaluate(() => window.scrollBy(0, 37));
      await frames();
      const scrolled = (await composers())[0];
      assert.equal(scrolled.boxes.length, first.boxes.length);
      scrolled.boxes.forEach((b, i) => assert.ok(near(b.top, first.boxes[i].top - 37) && near(b.left, first.boxes[i].left), `box ${i} moved with the scroll`));
      if (fx.kind === 'editable') assert.deepEqual(covered(scrolled), []);

      // Resize the window.
      await env.page.setViewport(820, 600);
      await frames();
      assert.deepEqual(await env.page.evaluate(() => [innerWidth, innerHeight]), [820, 600], 'the window was resized');
      const resized = (await composers())[0];
      if (fx.kind === 'editable') assert.deepEqual(covered(resized), [], 'after a window resize');
      else for (const b of resized.boxes) assert.ok(inside(b, await fieldRect(fx.editor)), 'box inside the field after a resize');

      // Re-wrap: the box gets narrower, the text runs over more lines.
      await env.page.evaluate((sel) => {
        const box = document.querySelector(sel).closest('.composer') || document.querySelector(sel);
        box.style.width = '260px';
      }, fx.editor);
      await frames();
      await frames();
      const wrapped = (await composers())[0];
      const lowest = (c) => Math.max(...c.boxes.map((b) => b.top));
      assert.ok(lowest(wrapped) > lowest(resized) + 5, `the last finding moved to a later line (${lowest(resized)} -> ${lowest(wrapped)})`);
      if (fx.kind === 'editable') assert.deepEqual(covered(wrapped), [], 'after re-wrapping');
      else for (const b of wrapped.boxes) assert.ok(inside(b, await fieldRect(fx.editor)), 'box inside the field after re-wrapping');
    });
  }
  });
}
