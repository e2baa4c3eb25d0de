// Security review findings proven in Chromium with the test build (an administrator is stood in for by
// storage.local.__testManaged; tests/deploy covers the real policy path): block mode cannot be got round (M2, L8),
// updates follow the schedule and not worker wake-ups (M4), a replayed older ruleset is refused with the reason
// shown (M5), content scripts cannot write extension storage and a planted ruleset is ignored (M6).
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { readFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { launch, inExtensionWorld, EXT_DIR, EXT_ID, ROOT, waitFor as waitForIn } from './lib/browser.mjs';
import { pageTools } from './lib/postcheck.mjs';
import { startServer } from './lib/server.mjs';
import { buildFixtures } from './fixtures/build-fixtures.mjs';
import { FIXTURES } from './lib/fixtures.mjs';
import { nodeEngine } from './lib/engine.mjs';
import { BAD_TEXT } from './lib/samples.mjs';
import { sign, rawPublicKeyB64 } from '../../scripts/sign-ruleset.mjs';

let srv, br, page, eng;
const keys = crypto.generateKeyPairSync('ed25519');
const KEY = rawPublicKeyB64(keys.publicKey);
const served = { m4: null, m5: null, m7: null };
const hits = { m4: 0, m5: 0, m7: 0 };

function bundleWithVersion(version) {
  const list = JSON.parse(readFileSync(join(ROOT, 'build/rules/bundle.json'), 'utf8'));
  const header = list.find((f) => /"ruleset"\s*:/.test(f.text));
  header.text = header.text.replace(/("version"\s*:\s*")[^"]*(")/, `$1${version}$2`);
  return Buffer.from(JSON.stringify(list));
}

before(async () => {
  assert.ok(existsSync(join(EXT_DIR, 'engine/postcheck.wasm')), 'build/extension-test has no engine: run scripts/build.sh');
  eng = await nodeEngine();
  const route = (name) => (req, res) => {
    hits[name]++;
    res.writeHead(200, { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*' });
    res.end(served[name]);
  };
  srv = await startServer(await buildFixtures(), { '/m4.signed.json': route('m4'), '/m5.signed.json': route('m5'), '/m7.signed.json': route('m7') });
  br = await launch();
  page = await br.context.newPage();
});
after(async () => {
  if (br) await br.close();
  if (srv) await srv.close();
});

const waitFor = (fn, what, timeout = 8000) => waitForIn(page, fn, what, timeout);
const hook = (expr) => inExtensionWorld(page, `JSON.stringify(${expr})`).then((s) => JSON.parse(s));
const ui = () => hook('__postcheckTest.ui()');
const posts = () => page.evaluate(() => window.__posts.slice());

// A page of the extension's own (the options page), kept open to read and write extension storage as a trusted
// context and to stop the worker: a CDP session on an extension page reaches the extension's service workers
// (measured: from a web page's session ServiceWorker.stopAllWorkers leaves the extension worker running).
let ctl = null;
async function control() {
  if (!ctl || ctl.isClosed()) {
    ctl = await br.context.newPage();
    await ctl.goto(`chrome-extension://${EXT_ID}/options/options.html`);
  }
  return ctl;
}
const inExt = async (fn, arg) => (await control()).evaluate(fn, arg);
const setManaged = (managed) => inExt((m) => chrome.storage.local.set({ __testManaged: m }), managed);
const updateStatus = () => inExt(() => chrome.storage.local.get('rulesetUpdateStatus').then((x) => x.rulesetUpdateStatus || null));

async function stopWorkers() {
  const cdp = await br.context.newCDPSession(await control());
  let stopped = false;
  cdp.on('ServiceWorker.workerVersionUpdated', (e) => {
    if (e.versions.some((v) => v.scriptURL.startsWith(`chrome-extension://${EXT_ID}/`) && v.runningStatus === 'stopped')) stopped = true;
  });
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await waitFor(async () => stopped, 'the worker stopped', 10000);
  await cdp.detach();
}

async function options() {
  const p = await br.context.newPage();
  await p.goto(`chrome-extension://${EXT_ID}/options/options.html`);
  await p.waitForSelector('#rulesetInfo dd');
  return p;
}

// ---- M2 / L8: block mode ------------------------------------------------------------------------
// How many boxes PostCheck draws at severity sev (its closed layer, read in its isolated world).
const { composers } = pageTools(() => page);
const drawn = async (sev) => (await composers()).reduce((n, c) => n + c.boxes.filter((b) => b.severity === sev).length, 0);

// A rule the post triggers at warn by default, which the tests' policy raises to block: waiting for ITS mark at
// block proves the policy was applied (the NHS number rule is block already, so any block mark would not).
const raisedRule = () => eng.check(BAD_TEXT, 'linkedin.com').find((f) => f.severity === 'warn').rule;
async function blockedPost(name) {
  const rule = raisedRule();
  await page.goto(`${srv.origin}/${name}.html`);
  await page.click(FIXTURES[name].editor);
  await page.keyboard.type(BAD_TEXT);
  await waitFor(async () => (await drawn('block')) > 0 &&
    (await composers()).some((c) => c.marks.some((m) => m.rule === rule && m.severity === 'block')), `${rule} marked at block`);
}
async function sendIsBlocked(name) {
  await page.click(FIXTURES[name].sends.find((s) => s.kind === 'click').target);
  const u = await waitFor(async () => { const x = await ui(); return x && x.dialogOpen ? x : null; }, 'the send dialog');
  assert.deepEqual(u.dialogButtons, ['Edit post'], 'no "Post anyway" for a block-level finding in block mode');
  await page.keyboard.press('Enter');
  assert.deepEqual(await posts(), [], 'nothing was posted');
}

test('M2: in block mode a block-level finding offers no "Dismiss", and the send stays blocked', async () => {
  const rule = raisedRule();
  await setManaged({ mode: 'block', severityOverrides: { [rule]: 'block' } });
  await blockedPost('linkedin');
  await page.keyboard.press('Alt+Shift+P');
  const card = await waitFor(async () => { const x = await ui(); return x && x.cardOpen ? x : null; }, 'the card');
  assert.match(card.cardText, /Must fix/);
  assert.doesNotMatch(card.cardText, /Dismiss for this post/);
  assert.match(card.cardText, /requires this to be fixed before you post/);
  await page.keyboard.press('Escape');
  await sendIsBlocked('linkedin');
});

test('M2: in block mode the user\'s own settings cannot switch the blocking rule off', async () => {
  const rule = raisedRule();
  const opts = await options();
  // What a user could do from the options page (or its DevTools): disable the rule, lower the sensitivity.
  await opts.evaluate((r) => chrome.storage.local.set({ userSettings: { disabledRules: [r.split('.')[0] + '.*', r], sensitivity: 'high' } }), rule);
  await opts.reload();
  await opts.waitForSelector('#rulesetInfo dd');
  assert.equal(await opts.$eval('#sens-high', (e) => e.disabled), true, 'sensitivity shows as locked');
  await opts.close();
  await blockedPost('linkedin');
  await sendIsBlocked('linkedin');
});

test('L8: a settings copy rewritten from DevTools on the options page is put back, and the send stays blocked', async () => {
  const opts = await options();
  // The content scripts' copy, rewritten to warn mode (storage.session on Chrome; the old storage.local key too).
  await opts.evaluate(async () => {
    for (const area of ['session', 'local']) {
      const got = await chrome.storage[area].get('effectiveSettings');
      const base = got.effectiveSettings || (await chrome.storage.session.get('effectiveSettings')).effectiveSettings;
      await chrome.storage[area].set({ effectiveSettings: { ...base, settings: { ...base.settings, mode: 'warn' } } });
    }
  });
  await waitFor(async () => (await opts.evaluate(() => chrome.storage.session.get('effectiveSettings')))
    .effectiveSettings.settings.mode === 'block', 'the background put block mode back', 5000);
  await opts.close();
  await blockedPost('linkedin');
  await sendIsBlocked('linkedin');
  await inExt(() => chrome.storage.local.remove(['__testManaged', 'userSettings']));
});

// ---- M6: content scripts cannot write extension storage; a planted ruleset is ignored ------------------
test('M6: a content script (page process) can neither write nor read storage.local', async () => {
  await page.goto(`${srv.origin}/x.html`);
  await page.click(FIXTURES.x.editor);
  const write = await inExtensionWorld(page, `chrome.storage.local.set({ activeRulesetUpdate: { files: [] } }).then(() => 'written', (e) => 'refused: ' + e.message)`);
  assert.match(write, /^refused: .*not allowed/);
  const read = await inExtensionWorld(page, `chrome.storage.local.get(null).then((x) => 'read ' + Object.keys(x).length, (e) => 'refused: ' + e.message)`);
  assert.match(read, /^refused/);
  // Its own settings still arrive (through storage.session): the box is checked.
  await page.keyboard.type(BAD_TEXT);
  await waitFor(async () => (await drawn('warn')) + (await drawn('block')) > 0, 'findings');
});

// ---- M4: the schedule -----------------------------------------------------------------------------
test('M4: with rulesetUrl set, stopping and waking the worker by focusing a composer fetches nothing more', async () => {
  served.m4 = sign(bundleWithVersion('88.1.0'), keys.privateKey, { serial: 10 });
  await setManaged({ rulesetUrl: `${srv.origin}/m4.signed.json`, rulesetPublicKey: KEY, rulesetUpdateHours: 24 });
  await waitFor(async () => { const s = await updateStatus(); return s && s.state === 'ok' && s.version === '88.1.0'; }, 'the first download activated', 60000);
  assert.equal(hits.m4, 1, 'one download when the URL was set');
  for (let i = 0; i < 3; i++) {
    await stopWorkers();
    // A composer wakes the worker: focus it, type, and wait for the check (that needs the worker).
    await page.goto(`${srv.origin}/x.html`);
    await page.click(FIXTURES.x.editor);
    await page.keyboard.type('hello ' + i);
    await waitFor(async () => { const c = await hook('__postcheckTest.composers()'); return c.length && c[0].ok === true; }, 'a check answered by the woken worker', 15000);
    await page.waitForTimeout(1500); // time for a fetch the worker might start after waking
  }
  assert.equal(hits.m4, 1, `requests for the ruleset in all: ${hits.m4}`);
});

// ---- M5: no rollback --------------------------------------------------------------------------------
test('M5: a replayed older signed ruleset is refused, the reason shows in the options page, the newer stays', async () => {
  served.m5 = sign(bundleWithVersion('88.3.0'), keys.privateKey, { serial: 300 });
  await setManaged({ rulesetUrl: `${srv.origin}/m5.signed.json`, rulesetPublicKey: KEY });
  await waitFor(async () => { const s = await updateStatus(); return s && s.version === '88.3.0' && s.state === 'ok'; }, '88.3.0 activated', 20000);
  served.m5 = sign(bundleWithVersion('88.0.5'), keys.privateKey, { serial: 100 }); // validly signed, older
  const opts = await options();
  await opts.evaluate(() => chrome.runtime.sendMessage({ type: 'update-now' }));
  await waitFor(async () => /serial 100/.test(await opts.textContent('#updateStatus').catch(() => '')), 'the refusal in the options page', 15000);
  const text = await opts.textContent('#updateStatus');
  assert.match(text, /Refused ruleset 88\.0\.5 \(serial 100\): it is not newer than the ruleset already accepted \(serial 300\)/);
  assert.match(await opts.textContent('#rulesetInfo'), /88\.3\.0/);
  await opts.close();
});

test('M6: a ruleset planted in storage is ignored at the next start; the built-in ruleset is used', async () => {
  const planted = JSON.parse(bundleWithVersion('66.6.0').toString('utf8'));
  await inExt((files) => chrome.storage.local.set({ activeRulesetUpdate: { files, name: 'planted', version: '66.6.0',
    url: 'x', serial: 999999 } }), planted);
  await stopWorkers();
  const opts = await options();
  const info = await opts.textContent('#rulesetInfo');
  assert.doesNotMatch(info, /66\.6\.0/);
  assert.match(info, /Built into this extension/);
  assert.match(info, /not a signed envelope/);
  await opts.close();
  await inExt(() => chrome.storage.local.remove(['__testManaged', 'activeRulesetUpdate', 'rulesetUpdateStatus']));
});

// The other half of the schedule, as a regression guard (the old code fetched here too): a browser start fetches once.
// With --load-extension Chromium reports each start as an install (onInstalled), not onStartup (measured); a
// force-installed extension gets onStartup. Both call the same update.
test('M4: a browser restart (same profile) fetches the ruleset once', async () => {
  served.m7 = sign(bundleWithVersion('88.7.0'), keys.privateKey, { serial: 700 });
  const profile = mkdtempSync(join(tmpdir(), 'postcheck-restart-'));
  const start = () => chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium', headless: false,
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-component-update',
      '--disable-sync', '--disable-background-networking', '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
      `--disable-extensions-except=${EXT_DIR}`, `--load-extension=${EXT_DIR}`],
    ignoreDefaultArgs: ['--disable-extensions'],
  });
  const workerOf = async (ctx) => ctx.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${EXT_ID}/`))
    || ctx.waitForEvent('serviceworker', { timeout: 15000 });
  let ctx = await start();
  try {
    const w = await workerOf(ctx);
    await w.evaluate(([url, key]) => chrome.storage.local.set({ __testManaged: { rulesetUrl: url, rulesetPublicKey: key } }), [`${srv.origin}/m7.signed.json`, KEY]);
    await waitFor(async () => hits.m7 >= 1 && (await w.evaluate(() => chrome.storage.local.get('rulesetUpdateStatus'))).rulesetUpdateStatus?.state === 'ok', 'the first download', 60000);
    assert.equal(hits.m7, 1, 'one download when the URL was set');
    await ctx.close();
    ctx = await start();
    await workerOf(ctx);
    await waitFor(async () => hits.m7 >= 2, 'the download at browser start', 60000);
    await new Promise((r) => setTimeout(r, 3000));
    assert.equal(hits.m7, 2, 'exactly one download at the restart');
  } finally {
    await ctx.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
  }
});

test('the only requests were to 127.0.0.1 and the extension', () => {
  const outside = br.requests.filter((u) => !u.startsWith(srv.origin + '/') && !u.startsWith('chrome-extension://'));
  assert.deepEqual(outside, []);
});
