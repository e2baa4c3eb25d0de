// Builds the release packages from an unpacked extension: store zip, signed CRX3 + updates.xml, Firefox XPI; byte-reproducible.
//
// Reproducible means: the same files and the same key give the same bytes, whatever the files' mtimes,
// permissions or directory order. So entries are sorted by name, every entry gets the same DOS time
// (1980-01-01 00:00) and Unix mode 0644, there are no extra fields, and the CRX signature is RSA
// PKCS#1 v1.5 (deterministic, unlike PSS). The zip and CRX3 writers are here, not a dependency, so the
// byte layout is ours to keep stable (the npm crx3 package shells out to zip tools and stamps times).
//
// Called by scripts/package.sh; the functions are exported for tests/deploy.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { releaseProblems } from './release_check.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// Manifest variants for other browsers may sit next to manifest.json in the build; they never ship as files.
const MANIFEST_VARIANT = /^manifest\.[a-z0-9_-]+\.json$/;
const CHROME_STORE_UPDATE = 'https://clients2.google.com/service/update2/crx';

// ---- zip -----------------------------------------------------------------------------------------

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(buf) {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const DOS_TIME = 0;            // 00:00:00
const DOS_DATE = (0 << 9) | (1 << 5) | 1; // 1980-01-01, the earliest DOS date: no real time leaks in
const UNIX_FILE_MODE = 0o100644;

// entries: [{name, data: Buffer}] -> Buffer. Names are sorted here so callers cannot break reproducibility.
export function writeZip(entries) {
  const sorted = [...entries].sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)));
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const { name, data } of sorted) {
    const nameBuf = Buffer.from(name, 'utf8');
    const deflated = zlib.deflateRawSync(data, { level: 9 });
    // Stored when deflate does not help (already-compressed images, wasm sometimes).
    const method = deflated.length < data.length ? 8 : 0;
    const body = method === 8 ? deflated : data;
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);            // version needed: 2.0 (deflate)
    local.writeUInt16LE(0x0800, 6);        // flag: names are UTF-8
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    local.writeUInt16LE(0, 28);            // no extra field (no timestamps, no uid/gid)
    locals.push(local, nameBuf, body);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix, so the external attributes are Unix modes
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt16LE(0, 30);
    central.writeUInt16LE(0, 32);
    central.writeUInt16LE(0, 34);
    central.writeUInt16LE(0, 36);
    central.writeUInt32LE((UNIX_FILE_MODE << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, nameBuf);
    offset += local.length + nameBuf.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(sorted.length, 8);
  end.writeUInt16LE(sorted.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

// ---- CRX3 ----------------------------------------------------------------------------------------
// Format (Chromium components/crx_file/crx3.proto):
//   "Cr24" | uint32le 3 | uint32le header_size | CrxFileHeader | zip
//   CrxFileHeader { repeated AsymmetricKeyProof sha256_with_rsa = 2; bytes signed_header_data = 10000; }
//   AsymmetricKeyProof { bytes public_key = 1; bytes signature = 2; }   SignedData { bytes crx_id = 1; }
//   signature = RSA-SHA256 over "CRX3 SignedData\x00" | uint32le len(signed_header_data) | signed_header_data | zip

function varint(n) {
  const out = [];
  while (n > 0x7f) { out.push((n & 0x7f) | 0x80); n = Math.floor(n / 128); }
  out.push(n);
  return Buffer.from(out);
}
// Only length-delimited fields are needed: tag = field << 3 | wire type 2.
function pbBytes(field, bytes) {
  return Buffer.concat([varint(field * 8 + 2), varint(bytes.length), bytes]);
}

export function spkiDer(key) {
  const pub = key.type === 'private' ? crypto.createPublicKey(key) : key;
  return pub.export({ format: 'der', type: 'spki' });
}

// Chromium's extension id: first 16 bytes of SHA-256 of the SPKI DER, hex digits 0-f written as a-p.
export function extensionIdFromSpki(der) {
  const hex = crypto.createHash('sha256').update(der).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
}

export function writeCrx3(zip, privateKey) {
  const der = spkiDer(privateKey);
  const crxId = crypto.createHash('sha256').update(der).digest().subarray(0, 16);
  const signedHeaderData = pbBytes(1, crxId);
  const lenLE = Buffer.alloc(4);
  lenLE.writeUInt32LE(signedHeaderData.length);
  const signature = crypto.sign('sha256', Buffer.concat([Buffer.from('CRX3 SignedData\x00', 'latin1'), lenLE, signedHeaderData, zip]),
    { key: privateKey, padding: crypto.constants.RSA_PKCS1_PADDING });
  const header = Buffer.concat([
    pbBytes(2, Buffer.concat([pbBytes(1, der), pbBytes(2, signature)])),
    pbBytes(10000, signedHeaderData),
  ]);
  const prefix = Buffer.alloc(12);
  prefix.write('Cr24', 0, 'latin1');
  prefix.writeUInt32LE(3, 4);
  prefix.writeUInt32LE(header.length, 8);
  return Buffer.concat([prefix, header, zip]);
}

// ---- keys ----------------------------------------------------------------------------------------

export function defaultCrxKeyPath() {
  return process.env.POSTCHECK_CRX_KEY || path.join(os.homedir(), '.config/postcheck/crx-key.pem');
}

// The CRX key fixes the self-hosted extension id: losing it means a new id and re-pushing every policy.
// The key is the self-hosted extension's identity, so it is created only when asked for by name
// (package.sh --new-crx-key): a lost or mistyped key path must fail, not quietly mint a new id.
export function loadOrCreateCrxKey(keyPath, log = () => {}, { create = false } = {}) {
  const abs = path.resolve(keyPath);
  if (abs === REPO || abs.startsWith(REPO + path.sep)) throw new Error(`refusing to keep the CRX signing key inside the repository: ${abs}`);
  if (!fs.existsSync(abs) && !create) {
    throw new Error(`no CRX signing key at ${abs}. The key is the self-hosted extension id: restore it from your backup ` +
      '(or set POSTCHECK_CRX_KEY). Only for the very first self-hosted release run: bash scripts/package.sh --new-crx-key');
  }
  if (!fs.existsSync(abs)) {
    const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    fs.mkdirSync(path.dirname(abs), { recursive: true, mode: 0o700 });
    fs.writeFileSync(abs, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
    log(`created CRX signing key ${abs} (back it up: it is the self-hosted extension id)`);
  }
  const key = crypto.createPrivateKey(fs.readFileSync(abs));
  if (key.asymmetricKeyType !== 'rsa') throw new Error(`${abs} is not an RSA private key`);
  return key;
}

// ---- reading the unpacked extension --------------------------------------------------------------

function listFiles(dir) {
  const out = [];
  (function walk(rel) {
    for (const ent of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${ent.name}` : ent.name;
      if (ent.isDirectory()) walk(r);
      else if (ent.isFile()) out.push(r);
      else throw new Error(`${path.join(dir, r)}: only regular files can be packaged`);
    }
  })('');
  return out.sort();
}

function readManifest(file) {
  try { return JSON.parse(fs.readFileSync(file, 'utf8')); } catch (e) { throw new Error(`${file}: ${e.message}`); }
}

const manifestBytes = (m) => Buffer.from(JSON.stringify(m, null, 2) + '\n');

function geckoId(m) {
  return m?.browser_specific_settings?.gecko?.id || m?.applications?.gecko?.id || '';
}

// Finds the Firefox build: manifest.firefox.json beside manifest.json, or a sibling <dir>-firefox/
// folder, or manifest.json itself if it carries a gecko id. Returns {dir, files, manifest}.
function firefoxSource(srcDir, files) {
  if (files.includes('manifest.firefox.json')) {
    return { dir: srcDir, files, manifest: readManifest(path.join(srcDir, 'manifest.firefox.json')) };
  }
  const sibling = `${srcDir.replace(/\/+$/, '')}-firefox`;
  if (fs.existsSync(path.join(sibling, 'manifest.json'))) {
    const ffFiles = listFiles(sibling);
    return { dir: sibling, files: ffFiles, manifest: readManifest(path.join(sibling, 'manifest.json')) };
  }
  return { dir: srcDir, files, manifest: readManifest(path.join(srcDir, 'manifest.json')) };
}

function entriesFrom(dir, files, manifest) {
  const entries = [];
  for (const f of files) {
    if (f === 'manifest.json' || MANIFEST_VARIANT.test(f)) continue;
    entries.push({ name: f, data: fs.readFileSync(path.join(dir, f)) });
  }
  entries.push({ name: 'manifest.json', data: manifestBytes(manifest) });
  return entries;
}

// ---- the packages --------------------------------------------------------------------------------

function xmlAttr(s) {
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/'/g, '&apos;').replace(/"/g, '&quot;');
}

export function updatesXml(id, version, crxUrl) {
  return `<?xml version='1.0' encoding='UTF-8'?>
<gupdate xmlns='http://www.google.com/update2/response' protocol='2.0'>
  <app appid='${xmlAttr(id)}'>
    <updatecheck codebase='${xmlAttr(crxUrl)}' version='${xmlAttr(version)}' />
  </app>
</gupdate>
`;
}

// Returns {version, id, geckoId, files: {store, crx, updates, xpi}}.
// allowTestBuild: only for tests/deploy, which force-installs the test build from a CRX in a throw-away browser; no
// command-line or environment switch reaches it, so scripts/package.sh always refuses the test build (review L7).
export function buildPackages({ srcDir, outDir, keyPath = defaultCrxKeyPath(), updateBaseUrl = '', createKey = false, log = () => {}, allowTestBuild = false }) {
  if (!fs.existsSync(path.join(srcDir, 'manifest.json'))) throw new Error(`${srcDir}/manifest.json not found (build the extension first: bash scripts/build.sh)`);
  const notRelease = releaseProblems(srcDir);
  if (notRelease.length && !allowTestBuild) throw new Error(`refusing to package ${srcDir}: it is not a release build:\n  ` + notRelease.join('\n  '));
  const files = listFiles(srcDir);
  const manifest = readManifest(path.join(srcDir, 'manifest.json'));
  const version = manifest.version;
  if (typeof version !== 'string' || !/^\d+(\.\d+){0,3}$/.test(version)) throw new Error(`manifest version "${version}" is not 1-4 dot-separated integers`);
  const ff = firefoxSource(srcDir, files);
  if (ff.manifest.version !== version) throw new Error(`Firefox manifest version ${ff.manifest.version} differs from ${version}`);
  // No Firefox build next to this one: the Chrome/Edge packages are still made, and the missing XPI is said out loud.
  const gecko = geckoId(ff.manifest);
  if (!gecko) log(`no Firefox build found (${srcDir}/manifest.firefox.json, ${srcDir}-firefox/ or a gecko id): no .xpi made`);

  const key = loadOrCreateCrxKey(keyPath, log, { create: createKey });
  const der = spkiDer(key);
  const id = extensionIdFromSpki(der);
  const base = updateBaseUrl.replace(/\/+$/, '');

  // Store builds: the stores assign the id and refuse a "key"; they host updates, so no update_url either.
  const storeManifest = { ...manifest };
  delete storeManifest.key;
  delete storeManifest.update_url;
  const storeZip = writeZip(entriesFrom(srcDir, files, storeManifest));

  // Self-hosted CRX: "key" is set to the signing key, so the id is the same whether Chrome installs the CRX or
  // someone loads its unpacked contents; update_url makes later updates come from the Trust's server too.
  const crxManifest = { ...manifest, key: der.toString('base64') };
  if (base) crxManifest.update_url = `${base}/updates.xml`;
  else delete crxManifest.update_url;
  const crx = writeCrx3(writeZip(entriesFrom(srcDir, files, crxManifest)), key);

  let xpi = null;
  if (gecko) {
    const ffManifest = { ...ff.manifest };
    delete ffManifest.key;
    delete ffManifest.update_url;
    xpi = writeZip(entriesFrom(ff.dir, ff.files, ffManifest));
  }

  fs.mkdirSync(outDir, { recursive: true });
  const names = {
    store: `postcheck-${version}-store.zip`,
    crx: `postcheck-${version}.crx`,
    updates: 'updates.xml',
    xpi: `postcheck-${version}.xpi`,
    // The name docs/admin's Firefox install_url uses, so the URL need not change with each version.
    xpiLatest: 'postcheck-latest.xpi',
  };
  if (!base) log('POSTCHECK_UPDATE_BASE_URL is not set: updates.xml points at a placeholder and the CRX has no update_url');
  const crxUrl = `${base || 'https://REPLACE-WITH-YOUR-SERVER/postcheck'}/${names.crx}`;
  const outputs = { store: storeZip, crx, updates: Buffer.from(updatesXml(id, version, crxUrl)), xpi, xpiLatest: xpi };
  if (!xpi) { delete names.xpi; delete names.xpiLatest; }
  const sums = [];
  for (const [k, name] of Object.entries(names)) {
    fs.writeFileSync(path.join(outDir, name), outputs[k]);
    sums.push(`${crypto.createHash('sha256').update(outputs[k]).digest('hex')}  ${name}`);
  }
  fs.writeFileSync(path.join(outDir, 'SHA256SUMS'), sums.sort((a, b) => a.slice(66).localeCompare(b.slice(66))).join('\n') + '\n');
  fs.writeFileSync(path.join(outDir, 'extension-ids.json'), JSON.stringify({ version, selfHostedId: id, geckoId: gecko }, null, 2) + '\n');
  return { version, id, geckoId: gecko, files: Object.fromEntries(Object.entries(names).map(([k, n]) => [k, path.join(outDir, n)])) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    const [srcDir, outDir] = process.argv.slice(2);
    const r = buildPackages({ srcDir, outDir, updateBaseUrl: process.env.POSTCHECK_UPDATE_BASE_URL || '',
      createKey: process.env.POSTCHECK_NEW_CRX_KEY === '1', log: (m) => console.error(`package: ${m}`) });
    console.log(`package: PostCheck ${r.version}, self-hosted id ${r.id}, gecko id ${r.geckoId}`);
    for (const f of Object.values(r.files)) console.log(`package: ${path.relative(process.cwd(), f)}`);
  } catch (e) {
    console.error(`package: ${e.message}`);
    process.exit(1);
  }
}
