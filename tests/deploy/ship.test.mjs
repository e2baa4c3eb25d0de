// scripts/ship-ruleset.mjs refuses, in plain words and without signing, each way a broken ruleset used to ship "OK"; a good one ships, verified as the extension loads it.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SHIP = path.join(REPO, 'scripts/ship-ruleset.mjs');
const SIGN = path.join(REPO, 'scripts/sign-ruleset.mjs');
const skip = fs.existsSync(path.join(REPO, 'build/native/postcheck')) ? false : 'build/native/postcheck not built (bash scripts/build.sh)';
const wasmBuilt = fs.existsSync(path.join(REPO, 'build/wasm/postcheck.wasm'));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pc-ship-'));
process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));
const key = path.join(tmp, 'key.pem');
const version = () => JSON.parse(fs.readFileSync(path.join(REPO, 'rules/core/ruleset.json'), 'utf8').replace(/^\s*\/\/.*$/gm, '')).ruleset.version;

// A fresh copy of the real rules, as a comms officer's checkout would have them.
function rulesCopy(name) {
  const dir = path.join(tmp, name);
  for (const sub of ['core', 'lexicons', 'trusts']) fs.cpSync(path.join(REPO, 'rules', sub), path.join(dir, sub), { recursive: true });
  return dir;
}
function ship(dir, extra = []) {
  const out = path.join(`${dir}-out`, 'ruleset-bht.signed.json');
  const r = spawnSync('node', [SHIP, '--rules', dir, '--trust', 'bht', '--key', key, '--out', out, ...extra], { encoding: 'utf8' });
  return { status: r.status, out: r.stdout, err: r.stderr, signed: out };
}
function assertRefused(r, re) {
  assert.equal(r.status, 1, `exit ${r.status}\n${r.out}\n${r.err}`);
  assert.match(r.err, /^ship-ruleset: REFUSED: /);
  assert.match(r.err, re);
  assert.equal(fs.existsSync(r.signed), false, 'nothing was signed');
}

before(() => {
  const r = spawnSync('node', [SIGN, 'keygen', '--key', key], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});

test('ship --help explains the steps and exits 0; an unknown argument is refused', () => {
  const h = spawnSync('node', [SHIP, '--help'], { encoding: 'utf8' });
  assert.equal(h.status, 0);
  assert.match(h.stdout, /rebuilds the bundle[\s\S]*lints[\s\S]*not higher[\s\S]*eval floor[\s\S]*signs[\s\S]*extension/);
  const u = spawnSync('node', [SHIP, '--trsut', 'bht'], { encoding: 'utf8' });
  assert.equal(u.status, 1);
  assert.match(u.stderr, /unknown argument --trsut/);
});

test('a missing comma is refused, named at its line', { skip }, () => {
  const dir = rulesCopy('comma');
  const file = path.join(dir, 'trusts/bht.json');
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const at = lines.findIndex((l) => /"aliases":/.test(l));
  lines[at] = lines[at].replace(/,\s*$/, '');
  fs.writeFileSync(file, lines.join('\n'));
  assertRefused(ship(dir), new RegExp(`the rules have a mistake; nothing was signed:[\\s\\S]*rules/trusts/bht\\.json:${at + 1}:\\d+: missing comma`));
});

test('a stale bundle is refused', { skip }, () => {
  const dir = rulesCopy('stale');
  const bundle = path.join(dir, 'bundle.json');
  const b = spawnSync('bash', [path.join(REPO, 'scripts/bundle-rules.sh'), '--rules', dir, '--trust', 'bht', bundle], { encoding: 'utf8' });
  assert.equal(b.status, 0, b.stderr);
  const file = path.join(dir, 'trusts/bht.json');
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"BHT",', '"BHT", "Bucks NHS",'));
  assertRefused(ship(dir, ['--bundle', bundle]), /the bundle .* is stale: rules\/trusts\/bht\.json was changed after the bundle was built/);
});

test('a failing example is refused', { skip }, () => {
  const dir = rulesCopy('example');
  const file = path.join(dir, 'trusts/bht.json');
  // A Trust example claiming a severity the rules do not give.
  const text = fs.readFileSync(file, 'utf8').replace('"sections": {', `"examples": {"pass": [{"rule": "personal_identifiers.nhs_number", "text": "My NHS number is 943 476 5919"}]},\n    "sections": {`);
  fs.writeFileSync(file, text);
  assertRefused(ship(dir), /a rule example fails; nothing was signed:[\s\S]*FAIL personal_identifiers\.nhs_number \[trust bht\]: "My NHS number is 943 476 5919": should pass, but flagged/);
});

test('a version not raised is refused', { skip }, () => {
  const dir = rulesCopy('version');
  fs.writeFileSync(path.join(dir, 'shipped.jsonl'), JSON.stringify({ bundle: 'bht', version: version(), serial: 5 }) + '\n');
  assertRefused(ship(dir), new RegExp(`version ${version().replace(/\./g, '\\.')} is not higher than ${version().replace(/\./g, '\\.')}, the last version shipped for bht\\. Raise "version" in rules/core/ruleset\\.json`));
});

// The eval floor has its own test below; this one is about signing and loading, so it ships without it (by name).
test('a good ruleset ships: signed, verified as the extension loads it, recorded; shipping it again is refused', { skip: skip || (!wasmBuilt && 'build/wasm not built (bash scripts/build.sh)') }, () => {
  const dir = rulesCopy('good');
  fs.writeFileSync(path.join(dir, 'shipped.jsonl'), JSON.stringify({ bundle: 'bht', version: '0.0.1', serial: 7 }) + '\n');
  const r = ship(dir, ['--no-eval-floor']);
  assert.match(r.out, /4\. eval floor:\n {3}NOT RUN \(--no-eval-floor\)/, 'the output says the floor was not run');
  assert.equal(r.status, 0, `${r.out}\n${r.err}`);
  assert.match(r.out, /6\. verified as the extension loads it: NHS social media core [\d.]+, \d+ rules, bht,/);
  assert.match(r.out, /rulesetPublicKey = [A-Za-z0-9+/]{43}=/);
  assert.match(r.out, /Without rulesetUrl set by policy, staff get this change only with the next extension release/);
  const pub = spawnSync('node', [SIGN, 'pubkey', '--key', key], { encoding: 'utf8' }).stdout.trim();
  const v = spawnSync('node', [SIGN, 'verify', r.signed, '--public-key', pub], { encoding: 'utf8' });
  assert.equal(v.status, 0, v.stderr);
  assert.match(v.stdout, new RegExp(`OK: ruleset ${version().replace(/\./g, '\\.')}, serial \\d+`));
  const rec = fs.readFileSync(path.join(dir, 'shipped.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(rec.length, 2, 'one line added per ship');
  assert.equal(rec[1].bundle, 'bht');
  assert.equal(rec[1].version, version());
  assert.ok(rec[1].serial > 7);
  // The record lives in the rules folder but is not a rule file: the folder still lints.
  const lint = spawnSync(path.join(REPO, 'build/native/postcheck'), ['rules', 'lint', '--rules', dir], { encoding: 'utf8' });
  assert.equal(lint.status, 0, lint.stderr);
  assertRefused({ ...ship(dir, ['--no-eval-floor']), signed: path.join(tmp, 'never') }, /is not higher than/);
});

const realCases = path.join(REPO, '../shared/eval/real-cases-dev.jsonl');
test('a ruleset below the eval floor is refused', { skip: skip || (!fs.existsSync(path.join(REPO, 'tests/eval/floors.json')) && 'no tests/eval/floors.json')
  || (!fs.existsSync(realCases) && 'the real cases (../shared/eval) are not on this machine') }, () => {
  const dir = rulesCopy('floor');
  // A Trust that switches whole topics off passes lint and its examples, but warns on far fewer real breaches.
  const file = path.join(dir, 'trusts/bht.json');
  const off = ['patient_confidentiality', 'personal_identifiers', 'bullying_harassment', 'offensive_content', 'representing_trust', 'media_contact'];
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"id": "bht",', `"id": "bht", "disabled_rules": ${JSON.stringify(off.map((c) => `${c}.*`))},`));
  const r = ship(dir);
  assertRefused(r, /the rules do not meet the eval floor \(tests\/eval\/run\.sh\)[\s\S]*floor not met/);
  assert.match(r.out, /2\. lint: [^\n]*0 warnings\n {3}examples: rule examples: \d+ passed, 0 failed/, 'lint and examples passed first');
});
