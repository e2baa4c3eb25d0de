// The background's defences against a hostile page and a failing engine, run in node on the real modules: fair
// check scheduling across tabs (L4), engine restart with backoff after a wasm abort (L5), and block mode locking the
// settings a user could use to get a blocked post out (M2).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { build } from 'esbuild';
import { root } from './helpers.mjs';

async function load(rel) {
  const r = await build({ entryPoints: [path.join(root, rel)], bundle: true, format: 'esm', write: false, platform: 'neutral',
    logLevel: 'silent', define: { POSTCHECK_TEST_BUILD: 'false' } });
  return import('data:text/javascript;base64,' + Buffer.from(r.outputFiles[0].text).toString('base64'));
}
const { CheckQueue, MAX_PENDING_PER_PORT } = await load('extension/src/background/check_queue.js');
const { EngineHost, RESTART_BACKOFF_MS, MAX_TEXT_UNITS } = await load('extension/src/background/engine_host.js');
const { effectiveSettings } = await load('extension/src/shared/settings.js');

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

test('L4: a page flooding checks from many frames does not starve another tab (round robin by tab)', async () => {
  const order = [];
  const q = new CheckQueue(async (msg) => { await tick(2); order.push(msg.who); return { ok: true, findings: [] }; });
  // Tab 1: 10 frames (ports), each with as many checks as it may queue.
  for (let port = 1; port <= 10; port++) {
    for (let i = 0; i < MAX_PENDING_PER_PORT; i++) q.push('tab:1', port, { who: 'flood' }, () => {});
  }
  let answeredAt = -1;
  q.push('tab:2', 99, { who: 'victim' }, () => { answeredAt = order.length; });
  while (q.pending || q.busy) await tick(5);
  // At most: the flood check already running, then one more flood check whose turn came first. First in, first out
  // would make it #41.
  assert.ok(answeredAt >= 1 && answeredAt <= 3, `the other tab's check ran as check #${answeredAt} of ${order.length}`);
});

test('L4: within a tab, frames take turns, and a port holds at most a few waiting checks', async () => {
  const replies = [];
  let release;
  const gate = new Promise((r) => { release = r; });
  const q = new CheckQueue(async (msg) => { await gate; return { ok: true, findings: [], id: msg.id }; });
  q.push('tab:1', 1, { id: 'first' }, (r) => replies.push(['first', r.ok]));
  for (let i = 0; i < 10; i++) q.push('tab:1', 1, { id: i }, (r) => replies.push([i, r.superseded ? 'superseded' : r.ok]));
  assert.equal(q.pending, MAX_PENDING_PER_PORT, 'waiting checks per port are capped');
  assert.deepEqual(replies.map((r) => r[1]), Array(10 - MAX_PENDING_PER_PORT).fill('superseded'), 'the oldest waiting ones are answered at once');
  release();
  while (q.pending || q.busy) await tick(5);
  assert.equal(replies.length, 11, 'every check got exactly one answer');
});

// A stand-in for wasm/engine.js: after an abort it answers every call with "engine failure: ..." for good.
function engines() {
  const made = [];
  const create = async () => {
    const e = { aborted: false, checks: 0, disposed: false,
      loadRuleset: () => ({ ok: true, info: { name: 'r', version: '1', ruleCount: 1, trusts: [], rules: [] } }),
      configure: () => ({ ok: true }),
      check(text) {
        this.checks++;
        if (text === 'abort' || this.aborted) {
          this.aborted = true;
          return { ok: false, error: { text: 'engine failure: RuntimeError: unreachable' } };
        }
        return { ok: true, findings: [], truncated: false, length: text.length };
      },
      dispose() { this.disposed = true; },
    };
    made.push(e);
    return e;
  };
  return { made, create };
}

test('L5: after a wasm abort the engine is disposed and a fresh one starts, no sooner than the backoff', async () => {
  const { made, create } = engines();
  let now = 1000;
  const host = new EngineHost({ createEngine: create, bundledFiles: async () => [], storedRuleset: async () => null, now: () => now });
  host.setSettings(effectiveSettings({}, {}).settings);
  assert.equal((await host.check('hello')).ok, true);
  const aborted = await host.check('abort');
  assert.equal(aborted.ok, false);
  assert.equal(made[0].disposed, true, 'the aborted engine is disposed');
  const during = await host.check('hello again');
  assert.equal(during.ok, false, 'within the backoff: fail open at once');
  assert.equal(made.length, 1, 'no restart within the backoff');
  now += RESTART_BACKOFF_MS[0];
  const after = await host.check('hello again');
  assert.equal(after.ok, true, after.error);
  assert.equal(made.length, 2, 'a fresh engine answers');
  // Repeated aborts back off further (1 s, then 2 s): a crash loop cannot spin the worker.
  await host.check('abort');
  now += RESTART_BACKOFF_MS[0];
  assert.equal((await host.check('x')).ok, true, 'a good check in between reset the backoff');
  await host.check('abort');
  await host.check('y'); // consumes no engine
  now += RESTART_BACKOFF_MS[0];
  await host.check('abort');
  now += RESTART_BACKOFF_MS[0];
  assert.equal((await host.check('z')).ok, false, 'second abort in a row: the backoff doubled');
  now += RESTART_BACKOFF_MS[1];
  assert.equal((await host.check('z')).ok, true);
});

test('L5: a failing start backs off instead of retrying on every check', async () => {
  let tries = 0;
  let now = 0;
  const host = new EngineHost({ createEngine: async () => { tries++; throw new Error('wasm missing'); },
    bundledFiles: async () => [], storedRuleset: async () => null, now: () => now });
  host.setSettings(effectiveSettings({}, {}).settings);
  for (let i = 0; i < 5; i++) assert.equal((await host.check('a')).ok, false);
  assert.equal(tries, 1);
  now += RESTART_BACKOFF_MS[0];
  await host.check('a');
  assert.equal(tries, 2);
});

test('L5: a start that fails after a settings change discarded it neither stops the fresh engine nor backs off', async () => {
  let tries = 0;
  const { made, create } = engines();
  const host = new EngineHost({
    // The first start fails late (say its wasm fetch stalled); the one after it works.
    createEngine: async () => { if (tries++ === 0) { await tick(50); throw new Error('stalled'); } return create(); },
    bundledFiles: async () => [], storedRuleset: async () => null });
  host.setSettings(effectiveSettings({}, {}).settings);
  const first = host.ready();
  host.discard();
  assert.equal(await host.ready(), true);
  assert.equal(await first, true, 'the discarded start joins the fresh one');
  assert.equal(host.engine, made[0]);
  assert.equal(host.error, '');
  assert.equal((await host.check('hello')).ok, true, 'no backoff from the discarded start');
  assert.equal(tries, 2);
});

test('the built-in ruleset loads from its pack; a pack that fails or is another version falls back to the rule files, and says so', async () => {
  const calls = [];
  const info = (version) => ({ name: 'r', version, ruleCount: 1, trusts: [], rules: [] });
  // builtInVersion: the version file the build writes beside the pack (null: an engine host without one).
  const host = (packResult, packThrows = false, builtInVersion = async () => '1.0.0') => withSettings(new EngineHost({
    createEngine: async () => ({
      loadRuleset: () => { calls.push('files'); return { ok: true, info: info('1.0.0') }; },
      loadPacked: (bytes, name) => { calls.push('pack:' + bytes.length + ':' + name); return packResult; },
      configure: () => ({ ok: true }), check: () => ({ ok: true, findings: [] }), dispose() {},
    }),
    bundledFiles: async () => { calls.push('fetch bundle'); return [{ name: 'rules/core/ruleset.json', text: '{}' }]; },
    bundledPack: async () => { if (packThrows) throw new Error('no such file'); return new Uint8Array(3); },
    builtInVersion: builtInVersion || undefined,
    versionOf: () => '1.0.0',
    storedRuleset: async () => null,
  }));
  const withSettings = (h) => { h.setSettings(effectiveSettings({}, {}).settings); return h; };
  let h = host({ ok: true, info: info('1.0.0') });
  assert.equal((await h.check('a')).ok, true);
  assert.deepEqual(calls.splice(0), ['pack:3:rules/ruleset.pack'], 'the pack alone: the bundle is neither fetched nor parsed');
  assert.equal(h.summary().error, '');
  assert.equal(h.summary().ruleset.source, 'bundled');
  assert.equal(h.summary().ruleset.loadedFrom, 'pack');

  h = host({ ok: false, error: { text: 'not a packed ruleset this engine can read: format 2' } });
  assert.equal((await h.check('a')).ok, true);
  assert.deepEqual(calls.splice(0), ['pack:3:rules/ruleset.pack', 'fetch bundle', 'files']);
  assert.equal(h.summary().ruleset.loadedFrom, 'files');
  assert.match(h.summary().error, /packed ruleset did not load \(not a packed ruleset.*format 2\); the built-in rule files were loaded instead/);

  h = host({ ok: true, info: info('0.9.0') });
  assert.equal((await h.check('a')).ok, true);
  assert.deepEqual(calls.splice(0), ['pack:3:rules/ruleset.pack', 'fetch bundle', 'files']);
  assert.match(h.summary().error, /version 0\.9\.0, not 1\.0\.0/);

  h = host(null, true);
  assert.equal((await h.check('a')).ok, true);
  assert.deepEqual(calls.splice(0), ['fetch bundle', 'files'], 'no pack file: the rule files');
  assert.match(h.summary().error, /packed ruleset could not be read \(no such file\); the built-in rule files were loaded instead/);

  // No version file, or one that cannot be read: the version comes from the bundle, as before.
  for (const missing of [null, async () => { throw new Error('404'); }, async () => '']) {
    h = host({ ok: true, info: info('1.0.0') }, false, missing);
    assert.equal((await h.check('a')).ok, true);
    assert.deepEqual(calls.splice(0), ['fetch bundle', 'pack:3:rules/ruleset.pack']);
    assert.equal(h.summary().ruleset.loadedFrom, 'pack');
  }
});

test('a bundle that cannot be fetched when the pack fails stops the start, disposes the engine and backs off', async () => {
  let disposed = 0;
  const host = new EngineHost({
    createEngine: async () => ({ loadPacked: () => ({ ok: false, error: { text: 'damaged' } }), loadRuleset: () => ({ ok: true }), dispose() { disposed++; } }),
    bundledFiles: async () => { throw new Error('bundle.json: HTTP 404'); },
    bundledPack: async () => new Uint8Array(3),
    builtInVersion: async () => '1.0.0',
    storedRuleset: async () => null,
  });
  host.setSettings(effectiveSettings({}, {}).settings);
  const r = await host.check('a');
  assert.equal(r.ok, false);
  assert.match(r.error, /Engine failed to start: bundle\.json: HTTP 404/);
  assert.equal(disposed, 1);
});

test('L4: a text longer than the engine reads is cut before it is copied into wasm, and marked truncated', async () => {
  const { made, create } = engines();
  const host = new EngineHost({ createEngine: create, bundledFiles: async () => [], storedRuleset: async () => null });
  host.setSettings(effectiveSettings({}, {}).settings);
  const r = await host.check('a'.repeat(MAX_TEXT_UNITS + 5000));
  assert.equal(r.ok, true);
  assert.equal(r.truncated, true);
  assert.equal(made.length, 1);
});

test('M2: in block mode a user cannot switch rules off, lower the sensitivity or change Trust profile', () => {
  const user = { disabledRules: ['patient_confidentiality.*'], sensitivity: 'high', trustProfile: 'other', watchedSites: ['mastodon.social'] };
  const warn = effectiveSettings(user, { mode: 'warn' });
  assert.deepEqual(warn.settings.disabledRules, ['patient_confidentiality.*'], 'warn mode: the user\'s choice stands');
  const block = effectiveSettings(user, { mode: 'block' });
  assert.deepEqual(block.settings.disabledRules, []);
  assert.equal(block.settings.sensitivity, 'medium');
  assert.equal(block.settings.trustProfile, '');
  assert.deepEqual(block.settings.watchedSites, ['mastodon.social'], 'adding sites only adds checks, so it stays open');
  for (const k of ['disabledRules', 'sensitivity', 'trustProfile']) assert.ok(block.locked.includes(k), `${k} shows as locked`);
  // The administrator's own values still apply in block mode.
  assert.equal(effectiveSettings(user, { mode: 'block', sensitivity: 'low' }).settings.sensitivity, 'low');
});
