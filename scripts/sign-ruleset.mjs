#!/usr/bin/env node
// Ruleset signing for comms teams: Ed25519 keygen, sign a build/rules/bundle.json into a postcheck-signed-ruleset/2 envelope, verify one.
//
//   node scripts/sign-ruleset.mjs keygen [--key PATH] [--force]
//   node scripts/sign-ruleset.mjs pubkey [--key PATH]
//   node scripts/sign-ruleset.mjs sign build/rules/bundle.json -o ruleset.signed.json [--key PATH] [--serial N] [--valid-days D]
//   node scripts/sign-ruleset.mjs verify ruleset.signed.json (--public-key "B64 [B64...]" | --key PATH)
//
// Envelope (format postcheck-signed-ruleset/2): {format, version, payload, signature}. payload is the base64 of the
// UTF-8 JSON {"serial", "issued", "expires", "files"} that the signature covers; files is the bundle's array of
// {name, text}, unchanged. serial must grow with every release (the extension refuses one not above the last it
// accepted; default: the signing time in seconds since 1970); expires (default 90 days after issued) is when
// browsers stop using this ruleset and fall back to the one built into the extension.
//
// The private key lives outside the repository ($POSTCHECK_RULESET_KEY, default
// ~/.config/postcheck/ruleset-ed25519.pem); this script refuses paths inside the repo so it cannot be
// committed by accident. `verify` runs the extension's own extension/src/background/ruleset_update.js,
// so what this script accepts is exactly what the extension accepts.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const VERIFIER = path.join(REPO, 'extension/src/background/ruleset_update.js');

export function defaultKeyPath() {
  return process.env.POSTCHECK_RULESET_KEY || path.join(os.homedir(), '.config/postcheck/ruleset-ed25519.pem');
}

// Loads ruleset_update.js the way a worker does (a classic script on `self`), with only the globals it may use.
export function loadVerifier() {
  const sandbox = { crypto: globalThis.crypto, TextDecoder, atob, btoa, Promise, Object, JSON, Array, Uint8Array };
  sandbox.self = sandbox;
  vm.createContext(sandbox);
  vm.runInContext(fs.readFileSync(VERIFIER, 'utf8'), sandbox, { filename: VERIFIER });
  return sandbox.PostCheckRulesetUpdate;
}

export function rawPublicKeyB64(keyObject) {
  const pub = keyObject.type === 'private' ? crypto.createPublicKey(keyObject) : keyObject;
  const der = pub.export({ format: 'der', type: 'spki' });
  // An Ed25519 SPKI is a fixed 12-byte prefix followed by the 32-byte raw key.
  return der.subarray(der.length - 32).toString('base64');
}

function insideRepo(p) {
  const abs = path.resolve(p);
  return abs === REPO || abs.startsWith(REPO + path.sep);
}

function readPrivateKey(keyPath) {
  if (!fs.existsSync(keyPath)) throw new Error(`no signing key at ${keyPath} (run: node scripts/sign-ruleset.mjs keygen)`);
  const key = crypto.createPrivateKey(fs.readFileSync(keyPath));
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${keyPath} is not an Ed25519 private key`);
  return key;
}

export function keygen(keyPath, { force = false } = {}) {
  if (insideRepo(keyPath)) throw new Error(`refusing to write a private key inside the repository: ${keyPath}`);
  if (fs.existsSync(keyPath) && !force) throw new Error(`${keyPath} exists; keep it (every deployed browser trusts it) or pass --force`);
  const { privateKey } = crypto.generateKeyPairSync('ed25519');
  fs.mkdirSync(path.dirname(keyPath), { recursive: true, mode: 0o700 });
  fs.writeFileSync(keyPath, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
  return rawPublicKeyB64(privateKey);
}

export const DEFAULT_VALID_DAYS = 90;
const DAY_MS = 24 * 3600 * 1000;

// Returns the envelope text. The signed payload wraps the bundle's files unchanged (what was reviewed is what is
// signed) with the rollback serial and the validity window. options: {serial, issued (ms), validDays}.
export function sign(bundleBytes, privateKey, options = {}) {
  const verifier = loadVerifier();
  let files;
  try { files = JSON.parse(Buffer.from(bundleBytes).toString('utf8')); } catch (e) { throw new Error(`bundle is not valid JSON: ${e.message}`); }
  if (!Array.isArray(files) || files.some((f) => !f || typeof f.name !== 'string' || typeof f.text !== 'string')) {
    throw new Error('bundle must be a JSON array of {name, text} (build/rules/bundle.json)');
  }
  const header = verifier.versionOf(files);
  if (header.error) throw new Error(header.error);
  const issued = options.issued ?? Date.now();
  const validDays = options.validDays ?? DEFAULT_VALID_DAYS;
  if (!(validDays > 0 && validDays <= 3650)) throw new Error('--valid-days must be between 1 and 3650');
  const serial = options.serial ?? Math.floor(issued / 1000);
  if (!Number.isSafeInteger(serial) || serial < 1) throw new Error('--serial must be a positive integer');
  const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const payload = Buffer.from(JSON.stringify({
    serial, issued: iso(issued), expires: iso(issued + validDays * DAY_MS),
    files: files.map((f) => ({ name: f.name, text: f.text })),
  }));
  const envelope = {
    format: verifier.FORMAT,
    version: header.version,
    payload: payload.toString('base64'),
    signature: crypto.sign(null, payload, privateKey).toString('base64'),
  };
  return JSON.stringify(envelope, null, 1) + '\n';
}

function parseArgs(argv) {
  const args = { _: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-o' || a === '--out') args.out = argv[++i];
    else if (a === '--key' || a === '-k') args.key = argv[++i];
    else if (a === '--public-key') args.publicKey = argv[++i];
    else if (a === '--force') args.force = true;
    else if (a === '--serial') args.serial = Number(argv[++i]);
    else if (a === '--valid-days') args.validDays = Number(argv[++i]);
    else if (a.startsWith('-')) throw new Error(`unknown option ${a}`);
    else args._.push(a);
  }
  return args;
}

const USAGE = `usage: node scripts/sign-ruleset.mjs COMMAND ...

  keygen [--key PATH] [--force]        make the comms team's signing key (once); prints the public key for IT
  pubkey [--key PATH]                  print the public key again (the rulesetPublicKey policy value)
  sign BUNDLE.json -o OUT.signed.json [--key PATH] [--serial N] [--valid-days D]
  verify OUT.signed.json (--public-key "B64 [B64...]" | --key PATH)

The key lives outside the repository ($POSTCHECK_RULESET_KEY, default ~/.config/postcheck/ruleset-ed25519.pem).
To release a ruleset use node scripts/ship-ruleset.mjs instead: it rebuilds and checks the bundle, refuses a
version that did not go up, signs with this script and verifies the result as the extension loads it.
`;

async function main(argv) {
  if (!argv.length || argv.some((a) => a === '-h' || a === '--help' || a === 'help')) {
    process.stdout.write(USAGE);
    return argv.length ? 0 : 2;
  }
  const [cmd, ...rest] = argv;
  const args = parseArgs(rest);
  const keyPath = args.key || defaultKeyPath();
  switch (cmd) {
    case 'keygen': {
      const pub = keygen(keyPath, { force: args.force });
      console.error(`private key written to ${keyPath} (back it up; never commit it)`);
      console.error('public key for the rulesetPublicKey policy:');
      console.log(pub);
      return 0;
    }
    case 'pubkey':
      console.log(rawPublicKeyB64(readPrivateKey(keyPath)));
      return 0;
    case 'sign': {
      if (args._.length !== 1 || !args.out) throw new Error('usage: sign BUNDLE.json -o OUT.signed.json [--key PATH]');
      const key = readPrivateKey(keyPath);
      const text = sign(fs.readFileSync(args._[0]), key, { serial: args.serial, validDays: args.validDays });
      // Self-check with the extension's verifier before anything is published.
      const check = await loadVerifier().verify(text, rawPublicKeyB64(key), { now: Date.now() });
      if (!check.ok) throw new Error(`signed envelope does not verify: ${check.error}`);
      fs.writeFileSync(args.out, text);
      console.error(`signed ruleset ${check.version} serial ${check.serial}, expires ${new Date(check.expires).toISOString()} (${check.files.length} files) -> ${args.out}`);
      return 0;
    }
    case 'verify': {
      if (args._.length !== 1) throw new Error('usage: verify ENVELOPE.json (--public-key "B64 [B64...]" | --key PATH)');
      const pub = args.publicKey || rawPublicKeyB64(readPrivateKey(keyPath));
      // Checked as a browser would check it now: signature, format, and not expired.
      const result = await loadVerifier().verify(fs.readFileSync(args._[0], 'utf8'), pub, { now: Date.now() });
      if (!result.ok) { console.error(`INVALID: ${result.error}`); return 1; }
      console.log(`OK: ruleset ${result.version}, serial ${result.serial}, expires ${new Date(result.expires).toISOString()}, ${result.files.length} files`);
      return 0;
    }
    default:
      console.error(`sign-ruleset: unknown command ${cmd}\n${USAGE}`);
      return 2;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then((code) => process.exit(code), (e) => { console.error(`sign-ruleset: ${e.message}`); process.exit(1); });
}
