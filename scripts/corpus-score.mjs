#!/usr/bin/env node
// Scores the ruleset on the labelled corpus (tests/corpus/posts.jsonl): per-category recall, overall recall and false-positive rate.
//
// Definitions (see tests/corpus/README.md):
//  - A finding "flags" a post when its severity is warn or block. Info findings are reminders: they
//    count neither as a catch nor as a false positive.
//  - A post labelled with category C is caught for C when it has a flagging finding of category C.
//  - Posts with a "trust" are checked with that Trust profile only. Posts without one are checked with
//    every profile in --trusts; they count as caught only if caught under every profile, and as a false
//    positive if flagged under any.
//  - Recall per category = caught / labelled posts; overall recall = caught (post, label) pairs / all pairs.
//  - False-positive rate = must-not-flag posts (labels []) with any flagging finding / must-not-flag posts.
// Usage: node scripts/corpus-score.mjs [--check] [--verbose] [--corpus FILE] [--bin PATH] [--rules DIR|BUNDLE]
//                                      [--trusts bht,ndht] [--min-recall 0.90] [--max-fpr 0.05]
// With --check the exit status is 1 when recall < min-recall or FPR > max-fpr (2 on errors).
import { spawnSync } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const opts = { check: false, verbose: false, corpus: resolve(root, 'tests/corpus/posts.jsonl'),
  bin: resolve(root, 'build/native/postcheck'), rules: '', trusts: 'bht,ndht', minRecall: 0.9, maxFpr: 0.05 };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  const val = () => { if (i + 1 >= argv.length) fail(`${a} needs a value`); return argv[++i]; };
  if (a === '--check') opts.check = true;
  else if (a === '--verbose' || a === '-v') opts.verbose = true;
  else if (a === '--corpus') opts.corpus = resolve(val());
  else if (a === '--bin') opts.bin = resolve(val());
  else if (a === '--rules') opts.rules = resolve(val());
  else if (a === '--trusts') opts.trusts = val();
  else if (a === '--min-recall') opts.minRecall = Number(val());
  else if (a === '--max-fpr') opts.maxFpr = Number(val());
  else fail(`unknown argument ${a}`);
}

function fail(msg) { console.error(`corpus-score: ${msg}`); process.exit(2); }

const CATEGORIES = ['patient_confidentiality', 'personal_identifiers', 'representing_trust', 'personal_views_disclaimer',
  'bullying_harassment', 'offensive_content', 'patient_relationship', 'raising_concerns', 'commercial_gain',
  'media_contact', 'confidential_business', 'trust_branding'];

if (!existsSync(opts.bin)) fail(`no engine at ${opts.bin}: build it first (bash scripts/build.sh)`);
if (!existsSync(opts.corpus)) fail(`no corpus at ${opts.corpus}`);

// Load and validate the corpus.
const posts = [];
const seen = new Set();
readFileSync(opts.corpus, 'utf8').split('\n').forEach((line, n) => {
  if (!line.trim()) return;
  let p;
  try { p = JSON.parse(line); } catch (e) { fail(`${opts.corpus}:${n + 1}: not JSON: ${e.message}`); }
  // Real-case files use the shared dev set's record format: "expect" for the labels, and "borderline" posts
  // (reasonable reviewers disagree) are scored apart there, so they are left out here.
  if (p && !('labels' in p) && Array.isArray(p.expect)) p.labels = p.expect;
  if (p && p.borderline === true) return;
  if (typeof p.id !== 'string' || typeof p.text !== 'string' || !Array.isArray(p.labels))
    fail(`${opts.corpus}:${n + 1}: each line needs "id", "text" and "labels"`);
  if (seen.has(p.id)) fail(`${opts.corpus}:${n + 1}: duplicate id ${p.id}`);
  for (const l of p.labels) if (!CATEGORIES.includes(l)) fail(`${opts.corpus}:${n + 1}: unknown label ${l}`);
  seen.add(p.id);
  posts.push(p);
});
const allTrusts = opts.trusts.split(',').map((s) => s.trim()).filter(Boolean);

// Run the engine once per trust over the posts that use it (jsonl in, jsonl out).
const results = new Map();  // id -> Map(trust -> findings[])
for (const trust of allTrusts) {
  const batch = posts.filter((p) => (p.trust ? p.trust === trust : true));
  if (!batch.length) continue;
  const input = batch.map((p) => JSON.stringify({ id: p.id, text: p.text })).join('\n') + '\n';
  // The corpus floors were set counting every confidence level; `check` now defaults to what staff see.
  const args = ['check', '--format', 'jsonl', '--trust', trust, '--min-confidence', 'low'];
  if (opts.rules) args.push('--rules', opts.rules);
  const r = spawnSync(opts.bin, args, { input, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) fail(`could not run ${opts.bin}: ${r.error.message}`);
  if (r.status !== 0 && r.status !== 1) fail(`postcheck exited ${r.status}: ${r.stderr.trim()}`);
  for (const line of r.stdout.split('\n')) {
    if (!line.trim()) continue;
    const o = JSON.parse(line);
    if (o.error) fail(`post ${o.id}: ${o.error}`);
    if (!results.has(o.id)) results.set(o.id, new Map());
    results.get(o.id).set(trust, o.findings || []);
  }
}
for (const p of posts) {
  const trusts = p.trust ? [p.trust] : allTrusts;
  for (const t of trusts) if (!results.get(p.id)?.has(t)) fail(`no result for post ${p.id} under trust ${t}`);
}

const flags = (f) => f.severity === 'warn' || f.severity === 'block';
const perCat = Object.fromEntries(CATEGORIES.map((c) => [c, { labelled: 0, caught: 0, missed: [] }]));
let pairs = 0, caughtPairs = 0, negatives = 0, falsePositives = 0, offLabel = 0;
const fpList = [];
const offList = [];
for (const p of posts) {
  const trusts = p.trust ? [p.trust] : allTrusts;
  const byTrust = trusts.map((t) => results.get(p.id).get(t).filter(flags));
  if (p.labels.length === 0) {
    negatives++;
    const hit = byTrust.flat();
    if (hit.length) { falsePositives++; fpList.push({ p, hit }); }
    continue;
  }
  for (const c of p.labels) {
    pairs++;
    perCat[c].labelled++;
    if (byTrust.every((fs) => fs.some((f) => f.category === c))) { caughtPairs++; perCat[c].caught++; }
    else perCat[c].missed.push(p);
  }
  const extra = byTrust.flat().filter((f) => !p.labels.includes(f.category));
  if (extra.length) { offLabel++; offList.push({ p, extra }); }
}

const pct = (x) => (100 * x).toFixed(1) + '%';
console.log(`corpus: ${posts.length} posts (${posts.length - negatives} to flag, ${negatives} must-not-flag), trusts ${allTrusts.join(', ')}`);
console.log('category                     recall');
for (const c of CATEGORIES) {
  const s = perCat[c];
  const r = s.labelled ? s.caught / s.labelled : NaN;
  console.log(`  ${c.padEnd(27)} ${s.labelled ? pct(r).padStart(6) : '   n/a'}  (${s.caught}/${s.labelled})`);
}
// A file of must-not-flag posts only (a false-alarm probe) has no recall to fall short of.
const recall = pairs ? caughtPairs / pairs : 1;
const fpr = negatives ? falsePositives / negatives : 0;
console.log(`overall recall: ${pairs ? pct(recall) : 'n/a'} (${caughtPairs}/${pairs} post-category pairs)`);
console.log(`false-positive rate: ${pct(fpr)} (${falsePositives}/${negatives} must-not-flag posts with a warn/block finding)`);
console.log(`labelled posts with extra warn/block findings in other categories: ${offLabel}`);

if (opts.verbose) {
  for (const c of CATEGORIES) for (const p of perCat[c].missed) console.log(`MISS ${c} ${p.id}: ${p.text}`);
  for (const { p, hit } of fpList)
    console.log(`FP ${p.id}: ${p.text}\n   ${hit.map((f) => `${f.rule} '${f.text ?? ''}'`).join('; ')}`);
  for (const { p, extra } of offList)
    console.log(`EXTRA ${p.id} [${p.labels.join(',')}]: ${extra.map((f) => `${f.rule} '${f.text ?? ''}'`).join('; ')}`);
}

if (opts.check) {
  const ok = recall >= opts.minRecall && fpr <= opts.maxFpr;
  console.log(ok ? `corpus check: ok (recall >= ${opts.minRecall}, FPR <= ${opts.maxFpr})`
    : `corpus check: FAILED (need recall >= ${opts.minRecall} and FPR <= ${opts.maxFpr})`);
  process.exit(ok ? 0 : 1);
}
