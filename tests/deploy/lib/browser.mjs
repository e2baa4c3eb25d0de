// Helpers for the policy browser tests: a private /etc/chromium, a 127.0.0.1 file server, packaging, and a Chromium that allows policy force-installs.
//
// Debian's Chromium reads policy only from /etc/chromium/policies/managed (it ignores --policy=), so the tests
// bind-mount a temp folder over /etc/chromium. tests/deploy/run.sh re-executes the runner under
// `unshare -m --propagation private`; mountPrivateEtc() refuses unless it sees that private mount namespace,
// so the host's /etc is never touched.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const CHROMIUM = '/usr/bin/chromium';

// Why the browser tests cannot run here, or '' when they can.
export function browserSkipReason() {
  if (!fs.existsSync(CHROMIUM)) return 'no /usr/bin/chromium (bash scripts/setup.sh installs it)';
  if (!fs.existsSync('/etc/chromium')) return 'no /etc/chromium to mount over';
  if (process.getuid?.() !== 0) return 'needs root for a private mount namespace';
  if (process.env.POSTCHECK_MOUNT_NS !== '1') return 'not in a private mount namespace: run bash tests/deploy/run.sh';
  try {
    if (fs.readlinkSync('/proc/self/ns/mnt') === fs.readlinkSync('/proc/1/ns/mnt')) return 'mount namespace is the host\'s: run bash tests/deploy/run.sh';
  } catch { /* /proc/1 unreadable: the env flag from run.sh is the evidence */ }
  try { import.meta.resolve('playwright-core'); } catch { return 'playwright-core not installed (npm ci)'; }
  return '';
}

// Bind-mounts an empty temp folder over /etc/chromium (inside the private namespace) and returns the
// policy folder. The mount disappears with the namespace even if the test dies.
export function mountPrivateEtc(tmp) {
  if (browserSkipReason()) throw new Error(`refusing to mount: ${browserSkipReason()}`);
  const etc = path.join(tmp, 'etc-chromium');
  const managed = path.join(etc, 'policies/managed');
  fs.mkdirSync(managed, { recursive: true });
  execFileSync('mount', ['--bind', etc, '/etc/chromium']);
  return { managed, unmount: () => spawnSync('umount', ['/etc/chromium']) };
}

// Replaces a policy file atomically, so Chromium's file watcher never reads half a file.
export function writePolicy(managedDir, policy) {
  const file = path.join(managedDir, 'postcheck.json');
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(policy, null, 2));
  fs.renameSync(`${file}.tmp`, file);
}

// Serves the files of DIR (flat) on 127.0.0.1, plus extra routes {path: () => ({body, type})}; records requests
// (path, and the Origin and mode the client sent). cors(pathname) -> true adds "Access-Control-Allow-Origin: *", as
// docs/admin/README.md requires of a Trust's server for the signed ruleset; by default no path gets it.
const TYPES = { '.xml': 'text/xml', '.crx': 'application/x-chrome-extension', '.json': 'application/json', '.html': 'text/html' };
// A shipped build fetches rulesets over https only, so the ruleset tests serve them as https://RULES_HOST:PORT with a
// throw-away self-signed certificate (made here with openssl, never stored in the repository); Chromium maps the name
// to 127.0.0.1 and is told to accept the certificate (launchChromium).
export const RULES_HOST = 'rules.postcheck.test';
export function selfSignedCert(tmp) {
  const key = path.join(tmp, 'tls-key.pem'), cert = path.join(tmp, 'tls-cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key,
    '-out', cert, '-days', '2', '-subj', `/CN=${RULES_HOST}`, '-addext', `subjectAltName=DNS:${RULES_HOST}`], { stdio: 'pipe' });
  return { key: fs.readFileSync(key), cert: fs.readFileSync(cert) };
}

export async function serve(dir, routes = {}, { cors = () => false, tls = null } = {}) {
  const requests = [];
  const log = [];
  const handler = (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    requests.push(url.pathname);
    log.push({ path: url.pathname, origin: req.headers.origin || '', mode: req.headers['sec-fetch-mode'] || '' });
    const name = path.basename(url.pathname);
    const file = path.join(dir, name);
    let out = null;
    if (routes[url.pathname]) out = routes[url.pathname]();
    else if (url.pathname === `/${name}` && fs.existsSync(file)) out = { body: fs.readFileSync(file), type: TYPES[path.extname(name)] || 'application/octet-stream' };
    if (!out) { res.writeHead(404); res.end(); return; }
    res.writeHead(out.status || 200, { 'content-type': out.type || 'text/plain', 'cache-control': 'no-store', ...(out.headers || {}),
      ...(cors(url.pathname) ? { 'access-control-allow-origin': '*' } : {}) });
    res.end(out.body);
  };
  const server = tls ? https.createServer(tls, handler) : http.createServer(handler);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = tls ? `https://${RULES_HOST}:${server.address().port}` : `http://127.0.0.1:${server.address().port}`;
  return { base, requests, log, close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(r); }) };
}

// A minimal extension with the real managed schema, for proving the install/policy path before the real
// extension is built. Its worker only has to exist; the test reads chrome.storage.managed through it.
export function makeProbeExtension(dir) {
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(path.join(REPO, 'extension/managed_schema.json'), path.join(dir, 'managed_schema.json'));
  fs.writeFileSync(path.join(dir, 'sw.js'), '// policy probe worker\nself.addEventListener("install", () => {});\n');
  fs.writeFileSync(path.join(dir, 'build.json'), '{"testBuild": false}\n'); // packaged like a release build
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({
    manifest_version: 3, name: 'PostCheck policy probe', version: '0.0.1',
    permissions: ['storage'], background: { service_worker: 'sw.js' },
    storage: { managed_schema: 'managed_schema.json' },
    browser_specific_settings: { gecko: { id: 'postcheck-probe@example' } },
  }));
  return dir;
}

// The real unpacked Chrome build, if scripts/build.sh has made it.
export function realExtensionDir() {
  const dir = path.join(REPO, 'build/extension');
  return fs.existsSync(path.join(dir, 'manifest.json')) ? dir : '';
}

// Runs scripts/package.sh; returns {id, version, out}. testBuild: package the test build through pack.mjs's
// code-only override instead (package.sh refuses it), for the tests that force-install it.
export async function packageTestBuild(srcDir, outDir, keyPath, baseUrl) {
  const { buildPackages } = await import('../../../scripts/package/pack.mjs');
  const r = buildPackages({ srcDir, outDir, keyPath, updateBaseUrl: baseUrl, allowTestBuild: true, createKey: true });
  return { id: r.id, version: r.version, out: outDir };
}
export function packageExtension(srcDir, outDir, keyPath, baseUrl) {
  // A test's key lives in its temp folder: asked for by name, as a first release would.
  const r = spawnSync('bash', [path.join(REPO, 'scripts/package.sh'), ...(fs.existsSync(keyPath) ? [] : ['--new-crx-key'])], { encoding: 'utf8',
    env: { ...process.env, POSTCHECK_EXTENSION_DIR: srcDir, POSTCHECK_PACKAGES_DIR: outDir, POSTCHECK_CRX_KEY: keyPath, POSTCHECK_UPDATE_BASE_URL: baseUrl } });
  if (r.status !== 0) throw new Error(`package.sh failed: ${r.stderr}`);
  const ids = JSON.parse(fs.readFileSync(path.join(outDir, 'extension-ids.json'), 'utf8'));
  return { id: ids.selfHostedId, version: ids.version, out: outDir };
}

// Chromium as the notes require for policy force-install: Playwright's --disable-extensions and
// --disable-background-networking removed (either one silently stops the install).
// netLog: a file path for Chromium's own net-log (every request the browser process makes, including ones
// Playwright cannot see), read with netLogUrls() after the context is closed.
export async function launchChromium(userDataDir, { netLog = '' } = {}) {
  const { chromium } = await import('playwright-core');
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: false,
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-component-update',
      '--disable-sync', `--host-resolver-rules=MAP ${RULES_HOST} 127.0.0.1 , MAP * ~NOTFOUND , EXCLUDE 127.0.0.1`,
      // Only for the throw-away certificate of RULES_HOST (nothing else resolves).
      '--ignore-certificate-errors', ...(netLog ? [`--log-net-log=${netLog}`] : [])],
    ignoreDefaultArgs: ['--disable-extensions', '--disable-background-networking'],
  });
}

// What a closed browser's net-log says went over the network: URL requests (with the error they ended in),
// connect attempts and the sockets that actually sent bytes (default capture mode logs byte counts, not contents).
export function netLogTraffic(file) {
  const log = JSON.parse(fs.readFileSync(file, 'utf8'));
  const type = Object.fromEntries(Object.entries(log.constants.logEventTypes).map(([k, v]) => [v, k]));
  const netError = Object.fromEntries(Object.entries(log.constants.netError || {}).map(([k, v]) => [v, k]));
  const requests = new Map(); const address = new Map(); const sent = new Map(); const connects = [];
  for (const e of log.events) {
    const t = type[e.type]; const p = e.params || {}; const id = e.source.id;
    if (t === 'URL_REQUEST_START_JOB' && p.url) requests.set(id, { url: p.url, error: '' });
    if (p.net_error !== undefined && requests.has(id) && !requests.get(id).error) requests.get(id).error = netError[p.net_error] || String(p.net_error);
    if (/CONNECT/.test(t) && p.address) { address.set(id, p.address); connects.push({ event: t, address: p.address }); }
    if (/BYTES_SENT$/.test(t)) sent.set(id, (sent.get(id) || 0) + (p.byte_count || 0));
  }
  return { requests: [...requests.values()], connects, sent: [...sent].map(([id, bytes]) => ({ address: address.get(id) || '?', bytes })) };
}

const LOCAL = /^(?:(?:https?|wss?):\/\/)?(?:127\.0\.0\.1|rules\.postcheck\.test)[:/]/;
// Asserts from the net-log that nothing left 127.0.0.1: every socket that sent bytes and every TCP connect went to
// 127.0.0.1, and every request for another host was stopped by --host-resolver-rules before any lookup.
// Returns the stopped requests (Chromium's own background services) for the test to print.
export function assertNetLogLocal(file) {
  const { requests, connects, sent } = netLogTraffic(file);
  assert.ok(sent.length > 0, 'the net-log has byte counts (else this check proves nothing)');
  assert.deepEqual(sent.filter((s) => !LOCAL.test(s.address)), [], 'sockets that sent bytes to other addresses');
  assert.deepEqual(connects.filter((c) => c.event.startsWith('TCP') && !LOCAL.test(c.address)), [], 'TCP connects to other addresses');
  const elsewhere = requests.filter((r) => !LOCAL.test(r.url) && !/^(chrome-extension|data|blob):/.test(r.url));
  assert.deepEqual(elsewhere.filter((r) => r.error !== 'ERR_NAME_NOT_RESOLVED'), [], 'requests to other hosts that were not stopped');
  return { requests, stopped: elsewhere.map((r) => r.url.replace(/\?.*/, '')) };
}

export async function waitForWorker(context, id, timeoutMs = 90000) {
  const prefix = `chrome-extension://${id}/`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const w = context.serviceWorkers().find((x) => x.url().startsWith(prefix));
    if (w) return w;
    await context.waitForEvent('serviceworker', { timeout: 2000 }).catch(() => {});
  }
  throw new Error(`no service worker for ${id} after ${timeoutMs} ms: the extension was not force-installed`);
}

// Launches Chromium with a net-log, records every request Playwright sees, and waits for the
// force-installed extension's worker: the start every policy browser test shares.
export async function launchForPolicy(tmp, extensionId) {
  const netLog = path.join(tmp, 'netlog.json');
  const context = await launchChromium(path.join(tmp, 'profile'), { netLog });
  const seen = [];
  context.on('request', (r) => seen.push(r.url()));
  const worker = await waitForWorker(context, extensionId);
  return { netLog, context, seen, worker };
}

// Polls until fn() returns a truthy value (managed storage arrives 1-4 s after install, ~5 s after a change).
export async function pollUntil(fn, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try { last = await fn(); if (last && last.done) return last.value; } catch (e) { last = e; }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${JSON.stringify(last?.value ?? String(last))}`);
}

export const tmpDir = (prefix) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));
