// Hostile and broken rulesets against the wasm engine: each is rejected with a located error and the last good ruleset stays in force.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { missingBuild, newEngine, fixtureFiles, wasmGlue, noThrow, assertSaneResult, timeIt } from './helpers.mjs';

const skip = missingBuild(wasmGlue);
const probe = 'my patient in bed 4, NHS 943 476 5919, bloody hell';
let eng;
let baseline;      // findings of the good fixture on `probe`
let baselineInfo;  // info() of the good fixture

before(async () => {
  if (skip) return;
  eng = await newEngine();
  const r = eng.loadRuleset(fixtureFiles());
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.equal(eng.configure({ trust: 'bb' }).ok, true);
  baseline = eng.check(probe);
  assertSaneResult(probe, baseline);
  assert.ok(baseline.findings.length >= 4, 'fixture should find 4+ things in the probe');
  baselineInfo = JSON.stringify(eng.info());
});

// The contract under test: a failed load changes nothing, not the rules, not the trust choice.
function assertStillInForce(label) {
  assert.equal(JSON.stringify(eng.info()), baselineInfo, `${label}: info() changed after a failed load`);
  const r = noThrow('check', () => eng.check(probe));
  assert.deepEqual(r.findings.map((f) => [f.rule, f.start, f.end, f.policyRef]),
    baseline.findings.map((f) => [f.rule, f.start, f.end, f.policyRef]), `${label}: findings changed after a failed load`);
}

function loadBroken(name, text) {
  const files = [...fixtureFiles(), { name, text }];
  const r = noThrow('loadRuleset', () => eng.loadRuleset(files));
  assert.equal(r.ok, false, `${name} was accepted`);
  const e = r.error;
  assert.ok(e && typeof e.code === 'string' && e.message.length > 0, `no error: ${JSON.stringify(r)}`);
  assert.ok(e.text.includes(e.message), 'error.text should include the message');
  return e;
}

const rule = (over) => JSON.stringify({ id: 'offensive_content.extra', category: 'offensive_content', severity: 'warn',
  title: 't', message: 'm', advice: 'a', match: { terms: ['zzyzx'] },
  examples: { flag: ['[[zzyzx]] a', 'b [[zzyzx]]', '[[zzyzx]]'], pass: ['a', 'b', 'c'] }, ...over });

test('syntax error: names file, line and column', { skip }, () => {
  const text = '// broken on purpose\n{ "rules": [\n  { "id": "offensive_content.x",, "category": "offensive_content" }\n] }\n';
  const e = loadBroken('broken/syntax.json', text);
  assert.equal(e.code, 'syntax_error');
  assert.equal(e.file, 'broken/syntax.json');
  assert.equal(e.line, 3);
  assert.ok(e.column > 0);
  assert.match(e.text, /^broken\/syntax\.json:3:\d+:/);
  assertStillInForce('syntax');
});

test('unterminated comment and truncated file', { skip }, () => {
  assert.equal(loadBroken('broken/comment.json', '{ "rules": [] } /* never closed').code, 'syntax_error');
  assert.equal(loadBroken('broken/empty.json', '').code, 'syntax_error');
  assertStillInForce('comment');
});

test('schema error: names the JSON path of the bad value', { skip }, () => {
  const text = `{ "rules": [\n${rule({})},\n${rule({ id: 'offensive_content.bad', severity: 7 })}\n] }`;
  const e = loadBroken('broken/schema.json', text);
  assert.equal(e.code, 'schema_error');
  assert.equal(e.file, 'broken/schema.json');
  assert.equal(e.line, 3);
  assert.match(e.jsonPath, /^\$\.rules\[1\]\.severity/);
  assertStillInForce('schema');
});

test('unknown category: named in the message, path points at it', { skip }, () => {
  const e = loadBroken('broken/category.json', `{ "rules": [\n${rule({ id: 'gossip.x', category: 'gossip' })}\n] }`);
  assert.equal(e.code, 'schema_error');
  assert.match(e.jsonPath, /^\$\.rules\[0\]\.category/);
  assert.match(e.message, /gossip/);
  assertStillInForce('category');
});

test('failing example: rejected at load, or loaded and reported by runExamples with file and line', { skip }, () => {
  const bad = rule({ examples: { flag: ['[[zzyzx]] a', 'b [[zzyzx]]', 'nothing [[to]] see'], pass: ['a', 'b', 'zzyzx here'] } });
  const files = [...fixtureFiles(), { name: 'broken/example.json', text: `{ "rules": [\n${bad}\n] }` }];
  const r = noThrow('loadRuleset', () => eng.loadRuleset(files));
  if (!r.ok) {
    assert.equal(r.error.code, 'example_failed');
    assert.match(r.error.message, /offensive_content\.extra/);
    assert.equal(r.error.file, 'broken/example.json');
    assertStillInForce('example');
    return;
  }
  // The engine's contract: loadRuleset compiles, runExamples (what `postcheck rules test` and the
  // rules build run) judges. Both broken examples must be named, with the file and line.
  const failures = noThrow('runExamples', () => eng.runExamples()).filter((f) => f.rule === 'offensive_content.extra');
  const examples = [...new Set(failures.map((f) => f.example))].sort();
  assert.deepEqual(examples, ['nothing to see', 'zzyzx here'], JSON.stringify(failures));
  for (const f of failures) {
    assert.equal(f.file, 'broken/example.json');
    assert.equal(f.line, 2);
    assert.ok(f.problem.length > 0);
  }
  // Put the good fixture back for the tests after this one.
  assert.equal(eng.loadRuleset(fixtureFiles()).ok, true);
  assert.equal(eng.configure({ trust: 'bb' }).ok, true);
  assertStillInForce('example (restored)');
});

test('duplicate rule id: rejected, names the id', { skip }, () => {
  const text = `{ "rules": [\n${rule({})},\n${rule({})}\n] }`;
  const e = loadBroken('broken/dup.json', text);
  assert.ok(['schema_error', 'compile_error'].includes(e.code), e.code);
  assert.match(e.message, /offensive_content\.extra/);
  assert.equal(e.line, 3, 'should point at the second definition');
  // Duplicating a rule that lives in another file is caught too.
  const e2 = loadBroken('broken/dup2.json', `{ "rules": [\n${rule({ id: 'personal_identifiers.nhs_number', category: 'personal_identifiers' })}\n] }`);
  assert.match(e2.message, /personal_identifiers\.nhs_number/);
  assertStillInForce('duplicate');
});

test('uncompilable pieces: bad regex, unknown detector, unknown term set', { skip }, () => {
  for (const [what, match, re] of [
    ['regex', { regex: '(unclosed' }, /regex|pattern/i],
    ['detector', { detector: 'mind_reader' }, /mind_reader/],
    ['terms_ref', { terms_ref: 'no_such_set' }, /no_such_set/],
  ]) {
    const e = loadBroken(`broken/${what}.json`, `{ "rules": [\n${rule({ match })}\n] }`);
    assert.ok(['compile_error', 'schema_error'].includes(e.code), `${what}: ${e.code}`);
    assert.match(e.message, re, what);
    assert.match(e.jsonPath, /^\$\.rules\[0\]\.match/, what);
  }
  assertStillInForce('compile');
});

test('two headers, or none: rejected', { skip }, () => {
  loadBroken('broken/header2.json', '{ "ruleset": { "name": "again", "version": "9" } }');
  const r = noThrow('loadRuleset', () => eng.loadRuleset(fixtureFiles().filter((f) => !f.name.includes('0_ruleset'))));
  assert.equal(r.ok, false);
  assertStillInForce('headers');
});

test('deeply nested JSON (100,000 levels): rejected, no stack overflow', { skip }, () => {
  for (const open of ['[', '{"a":']) {
    const close = open === '[' ? ']' : '}';
    const text = open.repeat(100_000) + '1' + close.repeat(100_000);
    const { value: e, ms } = timeIt(() => loadBroken('broken/nested.json', text));
    assert.ok(['syntax_error', 'resource_limit', 'schema_error'].includes(e.code), e.code);
    assert.ok(ms < 30000, `${ms.toFixed(0)} ms`);  // hang guard (2.3 s measured at load average 38)
  }
  assertStillInForce('nested');
});

function hugeRuleset() {
  const unit = '{"id":"offensive_content.x","category":"offensive_content"},\n';
  return '{"rules":[\n' + unit.repeat(Math.ceil(100e6 / unit.length)) + '{}]}';
}

test('100 MB ruleset file: rejected with resource_limit in bounded time, engine still works', { skip }, () => {
  const text = hugeRuleset();
  global.gc?.();
  const before = process.memoryUsage().rss;
  const { value: r, ms } = timeIt(() => noThrow('loadRuleset', () => eng.loadRuleset([...fixtureFiles(), { name: 'huge.json', text }])));
  const grew = process.memoryUsage().rss - before;
  assert.equal(r.ok, false);
  assert.equal(r.error.code, 'resource_limit');
  assert.ok(ms < 4000, `took ${ms.toFixed(0)} ms`);
  console.log(`# 100 MB ruleset: rejected in ${ms.toFixed(0)} ms, RSS +${(grew / 1e6).toFixed(0)} MB`);
  assertStillInForce('100MB');
});

test('100 MB ruleset file: rejected before it is copied into the wasm heap', {
  skip,
}, async () => {
  // Any JS string has at least as many UTF-8 bytes as UTF-16 units, so its length alone can reject
  // it. Wasm memory never shrinks: every copy made here stays in the worker until it is restarted.
  const fresh = await newEngine();
  const text = hugeRuleset();
  global.gc?.();
  const before = process.memoryUsage().rss;
  const { value: r, ms } = timeIt(() => fresh.loadRuleset([{ name: 'huge.json', text }]));
  const grew = process.memoryUsage().rss - before;
  fresh.dispose();
  assert.equal(r.error.code, 'resource_limit');
  assert.ok(ms < 50 && grew < 64e6, `took ${ms.toFixed(0)} ms, RSS +${(grew / 1e6).toFixed(0)} MB: the text was copied first`);
});

test('garbage arguments to loadRuleset and configure: error values, never exceptions', { skip }, () => {
  for (const bad of [undefined, null, 7, 'x', {}, [null], [{}], [{ name: 5, text: {} }], [{ name: 'a' }]]) {
    let r;
    try { r = eng.loadRuleset(bad); } catch (e) { assert.fail(`loadRuleset(${JSON.stringify(bad)}) threw: ${e}`); }
    assert.equal(r.ok, false, `loadRuleset(${JSON.stringify(bad)}) accepted`);
    assert.ok(r.error && r.error.message);
  }
  for (const bad of [{ trust: 'nope' }, { minConfidence: 'extreme' }, { severityOverrides: { 'x.y': 'boom' } }]) {
    let r;
    try { r = eng.configure(bad); } catch (e) { assert.fail(`configure(${JSON.stringify(bad)}) threw: ${e}`); }
    assert.equal(r.ok, false, `configure(${JSON.stringify(bad)}) accepted`);
  }
  assertStillInForce('garbage');
  // Non-object settings mean "defaults" to the engine; they must not throw (and then choose the
  // first profile, so the test profile is set again afterwards).
  for (const odd of [5, null, undefined, 'bb']) noThrow(`configure(${odd})`, () => eng.configure(odd));
  assert.equal(eng.configure({ trust: 'bb' }).ok, true);
  assertStillInForce('garbage (after odd settings)');
});

test('catastrophic regex (a+)+$: other rules still report, however busy the machine (regex work counted in ICU steps)', { skip }, () => {
  const evil = rule({ id: 'offensive_content.evil', match: { regex: '(a+)+$' },
    examples: { flag: ['[[aaaa]]', 'x [[aa]]', 'y [[a]]'], pass: ['b', 'ab c', 'c'] } });
  const r = noThrow('loadRuleset', () => eng.loadRuleset([...fixtureFiles(), { name: 'evil.json', text: `{ "rules": [\n${evil}\n] }` }]));
  if (!r.ok) {
    // Rejecting the pattern at load time with a located error is an acceptable defence too.
    assert.match(r.error.jsonPath, /^\$\.rules\[0\]\.match/);
    assertStillInForce('evil rejected');
    return;
  }
  assert.equal(eng.configure({ trust: 'bb' }).ok, true);
  const text = 'my patient in bed 4, NHS 943 476 5919. ' + 'a'.repeat(5000) + '!';
  const { value: res, ms } = timeIt(() => noThrow('check', () => eng.check(text)));
  assertSaneResult(text, res);
  const rules = new Set(res.findings.map((f) => f.rule));
  for (const id of ['patient_confidentiality.bed_number', 'personal_identifiers.nhs_number', 'patient_confidentiality.patient_word'])
    assert.ok(rules.has(id), `${id} missing when the evil pattern timed out`);
  assert.ok(res.notes.some((n) => n.includes('offensive_content.evil')), `no note about the timed-out rule: ${JSON.stringify(res.notes)}`);
  // The regex stops at its step limit and its time never counts against the other rules: no
  // rule was skipped for time, and the same check gives exactly the same result again.
  assert.ok(!res.notes.some((n) => /time budget/.test(n)), `rules skipped for time: ${JSON.stringify(res.notes)}`);
  const again = eng.check(text);
  assert.deepEqual(again.findings, res.findings);
  assert.deepEqual(again.notes, res.notes);
  // A hang guard only: 8.8 s was measured at load average 38 with busy loops at nice -5.
  assert.ok(ms < 30000, `check took ${ms.toFixed(0)} ms with a catastrophic pattern`);
  console.log(`# (a+)+$ on 5,000 a's: ${ms.toFixed(1)} ms; notes: ${JSON.stringify(res.notes)}`);
  // Put the good fixture back for any later test.
  assert.equal(eng.loadRuleset(fixtureFiles()).ok, true);
  assert.equal(eng.configure({ trust: 'bb' }).ok, true);
});
