// Wires signed ruleset updates (verification logic is self.PostCheckRulesetUpdate, ruleset_update.js). Invariants:
// only an envelope that verifies against the configured keys, has not expired, carries a higher serial than the last
// one accepted, AND whose files load and pass every rule example on a scratch engine is activated; the stored copy is
// that signed envelope, verified again (against the keys read fresh from policy, and only while policy sets a URL)
// every time it is loaded; otherwise the last good ruleset stays and the reason is recorded. Without a rulesetUrl no
// network request is made and the built-in ruleset is used.

export const ALARM_NAME = 'postcheck-ruleset-update';
export const STATUS_KEY = 'rulesetUpdateStatus';
export const STORED_KEY = 'activeRulesetUpdate';
// The largest envelope the verifier accepts is 8 Mi characters; its UTF-8 bytes are what travel.
export const MAX_DOWNLOAD_BYTES = 8 * 1024 * 1024;

// A shipped build accepts only https; the test build also accepts plain http to this machine (its fixtures).
export function urlProblem(url, testBuild) {
  if (/^https:\/\//i.test(url)) return '';
  if (testBuild && /^http:\/\/(127\.0\.0\.1|localhost)[:/]/i.test(url)) return '';
  return 'rulesetUrl must be an https:// URL.';
}

// Downloads url as text with a byte cap enforced while streaming (a hostile server cannot make the background buffer
// more than the cap) and no redirects (a redirect could move the request to plain http). fetchImpl is the global fetch.
export async function downloadText(url, fetchImpl, { maxBytes = MAX_DOWNLOAD_BYTES } = {}) {
  let res;
  try {
    // credentials omitted: the ruleset is public signed data; the server must allow CORS (docs/admin/README.md §9).
    res = await fetchImpl(url, { cache: 'no-store', credentials: 'omit', redirect: 'error' });
  } catch (e) {
    // fetch() does not say why it failed. One bodiless no-cors probe tells "reachable" from "not reachable" (no-cors
    // requests must follow redirects; the extension CSP's connect-src still keeps them off plain http).
    const reachable = await fetchImpl(url, { mode: 'no-cors', cache: 'no-store', credentials: 'omit' }).then(() => true, () => false);
    throw new Error(reachable
      ? 'the server answered but the browser did not let PostCheck read the ruleset: it sent no Access-Control-Allow-Origin header (serve it with "Access-Control-Allow-Origin: *", admin guide section 9), or it answered with a redirect, which PostCheck does not follow (set rulesetUrl to the final https:// address).'
      : 'could not reach ' + new URL(url).host + ' (' + (e && e.message || e) + '; offline, DNS, certificate or proxy problem), or the server answered with a redirect, which PostCheck does not follow (set rulesetUrl to the final https:// address).');
  }
  if (!res.ok) throw new Error('HTTP ' + res.status);
  const declared = Number(res.headers && res.headers.get && res.headers.get('content-length'));
  if (declared > maxBytes) {
    try { await res.body.cancel(); } catch (_) { /* nothing to cancel */ }
    throw new Error(`the ruleset is ${declared} bytes; the limit is ${maxBytes}`);
  }
  const reader = res.body.getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      try { await reader.cancel(); } catch (_) { /* already closed */ }
      throw new Error(`the ruleset is larger than the limit of ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) { bytes.set(c, at); at += c.byteLength; }
  return new TextDecoder('utf-8').decode(bytes);
}

// One update pass at a time: request(reason, key) starts pass(reason, readKey), or joins the pass that is running.
// key names the update settings (URL and keys) the request was made for; the pass calls readKey(k) with the ones it
// read from policy. A request made for other settings than the running pass read gets one more pass after it: an
// administrator who changes the URL or keys during a download is otherwise heard only at the next alarm (hours).
// Requests for the same settings only join, so a browser start still fetches once (M4).
export function serialUpdates(pass) {
  let running = null;
  let read = null;                      // the settings the running pass read
  let wanted = null, wantedFor = null;  // the last settings asked for while it ran, and why
  const request = (reason, key = null) => {
    if (running) {
      if (key !== null) [wanted, wantedFor] = [key, reason];
      return running;
    }
    read = null;
    running = Promise.resolve()
      .then(() => pass(reason, (k) => { read = k; }))
      .catch(() => null)
      .finally(() => {
        running = null;
        const again = wanted !== null && wanted !== read ? wantedFor : null;
        wanted = wantedFor = null;
        if (again) request(again);
      });
    return running;
  };
  return request;
}

// The stored update, verified again now. record: what saveRuleset stored; url, keys: the administrator's rulesetUrl
// and rulesetPublicKey read fresh from policy; bundledVersion: the version of the ruleset built into the extension.
// -> { ok: true, files, version, serial, url } | { ok: false, reason } (reason '' when there is simply nothing to load).
// The signature, not the address, makes a ruleset trustworthy: after the administrator moves rulesetUrl, the last
// good ruleset (if the configured keys still verify it) stays until the new address delivers, as after any failed
// download. Removing rulesetUrl, or the key that signed it, stops its use at the next load.
export async function loadStored({ record, url, keys, now, verifier, bundledVersion }) {
  if (!record) return { ok: false, reason: '' };
  if (!url || !keys) return { ok: false, reason: '' }; // updates switched off: the bundled ruleset only
  if (!verifier) return { ok: false, reason: 'The ruleset verifier is not part of this build; using the built-in ruleset.' };
  if (typeof record.envelope !== 'string') return { ok: false, reason: 'The stored ruleset update is not a signed envelope; it was ignored.' };
  const v = await verifier.verify(record.envelope, keys, { now });
  if (!v.ok) return { ok: false, reason: `The stored ruleset update was not used (${v.error}); using the built-in ruleset.` };
  if (bundledVersion && verifier.compareVersions(v.version, bundledVersion) < 0) {
    return { ok: false, reason: `The downloaded ruleset ${v.version} is older than the ruleset ${bundledVersion} built into this version of PostCheck, which is used instead.` };
  }
  return { ok: true, files: v.files, version: v.version, serial: v.serial, url: record.url };
}

// deps: { fetchText(url) -> Promise<string>, verifier() -> PostCheckRulesetUpdate|undefined,
//         createEngine() -> Promise<Engine>, activate(files) -> Promise<{ok, info?, error?}>, stored() -> Promise<record|null>,
//         bundledVersion() -> Promise<string>, saveRuleset(record), saveStatus(status), now() -> ms, testBuild }
// settings.rulesetUrl / rulesetPublicKey must come from a fresh policy read, never from a cache in storage.
export async function runUpdate(settings, deps) {
  if (!settings.rulesetUrl) return null;
  const base = { url: settings.rulesetUrl, keys: settings.rulesetPublicKey || '', lastAttempt: new Date(deps.now()).toISOString() };
  const previous = deps.stored ? await deps.stored().catch(() => null) : null;
  const fail = async (reason) => {
    const status = { ...base, state: 'error', reason };
    await deps.saveStatus(status);
    return status;
  };
  const problem = urlProblem(settings.rulesetUrl, deps.testBuild);
  if (problem) return fail(problem);
  if (!settings.rulesetPublicKey) return fail('rulesetPublicKey is not set, so no update can be trusted.');
  const verifier = deps.verifier();
  if (!verifier || typeof verifier.verify !== 'function') return fail('The ruleset verifier is not part of this build.');

  let text;
  try {
    text = await deps.fetchText(settings.rulesetUrl);
  } catch (e) {
    return fail('Download failed: ' + (e && e.message || e));
  }
  let verified;
  try {
    verified = await verifier.verify(text, settings.rulesetPublicKey, { now: deps.now() });
  } catch (e) {
    verified = { ok: false, error: String(e && e.message || e) };
  }
  if (!verified || !verified.ok || !Array.isArray(verified.files)) {
    return fail('Signature check failed: ' + (verified && verified.error || 'no files'));
  }
  if (!Number.isSafeInteger(verified.serial) || !Number.isFinite(verified.expires)) return fail('The verifier gave no serial or expiry.');
  // Rollback: the last accepted serial is the floor while the configured keys still verify that ruleset (expired or
  // not); a new signing key (a new signer) starts over.
  let floor = 0;
  if (previous && typeof previous.envelope === 'string' && Number.isSafeInteger(previous.serial)) {
    const again = await verifier.verify(previous.envelope, settings.rulesetPublicKey).catch(() => null);
    if (again && again.ok && again.serial === previous.serial) floor = previous.serial;
  }
  if (verified.serial === floor && previous.envelope === text) {
    const status = { ...base, state: 'ok', lastSuccess: base.lastAttempt, name: previous.name, version: previous.version,
      serial: previous.serial, ruleCount: previous.ruleCount, expires: previous.expires, unchanged: true };
    await deps.saveStatus(status);
    return status; // the same signed file again: nothing to load or store
  }
  if (verified.serial <= floor) {
    return fail(`Refused ruleset ${verified.version} (serial ${verified.serial}): it is not newer than the ruleset already accepted (serial ${floor}), so it may be an old file replayed.`);
  }

  let scratch;
  try {
    scratch = await deps.createEngine();
    const loaded = scratch.loadRuleset(verified.files);
    if (!loaded.ok) return fail('The downloaded ruleset does not compile: ' + loaded.error.text);
    const failures = scratch.runExamples();
    if (failures.length) {
      const f = failures[0];
      return fail(`${failures.length} rule example(s) failed, e.g. ${f.rule}: ${f.problem}`);
    }
    const info = loaded.info;
    const expires = new Date(verified.expires).toISOString();
    const record = { envelope: text, url: settings.rulesetUrl, serial: verified.serial, name: info.name, version: info.version,
      ruleCount: info.ruleCount, expires, at: base.lastAttempt };
    const bundled = deps.bundledVersion ? await deps.bundledVersion().catch(() => '') : '';
    const older = bundled && verifier.compareVersions(verified.version, bundled) < 0;
    // Stored even when older than the built-in rules, so its serial stays the floor for later downloads.
    await deps.saveRuleset(record);
    if (older) {
      return fail(`The downloaded ruleset ${verified.version} is older than the ruleset ${bundled} built into this version of PostCheck, which stays in use.`);
    }
    const activated = await deps.activate(verified.files);
    if (!activated.ok) return fail('Activation failed: ' + activated.error);
    const status = { ...base, state: 'ok', lastSuccess: base.lastAttempt, name: info.name, version: info.version,
      serial: verified.serial, ruleCount: info.ruleCount, expires };
    await deps.saveStatus(status);
    return status;
  } catch (e) {
    return fail('Update failed: ' + (e && e.message || e));
  } finally {
    if (scratch) try { scratch.dispose(); } catch (_) { /* scratch only */ }
  }
}
