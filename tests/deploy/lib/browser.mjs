// Helpers for the policy browser tests: a private /etc/chromium, a 127.0.0.1 file server, packaging, and a Chromium that allows policy force-installs.
//
// Debian's Chromium reads policy only from /etc/chromium/policies/managed (it ignores --policy=), so the tests
// bind-mount a temp folder over /etc/chromium. tests/deploy/run.sh re-executes the runner under
// `unshare -m --propagation private`; mountPrivateEtc() refuses unless it sees that private mount namespace,
// so the host's /etc is never touched.
import fs from 'node:fs';
import http from 'node:http';
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

// Serves the files of DIR (flat) on 127.0.0.1, plus extra routes {path: () => ({body, type})}; records requests.
const TYPES = { '.xml': 'text/xml', '.crx': 'application/x-chrome-extension', '.json': 'application/json', '.html': 'text/html' };
export async function serve(dir, routes = {}) {
  const requests = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    requests.push(url.pathname);
    const name = path.basename(url.pathname);
    const file = path.join(dir, name);
    let out = null;
    if (routes[url.pathname]) out = routes[url.pathname]();
    else if (url.pathname === `/${name}` && fs.existsSync(file)) out = { body: fs.readFileSync(file), type: TYPES[path.extname(name)] || 'application/octet-stream' };
    if (!out) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'content-type': out.type, 'cache-control': 'no-store' });
    res.end(out.body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  return { base, requests, close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(r); }) };
}

// A minimal extension with the real managed schema, for proving the install/policy path before the real
// extension is built. Its worker only has to exist; the test reads chrome.storage.managed through it.
export function makeProbeExtension(dir) {
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(path.join(REPO, 'extension/managed_schema.json'), path.join(dir, 'managed_schema.json'));
  fs.writeFileSync(path.join(dir, 'sw.js'), '// policy probe worker\nself.addEventListener("install", () => {});\n');
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

// Runs scripts/package.sh; returns {id, version, out}.
export function packageExtension(srcDir, outDir, keyPath, baseUrl) {
  const r = spawnSync('bash', [path.join(REPO, 'scripts/package.sh')], { encoding: 'utf8',
    env: { ...process.env, POSTCHECK_EXTENSION_DIR: srcDir, POSTCHECK_PACKAGES_DIR: outDir, POSTCHECK_CRX_KEY: keyPath, POSTCHECK_UPDATE_BASE_URL: baseUrl } });
  if (r.status !== 0) throw new Error(`package.sh failed: ${r.stderr}`);
  const ids = JSON.parse(fs.readFileSync(path.join(outDir, 'extension-ids.json'), 'utf8'));
  return { id: ids.selfHostedId, version: ids.version, out: outDir };
}

// Chromium as the notes require for policy force-install: Playwright's --disable-extensions and
// --disable-background-networking removed (either one silently stops the install).
export async function launchChromium(userDataDir) {
  const { chromium } = await import('playwright-core');
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: false,
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-component-update',
      '--disable-sync', '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1'],
    ignoreDefaultArgs: ['--disable-extensions', '--disable-background-networking'],
  });
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
