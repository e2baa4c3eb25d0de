// The real engine in node (build/wasm), configured like the extension's defaults: gives the findings the browser
// must show for a text, so e2e tests check the extension's mapping and painting, not a copy of the rules.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './browser.mjs';

export async function nodeEngine() {
  process.env.NODE_OPTIONS = process.env.NODE_OPTIONS || '';
  const require = createRequire(import.meta.url);
  const PostCheckEngine = require(join(ROOT, 'build/wasm/postcheck-engine.js'));
  const engine = await PostCheckEngine.create({ wasmBinary: readFileSync(join(ROOT, 'build/wasm/postcheck.wasm')) });
  const files = JSON.parse(readFileSync(join(ROOT, 'build/rules/bundle.json'), 'utf8'));
  const loaded = engine.loadRuleset(files);
  if (!loaded.ok) throw new Error('bundle does not load: ' + loaded.error.text);
  return {
    engine,
    info: loaded.info,
    // Same CheckerSettings the extension sends by default (settings.js engineSettings with DEFAULTS).
    check(text, site, extra = {}) {
      const c = engine.configure({ minConfidence: 'medium', disabledRules: [], severityOverrides: {}, placeholders: {}, site, ...extra });
      if (!c.ok) throw new Error('configure: ' + c.error.text);
      const r = engine.check(text);
      if (!r.ok) throw new Error('check: ' + r.error.text);
      return r.findings;
    },
  };
}
