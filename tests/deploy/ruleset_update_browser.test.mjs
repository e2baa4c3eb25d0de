// Signed ruleset updates end to end: a force-installed PostCheck fetches a signed ruleset over https and activates it; a tampered one, one served without CORS, or one over plain http is rejected and the last good ruleset stays.
//
// The rulesets are served as https://rules.postcheck.test:PORT (mapped to 127.0.0.1, throw-away certificate) because a
// shipped build accepts only https update URLs. The test server sends "Access-Control-Allow-Origin: *" as
// docs/admin/README.md §9 requires of a Trust's server, except for nocors.signed.json. The real (non-test) build has
// no host permission for that host, so CORS applies exactly as it would to https://apps.trust.nhs.uk. Chromium's
// net-log proves nothing left 127.0.0.1.
// Needs the real extension (build/extension) and the compiled rules (build/rules/bundle.json) from
// scripts/build.sh; without them the tests report a skip with the reason.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { generate } from '../../scripts/gen-admin.mjs';
import { sign, rawPublicKeyB64, loadVerifier } from '../../scripts/sign-ruleset.mjs';
import {
  REPO, browserSkipReason, mountPrivateEtc, writePolicy, serve, realExtensionDir,
  packageExtension, launchForPolicy, pollUntil, tmpDir, assertNetLogLocal, selfSignedCert,
} from './lib/browser.mjs';

const BUNDLE = path.join(REPO, 'build/rules/bundle.json');
const skip = browserSkipReason()
  || (!realExtensionDir() && 'build/extension not built yet (bash scripts/build.sh)')
  || (!fs.existsSync(BUNDLE) && 'build/rules/bundle.json not built yet (bash scripts/build.sh)')
  || false;
const tmp = tmpDir('pc-ruleset-');
const state = {};
const GOOD = '99.1.0', TAMPERED = '99.2.0', NOCORS = '99.4.0';

// The real bundle with its header version set to VERSION: a ruleset the comms team could have signed.
function bundleWithVersion(version) {
  const files = JSON.parse(fs.readFileSync(BUNDLE, 'utf8'));
  const header = files.find((f) => /"ruleset"\s*:/.test(f.text));
  assert.ok(header, 'bundle has a ruleset header file');
  header.text = header.text.replace(/("version"\s*:\s*")[^"]*(")/, `$1${version}$2`);
  return Buffer.from(JSON.stringify(files));
}

function policy(settings) {
  const { files } = generate({ chromeId: state.pkg.id, edgeId: state.pkg.id, install: 'self-hosted', updateUrl: `${state.server.base}/updates.xml`, settings });
  return { ...JSON.parse(files['linux/chrome-postcheck.json']), DeveloperToolsAvailability: 1 };
}

async function optionsText() {
  const url = `chrome-extension://${state.pkg.id}/${state.optionsPath}`;
  if (!state.page) state.page = await state.context.newPage();
  await state.page.goto(url);
  await state.page.waitForTimeout(500);
  return state.page.evaluate(() => document.body.innerText);
}

before(async () => {
  if (skip) return;
  const out = path.join(tmp, 'out');
  fs.mkdirSync(out);
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
  state.publicKey = rawPublicKeyB64(publicKey);
  fs.writeFileSync(path.join(out, 'good.signed.json'), sign(bundleWithVersion(GOOD), privateKey));
  // Tampered after signing: the payload says 99.2.0 but the signature is for other bytes.
  const signed = JSON.parse(sign(bundleWithVersion(TAMPERED), privateKey));
  // (The header is a JSON string inside the payload, so its quotes are escaped: replace the version itself.)
  const original = Buffer.from(signed.payload, 'base64').toString('utf8');
  const payload = original.replace(TAMPERED, '99.3.0');
  assert.notEqual(payload, original, 'the payload was really tampered with');
  signed.payload = Buffer.from(payload).toString('base64');
  signed.version = '99.3.0';
  fs.writeFileSync(path.join(out, 'tampered.signed.json'), JSON.stringify(signed));
  // Correctly signed, but its server forgets the CORS header.
  fs.writeFileSync(path.join(out, 'nocors.signed.json'), sign(bundleWithVersion(NOCORS), privateKey));
  const v = loadVerifier();
  assert.equal((await v.verify(fs.readFileSync(path.join(out, 'good.signed.json'), 'utf8'), state.publicKey)).ok, true);
  const bad = await v.verify(fs.readFileSync(path.join(out, 'tampered.signed.json'), 'utf8'), state.publicKey);
  assert.deepEqual([bad.ok, bad.error], [false, 'signature does not match the ruleset public key']);

  state.server = await serve(out, {});
  // /redirect.signed.json sends the browser to the same good file over plain http (L6: never followed).
  state.rules = await serve(out, { '/redirect.signed.json': () => ({ status: 302, headers: { location: `${state.server.base}/good.signed.json` }, body: '' }) },
    { cors: (p) => p.endsWith('.signed.json') && p !== '/nocors.signed.json', tls: selfSignedCert(tmp) });
  state.pkg = packageExtension(realExtensionDir(), out, path.join(tmp, 'crx-key.pem'), state.server.base);
  const manifest = JSON.parse(fs.readFileSync(path.join(realExtensionDir(), 'manifest.json'), 'utf8'));
  state.optionsPath = manifest.options_ui?.page || manifest.options_page;
  state.mount = mountPrivateEtc(tmp);
  state.base = { trustProfile: 'ndht', rulesetPublicKey: state.publicKey };
  writePolicy(state.mount.managed, policy({ ...state.base, rulesetUrl: `${state.rules.base}/good.signed.json` }));
  Object.assign(state, await launchForPolicy(tmp, state.pkg.id));
  // Wait for the policy before the first options page load: measured here with Chromium 156, reloading the options
  // page in the first seconds after the force-install kept chrome.storage.managed empty for 40 s and more (until the
  // policy file next changed); loaded after the policy had arrived, it never did.
  await pollUntil(async () => {
    const v = await state.worker.evaluate(() => chrome.storage.managed.get(null));
    return { done: !!v.rulesetUrl, value: v };
  }, 30000, 'the policy in chrome.storage.managed');
});

after(async () => {
  await state.context?.close().catch(() => {});
  state.mount?.unmount();
  await state.server?.close();
  await state.rules?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

test('a signed ruleset from rulesetUrl is verified and activated (its version shows in the options page)', { skip }, async () => {
  const text = await pollUntil(async () => {
    const t = await optionsText();
    return { done: t.includes(GOOD), value: t.slice(0, 2000) };
  }, 60000, `ruleset ${GOOD} in the options page`);
  assert.ok(state.rules.requests.includes('/good.signed.json'), 'the extension fetched the ruleset');
  assert.ok(text.includes(GOOD));
});

test('a tampered ruleset is rejected and the last good ruleset stays active', { skip }, async () => {
  const before = state.rules.requests.length;
  writePolicy(state.mount.managed, policy({ ...state.base, rulesetUrl: `${state.rules.base}/tampered.signed.json` }));
  await pollUntil(async () => ({ done: state.rules.requests.slice(before).includes('/tampered.signed.json') }), 60000, 'a fetch of the tampered ruleset');
  const text = await pollUntil(async () => {
    const t = await optionsText();
    return { done: /signature does not match/.test(t), value: t.slice(0, 2000) };
  }, 30000, 'the rejection reason in the options page');
  assert.ok(text.includes(GOOD), 'the good version is still shown');
  for (const v of ['99.3.0', TAMPERED]) assert.ok(!text.includes(v), `the tampered version never shows: ${text.slice(Math.max(0, text.indexOf(v) - 300), text.indexOf(v) + 100)}`);
  // The extension still works on the last good ruleset: its worker answers and the options page loads.
  assert.equal(await state.worker.evaluate(() => typeof chrome.runtime.id), 'string');
});

test('a ruleset served without Access-Control-Allow-Origin is rejected with that reason, and the last good one stays', { skip }, async () => {
  const before = state.rules.log.length;
  writePolicy(state.mount.managed, policy({ ...state.base, rulesetUrl: `${state.rules.base}/nocors.signed.json` }));
  await pollUntil(async () => ({ done: state.rules.log.slice(before).some((r) => r.path === '/nocors.signed.json') }), 60000, 'a fetch of nocors.signed.json');
  // The browser did send it as a CORS request from the extension's origin (so the header is what decides).
  const cors = state.rules.log.slice(before).find((r) => r.path === '/nocors.signed.json' && r.mode === 'cors');
  assert.equal(cors?.origin, `chrome-extension://${state.pkg.id}`, JSON.stringify(state.rules.log.slice(before)));
  const text = await pollUntil(async () => {
    const t = await optionsText();
    return { done: /Access-Control-Allow-Origin/.test(t), value: t.slice(0, 2000) };
  }, 30000, 'the CORS reason in the options page');
  assert.match(text, /Last update failed[^\n]*no Access-Control-Allow-Origin header[^\n]*last good ruleset is still in use/);
  assert.ok(text.includes(GOOD), 'the good version is still shown');
  assert.ok(!text.includes(NOCORS), 'the unreadable ruleset never shows as active');
});

// L6: a shipped build refuses a plain-http update URL, even one on this machine, without requesting it.
test('L6: an http:// rulesetUrl (even 127.0.0.1) is refused by the shipped build and never requested', { skip }, async () => {
  const before = state.server.requests.length;
  writePolicy(state.mount.managed, policy({ ...state.base, rulesetUrl: `${state.server.base}/good.signed.json` }));
  const text = await pollUntil(async () => {
    const t = await optionsText();
    return { done: /must be an https:\/\/ URL/.test(t), value: t.slice(0, 2000) };
  }, 60000, 'the https reason in the options page');
  assert.match(text, /Last update failed[^\n]*rulesetUrl must be an https:\/\/ URL/);
  assert.deepEqual(state.server.requests.slice(before).filter((p) => p.endsWith('.signed.json')), [], 'nothing was fetched over http');
});

test('L6: an https rulesetUrl that redirects to http:// is refused and the http address is never requested', { skip }, async () => {
  const before = { rules: state.rules.requests.length, plain: state.server.requests.length };
  writePolicy(state.mount.managed, policy({ ...state.base, rulesetUrl: `${state.rules.base}/redirect.signed.json` }));
  await pollUntil(async () => ({ done: state.rules.requests.slice(before.rules).includes('/redirect.signed.json') }), 60000, 'a fetch of redirect.signed.json');
  const text = await pollUntil(async () => {
    const t = await optionsText();
    return { done: /does not follow/.test(t), value: t.slice(0, 2000) };
  }, 30000, 'the redirect reason in the options page');
  assert.match(text, /Last update failed[^\n]*a redirect, which PostCheck does not follow/);
  assert.deepEqual(state.server.requests.slice(before.plain).filter((p) => p.endsWith('.signed.json')), [], 'nothing was fetched over http');
  assert.ok(text.includes(GOOD), 'the good version is still shown');
});

test('no request from the browser left 127.0.0.1 (Playwright\'s view and Chromium\'s net-log)', { skip }, async () => {
  assert.deepEqual(state.seen.filter((u) => !u.startsWith(`${state.server.base}/`) && !u.startsWith(`${state.rules.base}/`) && !u.startsWith('chrome-extension://')), []);
  await state.context.close();
  state.context = null;
  const { requests, stopped } = assertNetLogLocal(state.netLog);
  assert.ok(requests.some((r) => r.url.startsWith(`${state.rules.base}/good.signed.json`) && !r.error), 'the net-log records the ruleset download');
  console.log(`# net-log: every byte went to 127.0.0.1; Chromium's own requests stopped before DNS: ${[...new Set(stopped)].join(', ') || 'none'}`);
});
