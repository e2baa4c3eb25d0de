// Unit tests for extension/src/background/ruleset_update.js and scripts/sign-ruleset.mjs: real Ed25519 envelopes, tampering, wrong keys, key lists, serial and expiry, malformed input, isDue, version order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadVerifier, sign, rawPublicKeyB64 } from '../../scripts/sign-ruleset.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SRC = path.join(REPO, 'extension/src/background/ruleset_update.js');
const CLI = path.join(REPO, 'scripts/sign-ruleset.mjs');

const U = loadVerifier();
const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
const PUB = rawPublicKeyB64(publicKey);
const OTHER_PUB = rawPublicKeyB64(crypto.generateKeyPairSync('ed25519').publicKey);

const HEADER = '// core header\n{ "ruleset": { "name": "NHS social media core", /* bumped by comms */ "version": "1.2.3" } }\n';
const FILES = [
  { name: 'rules/core/ruleset.json', text: HEADER },
  { name: 'rules/core/commercial_gain.json', text: '{"rules": []}' },
  { name: 'rules/trusts/ndht.json', text: '{"trust": {"id": "ndht", "name": "url // not a comment"}}' },
];
const bundle = (files) => Buffer.from(JSON.stringify(files));
const envelopeFor = (files) => sign(bundle(files), privateKey);
// Signs arbitrary payload bytes without sign()'s own checks, to reach the verifier's payload validation.
function rawEnvelope(payloadBytes, version = '1.2.3', key = privateKey, format = 'postcheck-signed-ruleset/2') {
  return JSON.stringify({ format, version, payload: Buffer.from(payloadBytes).toString('base64'),
    signature: crypto.sign(null, Buffer.from(payloadBytes), key).toString('base64') });
}
// A v2 payload around `files` (or anything else in its place), with a valid serial and validity window by default.
const DAY = 24 * 3600 * 1000;
function payloadOf(files, fields = {}) {
  return Buffer.from(JSON.stringify({ serial: 7, issued: '2026-01-01T00:00:00Z', expires: '2030-01-01T00:00:00Z', files, ...fields }));
}
const edit = (text, fn) => { const e = JSON.parse(text); fn(e); return JSON.stringify(e); };

test('the file is a classic script that touches no extension API', () => {
  const src = fs.readFileSync(SRC, 'utf8');
  assert.doesNotMatch(src, /^\s*(import|export)\s/m);
  assert.doesNotMatch(src, /\b(chrome|browser)\s*\./);
  assert.doesNotMatch(src, /\bfetch\s*\(/);
  assert.equal(typeof U.verify, 'function');
  assert.equal(typeof U.isDue, 'function');
});

test('a real signed envelope verifies and returns the files and the signed version', async () => {
  const r = await U.verify(envelopeFor(FILES), PUB);
  assert.equal(r.ok, true, r.error);
  assert.equal(r.version, '1.2.3');
  assert.deepEqual(JSON.parse(JSON.stringify(r.files)), FILES);
});

test('surrounding whitespace in the configured public key is tolerated', async () => {
  assert.equal((await U.verify(envelopeFor(FILES), `  ${PUB}\n`)).ok, true);
});

test('a tampered payload is rejected', async () => {
  const good = envelopeFor(FILES);
  const tampered = edit(good, (e) => {
    const b = Buffer.from(e.payload, 'base64');
    e.payload = Buffer.from(b.toString('utf8').replace('1.2.3', '9.9.9')).toString('base64');
  });
  const r = await U.verify(tampered, PUB);
  assert.equal(r.ok, false);
  assert.match(r.error, /signature/);
  // One flipped bit anywhere in the payload bytes is enough.
  const flipped = edit(good, (e) => { const b = Buffer.from(e.payload, 'base64'); b[10] ^= 1; e.payload = b.toString('base64'); });
  assert.equal((await U.verify(flipped, PUB)).ok, false);
});

test('a wrong key or a bad key string is rejected', async () => {
  const good = envelopeFor(FILES);
  const r = await U.verify(good, OTHER_PUB);
  assert.equal(r.ok, false);
  assert.match(r.error, /signature does not match/);
  for (const bad of ['', 'not base64!', Buffer.alloc(31).toString('base64'), undefined, null, 42]) {
    const x = await U.verify(good, bad);
    assert.equal(x.ok, false);
    assert.match(x.error, /rulesetPublicKey/);
  }
});

test('an envelope relabelled with another version is rejected', async () => {
  const relabelled = edit(envelopeFor(FILES), (e) => { e.version = '9.9.9'; });
  const r = await U.verify(relabelled, PUB);
  assert.equal(r.ok, false);
  assert.match(r.error, /differs from the signed ruleset version/);
});

test('malformed envelopes are rejected with a reason, never thrown', async () => {
  const good = envelopeFor(FILES);
  const cases = {
    'not JSON': '{"format":',
    'array': '[]',
    'null': 'null',
    'not a string': 42,
    'extra field': edit(good, (e) => { e.extra = 'x'; }),
    'missing signature': edit(good, (e) => { delete e.signature; }),
    'numeric version': edit(good, (e) => { e.version = 1; }),
    'wrong format': edit(good, (e) => { e.format = 'postcheck-signed-ruleset/3'; }),
    'empty version': edit(good, (e) => { e.version = ''; }),
    'payload not base64': edit(good, (e) => { e.payload = e.payload.slice(0, -1) + '*'; }),
    'payload base64 with whitespace': edit(good, (e) => { e.payload = e.payload.slice(0, 8) + '\n' + e.payload.slice(8); }),
    'short signature': edit(good, (e) => { e.signature = Buffer.alloc(63).toString('base64'); }),
    'too large': ' '.repeat(8 * 1024 * 1024 + 1),
  };
  for (const [name, text] of Object.entries(cases)) {
    const r = await U.verify(text, PUB);
    assert.equal(r.ok, false, name);
    assert.equal(typeof r.error, 'string', name);
    assert.ok(r.error.length > 0, name);
  }
});

test('a correctly signed but invalid payload is rejected (strict payload validation)', async () => {
  const cases = {
    'not UTF-8': Buffer.from([0xff, 0xfe, 0x5b, 0x5d]),
    'not JSON': Buffer.from('{"files": [{"name":'),
    'a bare file array (format 1 payload)': bundle(FILES),
    'files object, not array': payloadOf({ name: 'a.json', text: '' }),
    'empty array': payloadOf([]),
    'item not object': payloadOf(['rules/core/ruleset.json']),
    'missing text': payloadOf([{ name: 'rules/core/ruleset.json' }]),
    'extra item key': payloadOf([{ name: 'rules/core/ruleset.json', text: HEADER, mode: 'x' }]),
    'text not string': payloadOf([{ name: 'rules/core/ruleset.json', text: {} }]),
    'path traversal': payloadOf([{ name: 'rules/../../etc/x.json', text: HEADER }]),
    'absolute name': payloadOf([{ name: '/rules/core/ruleset.json', text: HEADER }]),
    'not .json': payloadOf([{ name: 'rules/core/ruleset.js', text: HEADER }]),
    'duplicate names': payloadOf([FILES[0], FILES[0]]),
    'no header': payloadOf([FILES[1]]),
    'two headers': payloadOf([FILES[0], { name: 'rules/core/again.json', text: HEADER }]),
    'header without version': payloadOf([{ name: 'rules/core/ruleset.json', text: '{"ruleset": {"name": "x"}}' }]),
    'no serial': payloadOf(FILES, { serial: undefined }),
    'serial zero': payloadOf(FILES, { serial: 0 }),
    'serial not an integer': payloadOf(FILES, { serial: 1.5 }),
    'serial as text': payloadOf(FILES, { serial: '8' }),
    'no expiry': payloadOf(FILES, { expires: undefined }),
    'expiry not a UTC time': payloadOf(FILES, { expires: 'next year' }),
    'expiry before issue': payloadOf(FILES, { issued: '2026-02-01T00:00:00Z', expires: '2026-01-01T00:00:00Z' }),
    'unknown payload field': payloadOf(FILES, { mode: 'warn' }),
  };
  for (const [name, bytes] of Object.entries(cases)) {
    const r = await U.verify(rawEnvelope(bytes), PUB);
    assert.equal(r.ok, false, name);
    assert.doesNotMatch(r.error, /signature/, `${name}: should fail on content, not signature (${r.error})`);
  }
});

test('isDue follows the interval, treats missing history and a clock going back as due', () => {
  const H = 3600 * 1000, now = Date.UTC(2025, 0, 1);
  assert.equal(U.isDue(0, 24, now), true);
  assert.equal(U.isDue(undefined, 24, now), true);
  assert.equal(U.isDue(NaN, 24, now), true);
  assert.equal(U.isDue(now - 23 * H, 24, now), false);
  assert.equal(U.isDue(now - 24 * H, 24, now), true);
  assert.equal(U.isDue(now - 2 * H, 1, now), true);
  assert.equal(U.isDue(now - 167 * H, 168, now), false);
  assert.equal(U.isDue(now + H, 24, now), true, 'clock moved backwards');
  // Out-of-range or missing hours fall back to 24 rather than hammering the server or never fetching.
  assert.equal(U.isDue(now - 23 * H, 0, now), false);
  assert.equal(U.isDue(now - 23 * H, 10000, now), false);
  assert.equal(U.isDue(now - 25 * H, undefined, now), true);
});

test('CLI: keygen outside the repo, sign, verify; refuses keys inside the repo', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pc-sign-'));
  try {
    const env = { ...process.env, POSTCHECK_RULESET_KEY: path.join(dir, 'keys/ruleset.pem') };
    const pub = execFileSync('node', [CLI, 'keygen'], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
    assert.equal(Buffer.from(pub, 'base64').length, 32);
    assert.equal((fs.statSync(env.POSTCHECK_RULESET_KEY).mode & 0o777), 0o600);
    assert.equal(spawnSync('node', [CLI, 'keygen'], { env }).status, 1, 'keygen must not overwrite a key');
    const inRepo = spawnSync('node', [CLI, 'keygen', '--key', path.join(REPO, 'build/oops.pem')], { env, encoding: 'utf8' });
    assert.equal(inRepo.status, 1);
    assert.match(inRepo.stderr, /inside the repository/);

    const bundlePath = path.join(dir, 'bundle.json');
    fs.writeFileSync(bundlePath, JSON.stringify(FILES, null, 2));
    const out = path.join(dir, 'ruleset.signed.json');
    execFileSync('node', [CLI, 'sign', bundlePath, '-o', out], { env, stdio: 'pipe' });
    const envelope = JSON.parse(fs.readFileSync(out, 'utf8'));
    assert.deepEqual(Object.keys(envelope), ['format', 'version', 'payload', 'signature']);
    assert.equal(envelope.format, 'postcheck-signed-ruleset/2');
    assert.equal(envelope.version, '1.2.3');
    const signed = JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8'));
    assert.deepEqual(Object.keys(signed), ['serial', 'issued', 'expires', 'files']);
    assert.deepEqual(signed.files, FILES, 'the files are the exact bundle files');
    assert.ok(Math.abs(signed.serial * 1000 - Date.now()) < 120000, 'default serial: signing time in seconds');
    assert.equal(Date.parse(signed.expires) - Date.parse(signed.issued), 90 * DAY, 'default validity: 90 days');

    const ok = spawnSync('node', [CLI, 'verify', out, '--public-key', pub], { env, encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /OK: ruleset 1\.2\.3, serial \d+, expires \d{4}-[^,]+, 3 files/);
    // --serial and --valid-days reach the signed payload; verify refuses a file that has expired.
    const short = path.join(dir, 'short.signed.json');
    execFileSync('node', [CLI, 'sign', bundlePath, '-o', short, '--serial', '42', '--valid-days', '2'], { env, stdio: 'pipe' });
    const s2 = JSON.parse(Buffer.from(JSON.parse(fs.readFileSync(short, 'utf8')).payload, 'base64').toString('utf8'));
    assert.equal(s2.serial, 42);
    assert.equal(Date.parse(s2.expires) - Date.parse(s2.issued), 2 * DAY);
    const bad = spawnSync('node', [CLI, 'verify', out, '--public-key', OTHER_PUB], { env, encoding: 'utf8' });
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /INVALID/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('M5: the signed payload carries serial, issue time and expiry, and verify returns them', async () => {
  const issued = Date.UTC(2026, 0, 10);
  const r = await U.verify(sign(bundle(FILES), privateKey, { serial: 1234, issued, validDays: 30 }), PUB, { now: issued + DAY });
  assert.equal(r.ok, true, r.error);
  assert.deepEqual([r.serial, r.issued, r.expires], [1234, issued, issued + 30 * DAY]);
});

test('M5: an expired envelope is refused with its expiry date; before expiry it verifies', async () => {
  const issued = Date.UTC(2026, 0, 10);
  const text = sign(bundle(FILES), privateKey, { serial: 9, issued, validDays: 30 });
  assert.equal((await U.verify(text, PUB, { now: issued + 30 * DAY - 1 })).ok, true);
  const r = await U.verify(text, PUB, { now: issued + 30 * DAY });
  assert.equal(r.ok, false);
  assert.match(r.error, /expired on 2026-02-09T00:00:00\.000Z/);
});

test('M5: format 1 envelopes (no serial, no expiry) are refused with a reason', async () => {
  const r = await U.verify(rawEnvelope(bundle(FILES), '1.2.3', privateKey, 'postcheck-signed-ruleset/1'), PUB);
  assert.equal(r.ok, false);
  assert.match(r.error, /no serial number or expiry/);
});

test('M5: key rotation without a gap: rulesetPublicKey may list several keys, any one of them verifies', async () => {
  const next = crypto.generateKeyPairSync('ed25519');
  const NEXT_PUB = rawPublicKeyB64(next.publicKey);
  const oldSigned = envelopeFor(FILES);
  const newSigned = sign(bundle(FILES), next.privateKey);
  for (const list of [`${PUB} ${NEXT_PUB}`, `${PUB},${NEXT_PUB}`, ` ${NEXT_PUB}\n${PUB} `, [PUB, NEXT_PUB]]) {
    assert.equal((await U.verify(oldSigned, list)).ok, true, `old key in ${JSON.stringify(list)}`);
    const r = await U.verify(newSigned, list);
    assert.equal(r.ok, true, `new key in ${JSON.stringify(list)}`);
  }
  assert.equal((await U.verify(newSigned, `${NEXT_PUB} ${PUB}`)).keyIndex, 0);
  const none = await U.verify(newSigned, `${PUB} ${OTHER_PUB}`);
  assert.equal(none.ok, false);
  assert.match(none.error, /any of the ruleset public keys/);
  // One bad entry spoils the list: an admin typo must show, not silently narrow the accepted keys.
  assert.match((await U.verify(newSigned, `${NEXT_PUB} nonsense`)).error, /rulesetPublicKey/);
});

test('I5: base64 with non-zero padding bits is refused (one signed byte string, one spelling)', async () => {
  const good = envelopeFor(FILES);
  const e = JSON.parse(good);
  const sig = e.signature; // 64 bytes -> ends in "==", so the last character carries 4 unused bits
  assert.match(sig, /==$/);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const last = sig[sig.length - 3];
  const twin = alphabet[alphabet.indexOf(last) | 1]; // same top 2 bits, a non-zero unused bit
  assert.notEqual(twin, last);
  assert.deepEqual(Buffer.from(sig.slice(0, -3) + twin + '==', 'base64'), Buffer.from(sig, 'base64'), 'both spellings decode alike');
  const r = await U.verify(JSON.stringify({ ...e, signature: sig.slice(0, -3) + twin + '==' }), PUB);
  assert.equal(r.ok, false);
  assert.match(r.error, /signature is not a base64/);
});

test('compareVersions orders ruleset versions numerically, a prerelease before its release', () => {
  const c = (a, b) => Math.sign(U.compareVersions(a, b));
  assert.equal(c('1.10.0', '1.9.0'), 1);
  assert.equal(c('1.3.0', '1.3.0'), 0);
  assert.equal(c('1.3', '1.3.0'), 0);
  assert.equal(c('0.9.9', '1.0.0'), -1);
  assert.equal(c('2.0.0-rc.1', '2.0.0'), -1);
  assert.equal(c('2.0.0-rc.2', '2.0.0-rc.10'), -1);
  assert.equal(c('2.0.0+build.5', '2.0.0'), 0);
});
