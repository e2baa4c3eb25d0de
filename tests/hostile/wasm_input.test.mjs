// Hostile text against the wasm engine: huge pastes, broken UTF-16, control and bidi characters, mark floods, finding floods.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { missingBuild, newEngine, fixtureFiles, realBundle, bundlePath, wasmGlue, noThrow, assertSaneResult, timeIt } from './helpers.mjs';
import fs from 'node:fs';

const skip = missingBuild(wasmGlue);
let fx;    // engine with the fixture ruleset (predictable findings)
let real;  // engine with the real bundle (invariants only: real rules change)

before(async () => {
  if (skip) return;
  fx = await newEngine();
  const r = noThrow('loadRuleset', () => fx.loadRuleset(fixtureFiles()));
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.equal(fx.configure({ trust: 'aa' }).ok, true);
  if (fs.existsSync(bundlePath)) {
    real = await newEngine();
    const rr = real.loadRuleset(realBundle());
    assert.equal(rr.ok, true, `real bundle does not load: ${rr.error && rr.error.text}`);
  }
});

const spansOf = (r, rule) => r.findings.filter((f) => f.rule === rule).map((f) => [f.start, f.end]);

test('sanity: fixture finds what it should (so the other tests can fail)', { skip }, () => {
  const text = 'my patient in bed 4, NHS 943 476 5919';
  const r = fx.check(text);
  assertSaneResult(text, r);
  assert.deepEqual(spansOf(r, 'patient_confidentiality.bed_number'), [[14, 19]]);
  assert.deepEqual(spansOf(r, 'personal_identifiers.nhs_number'), [[25, 37]]);
  assert.deepEqual(spansOf(r, 'patient_confidentiality.patient_word'), [[3, 10]]);
});

function bigPaste(units) {
  const sentences = ['The team did brilliantly on the ward today. ', 'My patient in bed 4 went home. ',
    'Bloody traffic again. ', 'Thanks to everyone who came to the fundraiser! ', 'Emoji \u{1F600}\u{1F469}\u200D\u2695\uFE0F here. '];
  let s = '';
  for (let i = 0; s.length < units; i++) s += sentences[i % sentences.length];
  return s.slice(0, units);
}

test('1 MB paste: bounded time, valid offsets, findings to the end', { skip }, () => {
  const text = bigPaste(1_000_000);
  const { value: r, ms } = timeIt(() => noThrow('check', () => fx.check(text)));
  assertSaneResult(text, r);
  assert.ok(ms < 30000, `1 MB check took ${ms.toFixed(0)} ms`);
  assert.ok(r.findings.length > 0);
  // Capped at max_findings, the cap must be reported, not silent.
  if (r.findings.length >= 500) assert.equal(r.truncated, true, 'findings capped but not marked truncated');
});

test('1 MB paste against the real rules: valid result', { skip: skip || !fs.existsSync(bundlePath) }, () => {
  const text = bigPaste(1_000_000);
  assertSaneResult(text, noThrow('check', () => real.check(text)));
});

test('1 MB paste against the real rules: finishes (hang guard; speed is in scripts/bench.sh)', {
  skip: skip || !fs.existsSync(bundlePath),
}, () => {
  const text = bigPaste(1_000_000);
  const t = timeIt(() => real.check(text));
  console.log(`# real rules, 1 MB paste: ${t.ms.toFixed(0)} ms`);
  assert.ok(t.ms < 30000, `real rules: 1 MB check took ${t.ms.toFixed(0)} ms`);
});

test('text over max_text_units is truncated, not rejected, and findings stay inside the limit', { skip }, () => {
  const text = bigPaste((1 << 20) + 50_000);
  const r = noThrow('check', () => fx.check(text));
  assertSaneResult(text, r);
  assert.equal(r.truncated, true);
});

test('cut at max_text_units in the middle of a surrogate pair: no half pair in a finding', { skip }, () => {
  // Pair straddles the limit exactly: unit (1<<20)-1 is a high surrogate.
  const text = 'a'.repeat((1 << 20) - 8) + 'bed 4 \u{1F600}' + ' bed 5'.repeat(10);
  const r = noThrow('check', () => fx.check(text));
  assertSaneResult(text, r);
  assert.equal(r.truncated, true);
});

test('lone surrogates around and inside matches', { skip }, () => {
  const text = '\uD800bed 4\uDC00 \uDBFF\uDFFF patient \uD83D \uDE00 bed\uD800 5 \uDFFF';
  const r = noThrow('check', () => fx.check(text));
  assertSaneResult(text, r);
  assert.ok(spansOf(r, 'patient_confidentiality.bed_number').some(([s, e]) => text.slice(s, e) === 'bed 4'),
    `bed 4 not found: ${JSON.stringify(r.findings.map((f) => [f.rule, f.start, f.end]))}`);
  assert.ok(spansOf(r, 'patient_confidentiality.patient_word').length === 1);
  // A string of nothing but unpaired surrogates
  const junk = Array.from({ length: 5000 }, (_, i) => String.fromCharCode(0xd800 + (i * 7919) % 0x800)).join('');
  assertSaneResult(junk, noThrow('check', () => fx.check(junk)));
});

test('NUL and other C0 controls do not cut the text short', { skip }, () => {
  const text = 'x\u0000\u0000 patient \u0001\u0007\u001b in \u0000 bed 4 \u0000 NHS 943 476 5919\u0000';
  const r = noThrow('check', () => fx.check(text));
  assertSaneResult(text, r);
  const nhs = spansOf(r, 'personal_identifiers.nhs_number');
  assert.equal(nhs.length, 1, 'NHS number after NULs not found: text was cut at a NUL?');
  assert.equal(text.slice(...nhs[0]), '943 476 5919');
});

test('bidi overrides and invisible characters: findings map back to the original text', { skip }, () => {
  const text = '\u202Ebed\u202C 4 \u2066pa\u200Btient\u2069 \u200E943\u00AD 476 5919\u200F';
  const r = noThrow('check', () => fx.check(text));
  assertSaneResult(text, r);
  const bed = spansOf(r, 'patient_confidentiality.bed_number');
  assert.equal(bed.length, 1);
  assert.ok(text.slice(...bed[0]).includes('bed') && text.slice(...bed[0]).includes('4'));
  const pat = spansOf(r, 'patient_confidentiality.patient_word');
  assert.equal(pat.length, 1, 'zero-width space inside "patient" should be ignored');
  assert.equal(text.slice(...pat[0]).replace(/\u200B/g, ''), 'patient');
});

test('10,000 combining marks: bounded time, no offset inside the mark run boundary pair', { skip }, () => {
  const marks = '\u0301\u0308\u0327\u20DD'.repeat(2500);
  const text = 'bed 4' + marks + ' patient' + marks + ' \u{1F600}' + marks;
  const { value: r, ms } = timeIt(() => noThrow('check', () => fx.check(text)));
  assertSaneResult(text, r);
  assert.ok(ms < 30000, `${ms.toFixed(0)} ms`);
  if (real) assertSaneResult(text, noThrow('check', () => real.check(text)));
});

test('thousands of overlapping findings: capped, marked truncated, fast', { skip }, () => {
  // Every "bed N" is a finding and "patient" words are interleaved, far more than max_findings.
  const text = Array.from({ length: 5000 }, (_, i) => `patient bed ${i % 90 + 1} `).join('');
  const { value: r, ms } = timeIt(() => noThrow('check', () => fx.check(text)));
  assertSaneResult(text, r);
  assert.equal(r.findings.length, 500, 'expected exactly max_findings findings');
  assert.equal(r.truncated, true);
  assert.ok(ms < 30000, `${ms.toFixed(0)} ms`);
});

test('non-string arguments to check() come back as results, not exceptions', { skip }, () => {
  for (const bad of [undefined, null, 42, {}, ['bed 4'], Symbol.iterator]) {
    let r;
    try { r = fx.check(bad); } catch (e) { assert.fail(`check(${String(bad)}) threw: ${e}`); }
    assert.equal(typeof r, 'object', `check(${String(bad)}) returned ${typeof r}`);
    assert.ok(Array.isArray(r.findings));
  }
});

test('real rules, every profile: random UTF-16 soup keeps the invariants', { skip: skip || !fs.existsSync(bundlePath) }, () => {
  let seed = 12345;
  const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const alphabet = ['bed 4', ' ', 'patient', '\uD800', '\uDC00', '\u{1F600}', '\u0301', '\u202E', '\u0000', 'NHS ', '943 476 5919', 'f\u0430ck', '@', '.', '\n', '\u00A0', 'ﬁ', 'İ', 'ß'];
  for (const trust of (real.info().trusts || []).map((t) => t.id)) {
    assert.equal(real.configure({ trust }).ok, true);
    for (let n = 0; n < 200; n++) {
      let text = '';
      const len = Math.floor(rnd() * 80);
      for (let i = 0; i < len; i++) text += alphabet[Math.floor(rnd() * alphabet.length)];
      assertSaneResult(text, noThrow('check', () => real.check(text)));
    }
  }
});

test('a check that skipped rules for lack of time says its result is partial (truncated)', {
  skip: skip || !fs.existsSync(bundlePath),
}, () => {
  // 63,206 characters of ordinary sentences exhaust the 50 ms budget in wasm on this machine.
  const text = bigPaste(63_206);
  const r = real.check(text);
  const skipped = r.notes.filter((n) => /budget/.test(n));
  console.log(`# 63,206 chars: ${skipped.length} rules skipped for time, truncated=${r.truncated}`);
  if (skipped.length > 0) assert.equal(r.truncated, true, `${skipped.length} rules skipped but truncated=false`);
});

test('real rules: thousands of overlapping findings from several rules on the same words are capped and ordered', { skip: skip || !fs.existsSync(bundlePath) }, () => {
  // Each sentence trips several rules on overlapping spans (ward/bed, age, NHS number, patient story).
  const unit = 'My lovely patient in bed 4, a 94 year old lady, NHS 943 476 5919, was discharged today. ';
  const text = unit.repeat(3000);
  const once = real.check(unit);
  const overlapping = once.findings.some((f, i) => once.findings.some((g, j) => i !== j && f.start < g.end && g.start < f.end));
  assert.ok(overlapping, `the unit sentence should give overlapping findings: ${JSON.stringify(once.findings.map((f) => [f.rule, f.start, f.end]))}`);
  const { value: r, ms } = timeIt(() => noThrow('check', () => real.check(text)));
  assertSaneResult(text, r);
  assert.equal(r.findings.length, 500);
  assert.equal(r.truncated, true);
  console.log(`# 264,000 chars of dense overlapping findings: ${ms.toFixed(0)} ms`);
});

test('real rules: dense overlapping findings over 264,000 chars finish (hang guard)', {
  skip: skip || !fs.existsSync(bundlePath),
}, () => {
  const text = 'My lovely patient in bed 4, a 94 year old lady, NHS 943 476 5919, was discharged today. '.repeat(3000);
  const { ms } = timeIt(() => real.check(text));
  assert.ok(ms < 30000, `${ms.toFixed(0)} ms`);
});
