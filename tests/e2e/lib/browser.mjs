// Launches Debian Chromium through playwright-core with (or without) the PostCheck test build, a fresh profile and
// every host except 127.0.0.1 unresolvable; records every request (pages and the extension's service worker).
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const EXT_DIR = join(ROOT, 'build', 'extension-test');
export const EXT_ID = 'kbiibdojfflgekiknihlecohdkebkedb'; // pinned by the manifest "key"
export const ARTIFACTS = join(ROOT, 'build', 'e2e-artifacts');

export async function launch({ extension = true, extDir = EXT_DIR, viewport = { width: 1000, height: 760 }, policyReady = true } = {}) {
  const userDataDir = mkdtempSync(join(tmpdir(), 'postcheck-e2e-'));
  const args = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-component-update', '--disable-sync', '--disable-background-networking',
    '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1'];
  if (extension) args.push(`--disable-extensions-except=${extDir}`, `--load-extension=${extDir}`);
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium', headless: false, // headless=new is passed explicitly above
    args, ignoreDefaultArgs: ['--disable-extensions'], viewport,
  });
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  let worker = null;
  if (extension) {
    worker = context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${EXT_ID}/`)) ||
      await context.waitForEvent('serviceworker', { timeout: 15000 });
    // Start from where staff are a few seconds after the browser starts: Chromium's first storage.managed answer
    // took 2.3-2.8 s after launch (measured), and until then the extension runs on its last known policy. Tests
    // that change policy mean to test the change, not that start-up window.
    // (policyReady: false keeps that window, for the cold-start benchmark.)
    if (policyReady) await worker.evaluate(() => chrome.storage.managed.get(null)).catch(() => {});
  }
  const close = async () => {
    await context.close().catch(() => {});
    rmSync(userDataDir, { recursive: true, force: true });
  };
  return { context, worker, requests, close };
}

// Evaluates fn in the PostCheck content script's isolated world of page (via CDP): the page's own JS cannot see
// that world, so test hooks there expose nothing to sites.
export async function inExtensionWorld(page, expression) {
  const cdp = await page.context().newCDPSession(page);
  const contexts = [];
  cdp.on('Runtime.executionContextCreated', (e) => contexts.push(e.context));
  await cdp.send('Runtime.enable');
  await new Promise((r) => setTimeout(r, 50));
  const ctx = contexts.find((c) => c.origin === `chrome-extension://${EXT_ID}` || (c.auxData && c.auxData.type === 'isolated' && c.name.includes('PostCheck')));
  if (!ctx) {
    await cdp.detach();
    throw new Error('PostCheck isolated world not found: ' + JSON.stringify(contexts.map((c) => [c.name, c.origin])));
  }
  const r = await cdp.send('Runtime.evaluate', { expression, contextId: ctx.id, returnByValue: true, awaitPromise: true });
  await cdp.detach();
  if (r.exceptionDetails) throw new Error('isolated-world evaluation failed: ' + JSON.stringify(r.exceptionDetails));
  return r.result.value;
}

// Polls fn() every 50 ms until it returns something truthy (returned) or the time is up (throws
// with the last value, so a failure says what the page looked like).
export async function waitFor(page, fn, what, timeout = 6000) {
  const t0 = Date.now();
  let last;
  while (Date.now() - t0 < timeout) {
    last = await fn();
    if (last) return last;
    await page.waitForTimeout(50);
  }
  throw new Error('timed out waiting for ' + what + ' (last: ' + JSON.stringify(last) + ')');
}
