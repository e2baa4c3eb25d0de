// Tests scripts/package.sh: byte-reproducible packages, no "key" in the store zip, a CRX3 whose header parses and whose id is the key's, a gecko id in the XPI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PACKAGE = path.join(REPO, 'scripts/package.sh');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pc-package-'));
process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));

// ---- independent readers (not the writer's code, so a writer bug cannot hide itself) ----

function readZip(buf) {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(eocd >= 0, 'zip has an end-of-central-directory record');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries = new Map();
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50);
    const method = buf.readUInt16LE(p + 10), time = buf.readUInt16LE(p + 12), date = buf.readUInt16LE(p + 14);
    const csize = buf.readUInt32LE(p + 20), nlen = buf.readUInt16LE(p + 28), xlen = buf.readUInt16LE(p + 30), clen = buf.readUInt16LE(p + 32);
    const attrs = buf.readUInt32LE(p + 38), local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nlen).toString('utf8');
    const lstart = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(lstart, lstart + csize);
    entries.set(name, { method, time, date, attrs, extra: xlen + clen, data: method === 8 ? zlib.inflateRawSync(raw) : Buffer.from(raw) });
    p += 46 + nlen + xlen + clen;
  }
  return entries;
}

function readVarint(buf, p) {
  let n = 0, mul = 1, b;
  do { b = buf[p++]; n += (b & 0x7f) * mul; mul *= 128; } while (b & 0x80);
  return [n, p];
}
// Protobuf message -> {field: [Buffer, ...]} for length-delimited fields (all CRX3 uses).
function readProto(buf) {
  const out = {};
  let p = 0;
  while (p < buf.length) {
    let tag, len;
    [tag, p] = readVarint(buf, p);
    assert.equal(tag & 7, 2, 'only length-delimited fields expected');
    [len, p] = readVarint(buf, p);
    (out[tag >>> 3] ||= []).push(buf.subarray(p, p + len));
    p += len;
  }
  assert.equal(p, buf.length, 'protobuf ends exactly');
  return out;
}
function readCrx(buf) {
  assert.equal(buf.subarray(0, 4).toString('latin1'), 'Cr24');
  assert.equal(buf.readUInt32LE(4), 3, 'CRX version 3');
  const hlen = buf.readUInt32LE(8);
  const header = readProto(buf.subarray(12, 12 + hlen));
  const zip = buf.subarray(12 + hlen);
  const proofs = (header[2] || []).map((m) => { const f = readProto(m); return { publicKey: f[1][0], signature: f[2][0] }; });
  const signedHeaderData = header[10000][0];
  const crxId = readProto(signedHeaderData)[1][0];
  return { proofs, signedHeaderData, crxId, zip };
}
const idFromDer = (der) => [...crypto.createHash('sha256').update(der).digest('hex').slice(0, 32)].map((c) => 'abcdefghijklmnop'[parseInt(c, 16)]).join('');

// ---- a small extension, written twice with different mtimes, modes and creation order ----

const KEY_PATH = path.join(tmp, 'keys/crx-key.pem');
const GECKO = 'postcheck-test@example.nhs.uk';
function makeExtension(dir, reverse) {
  const files = {
    'manifest.json': JSON.stringify({ manifest_version: 3, name: 'PostCheck test', version: '1.4.2', key: 'MIIBIjANdevkey', background: { service_worker: 'sw.js' } }),
    'manifest.firefox.json': JSON.stringify({ manifest_version: 3, name: 'PostCheck test', version: '1.4.2', browser_specific_settings: { gecko: { id: GECKO } }, background: { scripts: ['sw.js'] } }),
    'sw.js': '// worker\n'.repeat(50),
    'build.json': '{"testBuild": false}\n',
    'content/a.js': 'console.log(1)\n',
    'content/b.js': 'console.log(2)\n',
    'icons/icon16.png': crypto.createHash('sha512').update('png').digest(),
  };
  const names = Object.keys(files);
  if (reverse) names.reverse();
  for (const n of names) {
    fs.mkdirSync(path.dirname(path.join(dir, n)), { recursive: true });
    fs.writeFileSync(path.join(dir, n), files[n], { mode: reverse ? 0o600 : 0o644 });
    const t = reverse ? new Date('2031-05-05') : new Date('2001-01-01');
    fs.utimesSync(path.join(dir, n), t, t);
  }
}
function runPackage(src, out, extraEnv = {}, args = ['--new-crx-key']) {
  const r = spawnSync('bash', [PACKAGE, ...args], { encoding: 'utf8',
    env: { ...process.env, POSTCHECK_EXTENSION_DIR: src, POSTCHECK_PACKAGES_DIR: out, POSTCHECK_CRX_KEY: KEY_PATH,
      POSTCHECK_UPDATE_BASE_URL: 'https://apps.trust.nhs.example/postcheck/', ...extraEnv } });
  assert.equal(r.status, 0, r.stderr);
  return r;
}

makeExtension(path.join(tmp, 'ext1'), false);
makeExtension(path.join(tmp, 'ext2'), true);
const first = runPackage(path.join(tmp, 'ext1'), path.join(tmp, 'out1'));
runPackage(path.join(tmp, 'ext2'), path.join(tmp, 'out2'));
const OUT = path.join(tmp, 'out1');
const NAMES = ['postcheck-1.4.2-store.zip', 'postcheck-1.4.2.crx', 'updates.xml', 'postcheck-1.4.2.xpi', 'postcheck-latest.xpi'];

test('one command makes the packages, named from the manifest version, and the Firefox file the docs name', () => {
  for (const n of NAMES) assert.ok(fs.existsSync(path.join(OUT, n)), n);
  assert.match(first.stderr, /created CRX signing key/);
  assert.ok(fs.readFileSync(path.join(OUT, 'postcheck-latest.xpi')).equals(fs.readFileSync(path.join(OUT, 'postcheck-1.4.2.xpi'))));
  const docsUrl = JSON.parse(fs.readFileSync(path.join(REPO, 'docs/admin/firefox/policies.json'), 'utf8')).policies.ExtensionSettings;
  assert.match(Object.values(docsUrl)[0].install_url, /\/postcheck-latest\.xpi$/, 'docs/admin/firefox/policies.json points at a file package.sh writes');
});

test('package.sh answers --help, refuses unknown arguments, and never creates a key unless asked by name', () => {
  const h = spawnSync('bash', [PACKAGE, '--help'], { encoding: 'utf8', env: { ...process.env, POSTCHECK_CRX_KEY: path.join(tmp, 'help-key.pem') } });
  assert.equal(h.status, 0);
  assert.match(h.stdout, /usage: bash scripts\/package\.sh/);
  assert.match(h.stdout, /--new-crx-key/);
  assert.equal(fs.existsSync(path.join(tmp, 'help-key.pem')), false, '--help made no key');
  const u = spawnSync('bash', [PACKAGE, '--hlep'], { encoding: 'utf8' });
  assert.equal(u.status, 2);
  assert.match(u.stderr, /unknown argument '--hlep'/);
  const missing = path.join(tmp, 'never-made.pem');
  const r = spawnSync('bash', [PACKAGE], { encoding: 'utf8', env: { ...process.env, POSTCHECK_EXTENSION_DIR: path.join(tmp, 'ext1'),
    POSTCHECK_PACKAGES_DIR: path.join(tmp, 'out-nokey'), POSTCHECK_CRX_KEY: missing } });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /no CRX signing key at .*never-made\.pem.*restore it from your backup.*--new-crx-key/);
  assert.equal(fs.existsSync(missing), false, 'no key was created');
  assert.equal(fs.existsSync(path.join(tmp, 'out-nokey')), false, 'nothing was packaged');
});

test('two builds from differently-stamped copies are byte-identical', () => {
  for (const n of NAMES) {
    assert.ok(fs.readFileSync(path.join(OUT, n)).equals(fs.readFileSync(path.join(tmp, 'out2', n))), `${n} differs between builds`);
  }
});

test('zips use fixed order, time and attributes, and pass unzip -t', () => {
  for (const n of ['postcheck-1.4.2-store.zip', 'postcheck-1.4.2.xpi']) {
    const entries = readZip(fs.readFileSync(path.join(OUT, n)));
    const names = [...entries.keys()];
    assert.deepEqual(names, [...names].sort(), `${n}: entries sorted`);
    for (const [name, e] of entries) {
      assert.equal(e.time, 0, name);
      assert.equal(e.date, 0x21, `${name}: 1980-01-01`);
      assert.equal(e.attrs >>> 16, 0o100644, `${name}: mode 0644`);
      assert.equal(e.extra, 0, `${name}: no extra fields or comments`);
    }
    execFileSync('unzip', ['-tqq', path.join(OUT, n)]);
  }
});

test('the store zip has no "key" and no update_url, and no manifest variants', () => {
  const entries = readZip(fs.readFileSync(path.join(OUT, 'postcheck-1.4.2-store.zip')));
  const m = JSON.parse(entries.get('manifest.json').data);
  assert.equal('key' in m, false);
  assert.equal('update_url' in m, false);
  assert.equal(m.version, '1.4.2');
  assert.equal(entries.has('manifest.firefox.json'), false);
  assert.equal(entries.get('sw.js').data.toString(), '// worker\n'.repeat(50));
});

test('the CRX3 header parses, its signature verifies, and its id is the key\'s id', () => {
  const crx = readCrx(fs.readFileSync(path.join(OUT, 'postcheck-1.4.2.crx')));
  assert.equal(crx.proofs.length, 1);
  const key = crypto.createPrivateKey(fs.readFileSync(KEY_PATH));
  const der = crypto.createPublicKey(key).export({ format: 'der', type: 'spki' });
  assert.ok(crx.proofs[0].publicKey.equals(der), 'header carries the signing public key');
  assert.ok(crx.crxId.equals(crypto.createHash('sha256').update(der).digest().subarray(0, 16)), 'crx_id = sha256(key)[0:16]');
  const len = Buffer.alloc(4); len.writeUInt32LE(crx.signedHeaderData.length);
  const signed = Buffer.concat([Buffer.from('CRX3 SignedData\x00', 'latin1'), len, crx.signedHeaderData, crx.zip]);
  assert.ok(crypto.verify('sha256', signed, crypto.createPublicKey(key), crx.proofs[0].signature), 'RSA-SHA256 signature verifies');
  const id = idFromDer(der);
  const m = JSON.parse(readZip(crx.zip).get('manifest.json').data);
  assert.equal(m.key, der.toString('base64'), 'CRX manifest key = signing key (same id packed or unpacked)');
  assert.equal(m.update_url, 'https://apps.trust.nhs.example/postcheck/updates.xml');
  const xml = fs.readFileSync(path.join(OUT, 'updates.xml'), 'utf8');
  assert.match(xml, new RegExp(`<app appid='${id}'>`));
  assert.match(xml, /codebase='https:\/\/apps\.trust\.nhs\.example\/postcheck\/postcheck-1\.4\.2\.crx' version='1\.4\.2'/);
  assert.equal(JSON.parse(fs.readFileSync(path.join(OUT, 'extension-ids.json'))).selfHostedId, id);
});

test('Chromium packs the same key to the same CRX id (cross-check of the id and header reader)', { skip: !fs.existsSync('/usr/bin/chromium') && 'no chromium' }, () => {
  const dir = path.join(tmp, 'chromium-pack', 'ext');
  makeExtension(dir, false);
  fs.rmSync(path.join(dir, 'manifest.firefox.json'));
  const m = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'))); delete m.key;
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(m));
  spawnSync('/usr/bin/chromium', [`--pack-extension=${dir}`, `--pack-extension-key=${KEY_PATH}`, '--no-sandbox', '--headless=new'], { timeout: 60000 });
  const theirs = readCrx(fs.readFileSync(`${dir}.crx`));
  const ours = readCrx(fs.readFileSync(path.join(OUT, 'postcheck-1.4.2.crx')));
  assert.ok(theirs.crxId.equals(ours.crxId));
  assert.ok(theirs.signedHeaderData.equals(ours.signedHeaderData));
});

test('the XPI carries the Firefox manifest with its gecko id and no "key"', () => {
  const entries = readZip(fs.readFileSync(path.join(OUT, 'postcheck-1.4.2.xpi')));
  const m = JSON.parse(entries.get('manifest.json').data);
  assert.equal(m.browser_specific_settings.gecko.id, GECKO);
  assert.deepEqual(m.background, { scripts: ['sw.js'] });
  assert.equal('key' in m, false);
  assert.equal(entries.has('manifest.firefox.json'), false);
});

test('a different key changes the CRX id; the key is refused inside the repo', () => {
  const other = runPackage(path.join(tmp, 'ext1'), path.join(tmp, 'out3'), { POSTCHECK_CRX_KEY: path.join(tmp, 'other.pem') });
  assert.match(other.stdout, /self-hosted id [a-p]{32}/);
  assert.notEqual(other.stdout.match(/id ([a-p]{32})/)[1], first.stdout.match(/id ([a-p]{32})/)[1]);
  const r = spawnSync('bash', [PACKAGE], { encoding: 'utf8', env: { ...process.env, POSTCHECK_EXTENSION_DIR: path.join(tmp, 'ext1'),
    POSTCHECK_PACKAGES_DIR: path.join(tmp, 'out4'), POSTCHECK_CRX_KEY: path.join(REPO, 'build/crx-key.pem') } });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /inside the repository/);
  assert.equal(fs.existsSync(path.join(REPO, 'build/crx-key.pem')), false);
});

// The real extension, once scripts/build.sh produces it: same checks on the actual build.
const REAL = path.join(REPO, 'build/extension');
test('the real build/extension packages reproducibly', { skip: !fs.existsSync(path.join(REAL, 'manifest.json')) && 'build/extension not built yet' }, () => {
  const a = path.join(tmp, 'real1'), b = path.join(tmp, 'real2');
  runPackage(REAL, a); runPackage(REAL, b);
  const version = JSON.parse(fs.readFileSync(path.join(REAL, 'manifest.json'), 'utf8')).version;
  for (const n of [`postcheck-${version}-store.zip`, `postcheck-${version}.crx`, 'updates.xml', `postcheck-${version}.xpi`]) {
    assert.ok(fs.readFileSync(path.join(a, n)).equals(fs.readFileSync(path.join(b, n))), n);
  }
  const store = JSON.parse(readZip(fs.readFileSync(path.join(a, `postcheck-${version}-store.zip`))).get('manifest.json').data);
  assert.equal('key' in store, false);
  const xpi = JSON.parse(readZip(fs.readFileSync(path.join(a, `postcheck-${version}.xpi`))).get('manifest.json').data);
  assert.ok(xpi.browser_specific_settings?.gecko?.id, 'XPI has a gecko id');
});

// L7: the test build must never ship. Each marker alone is enough to refuse, and nothing is written.
test('the test build cannot be packaged: build.json, a "(test build)" name, or 127.0.0.1/localhost access refuse it', () => {
  const variants = {
    'testBuild true': (m, f) => { f['build.json'] = '{"testBuild": true}'; },
    'no build.json': (m, f) => { delete f['build.json']; },
    'test name': (m) => { m.name = 'PostCheck (test build)'; },
    'localhost host': (m) => { m.host_permissions = ['https://x.com/*', 'http://localhost/*']; },
    '127.0.0.1 content script': (m) => { m.content_scripts = [{ matches: ['http://127.0.0.1/*'], js: ['sw.js'] }]; },
    '127.0.0.1 in the CSP': (m) => { m.content_security_policy = { extension_pages: "default-src 'self'; connect-src 'self' https: http://127.0.0.1:*" }; },
  };
  for (const [name, change] of Object.entries(variants)) {
    const dir = path.join(tmp, `testbuild-${name.replace(/\W+/g, '-')}`);
    makeExtension(dir, false);
    const m = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    const files = { 'build.json': fs.readFileSync(path.join(dir, 'build.json'), 'utf8') };
    change(m, files);
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(m));
    if (files['build.json'] === undefined) fs.rmSync(path.join(dir, 'build.json')); else fs.writeFileSync(path.join(dir, 'build.json'), files['build.json']);
    const out = path.join(tmp, `out-${path.basename(dir)}`);
    const r = spawnSync('bash', [PACKAGE], { encoding: 'utf8', env: { ...process.env, POSTCHECK_EXTENSION_DIR: dir, POSTCHECK_PACKAGES_DIR: out, POSTCHECK_CRX_KEY: KEY_PATH } });
    assert.equal(r.status, 1, `${name}: ${r.stderr}`);
    assert.match(r.stderr, /refusing to package .* not a release build/, name);
    assert.equal(fs.existsSync(out), false, `${name}: nothing was written`);
  }
});

test('the real build/extension-test is refused by package.sh', { skip: !fs.existsSync(path.join(REPO, 'build/extension-test/manifest.json')) && 'build/extension-test not built yet' }, () => {
  const r = spawnSync('bash', [PACKAGE], { encoding: 'utf8', env: { ...process.env, POSTCHECK_EXTENSION_DIR: path.join(REPO, 'build/extension-test'),
    POSTCHECK_PACKAGES_DIR: path.join(tmp, 'out-real-test'), POSTCHECK_CRX_KEY: KEY_PATH } });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /testBuild: true/);
  assert.match(r.stderr, /\(test build\)/);
  assert.match(r.stderr, /http:\/\/127\.0\.0\.1\/\*/);
});
