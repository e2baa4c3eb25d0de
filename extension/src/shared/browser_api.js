// The ONE module that touches the WebExtension API (chrome.* / browser.*); every other file imports from here.
// Why one place: Chrome and Firefox differ in small ways (namespace, service worker vs event page), and a
// single seam makes it obvious which browser calls exist, and lets pure logic stay testable in node.

const ext = globalThis.browser && globalThis.browser.runtime ? globalThis.browser : globalThis.chrome;

export function available() {
  return !!(ext && ext.runtime && ext.runtime.id);
}

export function extensionUrl(path) {
  return ext.runtime.getURL(path);
}

export function manifest() {
  return ext.runtime.getManifest();
}

// ---- storage -------------------------------------------------------------------------------
// User settings live in storage.local (not sync: nothing about the user leaves the device).
export async function localGet(keys) {
  return (await ext.storage.local.get(keys)) || {};
}
export async function localSet(items) {
  await ext.storage.local.set(items);
}
export async function localRemove(keys) {
  await ext.storage.local.remove(keys);
}
// storage.managed throws (or rejects) when no schema/policy exists on some browsers: treat as "no policy".
/* global POSTCHECK_TEST_BUILD */
// Measured: in Chromium 156 storage.managed.get() called from a content script at document_start can stay pending
// indefinitely; it is raced against a timeout and { timedOut: true } tells the caller to read again later.
export async function managedRead(timeoutMs = 800) {
  let managed = {};
  let timedOut = false;
  try {
    if (ext.storage.managed) {
      const got = await Promise.race([
        ext.storage.managed.get(null),
        new Promise((resolve) => setTimeout(() => resolve(undefined), timeoutMs)),
      ]);
      if (got === undefined) timedOut = true;
      managed = got || {};
    }
  } catch (_) {
    managed = {};
  }
  // Test build only: e2e tests stand in for an administrator through storage.local.__testManaged (the real
  // policy path, /etc/chromium/policies, needs a private mount namespace and is covered by deployment's tests).
  if (typeof POSTCHECK_TEST_BUILD !== 'undefined' && POSTCHECK_TEST_BUILD) {
    const t = await ext.storage.local.get('__testManaged');
    if (t && t.__testManaged) managed = { ...managed, ...t.__testManaged };
  }
  return { values: managed, timedOut };
}
export async function managedGet() {
  return (await managedRead()).values;
}
// Where content scripts find the effective settings the background publishes. Chrome/Edge (a service worker
// background) close storage.local to content scripts (restrictStorageToExtension), so the copy lives in
// storage.session, opened to them; Firefox has no access levels for storage.local, so it stays there.
const CHROME_LIKE = !!(ext && ext.runtime && ext.runtime.getManifest && (ext.runtime.getManifest().background || {}).service_worker);
export const CONTENT_SETTINGS_AREA = CHROME_LIKE ? 'session' : 'local';
function contentArea() {
  return ext.storage[CONTENT_SETTINGS_AREA];
}
// Background only. Measured in Chromium 156: after this a content script's storage.local call fails with "Access to
// storage is not allowed from this context", so a compromised renderer cannot plant settings, rulesets or status.
export async function restrictStorageToExtension() {
  if (!CHROME_LIKE || !ext.storage.local.setAccessLevel) return false;
  await ext.storage.local.setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' });
  await ext.storage.session.setAccessLevel({ accessLevel: 'TRUSTED_AND_UNTRUSTED_CONTEXTS' });
  return true;
}
export async function publishContentSettings(value) {
  await contentArea().set({ effectiveSettings: value });
}
// The published settings, or null (not published yet, or storage closed to this context).
export async function readContentSettings() {
  try {
    const got = await contentArea().get('effectiveSettings');
    return (got && got.effectiveSettings) || null;
  } catch (_) {
    return null;
  }
}
export function onContentSettingsChanged(listener) {
  return onStorageChanged((changes, area) => {
    if (area === CONTENT_SETTINGS_AREA && changes.effectiveSettings) listener(changes.effectiveSettings.newValue || null);
  });
}
// listener(changes, areaName); areaName is 'local' | 'managed' | 'sync' | 'session'.
export function onStorageChanged(listener) {
  ext.storage.onChanged.addListener(listener);
  return () => ext.storage.onChanged.removeListener(listener);
}

// ---- messaging -----------------------------------------------------------------------------
export function connect(name) {
  return ext.runtime.connect({ name });
}
// Only this extension's own contexts may connect or message (no externally_connectable, and
// this check stays even if one is added later). Content scripts pass this check but run in
// page processes, so handlers that return settings also require isExtensionPageSender(sender).
function isOwnSender(sender) {
  return !!sender && sender.id === ext.runtime.id;
}
export function isExtensionPageSender(sender) {
  return isOwnSender(sender) && typeof sender.url === 'string' && sender.url.startsWith(ext.runtime.getURL(''));
}
export function onConnect(listener) {
  ext.runtime.onConnect.addListener((port) => {
    if (!isOwnSender(port.sender)) {
      port.disconnect();
      return;
    }
    listener(port);
  });
}
export function sendMessage(message) {
  return ext.runtime.sendMessage(message);
}
// handler(message, sender) returns a value or a promise; undefined means "not mine".
export function onMessage(handler) {
  ext.runtime.onMessage.addListener((message, sender, sendResponse) => {
    if (!isOwnSender(sender)) return false;
    let out;
    try {
      out = handler(message, sender);
    } catch (e) {
      sendResponse({ ok: false, error: String(e && e.message || e) });
      return false;
    }
    if (out === undefined) return false;
    Promise.resolve(out).then(sendResponse, (e) => sendResponse({ ok: false, error: String(e && e.message || e) }));
    return true; // keep the channel open for the async answer
  });
}
export function lastErrorMessage() {
  return ext.runtime.lastError ? ext.runtime.lastError.message : '';
}
export function onInstalled(listener) {
  ext.runtime.onInstalled.addListener(listener);
}
export function onStartup(listener) {
  ext.runtime.onStartup.addListener(listener);
}
export function openOptionsPage() {
  return ext.runtime.openOptionsPage();
}

// ---- toolbar icon --------------------------------------------------------------------------
// Per-tab state of the toolbar button: title (its tooltip and accessible name) and a short badge text.
// Resolves false when the browser has no action API or the tab is gone (the page-side badge still says it).
export async function setTabActionState(tabId, { title, badgeText, badgeColor }) {
  if (!ext.action || typeof tabId !== 'number' || tabId < 0) return false;
  try {
    await ext.action.setTitle({ tabId, title });
    await ext.action.setBadgeText({ tabId, text: badgeText });
    if (badgeColor) await ext.action.setBadgeBackgroundColor({ tabId, color: badgeColor });
    return true;
  } catch (_) {
    return false;
  }
}
export function senderTabId(sender) {
  return sender && sender.tab && typeof sender.tab.id === 'number' ? sender.tab.id : -1;
}

// ---- alarms (ruleset updates) --------------------------------------------------------------
export function alarmCreate(name, info) {
  return ext.alarms.create(name, info);
}
export function alarmClear(name) {
  return ext.alarms.clear(name);
}
export function alarmGet(name) {
  return ext.alarms.get(name);
}
export function onAlarm(listener) {
  ext.alarms.onAlarm.addListener(listener);
}

// ---- permissions and dynamic content scripts (user/admin-added sites) -----------------------
export function permissionsContains(origins) {
  return ext.permissions.contains({ origins });
}
export function permissionsRequest(origins) {
  return ext.permissions.request({ origins });
}
export function permissionsRemove(origins) {
  return ext.permissions.remove({ origins });
}
export function permissionsGetAll() {
  return ext.permissions.getAll();
}
export function onPermissionsChanged(listener) {
  ext.permissions.onAdded.addListener(listener);
  ext.permissions.onRemoved.addListener(listener);
}
export async function registeredScripts() {
  return ext.scripting.getRegisteredContentScripts();
}
export async function registerScripts(scripts) {
  return ext.scripting.registerContentScripts(scripts);
}
export async function unregisterScripts(ids) {
  return ext.scripting.unregisterContentScripts({ ids });
}
