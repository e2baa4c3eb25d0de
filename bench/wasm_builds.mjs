// Instantiates several wasm builds of the engine side by side in one node process, for the A/B scripts (wasm_check_ab.mjs, wasm_load_ab.mjs).
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

// One engine per build dir (each holds postcheck-engine.js, postcheck.js, postcheck.wasm).
export async function createEngines(dirs) {
  const engines = [];
  for (const dir of dirs) {
    // Each glue file sets globalThis.PostCheckEngine and requires its own postcheck.js: load them
    // one after another so every build gets its own module instance.
    for (const k of Object.keys(require.cache)) delete require.cache[k];
    delete globalThis.PostCheckEngine;
    require(fs.realpathSync(`${dir}/postcheck-engine.js`));
    engines.push(await globalThis.PostCheckEngine.create({ wasmBinary: fs.readFileSync(`${dir}/postcheck.wasm`) }));
  }
  return engines;
}

export const p50 = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
