// Unit tests for extension/src/background/ruleset_update.js and scripts/sign-ruleset.mjs: real Ed25519 envelopes, tampering, wrong keys, malformed input, isDue.
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
function rawEnvelope(payloadBytes, version = '1.2.3', key = privateKey) {
  return JSON.stringify({ format: 'postcheck-signed-ruleset/1', version, payload: Buffer.from(payloadBytes).toString('base64'),
    signature: crypto.sign(null, Buffer.from(payloadBytes), key).toString('base64') });
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
    'wrong format': edit(good, (e) => { e.format = 'postcheck-signed-ruleset/2'; }),
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
    'not JSON': Buffer.from('[{"name":'),
    'object, not array': bundle({ name: 'a.json', text: '' }),
    'empty array': bundle([]),
    'item not object': bundle(['rules/core/ruleset.json']),
    'missing text': bundle([{ name: 'rules/core/ruleset.json' }]),
    'extra item key': bundle([{ name: 'rules/core/ruleset.json', text: HEADER, mode: 'x' }]),
    'text not string': bundle([{ name: 'rules/core/ruleset.json', text: {} }]),
    'path traversal': bundle([{ name: 'rules/../../etc/x.json', text: HEADER }]),
    'absolute name': bundle([{ name: '/rules/core/ruleset.json', text: HEADER }]),
    'not .json': bundle([{ name: 'rules/core/ruleset.js', text: HEADER }]),
    'duplicate names': bundle([FILES[0], FILES[0]]),
    'no header': bundle([FILES[1]]),
    'two headers': bundle([FILES[0], { name: 'rules/core/again.json', text: HEADER }]),
    'header without version': bundle([{ name: 'rules/core/ruleset.json', text: '{"ruleset": {"name": "x"}}' }]),
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
    assert.equal(envelope.version, '1.2.3');
    assert.deepEqual(Buffer.from(envelope.payload, 'base64'), fs.readFileSync(bundlePath), 'payload is the exact bundle bytes');

    const ok = spawnSync('node', [CLI, 'verify', out, '--public-key', pub], { env, encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /OK: ruleset 1\.2\.3, 3 files/);
    const bad = spawnSync('node', [CLI, 'verify', out, '--public-key', OTHER_PUB], { env, encoding: 'utf8' });
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /INVALID/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
