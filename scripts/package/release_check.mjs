#!/usr/bin/env node
// Refuses to package anything but a release build (review L7): the test build has open shadow roots, an admin
// override any content script can write (storage.local.__testManaged), test hooks and 127.0.0.1/localhost access.
//
//   node scripts/package/release_check.mjs DIR     exit 1 with the reasons if DIR is not a release build
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const LOCAL = /(^|[/:.])(127\.0\.0\.1|localhost|\[::1\])([:/]|$)/i;

// Returns the reasons DIR must not ship (empty: a release build).
export function releaseProblems(dir) {
  const problems = [];
  const read = (name) => {
    try { return JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')); } catch { return null; }
  };
  // extension/tools/build.mjs writes build.json into every variant; only a release build says testBuild: false.
  const info = read('build.json');
  if (!info || info.testBuild !== false) problems.push(`build.json ${info ? 'says testBuild: ' + JSON.stringify(info.testBuild) : 'is missing'} (only extension/tools/build.mjs release variants can be packaged)`);
  for (const name of ['manifest.json', 'manifest.firefox.json']) {
    const m = read(name);
    if (!m) continue;
    if (/\(test build\)\s*$/i.test(m.name || '')) problems.push(`${name}: name "${m.name}" is the test build's`);
    const hosts = [...(m.host_permissions || []), ...(m.optional_host_permissions || []),
      ...(m.content_scripts || []).flatMap((c) => c.matches || [])];
    for (const h of hosts) if (LOCAL.test(h)) problems.push(`${name}: grants access to ${h}`);
    const csp = m.content_security_policy && m.content_security_policy.extension_pages || '';
    const local = csp.match(/\S*(127\.0\.0\.1|localhost)\S*/i);
    if (local) problems.push(`${name}: CSP allows ${local[0]}`);
  }
  return problems;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const dir = process.argv[2];
  if (!dir) { console.error('usage: release_check.mjs EXTENSION_DIR'); process.exit(2); }
  const problems = releaseProblems(dir);
  if (problems.length) {
    console.error(`package: refusing to package ${dir}: it is not a release build:\n  ` + problems.join('\n  '));
    process.exit(1);
  }
}
