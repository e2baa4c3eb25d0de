// One cold start of the wasm engine in a fresh node process: read, instantiate, compile the ruleset, configure, first check; prints JSON.
// Run by bench/run.mjs several times; argv: GLUE WASM RULES TRUST POSTFILE, where RULES is a bundle (.json) or the
// packed ruleset the extension loads at start-up (.pack, scripts/pack-ruleset.mjs).
import fs from 'node:fs';
import { createRequire } from 'node:module';

const [glue, wasm, bundle, trust, postFile] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const rss0 = process.memoryUsage().rss;
const t0 = performance.now();
require(glue);
const bytes = fs.readFileSync(wasm);
const packed = bundle.endsWith('.pack');
const files = packed ? new Uint8Array(fs.readFileSync(bundle)) : JSON.parse(fs.readFileSync(bundle, 'utf8'));
const post = fs.readFileSync(postFile, 'utf8');
const rssRead = process.memoryUsage().rss;
const t1 = performance.now();
const engine = await globalThis.PostCheckEngine.create({ wasmBinary: bytes });
const t2 = performance.now();
// RSS is read outside the timed steps: process.memoryUsage() takes ~2 ms here, and it used to
// sit inside the load and first-check intervals (node --cpu-prof), which native has no part of.
const rssCreated = process.memoryUsage().rss;
const t2b = performance.now();
// As extension/src/background/engine_host.js loads: the pack, or the files without their examples.
const loaded = packed ? engine.loadPacked(files, 'ruleset.pack') : engine.loadRuleset(files, { examples: false });
const t3 = performance.now();
if (!loaded.ok) { console.error(loaded.error.text); process.exit(1); }
const conf = engine.configure({ trust });
if (!conf.ok) { console.error(conf.error.text); process.exit(1); }
const t4 = performance.now();
const rssRules = process.memoryUsage().rss;
const t4b = performance.now();
const r = engine.check(post);
const t5 = performance.now();
const heap = typeof engine.memory === 'function' ? engine.memory() : null;
console.log(JSON.stringify({
  read_ms: t1 - t0, create_ms: t2 - t1, load_ms: t3 - t2b, configure_ms: t4 - t3, first_check_ms: t5 - t4b,
  // What the extension waits for once its files are in memory: the budgeted "cold start".
  cold_ms: (t2 - t1) + (t4 - t2b) + (t5 - t4b), findings: r.findings.length,
  // Engine memory as the process sees it (wasm memory is not exposed through the engine API).
  rss_base_mb: rss0 / 1048576, rss_delta_mb: (process.memoryUsage().rss - rss0) / 1048576,
  // How the delta splits: the glue, module code and initial heap (create); the ruleset and its
  // compiled checker (load + configure); the first check. The files read are not counted.
  rss_code_mb: (rssCreated - rssRead) / 1048576, rss_rules_mb: (rssRules - rssCreated) / 1048576,
  rss_check_mb: (process.memoryUsage().rss - rssRules) / 1048576,
  heap_mb: heap ? heap.heapBytes / 1048576 : null, heap_used_mb: heap ? heap.inUseBytes / 1048576 : null,
}));
