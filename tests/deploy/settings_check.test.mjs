// extension/src/shared/settings_check.js: managed values that the browser keeps but that do nothing (unknown Trust, unknown rule ids, template placeholders) are named, key by key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadModule } from '../e2e/lib/load_module.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { settingsProblems } = await loadModule(path.join(REPO, 'extension/src/shared/settings_check.js'));
const { DEFAULTS } = await loadModule(path.join(REPO, 'extension/src/shared/settings.js'));
const ruleset = {
  trusts: [{ id: 'bht', name: 'Buckinghamshire' }, { id: 'ndht', name: 'Northern Devon' }],
  rules: [{ id: 'commercial_gain.sales_pitch', category: 'commercial_gain' }, { id: 'representing_trust.speaking_for', category: 'representing_trust' }],
};
const keys = (settings) => settingsProblems({ ...DEFAULTS, ...settings }, ruleset).map((p) => p.key);

test('good settings have no problems', () => {
  assert.deepEqual(keys({ trustProfile: 'ndht', disabledRules: ['representing_trust.*', 'commercial_gain.sales_pitch'],
    severityOverrides: { 'commercial_gain.sales_pitch': 'block' }, commsPhone: '01271 322577' }), []);
  assert.deepEqual(keys({}), [], 'the defaults');
});

test('a wrong-case Trust profile is named, with the right spelling and what happens meanwhile', () => {
  const [p] = settingsProblems({ ...DEFAULTS, trustProfile: 'NDHT' }, ruleset);
  assert.equal(p.key, 'trustProfile');
  assert.match(p.message, /"NDHT" is not a Trust profile in this ruleset \(did you mean "ndht"\? Letter case matters\)/);
  assert.match(p.message, /without any Trust's contact details/);
  assert.deepEqual(keys({ trustProfile: 'xyz' }), ['trustProfile']);
});

test('rule ids and patterns that match no rule are named', () => {
  const problems = settingsProblems({ ...DEFAULTS, disabledRules: ['commercial_gain.discount_code', 'gossip.*', 'commercial_gain.*'],
    severityOverrides: { 'media_contact.press': 'info' } }, ruleset);
  assert.deepEqual(problems.map((p) => p.key), ['disabledRules', 'severityOverrides']);
  assert.match(problems[0].message, /"commercial_gain\.discount_code", "gossip\.\*" match no rule/);
  assert.match(problems[1].message, /"media_contact\.press" is not a rule id/);
});

test('values left from the admin templates are named', () => {
  assert.deepEqual(keys({ commsPhone: '01234 567890', rulesetPublicKey: 'BASE64_RAW_ED25519_PUBLIC_KEY_FROM_sign-ruleset_keygen=',
    watchedSites: ['<your intranet host>'] }), ['watchedSites', 'commsPhone', 'rulesetPublicKey']);
});
