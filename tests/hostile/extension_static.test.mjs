// Static security checks of the shipped extension and the wasm glue (scans in extension_scan.mjs; its self-test proves they can fail).
// Scans build/extension when it exists (what ships), else extension/ (the sources).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { root } from './helpers.mjs';
import { scanManifest, scanHtmlSinks, scanMessageHandlers, scanDynamicCode, scanNetwork, scanRemoteResources, codeFiles, manifestsIn } from './extension_scan.mjs';

// What ships (build/extension for Chrome/Edge, build/extension-firefox) when built, else the sources.
const built = ['build/extension', 'build/extension-firefox'].map((d) => path.join(root, d)).filter((d) => fs.existsSync(path.join(d, 'manifest.json')));
const extDir = built[0] ?? path.join(root, 'extension');
// The skeleton already has extension/managed_schema.json, so "not landed" means no manifest yet.
const skipExt = manifestsIn(extDir).length ? false
  : 'extension not landed yet: no manifest.json or manifest.base.json in extension/ or build/extension/';
const securityDoc = () => fs.readFileSync(path.join(root, 'docs/security.md'), 'utf8');

test(`manifest (${path.relative(root, extDir)}): MV3, no externally_connectable, strict CSP with default-src 'self', no exposed wasm, justified permissions`, { skip: skipExt }, () => {
  assert.deepEqual(scanManifest(extDir, securityDoc()), []);
  for (const d of built.slice(1)) assert.deepEqual(scanManifest(d, securityDoc()), [], path.relative(root, d));
});

test('no HTML sinks (innerHTML, outerHTML, insertAdjacentHTML, document.write, srcdoc) in extension code', { skip: skipExt }, () => {
  assert.deepEqual(scanHtmlSinks(extDir), []);
});

test('every runtime message/port handler checks its sender; no external handlers', { skip: skipExt }, () => {
  const { handlers, problems } = scanMessageHandlers(extDir);
  assert.deepEqual(problems, []);
  assert.ok(handlers > 0, 'found no message handler at all: the scan is not seeing the code');
});

test('no eval or new Function in extension code', { skip: skipExt }, () => {
  assert.deepEqual(scanDynamicCode(codeFiles(extDir)), []);
});

test('post text cannot leave the device: no network API in extension code except fetching its own files', { skip: skipExt }, () => {
  assert.deepEqual(scanNetwork(extDir), []);
});

test('M3: shipped CSS and HTML load nothing from elsewhere (no remote url(), @import, remote @font-face or src)', { skip: skipExt }, () => {
  assert.deepEqual(scanRemoteResources(extDir), []);
  for (const d of built.slice(1)) assert.deepEqual(scanRemoteResources(d), [], path.relative(root, d));
});

const glueFiles = ['build/wasm/postcheck.js', 'build/wasm/postcheck-engine.js'].map((p) => path.join(root, p));
const skipGlue = fs.existsSync(path.join(root, 'scripts/build.sh')) ? false : 'wasm glue not built yet (engine not landed)';

test('wasm glue has no eval / new Function (CSP needs only wasm-unsafe-eval)', { skip: skipGlue }, () => {
  for (const f of glueFiles) assert.ok(fs.existsSync(f), `${path.relative(root, f)} missing: run scripts/build.sh`);
  assert.deepEqual(scanDynamicCode(glueFiles), []);
});
