// Hosts the wasm engine in the extension's own context (service worker / event page), where the page's CSP
// cannot forbid WebAssembly. Invariants: one active engine; checks never throw (fail open: ok=false, no findings);
// a failed ruleset load or configure leaves the previous good state in force (the engine's own contract).

import { engineSettings } from '../shared/settings.js';

export class EngineHost {
  // deps: { createEngine(): Promise<Engine>, bundledFiles(): Promise<SourceFile[]>, storedRuleset(): Promise<{files,...}|null> }
  constructor(deps) {
    this.deps = deps;
    this.engine = null;
    this.info = null;
    this.source = 'none';        // 'bundled' | 'update'
    this.error = '';             // last engine/ruleset/configure problem, for the options page
    this.configError = '';
    this.coldStartMs = 0;
    this.settings = null;
    this.configuredKey = '';
    this.starting = null;
  }

  setSettings(settings) {
    this.settings = settings;
    this.configuredKey = ''; // reconfigure on the next check
  }

  // Lazy start: the first check (or status request) pays the cold start once per worker lifetime.
  ready() {
    if (!this.starting) {
      this.starting = this.start().catch((e) => {
        this.error = 'Engine failed to start: ' + (e && e.message || e);
        this.engine = null;
        this.starting = null; // let the next call retry
        return false;
      });
    }
    return this.starting;
  }

  async start() {
    const t0 = performance.now();
    const engine = await this.deps.createEngine();
    const loaded = await this.loadInto(engine);
    if (!loaded) {
      engine.dispose();
      throw new Error(this.error || 'no ruleset could be loaded');
    }
    this.engine = engine;
    this.coldStartMs = Math.round(performance.now() - t0);
    return true;
  }

  // Tries the last activated update first (only if the deps offer one), then the bundled ruleset.
  async loadInto(engine) {
    const stored = await this.deps.storedRuleset();
    if (stored && Array.isArray(stored.files)) {
      const r = engine.loadRuleset(stored.files);
      if (r.ok) {
        this.info = r.info;
        this.source = 'update';
        return true;
      }
      this.error = 'Stored ruleset update did not load (' + r.error.text + '); using the bundled ruleset.';
    }
    const files = await this.deps.bundledFiles();
    const r = engine.loadRuleset(files);
    if (!r.ok) {
      this.error = 'Bundled ruleset did not load: ' + r.error.text;
      return false;
    }
    this.info = r.info;
    this.source = 'bundled';
    return true;
  }

  // Swap in a ruleset that already passed verification and runExamples() on a scratch engine.
  activate(files) {
    if (!this.engine) return { ok: false, error: 'engine not running' };
    const r = this.engine.loadRuleset(files);
    if (!r.ok) return { ok: false, error: r.error.text };
    this.info = r.info;
    this.source = 'update';
    this.configuredKey = '';
    return { ok: true, info: r.info };
  }

  configureFor(site) {
    const wanted = engineSettings(this.settings, site);
    const key = JSON.stringify(wanted);
    if (key === this.configuredKey) return;
    let r = this.engine.configure(wanted);
    if (!r.ok && wanted.trust) {
      // An unknown Trust profile must not switch checking off: fall back to the ruleset's first profile.
      this.configError = r.error.text;
      delete wanted.trust;
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
      const r = this.engine.check(String(text));
      if (!r.ok) return { ok: false, findings: [], truncated: false, error: r.error ? r.error.text : 'check failed' };
      return { ok: true, findings: r.findings, truncated: !!r.truncated };
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
      coldStartMs: this.coldStartMs,
      ruleset: info ? {
        name: info.name, version: info.version, ruleCount: info.ruleCount, source: this.source,
        trusts: info.trusts.map((t) => ({ id: t.id, name: t.name, policyShort: t.policyShort })),
        rules: info.rules,
      } : null,
    };
  }
}
