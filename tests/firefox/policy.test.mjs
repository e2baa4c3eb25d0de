// Managed deployment in real Firefox: a real /etc/firefox/policies/policies.json, as Trust IT deploys it, force-installs
// PostCheck from an XPI (ExtensionSettings; unsigned, so xpinstall.signatures.required=false, which ESR allows) and
// sets its "3rdparty" settings, which reach storage.managed and the content script: block mode, a severity override
// and a disabled rule. /etc is the private overlay that tests/firefox/run.sh mounts, so the host's /etc is
// never touched.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync, rmSync, readFileSync, mkdtempSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, firefoxBinary, GECKO_ID, FIREFOX_EXT_DIR } from '../e2e/lib/driver.mjs';
import { startServer } from '../e2e/lib/server.mjs';
import { buildFixtures } from '../e2e/fixtures/build-fixtures.mjs';
import { FIXTURES } from '../e2e/lib/fixtures.mjs';
import { nodeEngine } from '../e2e/lib/engine.mjs';
import { BAD_TEXT } from '../e2e/lib/samples.mjs';

const POLICY_DIR = '/etc/firefox/policies';
const privateEtc = () => process.env.POSTCHECK_FIREFOX_NS === '1' &&
  readFileSync('/proc/self/mountinfo', 'utf8').split('\n').some((l) => / \/etc .* - overlay /.test(l));

let srv;
let br;
let page;
let eng;
let managed;
let want;
let xpiDir;
let launchedAt;

before(async () => {
  assert.ok(privateEtc(), 'run through tests/firefox/run.sh (private /etc overlay); refusing to write the host\'s /etc');
  eng = await nodeEngine();
  const found = eng.check(BAD_TEXT, 'linkedin.com').filter((f) => f.severity !== 'info');
  assert.ok(found.length >= 2, 'the sample needs two findings: one to block, one to disable ' + JSON.stringify(found));
  const [blocked, disabled] = [found[0].rule, found.find((f) => f.rule !== found[0].rule)?.rule];
  assert.ok(disabled, 'two different rules in the sample');
  managed = { mode: 'block', severityOverrides: { [blocked]: 'block' }, disabledRules: [disabled] };
  want = eng.check(BAD_TEXT, 'linkedin.com', { severityOverrides: managed.severityOverrides, disabledRules: managed.disabledRules })
    .map((f) => ({ text: BAD_TEXT.slice(f.start, f.end), severity: f.severity })).sort((a, b) => a.text.localeCompare(b.text));
  xpiDir = mkdtempSync(join(tmpdir(), 'postcheck-xpi-'));
  const xpi = join(xpiDir, 'postcheck.xpi');
  execFileSync('zip', ['-qr', '-X', xpi, '.'], { cwd: FIREFOX_EXT_DIR });
  mkdirSync(POLICY_DIR, { recursive: true });
  writeFileSync(`${POLICY_DIR}/policies.json`, JSON.stringify({ policies: {
    ExtensionSettings: { [GECKO_ID]: { installation_mode: 'force_installed', install_url: `file://${xpi}` } },
    '3rdparty': { Extensions: { [GECKO_ID]: managed } },
  } }, null, 2));
  srv = await startServer(await buildFixtures());
  launchedAt = Date.now();
  br = await launchBrowser('firefox', { extDir: null, prefs: { 'xpinstall.signatures.required': false } });
  console.log(`# firefox ${br.version} (${firefoxBinary()}), policies.json: ${JSON.stringify(managed)}`);
  page = await br.newPage();
});
after(async () => {
  if (br) await br.close();
  if (srv) await srv.close();
  rmSync('/etc/firefox', { recursive: true, force: true });
  if (xpiDir) rmSync(xpiDir, { recursive: true, force: true });
});

test('policies.json force-installs PostCheck: its content script runs on the page', async () => {
  await page.waitFor(async () => {
    await page.goto(`${srv.origin}/linkedin.html`);
    return page.evaluate(() => typeof window.__postcheckTestBridge === 'function');
  }, 'the policy-installed extension', 90000);
  console.log(`# installed by policy ${Date.now() - launchedAt} ms after launch`);
});

test('policies.json reaches storage.managed', async () => {
  const got = await br.background(() => chrome.storage.managed.get(null));
  assert.deepEqual(got, managed);
  await page.bringToFront();
});

test('the content script follows the policy: block mode, override, disabled rule; only "Edit post"', async () => {
  await page.goto(`${srv.origin}/linkedin.html`);
  await page.click(FIXTURES.linkedin.editor);
  await page.waitFor(async () => (await page.hook('mode')) === 'block', 'block mode from policy');
  await page.type(BAD_TEXT);
  const marks = await page.waitFor(async () => {
    const c = (await page.hook('composers'))[0];
    return c && c.text === BAD_TEXT ? c.marks.map((m) => ({ text: m.text, severity: m.severity })).sort((a, b) => a.text.localeCompare(b.text)) : null;
  }, 'findings under the policy');
  assert.deepEqual(marks, want);
  await page.click('#post');
  const u = await page.waitFor(async () => { const x = await page.hook('ui'); return x.dialogOpen ? x : null; }, 'dialog');
  assert.deepEqual(u.dialogButtons, ['Edit post']);
  await page.press('Enter');
  await page.sleep(200);
  assert.deepEqual(await page.evaluate(() => window.__posts.slice()), []);
});
