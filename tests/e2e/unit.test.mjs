// Unit tests of the extension's pure logic in node: effective settings (admin locks), site matching, placeholders,
// grapheme snapping, and the ruleset-update wiring (with a test double standing in for the engine; never shipped).
import test from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT } from './lib/browser.mjs';
import { loadModule } from './lib/load_module.mjs';

const settings = await loadModule(join(ROOT, 'extension/src/shared/settings.js'));
const graphemes = await loadModule(join(ROOT, 'extension/src/content/graphemes.js'));
const updater = await loadModule(join(ROOT, 'extension/src/background/ruleset_updater.js'));

test('administrator values override and lock user values', () => {
  const e = settings.effectiveSettings({ sensitivity: 'low', trustProfile: 'ndht' }, { sensitivity: 'high', mode: 'warn' });
  assert.equal(e.settings.sensitivity, 'high');
  assert.equal(e.settings.trustProfile, 'ndht');
  assert.equal(e.settings.mode, 'warn');
  assert.deepEqual(e.locked.sort(), ['mode', 'sensitivity']);
  assert.equal(e.sources.trustProfile, 'user');
  assert.equal(e.sources.rulesetUrl, 'default');
});

test('allowUserSettings=false ignores every user value and locks user keys', () => {
  const e = settings.effectiveSettings({ sensitivity: 'low', watchedSites: ['a.example'] }, { allowUserSettings: false });
  assert.equal(e.settings.sensitivity, 'medium');
  assert.deepEqual(e.settings.watchedSites, []);
  for (const k of settings.USER_KEYS) assert.ok(e.locked.includes(k), k);
});

test('invalid values (as a browser may deliver them) are ignored, not applied', () => {
  const e = settings.effectiveSettings({ sensitivity: 'extreme', mode: 'block' }, { rulesetUpdateHours: 0, severityOverrides: { a: 'fatal' } });
  assert.equal(e.settings.sensitivity, 'medium');
  assert.equal(e.settings.mode, 'warn', 'mode is not a user key');
  assert.equal(e.settings.rulesetUpdateHours, 24);
  assert.deepEqual(e.settings.severityOverrides, {});
});

test('watched hosts, subdomains, replaceDefaultSites and site names', () => {
  const s = settings.effectiveSettings({ watchedSites: ['https://Mastodon.Social/@me'] }, {}).settings;
  const hosts = settings.watchedHosts(s);
  assert.ok(hosts.includes('mastodon.social') && hosts.includes('x.com'));
  assert.ok(settings.hostMatches('www.linkedin.com', hosts));
  assert.ok(settings.hostMatches('m.facebook.com', hosts));
  assert.ok(!settings.hostMatches('notfacebook.com', hosts));
  assert.ok(!settings.hostMatches('example.org', hosts));
  assert.equal(settings.siteName('www.linkedin.com', hosts), 'linkedin.com');
  const only = settings.watchedHosts(settings.effectiveSettings({}, { replaceDefaultSites: true, watchedSites: ['intranet.trust.nhs.uk'] }).settings);
  assert.deepEqual(only, ['intranet.trust.nhs.uk']);
  assert.ok(settings.enterSends('facebook.com') && !settings.enterSends('x.com'));
});

test('engine settings carry sensitivity, rules, overrides and contact placeholders', () => {
  const s = settings.effectiveSettings({}, { commsPhone: '01234 567890', policyUrl: 'https://trust.example/policy', disabledRules: ['commercial_gain.*'], trustProfile: 'bht' }).settings;
  const es = settings.engineSettings(s, 'x.com');
  assert.deepEqual(es, {
    minConfidence: 'medium', disabledRules: ['commercial_gain.*'], severityOverrides: {}, trust: 'bht', site: 'x.com',
    placeholders: { 'contacts.communications.phone': '01234 567890', 'policy.url': 'https://trust.example/policy' },
  });
});

test('grapheme snapping never splits an emoji or a combining sequence', () => {
  const text = 'hi 👩‍⚕️ nurse e\u0301';
  // a range ending inside the ZWJ emoji grows to the whole cluster
  assert.deepEqual(graphemes.snapToGraphemes(text, 3, 4), { start: 3, end: 8 });
  // a range starting inside it moves back to its start
  assert.deepEqual(graphemes.snapToGraphemes(text, 5, 8), { start: 3, end: 8 });
  // e + combining acute stays together
  const i = text.indexOf('e\u0301');
  assert.deepEqual(graphemes.snapToGraphemes(text, i, i + 1), { start: i, end: i + 2 });
  assert.deepEqual(graphemes.snapToGraphemes(text, 0, 2), { start: 0, end: 2 });
});

// ---- ruleset update wiring -------------------------------------------------------------------------------
function deps(overrides = {}) {
  const log = { fetched: [], saved: [], statuses: [], activated: [] };
  const d = {
    now: () => Date.UTC(2026, 0, 1),
    fetchText: async (url) => { log.fetched.push(url); return 'envelope'; },
    verifier: () => ({ verify: async () => ({ ok: true, files: [{ name: 'r.json', text: '{}' }], version: '2.0.0', serial: 5, expires: Date.UTC(2027, 0, 1) }) }),
    // Test double for the engine (unit test only): loads anything, examples pass.
    createEngine: async () => ({ loadRuleset: () => ({ ok: true, info: { name: 'N', version: '2.0.0', ruleCount: 3 } }), runExamples: () => [], dispose: () => {} }),
    activate: (files) => { log.activated.push(files); return { ok: true }; },
    saveRuleset: async (r) => { log.saved.push(r); },
    saveStatus: async (s) => { log.statuses.push(s); },
    ...overrides,
  };
  return { d, log };
}
const base = { rulesetUrl: 'https://rules.trust.example/postcheck.json', rulesetPublicKey: 'AAAA' };

test('no rulesetUrl: no fetch at all', async () => {
  const { d, log } = deps();
  assert.equal(await updater.runUpdate({ rulesetUrl: '', rulesetPublicKey: 'x' }, d), null);
  assert.equal(log.fetched.length, 0);
});

test('a verified ruleset whose examples pass is activated and persisted', async () => {
  const { d, log } = deps();
  const s = await updater.runUpdate(base, d);
  assert.equal(s.state, 'ok');
  assert.equal(s.version, '2.0.0');
  assert.equal(log.activated.length, 1);
  assert.equal(log.saved.length, 1);
  assert.equal(log.saved[0].envelope, 'envelope', 'the signed envelope is what is stored (re-verified at every load)');
});

test('bad signature, failing examples, compile errors and http URLs keep the last good ruleset', async () => {
  const cases = [
    [{ verifier: () => ({ verify: async () => ({ ok: false, error: 'bad signature' }) }) }, /Signature check failed: bad signature/],
    [{ createEngine: async () => ({ loadRuleset: () => ({ ok: true, info: {} }), runExamples: () => [{ rule: 'a.b', problem: 'missed [[x]]' }], dispose() {} }) }, /1 rule example\(s\) failed, e.g. a.b/],
    [{ createEngine: async () => ({ loadRuleset: () => ({ ok: false, error: { text: 'r.json:1:1: bad' } }), runExamples: () => [], dispose() {} }) }, /does not compile: r.json:1:1/],
    [{ fetchText: async () => { throw new Error('HTTP 404'); } }, /Download failed: HTTP 404/],
    [{ verifier: () => undefined }, /verifier is not part of this build/],
  ];
  for (const [o, re] of cases) {
    const { d, log } = deps(o);
    const s = await updater.runUpdate(base, d);
    assert.equal(s.state, 'error');
    assert.match(s.reason, re);
    assert.equal(log.activated.length, 0);
    assert.equal(log.saved.length, 0);
    assert.equal(log.statuses.at(-1).state, 'error');
  }
  const { d, log } = deps();
  const s = await updater.runUpdate({ ...base, rulesetUrl: 'http://rules.example/x.json' }, d);
  assert.match(s.reason, /https/);
  assert.equal(log.fetched.length, 0);
});

// The one-use pass left by "Post anyway" is for that text while the box holds it. A site clears the box after posting
// (no input event), the user types the same words again, and no check runs until typing pauses: the pass must be gone
// by then, from the first keystroke, or that send skips the dialog (page_privacy's flake, 2026-12-06).
test('the "Post anyway" pass ends at the first keystroke that changes the text, before any check runs', async () => {
  const { Composer } = await loadModule(join(ROOT, 'extension/src/content/composer.js'));
  const checks = [];
  const el = { tagName: 'TEXTAREA', value: '', hasAttribute: () => false, classList: { contains: () => false } };
  const c = new Composer(el, { client: { check: (text) => { checks.push(text); return new Promise(() => {}); } }, site: 'x.com' });
  const sent = 'Lovely lady in bed 4 today';
  c.passToken = { text: sent, until: Date.now() + 60000, hint: '' };
  el.value = sent;
  c.schedule(); // the box still holds the text the pass is for
  assert.equal(c.passToken && c.passToken.text, sent);
  el.value = 'L'; // the site cleared the box; the user's first key of the same post
  c.schedule();
  assert.equal(c.passToken, null, 'a keystroke that changes the text ends the pass');
  el.value = sent; // typed again in full before the debounce let any check run
  c.schedule();
  assert.equal(c.passToken, null);
  assert.deepEqual(checks, [], 'no check ran: the pass ended on the keystroke itself');
  clearTimeout(c.timer);
});
