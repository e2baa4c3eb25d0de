// Network recording of a real Firefox run with the SHIPPED Firefox build (build/extension-firefox): the options page
// and a compose box served as https://x.com, recorded by a logging proxy and DNS stub in a loopback-only network
// namespace (tests/firefox/run.sh). Fails on any request or lookup that would leave the machine (security review
// M3: the options page fetched its fonts from assets.nhs.uk). Firefox's own background services point at a closed
// loopback port (QUIET_FIREFOX_PREFS), so what remains is PostCheck's and the page's.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { lookup } from 'node:dns/promises';
import { readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, firefoxBinary, FIREFOX_SHIPPED_DIR } from '../e2e/lib/driver.mjs';
import { startServer } from '../e2e/lib/server.mjs';
import { buildFixtures } from '../e2e/fixtures/build-fixtures.mjs';
import { BAD_TEXT, CLEAN_TEXT } from '../e2e/lib/samples.mjs';
import { startRecorder, selfSignedCert } from './lib/recorder.mjs';

// The namespace run.sh made has one interface, lo: nothing here can reach another machine.
const inLoopbackNs = () => process.env.POSTCHECK_FIREFOX_NS === '1' && Object.keys(networkInterfaces()).join() === 'lo';

let srv;
let rec;
let br;
let page;

before(async () => {
  assert.ok(inLoopbackNs(), 'run through tests/firefox/run.sh (loopback-only network namespace)');
  srv = await startServer(await buildFixtures(), {}, { tls: selfSignedCert(['x.com']) });
  rec = await startRecorder({ served: { 'x.com': srv.port } });
  br = await launchBrowser('firefox', { extDir: FIREFOX_SHIPPED_DIR, prefs: rec.firefoxPrefs, acceptInsecureCerts: true });
  console.log(`# firefox ${br.version} (${firefoxBinary()}), shipped build, proxy 127.0.0.1:${rec.port}`);
  page = await br.newPage();
});
after(async () => {
  if (br) await br.close();
  if (rec) await rec.close();
  if (srv) await srv.close();
});

test('the shipped options CSS keeps no remote font, image or stylesheet', () => {
  const css = readFileSync(join(FIREFOX_SHIPPED_DIR, 'options/nhsuk.min.css'), 'utf8');
  assert.doesNotMatch(css, /@font-face|@import|url\(\s*['"]?(https?:)?\/\//i);
});

test('the options page opens and runs (shipped build)', async () => {
  const opts = await br.openExtensionPage('options/options.html');
  assert.equal(await opts.evaluate(() => document.title), 'PostCheck settings');
  // Its script ran and reached the background: the ruleset facts are filled in.
  await opts.waitFor(() => opts.evaluate(() => document.querySelectorAll('#rulesetInfo dd').length > 0), 'ruleset info');
  // The built-in ruleset came from its pack (rules/ruleset.pack), with no fallback note.
  const engine = await opts.evaluate(() => browser.runtime.sendMessage({ type: 'status' }).then((s) => s.engine));
  assert.equal(engine.ruleset.loadedFrom, 'pack', JSON.stringify(engine));
  assert.equal(engine.error, '');
  await opts.sleep(1500); // fonts and images load after the document
  await opts.close();
  await page.bringToFront();
});

test('on https://x.com the shipped build checks: a flagged post is held, a clean one posts', async () => {
  await page.goto('https://x.com/x.html');
  await page.click('.public-DraftEditor-content');
  await page.type(BAD_TEXT);
  await page.sleep(1500); // time for the check to land
  await page.click('[data-testid="tweetButton"]');
  await page.sleep(1000);
  assert.deepEqual(await page.evaluate(() => window.__posts.slice()), [], 'held by the send guard');
  await page.press('Escape'); // "Edit post"
  await page.click('.public-DraftEditor-content');
  await page.press('Control+A');
  await page.press('Backspace');
  await page.type(CLEAN_TEXT);
  await page.sleep(1000);
  await page.click('[data-testid="tweetButton"]');
  const posted = await page.waitFor(() => page.evaluate(() => window.__posts.slice()).then((p) => (p.length ? p : null)), 'clean post');
  assert.deepEqual(posted.map((p) => p.trim()), [CLEAN_TEXT]);
});

test('nothing left the machine: no lookup, no request except the served https://x.com', async () => {
  await page.sleep(3000); // idle: background timers, update checks
  const served = rec.log.filter((e) => e.served).map((e) => e.host);
  console.log(`# recorder: ${rec.log.length} events; served locally: ${JSON.stringify([...new Set(served)])} (${served.length} tunnels)`);
  for (const e of rec.outside()) console.log(`# outside: ${JSON.stringify(e)}`);
  assert.ok(served.includes('x.com'), 'the proxy really carried the browser\'s traffic');
  assert.deepEqual(rec.outside(), []);
});

test('the recorder sees what tries to leave (a page fetch and a name lookup)', async () => {
  const before = rec.log.length;
  await page.evaluate(() => fetch('https://canary.postcheck.invalid/x').catch(() => 'blocked'));
  await lookup('canary-dns.postcheck.invalid').catch(() => 'refused');
  const seen = rec.log.slice(before).map((e) => `${e.kind}:${e.host}`);
  assert.ok(seen.includes('connect:canary.postcheck.invalid'), JSON.stringify(seen));
  assert.ok(seen.includes('dns:canary-dns.postcheck.invalid'), JSON.stringify(seen));
});
