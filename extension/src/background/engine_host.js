// Hosts the wasm engine in the extension's own context (service worker / event page), where the page's CSP
// cannot forbid WebAssembly. Invariants: one active engine; checks never throw (fail open: ok=false, no findings);
// a failed ruleset load or configure leaves the previous good state in force (the engine's own contract); an engine
// that aborted is thrown away and started again, no sooner than an exponential backoff allows.

import { engineSettings } from '../shared/settings.js';
import { settingsProblems } from '../shared/settings_check.js';

// Backoff after an engine abort or a failed start: 1 s, 2 s, 4 s ... at most 60 s; a good check resets it.
export const RESTART_BACKOFF_MS = [1000, 2000, 4000, 8000, 16000, 32000, 60000];
// The engine reads at most this many UTF-16 units (max_text_units in core); cutting here keeps a huge draft from being
// copied into wasm memory, which never shrinks. A prefix keeps every offset valid.
export const MAX_TEXT_UNITS = 1 << 20;
// The rules' examples are not read for checking: CI proved the built-in ruleset's, and a downloaded one's ran on a
// scratch engine (ruleset_updater.js) before it was stored. Reading them was ~15% of a wasm load.
const EVERYDAY_LOAD = { examples: false };

export class EngineHost {
  // deps: { createEngine(): Promise<Engine>, bundledFiles(): Promise<SourceFile[]>, versionOf(files) -> string,
  //         builtInVersion?(): Promise<string> (the built-in ruleset's version, written by the build beside the pack, so
  //         the bundle is fetched and parsed only when the pack does not load),
  //         bundledPack?(): Promise<Uint8Array> (the built-in ruleset packed by the same engine build: no JSON to parse),
  //         storedRuleset(bundledVersion): Promise<{ok, files?, reason?}>, now?() -> ms }
  constructor(deps) {
    this.deps = deps;
    this.now = deps.now || (() => Date.now());
    this.failures = 0;           // consecutive aborts / failed starts
    this.retryAt = 0;            // no restart before this time (ms)
    this.bundledVersion = '';
    this.engine = null;
    this.info = null;
    this.source = 'none';        // 'bundled' | 'update'
    this.loadedFrom = 'none';    // 'pack' (the built-in ruleset's fast path) | 'files'
    this.error = '';             // last engine/ruleset/configure problem, for the options page
    this.configError = '';
    this.coldStartMs = 0;
    // Where the last start went (ms from its beginning): engine compiled, ruleset chosen (version and pack read, policy read),
    // then the ruleset load, which waits for both.
    this.coldStartParts = null;
    this.settings = null;
    this.configuredKey = '';
    this.starting = null;
    this.generation = 0;         // raised by discard(), so a start that was in flight then installs nothing
  }

  setSettings(settings) {
    this.settings = settings;
    this.configuredKey = ''; // reconfigure on the next check
  }

  // Lazy start: the first check (or status request) pays the cold start once per worker lifetime, or again after an
  // abort. While a backoff runs, callers get false at once (fail open) instead of a new start per check.
  ready() {
    if (!this.starting) {
      if (this.now() < this.retryAt) return Promise.resolve(false);
      const generation = this.generation;
      this.starting = this.start(generation).catch((e) => {
        // Discarded while starting: the failure belongs to settings that no longer hold, not to the fresh start.
        if (generation !== this.generation) return this.ready();
        this.error = 'Engine failed to start: ' + (e && e.message || e);
        this.engine = null;
        this.starting = null; // let a later call retry, after the backoff
        this.backOff();
        return false;
      });
    }
    return this.starting;
  }

  backOff() {
    this.retryAt = this.now() + RESTART_BACKOFF_MS[Math.min(this.failures, RESTART_BACKOFF_MS.length - 1)];
    this.failures++;
  }

  // Drops the engine so the next check starts a fresh one (after an abort, or when the update URL or keys changed and
  // the stored ruleset must be judged again).
  discard() {
    const old = this.engine;
    this.generation++;
    this.engine = null;
    this.starting = null;
    this.configuredKey = '';
    if (old) try { old.dispose(); } catch (_) { /* an aborted module may throw here too */ }
  }

  async start(generation) {
    const t0 = performance.now();
    const parts = { engineReadyMs: 0, rulesetChosenMs: 0, loadMs: 0 };
    const since = () => Math.round(performance.now() - t0);
    // Compiling the engine and choosing the ruleset (which waits on a fresh policy read) run side by side.
    const creating = this.deps.createEngine().then((e) => { parts.engineReadyMs = since(); return e; });
    creating.catch(() => {}); // handled below; this only keeps a failure during the policy read from being reported as unhandled
    let chosen;
    try {
      chosen = await this.chooseFiles();
      parts.rulesetChosenMs = since();
    } catch (e) {
      creating.then((engine) => engine.dispose(), () => {});
      throw e;
    }
    const engine = await creating;
    const loadFrom = performance.now();
    let loaded;
    try {
      loaded = await this.loadInto(engine, chosen);
    } catch (e) {
      engine.dispose(); // the rule files, needed after all, could not be read
      throw e;
    }
    parts.loadMs = Math.round(performance.now() - loadFrom);
    if (!loaded) {
      engine.dispose();
      throw new Error(this.error || 'no ruleset could be loaded');
    }
    if (generation !== this.generation) {
      // Discarded while starting: it chose its ruleset under settings that no longer hold. Join the fresh start.
      engine.dispose();
      return this.ready();
    }
    this.engine = engine;
    this.coldStartMs = since();
    this.coldStartParts = parts;
    return true;
  }

  // The built-in ruleset and the stored signed update (verified again by deps.storedRuleset), if any.
  async chooseFiles() {
    // A pack that cannot be read is noted (it always ships), and the rule files are loaded instead.
    const packing = this.deps.bundledPack
      ? this.deps.bundledPack().catch((e) => ({ unreadable: String(e && e.message || e) }))
      : Promise.resolve(null);
    let files = null;
    let version = this.deps.builtInVersion ? await this.deps.builtInVersion().catch(() => '') : '';
    if (typeof version !== 'string' || !version) {
      files = await this.deps.bundledFiles();
      version = (this.deps.versionOf && this.deps.versionOf(files)) || '';
    }
    this.bundledVersion = version;
    const stored = await this.deps.storedRuleset(this.bundledVersion);
    return { files, pack: await packing, stored };
  }

  // Loads the newer of the two: the stored update when it verified (it is only offered when newer), else the built-in:
  // its pack, or its rule files (fetched here if the version came without them).
  async loadInto(engine, { files, pack, stored }) {
    this.error = '';
    if (stored && stored.ok && Array.isArray(stored.files)) {
      const r = engine.loadRuleset(stored.files, EVERYDAY_LOAD);
      if (r.ok) {
        this.info = r.info;
        this.source = 'update';
        this.loadedFrom = 'files';
        return true;
      }
      this.error = 'Stored ruleset update did not load (' + r.error.text + '); using the built-in ruleset.';
    } else if (stored && stored.reason) {
      this.error = stored.reason;
    }
    if (pack && pack.unreadable) {
      this.error = (this.error ? this.error + ' ' : '') + 'The built-in packed ruleset could not be read (' + pack.unreadable +
        '); the built-in rule files were loaded instead.';
    } else if (pack) {
      // The extension build packs the very bundle it ships (extension/tools/build.mjs), and the browser's content
      // verification keeps a packaged file from changing; the version check catches a pack left from another build.
      // A stale or damaged one falls back to the rule files.
      const p = engine.loadPacked(pack, 'rules/ruleset.pack');
      if (p.ok && (!this.bundledVersion || p.info.version === this.bundledVersion)) {
        this.info = p.info;
        this.source = 'bundled';
        this.loadedFrom = 'pack';
        return true;
      }
      const why = p.ok ? 'version ' + p.info.version + ', not ' + this.bundledVersion : p.error.text;
      this.error = (this.error ? this.error + ' ' : '') + 'The built-in packed ruleset did not load (' + why +
        '); the built-in rule files were loaded instead.';
    }
    const r = engine.loadRuleset(files || await this.deps.bundledFiles(), EVERYDAY_LOAD);
    if (!r.ok) {
      this.error = 'Bundled ruleset did not load: ' + r.error.text;
      return false;
    }
    this.info = r.info;
    this.source = 'bundled';
    this.loadedFrom = 'files';
    return true;
  }

  // Swap in a ruleset that already passed verification and runExamples() on a scratch engine, and was stored.
  // A start in flight may have chosen before it was stored, so it is awaited and given the files too. With no engine
  // (discarded by a settings change meanwhile) the next start loads the stored update: deferred, not failed, since a
  // failed status would keep the update from being fetched again until the next alarm.
  async activate(files) {
    if (this.starting) await this.starting;
    if (!this.engine) return { ok: true, deferred: true };
    const r = this.engine.loadRuleset(files, EVERYDAY_LOAD);
    if (!r.ok) return { ok: false, error: r.error.text };
    this.info = r.info;
    this.source = 'update';
    this.loadedFrom = 'files';
    this.configuredKey = '';
    return { ok: true, info: r.info };
  }

  configureFor(site) {
    const wanted = engineSettings(this.settings, site);
    const key = JSON.stringify(wanted);
    if (key === this.configuredKey) return;
    let r = this.engine.configure(wanted);
    if (!r.ok && wanted.trust) {
      // An unknown Trust profile must not switch checking off, nor show another Trust's contacts and policy:
      // check with the shared rules and no profile (the options page says why, settings_check.js).
      this.configError = r.error.text;
      delete wanted.trust;
      wanted.noTrustProfile = true;
      r = this.engine.configure(wanted);
    } else {
      this.configError = r.ok ? '' : r.error.text;
    }
    this.configuredKey = key;
  }

  async check(text, site) {
    try {
      if (!(await this.ready()) || !this.engine) {
        return { ok: false, findings: [], truncated: false, error: this.error || 'engine unavailable' };
      }
      this.configureFor(site || '');
      let s = String(text);
      const cut = s.length > MAX_TEXT_UNITS;
      if (cut) s = s.slice(0, MAX_TEXT_UNITS);
      const r = this.engine.check(s);
      if (!r.ok) {
        const why = r.error ? r.error.text : 'check failed';
        if (/^engine failure:/.test(why)) {
          // wasm aborted: this instance is unusable for good. Start a fresh one on a later check.
          this.error = 'The rule engine stopped (' + why + '); it restarts automatically.';
          this.discard();
          this.backOff();
        }
        return { ok: false, findings: [], truncated: false, error: why };
      }
      this.failures = 0;
      return { ok: true, findings: r.findings, truncated: cut || !!r.truncated };
    } catch (e) {
      return { ok: false, findings: [], truncated: false, error: String(e && e.message || e) };
    }
  }

  summary() {
    const info = this.info;
    return {
      running: !!this.engine,
      error: this.error,
      configError: this.configError,
      settingsProblems: settingsProblems(this.settings, info),
      coldStartMs: this.coldStartMs,
      coldStartParts: this.coldStartParts,
      ruleset: info ? {
        name: info.name, version: info.version, ruleCount: info.ruleCount, source: this.source, loadedFrom: this.loadedFrom,
        trusts: info.trusts.map((t) => ({ id: t.id, name: t.name, policyShort: t.policyShort })),
        rules: info.rules,
      } : null,
    };
  }
}
