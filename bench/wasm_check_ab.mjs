// Check time of several wasm builds of the engine in one node process, interleaved round by round; prints JSON lines {dir, chars, p50_ms}.
// Usage: node bench/wasm_check_ab.mjs BUNDLE TRUST POSTFILE[,POSTFILE...] BUILD_DIR...  (each dir holds postcheck-engine.js, postcheck.js, postcheck.wasm)
import fs from 'node:fs';
import { createEngines, p50 } from './wasm_builds.mjs';

const [bundle, trust, postList, ...dirs] = process.argv.slice(2);
const files = JSON.parse(fs.readFileSync(bundle, 'utf8'));
const posts = postList.split(',').map((f) => fs.readFileSync(f, 'utf8'));
const engines = await createEngines(dirs);
engines.forEach((engine, e) => {
  if (!engine.loadRuleset(files).ok || !engine.configure({ trust }).ok) throw new Error(`${dirs[e]}: the ruleset did not load`);
});
const times = engines.map(() => posts.map(() => []));
// Enough checks per round that each post gets ~30 ms, then rounds alternate builds so a change in
// the machine's load hits every build alike; the first round is warm-up.
const reps = posts.map((p) => Math.max(3, Math.round(30000 / Math.max(p.length, 1))));
for (let round = 0; round < 9; round++)
  for (let e = 0; e < engines.length; e++)
    for (let p = 0; p < posts.length; p++)
      for (let r = 0; r < reps[p]; r++) {
        const t = performance.now();
        const res = engines[e].check(posts[p]);
        const dt = performance.now() - t;
        if (res.ok === false) throw new Error('check failed: ' + (res.error && res.error.message));
        if (round > 0) times[e][p].push(dt);
      }
for (let e = 0; e < engines.length; e++)
  for (let p = 0; p < posts.length; p++)
    console.log(JSON.stringify({ dir: dirs[e], chars: posts[p].length, p50_ms: p50(times[e][p]) }));
