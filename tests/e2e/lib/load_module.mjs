// Imports one of the extension's ES-module sources in node for unit tests of pure logic (the repository's .js files
// are not marked as ES modules, so they are bundled to an in-memory ESM first).
import { build } from 'esbuild';

export async function loadModule(path) {
  const r = await build({ entryPoints: [path], bundle: true, format: 'esm', write: false, platform: 'neutral', logLevel: 'silent',
    define: { POSTCHECK_TEST_BUILD: 'false' } });
  const code = r.outputFiles[0].text;
  return import('data:text/javascript;base64,' + Buffer.from(code).toString('base64'));
}
