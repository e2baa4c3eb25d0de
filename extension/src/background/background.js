// Background entry (Chrome/Edge: classic MV3 service worker; Firefox: event page): hosts the engine, answers
// checks from content scripts and the options page, follows settings (incl. administrator policy), and runs
// signed ruleset updates only when an administrator configured rulesetUrl. Draft text is never stored or logged.
// Security state (administrator values, the update URL and keys, the stored ruleset) is taken from storage.managed
// when it is used, never from a copy in storage that a content script or DevTools could have written.

import * as api from '../shared/browser_api.js';
import { effectiveSettings, watchedHosts, DEFAULT_SITES, originPatterns } from '../shared/settings.js';
import { PORT_NAME, CHECK, KEEPALIVE, RESULT, STATUS, UPDATE_NOW, CHECKING_STATE } from '../shared/messages.js';
import { EngineHost } from './engine_host.js';
import { CheckQueue } from './check_queue.js';
import { runUpdate, loadStored, downloadText, serialUpdates, ALARM_NAME, STATUS_KEY, STORED_KEY } from './ruleset_updater.js';

/* global POSTCHECK_TEST_BUILD */
const TEST_BUILD = typeof POSTCHECK_TEST_BUILD !== 'undefined' && POSTCHECK_TEST_BUILD;
// An alarm that fires this soon after another attempt (a missed alarm replayed at browser start) does not fetch again.
const MIN_ALARM_GAP_MS = 10 * 60 * 1000;

// Chrome/Edge: content scripts (page processes) lose access to storage.local; their settings copy moves to
// storage.session. Firefox has no access levels for storage.local: there re-verification and fresh policy reads carry it.
api.restrictStorageToExtension().catch(() => {});

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

const verifier = () => (typeof self.PostCheckRulesetUpdate !== 'undefined' ? self.PostCheckRulesetUpdate : undefined);
// The administrator's update settings (URL, keys, interval) from a fresh storage.managed read: never from storage.local.
async function adminUpdateSettings() {
  const { values, timedOut } = await api.managedRead(1500);
  return { ...effectiveSettings({}, values).settings, timedOut };
}
const MANAGED_CACHE_KEY = 'lastManagedSettings';
const updateKeyOf = (s) => (s.rulesetUrl || '') + '\n' + (s.rulesetPublicKey || '');

let current = effectiveSettings({}, {});
let loadedFor = null; // update URL + keys the running engine's ruleset was chosen with

const host = new EngineHost({
  createEngine,
  bundledFiles: async () => (await fetch(api.extensionUrl('rules/bundle.json'))).json(),
  builtInVersion: async () => (await (await fetch(api.extensionUrl('rules/version.json'))).json()).version,
  bundledPack: async () => new Uint8Array(await (await fetch(api.extensionUrl('rules/ruleset.pack'))).arrayBuffer()),
  versionOf: (files) => { const v = verifier(); const h = v ? v.versionOf(files) : null; return h && h.version || ''; },
  // The stored update is a signed envelope, verified again here against the URL and keys policy says now (M6).
  storedRuleset: async (bundledVersion) => {
    const admin = await adminUpdateSettings();
    loadedFor = updateKeyOf(admin);
    const got = await api.localGet(STORED_KEY);
    return loadStored({ record: got[STORED_KEY] || null, url: admin.rulesetUrl, keys: admin.rulesetPublicKey,
      now: Date.now(), verifier: verifier(), bundledVersion });
  },
});

let managedRetries = 0;
let lastManaged = null; // the last storage.managed answer this worker got
async function readSettings() {
  const [local, managed] = await Promise.all([api.localGet(['userSettings', MANAGED_CACHE_KEY]), api.managedRead(1500)]);
  let values = managed.values;
  if (managed.timedOut) {
    if (++managedRetries <= 5) setTimeout(() => applySettings(), 2000);
    // storage.managed did not answer in time (measured: it can lag seconds after a policy change or install): keep the
    // last answer rather than dropping to defaults (which would drop block mode). On Chrome/Edge the copy in
    // storage.local is out of content scripts' reach; a fresh answer always replaces it.
    values = lastManaged || local[MANAGED_CACHE_KEY] || {};
  } else {
    managedRetries = 0; // answered: a later slow answer gets its retries again
    lastManaged = values;
    if (JSON.stringify(local[MANAGED_CACHE_KEY]) !== JSON.stringify(values)) api.localSet({ [MANAGED_CACHE_KEY]: values }).catch(() => {});
  }
  current = effectiveSettings(local.userSettings, values);
  host.setSettings(current.settings);
  // The update URL or keys changed since the running ruleset was chosen: choose again on the next check.
  // A start in flight may have chosen already, so it is dropped too (it then joins a fresh start).
  if ((host.engine || host.starting) && loadedFor !== null && loadedFor !== updateKeyOf(current.settings)) host.discard();
  await publishSettings();
  return current;
}

// Content scripts read this copy (storage.managed may not answer at document_start). It is for display and for
// choosing sites only: what a check enforces (mode, rules, sensitivity) travels with each result from here.
async function publishSettings() {
  const before = await api.readContentSettings();
  if (JSON.stringify(before) !== JSON.stringify(current)) await api.publishContentSettings(current);
}

// Checks wait for the first fresh policy read (bounded by managedRead's timeout): a cached copy could be stale or planted.
const settingsReady = readSettings().catch(() => current);

// ---- checks over ports -----------------------------------------------------------------------
const queue = new CheckQueue(async (msg) => {
  await settingsReady;
  const r = await host.check(msg.text, msg.site);
  return { ...r, mode: current.settings.mode };
});
let portSeq = 0;
api.onConnect((port) => {
  if (port.name !== PORT_NAME) return;
  // A composer connects on focus: start the engine now, while the first policy read is still in flight (measured:
  // Chromium's first storage.managed answer after a browser start takes 2-3 s), rather than after it.
  void host.ready();
  const portKey = ++portSeq;
  const tab = port.sender && port.sender.tab && typeof port.sender.tab.id === 'number' ? port.sender.tab.id : null;
  const tabKey = tab === null ? 'port:' + portKey : 'tab:' + tab;
  port.onMessage.addListener((msg) => {
    if (!msg || msg.type !== CHECK) return; // KEEPALIVE needs no answer: receiving it resets the idle timer
    queue.push(tabKey, portKey, msg, (r) => {
      try {
        port.postMessage({ type: RESULT, id: msg.id, ok: r.ok, findings: r.findings, truncated: r.truncated, mode: r.mode,
          error: r.ok ? undefined : r.error });
      } catch (_) { /* the tab went away */ }
    });
  });
  port.onDisconnect.addListener(() => queue.dropPort(tabKey, portKey));
});
void KEEPALIVE;

// ---- ruleset updates ---------------------------------------------------------------------------
// When: at browser start (runtime.onStartup) or extension install/update, every rulesetUpdateHours (alarm), when the
// administrator sets or changes the URL or keys, and when the options page asks. Never because the worker woke up (M4).
const updateRuleset = serialUpdates(doUpdate);

async function doUpdate(reason, readKey) {
  const admin = await adminUpdateSettings();
  readKey(updateKeyOf(admin));
  if (!admin.rulesetUrl) return null;
  if (reason === 'alarm') {
    const st = (await api.localGet(STATUS_KEY))[STATUS_KEY];
    const last = st && Date.parse(st.lastAttempt);
    if (st && st.url === admin.rulesetUrl && last && Date.now() - last >= 0 && Date.now() - last < MIN_ALARM_GAP_MS) return st;
  }
  await host.ready();
  const status = await runUpdate(admin, {
    now: () => Date.now(),
    testBuild: TEST_BUILD,
    fetchText: (url) => downloadText(url, fetch),
    verifier,
    createEngine,
    activate: async (files) => {
      const r = await host.activate(files);
      if (r.ok && !r.deferred) loadedFor = updateKeyOf(admin);
      return r;
    },
    stored: async () => (await api.localGet(STORED_KEY))[STORED_KEY] || null,
    bundledVersion: async () => host.bundledVersion,
    saveRuleset: (record) => api.localSet({ [STORED_KEY]: record }),
    saveStatus: (status) => api.localSet({ [STATUS_KEY]: status }),
  });
  return status;
}

async function scheduleUpdates() {
  const s = current.settings;
  if (!s.rulesetUrl) {
    await api.alarmClear(ALARM_NAME);
    const st = (await api.localGet(STATUS_KEY))[STATUS_KEY];
    if (!st || st.state !== 'disabled') await api.localSet({ [STATUS_KEY]: { state: 'disabled' } });
    return;
  }
  const period = s.rulesetUpdateHours * 60;
  const existing = await api.alarmGet(ALARM_NAME);
  if (!existing || existing.periodInMinutes !== period) {
    await api.alarmCreate(ALARM_NAME, { periodInMinutes: period, delayInMinutes: period });
  }
}

api.onAlarm((alarm) => {
  if (alarm.name === ALARM_NAME) updateRuleset('alarm');
});
// Registered at the top level so the event that starts the worker at browser start reaches it. An install or update
// of the extension counts as a start too (measured: Chromium reports an unpacked --load-extension start as an install,
// not onStartup).
api.onStartup(() => { updateRuleset('startup'); });
api.onInstalled(() => { updateRuleset('installed'); });

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
    // Unchanged: leave the registration alone, so pages loading meanwhile still get the content script (I9).
    const same = (a, b) => JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
    if (existing.length && same(existing[0].matches || [], granted)) return;
    if (!existing.length && !granted.length) return;
    if (existing.length) await api.unregisterScripts(['postcheck-extra']);
    if (granted.length) {
      await api.registerScripts([{
        id: 'postcheck-extra', matches: granted, js: ['content/content.js'],
        runAt: 'document_start', allFrames: true,
      }]);
    }
  } catch (_) { /* no scripting API (old browser): extra sites stay unwatched */ }
}

// ---- settings and start ------------------------------------------------------------------------
async function applySettings() {
  await readSettings();
  await scheduleUpdates();
  await syncDynamicSites();
  const s = current.settings;
  if (!s.rulesetUrl) return;
  // First URL, or the administrator changed the URL or the keys (policy can arrive seconds after install): fetch now.
  const st = (await api.localGet(STATUS_KEY))[STATUS_KEY];
  if (!st || st.url !== s.rulesetUrl || (st.keys || '') !== s.rulesetPublicKey) updateRuleset('settings', updateKeyOf(s));
}
settingsReady.then(() => applySettings()).catch(() => {});

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
  if (area === 'managed' || (area === 'local' && (changes.userSettings || changes.__testManaged))) applySettings();
  // Someone else (DevTools on the options page, a content script on Firefox) rewrote the settings copy: put it back (L8).
  if (area === api.CONTENT_SETTINGS_AREA && changes.effectiveSettings) {
    settingsReady.then(() => {
      if (JSON.stringify(changes.effectiveSettings.newValue) !== JSON.stringify(current)) return api.publishContentSettings(current);
      return undefined;
    }).catch(() => {});
  }
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
    return settingsReady.then(() => updateRuleset('manual')).then((s) => ({ ok: true, status: s }));
  }
  return undefined;
});
