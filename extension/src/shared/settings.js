// Pure settings logic: defaults, user settings, administrator (storage.managed) values -> effective settings.
// Invariant: a key the administrator set is locked (it wins and the options page shows it read-only);
// if the administrator set allowUserSettings=false, every user value is ignored.

export const DEFAULT_SITES = [
  'x.com', 'twitter.com', 'facebook.com', 'instagram.com', 'threads.net', 'threads.com',
  'linkedin.com', 'bsky.app', 'reddit.com', 'youtube.com', 'tiktok.com',
];

// Sites where a plain Enter (no Shift) sends in the main composers (comments, chats).
// Elsewhere only Ctrl/Cmd+Enter and the site's Post button count as a send.
export const ENTER_SENDS_SITES = ['facebook.com', 'instagram.com', 'threads.net', 'threads.com', 'messenger.com'];

export const DEFAULTS = Object.freeze({
  trustProfile: '',            // '' = the ruleset's first profile
  mode: 'warn',
  watchedSites: [],
  replaceDefaultSites: false,
  disabledRules: [],
  severityOverrides: {},
  sensitivity: 'medium',
  commsPhone: '',
  commsEmail: '',
  commsUrl: '',
  raisingConcernsUrl: '',
  policyUrl: '',
  allowUserSettings: true,
  rulesetUrl: '',
  rulesetPublicKey: '',
  rulesetUpdateHours: 24,
});

// Keys a user may change from the options page (the rest are administrator-only).
export const USER_KEYS = ['trustProfile', 'watchedSites', 'sensitivity', 'disabledRules'];
// In block mode (set by the administrator) these user keys would let a user weaken what blocks a post (switch a rule
// off, lower the sensitivity, pick another Trust's profile), so they are locked as if the administrator had set them.
export const BLOCK_MODE_LOCKED = ['trustProfile', 'sensitivity', 'disabledRules'];

const ENUMS = { mode: ['warn', 'block'], sensitivity: ['low', 'medium', 'high'] };
const SEVERITIES = ['info', 'warn', 'block'];

function validValue(key, value) {
  const def = DEFAULTS[key];
  if (value === undefined || value === null) return false;
  if (ENUMS[key]) return ENUMS[key].includes(value);
  if (Array.isArray(def)) return Array.isArray(value) && value.every((v) => typeof v === 'string');
  if (key === 'severityOverrides') {
    return typeof value === 'object' && !Array.isArray(value) &&
      Object.values(value).every((v) => SEVERITIES.includes(v));
  }
  if (key === 'rulesetUpdateHours') return Number.isInteger(value) && value >= 1 && value <= 168;
  return typeof value === typeof def;
}

// Normalises "https://Mastodon.Social/@x" or "*.example.org" to a bare host name ("mastodon.social").
export function normaliseHost(input) {
  let s = String(input || '').trim().toLowerCase();
  s = s.replace(/^[a-z]+:\/\//, '').replace(/^\*\./, '');
  s = s.split(/[/?#]/)[0].split(':')[0];
  s = s.replace(/^www\./, '').replace(/\.$/, '');
  return /^[a-z0-9.-]+$/.test(s) && s.includes('.') || s === 'localhost' ? s : '';
}

// user: storage.local.userSettings; managed: storage.managed.get(). Returns
// { settings, locked: [keys], sources: {key: 'default'|'user'|'admin'} }.
export function effectiveSettings(user, managed) {
  user = user || {};
  managed = managed || {};
  const userAllowed = !(validValue('allowUserSettings', managed.allowUserSettings) && managed.allowUserSettings === false);
  const blockMode = validValue('mode', managed.mode) && managed.mode === 'block';
  const userMay = (key) => userAllowed && USER_KEYS.includes(key) && !(blockMode && BLOCK_MODE_LOCKED.includes(key));
  const settings = {};
  const sources = {};
  const locked = [];
  for (const key of Object.keys(DEFAULTS)) {
    let value = DEFAULTS[key];
    let source = 'default';
    if (userMay(key) && validValue(key, user[key])) {
      value = user[key];
      source = 'user';
    }
    if (validValue(key, managed[key])) {
      value = managed[key];
      source = 'admin';
      locked.push(key);
    }
    settings[key] = Array.isArray(value) ? value.slice() : (value && typeof value === 'object' ? { ...value } : value);
    sources[key] = source;
  }
  for (const key of USER_KEYS) if (!userMay(key) && !locked.includes(key)) locked.push(key);
  return { settings, locked, sources, userAllowed };
}

export function watchedHosts(settings) {
  const extra = (settings.watchedSites || []).map(normaliseHost).filter(Boolean);
  const base = settings.replaceDefaultSites ? [] : DEFAULT_SITES;
  return Array.from(new Set([...base, ...extra]));
}

// True if hostname is one of the hosts or a subdomain of one ("m.facebook.com" is facebook.com).
export function hostMatches(hostname, hosts) {
  const h = normaliseHost(hostname);
  if (!h) return false;
  return hosts.some((w) => h === w || h.endsWith('.' + w));
}

// The site name given to the engine for site-limited rules ("www.linkedin.com" -> "linkedin.com").
export function siteName(hostname, hosts) {
  const h = normaliseHost(hostname);
  const hit = (hosts || []).find((w) => h === w || h.endsWith('.' + w));
  return hit || h;
}

export function enterSends(site) {
  return ENTER_SENDS_SITES.includes(site);
}

// Contact settings become engine placeholders so advice names the Trust's real contacts.
export function placeholders(settings) {
  const out = {};
  const put = (key, value) => { if (value) out[key] = value; };
  put('contacts.communications.phone', settings.commsPhone);
  put('contacts.communications.email', settings.commsEmail);
  put('contacts.communications.url', settings.commsUrl);
  put('contacts.raising_concerns.url', settings.raisingConcernsUrl);
  put('policy.url', settings.policyUrl);
  return out;
}

// CheckerSettings for engine.configure() (see wasm/postcheck.d.ts).
export function engineSettings(settings, site) {
  const out = {
    minConfidence: settings.sensitivity,
    disabledRules: settings.disabledRules.slice(),
    severityOverrides: { ...settings.severityOverrides },
    placeholders: placeholders(settings),
  };
  if (settings.trustProfile) out.trust = settings.trustProfile;
  if (site) out.site = site;
  return out;
}

// Host permission pattern for a user/admin-added site (and its subdomains).
export function originPatterns(host) {
  return [`https://${host}/*`, `https://*.${host}/*`];
}
