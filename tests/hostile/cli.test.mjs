// Hostile input and broken rulesets against the native CLI (build/native/postcheck): bounded time and memory, located errors, exact offsets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { missingBuild, cliPath, runCli } from './helpers.mjs';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

const skip = missingBuild(cliPath);
const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/good');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'postcheck-hostile-'));
const isHigh = (c) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c) => c >= 0xdc00 && c <= 0xdfff;

// Runs `check --format json` on text given as bytes or a string; returns the parsed result.
function check(input, extra = []) {
  const r = runCli(['check', '--rules', fixture, '--trust', 'aa', '--format', 'json', ...extra, '-'], { input });
  assert.ok(r.status === 0 || r.status === 1, `exit ${r.status} signal ${r.signal}: ${r.stderr}`);
  return { ...r, json: JSON.parse(r.stdout) };
}

// Offsets are UTF-16 units into the text as the CLI decoded it; the finding's own "text" field
// must be exactly that slice, and no offset may split a surrogate pair.
function assertOffsets(decoded, findings) {
  for (const f of findings) {
    assert.ok(f.start < f.end && f.end <= decoded.length, `${f.rule} [${f.start},${f.end}) out of range ${decoded.length}`);
    assert.equal(decoded.slice(f.start, f.end), f.text, `${f.rule}: offsets do not select the finding's text`);
    for (const o of [f.start, f.end]) assert.ok(!(o > 0 && isHigh(decoded.charCodeAt(o - 1)) && isLow(decoded.charCodeAt(o))), 'splits a pair');
  }
}

test('sanity: the CLI finds the fixture rules (so the other tests can fail)', { skip }, () => {
  const text = 'my patient in bed 4, NHS 943 476 5919';
  const { json, status } = check(text);
  assert.equal(status, 1, 'a block-level finding (NHS number) should exit 1');
  assert.deepEqual(json.findings.map((f) => [f.rule, f.start, f.end]).sort(), [
    ['patient_confidentiality.bed_number', 14, 19], ['patient_confidentiality.patient_word', 3, 10], ['personal_identifiers.nhs_number', 25, 37]].sort());
  assertOffsets(text, json.findings);
});

test('1 MB paste on stdin: bounded time and memory, offsets exact', { skip }, () => {
  const parts = ['Great shift today. ', 'My patient in bed 4 went home \u{1F600}. ', 'NHS 943 476 5919 ', 'caf\u00e9 na\u00efve \u0301 '];
  let text = '';
  for (let i = 0; text.length < 1_000_000; i++) text += parts[i % parts.length];
  const r = check(text);
  assert.ok(r.ms < 60000, `${r.ms.toFixed(0)} ms`);
  if (r.maxRssKb) assert.ok(r.maxRssKb < 300 * 1024, `peak RSS ${r.maxRssKb} KB`);
  assert.ok(r.json.findings.length > 0);
  assertOffsets(text, r.json.findings);
});

test('NUL bytes and C0 controls do not end the text', { skip }, () => {
  const text = 'x\u0000\u0000 patient \u0001\u001b in \u0000 bed 4 \u0000 NHS 943 476 5919\u0000';
  const { json } = check(Buffer.from(text, 'utf8'));
  assertOffsets(text, json.findings);
  assert.ok(json.findings.some((f) => f.rule === 'personal_identifiers.nhs_number'), 'NHS number after NULs missed');
});

test('invalid UTF-8 (encoded surrogates, stray continuation bytes, 0xFF) becomes U+FFFD, findings still exact', { skip }, () => {
  const bytes = Buffer.concat([Buffer.from([0xed, 0xa0, 0x80]), Buffer.from(' patient '), Buffer.from([0xff, 0x80, 0xc3]),
    Buffer.from(' bed 4 '), Buffer.from([0xf0, 0x9f, 0x98]), Buffer.from(' NHS 943 476 5919')]);
  const { json } = check(bytes);
  const rules = json.findings.map((f) => f.rule).sort();
  assert.deepEqual(rules, ['patient_confidentiality.bed_number', 'patient_confidentiality.patient_word', 'personal_identifiers.nhs_number']);
  for (const f of json.findings) assert.ok(!/[\ud800-\udfff]/.test(f.text.replace(/[\ud800-\udbff][\udc00-\udfff]/g, '')), 'lone surrogate leaked into output');
});

test('bidi overrides and 10,000 combining marks: fast, offsets exact', { skip }, () => {
  const text = '\u202Ebed\u202C 4 \u2066patient\u2069 ' + 'a\u0301\u0308'.repeat(5000) + ' bed 5';
  const r = check(text);
  assert.ok(r.ms < 30000, `${r.ms.toFixed(0)} ms`);
  assertOffsets(text, r.json.findings);
  assert.ok(r.json.findings.some((f) => f.text.endsWith('5')), 'finding after the mark flood missed');
});

test('jsonl: bad lines are answered with an error line, good lines still checked', { skip }, () => {
  const input = ['{"id":"a","text":"bed 4 today"}', 'not json', '{"id":"b"}', '{"id":"c","text":"patient"}', ''].join('\n');
  const r = runCli(['check', '--rules', fixture, '--trust', 'aa', '--format', 'jsonl', '-'], { input });
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.length, 4);
  assert.equal(lines[0].findings.length, 1);
  assert.ok(lines[1].error && lines[2].error);
  assert.equal(lines[3].findings.length, 1);
});

test('jsonl: a lone surrogate escape (as JSON.stringify writes it) is checked, not rejected', {
  skip,
}, () => {
  const input = JSON.stringify({ id: 'a', text: 'bed 4 \ud800 patient' }) + '\n';
  const r = runCli(['check', '--rules', fixture, '--trust', 'aa', '--format', 'jsonl', '-'], { input });
  const line = JSON.parse(r.stdout.trim());
  assert.equal(line.error, undefined, line.error);
  assert.equal(line.findings.length, 2);
});

function lint(name, text) {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, text);
  const r = runCli(['rules', 'lint', '--rules', fixture, file]);
  return { ...r, out: r.stdout + r.stderr };
}

test('broken rulesets: exit 2 with file:line:col: $.path: message', { skip }, () => {
  const rule = (o) => JSON.stringify({ id: 'offensive_content.extra', category: 'offensive_content', severity: 'warn', title: 't', message: 'm', advice: 'a',
    match: { terms: ['zzyzx'] }, examples: { flag: ['[[zzyzx]] a', 'b [[zzyzx]]', '[[zzyzx]]'], pass: ['a', 'b', 'c'] }, ...o });
  const cases = [
    ['syntax.json', '{ "rules": [\n  { "id": "x.y",, }\n] }', /syntax\.json:2:\d+: two commas in a row/],
    ['schema.json', `{ "rules": [\n${rule({ severity: 7 })}\n] }`, /schema\.json:2:\d+: \$\.rules\[0\]\.severity/],
    ['category.json', `{ "rules": [\n${rule({ id: 'gossip.x', category: 'gossip' })}\n] }`, /category\.json:2:\d+: \$\.rules\[0\]\.category.*gossip/],
    ['dup.json', `{ "rules": [\n${rule({})},\n${rule({})}\n] }`, /dup\.json:3:\d+: .*offensive_content\.extra/],
    ['regex.json', `{ "rules": [\n${rule({ match: { regex: '(unclosed' } })}\n] }`, /regex\.json:2:\d+: \$\.rules\[0\]\.match/],
  ];
  for (const [name, text, re] of cases) {
    const r = lint(name, text);
    assert.equal(r.status, 2, `${name}: exit ${r.status}\n${r.out}`);
    assert.match(r.out, re, name);
  }
});

test('failing example: `rules test` exits 1 and names the rule and the example', { skip }, () => {
  const file = path.join(tmp, 'example.json');
  fs.writeFileSync(file, '{ "rules": [\n' + JSON.stringify({ id: 'offensive_content.extra', category: 'offensive_content', severity: 'warn', title: 't', message: 'm', advice: 'a',
    match: { terms: ['zzyzx'] }, examples: { flag: ['[[zzyzx]] a', 'b [[zzyzx]]', 'nothing [[to]] see'], pass: ['a', 'b', 'zzyzx here'] } }) + '\n] }');
  const r = runCli(['rules', 'test', '--rules', fixture, file]);
  assert.notEqual(r.status, 0);
  assert.match(r.stdout + r.stderr, /example\.json:2:\d+: FAIL offensive_content\.extra/);
  assert.match(r.stdout + r.stderr, /zzyzx here/);
});

test('100,000-deep nesting: rejected at once, no stack overflow', { skip }, () => {
  const r = lint('nested.json', '['.repeat(100_000) + ']'.repeat(100_000));
  assert.equal(r.status, 2, r.out);
  assert.match(r.out, /nested\.json:1:\d+: .*(nest|depth)/i);
  assert.ok(r.ms < 30000, `${r.ms.toFixed(0)} ms`);
});

let huge = null;  // result of the 100 MB run, shared by the time and the memory test
function hugeRun() {
  if (huge) return huge;
  const file = path.join(tmp, 'huge.json');
  const unit = '{"id":"offensive_content.x","category":"offensive_content"},\n';
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, '{"rules":[\n');
  const chunk = unit.repeat(10000);
  for (let n = 0; n < 100e6; n += chunk.length) fs.writeSync(fd, chunk);
  fs.writeSync(fd, '{}]}');
  fs.closeSync(fd);
  huge = runCli(['rules', 'lint', '--rules', fixture, file]);
  fs.rmSync(file);
  console.log(`# CLI 100 MB rules file: ${huge.ms.toFixed(0)} ms, peak RSS ${huge.maxRssKb ?? '?'} KB`);
  return huge;
}

test('100 MB rules file: rejected fast with a size error', { skip }, () => {
  const r = hugeRun();
  assert.equal(r.status, 2, r.stdout + r.stderr);
  assert.match(r.stdout + r.stderr, /limit/);
  assert.ok(r.ms < 30000, `${r.ms.toFixed(0)} ms`);
});

test('100 MB rules file: rejected without reading it into memory', {
  skip: skip || (fs.existsSync('/usr/bin/time') ? false : 'GNU time not installed: cannot measure peak RSS'),
}, () => {
  const r = hugeRun();
  // Rejecting by size needs no more than the CLI's usual footprint; 64 MB leaves room for ICU and the rest.
  assert.ok(r.maxRssKb < 64 * 1024, `peak RSS ${(r.maxRssKb / 1024).toFixed(0)} MB for a 100 MB file it rejects`);
});

test('a lone CR ending a // comment does not send the error locator into a loop', {
  skip: skip || (fs.existsSync('/usr/bin/prlimit') ? false : 'prlimit not installed'),
}, () => {
  // 25 bytes, found by fuzz_ruleset_load (F1, tests/fuzz/regressions/fuzz_ruleset_load/). Address
  // space is capped so a regression costs 1 GB and a second instead of the machine's memory.
  const file = path.join(tmp, 'lone-cr.json');
  fs.writeFileSync(file, '{"a": [1 // c\r], "b": 2\n}');
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/prlimit', ['--as=1000000000', cliPath, 'rules', 'lint', '--rules', fixture, file], { timeout: 30000 });
  const ms = performance.now() - t0;
  assert.equal(r.status, 2, `exit ${r.status} signal ${r.signal} after ${ms.toFixed(0)} ms: ${String(r.stderr).slice(-300)}`);
  assert.match(String(r.stdout) + String(r.stderr), /lone-cr\.json:\d+:\d+: \$/);
});
