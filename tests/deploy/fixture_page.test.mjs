// Under a force-install policy (trustProfile ndht, mode block) the extension on an e2e fixture page (X-like, Draft.js) cites NDHT's policy for an NHS number and blocks the post.
//
// Which build: the production build/extension watches only https:// social sites (content_scripts matches and
// host_permissions), and watchedSites can only add https:// hosts after the user grants them (originPatterns in
// extension/src/shared/settings.js), so no policy makes it run on http://127.0.0.1. The extension's own
// mechanism for local pages is build/extension-test (extension/tools/build.mjs): the same code plus
// http://127.0.0.1/* in host_permissions and content_scripts, and <meta name="postcheck-test-site"> naming the site
// a fixture imitates. That build is packaged as a self-hosted CRX and force-installed through /etc/chromium exactly
// like the real one; its settings come only from the policy file (its storage.local test override is never set).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { generate } from '../../scripts/gen-admin.mjs';
import {
  REPO, browserSkipReason, mountPrivateEtc, writePolicy, serve, packageTestBuild, launchForPolicy,
  pollUntil, tmpDir, assertNetLogLocal,
} from './lib/browser.mjs';

const TEST_BUILD = path.join(REPO, 'build/extension-test');
const TEXT = 'Anyone know this pt? NHS no 943 476 5919, came in confused with no ID';
const NHS_NUMBER = '943 476 5919';
const CLEAN = 'Lovely sunny walk by the river this morning';
const EDITOR = '.public-DraftEditor-content';
const POST_BUTTON = '[data-testid="tweetButton"]';

function fixtureDepsMissing() {
  for (const m of ['esbuild', 'draft-js', 'react', 'react-dom']) {
    if (!fs.existsSync(path.join(REPO, 'node_modules', m))) return `node_modules/${m} missing (npm ci)`;
  }
  return '';
}
const skip = browserSkipReason()
  || (!fs.existsSync(path.join(TEST_BUILD, 'engine/postcheck.wasm')) && 'build/extension-test has no engine yet (bash scripts/build.sh)')
  || fixtureDepsMissing()
  || false;
const tmp = tmpDir('pc-fixture-');
const state = {};

function policy(settings) {
  const { files } = generate({ chromeId: state.pkg.id, edgeId: state.pkg.id, install: 'self-hosted', updateUrl: `${state.server.base}/updates.xml`, settings });
  return { ...JSON.parse(files['linux/chrome-postcheck.json']), DeveloperToolsAvailability: 1 };
}

// Evaluates EXPRESSION (JSON-returning) in the content script's isolated world of the page, where the test build's
// __postcheckTest hooks live; the page's own scripts cannot see them.
async function hook(expression) {
  const cdp = await state.context.newCDPSession(state.page);
  const contexts = [];
  cdp.on('Runtime.executionContextCreated', (e) => contexts.push(e.context));
  await cdp.send('Runtime.enable');
  await new Promise((r) => setTimeout(r, 50));
  const ctx = contexts.find((c) => c.origin === `chrome-extension://${state.pkg.id}` && c.auxData?.type === 'isolated')
    || contexts.find((c) => c.auxData?.type === 'isolated' && c.name.includes('PostCheck'));
  try {
    if (!ctx) throw new Error('PostCheck isolated world not found: ' + JSON.stringify(contexts.map((c) => [c.name, c.origin, c.auxData?.type])));
    const r = await cdp.send('Runtime.evaluate', { expression: `JSON.stringify(${expression})`, contextId: ctx.id, returnByValue: true, awaitPromise: true });
    if (r.exceptionDetails) throw new Error('isolated-world evaluation failed: ' + JSON.stringify(r.exceptionDetails));
    return JSON.parse(r.result.value);
  } finally {
    await cdp.detach().catch(() => {});
  }
}
const ui = () => hook('__postcheckTest.ui()');
const posts = () => state.page.evaluate(() => window.__posts.slice());
// Text of each finding drawn at severity sev (boxes drawn in PostCheck's closed layer; read in its isolated world).
const highlights = async (sev) => {
  const cs = await hook('__postcheckTest.composers()');
  return cs.flatMap((c) => (c.boxes.some((b) => b.severity === sev) ? c.marks.filter((m) => m.severity === sev).map((m) => m.text) : []));
};

before(async () => {
  if (skip) return;
  const { buildFixtures } = await import('../e2e/fixtures/build-fixtures.mjs');
  const { startServer } = await import('../e2e/lib/server.mjs');
  state.fixtures = await startServer(await buildFixtures());
  fs.mkdirSync(path.join(tmp, 'out'));
  state.server = await serve(path.join(tmp, 'out'));
  state.pkg = await packageTestBuild(TEST_BUILD, path.join(tmp, 'out'), path.join(tmp, 'crx-key.pem'), state.server.base);
  state.mount = mountPrivateEtc(tmp);
  writePolicy(state.mount.managed, policy({ trustProfile: 'ndht', mode: 'block' }));
  Object.assign(state, await launchForPolicy(tmp, state.pkg.id));
  // The background copies the effective settings to storage.session (Chrome) for the content scripts; wait for the policy there.
  await pollUntil(async () => {
    const v = await state.worker.evaluate(() => chrome.storage.session.get('effectiveSettings'));
    const e = v.effectiveSettings;
    return { done: e?.settings.trustProfile === 'ndht' && e?.settings.mode === 'block' && e.sources.mode === 'admin', value: e?.sources };
  }, 60000, 'the policy in the effective settings');
  state.page = await state.context.newPage();
});

after(async () => {
  await state.context?.close().catch(() => {});
  state.mount?.unmount();
  await state.server?.close();
  await state.fixtures?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

test('fixture page: the force-installed extension runs with the policy (ndht, block) and the page\'s site', { skip }, async () => {
  assert.equal(await state.worker.evaluate(() => chrome.runtime.getManifest().name), 'PostCheck (test build)');
  await state.page.goto(`${state.fixtures.origin}/x.html`);
  await state.page.click(EDITOR);
  await pollUntil(async () => ({ done: (await hook('__postcheckTest.mode()')) === 'block' }), 15000, 'block mode in the content script');
  assert.equal(await hook('__postcheckTest.site()'), 'x.com');
});

test('fixture page: an NHS number is a block-level highlight whose card cites NDHT\'s policy, not BHT\'s', { skip }, async () => {
  await state.page.click(EDITOR);
  await state.page.keyboard.type(TEXT);
  const block = await pollUntil(async () => {
    const h = await highlights('block');
    return { done: h.includes(NHS_NUMBER), value: h };
  }, 15000, 'a block highlight on the NHS number');
  assert.ok(block.includes(NHS_NUMBER));
  const marks = await hook('__postcheckTest.composers()');
  assert.ok(marks[0].marks.some((m) => m.rule === 'personal_identifiers.nhs_number' && m.severity === 'block' && m.text === NHS_NUMBER), JSON.stringify(marks));
  // Hover the NHS number's highlight: the finding card opens on it.
  const cs = await hook('__postcheckTest.composers()');
  const r = cs[0].marks.find((m) => m.text === NHS_NUMBER).rects[0];
  const rect = { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  await state.page.mouse.move(rect.x, rect.y);
  const card = await pollUntil(async () => { const u = await ui(); return { done: u?.cardOpen, value: u?.cardText }; }, 10000, 'the finding card');
  assert.match(card, /NHS number/);
  assert.match(card, /Policy: [^]*NDHT Social Media Guidance/, card);
  assert.match(card, /Appendix A\.2 Patient confidentiality/, card);
  assert.doesNotMatch(card, /BHT|Pol 193/, card);
  await state.page.mouse.move(5, 5);
  await pollUntil(async () => ({ done: !(await ui()).cardOpen }), 10000, 'the card to close');
});

test('fixture page: in block mode the post is blocked (only "Edit post", nothing posted, by button or keyboard)', { skip }, async () => {
  for (const send of [() => state.page.click(POST_BUTTON), () => state.page.keyboard.press('Control+Enter')]) {
    await state.page.click(EDITOR);
    await send();
    const u = await pollUntil(async () => { const x = await ui(); return { done: x?.dialogOpen, value: x }; }, 10000, 'the send dialog');
    assert.deepEqual(u.dialogButtons, ['Edit post'], 'no "Post anyway" for a block-level finding in block mode');
    assert.match(u.dialogText, /NDHT Social Media Guidance/);
    assert.doesNotMatch(u.dialogText, /BHT|Pol 193/);
    await state.page.keyboard.press('Enter'); // "Edit post"
    await pollUntil(async () => ({ done: !(await ui()).dialogOpen }), 10000, 'the dialog to close');
    await state.page.waitForTimeout(300);
    assert.deepEqual(await posts(), [], 'the fixture page recorded no post');
  }
  // Control: the same page does record a post when the text is clean, so "no post" above was the extension's doing.
  await state.page.click(EDITOR);
  await state.page.keyboard.press('Control+A');
  await state.page.keyboard.press('Backspace');
  await state.page.keyboard.type(CLEAN);
  await pollUntil(async () => ({ done: (await hook('__postcheckTest.composers()')).some((c) => c.text === CLEAN) }), 10000, 'the check of the clean text');
  await state.page.click(POST_BUTTON);
  const p = await pollUntil(async () => { const v = await posts(); return { done: v.length === 1, value: v }; }, 10000, 'the clean post');
  assert.equal(p[0].trim(), CLEAN);
});

test('fixture page: no request from the browser left 127.0.0.1 (Playwright\'s view and Chromium\'s net-log)', { skip }, async () => {
  const local = (u) => u.startsWith(`${state.server.base}/`) || u.startsWith(`${state.fixtures.origin}/`) || u.startsWith('chrome-extension://') || u.startsWith('data:') || u.startsWith('blob:');
  assert.deepEqual(state.seen.filter((u) => !local(u)), []);
  await state.context.close();
  state.context = null;
  const { requests, stopped } = assertNetLogLocal(state.netLog);
  assert.ok(requests.some((r) => r.url.startsWith(`${state.fixtures.origin}/x.html`) && !r.error), 'the net-log records the fixture page');
  console.log(`# net-log: every byte went to 127.0.0.1; Chromium's own requests stopped before DNS: ${[...new Set(stopped)].join(', ') || 'none'}`);
});
