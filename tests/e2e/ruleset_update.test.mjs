// The background's signed-ruleset wiring in Chromium: with no rulesetUrl nothing is fetched; a signed ruleset
// from rulesetUrl is verified, example-tested on a scratch engine and activated (new version in the options page and
// in content-script checks); a tampered one is rejected with the reason shown and the last good ruleset kept.
// An administrator is stood in for by storage.local.__testManaged (test build); the real policy path is in tests/deploy.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { launch, EXT_DIR, EXT_ID, ROOT } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';
import { sign, rawPublicKeyB64 } from '../../scripts/sign-ruleset.mjs';

let srv;
let br;
const served = [];
const files = {};

function bundleWithVersion(version) {
  const list = JSON.parse(readFileSync(join(ROOT, 'build/rules/bundle.json'), 'utf8'));
  const header = list.find((f) => /"ruleset"\s*:/.test(f.text));
  header.text = header.text.replace(/("version"\s*:\s*")[^"]*(")/, `$1${version}$2`);
  return Buffer.from(JSON.stringify(list));
}

before(async () => {
  assert.ok(existsSync(join(EXT_DIR, 'background/ruleset_update.js')), 'the build includes the verifier');
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
  files.key = rawPublicKeyB64(publicKey);
  files.good = sign(bundleWithVersion('77.1.0'), privateKey);
  const t = JSON.parse(sign(bundleWithVersion('77.2.0'), privateKey));
  t.payload = Buffer.from(Buffer.from(t.payload, 'base64').toString('utf8').replace('77.2.0', '77.3.0')).toString('base64');
  t.version = '77.3.0';
  files.tampered = JSON.stringify(t);
  const route = (name) => (req, res) => {
    served.push(name);
    res.writeHead(200, { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*' });
    res.end(files[name]);
  };
  srv = await startServer(join(ROOT, 'build', 'e2e-fixtures'), { '/good.json': route('good'), '/tampered.json': route('tampered') });
  br = await launch();
});
after(async () => {
  if (br) await br.close();
  if (srv) await srv.close();
});

async function options() {
  const page = await br.context.newPage();
  await page.goto(`chrome-extension://${EXT_ID}/options/options.html`);
  await page.waitForSelector('#rulesetInfo dd');
  return page;
}
async function until(fn, what, timeout = 15000) {
  const t0 = Date.now();
  let last;
  while (Date.now() - t0 < timeout) {
    if ((last = await fn())) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('timed out waiting for ' + what + ': ' + JSON.stringify(last));
}
const status = () => br.worker.evaluate(() => chrome.storage.local.get('rulesetUpdateStatus').then((x) => x.rulesetUpdateStatus || null));

test('without rulesetUrl: status "off", no alarm, nothing fetched', async () => {
  const page = await options();
  assert.match(await page.textContent('#updateStatus'), /no network requests/);
  assert.equal(await br.worker.evaluate(() => chrome.alarms.get('postcheck-ruleset-update').then((a) => a || null)), null);
  assert.deepEqual(served, []);
  await page.close();
});

test('a signed ruleset is verified, example-tested and activated; an alarm is set', async () => {
  await br.worker.evaluate(([url, key]) => chrome.storage.local.set({ __testManaged: { rulesetUrl: url, rulesetPublicKey: key, rulesetUpdateHours: 6 } }), [`${srv.origin}/good.json`, files.key]);
  const s = await until(async () => { const x = await status(); return x && x.state === 'ok' ? x : null; }, 'activation');
  assert.equal(s.version, '77.1.0');
  assert.deepEqual(served, ['good']);
  const alarm = await br.worker.evaluate(() => chrome.alarms.get('postcheck-ruleset-update'));
  assert.equal(alarm.periodInMinutes, 360);
  const page = await options();
  await until(async () => /77\.1\.0/.test(await page.textContent('#rulesetInfo')), 'version in the options page');
  assert.match(await page.textContent('#rulesetInfo'), /Downloaded update \(signed\)/);
  await page.close();
});

test('a tampered ruleset is rejected with its reason; the last good one stays active', async () => {
  await br.worker.evaluate((url) => chrome.storage.local.get('__testManaged').then((x) => chrome.storage.local.set({ __testManaged: { ...x.__testManaged, rulesetUrl: url } })), `${srv.origin}/tampered.json`);
  const s = await until(async () => { const x = await status(); return x && x.state === 'error' ? x : null; }, 'rejection');
  assert.match(s.reason, /Signature check failed/);
  const page = await options();
  const info = await page.textContent('#rulesetInfo');
  assert.match(info, /77\.1\.0/);
  assert.doesNotMatch(info, /77\.[23]\.0/);
  assert.match(await page.textContent('#updateStatus'), /Last update failed.*Signature check failed.*last good ruleset is still in use/s);
  await page.close();
});

test('the only requests were to 127.0.0.1 and the extension', () => {
  const outside = br.requests.filter((u) => !u.startsWith(srv.origin + '/') && !u.startsWith('chrome-extension://'));
  assert.deepEqual(outside, []);
});
