#!/usr/bin/env node
// Writes the fuzz seed tests/fuzz/corpus/fuzz_packed_ruleset/small.pack: a small ruleset using every kind of match, packed by the wasm engine (needs build/wasm).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
createRequire(import.meta.url)(path.join(root, 'build/wasm/postcheck-engine.js'));
const engine = await globalThis.PostCheckEngine.create({ wasmBinary: fs.readFileSync(path.join(root, 'build/wasm/postcheck.wasm')) });
const files = [
  { name: 'h.json', text: JSON.stringify({ ruleset: { name: 'seed', version: '1.0.0', term_sets: { people: ['patient~'] } } }) },
  { name: 'a.json', text: JSON.stringify({ trust: { id: 'a', name: 'Alpha Trust', aliases: ['AT'], policy: { title: 'P', short: 'P1' },
    sections: { media_contact: '8.1' }, severity_overrides: { 'media_contact.x': 'block' }, term_sets: { wards: ['ward 7'] } } }) },
  { name: 'r.json', text: JSON.stringify({ rules: [
    { id: 'media_contact.x', category: 'media_contact', severity: 'warn', title: 't', message: 'm {policy.short}', advice: 'a',
      match: { near: [{ terms: ['reporter~'] }, { any: [{ terms_ref: 'people' }, { terms_ref: 'trust.wards' }] }], within: 4 },
      evidence: [{ match: { regex: '\\bbed\\s*\\d+' }, within: 'sentence' }], unless: { terms: ['press release'] }, allow: ['x y'] },
    { id: 'patient_confidentiality.y', category: 'patient_confidentiality', severity: { low: 'info', medium: 'warn', high: 'block' },
      title: 't', message: 'm', advice: 'a',
      match: { all: [{ phrase: [{ terms: ['the'] }, { detector: 'age' }], gap: 2 }, { not: { terms: ['idiot*'], fold: 'obfuscated' } }] } },
  ] }) },
];
const r = engine.loadRuleset(files);
if (!r.ok) { console.error(r.error.text); process.exit(1); }
const out = path.join(here, 'corpus/fuzz_packed_ruleset/small.pack');
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, engine.pack());
console.log(`${path.relative(root, out)}: ${fs.statSync(out).size} bytes`);
