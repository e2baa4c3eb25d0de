// Ruleset load time (loadPacked + configure) of several wasm builds in one node process, taking turns; prints JSON lines {dir, p50_ms, min_ms}.
// Usage: node bench/wasm_load_ab.mjs PACK TRUST BUILD_DIR...  (each dir holds postcheck-engine.js, postcheck.js, postcheck.wasm)
// Every load after the first runs warm (ICU started, V8's optimised code in place), so this measures the load's own
// work; a cold start adds first-time costs on top (bench/wasm_cold.mjs). The builds must read PACK's format.
import fs from 'node:fs';
import { createEngines, p50 } from './wasm_builds.mjs';

const [packFile, trust, ...dirs] = process.argv.slice(2);
const given = new Uint8Array(fs.readFileSync(packFile));
const engines = await createEngines(dirs);
const times = engines.map(() => []);
for (let round = 0; round < 40; round++)
  for (let e = 0; e < engines.length; e++) {
    const t = performance.now();
    const loaded = engines[e].loadPacked(given, 'ruleset.pack');
    const configured = loaded.ok && engines[e].configure({ trust });
    const dt = performance.now() - t;
    if (!loaded.ok) throw new Error(`${dirs[e]}: ${loaded.error.text}`);
    if (!configured.ok) throw new Error(`${dirs[e]}: ${configured.error.text}`);
    if (round >= 5) times[e].push(dt);  // the first rounds warm up
  }
for (let e = 0; e < engines.length; e++)
  console.log(JSON.stringify({ dir: dirs[e], p50_ms: p50(times[e]), min_ms: Math.min(...times[e]) }));
