#!/usr/bin/env node
// Writes build/rules/ruleset.pack: the rules bundle loaded by the wasm engine and packed (Engine.pack), which the extension loads at start-up instead of parsing the JSON again.
//
//   node scripts/pack-ruleset.mjs [BUNDLE.json] [OUT.pack]     (scripts/build.sh runs this after the bundle and the wasm build)
//
// The pack is written by the same wasm build that will read it, so its format always matches; it is read back and
// packed again before it is written, and a ruleset that does not load is an error here, not at a user's start-up.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [bundlePath = path.join(root, 'build/rules/bundle.json'), outPath = path.join(root, 'build/rules/ruleset.pack')] =
  process.argv.slice(2);
const require = createRequire(import.meta.url);
require(path.join(root, 'build/wasm/postcheck-engine.js'));
const engine = await globalThis.PostCheckEngine.create({ wasmBinary: fs.readFileSync(path.join(root, 'build/wasm/postcheck.wasm')) });
const fail = (why) => { console.error(`pack-ruleset: ${why}`); process.exit(1); };

const loaded = engine.loadRuleset(JSON.parse(fs.readFileSync(bundlePath, 'utf8')), { examples: false });
if (!loaded.ok) fail(`${bundlePath} does not load: ${loaded.error.text}`);
// Every Trust's checker compiles: a pack is only ever made of rules that work for every Trust.
for (const t of loaded.info.trusts) {
  const c = engine.configure({ trust: t.id });
  if (!c.ok) fail(`${bundlePath} does not compile for Trust ${t.id}: ${c.error.text}`);
}
const block = engine.pack();
const again = engine.loadPacked(block, path.basename(outPath));
if (!again.ok) fail(`the pack does not load back: ${again.error.text}`);
if (Buffer.compare(Buffer.from(engine.pack()), Buffer.from(block)) !== 0) fail('the pack read back packs differently');
fs.mkdirSync(path.dirname(outPath), { recursive: true });
fs.writeFileSync(outPath, block);
console.log(`pack-ruleset: ${path.relative(root, outPath)} ${block.length} bytes (${loaded.info.name} ${loaded.info.version}, ${loaded.info.ruleCount} rules)`);
engine.dispose();
