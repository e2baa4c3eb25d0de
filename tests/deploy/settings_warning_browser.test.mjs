// A real Chromium with a real managed-policy file: a wrong-case trustProfile and an unknown rule id are named on the options page, and "Try a post" shows no Trust's details until the policy is corrected.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { generate } from '../../scripts/gen-admin.mjs';
import {
  browserSkipReason, mountPrivateEtc, writePolicy, serve, realExtensionDir, packageExtension, launchForPolicy, pollUntil, tmpDir,
} from './lib/browser.mjs';

const skip = browserSkipReason()
  || (!realExtensionDir() && 'build/extension not built yet (bash scripts/build.sh)')
  || (!fs.existsSync(path.join(realExtensionDir(), 'engine/postcheck.wasm')) && 'build/extension has no engine yet (bash scripts/build.sh)')
  || false;
const tmp = tmpDir('pc-warn-');
const state = {};
const POST = 'Anyone know this pt? NHS no 943 476 5919, came in confused with no ID';
const ANY_TRUST = /BHT|Buckinghamshire|Pol 193|01494|NDHT|Northern Devon|01271/;

// gen-admin refuses these values (tests/deploy/admin.test.mjs), so the bad policy is written by hand, as an admin
// editing the JSON file would.
function policy(settings) {
  const { files } = generate({ chromeId: state.pkg.id, edgeId: state.pkg.id, install: 'self-hosted', updateUrl: `${state.server.base}/updates.xml`, settings: {} });
  const p = { ...JSON.parse(files['linux/chrome-postcheck.json']), DeveloperToolsAvailability: 1 };
  p['3rdparty'].extensions[state.pkg.id] = settings;
  return p;
}

async function optionsPage() {
  if (!state.page) state.page = await state.context.newPage();
  const manifest = JSON.parse(fs.readFileSync(path.join(realExtensionDir(), 'manifest.json'), 'utf8'));
  await state.page.goto(`chrome-extension://${state.pkg.id}/${manifest.options_ui?.page || manifest.options_page}`);
  return state.page;
}

async function tryPost(page, until = /would flag/) {
  await page.fill('#tryText', POST);
  return pollUntil(async () => {
    const t = await page.evaluate(() => document.getElementById('tryResult').innerText);
    return { done: until.test(t), value: t };
  }, 60000, 'the Try a post result');
}

before(async () => {
  if (skip) return;
  fs.mkdirSync(path.join(tmp, 'out'));
  state.server = await serve(path.join(tmp, 'out'));
  state.pkg = packageExtension(realExtensionDir(), path.join(tmp, 'out'), path.join(tmp, 'crx-key.pem'), state.server.base);
  state.mount = mountPrivateEtc(tmp);
  writePolicy(state.mount.managed, policy({ trustProfile: 'NDHT', disabledRules: ['commercial_gain.discount_code'] }));
  Object.assign(state, await launchForPolicy(tmp, state.pkg.id));
});

after(async () => {
  await state.context?.close().catch(() => {});
  state.mount?.unmount();
  await state.server?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

test('the options page names the wrong-case trustProfile and the unknown rule id, and shows no Trust\'s details', { skip }, async () => {
  // Opened at once, before the policy has reached the extension, and never reloaded: the page follows storage
  // changes live (options.js). Measured: reloading it every 0.25 s from the first second kept Chromium from ever
  // delivering this policy to storage.managed (5 runs of 5, 120 s each), while one page left open got it within
  // seconds; a reload loop was this test's own defect, not the extension's.
  const page = await optionsPage();
  const warning = await pollUntil(async () => {
    const w = await page.evaluate(() => { const e = document.getElementById('settings-warning'); return e && !e.hidden ? e.innerText : ''; });
    const seen = await page.evaluate(() => `${document.getElementById('rulesetInfo').innerText} | ${document.querySelector('#effective tbody')?.innerText.split('\n').slice(0, 1)}`);
    return { done: /trustProfile/.test(w) && /disabledRules/.test(w), value: w || `no warning; page shows: ${seen}` };
  }, 120000, 'the settings warning');
  assert.match(warning, /trustProfile \(set by your organisation\): "NDHT" is not a Trust profile in this ruleset \(did you mean "ndht"\?/);
  assert.match(warning, /disabledRules \(set by your organisation\): "commercial_gain\.discount_code" matches no rule/);
  const dropdown = await page.evaluate(() => { const s = document.getElementById('trustProfile'); return s.options[s.selectedIndex]?.text || ''; });
  assert.match(dropdown, /^NDHT \(not a profile in this ruleset/, 'the dropdown shows the value, not a blank');
  const result = await tryPost(page);
  assert.match(result, /would flag [1-9]/, 'posts are still checked');
  assert.doesNotMatch(result, ANY_TRUST, 'no other Trust\'s policy, name or phone number (nor NDHT\'s, which was not named correctly)');
});

test('once the policy names the profile correctly the warning goes and NDHT\'s details appear', { skip }, async () => {
  writePolicy(state.mount.managed, policy({ trustProfile: 'ndht' }));
  const page = await optionsPage();
  // The page starts with the warning hidden, so wait for the corrected value to be shown as applied first.
  await pollUntil(async () => {
    await page.reload();
    const state = await page.evaluate(() => {
      const row = [...document.querySelectorAll('#effective tbody tr')].find((tr) => tr.cells[0].innerText.trim() === 'trustProfile');
      return { value: row?.cells[1].innerText.trim(), hidden: document.getElementById('settings-warning').hidden };
    });
    return { done: state.value === 'ndht' && state.hidden, value: state };
  }, 120000, 'the corrected policy to apply and the warning to go');
  const result = await tryPost(page, /NDHT Social Media Guidance|BHT|Pol 193/);
  assert.match(result, /NDHT Social Media Guidance/, 'the corrected profile\'s policy is cited (so the first test could fail)');
  assert.doesNotMatch(result, /BHT|Pol 193|01494/);
});
