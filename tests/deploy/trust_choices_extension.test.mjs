// The extension's own background code (EngineHost, effective settings) on the WebAssembly engine: a Trust profile's severity override reaches staff of that Trust only, and an unknown trustProfile falls back to no Trust's details.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { loadModule } from '../e2e/lib/load_module.mjs';
import { bundleFiles, parseJsonc } from '../../scripts/ruleset-bundle.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const WASM = path.join(REPO, 'build/wasm/postcheck.wasm');
const skip = fs.existsSync(WASM) ? false : 'build/wasm not built (bash scripts/build.sh)';
const RULE = 'offensive_content.profanity';
// The rule's own first flag example (the rules change often; its examples always flag it), plus an NHS number so
// that a Trust's policy is cited when there is one.
const profanity = parseJsonc(fs.readFileSync(path.join(REPO, 'rules/core/offensive_content.json'), 'utf8'), 'offensive_content.json')
  .rules.find((r) => r.id === RULE);
const POST = `${profanity.examples.flag[0].replace(/\[\[|\]\]/g, '')} NHS no 943 476 5919 in bed 4`;
const SHARED_SEVERITY = typeof profanity.severity === 'string' ? profanity.severity : null;
const state = {};

// The real rules, with NDHT's profile choosing "warn" for swearing (as docs/rules-guide.md shows).
function rulesWithChoice() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pc-choice-'));
  for (const sub of ['core', 'lexicons', 'trusts']) fs.cpSync(path.join(REPO, 'rules', sub), path.join(dir, sub), { recursive: true });
  const file = path.join(dir, 'trusts/ndht.json');
  const text = fs.readFileSync(file, 'utf8');
  assert.ok(text.includes('"id": "ndht",'));
  fs.writeFileSync(file, text.replace('"id": "ndht",', `"id": "ndht",
    "severity_overrides": { "${RULE}": "block" },`));
  const files = bundleFiles({ rulesDir: dir });
  fs.rmSync(dir, { recursive: true, force: true });
  return files;
}

before(async () => {
  if (skip) return;
  const require = createRequire(import.meta.url);
  require(path.join(REPO, 'build/wasm/postcheck-engine.js'));
  const wasmBinary = fs.readFileSync(WASM);
  const { EngineHost } = await loadModule(path.join(REPO, 'extension/src/background/engine_host.js'));
  const { effectiveSettings } = await loadModule(path.join(REPO, 'extension/src/shared/settings.js'));
  const files = rulesWithChoice();
  state.host = (managed) => {
    const host = new EngineHost({
      createEngine: () => globalThis.PostCheckEngine.create({ wasmBinary }),
      bundledFiles: async () => files,
      versionOf: () => '',
      storedRuleset: async () => null,
    });
    host.setSettings(effectiveSettings({}, managed).settings);
    return host;
  };
});

const swearing = (r) => r.findings.find((f) => f.rule === RULE);

test('a Trust-profile severity override is what that Trust\'s staff get from the extension\'s engine', { skip }, async () => {
  const ndht = await state.host({ trustProfile: 'ndht', sensitivity: 'low' }).check(POST, 'x.com');
  assert.ok(ndht.ok, ndht.error);
  assert.equal(swearing(ndht)?.severity, 'block', 'ndht staff see the profile\'s severity');
  const bht = await state.host({ trustProfile: 'bht', sensitivity: 'low' }).check(POST, 'x.com');
  assert.ok(swearing(bht), 'bht staff get the rule too');
  assert.notEqual(swearing(bht).severity, 'block', 'another Trust keeps the shared severity');
  if (SHARED_SEVERITY) assert.equal(swearing(bht).severity, SHARED_SEVERITY);
  const policy = await state.host({ trustProfile: 'ndht', sensitivity: 'low', severityOverrides: { [RULE]: 'info' } }).check(POST, 'x.com');
  assert.equal(swearing(policy)?.severity, 'info', 'group policy stays above the profile');
});

test('an unknown trustProfile (wrong case) gives no Trust\'s details, and says so', { skip }, async () => {
  const good = await state.host({ trustProfile: 'ndht' }).check(POST, 'x.com');
  assert.match(JSON.stringify(good.findings), /NDHT/, 'with the right profile, findings cite NDHT (so the check below can fail)');
  const host = state.host({ trustProfile: 'NDHT' });
  const r = await host.check(POST, 'x.com');
  assert.ok(r.ok, r.error);
  assert.ok(r.findings.length > 0, 'checking goes on');
  const text = JSON.stringify(r.findings);
  assert.doesNotMatch(text, /BHT|Buckinghamshire|01494|NDHT|Northern Devon|01271/, 'no Trust\'s name, policy or phone');
  for (const f of r.findings) assert.equal(f.policyRef, '', `${f.rule} cites no Trust's policy`);
  const problems = host.summary().settingsProblems;
  assert.equal(problems[0]?.key, 'trustProfile');
  assert.match(problems[0].message, /did you mean "ndht"/);
});
