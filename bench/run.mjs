// Benchmark driver: PostCheck native and wasm, peer packages on the same posts, scaling runs; prints the tables and budget verdicts.
//
// Run through scripts/bench.sh (which builds the native bench program first). Options:
//   --quick          fewer samples (a smoke run, numbers noisier)
//   --skip-peers     PostCheck only
//   --skip-scaling   no term-count / text-size runs
//   --skip-rule-scaling  no x1/x2/x4 rule-count run
// Writes build/bench/results.json and build/bench/results.md (the tables as printed).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { makePost, SIZES, writePosts } from './posts.mjs';
import { synthBundle, synthText, scaleBundle } from './synth.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const args = new Set(process.argv.slice(2));
const QUICK = args.has('--quick');
const out = path.join(root, 'build/bench');
fs.mkdirSync(out, { recursive: true });
// POSTCHECK_BENCH_BUILD (a build folder with wasm/), POSTCHECK_BENCH_NATIVE (a native_bench
// binary) and POSTCHECK_BENCH_RULES (a bundle) point at an older engine and the ruleset it
// loads, so before/after tables come from one machine and one script.
const buildDir = process.env.POSTCHECK_BENCH_BUILD ? path.resolve(process.env.POSTCHECK_BENCH_BUILD) : path.join(root, 'build');
const P = {
  glue: path.join(buildDir, 'wasm/postcheck-engine.js'),
  wasm: path.join(buildDir, 'wasm/postcheck.wasm'),
  bundle: process.env.POSTCHECK_BENCH_RULES ? path.resolve(process.env.POSTCHECK_BENCH_RULES) : path.join(root, 'build/rules/bundle.json'),
  nativeBench: process.env.POSTCHECK_BENCH_NATIVE ? path.resolve(process.env.POSTCHECK_BENCH_NATIVE) : path.join(out, 'native_bench'),
};
for (const [k, f] of Object.entries(P)) if (!fs.existsSync(f)) { console.error(`missing ${k}: ${f} (run scripts/bench.sh)`); process.exit(2); }
// The extension starts from the packed ruleset (scripts/pack-ruleset.mjs); an older engine given through the
// variables above has none, and starts from the bundle's files.
const pack = !process.env.POSTCHECK_BENCH_BUILD && !process.env.POSTCHECK_BENCH_RULES && fs.existsSync(path.join(root, 'build/rules/ruleset.pack'))
  ? path.join(root, 'build/rules/ruleset.pack') : '';

const lines = [];
const say = (s = '') => { console.log(s); lines.push(s); };
const f1 = (x) => (x == null ? 'n/a' : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toFixed(3));
const pct = (v, q) => { const s = [...v].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.round(q * (s.length - 1)))]; };
const median = (v) => pct(v, 0.5);
const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
function table(head, rows) {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const fmt = (r) => '| ' + r.map((c, i) => String(c).padEnd(w[i])).join(' | ') + ' |';
  say(fmt(head));
  say('|' + w.map((n) => '-'.repeat(n + 2)).join('|') + '|');
  rows.forEach((r) => say(fmt(r)));
  say();
}
// Samples a sync or async function: at least `min` runs and at least `ms` milliseconds, at most `max` runs.
async function sample(fn, { min = QUICK ? 10 : 30, ms = QUICK ? 300 : 1500, max = 20000, warm = 3 } = {}) {
  for (let i = 0; i < warm; i++) await fn();
  const v = [];
  const t0 = performance.now();
  while ((v.length < min || performance.now() - t0 < ms) && v.length < max) {
    const a = performance.now();
    await fn();
    v.push(performance.now() - a);
  }
  return { p50: pct(v, 0.5), p95: pct(v, 0.95), mean: v.reduce((a, b) => a + b, 0) / v.length, n: v.length };
}

// Runs each contender in turn, a time slice at a time, for several rounds (the first is warm-up),
// so a change in the machine's load or in V8's tier-up hits every contender alike: the ratios
// between them are what these shared cores can measure (absolute times move up to 3x between runs).
async function interleaved(fns, { rounds = QUICK ? 4 : 10, sliceMs = QUICK ? 30 : 100 } = {}) {
  const v = fns.map(() => []);
  for (let round = 0; round <= rounds; round++) {
    for (let i = 0; i < fns.length; i++) {
      const t0 = performance.now();
      do {
        const a = performance.now();
        await fns[i]();
        if (round > 0) v[i].push(performance.now() - a);
      } while (performance.now() - t0 < sliceMs);
    }
  }
  return v.map((xs) => ({ p50: pct(xs, 0.5), p95: pct(xs, 0.95), mean: xs.reduce((a, b) => a + b, 0) / xs.length, n: xs.length }));
}

const bundle = JSON.parse(fs.readFileSync(P.bundle, 'utf8'));
const posts = writePosts(path.join(out, 'posts'));
const postText = Object.fromEntries(posts.map((p) => [p.size, fs.readFileSync(p.file, 'utf8')]));
const results = { date: new Date().toISOString(), node: process.version, quick: QUICK };

// ---------- PostCheck wasm (in this process; the same posts the peers get) ----------
const require = createRequire(import.meta.url);
require(P.glue);
const engine = await globalThis.PostCheckEngine.create({ wasmBinary: fs.readFileSync(P.wasm) });
const loaded = engine.loadRuleset(bundle);
if (!loaded.ok) { console.error('bundle does not load:', loaded.error.text); process.exit(1); }
const info = loaded.info;
const trusts = info.trusts.map((t) => t.id);
say(`PostCheck benchmark — ruleset "${info.name}" ${info.version}: ${info.ruleCount} rules, profiles ${trusts.join(', ')}; ` +
    `${bundle.length} files, ${kb(bundle.reduce((a, f) => a + Buffer.byteLength(f.text), 0))}`);
say(`node ${process.version}, ${QUICK ? 'QUICK run (fewer samples)' : 'full run'}, ${new Date().toISOString()}`);
say();

const compileWasm = [];
for (let i = 0; i < (QUICK ? 3 : 7); i++) {
  const a = performance.now();
  engine.loadRuleset(bundle);
  engine.configure({ trust: trusts[0] });
  compileWasm.push(performance.now() - a);
}
results.wasm = { compile_ms: median(compileWasm), trusts: {} };
for (const t of trusts) {
  engine.configure({ trust: t });
  results.wasm.trusts[t] = {};
  for (const n of SIZES) {
    const r = engine.check(postText[n]);
    const s = await sample(() => engine.check(postText[n]));
    results.wasm.trusts[t][n] = { ...s, findings: r.findings.length, truncated: r.truncated, notes: r.notes.length };
  }
}
const mem = process.memoryUsage();
results.wasm.memory = { rss: mem.rss, arrayBuffers: mem.arrayBuffers };

// Cold start: fresh processes, median of several, wasm and native taking turns so that the
// ratio between them is not a change in the machine's load between two batches.
// Both from the pack, as the extension starts with its built-in ruleset; and both from the rule files, as it
// starts with a stored update.
// The floor: the same start with a ruleset of no rules (the header's shared word lists, the lexicons and the
// Trusts, packed the same way), which shows what instantiating the engine costs before any rule is compiled.
const colds = [], ncolds = [], fileColds = [], fileNcolds = [], floorColds = [], floorNcolds = [];
const coldWasm = (rules) => JSON.parse(execFileSync(process.execPath, [path.join(here, 'wasm_cold.mjs'), P.glue, P.wasm, rules, trusts[0], posts[0].file], { encoding: 'utf8' }));
const coldNative = (packArgs, rules = P.bundle) => JSON.parse(execFileSync(P.nativeBench, ['--rules', rules, '--trust', trusts[0], '--cold', ...packArgs, posts[0].file], { encoding: 'utf8' }));
const floor = pack ? await packFloor() : null;
for (let i = 0; i < (QUICK ? 3 : 9); i++) {
  colds.push(coldWasm(pack || P.bundle));
  ncolds.push(coldNative(pack ? ['--pack', pack] : []));
  if (pack) {
    fileColds.push(coldWasm(P.bundle));
    fileNcolds.push(coldNative([]));
    floorColds.push(coldWasm(floor.pack));
    floorNcolds.push(coldNative(['--pack', floor.pack], floor.bundle));
  }
}
async function packFloor() {
  const files = bundle.filter((f) => !/"rules"\s*:/.test(f.text));
  const e = await globalThis.PostCheckEngine.create({ wasmBinary: fs.readFileSync(P.wasm) });
  const r = e.loadRuleset(files, { examples: false });
  if (!r.ok || r.info.ruleCount !== 0) throw new Error('floor ruleset: ' + (r.ok ? r.info.ruleCount + ' rules' : r.error.text));
  const f = { bundle: path.join(out, 'floor-bundle.json'), pack: path.join(out, 'floor.pack') };
  fs.writeFileSync(f.bundle, JSON.stringify(files));
  fs.writeFileSync(f.pack, e.pack());
  e.dispose();
  return f;
}
const coldMed = (k) => median(colds.map((c) => c[k]));
results.wasm.cold = Object.fromEntries(Object.keys(colds[0]).map((k) => [k, coldMed(k)]));

// ---------- PostCheck native ----------
results.native = { trusts: {} };
for (const t of trusts) {
  const j = JSON.parse(execFileSync(P.nativeBench, ['--rules', P.bundle, '--trust', t, '--min-ms', QUICK ? '300' : '1500', '--iters', QUICK ? '10' : '30', ...posts.map((p) => p.file)], { encoding: 'utf8' }));
  results.native.trusts[t] = j;
}
results.native.cold_ms = median(ncolds.map((c) => c.cold_ms));

// Where the time goes: each rule alone on the 3,000-character post (native).
const perRule = JSON.parse(execFileSync(P.nativeBench, ['--rules', P.bundle, '--trust', trusts[0], '--compile-iters', '0', '--iters', QUICK ? '20' : '60', '--min-ms', '50', '--per-rule', posts[1].file], { encoding: 'utf8' }));
results.native.per_rule = perRule.per_rule;

// ---------- sizes ----------
const gz = (buf) => zlib.gzipSync(buf, { level: 9 }).length;
const sizeOf = (f) => { const b = fs.readFileSync(f); return { raw: b.length, gz: gz(b) }; };
const wasmDir = path.dirname(P.wasm);
const sizeRows = [];
const sizes = {};
// What ships: the module, its glue and any data file; the wasm test suite in the same folder does not.
for (const f of fs.readdirSync(wasmDir).filter((f) => /\.(wasm|js|dat)$/.test(f) && !/_tests?\./.test(f)).sort()) sizes[`build/wasm/${f}`] = sizeOf(path.join(wasmDir, f));
sizes['build/rules/bundle.json'] = sizeOf(P.bundle);
if (pack) sizes['build/rules/ruleset.pack'] = sizeOf(pack);  // ships beside the bundle (its start-up form)
for (const [k, v] of Object.entries(sizes)) sizeRows.push([k, kb(v.raw), kb(v.gz)]);
const shipped = Object.entries(sizes).filter(([k]) => /\.(wasm|dat|pack)$|bundle\.json$/.test(k));
const shippedRaw = shipped.reduce((a, [, v]) => a + v.raw, 0);
const shippedGz = shipped.reduce((a, [, v]) => a + v.gz, 0);
sizeRows.push(['wasm + data + rules', kb(shippedRaw), kb(shippedGz)]);
results.sizes = { files: sizes, shipped_raw: shippedRaw, shipped_gz: shippedGz };

// ---------- report: PostCheck ----------
say('## PostCheck: time per check, full ruleset (p50 / p95 ms; throughput from the mean)');
const rows = [];
for (const t of trusts) {
  for (const n of SIZES) {
    const w = results.wasm.trusts[t][n];
    const nat = results.native.trusts[t].posts.find((p) => p.units === n);
    const bytes = Buffer.byteLength(postText[n]);
    rows.push([t, n.toLocaleString('en-GB'), `${f1(nat.p50_ms)} / ${f1(nat.p95_ms)}`, f1(nat.mb_per_s),
      `${f1(w.p50)} / ${f1(w.p95)}`, f1(bytes / 1e6 / (w.mean / 1000)), w.findings + (w.truncated ? ' (truncated)' : ''), w.notes]);
  }
}
table(['profile', 'chars', 'native p50/p95', 'native MB/s', 'wasm p50/p95', 'wasm MB/s', 'findings', 'notes'], rows);

say('## PostCheck: start-up, compile, memory');
const c = results.wasm.cold;
const n0 = results.native.trusts[trusts[0]];
table(['measure', 'native', 'wasm (node)'], [
  ['ruleset compile (load + configure, warm, p50 ms)', f1(n0.compile_ms_p50), f1(results.wasm.compile_ms)],
  [`cold start ms (instantiate + ICU + ${pack ? 'packed ruleset' : 'rule files'} + first 280-char check)`, f1(results.native.cold_ms), f1(c.cold_ms)],
  ['  of which instantiate (create) ms', '-', f1(c.create_ms)],
  ['  of which loadRuleset ms (incl. ICU start-up)', f1(median(ncolds.map((x) => x.first_load_ms))), f1(c.load_ms)],
  ['  of which first check ms', f1(median(ncolds.map((x) => x.first_check_ms))), f1(c.first_check_ms)],
  ...(pack ? [['cold start ms from the rule files instead (a stored update)', f1(median(fileNcolds.map((x) => x.cold_ms))), f1(median(fileColds.map((x) => x.cold_ms)))],
    ['cold start ms with no rules (the floor: instantiate, ICU, word lists, Trusts)', f1(median(floorNcolds.map((x) => x.cold_ms))), f1(median(floorColds.map((x) => x.cold_ms)))],
    ['  of which instantiate (create) ms', '-', f1(median(floorColds.map((x) => x.create_ms)))]] : []),
  ['peak memory', `${(n0.peak_rss_kb / 1024).toFixed(0)} MB peak RSS (whole process)`, `+${f1(c.rss_delta_mb)} MB RSS for engine + ruleset + first check (fresh node; node alone ${f1(c.rss_base_mb)} MB)`],
  ['  of which code: glue + compiled module (RSS after create)', '-', c.rss_code_mb == null ? 'n/a' : `+${f1(c.rss_code_mb)} MB`],
  ['  of which rules: loadRuleset + configure (RSS)', '-', c.rss_rules_mb == null ? 'n/a' : `+${f1(c.rss_rules_mb)} MB`],
  ['  of which first check (RSS)', '-', c.rss_check_mb == null ? 'n/a' : `+${f1(c.rss_check_mb)} MB`],
  ['  wasm heap size / in use after first check', '-', c.heap_mb == null ? 'n/a (engine has no memory())' : `${f1(c.heap_mb)} MB / ${f1(c.heap_used_mb)} MB`],
]);
say(`## Where the time goes: the 10 slowest rules alone on the 3,000-char post (native p50 ms; all ${info.ruleCount} rules together: ${f1(perRule.posts[0].p50_ms)} ms; each row includes the shared text preparation)`);
table(['rule', 'alone p50 ms'], [...perRule.per_rule].sort((a, b) => b.p50_ms - a.p50_ms).slice(0, 10).map((r) => [r.rule, f1(r.p50_ms)]));
say('## Sizes (gzip -9)');
table(['file', 'raw', 'gzipped'], sizeRows);

// ---------- peers ----------
const wasmAt = (n) => results.wasm.trusts[trusts[0]][n];
results.peers = {};
if (!args.has('--skip-peers')) {
  const peerDir = path.join(here, 'node_modules');
  const peerReq = createRequire(path.join(here, 'package.json'));
  const have = (name) => fs.existsSync(path.join(peerDir, name, 'package.json'));
  const version = (name) => JSON.parse(fs.readFileSync(path.join(peerDir, name, 'package.json'), 'utf8')).version;
  const peers = [
    { name: 'obscenity', what: 'profanity only', async setup() {
      const ob = peerReq('obscenity');
      const m = new ob.RegExpMatcher({ ...ob.englishDataset.build(), ...ob.englishRecommendedTransformers });
      return (t) => m.getAllMatches(t).length;
    } },
    { name: 'alex', what: 'insensitive wording + profanity', async setup() {
      const { text } = await import(peerReq.resolve('alex'));
      return (t) => text(t).messages.length;
    } },
    { name: 'redact-pii', what: 'PII (names, phones, emails, ...)', async setup() {
      const { SyncRedactor } = peerReq('redact-pii');
      const r = new SyncRedactor();
      return (t) => r.redact(t).length;
    } },
    { name: 'harper.js', what: 'grammar/spelling (wasm)', async setup() {
      // harper.js loads its .wasm with fetch(file://...), which node's fetch refuses: serve file URLs from disk.
      const realFetch = globalThis.fetch;
      globalThis.fetch = async (u, ...a) => String(u).startsWith('file:')
        ? new Response(fs.readFileSync(new URL(String(u))), { headers: { 'content-type': 'application/wasm' } })
        : realFetch(u, ...a);
      // harper.js exports only an "import" condition, which require.resolve cannot see.
      const h = await import(path.join(peerDir, 'harper.js/dist/index.js'));
      const { binary } = await import(path.join(peerDir, 'harper.js/dist/binary.js'));
      const linter = new h.LocalLinter({ binary });
      await linter.setup();
      return async (t) => (await linter.lint(t, { language: 'plaintext' })).length;
    } },
  ];
  for (const p of peers) {
    if (!have(p.name)) { results.peers[p.name] = { missing: true }; continue; }
    const a = performance.now();
    let fn;
    try { fn = await p.setup(); } catch (e) { results.peers[p.name] = { error: String(e) }; continue; }
    const startup = performance.now() - a;
    const r = { version: version(p.name), what: p.what, startup_ms: startup, sizes: {} };
    for (const n of SIZES) {
      const found = await fn(postText[n]);
      // Slow peers get fewer samples on the long post rather than minutes of runtime.
      r.sizes[n] = { ...(await sample(() => fn(postText[n]), { min: n > 10000 ? 3 : 10, ms: QUICK ? 300 : 1500, warm: 1 })), found };
    }
    results.peers[p.name] = r;
  }
  // The budget peers again, interleaved with PostCheck on the same posts: the ratios below come
  // from these rounds. (alex and harper.js are too slow to interleave and keep the runs above.)
  engine.configure({ trust: trusts[0] });
  const rivals = [];
  for (const name of ['obscenity', 'redact-pii']) {
    const p = peers.find((x) => x.name === name);
    if (results.peers[name]?.sizes) rivals.push({ name, fn: await p.setup() });
  }
  results.versus = {};
  for (const n of SIZES) {
    const r = await interleaved([() => engine.check(postText[n]), ...rivals.map((x) => () => x.fn(postText[n]))]);
    results.versus[n] = { postcheck: r[0], ...Object.fromEntries(rivals.map((x, i) => [x.name, r[i + 1]])) };
  }
  const hw = path.join(peerDir, 'harper.js/dist/harper_wasm_bg.wasm');
  if (fs.existsSync(hw)) results.peers['harper.js'].module = sizeOf(hw);

  say('## Side by side on the same posts (PostCheck = wasm, all categories, profile ' + trusts[0] + '; p50 ms; ratio = PostCheck / peer, < 1 means PostCheck is faster; PostCheck, obscenity and redact-pii measured interleaved, round by round)');
  const pcAt = (n) => results.versus[n].postcheck;
  const peerAt = (name, n) => results.versus[n][name] || results.peers[name].sizes[n];
  const prow = [['PostCheck wasm', 'all 12 policy categories', f1(c.cold_ms), ...SIZES.map((n) => f1(pcAt(n).p50)), ...SIZES.map(() => '1')]];
  for (const [name, r] of Object.entries(results.peers)) {
    if (r.missing || r.error) { prow.push([name, r.missing ? 'NOT INSTALLED (bench/package.json)' : `failed: ${r.error}`, '', '', '', '', '', '', '']); continue; }
    prow.push([`${name} ${r.version}`, r.what, f1(r.startup_ms), ...SIZES.map((n) => f1(peerAt(name, n).p50)), ...SIZES.map((n) => (pcAt(n).p50 / peerAt(name, n).p50).toFixed(3))]);
  }
  table(['engine', 'checks', 'start-up ms', ...SIZES.map((n) => `${n} ch`), ...SIZES.map((n) => `ratio ${n}`)], prow);
  if (results.peers['harper.js']?.module) say(`harper.js module: ${kb(results.peers['harper.js'].module.raw)} raw, ${kb(results.peers['harper.js'].module.gz)} gzipped (PostCheck wasm+data+rules: ${kb(shippedRaw)} / ${kb(shippedGz)})\n`);
}

// ---------- scaling with the number of rules ----------
// The real ruleset, then 2x and 4x as many rules of the same shapes (bench/synth.mjs scaleBundle:
// every core rule cloned with its terms, term sets and allow phrases replaced by pseudo-words,
// regex letters shifted, detectors kept). Same posts, same process, one engine per ruleset.
results.rule_scaling = [];
if (!args.has('--skip-rule-scaling')) {
  const tmp = path.join(out, 'scaling');
  fs.mkdirSync(tmp, { recursive: true });
  const rrows = [];
  const runs = [];
  for (const factor of [1, 2, 4]) {
    const files = scaleBundle(bundle, factor);
    const bf = path.join(tmp, `rules-x${factor}.json`);
    fs.writeFileSync(bf, JSON.stringify(files));
    const nat = JSON.parse(execFileSync(P.nativeBench, ['--rules', bf, '--trust', trusts[0], '--compile-iters', '1', '--min-ms', QUICK ? '200' : '800', '--iters', '20', ...posts.map((p) => p.file)], { encoding: 'utf8', maxBuffer: 1 << 26 }));
    const e = await globalThis.PostCheckEngine.create({ wasmBinary: fs.readFileSync(P.wasm) });
    const lr = e.loadRuleset(files);
    if (!lr.ok) { console.error(`x${factor} rules do not load: ${lr.error.text}`); process.exit(1); }
    e.configure({ trust: trusts[0] });
    runs.push({ factor, rules: lr.info.ruleCount, nat, e });
  }
  // The three engines take turns on each post, so the ratios compare like with like.
  const wasmBy = {};
  for (const n of SIZES) wasmBy[n] = await interleaved(runs.map((r) => () => r.e.check(postText[n])), { sliceMs: QUICK ? 30 : 80 });
  for (const [i, run] of runs.entries()) {
    const row = { factor: run.factor, rules: run.rules, sizes: {} };
    for (const n of SIZES) {
      const np = run.nat.posts.find((p) => p.units === n);
      row.sizes[n] = { wasm_p50: wasmBy[n][i].p50, native_p50: np.p50_ms, findings: run.e.check(postText[n]).findings.length };
    }
    run.e.dispose();
    results.rule_scaling.push(row);
  }
  const base = results.rule_scaling[0].sizes;
  for (const row of results.rule_scaling) {
    rrows.push([`x${row.factor}`, row.rules, ...SIZES.map((n) => `${f1(row.sizes[n].wasm_p50)} (${(row.sizes[n].wasm_p50 / base[n].wasm_p50).toFixed(2)}x)`),
      ...SIZES.map((n) => `${f1(row.sizes[n].native_p50)} (${(row.sizes[n].native_p50 / base[n].native_p50).toFixed(2)}x)`), SIZES.map((n) => row.sizes[n].findings).join(' / ')]);
  }
  say('## Scaling with the number of rules (real ruleset, then 2x and 4x rules of the same shapes; p50 ms, ratio to x1; the wasm engines interleaved, round by round)');
  table(['rules', 'count', ...SIZES.map((n) => `wasm ${n} ch`), ...SIZES.map((n) => `native ${n} ch`), 'findings'], rrows);
}

// ---------- scaling ----------
if (!args.has('--skip-scaling')) {
  const tmp = path.join(out, 'scaling');
  fs.mkdirSync(tmp, { recursive: true });
  const text3k = synthText(3000, makePost);
  fs.writeFileSync(path.join(tmp, 'text-3000.txt'), text3k);
  const termCounts = QUICK ? [100, 1000, 10000] : [100, 1000, 5000, 10000, 50000];
  const srows = [];
  results.scaling = { terms: [], text: [] };
  for (const n of termCounts) {
    const files = synthBundle(n);
    const bf = path.join(tmp, `synth-${n}.json`);
    fs.writeFileSync(bf, JSON.stringify(files));
    const nat = JSON.parse(execFileSync(P.nativeBench, ['--rules', bf, '--compile-iters', '3', '--min-ms', QUICK ? '200' : '800', '--iters', '20', path.join(tmp, 'text-3000.txt')], { encoding: 'utf8', maxBuffer: 1 << 26 }));
    const e2 = await globalThis.PostCheckEngine.create({ wasmBinary: fs.readFileSync(P.wasm) });
    const a = performance.now();
    const lr = e2.loadRuleset(files);
    const wc = performance.now() - a;
    let ws = null, wf = null;
    if (lr.ok) { e2.configure({}); wf = e2.check(text3k).findings.length; ws = await sample(() => e2.check(text3k), { min: 20, ms: QUICK ? 200 : 800 }); }
    e2.dispose();
    const np = nat.posts[0];
    results.scaling.terms.push({ terms: n, native_compile_ms: nat.compile_ms_p50, native_check_p50: np.p50_ms, wasm_compile_ms: wc, wasm_check_p50: ws?.p50, wasm_error: lr.ok ? null : lr.error.text, findings: np.findings });
    srows.push([n.toLocaleString('en-GB'), f1(nat.compile_ms_p50), f1(np.p50_ms), f1(np.ns_per_unit), lr.ok ? f1(wc) : 'error', ws ? f1(ws.p50) : 'n/a', np.findings]);
  }
  say('## Scaling with term count (synthetic rules, 3,000-char text with terms every ~200 chars)');
  table(['terms', 'native compile ms', 'native check p50 ms', 'native ns/char', 'wasm compile ms', 'wasm check p50 ms', 'findings'], srows);

  // Text growth: real bundle and the 10,000-term synthetic set; limits raised so no budget cuts the work short.
  const textSizes = QUICK ? [1000, 10000, 100000, 1000000] : [1000, 3000, 10000, 30000, 100000, 300000, 1000000];
  const trows = [];
  const textFiles = textSizes.map((n) => { const f = path.join(tmp, `text-${n}.txt`); fs.writeFileSync(f, synthText(n, makePost)); return f; });
  for (const [label, bf] of [['real bundle', P.bundle], ['10,000 synthetic terms', path.join(tmp, 'synth-10000.json')]]) {
    if (!fs.existsSync(bf)) continue;
    const nat = JSON.parse(execFileSync(P.nativeBench, ['--rules', bf, '--trust', label === 'real bundle' ? trusts[0] : '', '--budget-ms', '100000', '--max-findings', '100000000',
      '--compile-iters', '1', '--min-ms', QUICK ? '200' : '600', '--iters', '5', ...textFiles], { encoding: 'utf8' }));
    for (const p of nat.posts) {
      results.scaling.text.push({ rules: label, units: p.units, p50_ms: p.p50_ms, ns_per_unit: p.ns_per_unit, findings: p.findings });
      trows.push([label, p.units.toLocaleString('en-GB'), f1(p.p50_ms), f1(p.ns_per_unit), f1(p.mb_per_s), p.findings]);
    }
  }
  // wasm, real bundle, default limits (what the extension runs).
  engine.loadRuleset(bundle);
  engine.configure({ trust: trusts[0] });
  for (const n of textSizes) {
    const t = fs.readFileSync(textFiles[textSizes.indexOf(n)], 'utf8');
    const s = await sample(() => engine.check(t), { min: 5, ms: QUICK ? 200 : 600 });
    const r = engine.check(t);
    results.scaling.text.push({ rules: 'wasm real bundle', units: n, p50_ms: s.p50, ns_per_unit: s.p50 * 1e6 / n, findings: r.findings.length, truncated: r.truncated });
    trows.push(['wasm, real bundle, default limits', n.toLocaleString('en-GB'), f1(s.p50), f1(s.p50 * 1e6 / n), f1(Buffer.byteLength(t) / 1e6 / (s.mean / 1000)), r.findings.length + (r.truncated ? ' (capped)' : '')]);
  }
  say('## Scaling with text length (native: limits raised so nothing is cut short; ns/char flat = linear)');
  table(['rules', 'chars', 'p50 ms', 'ns/char', 'MB/s', 'findings'], trows);
}

// ---------- budgets ----------
say('## Budgets');
const brows = [];
const budget = (name, value, limit, pass) => { brows.push([name, value, limit, pass ? 'PASS' : 'MISS']); };
for (const peer of ['obscenity', 'redact-pii']) {
  const r = results.peers[peer];
  if (!r || r.missing || r.error) { if (!args.has('--skip-peers')) budget(`PostCheck vs ${peer}`, `${peer} not measured`, '>= 3x faster', false); continue; }
  for (const n of SIZES) {
    const v = results.versus[n];
    const x = v[peer].p50 / v.postcheck.p50;
    budget(`PostCheck wasm (all categories) vs ${peer}, ${n} chars`, x >= 1 ? `${x.toFixed(1)}x faster` : `${(1 / x).toFixed(1)}x slower`, '>= 3x faster', x >= 3);
  }
}
if (results.rule_scaling.length === 3) {
  for (const n of SIZES) {
    const x = results.rule_scaling[2].sizes[n].wasm_p50 / results.rule_scaling[0].sizes[n].wasm_p50;
    budget(`4x the rules, wasm, ${n} chars`, `${x.toFixed(2)}x the time`, '<= 1.3x', x <= 1.3);
  }
}
const coldRatio = c.cold_ms / results.native.cold_ms;
budget('wasm cold start vs native cold start', `${coldRatio.toFixed(1)}x (${f1(c.cold_ms)} / ${f1(results.native.cold_ms)} ms)`, '<= 3x', coldRatio <= 3);
if (pack) {
  // What the ratio above could reach if every rule compiled in no time: the wasm start with no rules against native with all.
  results.wasm.floor_cold_ms = median(floorColds.map((x) => x.cold_ms));
  results.native.floor_cold_ms = median(floorNcolds.map((x) => x.cold_ms));
  const floorRatio = results.wasm.floor_cold_ms / results.native.cold_ms;
  budget('  its floor: wasm with no rules vs native with all', `${floorRatio.toFixed(1)}x (${f1(results.wasm.floor_cold_ms)} / ${f1(results.native.cold_ms)} ms)`, '<= 3x', floorRatio <= 3);
}
budget('engine memory: engine + ruleset + first check (RSS, fresh node)', `${f1(c.rss_delta_mb)} MB`, '< 25 MB', c.rss_delta_mb < 25);
const worst = (n) => Math.max(...trusts.map((t) => results.wasm.trusts[t][n].p50));
budget('wasm, 3,000 chars, p50 (worst profile)', `${f1(worst(3000))} ms`, '<= 1 ms', worst(3000) <= 1);
budget('wasm, 63,206 chars, p50 (worst profile)', `${f1(worst(63206))} ms`, '<= 15 ms', worst(63206) <= 15);
budget('wasm cold start (instantiate + ICU + compile + first check)', `${f1(c.cold_ms)} ms`, '<= 100 ms', c.cold_ms <= 100);
budget('wasm + data + rules, raw', kb(shippedRaw), '<= 1536 KB', shippedRaw <= 1.5 * 1024 * 1024);
table(['budget', 'measured', 'limit', 'verdict'], brows);
results.budgets = brows;

fs.writeFileSync(path.join(out, 'results.json'), JSON.stringify(results, null, 1));
fs.writeFileSync(path.join(out, 'results.md'), lines.join('\n') + '\n');
engine.dispose();
