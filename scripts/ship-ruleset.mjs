#!/usr/bin/env node
// The one safe way to ship a ruleset: rebuild the bundle, lint it, run every example and the eval floor on exactly those bytes, refuse a version that did not go up, sign, then load the signed file as the extension does.
//
//   node scripts/ship-ruleset.mjs [--trust ID] [--out FILE] [--key PATH] [--public-key "B64 ..."] ...   (--help)
//
// Every step works on the bundle it built (or the --bundle given, once it is shown not to be stale), so
// what was checked is what is signed. Any failure stops the ship with a plain message and signs nothing.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleFiles, staleness, writeBundle, DEFAULT_RULES } from './ruleset-bundle.mjs';
import { defaultKeyPath, loadVerifier, rawPublicKeyB64, sign } from './sign-ruleset.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(REPO, 'build/native/postcheck');
const WASM_GLUE = path.join(REPO, 'build/wasm/postcheck-engine.js');
const WASM_FILE = path.join(REPO, 'build/wasm/postcheck.wasm');
// The eval floor CI holds the rules to (tests/eval/run.sh, the real cases at the sensitivity staff see): ship runs
// that same script on the bundle (POSTCHECK_RULES points the CLI at it) and refuses a ruleset below the floor.
const EVAL_SUITE = path.join(REPO, 'tests/eval/run.sh');

export const USAGE = `usage: node scripts/ship-ruleset.mjs [options]

Ships a new ruleset version safely. In order, it:
  1. rebuilds the bundle from rules/ (the core and every Trust profile, or one Trust with --trust)
  2. lints it and runs every rule example, on exactly the bundle's bytes
  3. refuses a version that is not higher than the last one shipped (rules/shipped.jsonl)
  4. runs the eval floor (tests/eval/run.sh and tests/eval/floors.json, as CI does) on it, at the
     sensitivity staff see
  5. signs it with the comms team's key
  6. verifies the signed file by loading it as the extension does (signature, expiry, the
     WebAssembly engine, every example, every Trust profile)
  7. records the version in rules/shipped.jsonl and prints where the file goes and what IT must set
Nothing is signed unless every check passes.

options:
  --trust ID          ship the core with this Trust's profile only (file ruleset-ID.signed.json)
  --out FILE          the signed file (default build/rules/ruleset.signed.json, or ruleset-ID.signed.json)
  --key PATH          the signing key (default $POSTCHECK_RULESET_KEY or ~/.config/postcheck/ruleset-ed25519.pem)
  --valid-days D      how long browsers use it before falling back to the built-in rules (default 90)
  --bundle FILE       sign this already-built bundle instead of rebuilding (refused if rules/ changed since)
  --rules DIR         the rules folder (default rules/)
  --record FILE       the log of shipped versions (default rules/shipped.jsonl)
  --dry-run           every check, but no signing and no record
  --no-eval-floor     ship without the eval floor (when the real cases are not on this machine); the output
                      says so
  -h, --help          this help

example (the comms officer who holds the key, after editing rules/ and raising the version):
  node scripts/ship-ruleset.mjs --trust bht
See docs/rules-guide.md, "Ship a new version", for the whole procedure and who does what.
`;

class Refusal extends Error {}
const refuse = (msg) => { throw new Refusal(msg); };

function parseArgs(argv) {
  const a = { trust: '', out: '', key: '', validDays: undefined, bundle: '', rules: DEFAULT_RULES, record: '', dryRun: false, help: false, evalFloor: true };
  const value = (i, name) => { if (i + 1 >= argv.length) refuse(`${name} needs a value (see --help)`); return argv[i + 1]; };
  for (let i = 0; i < argv.length; i++) {
    const s = argv[i];
    if (s === '-h' || s === '--help') a.help = true;
    else if (s === '--dry-run') a.dryRun = true;
    else if (s === '--no-eval-floor') a.evalFloor = false;
    else if (s === '--trust') a.trust = value(i++, s);
    else if (s === '--out') a.out = path.resolve(value(i++, s));
    else if (s === '--key') a.key = path.resolve(value(i++, s));
    else if (s === '--valid-days') a.validDays = Number(value(i++, s));
    else if (s === '--bundle') a.bundle = path.resolve(value(i++, s));
    else if (s === '--rules') a.rules = path.resolve(value(i++, s));
    else if (s === '--record') a.record = path.resolve(value(i++, s));
    else refuse(`unknown argument ${s} (see --help)`);
  }
  // JSON Lines, not .json: the rules folder's .json files are all read as rule files.
  a.record ||= path.join(a.rules, 'shipped.jsonl');
  a.out ||= path.join(REPO, 'build/rules', a.trust ? `ruleset-${a.trust}.signed.json` : 'ruleset.signed.json');
  a.key ||= defaultKeyPath();
  return a;
}

function cli(args) {
  if (!fs.existsSync(BIN)) refuse(`the postcheck program is not built (${path.relative(REPO, BIN)}): run bash scripts/build.sh`);
  const r = spawnSync(BIN, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  return { status: r.status, out: (r.stdout || '') + (r.stderr || '') };
}

const indent = (text) => text.trim().split('\n').map((l) => `     ${l}`).join('\n');

// Last shipped {version, serial} for this bundle ("all" or a Trust id), from the record and from an older signed file at --out.
function lastShipped(a, verifier) {
  const key = a.trust || 'all';
  // One line per ship, oldest first: {"bundle", "version", "serial", "sha256", "shipped"}; the last line for this
  // bundle is the last version shipped.
  const last = {};
  if (fs.existsSync(a.record)) {
    fs.readFileSync(a.record, 'utf8').split('\n').forEach((line, n) => {
      if (!line.trim()) return;
      let entry;
      try { entry = JSON.parse(line); } catch (e) { refuse(`${a.record}:${n + 1} is not valid JSON (${e.message}); restore it from git`); }
      if (entry.bundle === key) Object.assign(last, { version: entry.version, serial: entry.serial });
    });
  }
  if (fs.existsSync(a.out)) {
    // An older signed file where this one goes: its signed payload says what it shipped.
    try {
      const env = JSON.parse(fs.readFileSync(a.out, 'utf8'));
      const payload = JSON.parse(Buffer.from(env.payload, 'base64').toString('utf8'));
      const v = verifier.versionOf(payload.files);
      if (v.version && (!last.version || verifier.compareVersions(v.version, last.version) > 0)) last.version = v.version;
      if (Number.isSafeInteger(payload.serial) && !(last.serial >= payload.serial)) last.serial = payload.serial;
    } catch { /* not an envelope: nothing shipped there */ }
  }
  return { key, last };
}

// Loads the signed text the way the extension's background does (ruleset_updater.js): verify with the public key
// and the clock, then a scratch WebAssembly engine must load the files, pass every example and configure each Trust.
export async function verifyAsExtension(text, publicKey, now = Date.now()) {
  const verified = await loadVerifier().verify(text, publicKey, { now });
  if (!verified.ok) return { ok: false, error: `the extension would refuse the signed file: ${verified.error}` };
  if (!fs.existsSync(WASM_GLUE) || !fs.existsSync(WASM_FILE)) {
    return { ok: false, error: 'the WebAssembly engine the extension uses is not built (build/wasm): run bash scripts/build.sh' };
  }
  const require = createRequire(import.meta.url);
  if (!globalThis.PostCheckEngine) require(WASM_GLUE);
  const engine = await globalThis.PostCheckEngine.create({ wasmBinary: fs.readFileSync(WASM_FILE) });
  let note = '';
  try {
    // The verifier runs in its own vm context, as in a worker; its arrays belong to that context, so the files
    // are copied into this one, unchanged, before the engine (which checks for this realm's Array) sees them.
    const files = Array.from(verified.files, (f) => ({ name: String(f.name), text: String(f.text) }));
    const loaded = engine.loadRuleset(files);
    if (!loaded.ok) return { ok: false, error: `the extension's engine cannot load it: ${loaded.error.text}` };
    // Each check has a time budget (CheckLimits.total_budget_ms); on a busy machine a slow example can run out of it
    // and "find nothing". Such a failure is not repeatable, a real one is: up to three runs, and the note says so.
    let failures = engine.runExamples();
    let runs = 1;
    while (failures.length && runs < 3) { failures = engine.runExamples(); runs++; }
    if (failures.length) return { ok: false, error: `${failures.length} rule example(s) fail in the extension's engine, e.g. ${failures[0].rule}: ${failures[0].problem}` };
    if (runs > 1) note = `every example passed on run ${runs} of the extension's engine (earlier runs ran out of time on this busy machine)`;
    for (const t of loaded.info.trusts) {
      const c = engine.configure({ trust: t.id });
      if (!c.ok) return { ok: false, error: `Trust profile ${t.id} does not configure: ${c.error.text}` };
    }
    return { ok: true, verified, info: loaded.info, note };
  } finally {
    engine.dispose();
  }
}

function evalFloorStep(bundlePath, a, log) {
  if (!a.evalFloor) { log('   NOT RUN (--no-eval-floor): this ruleset was not measured against the real cases'); return; }
  if (!fs.existsSync(EVAL_SUITE)) { log('   no eval floor in this checkout (tests/eval/run.sh): skipped'); return; }
  const r = spawnSync('bash', [EVAL_SUITE], { encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, POSTCHECK_RULES: bundlePath } });
  const out = (r.stdout || '') + (r.stderr || '');
  if (r.status !== 0) {
    refuse(`the rules do not meet the eval floor (tests/eval/run.sh), or it could not run:\n${indent(out)}\n` +
      '     If the real cases are not on this machine, run ship where they are, or pass --no-eval-floor to ship without it.');
  }
  const figures = out.trim().split('\n').filter((l) => /^(warned|category recall|false alarms)\s/.test(l)).map((l) => l.replace(/\s{2,}/g, ' ').trim());
  log(`   floor met (tests/eval/floors.json): ${figures.join('; ') || 'ok'}`);
}

export async function ship(argv, log = console.log) {
  const a = parseArgs(argv);
  if (a.help) { process.stdout.write(USAGE); return { ok: true, help: true }; }
  const verifier = loadVerifier();
  const name = a.trust ? `the core and Trust ${a.trust}` : 'the core and every Trust';

  // 1. The bundle: rebuilt, or a given one that must still match rules/.
  let files;
  const bundlePath = a.bundle || path.join(path.dirname(a.out), a.trust ? `bundle-${a.trust}.ship.json` : 'bundle.ship.json');
  if (a.bundle) {
    try { files = JSON.parse(fs.readFileSync(a.bundle, 'utf8')); } catch (e) { refuse(`${a.bundle} is not a bundle (${e.message})`); }
    const stale = staleness(files, { rulesDir: a.rules, trust: a.trust });
    if (stale.length) refuse(`the bundle ${path.relative(process.cwd(), a.bundle)} is stale: ${stale.join('; ')}. Run ship without --bundle to rebuild it.`);
    log(`1. bundle: ${a.bundle} matches rules/ (${files.length} files)`);
  } else {
    try { files = bundleFiles({ rulesDir: a.rules, trust: a.trust }); } catch (e) { refuse(e.message); }
    writeBundle(bundlePath, files);
    log(`1. bundle rebuilt from ${path.relative(process.cwd(), a.rules) || '.'}: ${files.length} files (${name})`);
  }

  // 2. Lint and examples, on the bundle's bytes.
  const lint = cli(['rules', 'lint', '--rules', bundlePath]);
  if (lint.status !== 0) refuse(`the rules have a mistake; nothing was signed:\n${indent(lint.out)}`);
  if (!/ 0 warnings\s*$/.test(lint.out)) refuse(`lint has warnings; fix them first:\n${indent(lint.out)}`);
  log(`2. lint: ${lint.out.trim().split('\n').pop()}`);
  // As in step 6: an example that ran out of its time budget on a busy machine passes on a second run; a real
  // failure fails every time.
  let test = cli(['rules', 'test', '--rules', bundlePath]);
  let runs = 1;
  while (test.status === 1 && runs < 3) { test = cli(['rules', 'test', '--rules', bundlePath]); runs++; }
  if (test.status !== 0) refuse(`a rule example fails; nothing was signed:\n${indent(test.out)}`);
  log(`   examples: ${test.out.trim().split('\n').pop()}${runs > 1 ? ` (on run ${runs}: earlier runs ran out of time on this busy machine)` : ''}`);

  // 3. The version must go up (checked before the eval, which takes longest).
  const header = verifier.versionOf(files);
  if (header.error) refuse(header.error);
  const version = header.version;
  const { key, last } = lastShipped(a, verifier);
  if (last.version && verifier.compareVersions(version, last.version) <= 0) {
    refuse(`version ${version} is not higher than ${last.version}, the last version shipped${a.trust ? ` for ${a.trust}` : ''}. ` +
      'Raise "version" in rules/core/ruleset.json (1.3.0 -> 1.3.1 for wording or words, 1.4.0 for new rules) and add a line to rules/CHANGELOG.md.');
  }
  log(`3. version ${version} (last shipped: ${last.version || 'none'})`);
  // 4. Eval floor.
  log('4. eval floor:');
  evalFloorStep(bundlePath, a, log);

  if (a.dryRun) { log('dry run: every check passed; nothing signed'); return { ok: true, version }; }

  // 5. Sign; the serial always grows, even for two ships in one second.
  if (!fs.existsSync(a.key)) refuse(`no signing key at ${a.key}: the comms team's key holder runs this (or give --key PATH)`);
  const privateKey = crypto.createPrivateKey(fs.readFileSync(a.key));
  const serial = Math.max(Math.floor(Date.now() / 1000), (last.serial || 0) + 1);
  const bytes = Buffer.from(JSON.stringify(files));
  const text = sign(bytes, privateKey, { serial, validDays: a.validDays });
  log(`5. signed: serial ${serial}`);

  // 6. Verify as the extension does, before the file is written where it would be published.
  const publicKey = rawPublicKeyB64(privateKey);
  const check = await verifyAsExtension(text, publicKey);
  if (!check.ok) refuse(`${check.error}; nothing was written`);
  fs.mkdirSync(path.dirname(a.out), { recursive: true });
  fs.writeFileSync(a.out, text);
  log(`6. verified as the extension loads it: ${check.info.name} ${check.info.version}, ${check.info.ruleCount} rules, ` +
    `${check.info.trusts.map((t) => t.id).join(', ')}, expires ${check.verified.expires ? new Date(check.verified.expires).toISOString().slice(0, 10) : '?'}`);
  if (check.note) log(`   note: ${check.note}`);

  // 7. Record and hand over.
  const entry = { bundle: key, version, serial, sha256: crypto.createHash('sha256').update(text).digest('hex'), shipped: new Date().toISOString() };
  fs.appendFileSync(a.record, JSON.stringify(entry) + '\n');
  log(`7. recorded in ${path.relative(process.cwd(), a.record)} (commit it, so the next ship knows ${version} went out)

Next steps:
  IT (web server): publish ${path.relative(process.cwd(), a.out)} at the HTTPS address in rulesetUrl, with the
    header Access-Control-Allow-Origin: * (docs/admin/README.md section 9). Check: curl -sI <url>
  IT (policy), once: rulesetUrl = that address; rulesetPublicKey = ${publicKey}${a.trust ? `; trustProfile = ${a.trust}` : ''}
  Browsers fetch it within rulesetUpdateHours (default 24) or on restart; the options page shows the version.
  Without rulesetUrl set by policy, staff get this change only with the next extension release.`);
  return { ok: true, version, serial, out: a.out, publicKey };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  ship(process.argv.slice(2)).then(() => process.exit(0), (e) => {
    if (e instanceof Refusal) { console.error(`ship-ruleset: REFUSED: ${e.message}`); process.exit(1); }
    console.error(`ship-ruleset: ${e.stack || e.message}`); process.exit(2);
  });
}
