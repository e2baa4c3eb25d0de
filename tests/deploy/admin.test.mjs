// Tests docs/admin: fresh (regenerated from the schema), and every format read back by an independent parser yields settings that validate against extension/managed_schema.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { schemaProblems, validate } from '../../scripts/package/chromium-schema.mjs';
import { generate, CHROME_POLICY_KEY, EDGE_POLICY_KEY } from '../../scripts/gen-admin.mjs';
import { rulesetIndex } from '../../scripts/ruleset-bundle.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const GEN = path.join(REPO, 'scripts/gen-admin.mjs');
const SCHEMA = JSON.parse(fs.readFileSync(path.join(REPO, 'extension/managed_schema.json'), 'utf8'));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pc-admin-'));
process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));
const noProblems = (v, what) => assert.deepEqual(validate(v, SCHEMA), [], `${what} does not match the managed schema`);

// ---- readers for each format ----

// .reg text -> Map(keyPath -> Map(name -> value)); lines starting with ';' are comments.
function parseReg(text, { uncomment = false } = {}) {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  assert.equal(lines[0], 'Windows Registry Editor Version 5.00');
  const keys = new Map();
  let cur = null;
  for (let line of lines.slice(1)) {
    if (uncomment && /^;(\[|")/.test(line)) line = line.slice(1);
    if (!line.trim() || line.startsWith(';')) continue;
    let m;
    if ((m = line.match(/^\[(.+)\]$/))) { cur = new Map(); keys.set(m[1], cur); continue; }
    assert.ok(cur, `value before any key: ${line}`);
    if ((m = line.match(/^"((?:[^"\\]|\\.)*)"=dword:([0-9a-f]{8})$/))) cur.set(m[1], { dword: parseInt(m[2], 16) });
    else if ((m = line.match(/^"((?:[^"\\]|\\.)*)"="((?:[^"\\]|\\.)*)"$/))) cur.set(m[1], { sz: m[2].replace(/\\(.)/g, '$1') });
    else assert.fail(`unparsed .reg line: ${line}`);
  }
  return keys;
}
// The registry under ROOT -> policy value, the way Chromium maps registry to a schema: DWORD -> boolean or
// integer, a subkey -> list (values "1".."n") or map (named values).
function regToSettings(keys, root) {
  const top = keys.get(root);
  assert.ok(top, `no key ${root}`);
  const out = {};
  for (const [name, v] of top) {
    const s = SCHEMA.properties[name];
    if (!s) { out[name] = v.sz ?? v.dword; continue; }
    if (s.type === 'boolean') { assert.ok(v.dword === 0 || v.dword === 1, name); out[name] = v.dword === 1; }
    else if (s.type === 'integer') out[name] = v.dword;
    else out[name] = v.sz ?? v.dword;
  }
  for (const [k, values] of keys) {
    if (!k.startsWith(`${root}\\`)) continue;
    const name = k.slice(root.length + 1);
    const s = SCHEMA.properties[name];
    assert.ok(s && (s.type === 'array' || s.type === 'object'), `subkey ${name} is a list or map setting`);
    if (s.type === 'array') {
      const names = [...values.keys()];
      assert.deepEqual(names, names.map((_, i) => String(i + 1)), `${name}: values named 1..n`);
      out[name] = [...values.values()].map((v) => v.sz);
    } else {
      out[name] = Object.fromEntries([...values].map(([n, v]) => [n, v.sz]));
    }
  }
  return out;
}

const plist = (file) => JSON.parse(execFileSync('python3', ['-c',
  'import plistlib,json,sys; print(json.dumps(plistlib.load(open(sys.argv[1],"rb"))))', file], { encoding: 'utf8' }));

const ADMX_DUMP = `
import json, re, sys
import xml.etree.ElementTree as ET
ns = {'p': 'http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions'}
admx = ET.parse(sys.argv[1]).getroot(); adml = ET.parse(sys.argv[2]).getroot()
strings = {s.get('id'): s.text for s in adml.iter('{%s}string' % ns['p'])}
pres = {p.get('id'): [c.get('refId') for c in p] for p in adml.iter('{%s}presentation' % ns['p'])}
refs = set(re.findall(r'\\$\\((string|presentation)\\.([^)]+)\\)', open(sys.argv[1]).read()))
pols = []
for pol in admx.iter('{%s}policy' % ns['p']):
    els = []
    e = pol.find('p:elements', ns)
    for el in (list(e) if e is not None else []):
        els.append({'tag': el.tag.split('}')[1], 'attrs': dict(el.attrib),
                    'items': [v.text for v in el.iter('{%s}string' % ns['p'])]})
    pols.append({'name': pol.get('name'), 'key': pol.get('key'), 'valueName': pol.get('valueName'),
                 'presentation': pol.get('presentation'), 'boolean': pol.find('p:enabledValue', ns) is not None, 'elements': els})
print(json.dumps({'policies': pols, 'strings': strings, 'presentations': pres, 'refs': sorted(list(r) for r in refs)}))
`;
const admxDump = (admx, adml) => JSON.parse(execFileSync('python3', ['-c', ADMX_DUMP, admx, adml], { encoding: 'utf8' }));

// ---- checks shared by the committed templates and a Trust's generated set ----

function checkSet(dir, { settings, chromeId, edgeId, geckoId, chromeUpdate, edgeUpdate }) {
  const read = (rel) => fs.readFileSync(path.join(dir, rel), 'utf8');
  for (const [rel, id, key] of [['windows/chrome-extension-settings.reg', chromeId, CHROME_POLICY_KEY], ['windows/edge-extension-settings.reg', edgeId, EDGE_POLICY_KEY]]) {
    const root = `HKEY_LOCAL_MACHINE\\${key}\\3rdparty\\extensions\\${id}\\policy`;
    const fromReg = regToSettings(parseReg(read(rel)), root);
    noProblems(fromReg, rel);
    assert.deepEqual(fromReg, settings, `${rel} says the same as the generator's settings`);
    // Every commented-out optional line is a valid setting too, once uncommented.
    noProblems(regToSettings(parseReg(read(rel), { uncomment: true }), root), `${rel} (optional lines uncommented)`);
  }
  for (const [rel, id, update, key] of [['windows/chrome-force-install.reg', chromeId, chromeUpdate, CHROME_POLICY_KEY], ['windows/edge-force-install.reg', edgeId, edgeUpdate, EDGE_POLICY_KEY]]) {
    const es = JSON.parse(parseReg(read(rel)).get(`HKEY_LOCAL_MACHINE\\${key}`).get('ExtensionSettings').sz);
    assert.equal(es[id].installation_mode, 'force_installed', rel);
    assert.equal(es[id].update_url, update, rel);
  }
  // The Intune script imports exactly the Edge .reg.
  const ps1 = read('windows/intune-edge-settings.ps1').replace(/\r\n/g, '\n');
  const embedded = ps1.match(/\$reg = @'\n([\s\S]*?)\n'@/)[1];
  assert.equal(embedded, read('windows/edge-extension-settings.reg').replace(/\r\n/g, '\n').trimEnd());

  for (const [slug, id, key] of [['chrome', chromeId, CHROME_POLICY_KEY], ['edge', edgeId, EDGE_POLICY_KEY]]) {
    const admx = path.join(dir, `windows/admx/postcheck-${slug}.admx`), adml = path.join(dir, `windows/admx/en-US/postcheck-${slug}.adml`);
    execFileSync('xmllint', ['--noout', admx, adml]);
    const d = admxDump(admx, adml);
    const policyKey = `${key}\\3rdparty\\extensions\\${id}\\policy`;
    assert.deepEqual(d.policies.map((p) => p.name).sort(), Object.keys(SCHEMA.properties).sort(), `${slug}: one ADMX policy per schema key`);
    for (const p of d.policies) {
      const s = SCHEMA.properties[p.name];
      assert.equal(p.key, policyKey, `${p.name}: registry key`);
      if (s.type === 'boolean') { assert.equal(p.boolean, true, p.name); assert.equal(p.valueName, p.name); continue; }
      assert.equal(p.elements.length, 1, p.name);
      const el = p.elements[0];
      const expected = { string: s.enum ? 'enum' : 'text', integer: 'decimal', array: 'list', object: 'list' }[s.type];
      assert.equal(el.tag, expected, `${p.name}: element kind`);
      if (el.tag === 'list') assert.equal(el.attrs.key, `${policyKey}\\${p.name}`, `${p.name}: list subkey`);
      else assert.equal(el.attrs.valueName, p.name, `${p.name}: value name`);
      if (el.tag === 'enum') assert.deepEqual(el.items, s.enum, `${p.name}: enum values`);
      if (el.tag === 'decimal') {
        if (s.minimum !== undefined) assert.equal(Number(el.attrs.minValue), s.minimum);
        if (s.maximum !== undefined) assert.equal(Number(el.attrs.maxValue), s.maximum);
      }
      if (s.type === 'object') assert.equal(el.attrs.explicitValue, 'true', `${p.name}: name/value pairs`);
      assert.ok(d.presentations[p.name]?.includes(el.attrs.id), `${p.name}: ADML presentation shows element ${el.attrs.id}`);
    }
    for (const [kind, id2] of d.refs) {
      if (kind === 'string') assert.ok(d.strings[id2], `${slug}: ADML defines string ${id2}`);
      else assert.ok(d.presentations[id2], `${slug}: ADML defines presentation ${id2}`);
    }
  }

  // Intune rows: each names a policy of the ingested Chrome ADMX with its element id, and the values validate.
  // Rows marked (optional) show every other setting's format; they validate too.
  const rows = read('windows/intune-oma-uri.md').split('\n').filter((l) => l.startsWith('| ') && /\.\/(Device|User)\//.test(l));
  const fromIntune = {};
  const optionalIntune = {};
  for (const r of rows.slice(1)) {
    const [title, uri, type, value] = r.replace(/^\| | \|$/g, '').split(/ (?<!\\)\| /).map((c) => c.trim().replace(/\\\|/g, '|'));
    const m = uri.match(/^\.\/(?:Device|User)\/Vendor\/MSFT\/Policy\/Config\/PostCheck~Policy~PostCheck_GoogleChrome\/(\w+)$/);
    const target = title.startsWith('(optional) ') ? optionalIntune : fromIntune;
    assert.ok(m, `Intune URI ${uri}`);
    assert.equal(type, 'String');
    const name = m[1], s = SCHEMA.properties[name];
    assert.ok(s, `Intune row for unknown setting ${name}`);
    const v = value.replace(/^`|`$/g, '');
    if (s.type === 'boolean') { target[name] = v === '<enabled/>'; continue; }
    const dm = v.match(/^<enabled\/><data id="(\w+)" value="([^"]*)"\/>$/);
    assert.ok(dm, `Intune value ${v}`);
    assert.equal(dm[1], name, 'data id is the ADMX element id');
    const raw = dm[2].replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    const parts = raw === '' ? [] : raw.split('&#xF000;');
    if (s.type === 'array') target[name] = parts;
    else if (s.type === 'object') target[name] = Object.fromEntries(parts.flatMap((x, i) => (i % 2 ? [] : [[x, parts[i + 1]]])));
    else if (s.type === 'integer') target[name] = Number(raw);
    else target[name] = raw;
  }
  assert.match(rows[0], /ADMXInstall\/PostCheck\/Policy\//);
  noProblems(fromIntune, 'Intune rows');
  noProblems(optionalIntune, 'optional Intune rows');
  assert.deepEqual(fromIntune, settings, 'Intune rows say the same as the generator');

  const mc = plist(path.join(dir, 'macos/postcheck-settings.mobileconfig'));
  assert.equal(mc.PayloadType, 'Configuration');
  const domains = Object.fromEntries(mc.PayloadContent.map((p) => Object.entries(p.PayloadContent)[0]));
  for (const domain of [`com.google.Chrome.extensions.${chromeId}`, `com.microsoft.Edge.extensions.${edgeId}`]) {
    const v = domains[domain]?.Forced?.[0]?.mcx_preference_settings;
    assert.ok(v, `mobileconfig has ${domain}`);
    noProblems(v, `mobileconfig ${domain}`);
    assert.deepEqual(v, settings);
  }
  const uuids = mc.PayloadContent.map((p) => p.PayloadUUID).concat(mc.PayloadUUID);
  assert.equal(new Set(uuids).size, uuids.length, 'payload UUIDs are distinct');
  const inst = plist(path.join(dir, 'macos/postcheck-force-install.mobileconfig'));
  const instDomains = Object.fromEntries(inst.PayloadContent.map((p) => Object.entries(p.PayloadContent)[0]));
  assert.equal(instDomains['com.google.Chrome'].Forced[0].mcx_preference_settings.ExtensionSettings[chromeId].update_url, chromeUpdate);
  assert.equal(instDomains['com.microsoft.Edge'].Forced[0].mcx_preference_settings.ExtensionSettings[edgeId].update_url, edgeUpdate);

  for (const [rel, id, update] of [['linux/chrome-postcheck.json', chromeId, chromeUpdate], ['linux/edge-postcheck.json', edgeId, edgeUpdate]]) {
    const j = JSON.parse(read(rel));
    assert.deepEqual(Object.keys(j).sort(), ['3rdparty', 'ExtensionSettings']);
    assert.deepEqual(Object.keys(j['3rdparty'].extensions), [id]);
    noProblems(j['3rdparty'].extensions[id], rel);
    assert.deepEqual(j['3rdparty'].extensions[id], settings);
    assert.equal(j.ExtensionSettings[id].installation_mode, 'force_installed');
    assert.equal(j.ExtensionSettings[id].update_url, update);
  }
  const ff = JSON.parse(read('firefox/policies.json')).policies;
  assert.deepEqual(Object.keys(ff['3rdparty'].Extensions), [geckoId]);
  noProblems(ff['3rdparty'].Extensions[geckoId], 'firefox/policies.json');
  assert.deepEqual(ff['3rdparty'].Extensions[geckoId], settings);
  assert.equal(ff.ExtensionSettings[geckoId].installation_mode, 'force_installed');

  const ref = read('settings-reference.md');
  for (const k of Object.keys(SCHEMA.properties)) assert.match(ref, new RegExp(`\\| \`${k}\` \\|`), `reference lists ${k}`);
}

// ---- tests ----

test('the managed schema is one Chromium can load', () => {
  assert.deepEqual(schemaProblems(SCHEMA), []);
});

test('the validator rejects what Chromium would drop (so the checks below can fail)', () => {
  assert.notDeepEqual(validate({ mode: 'strict' }, SCHEMA), []);
  assert.notDeepEqual(validate({ watchedSites: 'a.example' }, SCHEMA), []);
  assert.notDeepEqual(validate({ watchedSites: ['a', 3] }, SCHEMA), []);
  assert.notDeepEqual(validate({ severityOverrides: { 'x.y': 'fatal' } }, SCHEMA), []);
  assert.notDeepEqual(validate({ rulesetUpdateHours: 0 }, SCHEMA), []);
  assert.notDeepEqual(validate({ rulesetUpdateHours: 1.5 }, SCHEMA), []);
  assert.notDeepEqual(validate({ allowUserSettings: 1 }, SCHEMA), []);
  assert.notDeepEqual(validate({ trustprofile: 'bht' }, SCHEMA), [], 'misspelt key');
  assert.notDeepEqual(schemaProblems({ type: 'object', additionalProperties: false, properties: {} }), []);
  assert.notDeepEqual(schemaProblems({ type: 'object', properties: { a: { type: ['string', 'null'] } } }), []);
  assert.notDeepEqual(schemaProblems({ type: 'object', properties: { a: { oneOf: [{ type: 'string' }] } } }), []);
});

test('docs/admin is fresh: regenerating from the schema changes nothing', () => {
  const r = spawnSync('node', [GEN, '--check'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});

test('the committed templates validate against the schema in every format', () => {
  const g = generate();
  checkSet(path.join(REPO, 'docs/admin'), { settings: g.settings, chromeId: 'CHROME_EXTENSION_ID', edgeId: 'EDGE_EXTENSION_ID', geckoId: g.config.geckoId,
    chromeUpdate: 'https://clients2.google.com/service/update2/crx', edgeUpdate: 'https://edge.microsoft.com/extensionwebstorebase/v1/crx' });
});

test('a Trust\'s own config (self-hosted, every setting set) generates valid files in every format', () => {
  const settings = {
    trustProfile: 'ndht', mode: 'block', watchedSites: ['mastodon.nhs.example', 'intranet.trust.nhs.uk'], replaceDefaultSites: true,
    disabledRules: ['commercial_gain.*', 'trust_branding.uniform_photo'], severityOverrides: { 'commercial_gain.discount_affiliate': 'block', 'offensive_content.profanity': 'warn' },
    sensitivity: 'high', commsPhone: '01271 "322577"', commsEmail: 'comms@ndht.example', commsUrl: 'https://x.example/a?b=1&c=<2>', raisingConcernsUrl: 'https://x.example/ftsu',
    policyUrl: 'https://x.example/policy\\sm', allowUserSettings: false, rulesetUrl: 'https://x.example/r.json', rulesetPublicKey: 'A'.repeat(43) + '=',
    rulesetUpdateHours: 168,
  };
  for (const k of Object.keys(SCHEMA.properties)) assert.ok(k in settings, `this test sets every schema key; add ${k}`);
  const config = { chromeId: 'abcdefghijklmnopabcdefghijklmnop', edgeId: 'ponmlkjihgfedcbaponmlkjihgfedcba', geckoId: 'postcheck@trust.example',
    install: 'self-hosted', updateUrl: 'https://apps.trust.example/postcheck/updates.xml', firefoxInstallUrl: 'https://apps.trust.example/postcheck/postcheck-latest.xpi', settings };
  fs.writeFileSync(path.join(tmp, 'trust.json'), JSON.stringify(config));
  const r = spawnSync('node', [GEN, '--config', path.join(tmp, 'trust.json'), '--out', path.join(tmp, 'trust')], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  checkSet(path.join(tmp, 'trust'), { settings, chromeId: config.chromeId, edgeId: config.edgeId, geckoId: config.geckoId,
    chromeUpdate: config.updateUrl, edgeUpdate: config.updateUrl });
  const linux = JSON.parse(fs.readFileSync(path.join(tmp, 'trust/linux/chrome-postcheck.json'), 'utf8'));
  assert.equal(linux.ExtensionSettings[config.chromeId].override_update_url, true);
});

test('gen-admin refuses settings the browser would drop', () => {
  fs.writeFileSync(path.join(tmp, 'bad.json'), JSON.stringify({ settings: { mode: 'strict', trustprofile: 'bht' } }));
  const r = spawnSync('node', [GEN, '--config', path.join(tmp, 'bad.json'), '--out', path.join(tmp, 'bad')], { encoding: 'utf8' });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /\$\.mode/);
  assert.match(r.stderr, /unknown setting "trustprofile"/);
  assert.equal(fs.existsSync(path.join(tmp, 'bad')), false, 'nothing written');
});

// I3: a policy key the extension never reads is a promise to administrators that nothing keeps (hideFirstRunPage was one).
test('every managed setting in the schema is read by the extension code', () => {
  const src = (dir) => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => e.isDirectory() ? src(path.join(dir, e.name))
    : /\.js$/.test(e.name) ? [fs.readFileSync(path.join(dir, e.name), 'utf8')] : []);
  const code = src(path.join(REPO, 'extension/src'));
  // Reads beyond the DEFAULTS table: settings.js only declares them, so it does not count as a use.
  const uses = code.map((t) => t.replace(/export const DEFAULTS = Object\.freeze\(\{[\s\S]*?\}\);/, '')).join('\n');
  const unread = Object.keys(SCHEMA.properties).filter((k) => !new RegExp(`\\b${k}\\b`).test(uses));
  assert.deepEqual(unread, []);
});

// ---- checked against the settings reference, key by key ----

const referenceKeys = (dir) => [...fs.readFileSync(path.join(dir, 'settings-reference.md'), 'utf8').matchAll(/^\| `(\w+)` \|/gm)].map((m) => m[1]).sort();

test('every key of the settings reference has an ADMX policy, an Intune row and a macOS entry', () => {
  const dir = path.join(REPO, 'docs/admin');
  const keys = referenceKeys(dir);
  assert.deepEqual(keys, Object.keys(SCHEMA.properties).sort(), 'the reference lists the schema');
  for (const slug of ['chrome', 'edge']) {
    const d = admxDump(path.join(dir, `windows/admx/postcheck-${slug}.admx`), path.join(dir, `windows/admx/en-US/postcheck-${slug}.adml`));
    assert.deepEqual(d.policies.map((p) => p.name).sort(), keys, `${slug} ADMX`);
  }
  const intune = [...fs.readFileSync(path.join(dir, 'windows/intune-oma-uri.md'), 'utf8').matchAll(/PostCheck_GoogleChrome\/(\w+) \|/g)].map((m) => m[1]).sort();
  assert.deepEqual(intune, keys, 'one Intune row per setting (set or optional)');
  const mc = fs.readFileSync(path.join(dir, 'macos/postcheck-settings.mobileconfig'), 'utf8');
  const mcKeys = new Set([...mc.matchAll(/<key>(\w+)<\/key>/g), ...mc.matchAll(/optional: (\w+) \(/g)].map((m) => m[1]));
  for (const k of keys) assert.ok(mcKeys.has(k), `macOS profile names ${k}`);
});

test('ADMX policies can be set per user, except the update source and its key', () => {
  const admx = fs.readFileSync(path.join(REPO, 'docs/admin/windows/admx/postcheck-chrome.admx'), 'utf8');
  const classes = Object.fromEntries([...admx.matchAll(/<policy name="(\w+)" class="(\w+)"/g)].map((m) => [m[1], m[2]]));
  for (const k of Object.keys(SCHEMA.properties)) {
    assert.equal(classes[k], ['rulesetUrl', 'rulesetPublicKey', 'rulesetUpdateHours'].includes(k) ? 'Machine' : 'Both', k);
  }
});

test('every rule id named in the admin files and the admin guide is a real rule', () => {
  const index = rulesetIndex();
  const categories = ['patient_confidentiality', 'personal_identifiers', 'representing_trust', 'personal_views_disclaimer', 'bullying_harassment',
    'offensive_content', 'patient_relationship', 'raising_concerns', 'commercial_gain', 'media_contact', 'confidential_business', 'trust_branding'];
  const idRe = new RegExp(`\\b(?:${categories.join('|')})\\.(?:\\*|[a-z0-9_]+)`, 'g');
  const files = [];
  (function walk(d) { for (const e of fs.readdirSync(d, { withFileTypes: true })) e.isDirectory() ? walk(path.join(d, e.name)) : files.push(path.join(d, e.name)); })(path.join(REPO, 'docs/admin'));
  files.push(path.join(REPO, 'extension/managed_schema.json'));
  let seen = 0;
  for (const f of files) {
    for (const [id] of fs.readFileSync(f, 'utf8').matchAll(idRe)) {
      seen++;
      if (id.endsWith('.*')) continue;
      assert.ok(index.ruleIds.includes(id), `${path.relative(REPO, f)} names ${id}, which is not a rule`);
    }
  }
  assert.ok(seen >= 5, `the admin files name rule ids (${seen})`);
});

test('gen-admin refuses the guide\'s placeholder ids, a wrong-case Trust profile and unknown rule ids, writing nothing', () => {
  fs.writeFileSync(path.join(tmp, 'placeholder.json'), JSON.stringify({ chromeId: '<id from the Chrome Web Store>', edgeId: '<id from Edge Add-ons>', install: 'store',
    settings: { trustProfile: 'NDHT', disabledRules: ['commercial_gain.discount_code'], severityOverrides: { 'media_contact.press': 'info' } } }));
  const r = spawnSync('node', [GEN, '--config', path.join(tmp, 'placeholder.json'), '--out', path.join(tmp, 'placeholder')], { encoding: 'utf8' });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /chromeId "<id from the Chrome Web Store>" is not an extension id/);
  assert.match(r.stderr, /edgeId "<id from Edge Add-ons>" is not an extension id/);
  assert.match(r.stderr, /trustProfile "NDHT" is not a Trust profile in the ruleset \(did you mean "ndht"\?\)/);
  assert.match(r.stderr, /disabledRules: "commercial_gain\.discount_code" is not a rule id/);
  assert.match(r.stderr, /severityOverrides: "media_contact\.press" is not a rule id/);
  assert.match(r.stderr, /firefoxInstallUrl .* is a placeholder/);
  assert.equal(fs.existsSync(path.join(tmp, 'placeholder')), false, 'nothing written');
  const h = spawnSync('node', [GEN, '--help'], { encoding: 'utf8' });
  assert.equal(h.status, 0);
  assert.match(h.stdout, /usage: node scripts\/gen-admin\.mjs/);
});

test('a comms-team set gets its own macOS identifiers and per-user scope; the staff set keeps its own', () => {
  const base = { chromeId: 'abcdefghijklmnopabcdefghijklmnop', edgeId: 'ponmlkjihgfedcbaponmlkjihgfedcba', install: 'store',
    firefoxInstallUrl: 'https://apps.trust.example/postcheck/postcheck-latest.xpi' };
  const make = (name, extra) => {
    fs.writeFileSync(path.join(tmp, `${name}.json`), JSON.stringify({ ...base, ...extra }));
    const r = spawnSync('node', [GEN, '--config', path.join(tmp, `${name}.json`), '--out', path.join(tmp, name)], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return (rel) => path.join(tmp, name, rel);
  };
  const staff = make('staff', { settings: { trustProfile: 'bht', mode: 'block', allowUserSettings: false, sensitivity: 'medium' } });
  const comms = make('comms', { profile: 'comms', scope: 'user', settings: { trustProfile: 'bht', disabledRules: ['representing_trust.*'] } });
  const again = make('comms2', { profile: 'comms', scope: 'user', settings: { trustProfile: 'bht', disabledRules: ['representing_trust.*'] } });
  for (const rel of ['macos/postcheck-settings.mobileconfig', 'macos/postcheck-force-install.mobileconfig']) {
    const ids = (f) => { const p = plist(f); return [p.PayloadIdentifier, p.PayloadUUID, ...p.PayloadContent.flatMap((c) => [c.PayloadIdentifier, c.PayloadUUID])]; };
    const a = ids(staff(rel)), b = ids(comms(rel));
    for (const x of b) assert.ok(!a.includes(x), `${rel}: comms ${x} differs from every staff identifier`);
    assert.deepEqual(ids(again(rel)), b, `${rel}: regenerating the comms set keeps its identifiers (so MDM updates it in place)`);
  }
  assert.equal(plist(comms('macos/postcheck-settings.mobileconfig')).PayloadScope, 'User');
  assert.equal(plist(staff('macos/postcheck-settings.mobileconfig')).PayloadScope, 'System');
  const reg = fs.readFileSync(comms('windows/chrome-extension-settings.reg'), 'utf8');
  assert.match(reg, /\[HKEY_CURRENT_USER\\Software\\Policies\\Google\\Chrome\\3rdparty\\extensions\\abcdefghijklmnopabcdefghijklmnop\\policy\\disabledRules\]\r\n"1"="representing_trust\.\*"/);
  const oma = fs.readFileSync(comms('windows/intune-oma-uri.md'), 'utf8');
  assert.match(oma, /\| \.\/User\/Vendor\/MSFT\/Policy\/Config\/PostCheck~Policy~PostCheck_GoogleChrome\/disabledRules \|/);
  assert.match(fs.readFileSync(staff('windows/chrome-extension-settings.reg'), 'utf8'), /\[HKEY_LOCAL_MACHINE\\/);
});
