// Check time of several wasm builds of the engine in one node process, taking turns round by round; prints JSON lines {dir, chars, p50_ms} and, for each build after the first, in how many rounds it was faster than the first.
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
// Per round, each build checks each post for ~10 ms; the order of the builds turns round every
// round, so a change in the machine's speed hits every build alike. A round's mean per build
// is kept as well: the same build runs at two speeds across processes here, and p50s of
// separate blocks moved by more than a change; "faster in N of M rounds" pairs the builds
// within each round (a build against itself reads about half). The first round is warm-up.
const rounds = 41;
const reps = posts.map((p) => Math.max(2, Math.round(10000 / Math.max(p.length, 1))));
const roundMean = engines.map(() => posts.map(() => []));
for (let round = 0; round < rounds; round++) {
  const order = engines.map((_, e) => e);
  if (round % 2) order.reverse();
  for (const e of order)
    for (let p = 0; p < posts.length; p++) {
      let sum = 0;
      for (let r = 0; r < reps[p]; r++) {
        const t = performance.now();
        const res = engines[e].check(posts[p]);
        const dt = performance.now() - t;
        if (res.ok === false) throw new Error('check failed: ' + (res.error && res.error.message));
        if (round > 0) times[e][p].push(dt);
        sum += dt;
      }
      if (round > 0) roundMean[e][p].push(sum / reps[p]);
    }
}
for (let e = 0; e < engines.length; e++)
  for (let p = 0; p < posts.length; p++) {
    const line = { dir: dirs[e], chars: posts[p].length, p50_ms: p50(times[e][p]) };
    if (e > 0) {
      line.faster_rounds = roundMean[e][p].filter((m, r) => m < roundMean[0][p][r]).length;
      line.rounds = roundMean[e][p].length;
    }
    console.log(JSON.stringify(line));
  }
