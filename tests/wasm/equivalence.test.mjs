// The wasm engine (as the extension loads it) and the native CLI must give identical findings on the same posts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const require = createRequire(import.meta.url);

const readBundle = () => JSON.parse(readFileSync(path.join(root, 'build/rules/bundle.json'), 'utf8'));
// A fresh engine as the extension makes one: the glue, then the module from its bytes.
async function newEngine() {
  require(path.join(root, 'build/wasm/postcheck-engine.js'));
  return globalThis.PostCheckEngine.create({ wasmBinary: readFileSync(path.join(root, 'build/wasm/postcheck.wasm')) });
}

// Strips // and /* */ comments outside strings, as the engine's parser allows them.
function stripComments(text) {
  let out = '', inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      out += c;
      if (c === '\\') { out += text[++i] ?? ''; continue; }
      if (c === '"') inString = false;
    } else if (c === '"') { inString = true; out += c; }
    else if (c === '/' && text[i + 1] === '/') { while (i < text.length && text[i] !== '\n') i++; out += '\n'; }
    else if (c === '/' && text[i + 1] === '*') { i = text.indexOf('*/', i + 2) + 1; }
    else out += c;
  }
  return out;
}

function posts(bundle) {
  const texts = readFileSync(path.join(root, 'tests/wasm/posts.txt'), 'utf8').split('\n').filter(Boolean);
  for (const file of bundle) {
    for (const rule of JSON.parse(stripComments(file.text)).rules ?? []) {
      for (const ex of [...(rule.examples?.flag ?? []), ...(rule.examples?.pass ?? [])]) {
        texts.push((typeof ex === 'string' ? ex : ex.text).replaceAll('[[', '').replaceAll(']]', ''));
      }
    }
  }
  const corpus = path.join(root, 'tests/corpus');
  if (existsSync(corpus)) {
    for (const f of readdirSync(corpus).filter((n) => n.endsWith('.jsonl'))) {
      for (const line of readFileSync(path.join(corpus, f), 'utf8').split('\n').filter(Boolean)) texts.push(JSON.parse(line).text);
    }
  }
  return texts;
}

test('wasm and native give identical findings for every trust, from the rule files and from the packed ruleset', async () => {
  const bundle = readBundle();
  // Loaded as extension/src/background/engine_host.js does: the built-in pack, or the files without their
  // examples (a stored update); the CLI reads the files with their examples.
  const fromFiles = await newEngine();
  const loaded = fromFiles.loadRuleset(bundle, { examples: false });
  assert.ok(loaded.ok, JSON.stringify(loaded.error));
  const fromPack = await newEngine();
  const pack = readFileSync(path.join(root, 'build/rules/ruleset.pack'));
  const packed = fromPack.loadPacked(new Uint8Array(pack), 'ruleset.pack');
  assert.ok(packed.ok, JSON.stringify(packed.error));
  assert.deepEqual(packed.info, loaded.info);
  // The shipped pack is this build's packing of this bundle (the extension build makes it; a stale one would differ).
  assert.ok(Buffer.from(fromFiles.pack()).equals(pack), 'build/rules/ruleset.pack is not the pack of build/rules/bundle.json');
  const texts = posts(bundle);
  assert.ok(texts.length > 100, `only ${texts.length} posts`);
  const input = texts.map((text, id) => JSON.stringify({ id, text })).join('\n') + '\n';
  let compared = 0, withFindings = 0;
  for (const trust of loaded.info.trusts.map((t) => t.id)) {
    assert.ok(fromFiles.configure({ trust }).ok);
    assert.ok(fromPack.configure({ trust }).ok);
    let out;
    try {
      out = execFileSync(path.join(root, 'build/native/postcheck'), ['check', '--rules', path.join(root, 'build/rules/bundle.json'), '--trust', trust, '--min-confidence', 'low', '--format', 'jsonl'], { input, maxBuffer: 1 << 28 });
    } catch (e) { out = e.stdout; }  // exit status 1 means a block-level finding, not a failure
    const native = out.toString().trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(native.length, texts.length);
    for (const line of native) {
      const a = line.findings.map((f) => [f.rule, f.severity, f.confidence, f.start, f.end, f.policy_ref, f.message].join('|'));
      for (const [how, engine] of [['files', fromFiles], ['pack', fromPack]]) {
        const w = engine.check(texts[line.id]);
        assert.ok(w.ok);
        const b = w.findings.map((f) => [f.rule, f.severity, f.confidence, f.start, f.end, f.policyRef, f.message].join('|'));
        assert.deepEqual(b, a, `${how}, trust ${trust}, post ${JSON.stringify(texts[line.id])}`);
        compared++;
      }
      if (a.length) withFindings++;
    }
  }
  console.log(`compared ${compared} checks (${withFindings} posts with findings)`);
  assert.ok(withFindings > 20, 'the comparison must include posts with findings');
  fromFiles.dispose();
  fromPack.dispose();
});

test('a damaged or foreign pack is refused with its name, and the last good ruleset stays in force', async () => {
  const engine = await newEngine();
  const pack = new Uint8Array(readFileSync(path.join(root, 'build/rules/ruleset.pack')));
  assert.ok(engine.loadPacked(pack, 'ruleset.pack').ok);
  const post = 'NHS no 943 476 5919';
  const before = JSON.stringify(engine.check(post).findings);
  assert.notEqual(before, '[]');
  const damaged = pack.slice();
  damaged[damaged.length >> 1] ^= 0x20;
  const r = engine.loadPacked(damaged, 'damaged.pack');
  assert.equal(r.ok, false);
  assert.equal(r.error.file, 'damaged.pack');
  assert.match(r.error.message, /checksum/);
  assert.equal(engine.loadPacked(new Uint8Array([1, 2, 3]), 'junk.pack').ok, false);
  assert.equal(engine.loadPacked('not bytes', 'text.pack').ok, false);
  assert.equal(JSON.stringify(engine.check(post).findings), before);
  engine.dispose();
});

test('examples run after a full load; after a load without them, runExamples says it cannot run them', async () => {
  const bundle = readBundle();
  const engine = await newEngine();
  assert.ok(engine.loadRuleset(bundle).ok);
  assert.deepEqual(engine.runExamples(), []);
  // A broken example is caught by a full load and not read by a lean one.
  const broken = bundle.map((f) => ({ ...f }));
  const i = broken.findIndex((f) => /"flag": \[\s*"[^"]*\[\[/.test(f.text));
  assert.ok(i >= 0, 'the bundle must have a rule with a flag example');
  broken[i].text = broken[i].text.replace(/("flag": \[\s*"[^"]*?)\]\]/, '$1');
  assert.equal(engine.loadRuleset(broken).ok, false);
  assert.ok(engine.loadRuleset(broken, { examples: false }).ok);
  const failures = engine.runExamples();
  assert.equal(failures.length, 1);
  assert.match(failures[0].problem, /without its examples/);
  engine.dispose();
});

test('a broken ruleset is rejected with a location and the last good one stays in force', async () => {
  const bundle = readBundle();
  const engine = await newEngine();
  assert.ok(engine.loadRuleset(bundle).ok);
  const before = engine.check('NHS no 943 476 5919').findings.length;
  assert.ok(before > 0);
  const broken = bundle.map((f) => ({ ...f }));
  broken[1].text = broken[1].text.replace('"category"', '"categroy"');
  const r = engine.loadRuleset(broken);
  assert.equal(r.ok, false);
  assert.equal(r.error.file, broken[1].name);
  assert.ok(r.error.line > 0 && r.error.jsonPath.startsWith('$.rules['), JSON.stringify(r.error));
  assert.match(r.error.message, /did you mean 'category'/);
  assert.equal(engine.check('NHS no 943 476 5919').findings.length, before);
  engine.dispose();
});

test('switching settings back and forth reuses compiled checkers without mixing them up, and a new ruleset drops them', async () => {
  const bundle = readBundle();
  const engine = await newEngine();
  assert.ok(engine.loadRuleset(bundle).ok);
  const post = 'NHS no 943 476 5919';
  const refFor = (trust) => { assert.ok(engine.configure({ trust }).ok); return engine.check(post).findings[0].policyRef; };
  const bht = refFor('bht'), ndht = refFor('ndht');
  assert.notEqual(bht, ndht);
  assert.equal(refFor('bht'), bht);    // from the cache
  assert.equal(refFor('ndht'), ndht);
  // A new ruleset whose NHS-number message differs: the cached checkers must not survive it.
  const changed = bundle.map((f) => ({ ...f, text: f.text.replace(/"message": "This looks like an NHS number\./, '"message": "CHANGED NHS number.') }));
  assert.notDeepEqual(changed, bundle, 'the test must change the ruleset');
  assert.ok(engine.loadRuleset(changed).ok);
  assert.ok(engine.configure({ trust: 'bht' }).ok);
  assert.match(engine.check(post).findings.find((f) => f.rule === 'personal_identifiers.nhs_number').message, /^CHANGED/);
  engine.dispose();
});

test('finding text reaches JS exactly, quotes, backslashes and control characters included', async () => {
  const engine = await newEngine();
  const message = 'Say "no" to C:\\temp\\x,\ttab, line\nbreak, bell\u0007 and caf\u00e9 \u{1F600} end';
  const rule = { id: 'media_contact.reporter', category: 'media_contact', severity: 'warn', title: 'T "q"', message, advice: '\\', match: { terms: ['reporter'] } };
  const loaded = engine.loadRuleset([
    { name: 'h.json', text: JSON.stringify({ ruleset: { name: 't', version: '1.0.0' } }) },
    { name: 'r.json', text: JSON.stringify({ rules: [rule] }) },
  ]);
  assert.ok(loaded.ok, JSON.stringify(loaded.error));
  // The ruleset's info crosses as one JSON text too (bindings.cc info()).
  assert.deepEqual(loaded.info, { name: 't', version: '1.0.0', ruleCount: 1, trust: '', trusts: [],
    rules: [{ id: rule.id, category: 'media_contact', severity: 'warn', title: 'T "q"', trust: '' }] });
  assert.deepEqual(engine.info(), loaded.info);
  const r = engine.check('a reporter called');
  assert.equal(r.findings.length, 1);
  assert.equal(r.findings[0].message, message);
  assert.equal(r.findings[0].title, 'T "q"');
  assert.equal(r.findings[0].advice, '\\');
  // The texts cross once per checker: later results rebuild them from engine.js's copy.
  const again = engine.check('reporter and reporter');
  assert.deepEqual(again.findings.map((f) => [f.start, f.end, f.message, f.title, f.rule, f.category]),
    [[0, 8, message, 'T "q"', 'media_contact.reporter', 'media_contact'], [13, 21, message, 'T "q"', 'media_contact.reporter', 'media_contact']]);
  engine.dispose();
});

test('a check crosses through the plain exports, and a huge paste neither loses the text nor keeps its buffer', async () => {
  // engine.js takes the direct path only when the module has these exports (bindings.cc postcheck_check).
  const make = require(path.join(root, 'build/wasm/postcheck.js'));
  const module = await make({ wasmBinary: readFileSync(path.join(root, 'build/wasm/postcheck.wasm')) });
  for (const name of ['_postcheck_text_buffer', '_postcheck_check', '_postcheck_result_size'])
    assert.equal(typeof module[name], 'function', name);
  const engine = await newEngine();
  const rule = { id: 'media_contact.reporter', category: 'media_contact', severity: 'warn', title: 't', message: 'm', advice: 'a',
    match: { terms: ['reporter'] } };
  assert.ok(engine.loadRuleset([
    { name: 'h.json', text: JSON.stringify({ ruleset: { name: 't', version: '1.0.0' } }) },
    { name: 'r.json', text: JSON.stringify({ rules: [rule] }) },
  ]).ok);
  const spans = (r) => r.findings.map((f) => [f.start, f.end]);
  const short = 'the reporter \u{1F600} called the reporter';
  const first = engine.check(short);
  assert.deepEqual(spans(first), [[4, 12], [27, 35]]);
  // Past the buffer the engine keeps (1 << 17 units) and with a surrogate pair across the join.
  const pad = '\u{1F600}'.repeat(100000);
  const big = engine.check(pad + short);
  assert.deepEqual(spans(big), [[200004, 200012], [200027, 200035]]);
  // The next keystroke's shorter text is read whole, not mixed with what the paste left behind.
  assert.deepEqual(engine.check(short), first);
  assert.deepEqual(spans(engine.check('reporter')), [[0, 8]]);
  engine.dispose();
});
