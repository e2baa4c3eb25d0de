// Shared by the hostile-input tests: finds the built engine and CLI, loads fixture rulesets, and checks result invariants.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const wasmGlue = path.join(root, 'build/wasm/postcheck-engine.js');
export const wasmFile = path.join(root, 'build/wasm/postcheck.wasm');
export const cliPath = path.join(root, 'build/native/postcheck');
export const bundlePath = path.join(root, 'build/rules/bundle.json');

// The engine is built by scripts/build.sh. Until the lead's engine lands there is no build script
// and the suite can only be skipped; once it exists, a missing artifact is a failure, not a skip.
export function missingBuild(file) {
  if (fs.existsSync(file)) return false;
  if (!fs.existsSync(path.join(root, 'scripts/build.sh')))
    return `engine not landed yet (no scripts/build.sh, no ${path.relative(root, file)})`;
  throw new Error(`${path.relative(root, file)} is missing: run bash scripts/build.sh`);
}

let enginePromise = null;
// One wasm module per test file: creating it costs tens of ms, and engines are independent objects.
export async function newEngine() {
  const require = createRequire(import.meta.url);
  if (!globalThis.PostCheckEngine) require(wasmGlue);
  return globalThis.PostCheckEngine.create({ wasmBinary: fs.readFileSync(wasmFile) });
}
export function sharedEngine() {
  enginePromise ??= newEngine();
  return enginePromise;
}

// Fixture ruleset owned by this suite, so the tests do not change meaning when the real rules do.
export function fixtureFiles() {
  const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/good');
  return fs.readdirSync(dir).sort().map((f) => ({ name: `fixtures/good/${f}`, text: fs.readFileSync(path.join(dir, f), 'utf8') }));
}
export function realBundle() {
  return JSON.parse(fs.readFileSync(bundlePath, 'utf8'));
}

// Calls fn and fails the test if anything was thrown into JS (the API promises never to throw).
export function noThrow(label, fn) {
  try {
    return fn();
  } catch (e) {
    assert.fail(`${label} threw into JS: ${e && e.stack ? e.stack : e}`);
  }
}

const isHigh = (c) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c) => c >= 0xdc00 && c <= 0xdfff;
const splitsPair = (text, off) => off > 0 && off < text.length && isHigh(text.charCodeAt(off - 1)) && isLow(text.charCodeAt(off));

// Invariants every CheckResult must keep whatever the input: ok, offsets in range and ordered,
// no offset inside a surrogate pair, at most maxFindings findings.
export function assertSaneResult(text, r, { maxFindings = 500, maxUnits = 1 << 20 } = {}) {
  assert.equal(typeof r, 'object');
  assert.equal(r.ok, true, `check failed: ${JSON.stringify(r.error)}`);
  assert.ok(Array.isArray(r.findings) && Array.isArray(r.notes));
  assert.ok(r.findings.length <= maxFindings, `${r.findings.length} findings > ${maxFindings}`);
  const limit = Math.min(text.length, maxUnits);
  let prev = null;
  for (const f of r.findings) {
    const at = `${f.rule} [${f.start},${f.end})`;
    assert.ok(Number.isInteger(f.start) && Number.isInteger(f.end), `${at}: non-integer offsets`);
    assert.ok(f.start >= 0 && f.start < f.end && f.end <= limit, `${at}: out of range 0..${limit}`);
    assert.ok(!splitsPair(text, f.start) && !splitsPair(text, f.end), `${at}: splits a surrogate pair`);
    assert.ok(f.rule && f.category && f.severity && f.confidence, `${at}: missing fields`);
    // finding.h: sorted by start, longest first.
    if (prev) assert.ok(prev.start < f.start || (prev.start === f.start && prev.end >= f.end), `${at}: not sorted`);
    prev = f;
  }
}

// Peak resident memory (KiB) of the child and its result, when GNU time is there to measure it.
export function runCli(args, { input, timeoutMs = 60000, env } = {}) {
  const useTime = fs.existsSync('/usr/bin/time');
  const cmd = useTime ? '/usr/bin/time' : cliPath;
  const argv = useTime ? ['-f', '__MAXRSS_KB=%M', cliPath, ...args] : args;
  const t0 = performance.now();
  const r = spawnSync(cmd, argv, { input, timeout: timeoutMs, maxBuffer: 1 << 30, env: { ...process.env, ...env } });
  const ms = performance.now() - t0;
  let stderr = r.stderr ? r.stderr.toString('utf8') : '';
  let maxRssKb = null;
  const m = stderr.match(/__MAXRSS_KB=(\d+)\s*$/);
  if (m) { maxRssKb = Number(m[1]); stderr = stderr.slice(0, m.index); }
  return { status: r.status, signal: r.signal, stdout: r.stdout ? r.stdout.toString('utf8') : '', stderr, ms, maxRssKb, error: r.error };
}

export function timeIt(fn) {
  const t0 = performance.now();
  const value = fn();
  return { value, ms: performance.now() - t0 };
}
