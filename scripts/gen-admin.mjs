#!/usr/bin/env node
// Generates every ready-to-edit admin file in docs/admin/ (registry, ADMX/ADML, Intune, macOS, Linux, Firefox) from extension/managed_schema.json, so they cannot drift from the schema.
//
//   node scripts/gen-admin.mjs                      rewrite docs/admin/ with placeholder ids and example settings
//   node scripts/gen-admin.mjs --check              exit 1 if docs/admin/ is stale (tests/deploy runs this)
//   node scripts/gen-admin.mjs --config my-trust.json --out DIR
//        config: {"chromeId", "edgeId", "geckoId", "install": "store"|"self-hosted", "updateUrl", "firefoxInstallUrl",
//                 "profile": "staff"|"comms"|..., "scope": "machine"|"user", "settings": {...managed settings...}}:
//        a Trust's own files with real ids and values. Placeholder ids, unknown Trust profiles and unknown rule ids
//        are refused. "profile" names the set (macOS profiles of different sets get different identifiers, so a
//        comms-team profile does not replace the staff one); "scope": "user" writes per-user registry files and
//        user-channel macOS profiles, for settings that follow a group of people (docs/admin/README.md).
//   node scripts/gen-admin.mjs --help
//
// Every file is written from one settings object, so all formats say the same thing; tests/deploy reads each
// format back with an independent parser and validates the result against the schema.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { schemaProblems, validate } from './package/chromium-schema.mjs';
import { rulesetIndex } from './ruleset-bundle.mjs';
import { loadVerifier } from './sign-ruleset.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SCHEMA_PATH = path.join(REPO, 'extension/managed_schema.json');

export const CHROME_STORE_UPDATE_URL = 'https://clients2.google.com/service/update2/crx';
export const EDGE_STORE_UPDATE_URL = 'https://edge.microsoft.com/extensionwebstorebase/v1/crx';
export const CHROME_POLICY_KEY = 'Software\\Policies\\Google\\Chrome';
export const EDGE_POLICY_KEY = 'Software\\Policies\\Microsoft\\Edge';

// Example values for the committed templates. "on": written as active settings; otherwise shown commented out
// where the format has comments. A schema key missing here still gets a type-derived example (off), so a new
// schema key never breaks generation; the freshness check then asks for this file to be rerun.
const EXAMPLES = {
  trustProfile: { value: 'bht', on: true },
  mode: { value: 'warn', on: true },
  sensitivity: { value: 'medium', on: true },
  watchedSites: { value: [], sample: ['intranet.trust.nhs.uk'], on: true },
  replaceDefaultSites: { value: false, on: false },
  disabledRules: { value: [], sample: ['commercial_gain.discount_affiliate'], on: true },
  severityOverrides: { value: {}, sample: { 'offensive_content.profanity': 'warn' }, on: false },
  commsPhone: { value: '01234 567890', on: false },
  commsEmail: { value: 'communications@trust.nhs.uk', on: false },
  commsUrl: { value: 'https://intranet.trust.nhs.uk/communications', on: false },
  raisingConcernsUrl: { value: 'https://intranet.trust.nhs.uk/freedom-to-speak-up', on: false },
  policyUrl: { value: 'https://intranet.trust.nhs.uk/policies/social-media', on: false },
  allowUserSettings: { value: true, on: true },
  rulesetUrl: { value: 'https://apps.trust.nhs.uk/postcheck/ruleset.signed.json', on: false },
  rulesetPublicKey: { value: 'BASE64_RAW_ED25519_PUBLIC_KEY_FROM_sign-ruleset_keygen=', on: false },
  rulesetUpdateHours: { value: 24, on: false },
};

export const DEFAULT_CONFIG = {
  chromeId: 'CHROME_EXTENSION_ID',
  edgeId: 'EDGE_EXTENSION_ID',
  geckoId: '',            // read from the Firefox manifest when empty
  install: 'store',
  updateUrl: '',          // self-hosted: https://your-server/postcheck/updates.xml
  firefoxInstallUrl: 'https://REPLACE-WITH-YOUR-SERVER/postcheck/postcheck-latest.xpi',
  profile: 'staff',       // names this set of files; a second set (e.g. "comms") gets its own macOS identifiers
  scope: 'machine',       // "user": per-user registry and macOS profiles, for settings that follow people
  settings: null,         // null: the examples above
};

// Settings that stay machine-wide in the ADMX (the update source and its trust anchor are the device's, not a
// person's); every other setting can also be set per user, so it can follow a group such as the comms team.
export const MACHINE_ONLY = ['rulesetUrl', 'rulesetPublicKey', 'rulesetUpdateHours'];

// "<id from the Chrome Web Store>", REPLACE-WITH-..., CHROME_EXTENSION_ID and the example key: values left for a person to fill in.
const PLACEHOLDER = /<[^<>]*[ _][^<>]*>|REPLACE|_EXTENSION_ID$|GECKO_ID_FROM|BASE64_RAW_ED25519/i;

// Names in the settings that the ruleset must know: the Trust profile and rule ids. Returns plain problems.
export function rulesetProblems(settings, index = rulesetIndex()) {
  const out = [];
  const near = (word, list) => {
    const lower = word.toLowerCase();
    const hit = list.find((x) => x.toLowerCase() === lower) || list.find((x) => lower.length > 4 && x.toLowerCase().startsWith(lower.slice(0, -2)));
    return hit ? ` (did you mean "${hit}"?)` : '';
  };
  if (settings.trustProfile !== undefined && settings.trustProfile !== '' && !index.trustIds.includes(settings.trustProfile)) {
    out.push(`trustProfile "${settings.trustProfile}" is not a Trust profile in the ruleset${near(settings.trustProfile, index.trustIds)}; ` +
      `use one of: ${index.trustIds.join(', ')} (letter case matters)`);
  }
  const known = (id) => (id.endsWith('.*') ? index.categories.includes(id.slice(0, -2)) : index.ruleIds.includes(id));
  for (const id of settings.disabledRules || []) {
    if (!known(id)) out.push(`disabledRules: "${id}" is not a rule id or category.* in the ruleset${near(id, index.ruleIds)} (ids: rules/CATALOG.md)`);
  }
  for (const id of Object.keys(settings.severityOverrides || {})) {
    if (!index.ruleIds.includes(id)) out.push(`severityOverrides: "${id}" is not a rule id in the ruleset${near(id, index.ruleIds)} (ids: rules/CATALOG.md)`);
  }
  return out;
}

// A Trust's own config must carry real ids and values: a placeholder left in would deploy a policy for no extension.
function placeholderProblems(config, settings) {
  const out = [];
  for (const k of ['chromeId', 'edgeId']) {
    if (!/^[a-p]{32}$/.test(config[k] || '')) {
      out.push(`${k} "${config[k]}" is not an extension id (32 letters a-p): use the id from the store listing, or for self-hosting the selfHostedId in build/packages/extension-ids.json`);
    }
  }
  if (config.geckoId && PLACEHOLDER.test(config.geckoId)) out.push(`geckoId "${config.geckoId}" is a placeholder: leave it out to use the id in the Firefox manifest`);
  for (const k of ['updateUrl', 'firefoxInstallUrl']) {
    const v = config[k];
    if (!v) continue;
    if (PLACEHOLDER.test(v)) out.push(`${k} "${v}" is a placeholder: give your server's https address`);
    else if (!/^https:\/\//.test(v)) out.push(`${k} "${v}" must be an https:// address`);
  }
  for (const [k, v] of Object.entries(settings)) {
    if (typeof v === 'string' && PLACEHOLDER.test(v)) out.push(`settings.${k} "${v}" is a placeholder: put the real value, or leave the setting out`);
  }
  if (settings.rulesetUrl && !/^https:\/\//.test(settings.rulesetUrl)) out.push('settings.rulesetUrl must be an https:// address');
  if (settings.rulesetPublicKey && !PLACEHOLDER.test(settings.rulesetPublicKey)) {
    const parsed = loadVerifier().parseKeys(settings.rulesetPublicKey);
    if (parsed.error) out.push(`settings.rulesetPublicKey: ${parsed.error} (node scripts/sign-ruleset.mjs pubkey prints it)`);
  }
  if (!/^[a-z0-9-]{1,32}$/.test(config.profile)) out.push(`profile "${config.profile}" must be a short name in lower case, such as "staff" or "comms"`);
  if (!['machine', 'user'].includes(config.scope)) out.push(`scope "${config.scope}" must be "machine" or "user"`);
  return out;
}

// Advice that is not an error. Block mode locks trustProfile, sensitivity and disabledRules at their policy values, or
// at the defaults when policy leaves them out (docs/admin/README.md 7a); the default profile is the ruleset's first.
export function strictnessWarnings(settings) {
  const out = [];
  if (settings.mode === 'block' && !settings.trustProfile) {
    out.push('mode is "block" but trustProfile is not set: everyone gets the ruleset\'s first Trust profile and cannot change it. Set trustProfile.');
  }
  return out;
}

function typeExample(s) {
  if (s.enum) return s.enum[0];
  return { string: '', boolean: false, integer: s.minimum ?? 0, number: s.minimum ?? 0, array: [], object: {} }[s.type];
}

export function readSchema() { return JSON.parse(fs.readFileSync(SCHEMA_PATH, 'utf8')); }

// The Firefox gecko id is fixed in the Firefox manifest (extension engineer's file): read, never repeated.
export function geckoIdFromManifests() {
  // extension/manifest*.json, or a per-browser overlay extension/platform/<browser>/manifest.json.
  const dir = path.join(REPO, 'extension');
  const candidates = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /^manifest(\.[\w-]+)?\.json$/.test(f)).sort() : [];
  const platforms = path.join(dir, 'platform');
  if (fs.existsSync(platforms)) {
    for (const b of fs.readdirSync(platforms).sort()) if (fs.existsSync(path.join(platforms, b, 'manifest.json'))) candidates.push(`platform/${b}/manifest.json`);
  }
  for (const f of candidates) {
    try {
      const m = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
      const id = m?.browser_specific_settings?.gecko?.id;
      if (id) return id;
    } catch { /* a manifest template that is not plain JSON: skip */ }
  }
  return 'GECKO_ID_FROM_FIREFOX_MANIFEST';
}

// ---- small writers -------------------------------------------------------------------------------

const xml = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const regStr = (s) => `"${String(s).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
const dword = (n) => `dword:${(n >>> 0).toString(16).padStart(8, '0')}`;
const crlf = (text) => text.replace(/\r?\n/g, '\r\n');
const uuidFor = (name) => {
  const h = crypto.createHash('sha256').update(`postcheck:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`.toUpperCase();
};

// Registry lines for one settings object under KEY (Chrome's registry reader maps lists to a subkey with values
// "1", "2", ..., objects to a subkey with named values, booleans and integers to DWORDs).
function regBlock(root, settings, schema, commentedOut) {
  const main = [];
  const subkeys = [];
  for (const [k, s] of Object.entries(schema.properties)) {
    const active = k in settings;
    const v = active ? settings[k] : commentedOut[k];
    if (v === undefined) continue;
    const p = active ? '' : ';';
    main.push(`; ${k}: ${s.title || k}${s.enum ? ` (${s.enum.join(' | ')})` : ''}`);
    if (s.type === 'array' || s.type === 'object') {
      const entries = s.type === 'array' ? v.map((x, i) => [String(i + 1), x]) : Object.entries(v);
      const sample = s.type === 'array' ? (EXAMPLES[k]?.sample || []).map((x, i) => [String(i + 1), x]) : Object.entries(EXAMPLES[k]?.sample || {});
      main.push(`;   values in the subkey ${k} below`);
      const lines = [`${p}[${root}\\${k}]`];
      for (const [name, x] of entries) lines.push(`${p}${regStr(name)}=${regStr(x)}`);
      if (entries.length === 0) for (const [name, x] of sample) lines.push(`;${regStr(name)}=${regStr(x)}`);
      subkeys.push(lines.join('\n'));
    } else if (s.type === 'boolean') {
      main.push(`${p}${regStr(k)}=${dword(v ? 1 : 0)}`);
    } else if (s.type === 'integer') {
      main.push(`${p}${regStr(k)}=${dword(v)}`);
    } else {
      main.push(`${p}${regStr(k)}=${regStr(v)}`);
    }
  }
  return [`[${root}]`, ...main, '', ...subkeys.flatMap((b) => [b, ''])].join('\n');
}

function plistValue(v, indent) {
  const pad = '\t'.repeat(indent);
  if (typeof v === 'boolean') return `${pad}<${v}/>`;
  if (Number.isInteger(v)) return `${pad}<integer>${v}</integer>`;
  if (typeof v === 'string') return `${pad}<string>${xml(v)}</string>`;
  if (Array.isArray(v)) return v.length ? `${pad}<array>\n${v.map((x) => plistValue(x, indent + 1)).join('\n')}\n${pad}</array>` : `${pad}<array/>`;
  const keys = Object.keys(v);
  if (!keys.length) return `${pad}<dict/>`;
  return `${pad}<dict>\n${keys.map((k) => `${pad}\t<key>${xml(k)}</key>\n${plistValue(v[k], indent + 1)}`).join('\n')}\n${pad}</dict>`;
}

// A Forced managed-preferences payload for one preference domain (how macOS MDM delivers Chrome/Edge policy).
function mcxPayload(domain, settings, name, comments = [], identity = { prefix: 'uk.nhs.postcheck', salt: '' }) {
  const body = plistValue(settings, 5);
  const notes = comments.length ? `\n${comments.map((c) => `\t\t\t\t\t\t\t<!-- ${c.replace(/--/g, '- -')} -->`).join('\n')}` : '';
  return `\t\t<dict>
\t\t\t<key>PayloadType</key>
\t\t\t<string>com.apple.ManagedClient.preferences</string>
\t\t\t<key>PayloadVersion</key>
\t\t\t<integer>1</integer>
\t\t\t<key>PayloadIdentifier</key>
\t\t\t<string>${identity.prefix}.${name}</string>
\t\t\t<key>PayloadUUID</key>
\t\t\t<string>${uuidFor(`${identity.salt}${name}`)}</string>
\t\t\t<key>PayloadDisplayName</key>
\t\t\t<string>${xml(domain)}</string>
\t\t\t<key>PayloadContent</key>
\t\t\t<dict>
\t\t\t\t<key>${xml(domain)}</key>
\t\t\t\t<dict>
\t\t\t\t\t<key>Forced</key>
\t\t\t\t\t<array>
\t\t\t\t\t\t<dict>
\t\t\t\t\t\t\t<key>mcx_preference_settings</key>${notes}
${body.replace(/^\t{5}/gm, '\t\t\t\t\t\t\t')}
\t\t\t\t\t\t</dict>
\t\t\t\t\t</array>
\t\t\t\t</dict>
\t\t\t</dict>
\t\t</dict>`;
}

function mobileconfig(name, displayName, description, payloads, identity = { prefix: 'uk.nhs.postcheck', salt: '' }, scope = 'System') {
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<!-- Generated by scripts/gen-admin.mjs from extension/managed_schema.json: edit values, or regenerate with your ids. -->
<plist version="1.0">
<dict>
\t<key>PayloadType</key>
\t<string>Configuration</string>
\t<key>PayloadVersion</key>
\t<integer>1</integer>
\t<key>PayloadIdentifier</key>
\t<string>${identity.prefix}.${name}</string>
\t<key>PayloadUUID</key>
\t<string>${uuidFor(`${identity.salt}${name}-profile`)}</string>
\t<key>PayloadDisplayName</key>
\t<string>${xml(displayName)}</string>
\t<key>PayloadDescription</key>
\t<string>${xml(description)}</string>
\t<key>PayloadScope</key>
\t<string>${scope}</string>
\t<key>PayloadContent</key>
\t<array>
${payloads.join('\n')}
\t</array>
</dict>
</plist>
`;
}

// ---- ADMX / ADML ---------------------------------------------------------------------------------

export function admxPolicyKey(browserKey, id) { return `${browserKey}\\3rdparty\\extensions\\${id}\\policy`; }

function admx(browser, key, schema) {
  const ns = `postcheck_${browser.slug}`;
  const cat = `PostCheck_${browser.label.replace(/\W/g, '')}`;
  const policies = Object.entries(schema.properties).map(([k, s]) => {
    let elements = '';
    let extra = '';
    if (s.type === 'boolean') {
      extra = `\n      <enabledValue><decimal value="1"/></enabledValue>\n      <disabledValue><decimal value="0"/></disabledValue>`;
    } else if (s.type === 'string' && s.enum) {
      elements = `<enum id="${k}" valueName="${k}" required="true">\n${s.enum.map((v) => `          <item displayName="$(string.${k}_${v})"><value><string>${xml(v)}</string></value></item>`).join('\n')}\n        </enum>`;
    } else if (s.type === 'string') {
      elements = `<text id="${k}" valueName="${k}" maxLength="2048" required="true"/>`;
    } else if (s.type === 'integer') {
      elements = `<decimal id="${k}" valueName="${k}" required="true"${s.minimum !== undefined ? ` minValue="${s.minimum}"` : ''}${s.maximum !== undefined ? ` maxValue="${s.maximum}"` : ''}/>`;
    } else if (s.type === 'array') {
      elements = `<list id="${k}" key="${xml(key)}\\${k}" valuePrefix=""/>`;
    } else if (s.type === 'object') {
      elements = `<list id="${k}" key="${xml(key)}\\${k}" explicitValue="true"/>`;
    } else {
      throw new Error(`gen-admin: no ADMX mapping for ${k} (type ${s.type})`);
    }
    const presentation = s.type === 'boolean' ? '' : ` presentation="$(presentation.${k})"`;
    const scope = MACHINE_ONLY.includes(k) ? 'Machine' : 'Both';
    return `    <policy name="${k}" class="${scope}" displayName="$(string.${k})" explainText="$(string.${k}_Explain)"${presentation} key="${xml(key)}"${s.type === 'boolean' ? ` valueName="${k}"` : ''}>
      <parentCategory ref="${cat}"/>
      <supportedOn ref="SUPPORTED_PostCheck"/>${extra}${elements ? `\n      <elements>\n        ${elements}\n      </elements>` : ''}
    </policy>`;
  });
  return crlf(`<?xml version="1.0" encoding="utf-8"?>
<!-- Generated by scripts/gen-admin.mjs from extension/managed_schema.json. PostCheck settings for ${browser.label}; the key names the extension id. -->
<policyDefinitions xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" revision="1.0" schemaVersion="1.0" xmlns="http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions">
  <policyNamespaces>
    <target prefix="${ns}" namespace="NHS.Policies.PostCheck.${browser.label.replace(/\W/g, '')}"/>
  </policyNamespaces>
  <resources minRequiredRevision="1.0"/>
  <supportedOn>
    <definitions>
      <definition name="SUPPORTED_PostCheck" displayName="$(string.SUPPORTED_PostCheck)"/>
    </definitions>
  </supportedOn>
  <categories>
    <category name="${cat}" displayName="$(string.${cat})"/>
  </categories>
  <policies>
${policies.join('\n')}
  </policies>
</policyDefinitions>
`);
}

function adml(browser, schema) {
  const cat = `PostCheck_${browser.label.replace(/\W/g, '')}`;
  const strings = [
    ['SUPPORTED_PostCheck', `PostCheck extension in ${browser.label}`],
    [cat, `PostCheck (${browser.label})`],
  ];
  const presentations = [];
  for (const [k, s] of Object.entries(schema.properties)) {
    strings.push([k, s.title || k]);
    const allowed = s.enum ? ` Allowed values: ${s.enum.join(', ')}.` : '';
    const range = s.minimum !== undefined || s.maximum !== undefined ? ` Range: ${s.minimum ?? ''}-${s.maximum ?? ''}.` : '';
    const how = s.type === 'array' ? ' Enter one value per line.' : s.type === 'object' ? ' Enter one name and value per row.' : s.type === 'boolean' ? ' Enabled = true, Disabled = false.' : '';
    strings.push([`${k}_Explain`, `${s.description || s.title || k}${allowed}${range}${how} (managed setting "${k}")`]);
    if (s.enum) for (const v of s.enum) strings.push([`${k}_${v}`, v]);
    const label = xml(s.title || k);
    if (s.type === 'string' && s.enum) presentations.push(`        <presentation id="${k}"><dropdownList refId="${k}" noSort="true">${label}</dropdownList></presentation>`);
    else if (s.type === 'string') presentations.push(`        <presentation id="${k}"><textBox refId="${k}"><label>${label}</label></textBox></presentation>`);
    else if (s.type === 'integer') presentations.push(`        <presentation id="${k}"><decimalTextBox refId="${k}">${label}</decimalTextBox></presentation>`);
    else if (s.type === 'array' || s.type === 'object') presentations.push(`        <presentation id="${k}"><listBox refId="${k}">${label}</listBox></presentation>`);
  }
  return crlf(`<?xml version="1.0" encoding="utf-8"?>
<!-- Generated by scripts/gen-admin.mjs from extension/managed_schema.json. -->
<policyDefinitionResources xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" revision="1.0" schemaVersion="1.0" xmlns="http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions">
  <displayName>PostCheck (${browser.label})</displayName>
  <description>Settings of the PostCheck extension in ${browser.label}</description>
  <resources>
    <stringTable>
${strings.map(([id, t]) => `      <string id="${id}">${xml(t)}</string>`).join('\n')}
    </stringTable>
    <presentationTable>
${presentations.join('\n')}
    </presentationTable>
  </resources>
</policyDefinitionResources>
`);
}

// Intune: ADMX-backed policy values (docs: "Win32 and Desktop Bridge app ADMX policy ingestion").
export const INTUNE_APP = 'PostCheck';
function intuneValue(k, s, v) {
  if (s.type === 'boolean') return v ? '<enabled/>' : '<disabled/>';
  if (s.type === 'array') return `<enabled/><data id="${k}" value="${v.map(xml).join('&#xF000;')}"/>`;
  if (s.type === 'object') return `<enabled/><data id="${k}" value="${Object.entries(v).flatMap(([a, b]) => [xml(a), xml(b)]).join('&#xF000;')}"/>`;
  return `<enabled/><data id="${k}" value="${xml(v)}"/>`;
}

// ---- the whole set -------------------------------------------------------------------------------

// strict (a Trust's --config): placeholder ids and values are refused too, not only names the ruleset lacks.
export function generate(configIn = {}, { strict = false, index = rulesetIndex() } = {}) {
  const schema = readSchema();
  const config = { ...DEFAULT_CONFIG, ...configIn };
  const geckoId = config.geckoId || geckoIdFromManifests();
  const props = schema.properties;
  const settings = {};
  const commentedOut = {};
  for (const [k, s] of Object.entries(props)) {
    const ex = EXAMPLES[k] || { value: typeExample(s), on: false };
    if (config.settings) continue;
    if (ex.on) settings[k] = ex.value;
    else commentedOut[k] = ex.value;
  }
  if (config.settings) Object.assign(settings, config.settings);
  // A value the browser would drop silently is an error here, where someone can still see it.
  const problems = [...schemaProblems(schema), ...validate(settings, schema),
    ...Object.entries(commentedOut).flatMap(([k, v]) => validate({ [k]: v }, schema))];
  if (problems.length) throw new Error(`gen-admin: settings do not match extension/managed_schema.json:\n  ${problems.join('\n  ')}`);
  // The extension would quietly ignore an unknown rule id or use no Trust's contacts for an unknown profile: say so here.
  const samples = { disabledRules: [...(settings.disabledRules || []), ...(config.settings ? [] : EXAMPLES.disabledRules.sample)],
    severityOverrides: { ...(settings.severityOverrides || {}), ...(config.settings ? {} : EXAMPLES.severityOverrides.sample) } };
  const named = [...rulesetProblems({ ...settings, ...samples }, index), ...(strict ? placeholderProblems(config, settings) : [])];
  if (named.length) throw new Error(`gen-admin: ${named.length} problem${named.length === 1 ? '' : 's'}; nothing was written:\n  ${named.join('\n  ')}`);
  const userScope = config.scope === 'user';
  const hive = userScope ? 'HKEY_CURRENT_USER' : 'HKEY_LOCAL_MACHINE';
  const identity = { prefix: `uk.nhs.postcheck.${config.profile}`, salt: `${config.profile}:${config.chromeId}:${config.edgeId}:` };
  const selfHosted = config.install === 'self-hosted';
  if (selfHosted && !config.updateUrl) throw new Error('gen-admin: install "self-hosted" needs "updateUrl" (your updates.xml)');
  const chromeUpdate = selfHosted ? config.updateUrl : CHROME_STORE_UPDATE_URL;
  const edgeUpdate = selfHosted ? config.updateUrl : EDGE_STORE_UPDATE_URL;
  const install = (updateUrl) => ({ installation_mode: 'force_installed', update_url: updateUrl, ...(selfHosted ? { override_update_url: true } : {}) });
  const chromeInstall = { [config.chromeId]: install(chromeUpdate) };
  const edgeInstall = { [config.edgeId]: install(edgeUpdate) };
  const files = {};
  const header = (c) => `${c} Generated by scripts/gen-admin.mjs from extension/managed_schema.json: edit values, or regenerate with your ids (docs/admin/README.md).`;

  const browsers = [
    { slug: 'chrome', label: 'Google Chrome', id: config.chromeId, key: CHROME_POLICY_KEY, install: chromeInstall, update: chromeUpdate },
    { slug: 'edge', label: 'Microsoft Edge', id: config.edgeId, key: EDGE_POLICY_KEY, install: edgeInstall, update: edgeUpdate },
  ];
  for (const b of browsers) {
    const root = `${hive}\\${admxPolicyKey(b.key, b.id)}`;
    files[`windows/${b.slug}-extension-settings.reg`] = crlf(`Windows Registry Editor Version 5.00\n\n${header(';')}\n; PostCheck's managed settings for ${b.label} (extension id ${b.id}). Lines starting with ; are optional settings: remove the ; to use them.\n; To remove a setting later, delete its value: importing this file does not delete anything.\n\n${regBlock(root, settings, schema, commentedOut)}`);
    files[`windows/${b.slug}-force-install.reg`] = crlf(`Windows Registry Editor Version 5.00\n\n${header(';')}\n; Force-installs PostCheck in ${b.label} with the ExtensionSettings policy (a JSON string).\n; If you already set ExtensionSettings, merge this entry into your JSON instead: this value replaces it.\n\n[HKEY_LOCAL_MACHINE\\${b.key}]\n"ExtensionSettings"=${regStr(JSON.stringify(b.install))}\n`);
    files[`windows/admx/postcheck-${b.slug}.admx`] = admx(b, admxPolicyKey(b.key, b.id), schema);
    files[`windows/admx/en-US/postcheck-${b.slug}.adml`] = adml(b, schema);
  }

  // Edge's policy key is under Software\Policies\Microsoft, where Intune's ADMX ingestion may not write; a
  // PowerShell script (Intune "Scripts" or a remediation) imports the same .reg content instead.
  const edgeReg = files['windows/edge-extension-settings.reg'];
  files['windows/intune-edge-settings.ps1'] = crlf(`${header('#')}
# Intune platform script (${userScope ? 'run with the logged-on credentials: Yes, 64-bit; assign it to the user group' : 'run as system, 64-bit'}): writes PostCheck's Edge settings, the same values as edge-extension-settings.reg.
$ErrorActionPreference = 'Stop'
$reg = @'
${edgeReg.replace(/\r\n/g, '\n').trimEnd()}
'@
$file = Join-Path $env:TEMP 'postcheck-edge-settings.reg'
Set-Content -Path $file -Value $reg -Encoding Unicode
& reg.exe import $file
if ($LASTEXITCODE -ne 0) { throw "reg import failed: $LASTEXITCODE" }
Remove-Item $file
`);

  const omaRows = [
    ['ADMX ingestion', `./Device/Vendor/MSFT/Policy/ConfigOperations/ADMXInstall/${INTUNE_APP}/Policy/PostCheckChromeAdmx`, 'String', 'the whole text of windows/admx/postcheck-chrome.admx'],
  ];
  const sampleOf = (k) => (EXAMPLES[k]?.sample !== undefined ? EXAMPLES[k].sample : commentedOut[k]);
  // Settings set for a group of people go to ./User (the ADMX marks them class "Both"); the rest to ./Device.
  const omaScope = (k) => (userScope && !MACHINE_ONLY.includes(k) ? 'User' : 'Device');
  const omaRow = (k, s, v, optional) => [`${optional ? '(optional) ' : ''}${s.title || k}`,
    `./${omaScope(k)}/Vendor/MSFT/Policy/Config/${INTUNE_APP}~Policy~PostCheck_GoogleChrome/${k}`, 'String', `\`${intuneValue(k, s, v).replace(/\|/g, '\\|')}\``];
  for (const [k, s] of Object.entries(props)) {
    if (k in settings) omaRows.push(omaRow(k, s, settings[k], false));
  }
  // Every other setting as a ready row too, so no one has to work out the value format.
  for (const [k, s] of Object.entries(props)) {
    if (k in commentedOut) omaRows.push(omaRow(k, s, sampleOf(k), true));
  }
  files['windows/intune-oma-uri.md'] = `<!-- ${header('').trim()} -->
# Intune: PostCheck settings for Google Chrome as OMA-URI rows

Create a Windows 10+ *Custom* configuration profile with these rows, in this order (the first row ingests the ADMX,
the others set the policies it defines). Rows marked (optional) show the format of the other settings: add the ones
you need with your values. ./User rows apply to the users the profile is assigned to, ./Device rows to devices. Chrome's own force-install (ExtensionSettings) comes from Intune's Settings
catalog (Google Chrome, after importing Google's ADMX) or from windows/chrome-force-install.reg.

For Microsoft Edge use the Settings catalog for ExtensionSettings and windows/intune-edge-settings.ps1 for PostCheck's
settings: Microsoft documents that ADMX-ingested policies may not write under Software\\Policies\\Microsoft.

| Setting | OMA-URI | Data type | Value |
|---|---|---|---|
${omaRows.map((r) => `| ${r.join(' | ')} |`).join('\n')}
`;

  const optionalNotes = Object.keys(commentedOut).map((k) => `optional: ${k} (${props[k].type}), e.g. ${JSON.stringify(sampleOf(k))}`);
  // Identifiers carry the set's profile name: an MDM replaces a profile with the same identifier, so a comms-team
  // set ("profile": "comms") must not share the staff set's.
  const macScope = userScope ? 'User' : 'System';
  files['macos/postcheck-settings.mobileconfig'] = mobileconfig('settings', `PostCheck settings (${config.profile})`, 'Managed settings of the PostCheck extension in Google Chrome and Microsoft Edge.', [
    mcxPayload(`com.google.Chrome.extensions.${config.chromeId}`, settings, 'settings.chrome', optionalNotes, identity),
    mcxPayload(`com.microsoft.Edge.extensions.${config.edgeId}`, settings, 'settings.edge', optionalNotes, identity),
  ], identity, macScope);
  files['macos/postcheck-force-install.mobileconfig'] = mobileconfig('install', `PostCheck install (${config.profile})`, 'Force-installs PostCheck in Google Chrome and Microsoft Edge (ExtensionSettings). Merge into your existing browser profile if you already set ExtensionSettings.', [
    mcxPayload('com.google.Chrome', { ExtensionSettings: chromeInstall }, 'install.chrome', [], identity),
    mcxPayload('com.microsoft.Edge', { ExtensionSettings: edgeInstall }, 'install.edge', [], identity),
  ], identity, 'System');

  files['linux/chrome-postcheck.json'] = JSON.stringify({ ExtensionSettings: chromeInstall, '3rdparty': { extensions: { [config.chromeId]: settings } } }, null, 2) + '\n';
  files['linux/edge-postcheck.json'] = JSON.stringify({ ExtensionSettings: edgeInstall, '3rdparty': { extensions: { [config.edgeId]: settings } } }, null, 2) + '\n';

  files['firefox/policies.json'] = JSON.stringify({
    policies: {
      ExtensionSettings: { [geckoId]: { installation_mode: 'force_installed', install_url: config.firefoxInstallUrl } },
      '3rdparty': { Extensions: { [geckoId]: settings } },
    },
  }, null, 2) + '\n';

  const cell = (t) => String(t).replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const typeOf = (s) => s.type === 'array' ? `list of ${s.items?.type || 'any'}` : s.type === 'object' ? `map of name -> ${s.additionalProperties?.enum ? s.additionalProperties.enum.join(' \\| ') : s.additionalProperties?.type || 'any'}` : s.type;
  files['settings-reference.md'] = `<!-- ${header('').trim()} -->
# PostCheck managed settings (reference)

Every key the extension reads from policy (chrome.storage.managed), from extension/managed_schema.json. A value
of the wrong type is dropped silently by the browser, and the extension then uses its default: check the options
page's effective settings after a change (docs/admin/README.md).

| Key | Type | Allowed | Title | Description | Example |
|---|---|---|---|---|---|
${Object.entries(props).map(([k, s]) => `| \`${k}\` | ${typeOf(s)} | ${s.enum ? s.enum.map((v) => `\`${v}\``).join(', ') : s.minimum !== undefined || s.maximum !== undefined ? `${s.minimum ?? ''}..${s.maximum ?? ''}` : ''} | ${cell(s.title || '')} | ${cell(s.description || '')} | \`${cell(JSON.stringify(k in settings ? settings[k] : commentedOut[k]))}\` |`).join('\n')}
`;
  return { files, settings, commentedOut, config: { ...config, geckoId }, warnings: strictnessWarnings(settings) };
}

const USAGE = `usage: node scripts/gen-admin.mjs [--config TRUST.json --out DIR] [--check]

Writes the admin files (Windows registry, ADMX/ADML, Intune, macOS profiles, Linux and Firefox policy) from
extension/managed_schema.json. Without --config it rewrites docs/admin/ with placeholder ids and examples.
  --config FILE   a Trust's own set: {"chromeId", "edgeId", "install": "store"|"self-hosted", "updateUrl",
                  "firefoxInstallUrl", "profile": "staff"|"comms", "scope": "machine"|"user", "settings": {...}}.
                  Placeholder ids, unknown Trust profiles and unknown rule ids are refused.
  --out DIR       where to write it (default docs/admin)
  --check         exit 1 if docs/admin is stale
See docs/admin/README.md (and its recipe for a comms-team set with "profile": "comms").
`;

function main(argv) {
  let out = path.join(REPO, 'docs/admin');
  let check = false;
  let configIn = {};
  let strict = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--help' || argv[i] === '-h') { process.stdout.write(USAGE); return 0; }
    if (argv[i] === '--check') check = true;
    else if (argv[i] === '--out') out = path.resolve(argv[++i]);
    else if (argv[i] === '--config') {
      const file = argv[++i];
      try { configIn = JSON.parse(fs.readFileSync(file, 'utf8')); } catch (e) { throw new Error(`gen-admin: ${file}: ${e.message}`); }
      strict = true;
    } else throw new Error(`gen-admin: unknown argument ${argv[i]} (see --help)`);
  }
  const { files, warnings } = generate(configIn, { strict });
  for (const w of warnings) console.error(`gen-admin: warning: ${w}`);
  const stale = [];
  for (const [rel, text] of Object.entries(files)) {
    const file = path.join(out, rel);
    if (check) {
      if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) stale.push(rel);
    } else {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
    }
  }
  if (check) {
    if (stale.length) { console.error(`gen-admin: stale (run node scripts/gen-admin.mjs): ${stale.join(', ')}`); return 1; }
    console.log(`gen-admin: ${Object.keys(files).length} files up to date`);
  } else {
    console.log(`gen-admin: wrote ${Object.keys(files).length} files to ${path.relative(process.cwd(), out) || '.'}`);
  }
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try { process.exit(main(process.argv.slice(2))); } catch (e) { console.error(e.message); process.exit(1); }
}
