// Signed ruleset updates end to end: a force-installed PostCheck fetches a signed ruleset from 127.0.0.1 and activates it; a tampered one is rejected and the last good ruleset stays.
//
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
  packageExtension, launchChromium, waitForWorker, pollUntil, tmpDir,
} from './lib/browser.mjs';

const BUNDLE = path.join(REPO, 'build/rules/bundle.json');
const skip = browserSkipReason()
  || (!realExtensionDir() && 'build/extension not built yet (bash scripts/build.sh)')
  || (!fs.existsSync(BUNDLE) && 'build/rules/bundle.json not built yet (bash scripts/build.sh)')
  || false;
const tmp = tmpDir('pc-ruleset-');
const state = {};
const GOOD = '99.1.0', TAMPERED = '99.2.0';

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
  const payload = Buffer.from(signed.payload, 'base64').toString('utf8').replace(/("version"\s*:\s*")99\.2\.0(")/, '$199.3.0$2');
  signed.payload = Buffer.from(payload).toString('base64');
  signed.version = '99.3.0';
  fs.writeFileSync(path.join(out, 'tampered.signed.json'), JSON.stringify(signed));
  const v = loadVerifier();
  assert.equal((await v.verify(fs.readFileSync(path.join(out, 'good.signed.json'), 'utf8'), state.publicKey)).ok, true);
  assert.equal((await v.verify(fs.readFileSync(path.join(out, 'tampered.signed.json'), 'utf8'), state.publicKey)).ok, false);

  state.server = await serve(out);
  state.pkg = packageExtension(realExtensionDir(), out, path.join(tmp, 'crx-key.pem'), state.server.base);
  const manifest = JSON.parse(fs.readFileSync(path.join(realExtensionDir(), 'manifest.json'), 'utf8'));
  state.optionsPath = manifest.options_ui?.page || manifest.options_page;
  state.mount = mountPrivateEtc(tmp);
  state.base = { trustProfile: 'ndht', rulesetPublicKey: state.publicKey };
  writePolicy(state.mount.managed, policy({ ...state.base, rulesetUrl: `${state.server.base}/good.signed.json` }));
  state.context = await launchChromium(path.join(tmp, 'profile'));
  state.worker = await waitForWorker(state.context, state.pkg.id);
});

after(async () => {
  await state.context?.close().catch(() => {});
  state.mount?.unmount();
  await state.server?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

test('a signed ruleset from rulesetUrl is verified and activated (its version shows in the options page)', { skip }, async () => {
  const text = await pollUntil(async () => {
    const t = await optionsText();
    return { done: t.includes(GOOD), value: t.slice(0, 2000) };
  }, 60000, `ruleset ${GOOD} in the options page`);
  assert.ok(state.server.requests.includes('/good.signed.json'), 'the extension fetched the ruleset');
  assert.ok(text.includes(GOOD));
});

test('a tampered ruleset is rejected and the last good ruleset stays active', { skip }, async () => {
  const before = state.server.requests.length;
  writePolicy(state.mount.managed, policy({ ...state.base, rulesetUrl: `${state.server.base}/tampered.signed.json` }));
  await pollUntil(async () => ({ done: state.server.requests.slice(before).includes('/tampered.signed.json') }), 60000, 'a fetch of the tampered ruleset');
  const text = await pollUntil(async () => {
    const t = await optionsText();
    return { done: /signature/i.test(t), value: t.slice(0, 2000) };
  }, 30000, 'the rejection reason in the options page');
  assert.ok(text.includes(GOOD), 'the good version is still shown');
  assert.ok(!text.includes('99.3.0') && !text.includes(TAMPERED), 'the tampered version never shows as active');
  // The extension still works on the last good ruleset: its worker answers and the options page loads.
  assert.equal(await state.worker.evaluate(() => typeof chrome.runtime.id), 'string');
});
