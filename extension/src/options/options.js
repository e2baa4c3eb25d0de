// Options page logic: shows effective settings (administrator values locked), edits the user's own settings,
// runs "Try a post" through the SAME background engine and settings the content scripts use, and shows ruleset
// and update status. Follows storage changes live (policy can arrive seconds after install).

import * as api from '../shared/browser_api.js';
import { DEFAULT_SITES, normaliseHost, originPatterns, USER_KEYS } from '../shared/settings.js';
import { STATUS } from '../shared/messages.js';
import { CheckerClient } from '../content/checker_client.js';
import { sortFindings, countBySeverity } from '../content/ui.js';

const $ = (id) => document.getElementById(id);
const client = new CheckerClient();
let status = null;

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}
function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
}

async function readUser() {
  return (await api.localGet('userSettings')).userSettings || {};
}
async function saveUser(patch) {
  const user = { ...(await readUser()), ...patch };
  await api.localSet({ userSettings: user });
  $('saved').textContent = 'Saved.';
  setTimeout(() => { $('saved').textContent = ''; }, 2500);
}

async function refresh() {
  status = await api.sendMessage({ type: STATUS });
  if (!status || !status.ok) {
    showEngineWarning(status && status.error || 'no answer from the background');
    $('rulesetInfo').textContent = 'PostCheck\'s engine is not available: ' + (status && status.error || 'no answer');
    return;
  }
  render();
  runTry();
}

// Shown whenever the engine is not running: posts are then NOT being checked (pages let the user post: fail open).
function showEngineWarning(reason) {
  $('engine-warning').hidden = !reason;
  $('engine-warning-text').textContent = reason
    ? `PostCheck is not checking posts at the moment (${reason}). You can still write and post as normal, but nothing is being checked. Reinstalling or updating the extension usually fixes this; if it does not, tell your IT team.`
    : '';
}

// Each problem names the setting and who set it, so the reader knows whom to tell.
function renderSettingsProblems(problems) {
  const list = $('settings-warning-list');
  clear(list);
  for (const p of problems) {
    const who = status.sources[p.key] === 'admin' ? 'set by your organisation' : status.sources[p.key] === 'user' ? 'your setting' : 'default';
    const li = el('li');
    li.append(el('strong', '', `${p.key}`), document.createTextNode(` (${who}): ${p.message}`));
    list.append(li);
  }
  $('settings-warning').hidden = problems.length === 0;
}

function lockedFor(key) {
  return status.locked.includes(key);
}

function render() {
  const s = status.settings;
  const eng = status.engine;
  showEngineWarning(eng.running ? '' : (eng.error || 'the rule engine did not start'));
  $('version').textContent = status.version;
  renderSettingsProblems(eng.settingsProblems || []);
  // Administrator note
  const adminKeys = Object.keys(status.sources).filter((k) => status.sources[k] === 'admin');
  $('admin-note').hidden = adminKeys.length === 0 && status.userAllowed;
  $('admin-note-text').textContent = status.userAllowed
    ? `Your organisation has set ${adminKeys.length} setting${adminKeys.length === 1 ? '' : 's'} for you. They are marked "Set by your organisation" and cannot be changed here.`
    : 'Your organisation manages PostCheck\'s settings; they cannot be changed here.';

  // Trust profile
  const sel = $('trustProfile');
  clear(sel);
  const trusts = eng.ruleset ? eng.ruleset.trusts : [];
  const first = el('option', '', trusts.length ? `Default (${trusts[0].name})` : 'Default');
  first.value = '';
  sel.append(first);
  for (const t of trusts) {
    const o = el('option', '', t.name);
    o.value = t.id;
    sel.append(o);
  }
  if (s.trustProfile && !trusts.some((t) => t.id === s.trustProfile)) {
    // Shown as it is, not as a blank: the warning above says why it does not apply.
    const o = el('option', '', `${s.trustProfile} (not a profile in this ruleset: no Trust's details are used)`);
    o.value = s.trustProfile;
    sel.append(o);
  }
  sel.value = s.trustProfile;
  sel.disabled = lockedFor('trustProfile');

  for (const r of document.querySelectorAll('input[name="sensitivity"]')) {
    r.checked = r.value === s.sensitivity;
    r.disabled = lockedFor('sensitivity');
  }

  // Sites
  const list = $('siteList');
  clear(list);
  const extra = s.watchedSites.map(normaliseHost).filter(Boolean);
  for (const host of extra) {
    const li = el('li', 'pc-site-row');
    li.append(el('span', '', host));
    const access = el('span', 'nhsuk-body-s');
    li.append(access);
    api.permissionsContains(originPatterns(host)).then((ok) => {
      if (ok) { access.textContent = '(access granted)'; return; }
      const grant = el('button', 'nhsuk-button nhsuk-button--secondary pc-small', 'Allow access');
      grant.type = 'button';
      grant.addEventListener('click', async () => { await api.permissionsRequest(originPatterns(host)); refresh(); });
      access.append(grant);
    });
    if (!lockedFor('watchedSites')) {
      const rm = el('button', 'nhsuk-button nhsuk-button--secondary pc-small', 'Remove');
      rm.type = 'button';
      rm.setAttribute('aria-label', 'Remove ' + host);
      rm.addEventListener('click', async () => {
        await saveUser({ watchedSites: extra.filter((h) => h !== host) });
        // Least privilege (I2): a site no longer watched keeps no access. Kept if the organisation still lists it.
        if (!(status.sources.watchedSites === 'admin' && status.settings.watchedSites.map(normaliseHost).includes(host))) {
          await api.permissionsRemove(originPatterns(host)).catch(() => false);
        }
      });
      li.append(rm);
    }
    list.append(li);
  }
  $('newSite').disabled = $('addSite').disabled = lockedFor('watchedSites');
  $('defaultSites').textContent = s.replaceDefaultSites ? '(none: your organisation replaced the default list)' : DEFAULT_SITES.join(', ');
  for (const p of document.querySelectorAll('.pc-locked')) p.hidden = !lockedFor(p.dataset.lock);

  // Ruleset
  const info = $('rulesetInfo');
  clear(info);
  const row = (k, v) => {
    const d = el('div', 'nhsuk-summary-list__row');
    d.append(el('dt', 'nhsuk-summary-list__key', k), el('dd', 'nhsuk-summary-list__value', v));
    info.append(d);
  };
  if (eng.ruleset) {
    row('Name', eng.ruleset.name);
    row('Version', eng.ruleset.version);
    row('Rules', String(eng.ruleset.ruleCount));
    row('Source', eng.ruleset.source === 'update' ? 'Downloaded update (signed)' : 'Built into this extension');
    row('Trust profiles', trusts.map((t) => `${t.name} (${t.policyShort})`).join('; '));
  } else {
    row('Status', 'Not loaded: ' + (eng.error || 'unknown error') + '. PostCheck is not checking posts.');
  }
  if (eng.error && eng.ruleset) row('Note', eng.error);
  if (eng.configError) row('Settings problem', eng.configError);

  // Updates
  const u = status.rulesetUpdate;
  const when = (t) => (t ? new Date(t).toLocaleString('en-GB') : '');
  $('updateStatus').textContent =
    u.state === 'disabled' ? 'Off: no update address is set, so PostCheck makes no network requests.'
    : u.state === 'ok' ? `Up to date: version ${u.version} (${u.ruleCount} rules) from ${u.url}, checked ${when(u.lastAttempt)}.`
    : u.state === 'error' ? `Last update failed ${when(u.lastAttempt)}: ${u.reason} The last good ruleset is still in use.`
    : 'Waiting for the first update check.';

  // Effective configuration
  const tbody = $('effective').querySelector('tbody');
  clear(tbody);
  for (const key of Object.keys(s)) {
    const tr = el('tr', 'nhsuk-table__row');
    const v = s[key];
    const shown = Array.isArray(v) ? (v.join(', ') || '(none)') : (v && typeof v === 'object')
      ? (Object.entries(v).map(([a, b]) => `${a}: ${b}`).join(', ') || '(none)') : (v === '' ? '(empty)' : String(v));
    const src = status.sources[key] === 'admin' ? 'Your organisation' : status.sources[key] === 'user' ? 'You' : 'Default';
    tr.append(el('td', 'nhsuk-table__cell', key), el('td', 'nhsuk-table__cell', shown), el('td', 'nhsuk-table__cell', src));
    tbody.append(tr);
  }
}

// ---- Try a post -----------------------------------------------------------------------------------
let trySeq = 0;
let tryTimer = 0;
async function runTry() {
  const text = $('tryText').value;
  const seq = ++trySeq;
  const out = $('tryResult');
  if (!text.trim()) { clear(out); return; }
  const res = await client.check(text, '');
  if (seq !== trySeq) return; // a newer draft is being checked
  clear(out);
  if (!res.ok) {
    out.append(el('p', '', 'PostCheck could not check this text (' + (res.error || 'engine error') + '). On social media sites it would let you post.'));
    return;
  }
  const findings = sortFindings(res.findings);
  const c = countBySeverity(findings);
  out.append(el('p', 'nhsuk-body', findings.length
    ? `PostCheck would flag ${findings.length} thing${findings.length > 1 ? 's' : ''}: ${c.block} must fix, ${c.warn} warning${c.warn === 1 ? '' : 's'}, ${c.info} note${c.info === 1 ? '' : 's'}.`
    : 'PostCheck would not flag anything in this post.'));
  const preview = el('div', 'pc-preview');
  let pos = 0;
  for (const f of findings) {
    if (f.start < pos) continue;
    preview.append(document.createTextNode(text.slice(pos, f.start)));
    const m = el('mark', 'pc-mark ' + f.severity, text.slice(f.start, f.end));
    m.title = f.title;
    preview.append(m);
    pos = f.end;
  }
  preview.append(document.createTextNode(text.slice(pos)));
  if (findings.length) out.append(preview);
  for (const f of findings) {
    const card = el('div', 'nhsuk-card');
    const body = el('div', 'nhsuk-card__content');
    body.append(el('h3', 'nhsuk-card__heading nhsuk-heading-s', `${f.title} (${f.severity === 'block' ? 'must fix' : f.severity})`));
    body.append(el('p', 'nhsuk-card__description', `“${text.slice(f.start, f.end)}”: ${f.message}`));
    if (f.advice) body.append(el('p', 'nhsuk-body-s', 'What to do instead: ' + f.advice));
    if (f.policyRef) body.append(el('p', 'nhsuk-body-s', 'Policy: ' + f.policyRef + ' · rule ' + f.rule));
    card.append(body);
    out.append(card);
  }
}

// ---- wiring ---------------------------------------------------------------------------------------
$('trustProfile').addEventListener('change', (e) => saveUser({ trustProfile: e.target.value }));
for (const r of document.querySelectorAll('input[name="sensitivity"]')) {
  r.addEventListener('change', (e) => saveUser({ sensitivity: e.target.value }));
}
$('addSite').addEventListener('click', async () => {
  const host = normaliseHost($('newSite').value);
  if (!host) { $('saved').textContent = 'Enter a site name such as mastodon.social.'; return; }
  // The permission prompt needs this click's user gesture, so ask before any await.
  const granted = api.permissionsRequest(originPatterns(host)).catch(() => false);
  const user = await readUser();
  const sites = Array.from(new Set([...(user.watchedSites || []), host]));
  await saveUser({ watchedSites: sites });
  $('newSite').value = '';
  await granted;
  refresh();
});
$('tryText').addEventListener('input', () => {
  clearTimeout(tryTimer);
  tryTimer = setTimeout(runTry, 60);
});
api.onStorageChanged((changes, area) => {
  if (area === 'managed' || (area === 'local' && (changes.userSettings || changes.rulesetUpdateStatus || changes.__testManaged))) {
    setTimeout(refresh, 50); // let the background apply the change first
  }
});
void USER_KEYS;
refresh();
