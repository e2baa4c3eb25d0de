// Self-test of the static scans: a deliberately bad extension must trip every scan, a clean one none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { scanManifest, scanHtmlSinks, scanMessageHandlers, scanDynamicCode, scanNetwork, scanRemoteResources, checkManifest, codeFiles, stripComments } from './extension_scan.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const bad = path.join(here, 'fixtures/bad-extension');
const good = path.join(here, 'fixtures/good-extension');
const doc = 'Permissions: `storage` because settings are stored.';

test('bad manifest: every problem reported', () => {
  const p = scanManifest(bad, doc).join('\n');
  for (const expected of [/externally_connectable/, /unsafe-eval/, /script-src allows remote/, /exposes engine\/postcheck\.wasm/,
    /cookies is not needed/, /undocumentedPermission has no justification/, /<all_urls>/, /no default-src 'self'/]) assert.match(p, expected);
});
test('bad code: sinks, unchecked and external handlers, eval, network all reported', () => {
  assert.equal(scanHtmlSinks(bad).length, 1);
  const h = scanMessageHandlers(bad).problems.join('\n');
  assert.match(h, /external message handler/);
  assert.match(h, /onMessage handler never looks at its sender/);
  assert.match(h, /window message listener/);
  assert.match(h, /onConnect handler never looks at its sender \(and the onConnect wrapper does not either\)/);
  assert.equal(scanDynamicCode(codeFiles(bad)).length, 1);
  assert.match(scanNetwork(bad).join('\n'), /collector\.example\.com/);
  const remote = scanRemoteResources(bad).join('\n');
  for (const expected of [/page\.css:\d+: url\(https:\/\/fonts\.example\.com/, /@font-face with a remote source/, /@import/,
    /url\(\/\/cdn\.example\.com/, /page\.html:\d+: <link href=/, /page\.html:\d+: <img src=/]) assert.match(remote, expected);
  assert.doesNotMatch(remote, /local\.png|data:image|nhs\.uk\/help/, 'relative files, data: URLs and plain links are not requests');
});
test('CSP: default-src \'self\' is required, and a remote font-src or img-src is reported even with it', () => {
  const m = (pages) => ({ manifest_version: 3, content_security_policy: { extension_pages: pages } });
  assert.match(checkManifest(m("script-src 'self'; object-src 'self'")).join('\n'), /no default-src 'self'/);
  assert.match(checkManifest(m("default-src *; script-src 'self'")).join('\n'), /no default-src 'self'/);
  const p = checkManifest(m("default-src 'self'; script-src 'self'; font-src https://assets.nhs.uk; img-src 'self' https:")).join('\n');
  assert.match(p, /font-src allows remote sources/);
  assert.match(p, /img-src allows remote sources/);
  assert.deepEqual(checkManifest(m("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; img-src 'self' data:; connect-src 'self' https:")), []);
});
test('good extension: clean on every scan', () => {
  assert.deepEqual(scanManifest(good, doc), []);
  assert.deepEqual(scanHtmlSinks(good), []);
  assert.deepEqual(scanMessageHandlers(good), { handlers: 4, problems: [] });
  assert.deepEqual(scanDynamicCode(codeFiles(good)), []);
  assert.deepEqual(scanNetwork(good), []);
  assert.deepEqual(scanRemoteResources(good), []);
});
test('comment stripper keeps strings and drops comments', () => {
  assert.equal(stripComments("a // x\nb /* y */ 'c//d' `e/*f*/`").replace(/\s+/g, ' ').trim(), "a b 'c//d' `e/*f*/`");
});
