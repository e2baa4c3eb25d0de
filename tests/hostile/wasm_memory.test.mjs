// A huge paste cannot grow the worker's memory without limit: engine.js cuts it to the engine's text limit before it crosses into wasm, the heap has a hard maximum, and hitting it fails open.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { missingBuild, newEngine, fixtureFiles, wasmGlue, wasmFile, noThrow, assertSaneResult } from './helpers.mjs';

const skip = missingBuild(wasmGlue);
const MAX_TEXT_UNITS = 1 << 20;            // CheckLimits::max_text_units
const MAXIMUM_MEMORY = 128 * 1024 * 1024;  // wasm/CMakeLists.txt -sMAXIMUM_MEMORY

test('a 40-million-character paste is cut before it reaches wasm memory; the heap stays bounded and the engine keeps working', { skip }, async () => {
  const eng = await newEngine();
  assert.equal(eng.loadRuleset(fixtureFiles()).ok, true);
  assert.equal(eng.configure({ trust: 'bb' }).ok, true);
  const unit = 'my patient in bed 4 went home. ';
  const huge = unit.repeat(Math.ceil(40e6 / unit.length));
  const r = noThrow('check', () => eng.check(huge));
  assert.equal(r.ok, true, `engine failed: ${JSON.stringify(r.error)}`);
  assert.equal(r.truncated, true);
  assert.ok(r.notes.some((n) => n.includes(`only the first ${MAX_TEXT_UNITS} characters were checked`)), JSON.stringify(r.notes));
  assertSaneResult(huge, r, { maxUnits: MAX_TEXT_UNITS });
  const mem = eng.memory();
  assert.ok(mem && mem.heapBytes <= MAXIMUM_MEMORY, `heap ${mem && mem.heapBytes} bytes`);
  assert.ok(mem.heapBytes < 80e6, `a cut paste should need far less than the maximum: ${mem.heapBytes} bytes`);
  const after = eng.check('my patient in bed 4');
  assert.equal(after.ok, true);
  assert.ok(after.findings.length > 0, 'the engine stopped finding things after the huge paste');
  console.log(`# 40M-character paste: heap ${(mem.heapBytes / 1048576).toFixed(0)} MiB, ${(mem.inUseBytes / 1048576).toFixed(1)} MiB in use`);
});

test('the module cannot grow past MAXIMUM_MEMORY: an over-large copy aborts, and the engine wrapper turns that into a fail-open result', { skip }, async () => {
  const require = createRequire(import.meta.url);
  const factory = require(path.join(path.dirname(wasmGlue), 'postcheck.js'));
  const mod = await factory({ wasmBinary: fs.readFileSync(wasmFile), print() {}, printErr() {} });
  const raw = new mod.Engine();
  // 70 million UTF-16 units are 140 MB once copied: more than the module may ever have.
  const tooBig = 'x'.repeat(70_000_000);
  assert.throws(() => raw.checkJson(tooBig), 'the copy should have hit the memory limit and aborted');
  // The wrapper never lets such a copy happen (see above), and it fails open on any abort:
  // engine.js's guard returns ok:false with an error instead of throwing.
  const eng = await newEngine();
  assert.equal(eng.loadRuleset(fixtureFiles()).ok, true);
  const r = noThrow('check', () => eng.check(tooBig));
  assert.equal(r.ok, true);
  assert.equal(r.truncated, true);
});
