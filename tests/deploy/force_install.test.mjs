// Force-install on Linux Chromium from a self-hosted CRX with the gen-admin Linux policy: installed by policy, exactly the configured settings, live policy changes.
//
// Uses the real build/extension when scripts/build.sh has produced it, else a probe extension with the real
// managed schema (so packaging, updates.xml, policy files and the schema are still proved in a browser).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { generate } from '../../scripts/gen-admin.mjs';
import {
  browserSkipReason, mountPrivateEtc, writePolicy, serve, makeProbeExtension, realExtensionDir,
  packageExtension, launchChromium, waitForWorker, pollUntil, tmpDir,
} from './lib/browser.mjs';

const skip = browserSkipReason() || false; // node 20 treats skip: '' as skipped
const tmp = tmpDir('pc-force-');
const state = {};

// The policy a Trust would deploy, from gen-admin's Linux file, plus what Playwright needs to see the worker.
function policyFor(id, updateUrl, settings) {
  const { files } = generate({ chromeId: id, edgeId: id, install: 'self-hosted', updateUrl, settings });
  return { ...JSON.parse(files['linux/chrome-postcheck.json']), DeveloperToolsAvailability: 1 };
}
const managedSettings = (worker) => worker.evaluate(() => chrome.storage.managed.get(null));

before(async () => {
  if (skip) return;
  state.real = realExtensionDir();
  const src = state.real || makeProbeExtension(path.join(tmp, 'probe'));
  fs.mkdirSync(path.join(tmp, 'out'));
  state.server = await serve(path.join(tmp, 'out'));
  state.pkg = packageExtension(src, path.join(tmp, 'out'), path.join(tmp, 'crx-key.pem'), state.server.base);
  state.mount = mountPrivateEtc(tmp);
  state.settings = { trustProfile: 'ndht', mode: 'block' };
  writePolicy(state.mount.managed, policyFor(state.pkg.id, `${state.server.base}/updates.xml`, state.settings));
  state.context = await launchChromium(path.join(tmp, 'profile'));
});

after(async () => {
  await state.context?.close().catch(() => {});
  state.mount?.unmount();
  await state.server?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

test('the CRX is force-installed by policy from 127.0.0.1 (its service worker runs with the key\'s id)', { skip }, async () => {
  state.worker = await waitForWorker(state.context, state.pkg.id);
  assert.ok(state.worker.url().startsWith(`chrome-extension://${state.pkg.id}/`));
  assert.ok(state.server.requests.includes('/updates.xml'), 'Chromium fetched updates.xml');
  assert.ok(state.server.requests.includes(`/postcheck-${state.pkg.version}.crx`), 'Chromium fetched the CRX');
  const info = await state.worker.evaluate(() => chrome.runtime.getManifest().version);
  assert.equal(info, state.pkg.version);
});

test('the extension receives exactly the configured settings in chrome.storage.managed', { skip }, async () => {
  assert.ok(state.worker, 'installed');
  const got = await pollUntil(async () => {
    const v = await managedSettings(state.worker);
    return { done: Object.keys(v).length > 0, value: v };
  }, 30000, 'managed settings');
  assert.deepEqual(got, state.settings);
});

// What an admin checks: the options page's effective-settings table (key, value, source), real extension only.
async function effectiveSettings() {
  if (!state.page) state.page = await state.context.newPage();
  const manifest = JSON.parse(fs.readFileSync(path.join(state.real, 'manifest.json'), 'utf8'));
  await state.page.goto(`chrome-extension://${state.pkg.id}/${manifest.options_ui?.page || manifest.options_page}`);
  await state.page.waitForTimeout(300);
  return state.page.evaluate(() => Object.fromEntries([...document.querySelectorAll('#effective tbody tr')]
    .map((tr) => [...tr.cells].map((c) => c.innerText.trim())).map(([k, v, src]) => [k, { v, src }])));
}

test('the options page shows the policy values as set by the organisation', { skip: skip || (!realExtensionDir() && 'probe extension has no options page') }, async () => {
  assert.ok(state.worker, 'installed');
  const rows = await pollUntil(async () => {
    const r = await effectiveSettings();
    return { done: r.trustProfile?.v === 'ndht', value: r };
  }, 30000, 'the options page effective settings');
  assert.deepEqual(rows.trustProfile, { v: 'ndht', src: 'Your organisation' });
  assert.deepEqual(rows.mode, { v: 'block', src: 'Your organisation' });
  assert.notEqual(rows.sensitivity?.src, 'Your organisation', 'a setting not in the policy is not shown as the organisation\'s');
});

// Behaviour under the policy (trustProfile ndht, mode block) through the options page's "Try a post", which runs
// the same background engine and settings as the content scripts. Needs the wasm engine in the build.
const engineBuilt = () => !!state.real && fs.existsSync(path.join(state.real, 'engine')) && fs.readdirSync(path.join(state.real, 'engine')).some((f) => f.endsWith('.wasm'));
test('under the policy a block-level finding is reported as must-fix with a policy citation', { skip: skip || (!realExtensionDir() && 'probe extension has no engine') }, async (t) => {
  if (!engineBuilt()) { t.skip('build/extension has no wasm engine yet (bash scripts/build.sh)'); return; }
  await effectiveSettings();
  await state.page.fill('#tryText', 'Anyone know this pt? NHS no 943 476 5919, came in confused with no ID');
  const text = await pollUntil(async () => {
    const r = await state.page.evaluate(() => document.getElementById('tryResult').innerText);
    return { done: /must fix/.test(r), value: r };
  }, 30000, 'the Try a post result');
  assert.match(text, /[1-9]\d* must fix/, 'the NHS number with evidence is block-level');
  assert.match(text, /Policy: [^\n]*NDHT Social Media Guidance/, 'findings cite the policy of the Trust the policy file names (ndht)');
  assert.doesNotMatch(text, /BHT|Pol 193/, 'not another Trust\'s policy');
});

test('a changed policy file reaches the running extension', { skip }, async () => {
  assert.ok(state.worker, 'installed');
  const next = { trustProfile: 'bht', mode: 'warn', watchedSites: ['intranet.trust.nhs.example'], rulesetUpdateHours: 12 };
  const t0 = Date.now();
  writePolicy(state.mount.managed, policyFor(state.pkg.id, `${state.server.base}/updates.xml`, next));
  const got = await pollUntil(async () => {
    const v = await managedSettings(state.worker);
    return { done: v.mode === 'warn', value: v };
  }, 30000, 'the changed policy');
  assert.deepEqual(got, next);
  if (state.real) {
    const rows = await pollUntil(async () => {
      const r = await effectiveSettings();
      return { done: r.mode?.v === 'warn', value: r };
    }, 30000, 'the options page to show the change');
    assert.deepEqual(rows.trustProfile, { v: 'bht', src: 'Your organisation' });
  }
  console.log(`# policy change arrived after ${Date.now() - t0} ms`);
});

test('a value that breaks the schema is dropped by the browser (why the admin files are validated)', { skip }, async () => {
  assert.ok(state.worker, 'installed');
  const policy = policyFor(state.pkg.id, `${state.server.base}/updates.xml`, { trustProfile: 'ndht', mode: 'block' });
  policy['3rdparty'].extensions[state.pkg.id].watchedSites = 'not-a-list.example';
  writePolicy(state.mount.managed, policy);
  const got = await pollUntil(async () => {
    const v = await managedSettings(state.worker);
    return { done: v.trustProfile === 'ndht', value: v };
  }, 30000, 'the policy with a bad value');
  assert.deepEqual(got, { trustProfile: 'ndht', mode: 'block' }, 'the bad key is dropped, the others kept');
});
