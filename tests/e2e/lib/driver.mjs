// One small browser-neutral driver for the e2e tests: the same test file runs in Debian Chromium (playwright-core,
// CDP) and Debian Firefox ESR (puppeteer-core over WebDriver BiDi), each with the PostCheck test build.
// Which browsers: POSTCHECK_BROWSERS="chromium firefox" (default chromium); which Firefox: POSTCHECK_FIREFOX.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch as launchChromium, inExtensionWorld, ROOT, EXT_ID } from './browser.mjs';

export const FIREFOX_EXT_DIR = join(ROOT, 'build', 'extension-firefox-test');
export const FIREFOX_SHIPPED_DIR = join(ROOT, 'build', 'extension-firefox');
export const GECKO_ID = 'postcheck@nhs-postcheck.example';
// Pinned per-install UUID (Firefox otherwise picks a random one), so moz-extension:// URLs are known to the tests.
export const FIREFOX_EXT_UUID = '5f1c0a52-7e3d-4c1b-9a0e-2b7d4f6c8e13';

export function browsersUnderTest() {
  return (process.env.POSTCHECK_BROWSERS || 'chromium').split(/[\s,]+/).filter(Boolean);
}
export function firefoxBinary() {
  return process.env.POSTCHECK_FIREFOX || '/usr/bin/firefox-esr';
}

// Firefox's own background traffic (remote settings, updates, telemetry, captive-portal and connectivity checks,
// Safe Browsing, add-on metadata) pointed at a closed loopback port or switched off, so that a network recording
// shows only what PostCheck and the page do. CLOSED is the discard port: nothing listens there.
const CLOSED = 'http://127.0.0.1:9';
export const QUIET_FIREFOX_PREFS = {
  'services.settings.server': `${CLOSED}/v1`,
  'app.update.url': `${CLOSED}/update`, 'app.update.auto': false, 'app.update.checkInstallTime': false,
  'extensions.update.enabled': false, 'extensions.update.url': `${CLOSED}/addons-update`,
  'extensions.update.background.url': `${CLOSED}/addons-update`, 'extensions.getAddons.cache.enabled': false,
  'extensions.getAddons.get.url': `${CLOSED}/addons`, 'extensions.systemAddon.update.enabled': false,
  'extensions.blocklist.enabled': false, 'extensions.webservice.discoverURL': `${CLOSED}/discover`,
  'toolkit.telemetry.enabled': false, 'toolkit.telemetry.server': CLOSED, 'datareporting.policy.dataSubmissionEnabled': false,
  'datareporting.healthreport.uploadEnabled': false, 'app.normandy.enabled': false, 'app.shield.optoutstudies.enabled': false,
  'network.captive-portal-service.enabled': false, 'captivedetect.canonicalURL': `${CLOSED}/canonical`,
  'network.connectivity-service.enabled': false, 'network.dns.disablePrefetch': true, 'network.prefetch-next': false,
  'network.predictor.enabled': false, 'network.http.speculative-parallel-limit': 0, 'network.trr.mode': 5,
  'browser.safebrowsing.malware.enabled': false, 'browser.safebrowsing.phishing.enabled': false,
  'browser.safebrowsing.downloads.enabled': false, 'browser.safebrowsing.provider.mozilla.updateURL': `${CLOSED}/sb`,
  'browser.safebrowsing.provider.google4.updateURL': `${CLOSED}/sb`, 'browser.safebrowsing.provider.google.updateURL': `${CLOSED}/sb`,
  'browser.region.network.url': `${CLOSED}/region`, 'browser.region.update.enabled': false,
  'browser.search.geoip.url': `${CLOSED}/geoip`, 'geo.provider.network.url': `${CLOSED}/geo`,
  'media.gmp-manager.url': `${CLOSED}/gmp`, 'media.gmp-gmpopenh264.autoupdate': false, 'media.gmp-widevinecdm.autoupdate': false,
  'browser.newtabpage.enabled': false, 'browser.newtabpage.activity-stream.feeds.topsites': false,
  'browser.newtabpage.activity-stream.feeds.system.topstories': false, 'browser.topsites.contile.enabled': false,
  'browser.ping-centre.telemetry': false, 'security.OCSP.enabled': 0, 'security.remote_settings.crlite_filters.enabled': false,
  'security.remote_settings.intermediates.enabled': false, 'identity.fxaccounts.enabled': false,
  'network.sntp.pools': '127.0.0.1', 'privacy.query_stripping.enabled': false,
};

// Key names as Playwright spells them ("Control+Enter"); puppeteer presses one key at a time.
async function pressCombo(keyboard, combo) {
  const keys = combo.split('+');
  const key = keys.pop();
  for (const m of keys) await keyboard.down(m);
  await keyboard.press(key);
  for (const m of keys.reverse()) await keyboard.up(m);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// The methods every test uses, the same in both browsers. `raw` is the underlying Playwright/puppeteer page for
// anything browser-specific.
class DriverPage {
  constructor(browser, raw) {
    this.browser = browser;
    this.kind = browser.kind;
    this.raw = raw;
  }
  goto(url) { return this.raw.goto(url); }
  url() { return this.raw.url(); }
  // Firefox: BiDi browsingContext.setViewport alone. puppeteer's page.setViewport() also sends
  // emulation.setScreenOrientationOverride, which ESR 140.12 answers with "unknown command" (measured), failing the call.
  setViewport(width, height) {
    if (this.kind === 'chromium') return this.raw.setViewportSize({ width, height });
    return this.raw.mainFrame().browsingContext.setViewport({ viewport: { width, height } });
  }
  bringToFront() { return this.raw.bringToFront(); }
  click(selector) { return this.raw.click(selector); }
  type(text, { delay = 0 } = {}) { return this.raw.keyboard.type(text, { delay }); }
  press(combo) { return this.kind === 'chromium' ? this.raw.keyboard.press(combo) : pressCombo(this.raw.keyboard, combo); }
  evaluate(fn, arg) { return this.raw.evaluate(fn, arg); }
  mouseMove(x, y) { return this.raw.mouse.move(x, y); }
  mouseClick(x, y) { return this.raw.mouse.click(x, y); }
  screenshot(path) { return this.raw.screenshot({ path }); }
  sleep(ms) { return sleep(ms); }
  close() { return this.raw.close(); }
  onPageError(listener) {
    const l = (e) => listener(String(e));
    this.raw.on('pageerror', l);
    return () => this.raw.off('pageerror', l);
  }
  // Calls one of the content script's test hooks (extension/src/content/main.js __postcheckTest) in the top frame
  // and returns its JSON value: through CDP's isolated world in Chromium, through the Firefox test build's
  // page-world bridge in Firefox.
  async hook(name, ...args) {
    const a = JSON.stringify(args);
    if (this.kind === 'chromium') {
      return JSON.parse(await inExtensionWorld(this.raw, `JSON.stringify(__postcheckTest[${JSON.stringify(name)}](...${a}) ?? null)`));
    }
    const out = await this.raw.evaluate((n, x) => (typeof window.__postcheckTestBridge === 'function' ? window.__postcheckTestBridge(n, x) : 'no-bridge'), name, a);
    if (out === 'no-bridge') throw new Error('PostCheck test hooks not in this page (content script not loaded?)');
    return JSON.parse(out);
  }
  // Polls fn() every 50 ms until it returns something truthy (returned) or the time is up (throws with the last
  // value, so a failure says what the page looked like).
  async waitFor(fn, what, timeout = 10000) {
    const t0 = Date.now();
    let last;
    while (Date.now() - t0 < timeout) {
      last = await fn();
      if (last) return last;
      await sleep(50);
    }
    throw new Error(`[${this.kind}] timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
  }
}

class DriverBrowser {
  constructor(kind, fields) {
    Object.assign(this, { kind }, fields);
  }
  async newPage() {
    return new DriverPage(this, this.kind === 'chromium' ? await this.context.newPage() : await this.puppeteer.newPage());
  }
  // Opens one of the extension's own pages (e.g. 'options/options.html') in a new tab: a DriverPage whose evaluate()
  // runs with the extension's APIs. Call page.bringToFront() on the page under test afterwards.
  async openExtensionPage(relPath) {
    if (this.kind === 'chromium') {
      const p = await this.newPage();
      await p.goto(`chrome-extension://${EXT_ID}/${relPath}`);
      return p;
    }
    // Firefox reports no load events for moz-extension:// documents over BiDi (and refuses the navigation unless
    // launched with --remote-allow-system-access, which launchBrowser passes), so wait for the document itself.
    const url = `moz-extension://${FIREFOX_EXT_UUID}/${relPath}`;
    const p = await this.newPage();
    await p.raw.goto(url, { timeout: 1500 }).catch(() => {});
    await p.waitFor(() => p.evaluate(() => location.href + ' ' + document.readyState).catch(() => '')
      .then((s) => s === url + ' complete'), 'extension page ' + relPath, 15000);
    return p;
  }
  // Runs fn(arg) in the extension's background (Chromium: the service worker; Firefox: the event page, reached from
  // an extension page). Inside fn, `self` is the background's global and `chrome` its extension API.
  async background(fn, arg) {
    if (this.kind === 'chromium') return this.worker.evaluate(fn, arg);
    if (!this.extPage) this.extPage = await this.openExtensionPage('options/options.html');
    return this.extPage.evaluate(`(async () => {
      const self = await browser.runtime.getBackgroundPage();
      const chrome = self.browser || browser;
      return (${fn.toString()})(${JSON.stringify(arg === undefined ? null : arg)});
    })()`);
  }
}

// Starts one browser with the PostCheck test build (or extDir; null: none). Firefox options: prefs (extra
// about:config values), binary, env, acceptInsecureCerts. Returns { kind, version, newPage(), openExtensionPage(),
// background(), close() } plus the native handles (Chromium: context, worker, requests; Firefox: puppeteer).
export async function launchBrowser(kind, opts = {}) {
  if (kind === 'chromium') {
    const br = await launchChromium(opts.extDir === null ? { extension: false } : opts.extDir ? { extDir: opts.extDir } : {});
    return new DriverBrowser(kind, { ...br, version: br.context.browser() ? br.context.browser().version() : 'chromium' });
  }
  if (kind !== 'firefox') throw new Error('unknown browser ' + kind);
  const { default: puppeteer } = await import('puppeteer-core');
  const userDataDir = mkdtempSync(join(tmpdir(), 'postcheck-ff-'));
  const pp = await puppeteer.launch({
    browser: 'firefox', executablePath: opts.binary || firefoxBinary(), headless: true,
    acceptInsecureCerts: !!opts.acceptInsecureCerts, userDataDir, protocolTimeout: 60000,
    args: ['--remote-allow-system-access'], // lets the tests open moz-extension:// pages (openExtensionPage)
    // Release builds honour services.settings.server only with MOZ_REMOTE_SETTINGS_DEVTOOLS set.
    env: { ...process.env, MOZ_CRASHREPORTER_DISABLE: '1', MOZ_REMOTE_SETTINGS_DEVTOOLS: '1', ...(opts.env || {}) },
    extraPrefsFirefox: {
      ...QUIET_FIREFOX_PREFS,
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: FIREFOX_EXT_UUID }),
      ...(opts.prefs || {}),
    },
  });
  const version = await pp.version();
  let extensionId = null;
  try {
    if (opts.extDir !== null) extensionId = await pp.installExtension(opts.extDir || FIREFOX_EXT_DIR);
  } catch (e) {
    await pp.close().catch(() => {});
    throw e;
  }
  const close = async () => {
    await pp.close().catch(() => {});
    rmSync(userDataDir, { recursive: true, force: true });
  };
  return new DriverBrowser(kind, { puppeteer: pp, version, extensionId, userDataDir, close });
}
