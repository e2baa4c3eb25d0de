#!/usr/bin/env node
// Builds the rules bundle the extension loads (build/rules/bundle.json): the core files and the Trust profiles, verbatim, in a fixed order; and tells whether a bundle is stale.
//
//   node scripts/ruleset-bundle.mjs [--trust ID] [--rules DIR] [OUT]      (scripts/bundle-rules.sh runs this)
//
// A bundle is a JSON array of {"name": "rules/...json", "text": <file text verbatim>}: the core header first,
// then the core rule files by name, then the lexicons by name, then the Trust profiles by name, so errors still
// point at the right line.
// With --trust ID only that Trust's profile is included: a Trust ships the core and its own choices, and another
// Trust's unfinished edit cannot break or re-version it.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_RULES = path.join(REPO, 'rules');

const byName = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const jsonIn = (dir) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort(byName) : []);

// The files of a rules folder as the bundle names them (always "rules/...", wherever the folder is).
export function bundleFiles({ rulesDir = DEFAULT_RULES, trust = '' } = {}) {
  const core = path.join(rulesDir, 'core');
  if (!fs.existsSync(path.join(core, 'ruleset.json'))) throw new Error(`${rulesDir} has no core/ruleset.json: not a rules folder`);
  const names = ['core/ruleset.json', ...jsonIn(core).filter((f) => f !== 'ruleset.json').map((f) => `core/${f}`)];
  // Lexicons (word lists with their provenance) after the core rule files: every Trust's bundle needs them.
  names.push(...jsonIn(path.join(rulesDir, 'lexicons')).map((f) => `lexicons/${f}`));
  const trusts = jsonIn(path.join(rulesDir, 'trusts'));
  if (trust) {
    if (!trusts.includes(`${trust}.json`)) {
      throw new Error(`no Trust profile rules/trusts/${trust}.json (there are: ${trusts.map((f) => f.replace(/\.json$/, '')).join(', ')})`);
    }
    names.push(`trusts/${trust}.json`);
  } else {
    names.push(...trusts.map((f) => `trusts/${f}`));
  }
  return names.map((n) => ({ name: `rules/${n}`, text: fs.readFileSync(path.join(rulesDir, n), 'utf8') }));
}

// JSON with // and /* */ comments, as rule files are written; comment markers inside strings ("http://") are kept.
export function parseJsonc(text, name) {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else out += c;
  }
  try { return JSON.parse(out); } catch (e) { throw new Error(`${name}: ${e.message}`); }
}

// What a rules folder defines, for tools that check names against it (gen-admin): rule ids, categories, Trust ids.
export function rulesetIndex({ rulesDir = DEFAULT_RULES } = {}) {
  const ruleIds = [];
  const categories = new Set();
  const trustIds = [];
  for (const f of bundleFiles({ rulesDir })) {
    const j = parseJsonc(f.text, f.name);
    if (j.trust?.id) trustIds.push(j.trust.id);
    for (const r of j.rules || []) { ruleIds.push(r.id); categories.add(r.category); }
  }
  return { ruleIds, categories: [...categories], trustIds };
}

export function writeBundle(out, files) {
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  fs.writeFileSync(`${out}.tmp`, JSON.stringify(files, null, 1) + '\n');
  fs.renameSync(`${out}.tmp`, out);
}

// Why `bundle` (an array of {name, text}) no longer matches the rules folder: one plain line per difference.
export function staleness(bundle, { rulesDir = DEFAULT_RULES, trust = '' } = {}) {
  const now = bundleFiles({ rulesDir, trust });
  const was = new Map(bundle.map((f) => [f.name, f.text]));
  const problems = [];
  for (const f of now) {
    if (!was.has(f.name)) problems.push(`${f.name} is not in the bundle (added after it was built)`);
    else if (was.get(f.name) !== f.text) problems.push(`${f.name} was changed after the bundle was built`);
    was.delete(f.name);
  }
  for (const name of was.keys()) problems.push(`${name} is in the bundle but no longer in the rules folder`);
  return problems;
}

const USAGE = `usage: bash scripts/bundle-rules.sh [--trust ID] [--rules DIR] [OUT]

Writes the rules bundle the extension loads (default OUT: build/rules/bundle.json, or
build/rules/bundle-ID.json with --trust ID): the core files and the Trust profiles, verbatim.
  --trust ID   only this Trust's profile with the core (what one Trust ships)
  --rules DIR  the rules folder (default: rules/)
To check and sign a bundle for release, use: node scripts/ship-ruleset.mjs --help
`;

function main(argv) {
  let trust = '';
  let rulesDir = DEFAULT_RULES;
  let out = '';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') { process.stdout.write(USAGE); return 0; }
    if (a === '--trust' || a === '--rules') {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      if (a === '--trust') trust = argv[++i]; else rulesDir = path.resolve(argv[++i]);
    } else if (a.startsWith('-')) throw new Error(`unknown option ${a} (see --help)`);
    else if (!out) out = a;
    else throw new Error(`one output file only (got ${out} and ${a})`);
  }
  out ||= path.join(REPO, trust ? `build/rules/bundle-${trust}.json` : 'build/rules/bundle.json');
  const files = bundleFiles({ rulesDir, trust });
  writeBundle(out, files);
  console.log(`bundle-rules: ${files.length} files -> ${path.relative(process.cwd(), out) || out}`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try { process.exit(main(process.argv.slice(2))); } catch (e) { console.error(`bundle-rules: ${e.message}`); process.exit(2); }
}
