// Unit tests for extension/src/background/ruleset_updater.js with the real verifier and real Ed25519 envelopes: no
// rollback (M5), the stored update is the signed envelope and is verified again at load (M6), hardened download (L6),
// one update pass at a time, and an update's activation beside the real EngineHost when settings change meanwhile.
// The engine is a stand-in that loads any files (what compiles is tested in tests/e2e and tests/hostile).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { build } from 'esbuild';
import { loadVerifier, sign, rawPublicKeyB64 } from '../../scripts/sign-ruleset.mjs';
import { REPO } from './lib/browser.mjs';

// The module as a shipped build (POSTCHECK_TEST_BUILD false) sees it, bundled to ESM in memory.
async function loadUpdater(testBuild = false) {
  const r = await build({ entryPoints: [`${REPO}/extension/src/background/ruleset_updater.js`], bundle: true, format: 'esm', write: false,
    platform: 'neutral', logLevel: 'silent', define: { POSTCHECK_TEST_BUILD: String(testBuild) } });
  return import('data:text/javascript;base64,' + Buffer.from(r.outputFiles[0].text).toString('base64') + `#${testBuild}`);
}

const V = loadVerifier();
const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
const KEY = rawPublicKeyB64(publicKey);
const URL_A = 'https://rules.trust.example/ruleset.signed.json';
const DAY = 24 * 3600 * 1000;
const NOW = Date.UTC(2026, 5, 1);
const filesOf = (version) => [{ name: 'rules/core/ruleset.json', text: `{"ruleset": {"name": "core", "version": "${version}"}}` },
  { name: 'rules/core/x.json', text: '{"rules": []}' }];
const envelope = (version, serial, opts = {}) => sign(Buffer.from(JSON.stringify(filesOf(version))), opts.key || privateKey,
  { serial, issued: opts.issued ?? NOW - DAY, validDays: opts.validDays ?? 90 });

let U;
before(async () => { U = await loadUpdater(false); });

// A browser stand-in: storage, an engine that loads anything, a server answering with `served`.
function harness({ served, bundled = '1.0.0', now = NOW } = {}) {
  const h = { storage: {}, activated: [], fetched: 0, served };
  h.deps = {
    now: () => now,
    fetchText: async () => { h.fetched++; return h.served; },
    verifier: () => V,
    createEngine: async () => ({
      loadRuleset: (files) => ({ ok: true, info: { name: 'core', version: V.versionOf(files).version, ruleCount: 1 } }),
      runExamples: () => [], dispose() {},
    }),
    activate: (files) => { h.activated.push(V.versionOf(files).version); return { ok: true }; },
    stored: async () => h.storage.record || null,
    bundledVersion: async () => bundled,
    saveRuleset: async (r) => { h.storage.record = r; },
    saveStatus: async (s) => { h.storage.status = s; },
  };
  h.run = (settings = { rulesetUrl: URL_A, rulesetPublicKey: KEY }) => U.runUpdate(settings, h.deps);
  return h;
}

test('M5: a replayed older envelope is refused with the reason, and the newer one stays active and stored', async () => {
  const h = harness({ served: envelope('1.4.0', 200) });
  assert.equal((await h.run()).state, 'ok');
  h.served = envelope('0.1.0', 100); // validly signed, older: what a compromised host could serve
  const st = await h.run();
  assert.equal(st.state, 'error');
  assert.match(st.reason, /Refused ruleset 0\.1\.0 \(serial 100\): it is not newer than the ruleset already accepted \(serial 200\)/);
  assert.deepEqual(h.activated, ['1.4.0']);
  assert.equal(h.storage.record.version, '1.4.0');
  assert.equal(h.storage.record.serial, 200);
  // The same serial with other content is refused too; the identical file again is "unchanged", not reloaded.
  h.served = envelope('1.4.1', 200);
  assert.equal((await h.run()).state, 'error');
  h.served = h.storage.record.envelope;
  const same = await h.run();
  assert.deepEqual([same.state, same.unchanged], ['ok', true]);
  assert.deepEqual(h.activated, ['1.4.0'], 'an unchanged file is not activated again');
  h.served = envelope('1.5.0', 201);
  assert.equal((await h.run()).state, 'ok');
  assert.deepEqual(h.activated, ['1.4.0', '1.5.0']);
});

test('M5: an expired envelope is refused at download with its expiry date', async () => {
  const h = harness({ served: envelope('1.4.0', 5, { issued: NOW - 100 * DAY, validDays: 90 }) });
  const st = await h.run();
  assert.equal(st.state, 'error');
  assert.match(st.reason, /expired on/);
  assert.equal(h.storage.record, undefined);
});

test('M5: a download older than the ruleset built into the extension is stored (serial floor) but not activated', async () => {
  const h = harness({ served: envelope('1.2.0', 50), bundled: '1.3.0' });
  const st = await h.run();
  assert.equal(st.state, 'error');
  assert.match(st.reason, /1\.2\.0 is older than the ruleset 1\.3\.0 built into this version/);
  assert.deepEqual(h.activated, []);
  assert.equal(h.storage.record.serial, 50);
});

test('M6: what is stored is the signed envelope itself, with the URL it came from', async () => {
  const h = harness({ served: envelope('1.4.0', 7) });
  await h.run();
  assert.equal(h.storage.record.envelope, h.served);
  assert.equal(h.storage.record.url, URL_A);
  assert.equal(h.storage.record.files, undefined, 'no parsed copy that could be loaded without a signature check');
});

test('M6: loadStored verifies the stored envelope again, against the URL and keys policy gives now', async () => {
  const h = harness({ served: envelope('1.4.0', 7) });
  await h.run();
  const record = h.storage.record;
  const load = (over = {}) => U.loadStored({ record, url: URL_A, keys: KEY, now: NOW, verifier: V, bundledVersion: '1.3.0', ...over });
  const ok = await load();
  assert.deepEqual([ok.ok, ok.version, ok.serial], [true, '1.4.0', 7]);
  // Policy no longer has the key that signed it (rotated after a leak): not used.
  const other = rawPublicKeyB64(crypto.generateKeyPairSync('ed25519').publicKey);
  const rotated = await load({ keys: other });
  assert.equal(rotated.ok, false);
  assert.match(rotated.reason, /signature does not match/);
  // The administrator moved the address: the signed ruleset stays until the new address delivers (the key decides).
  assert.equal((await load({ url: 'https://elsewhere.example/r.json' })).ok, true, 'stored from the previous URL');
  assert.equal((await load({ url: '' })).ok, false, 'updates switched off: bundled only');
  const expired = await load({ now: NOW + 200 * DAY });
  assert.equal(expired.ok, false);
  assert.match(expired.reason, /expired/);
  const newerBundled = await load({ bundledVersion: '2.0.0' });
  assert.equal(newerBundled.ok, false);
  assert.match(newerBundled.reason, /older than the ruleset 2\.0\.0 built into/);
});

test('M6: a ruleset planted in storage (unsigned files, or an envelope signed by another key) is ignored', async () => {
  const planted = [
    { files: filesOf('66.6.0'), url: URL_A, version: '66.6.0' },                        // the old record shape: parsed files
    { envelope: JSON.stringify({ format: 'postcheck-signed-ruleset/2', version: '66.6.0', payload: Buffer.from('{}').toString('base64'),
      signature: Buffer.alloc(64).toString('base64') }), url: URL_A },
    { envelope: envelope('66.6.0', 999999, { key: crypto.generateKeyPairSync('ed25519').privateKey }), url: URL_A },
  ];
  for (const record of planted) {
    const r = await U.loadStored({ record, url: URL_A, keys: KEY, now: NOW, verifier: V, bundledVersion: '1.0.0' });
    assert.equal(r.ok, false, JSON.stringify(record).slice(0, 80));
    assert.equal(r.files, undefined);
  }
});

test('M5: the serial floor holds while the configured keys verify the stored ruleset; a new signer starts over', async () => {
  const h = harness({ served: envelope('1.4.0', 500) });
  await h.run();
  const next = crypto.generateKeyPairSync('ed25519');
  const NEXT = rawPublicKeyB64(next.publicKey);
  // Rotation: both keys listed, the new key signs serial 20 (say its signer counts from 1): refused, old is still valid.
  h.served = envelope('1.5.0', 20, { key: next.privateKey });
  assert.equal((await h.run({ rulesetUrl: URL_A, rulesetPublicKey: `${KEY} ${NEXT}` })).state, 'error');
  // Only the new key listed: the old ruleset is no longer trusted, so its serial no longer binds.
  const st = await h.run({ rulesetUrl: URL_A, rulesetPublicKey: NEXT });
  assert.equal(st.state, 'ok', st.reason);
  assert.equal(h.storage.record.serial, 20);
});

test('M6: runUpdate takes URL and key from its settings argument only (the caller reads them from policy)', async () => {
  const h = harness({ served: envelope('1.4.0', 7) });
  h.storage.record = { url: URL_A, serial: 1, envelope: 'x', rulesetPublicKey: 'planted' };
  const other = rawPublicKeyB64(crypto.generateKeyPairSync('ed25519').publicKey);
  const st = await h.run({ rulesetUrl: URL_A, rulesetPublicKey: other });
  assert.equal(st.state, 'error');
  assert.match(st.reason, /signature does not match/);
});

test('an administrator\'s change of update URL or keys during a pass gets a pass of its own; the same settings only join', async () => {
  // Policy as each pass reads it; a pass then waits until the test calls open(), like a download in flight.
  let policy = 'url-A';
  const passes = [];
  let open;
  const pass = async (reason, readKey) => {
    const read = policy;
    readKey(read);
    passes.push(`${reason}:${read}`);
    await new Promise((res) => { open = res; });
    return read;
  };
  const request = U.serialUpdates(pass);
  const settle = () => new Promise((res) => setTimeout(res, 0));

  // A browser start asks three times for the same settings: one pass, one fetch (M4).
  const first = request('startup');
  request('installed');
  request('settings', 'url-A');
  await settle();
  open();
  assert.equal(await first, 'url-A');
  await settle();
  assert.deepEqual(passes, ['startup:url-A']);

  // The administrator moves the URL while a pass for the old one downloads: one more pass, for the new URL.
  const running = request('alarm');
  await settle();
  policy = 'url-B';
  request('settings', 'url-B');
  request('settings', 'url-B');
  open();
  await running;
  await settle();
  assert.deepEqual(passes, ['startup:url-A', 'alarm:url-A', 'settings:url-B']);
  open();
  await settle();

  // Asked for before the pass read policy, which still gave it the old settings (policy lags): still one more pass.
  policy = 'url-B';
  const lagging = request('alarm');
  request('settings', 'url-C');
  await settle();
  policy = 'url-C';
  open();
  await lagging;
  await settle();
  assert.deepEqual(passes.slice(3), ['alarm:url-B', 'settings:url-C']);
  open();
  await settle();
  assert.equal(passes.length, 5, 'no pass after the last one caught up');
});

// The background's wiring (background.js doUpdate) with the real EngineHost: an administrator's settings change can
// discard the running engine, or restart it, while an update is downloading or running its examples.
test('an update is kept when a settings change discards or restarts the engine meanwhile; the next start loads it', async () => {
  const r = await build({ entryPoints: [`${REPO}/extension/src/background/engine_host.js`], bundle: true, format: 'esm', write: false,
    platform: 'neutral', logLevel: 'silent', define: { POSTCHECK_TEST_BUILD: 'false' } });
  const { EngineHost } = await import('data:text/javascript;base64,' + Buffer.from(r.outputFiles[0].text).toString('base64'));
  // discarded: no engine when the update activates. restarted: a fresh start, which chose before the update was
  // stored, is still compiling then. starting: a start in flight is discarded, and nothing starts another.
  for (const during of ['discarded', 'restarted', 'starting']) {
    const h = harness({ served: envelope('1.4.0', 7) });
    const made = [];
    const host = new EngineHost({
      // Every engine after the first takes longer to compile than the update takes to verify and run its examples.
      createEngine: async () => {
        const engine = {
          disposed: false,
          loadRuleset: (files) => { const version = V.versionOf(files).version; return { ok: true, info: { name: 'core', version, ruleCount: 1 } }; },
          dispose() { this.disposed = true; },
        };
        made.push(engine);
        if (made.length > 1) await new Promise((res) => setTimeout(res, 200));
        return engine;
      },
      bundledFiles: async () => filesOf('1.0.0'),
      storedRuleset: (bundledVersion) => U.loadStored({ record: h.storage.record || null, url: URL_A, keys: KEY, now: NOW, verifier: V, bundledVersion }),
    });
    host.setSettings({});
    assert.equal(await host.ready(), true);
    assert.equal(host.info.version, '1.0.0');
    if (during === 'starting') {
      host.discard();
      void host.ready();
    }
    const fetchText = h.deps.fetchText;
    h.deps.fetchText = async (url) => {
      host.discard(); // background.js readSettings: the update URL or keys changed since this engine chose its ruleset
      if (during === 'restarted') void host.ready(); // and a check (or the options page) starts a fresh engine at once
      return fetchText(url);
    };
    h.deps.activate = (files) => host.activate(files);
    const st = await h.run();
    assert.equal(st.state, 'ok', `${during}: ${st.reason}`);
    assert.equal(h.storage.record.serial, 7, 'stored');
    assert.equal(await host.ready(), true);
    assert.equal(host.info.version, '1.4.0', `${during}: the engine that checks runs the update`);
    assert.equal(host.source, 'update');
    // A wasm instance holds megabytes: each one but the engine in use was disposed, none left behind unreachable.
    assert.deepEqual(made.filter((e) => !e.disposed), [host.engine], `${during}: ${made.length} engines made`);
  }
});

test('L6: shipped builds refuse http://localhost and http://127.0.0.1 update URLs; the test build allows them', async () => {
  for (const url of ['http://localhost:8080/r.json', 'http://127.0.0.1/r.json', 'http://rules.example/r.json']) {
    const h = harness({ served: envelope('1.4.0', 7) });
    const st = await h.run({ rulesetUrl: url, rulesetPublicKey: KEY });
    assert.equal(st.state, 'error', url);
    assert.match(st.reason, /must be an https:\/\/ URL/);
    assert.equal(h.fetched, 0, 'nothing was requested');
  }
  const T = await loadUpdater(true);
  assert.equal(T.urlProblem('http://127.0.0.1:9/r.json', true), '');
  assert.equal(U.urlProblem('https://rules.example/r.json', false), '');
});

// ---- downloadText against a real local server -------------------------------------------------
let server, base;
const hits = [];
before(async () => {
  server = http.createServer((req, res) => {
    hits.push(req.url);
    if (req.url === '/big-declared') {
      res.writeHead(200, { 'content-length': String(9 * 1024 * 1024), 'access-control-allow-origin': '*' });
      res.end(Buffer.alloc(9 * 1024 * 1024, 0x20));
    } else if (req.url === '/big-streamed') {
      // No length header: chunked, never-ending until the client hangs up (or 64 MiB).
      res.writeHead(200, { 'access-control-allow-origin': '*' });
      let sent = 0;
      const chunk = Buffer.alloc(256 * 1024, 0x20);
      const pump = () => {
        while (sent < 64 * 1024 * 1024) {
          sent += chunk.length;
          if (!res.write(chunk)) { res.once('drain', pump); return; }
        }
        res.end();
      };
      res.on('close', () => { res.destroyed || res.destroy(); });
      pump();
      server.streamed = () => sent;
    } else if (req.url === '/redirect-to-http') {
      res.writeHead(302, { location: `${base}/plain.json` });
      res.end();
    } else if (req.url === '/plain.json' || req.url === '/ok.json') {
      res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
      res.end('{"ok": "\u00e9"}');
    } else {
      res.writeHead(404); res.end();
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${server.address().port}`;
});
after(() => new Promise((r) => { server.closeAllConnections?.(); server.close(r); }));

test('L6: a download is read as UTF-8 text', async () => {
  assert.equal(await U.downloadText(`${base}/ok.json`, fetch), '{"ok": "\u00e9"}');
});

test('L6: a declared Content-Length over the cap is refused before the body is read', async () => {
  await assert.rejects(U.downloadText(`${base}/big-declared`, fetch), /9437184 bytes; the limit is 8388608/);
});

test('L6: a body without a length is cut off while streaming, once past the cap', async () => {
  const before = process.memoryUsage().rss;
  await assert.rejects(U.downloadText(`${base}/big-streamed`, fetch), /larger than the limit of 8388608 bytes/);
  const grew = process.memoryUsage().rss - before;
  assert.ok(grew < 48 * 1024 * 1024, `memory grew by ${grew} bytes (a full read would hold 64 MiB)`);
});

test('L6: the download follows no redirect (what the redirect points at is never read)', async () => {
  const calls = [];
  const recording = (url, opts) => { calls.push(opts); return fetch(url, opts); };
  await assert.rejects(U.downloadText(`${base}/redirect-to-http`, recording), /a redirect, which PostCheck does not follow/);
  assert.equal(calls[0].redirect, 'error', 'the download itself refuses redirects');
  // The one diagnostic probe after a failure is no-cors (which must follow redirects): in the extension the CSP's
  // connect-src keeps it off http (tests/deploy/ruleset_update_browser.test.mjs proves that in Chromium).
  assert.deepEqual(calls.slice(1).map((o) => o.mode), ['no-cors']);
});

test('the header version is found by reading only files that can hold it, with the same answer as reading them all', () => {
  const header = { name: 'rules/core/ruleset.json', text: '// comment\n{"ruleset": {"name": "core", "version": "2.3.4"}}' };
  const mentions = { name: 'rules/core/a.json', text: '{"rules": [{"id": "x", "message": "see the ruleset header"}]}' };
  // A key spelled with an escape is the same key to JSON.parse and to the engine: it must still be found.
  const escaped = { name: 'rules/core/b.json', text: '{"rules\\u0065t": {"name": "other", "version": "9.9.9"}}' };
  // (The verifier runs in its own realm, as in the extension: its answers are compared field by field.)
  assert.equal(V.versionOf([header, mentions]).version, '2.3.4');
  assert.equal(V.versionOf([mentions, escaped]).version, '9.9.9');
  assert.match(V.versionOf([header, escaped]).error, /exactly one ruleset header file, found 2/);
  assert.match(V.versionOf([mentions]).error, /found 0/);
  // The shipped rules: the header's own version.
  const bundle = JSON.parse(fs.readFileSync(`${REPO}/build/rules/bundle.json`, 'utf8'));
  const own = JSON.parse(fs.readFileSync(`${REPO}/rules/core/ruleset.json`, 'utf8').replace(/^\s*\/\/.*$/gm, '')).ruleset.version;
  assert.equal(V.versionOf(bundle).version, own);
});
