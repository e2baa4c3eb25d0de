// Wires signed ruleset updates (verification logic is self.PostCheckRulesetUpdate, ruleset_update.js, owned by
// deployment). Invariant: only an envelope that verifies against the configured key AND whose files load and pass
// every rule example on a scratch engine is activated; otherwise the last good ruleset stays and the reason is recorded.
// Without settings.rulesetUrl this module performs no network request at all.

export const ALARM_NAME = 'postcheck-ruleset-update';
export const STATUS_KEY = 'rulesetUpdateStatus';
export const STORED_KEY = 'activeRulesetUpdate';

// deps: { fetchText(url) -> Promise<string>, verifier() -> {verify(text, key)}|undefined,
//         createEngine() -> Promise<Engine>, activate(files) -> {ok, info?, error?},
//         saveRuleset(record), saveStatus(status), now() -> ms }
export async function runUpdate(settings, deps) {
  const base = { url: settings.rulesetUrl, lastAttempt: new Date(deps.now()).toISOString() };
  if (!settings.rulesetUrl) return null;
  const fail = async (reason) => {
    const status = { ...base, state: 'error', reason };
    await deps.saveStatus(status);
    return status;
  };
  if (!/^https:\/\//i.test(settings.rulesetUrl) && !/^http:\/\/(127\.0\.0\.1|localhost)[:/]/i.test(settings.rulesetUrl)) {
    return fail('rulesetUrl must be an https:// URL.');
  }
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
    verified = await verifier.verify(text, settings.rulesetPublicKey);
  } catch (e) {
    verified = { ok: false, error: String(e && e.message || e) };
  }
  if (!verified || !verified.ok || !Array.isArray(verified.files)) {
    return fail('Signature check failed: ' + (verified && verified.error || 'no files'));
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
    const activated = deps.activate(verified.files);
    if (!activated.ok) return fail('Activation failed: ' + activated.error);
    await deps.saveRuleset({ files: verified.files, name: info.name, version: info.version, url: settings.rulesetUrl, at: base.lastAttempt });
    const status = { ...base, state: 'ok', lastSuccess: base.lastAttempt, name: info.name, version: info.version, ruleCount: info.ruleCount };
    await deps.saveStatus(status);
    return status;
  } catch (e) {
    return fail('Update failed: ' + (e && e.message || e));
  } finally {
    if (scratch) try { scratch.dispose(); } catch (_) { /* scratch only */ }
  }
}
