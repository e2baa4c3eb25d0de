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

// I8: signed ruleset updates need WebCrypto Ed25519 (Chrome/Edge 137, Firefox 129); an older browser would refuse
// every update, so the manifest must not install there.
test('I8: every shipped manifest requires a browser whose WebCrypto has Ed25519', { skip: skipExt }, () => {
  const all = built.length ? built.flatMap((d) => manifestsIn(d)) : manifestsIn(extDir);
  for (const { label, manifest: m } of all) {
    if (m.background?.service_worker) assert.ok(Number(m.minimum_chrome_version) >= 137, `${label}: minimum_chrome_version ${m.minimum_chrome_version}`);
    const gecko = m.browser_specific_settings?.gecko;
    if (gecko) assert.ok(parseFloat(gecko.strict_min_version) >= 129, `${label}: strict_min_version ${gecko.strict_min_version}`);
  }
});

// I1: the options page says nothing typed in "Try a post" is sent or saved: no spelling service, no form autofill.
test('I1: "Try a post" has spellcheck and autocomplete off', { skip: skipExt }, () => {
  const html = fs.readFileSync(path.join(extDir, fs.existsSync(path.join(extDir, 'options/options.html')) ? 'options/options.html' : 'src/options/options.html'), 'utf8');
  const tag = html.match(/<textarea[^>]*id="tryText"[^>]*>/);
  assert.ok(tag, 'the Try a post textarea');
  assert.match(tag[0], /spellcheck="false"/);
  assert.match(tag[0], /autocomplete="off"/);
});
