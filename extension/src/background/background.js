// Background entry (Chrome/Edge: classic MV3 service worker; Firefox: event page): hosts the engine, answers
// checks from content scripts and the options page, follows settings (incl. administrator policy), and runs
// signed ruleset updates only when an administrator configured rulesetUrl. Draft text is never stored or logged.

import * as api from '../shared/browser_api.js';
import { effectiveSettings, watchedHosts, DEFAULT_SITES, originPatterns } from '../shared/settings.js';
import { PORT_NAME, CHECK, KEEPALIVE, RESULT, STATUS, UPDATE_NOW, CHECKING_STATE } from '../shared/messages.js';
import { EngineHost } from './engine_host.js';
import { runUpdate, ALARM_NAME, STATUS_KEY, STORED_KEY } from './ruleset_updater.js';

// In the service worker the engine glue and the verifier are classic scripts pulled in synchronously at start
// (MV3 workers cannot import() dynamically). On Firefox the manifest lists them before this file instead.
let glueError = '';
if (typeof importScripts === 'function' && typeof self.PostCheckEngine === 'undefined') {
  try {
    importScripts('../engine/postcheck.js', '../engine/postcheck-engine.js');
  } catch (e) {
    glueError = 'Engine files missing from this build: ' + (e && e.message || e);
  }
}
if (typeof importScripts === 'function' && typeof self.PostCheckRulesetUpdate === 'undefined') {
  try {
    importScripts('ruleset_update.js');
  } catch (_) {
    // The verifier is optional until deployment ships it; updates then report "verifier missing".
  }
}

let wasmBytes = null;
async function createEngine() {
  if (typeof self.PostCheckEngine === 'undefined') throw new Error(glueError || 'PostCheckEngine is not defined');
  if (!wasmBytes) {
    const res = await fetch(api.extensionUrl('engine/postcheck.wasm'));
    if (!res.ok) throw new Error('postcheck.wasm: HTTP ' + res.status);
    wasmBytes = new Uint8Array(await res.arrayBuffer());
  }
  return self.PostCheckEngine.create({
    wasmBinary: wasmBytes,
    locateFile: (file) => api.extensionUrl('engine/' + file),
  });
}

let current = effectiveSettings({}, {});
/* global POSTCHECK_TEST_BUILD */

const host = new EngineHost({
  createEngine,
  bundledFiles: async () => (await fetch(api.extensionUrl('rules/bundle.json'))).json(),
  // A downloaded ruleset is used only while an administrator still points the extension at an update URL.
  storedRuleset: async () => {
    if (!current.settings.rulesetUrl) return null;
    const got = await api.localGet(STORED_KEY);
    return got[STORED_KEY] || null;
  },
});

let managedRetries = 0;
async function readSettings() {
  const [local, managed] = await Promise.all([api.localGet('userSettings'), api.managedRead(1500)]);
  if (managed.timedOut && ++managedRetries <= 5) setTimeout(() => applySettings(false), 2000);
  current = effectiveSettings(local.userSettings, managed.values);
  host.setSettings(current.settings);
  // Content scripts read this copy: storage.local answers at document_start, storage.managed may not.
  const before = await api.localGet('effectiveSettings');
  if (JSON.stringify(before.effectiveSettings) !== JSON.stringify(current)) await api.localSet({ effectiveSettings: current });
  return current;
}

// ---- checks over ports -----------------------------------------------------------------------
api.onConnect((port) => {
  if (port.name !== PORT_NAME) return;
  port.onMessage.addListener(async (msg) => {
    if (!msg || msg.type !== CHECK) return; // KEEPALIVE needs no answer: receiving it resets the idle timer
    await settingsReady;
    const r = await host.check(msg.text, msg.site);
    try {
      port.postMessage({ type: RESULT, id: msg.id, ok: r.ok, findings: r.findings, truncated: r.truncated, error: r.ok ? undefined : r.error });
    } catch (_) { /* the tab went away */ }
  });
});
void KEEPALIVE;

// ---- ruleset updates ---------------------------------------------------------------------------
async function updateRuleset() {
  const s = current.settings;
  if (!s.rulesetUrl) return null;
  await host.ready();
  return runUpdate(s, {
    now: () => Date.now(),
    fetchText: async (url) => {
      // credentials omitted: the ruleset is public signed data; the server must allow CORS (docs/admin/README.md §9).
      let res;
      try {
        res = await fetch(url, { cache: 'no-store', credentials: 'omit', redirect: 'follow' });
      } catch (e) {
        // fetch() does not say why it failed; if an opaque no-cors request gets an answer, the server is reachable
        // and only the CORS header is missing, which the administrator can fix.
        const reachable = await fetch(url, { mode: 'no-cors', cache: 'no-store', credentials: 'omit' }).then(() => true, () => false);
        throw new Error(reachable
          ? 'the server answered but sent no Access-Control-Allow-Origin header, so the browser did not let PostCheck read the ruleset. Serve it with "Access-Control-Allow-Origin: *" (admin guide, section 9).'
          : 'could not reach ' + new URL(url).host + ' (' + (e && e.message || e) + '; offline, DNS, certificate or proxy problem).');
      }
      if (!res.ok) throw new Error('HTTP ' + res.status);
      return res.text();
    },
    verifier: () => (typeof self.PostCheckRulesetUpdate !== 'undefined' ? self.PostCheckRulesetUpdate : undefined),
    createEngine,
    activate: (files) => host.activate(files),
    saveRuleset: (record) => api.localSet({ [STORED_KEY]: record }),
    saveStatus: (status) => api.localSet({ [STATUS_KEY]: status }),
  });
}

async function scheduleUpdates() {
  const s = current.settings;
  if (!s.rulesetUrl) {
    await api.alarmClear(ALARM_NAME);
    await api.localSet({ [STATUS_KEY]: { state: 'disabled' } });
    return;
  }
  const period = s.rulesetUpdateHours * 60;
  const existing = await api.alarmGet(ALARM_NAME);
  if (!existing || existing.periodInMinutes !== period) {
    await api.alarmCreate(ALARM_NAME, { periodInMinutes: period, delayInMinutes: period });
  }
}

api.onAlarm((alarm) => {
  if (alarm.name === ALARM_NAME) settingsReady.then(updateRuleset);
});

// ---- user/admin-added sites: content scripts registered only where the user granted access ---------------
async function syncDynamicSites() {
  try {
    const extra = watchedHosts(current.settings).filter((h) => !DEFAULT_SITES.includes(h));
    const granted = [];
    for (const h of extra) {
      const patterns = originPatterns(h);
      if (await api.permissionsContains(patterns)) granted.push(...patterns);
    }
    const existing = (await api.registeredScripts()).filter((s) => s.id === 'postcheck-extra');
    if (existing.length) await api.unregisterScripts(['postcheck-extra']);
    if (granted.length) {
      await api.registerScripts([{
        id: 'postcheck-extra', matches: granted, js: ['content/content.js'], css: ['content/content.css'],
        runAt: 'document_start', allFrames: true,
      }]);
    }
  } catch (_) { /* no scripting API (old browser): extra sites stay unwatched */ }
}

// ---- settings and start ------------------------------------------------------------------------
let lastUrl = null;
async function applySettings(startup) {
  await readSettings();
  await scheduleUpdates();
  await syncDynamicSites();
  const url = current.settings.rulesetUrl;
  // Fetch at start, and when the administrator changes the URL or key (policy can arrive seconds after install).
  if (url && (startup || url !== lastUrl)) updateRuleset();
  lastUrl = url;
}

// Checks must not wait for storage.managed (measured: its first get() can stay pending for seconds): start from the
// last effective settings the background stored, then apply the fresh read (and follow onChanged) when it lands.
async function quickSettings() {
  const got = await api.localGet(['userSettings', 'effectiveSettings']);
  current = got.effectiveSettings && got.effectiveSettings.settings ? got.effectiveSettings : effectiveSettings(got.userSettings, {});
  host.setSettings(current.settings);
}
const settingsReady = quickSettings().catch(() => {});
settingsReady.then(() => applySettings(true)).catch(() => {});

// Test build only: lets tests/e2e prove the fail-open path when the engine's check() itself throws (the corrupt-wasm
// path is proven with a broken copy of the build instead). Reached through the worker, never from a page.
if (typeof POSTCHECK_TEST_BUILD !== 'undefined' && POSTCHECK_TEST_BUILD) {
  let original = null;
  self.__postcheckTestBg = {
    async breakCheck(on) {
      await host.ready();
      if (on && !original) {
        original = host.engine.check;
        host.engine.check = () => { throw new Error('test: engine.check threw'); };
      } else if (!on && original) {
        host.engine.check = original;
        original = null;
      }
      return !!original;
    },
  };
}

api.onStorageChanged((changes, area) => {
  if (area === 'managed' || (area === 'local' && (changes.userSettings || changes.__testManaged))) applySettings(false);
});
api.onPermissionsChanged(() => syncDynamicSites());

const NOT_CHECKING_TITLE = 'PostCheck is not checking this box';

api.onMessage((msg, sender) => {
  if (!msg || typeof msg !== 'object') return undefined;
  // A content script says PostCheck cannot check the box in use (tracking or the engine failed) or checks it again:
  // the toolbar button of that tab says so too. Carries one boolean, nothing about the draft or the page.
  if (msg.type === CHECKING_STATE) {
    const tabId = api.senderTabId(sender);
    const state = msg.checking === false
      ? { title: NOT_CHECKING_TITLE, badgeText: 'off', badgeColor: '#d5281b' }
      : { title: 'PostCheck', badgeText: '' };
    return api.setTabActionState(tabId, state).then((ok) => ({ ok }));
  }
  // Status and update-now serve the options page; content scripts (in page processes) get nothing.
  if (!api.isExtensionPageSender(sender)) return undefined;
  if (msg.type === STATUS) {
    return (async () => {
      await settingsReady;
      await readSettings().catch(() => {}); // the options page may ask right after a settings change
      await host.ready();
      const got = await api.localGet(STATUS_KEY);
      return {
        ok: true,
        version: api.manifest().version,
        engine: host.summary(),
        settings: current.settings,
        locked: current.locked,
        sources: current.sources,
        userAllowed: current.userAllowed,
        watchedHosts: watchedHosts(current.settings),
        rulesetUpdate: got[STATUS_KEY] || { state: current.settings.rulesetUrl ? 'pending' : 'disabled' },
      };
    })();
  }
  if (msg.type === UPDATE_NOW) {
    return settingsReady.then(updateRuleset).then((s) => ({ ok: true, status: s }));
  }
  return undefined;
});
