// Cold starts of two wasm builds, in fresh node processes taking turns (A, B, A, B...); prints each step's medians and the paired differences.
// Usage: node bench/wasm_cold_ab.mjs DIR_A DIR_B [RUNS] [RULES] [TRUST] [POST]
//   (each dir holds postcheck-engine.js, postcheck.js, postcheck.wasm, and may hold the ruleset.pack its build wrote,
//   which it then loads unless RULES is given: packs of two format versions cannot be read by the same build; RULES
//   otherwise defaults to build/rules/ruleset.pack, and may be a bundle .json, which every build reads)
// The same build starts at two speeds across processes on these shared cores, so single medians of separate runs
// can differ by more than a change; pairs started one after the other share the machine's state, and the
// median of their differences, with how many pairs went each way, is the figure to quote.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const [dirA, dirB, runs = '20', rulesArg, trust = 'bht', post = 'build/bench/posts/post-280.txt'] = process.argv.slice(2);
const rules = rulesArg || 'build/rules/ruleset.pack';
if (!dirA || !dirB) {
  console.error('usage: node bench/wasm_cold_ab.mjs DIR_A DIR_B [RUNS] [RULES] [TRUST] [POST]');
  process.exit(2);
}
const cold = path.join(path.dirname(new URL(import.meta.url).pathname), 'wasm_cold.mjs');
const rulesFor = (dir) => (!rulesArg && fs.existsSync(path.join(dir, 'ruleset.pack')) ? path.join(dir, 'ruleset.pack') : rules);
const once = (dir) =>
  JSON.parse(execFileSync(process.execPath, [cold, path.resolve(dir, 'postcheck-engine.js'), path.join(dir, 'postcheck.wasm'), rulesFor(dir), trust, post],
    { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '--no-experimental-fetch' } }));
const a = [], b = [];
for (let i = 0; i < Number(runs); i++) {
  a.push(once(dirA));
  b.push(once(dirB));
}
const median = (xs) => { const s = xs.slice().sort((x, y) => x - y); return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
console.log(`${runs} pairs; A = ${dirA}, B = ${dirB}`);
for (const k of ['create_ms', 'load_ms', 'configure_ms', 'first_check_ms', 'cold_ms']) {
  const d = a.map((x, i) => b[i][k] - x[k]);
  console.log(`${k.padEnd(15)} A ${median(a.map((x) => x[k])).toFixed(1).padStart(6)}  B ${median(b.map((x) => x[k])).toFixed(1).padStart(6)}` +
    `  B - A paired median ${(median(d) >= 0 ? '+' : '') + median(d).toFixed(1)}  (B lower in ${d.filter((v) => v < 0).length} of ${d.length})`);
}
