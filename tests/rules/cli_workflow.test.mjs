// What a new comms officer meets at the command line: help everywhere, errors that say what to fix where, `check` showing what staff see, drafts and Trust choices.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(REPO, 'build/native/postcheck');
const skip = fs.existsSync(BIN) ? false : 'build/native/postcheck not built (bash scripts/build.sh)';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pc-cli-'));
process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));

const run = (args, input = '') => {
  const r = spawnSync(BIN, args, { input, encoding: 'utf8', cwd: tmp });
  return { status: r.status, out: r.stdout, err: r.stderr, all: r.stdout + r.stderr };
};

// A small ruleset laid out as rules/ is: a header, one rules file, two Trusts.
function rulesDir(name, { bht = {}, ndhtText = null } = {}) {
  const dir = path.join(tmp, name);
  fs.mkdirSync(path.join(dir, 'core'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'trusts'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'core/ruleset.json'), JSON.stringify({ ruleset: { name: 'test rules', version: '2.0.0' } }));
  const rule = (id, category, severity, confidence, terms, flag) => ({ id, category, severity, confidence, title: `Title of ${id}`,
    message: 'Message for staff.', advice: 'Advice.', match: { terms }, examples: { flag, pass: ['nothing', 'here', 'at all'] } });
  fs.writeFileSync(path.join(dir, 'core/offensive_content.json'), JSON.stringify({ rules: [
    rule('offensive_content.strong_swearing', 'offensive_content', 'info', 'low', ['bollocks'], ['[[bollocks]] to that', 'oh [[bollocks]]', 'well [[bollocks]]']),
    rule('offensive_content.slur', 'offensive_content', 'warn', 'medium', ['zzslur'], ['[[zzslur]] a', 'b [[zzslur]]', '[[zzslur]]']),
  ] }, null, 2));
  const trust = (id, extra) => JSON.stringify({ trust: { id, name: `${id.toUpperCase()} Trust`, policy: { title: 'P', short: `${id.toUpperCase()} Pol 1` },
    contacts: { communications: { name: 'comms', phone: id === 'bht' ? '01494 000000' : '01271 000000' } }, ...extra } }, null, 2);
  fs.writeFileSync(path.join(dir, 'trusts/bht.json'), trust('bht', bht));
  fs.writeFileSync(path.join(dir, 'trusts/ndht.json'), ndhtText ?? trust('ndht', {}));
  return dir;
}

test('help answers everywhere, with examples, and exits 0', { skip }, () => {
  for (const args of [['--help'], ['-h'], ['help'], [], ['help', 'check'], ['check', '--help'], ['rules', '--help'], ['rules'],
    ['rules', 'lint', '--help'], ['rules', 'test', '-h'], ['explain', '--help'], ['help', 'rules', 'test'],
    ['rules', 'eval', '--help'], ['help', 'rules', 'eval']]) {
    const r = run(args);
    assert.equal(r.status, 0, `postcheck ${args.join(' ')}: ${r.all}`);
    assert.match(r.out, /usage:/, `postcheck ${args.join(' ')} prints usage`);
    assert.match(r.out, /examples?:/, `postcheck ${args.join(' ')} shows examples`);
  }
  assert.match(run(['check', '--help']).out, /--min-confidence/);
  const v = run(['--version']);
  assert.equal(v.status, 0);
  assert.match(v.out, /^postcheck \d+\.\d+\.\d+\nrules: NHS social media core \d+\.\d+\.\d+/);
});

test('misspelt commands and options get "did you mean" and exit 2', { skip }, () => {
  let r = run(['chek']);
  assert.equal(r.status, 2);
  assert.match(r.err, /unknown command 'chek' \(did you mean 'check'\?\)/);
  r = run(['rules', 'tset']);
  assert.match(r.err, /did you mean 'test'/);
  r = run(['rules', 'eval', 'posts.jsonl', '--trst', 'bht']);
  assert.equal(r.status, 2);
  assert.match(r.err, /unknown option --trst \(did you mean '--trust'\?\)/);
  r = run(['check', '--trst', 'bht']);
  assert.equal(r.status, 2);
  assert.match(r.err, /unknown option --trst .*did you mean '--trust'/);
  r = run(['check', '--rules', rulesDir('dym'), '--trust', 'NDHT'], 'x');
  assert.equal(r.status, 2);
  assert.match(r.err, /unknown Trust 'NDHT' \(did you mean 'ndht'\?\); this ruleset has: bht, ndht/);
  r = run(['explain', 'offensive_content.slurr', '--rules', rulesDir('dym2')]);
  assert.match(r.err, /did you mean 'offensive_content\.slur'/);
});

test('check shows what staff see by default (medium) and says what it hides; --min-confidence low shows everything', { skip }, () => {
  const dir = rulesDir('sens');
  const post = 'Oh bollocks, the zzslur again';
  const def = run(['check', '--rules', dir, '--trust', 'bht'], post);
  assert.equal(def.status, 0, def.all);
  assert.match(def.out, /^Title of offensive_content\.slur \(warning\) at line 1, characters 18-23: "zzslur"$/m, 'card title and a plain position');
  assert.doesNotMatch(def.out, /strong_swearing/, 'a low-confidence finding is not shown at the default sensitivity');
  assert.match(def.out, /1 finding for BHT Trust \(bht\), ruleset test rules 2\.0\.0, sensitivity medium \(what staff see by default\)/);
  assert.match(def.out, /1 more at lower confidence is not shown: .*--min-confidence low/);
  const all = run(['check', '--rules', dir, '--trust', 'bht', '--min-confidence', 'low'], post);
  assert.match(all.out, /Title of offensive_content\.strong_swearing \(note\) at line 1, characters 4-11/);
  assert.match(all.out, /2 findings/);
  const json = JSON.parse(run(['check', '--rules', dir, '--trust', 'bht', '--format', 'json'], post).out);
  assert.equal(json.min_confidence, 'medium');
  assert.deepEqual(json.findings.map((f) => f.rule), ['offensive_content.slur']);
});

test('JSON mistakes are named where they are, with the line, a caret and a count', { skip }, () => {
  const dir = rulesDir('syntax');
  const file = path.join(dir, 'trusts/bht.json');
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const at = lines.findIndex((l) => l.includes('"name": "BHT Trust"'));
  lines[at] = lines[at].replace(/,$/, '');                       // the comma at the end of this line is missing
  fs.writeFileSync(file, lines.join('\n'));
  let r = run(['rules', 'lint', '--rules', dir]);
  assert.equal(r.status, 2);
  assert.match(r.err, new RegExp(`trusts/bht\\.json:${at + 1}:\\d+: missing comma`), `named on line ${at + 1}, where the comma goes:\n${r.err}`);
  assert.match(r.err, new RegExp(`\\n  ${at + 1} \\| .*"name": "BHT Trust"\\n  +\\| +\\^\\n`), 'the line, with a caret');
  assert.match(r.err, /\n1 error\n$/);

  // Curly quotes from Word, in another file: both files' mistakes are listed at once.
  const nd = path.join(dir, 'trusts/ndht.json');
  fs.writeFileSync(nd, fs.readFileSync(nd, 'utf8').replace('"comms"', '\u201Ccomms\u201D'));
  r = run(['rules', 'lint', '--rules', dir]);
  assert.match(r.err, /trusts\/ndht\.json:\d+:\d+: curly quote '\u201C'/);
  assert.doesNotMatch(r.err, /\uFFFD/);
  assert.match(r.err, /\n2 errors\n$/);

  // A misspelt key or severity: "did you mean", with the caret.
  const d2 = rulesDir('dym-key');
  const of = path.join(d2, 'core/offensive_content.json');
  fs.writeFileSync(of, fs.readFileSync(of, 'utf8').replace('"severity": "warn"', '"severity": "wran"'));
  r = run(['rules', 'lint', '--rules', d2]);
  assert.match(r.err, /severity must be "info", "warn" or "block" \(did you mean 'warn'\?\)\n.*\n.*\^/);
});

test('one Trust\'s broken profile does not stop checking for another Trust', { skip }, () => {
  const dir = rulesDir('isolated', { ndhtText: '{ "trust": { "id": "ndht", ' });
  const r = run(['check', '--rules', dir, '--trust', 'bht'], 'zzslur');
  assert.equal(r.status, 0, r.all);
  assert.match(r.out, /1 finding for BHT Trust/);
  assert.equal(run(['rules', 'test', '--rules', dir, '--trust', 'bht']).status, 0);
  const broken = run(['check', '--rules', dir, '--trust', 'ndht'], 'zzslur');
  assert.equal(broken.status, 2);
  assert.match(broken.err, /trusts\/ndht\.json:1:\d+: the group '\{' opened on line 1 is never closed/);
});

test('a draft with a new file name stands in for the Trust it defines, and says so', { skip }, () => {
  const dir = rulesDir('draft');
  const draft = path.join(tmp, 'my-bht-draft.json');
  fs.writeFileSync(draft, fs.readFileSync(path.join(dir, 'trusts/bht.json'), 'utf8').replace('01494 000000', '01494 999999'));
  const r = run(['check', '--rules', dir, '--trust', 'bht', '--draft', draft], 'zzslur');
  assert.equal(r.status, 0, r.all);
  assert.match(r.err, /draft .*my-bht-draft\.json replaces .*trusts\/bht\.json \(same Trust 'bht'\)/);
  assert.doesNotMatch(r.all, /defined twice/);
});

test('a Trust-profile severity override is seen by check and by rules test', { skip }, () => {
  const choices = { severity_overrides: { 'offensive_content.slur': 'block' },
    examples: { flag: [{ rule: 'offensive_content.slur', text: 'such a [[zzslur]]', severity: 'block' }] } };
  const dir = rulesDir('choices', { bht: choices });
  const bht = JSON.parse(run(['check', '--rules', dir, '--trust', 'bht', '--format', 'json'], 'zzslur').out);
  assert.equal(bht.findings[0].severity, 'block', 'bht staff see the Trust\'s own severity');
  const ndht = JSON.parse(run(['check', '--rules', dir, '--trust', 'ndht', '--format', 'json'], 'zzslur').out);
  assert.equal(ndht.findings[0].severity, 'warn', 'another Trust is untouched');
  const t = run(['rules', 'test', '--rules', dir]);
  assert.equal(t.status, 0, t.all);
  assert.match(t.out, /rule examples: 25 passed, 0 failed/);
  // The same example against a profile without the override fails, naming the severity.
  const wrong = rulesDir('choices-wrong', { bht: { examples: choices.examples } });
  const w = run(['rules', 'test', '--rules', wrong]);
  assert.equal(w.status, 1);
  assert.match(w.out, /trusts\/bht\.json:\d+:\d+: FAIL offensive_content\.slur \[trust bht\]: "such a zzslur": expected severity block, found severity warn/);
  // A rule id that does not exist is refused at lint, with a suggestion.
  const typo = rulesDir('choices-typo', { bht: { disabled_rules: ['offensive_content.slr'] } });
  assert.match(run(['rules', 'lint', '--rules', typo]).err, /unknown rule 'offensive_content\.slr' \(did you mean 'offensive_content\.slur'\?\)/);
});

test('gen-catalog answers --help, refuses unknown arguments, and says plainly where the real cases must be', () => {
  const gen = (args) => spawnSync(process.execPath, [path.join(REPO, 'scripts/gen-catalog.mjs'), ...args], { encoding: 'utf8', cwd: tmp });
  const help = gen(['--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /--eval FILE/);
  const bad = gen(['--chek']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /unknown argument '--chek'/);
  const missing = gen(['--check', '--eval', path.join(tmp, 'no-such-cases.jsonl')]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /no real cases at .*no-such-cases\.jsonl.*--eval FILE/);
  assert.doesNotMatch(missing.stderr, /at file:|Error:/, 'a message, not a stack trace');
});
