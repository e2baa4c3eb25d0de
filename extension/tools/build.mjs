// Builds the extension from extension/ into build/: bundles sources with esbuild (classic IIFE scripts: MV3 service
// workers cannot import() and content scripts are not modules), merges manifests, copies engine, rules and NHS.UK CSS.
// Outputs: build/extension (Chrome/Edge), build/extension-firefox, build/extension-test and build/extension-firefox-test
// (127.0.0.1 hosts, test hooks; never packaged).
import { build } from 'esbuild';
import { readFileSync, writeFileSync, mkdirSync, rmSync, copyFileSync, existsSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { loadVerifier } from '../../scripts/sign-ruleset.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ext = join(root, 'extension');
const allowNoEngine = process.argv.includes('--allow-missing-engine');

const ENGINE_FILES = ['postcheck.js', 'postcheck.wasm', 'postcheck-engine.js'];
const engineDir = join(root, 'build', 'wasm');
const bundle = join(root, 'build', 'rules', 'bundle.json');
const pack = join(root, 'build', 'rules', 'ruleset.pack');
const missing = ENGINE_FILES.map((f) => join(engineDir, f)).concat(bundle).filter((f) => !existsSync(f));
if (missing.length && !allowNoEngine) {
  console.error('build-extension: missing engine/ruleset build outputs:\n  ' + missing.join('\n  ') +
    '\nRun scripts/build.sh first (it builds the wasm engine and build/rules/bundle.json).');
  process.exit(1);
}
// The packed ruleset is made here, by the engine build being shipped, so the two can never disagree on its format.
if (!missing.length) execFileSync(process.execPath, [join(root, 'scripts', 'pack-ruleset.mjs'), bundle, pack], { stdio: 'inherit' });
// The built-in ruleset's version as the worker's own verifier reads it from the files shipped. The worker reads this at
// start-up instead of fetching and parsing the whole bundle (~20 ms on its one thread), which it then needs only if the
// pack does not load.
let builtInVersion = null;
if (existsSync(bundle) && existsSync(join(root, 'extension/src/background/ruleset_update.js'))) {
  const v = loadVerifier().versionOf(JSON.parse(readFileSync(bundle, 'utf8')));
  if (v.error) throw new Error(`build/rules/bundle.json: ${v.error}`);
  builtInVersion = v.version;
}

function stripComments(obj) {
  if (Array.isArray(obj)) return obj.map(stripComments);
  if (obj && typeof obj === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(obj)) if (k !== '//') out[k] = stripComments(v);
    return out;
  }
  return obj;
}
const readJson = (p) => JSON.parse(readFileSync(p, 'utf8'));

const TEST_HOSTS = ['http://127.0.0.1/*', 'http://localhost/*'];

async function buildVariant(name, platform, test) {
  const out = join(root, 'build', name);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const define = { POSTCHECK_TEST_BUILD: test ? 'true' : 'false' };
  const common = { bundle: true, format: 'iife', target: ['chrome110', 'firefox128'], define, logLevel: 'warning',
    legalComments: 'none', minify: false, sourcemap: false };
  await build({ ...common, entryPoints: [join(ext, 'src/background/background.js')], outfile: join(out, 'background/background.js') });
  await build({ ...common, entryPoints: [join(ext, 'src/content/main.js')], outfile: join(out, 'content/content.js') });
  await build({ ...common, entryPoints: [join(ext, 'src/options/options.js')], outfile: join(out, 'options/options.js') });
  copyFileSync(join(ext, 'src/options/options.html'), join(out, 'options/options.html'));
  copyFileSync(join(ext, 'src/options/options.css'), join(out, 'options/options.css'));
  const nhsCss = readdirSync(join(root, 'node_modules/nhsuk-frontend/dist/nhsuk')).find((f) => /^nhsuk-frontend-\d.*\.min\.css$/.test(f));
  // nhsuk-frontend loads Frutiger from https://assets.nhs.uk through @font-face: Firefox fetched it from the options
  // page (review M3). Those rules go; the page falls back to Arial as nhsuk-frontend's own font stack says.
  const nhsText = readFileSync(join(root, 'node_modules/nhsuk-frontend/dist/nhsuk', nhsCss), 'utf8')
    .replace(/@font-face\s*\{[^}]*url\(\s*['"]?(https?:)?\/\/[^}]*\}/gi, '');
  writeFileSync(join(out, 'options/nhsuk.min.css'), nhsText);
  copyFileSync(join(ext, 'managed_schema.json'), join(out, 'managed_schema.json'));

  // The verifier is owned by deployment; include it when present (background guards for its absence).
  const verifier = join(ext, 'src/background/ruleset_update.js');
  const hasVerifier = existsSync(verifier);
  if (hasVerifier) copyFileSync(verifier, join(out, 'background/ruleset_update.js'));

  mkdirSync(join(out, 'engine'), { recursive: true });
  for (const f of ENGINE_FILES) if (existsSync(join(engineDir, f))) copyFileSync(join(engineDir, f), join(out, 'engine', f));
  mkdirSync(join(out, 'rules'), { recursive: true });
  if (existsSync(bundle)) copyFileSync(bundle, join(out, 'rules/bundle.json'));
  if (builtInVersion) writeFileSync(join(out, 'rules/version.json'), JSON.stringify({ version: builtInVersion }) + '\n');
  if (existsSync(pack)) copyFileSync(pack, join(out, 'rules/ruleset.pack'));

  execFileSync(process.execPath, [join(ext, 'tools/make_icons.mjs'), join(out, 'icons')]);

  const manifest = { ...stripComments(readJson(join(ext, 'manifest.base.json'))), ...stripComments(readJson(join(ext, 'platform', platform, 'manifest.json'))) };
  if (platform === 'firefox') {
    // Firefox MV3 lists optional host permissions as optional_host_permissions too (128+), but "scripting" with
    // registerContentScripts works the same; the background scripts list must only name files that exist.
    manifest.background.scripts = manifest.background.scripts.filter((s) => existsSync(join(out, s)));
  }
  if (test) {
    manifest.name += ' (test build)';
    manifest.host_permissions = [...manifest.host_permissions, ...TEST_HOSTS];
    manifest.content_scripts[0].matches = [...manifest.content_scripts[0].matches, ...TEST_HOSTS];
    // The e2e fixtures serve signed rulesets over plain http on this machine; shipped builds allow https only.
    const csp = manifest.content_security_policy;
    csp.extension_pages = csp.extension_pages.replace(/connect-src ([^;]*)/, 'connect-src $1 http://127.0.0.1:* http://localhost:*');
  }
  writeFileSync(join(out, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  // Release marker: scripts/package.sh packages only a folder whose build.json says testBuild: false.
  writeFileSync(join(out, 'build.json'), JSON.stringify({ testBuild: test }) + '\n');
  console.log(`build-extension: ${name} (${platform}${test ? ', test' : ''}) v${manifest.version}${hasVerifier ? '' : ' [no ruleset_update.js yet]'}`);
}

await buildVariant('extension', 'chrome', false);
await buildVariant('extension-firefox', 'firefox', false);
await buildVariant('extension-test', 'chrome', true);
await buildVariant('extension-firefox-test', 'firefox', true);
