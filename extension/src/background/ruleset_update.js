// Verifies signed ruleset envelopes (postcheck-signed-ruleset/2), compares ruleset versions and decides when a refetch is due: pure logic, WebCrypto only, no extension APIs.
//
// Loaded as a classic script (importScripts in the Chrome MV3 service worker, a background script in
// Firefox, a vm context in node tests and in scripts/sign-ruleset.mjs verify), so it has no import/export
// and publishes one global, self.PostCheckRulesetUpdate. The extension's browser-API module does the
// fetch, alarms, storage and engine load; this file only says whether bytes may be trusted.
//
// Trust model: everything the extension uses comes from inside the signature. The signed payload is
// {"serial", "issued", "expires", "files"}: serial is the rollback counter (an update must carry a higher one
// than the last accepted), expires makes a frozen or replayed ruleset stop being used, and the ruleset version
// comes from the header inside files. The envelope's "version" is outside the signature, so it is accepted only
// when it equals the signed one; otherwise a man in the middle could relabel an old signed ruleset as a new one.
(function (root) {
  'use strict';

  var FORMAT = 'postcheck-signed-ruleset/2';
  var OLD_FORMAT = 'postcheck-signed-ruleset/1';
  var PAYLOAD_KEYS = ['serial', 'issued', 'expires', 'files'];
  var ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
  var ENVELOPE_KEYS = ['format', 'version', 'payload', 'signature'];
  // Limits keep a hostile server from making the worker decode or hold huge data. The real bundle is
  // tens of kB; these leave two orders of magnitude of room.
  var MAX_ENVELOPE_CHARS = 8 * 1024 * 1024;
  var MAX_FILES = 500;
  var NAME_RE = /^[A-Za-z0-9_][A-Za-z0-9_.\-]*(\/[A-Za-z0-9_][A-Za-z0-9_.\-]*)*\.json$/;
  var VERSION_RE = /^[0-9A-Za-z][0-9A-Za-z.+\-]{0,63}$/;
  var BASE64_RE = /^(?:[A-Za-z0-9+\/]{4})*(?:[A-Za-z0-9+\/]{2}==|[A-Za-z0-9+\/]{3}=)?$/;
  var HOUR_MS = 3600 * 1000;

  function fail(error) { return { ok: false, error: error }; }

  // Strict standard base64 (padding required, no whitespace, zero padding bits): the envelope is
  // machine-written, and a lenient decoder would let two different strings stand for the same signed bytes.
  function decodeBase64(text) {
    if (typeof text !== 'string' || !BASE64_RE.test(text)) return null;
    var bin = atob(text);
    // atob ignores the unused low bits of the last character ("AQIDBA==" and "AQIDBB==" decode alike):
    // only the canonical spelling, the one btoa gives back, is accepted.
    if (btoa(bin) !== text) return null;
    var out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }

  // rulesetPublicKey holds one key, or several separated by spaces, commas or new lines, so that a Trust can
  // rotate keys without a gap: publish the new key next to the old one, sign with the new one, then drop the old.
  function parseKeys(keys) {
    var list = Array.isArray(keys) ? keys : (typeof keys === 'string' ? keys.split(/[\s,]+/) : []);
    var out = [];
    for (var i = 0; i < list.length; i++) {
      if (typeof list[i] !== 'string' || !list[i]) continue;
      var raw = decodeBase64(list[i]);
      if (!raw || raw.length !== 32) return { error: 'rulesetPublicKey must be one or more base64 raw Ed25519 public keys (32 bytes each)' };
      out.push(raw);
    }
    if (!out.length) return { error: 'rulesetPublicKey must be one or more base64 raw Ed25519 public keys (32 bytes each)' };
    if (out.length > 8) return { error: 'rulesetPublicKey lists more than 8 keys' };
    return { keys: out };
  }

  // Versions are dot-separated numbers with an optional -prerelease/+build tail ("1.4.0", "2.0.0-rc.1").
  // Returns <0, 0 or >0. Numeric parts compare as numbers, others as text; a prerelease sorts before its release.
  function compareVersions(a, b) {
    function split(v) {
      var s = String(v).split('+')[0];
      var dash = s.indexOf('-');
      return { core: (dash < 0 ? s : s.slice(0, dash)).split('.'), pre: dash < 0 ? '' : s.slice(dash + 1) };
    }
    function part(x, y) {
      var nx = /^\d+$/.test(x), ny = /^\d+$/.test(y);
      if (nx && ny) return Number(x) - Number(y);
      if (nx !== ny) return nx ? -1 : 1;
      return x < y ? -1 : x > y ? 1 : 0;
    }
    var A = split(a), B = split(b);
    for (var i = 0; i < Math.max(A.core.length, B.core.length); i++) {
      var c = part(A.core[i] || '0', B.core[i] || '0');
      if (c) return c;
    }
    if (A.pre === B.pre) return 0;
    if (!A.pre) return 1;
    if (!B.pre) return -1;
    var pa = A.pre.split('.'), pb = B.pre.split('.');
    for (var j = 0; j < Math.max(pa.length, pb.length); j++) {
      if (pa[j] === undefined) return -1;
      if (pb[j] === undefined) return 1;
      var d = part(pa[j], pb[j]);
      if (d) return d;
    }
    return 0;
  }

  // Rules files are JSON with // and /* */ comments (docs/rule-format.md); the header's version is
  // read after blanking comments outside strings, the same leniency the engine applies.
  function stripJsonComments(text) {
    var out = '';
    var i = 0, n = text.length, inString = false;
    while (i < n) {
      var c = text[i];
      if (inString) {
        out += c;
        if (c === '\\' && i + 1 < n) { out += text[i + 1]; i += 2; continue; }
        if (c === '"') inString = false;
        i++;
      } else if (c === '"') {
        inString = true; out += c; i++;
      } else if (c === '/' && text[i + 1] === '/') {
        while (i < n && text[i] !== '\n') i++;
      } else if (c === '/' && text[i + 1] === '*') {
        var end = text.indexOf('*/', i + 2);
        if (end < 0) return null;
        i = end + 2; out += ' ';
      } else {
        out += c; i++;
      }
    }
    return out;
  }

  // The version of the one file with a {"ruleset": {...}} header, or an error string.
  function headerVersion(files) {
    var found = [];
    for (var i = 0; i < files.length; i++) {
      // Only a file that writes the key "ruleset", quotes and all (or could, through a \u escape), can hold the
      // header: the others are skipped before the character-by-character comment strip, which over a bundle's
      // 300 KB of rules took ~45 ms of a fresh worker's start.
      var text = files[i].text;
      if (typeof text === 'string' && text.indexOf('"ruleset"') < 0 && text.indexOf('\\u') < 0) continue;
      var stripped = stripJsonComments(text);
      if (stripped === null) continue;
      var doc;
      try { doc = JSON.parse(stripped); } catch (e) { continue; }
      if (doc && typeof doc === 'object' && !Array.isArray(doc) && doc.ruleset && typeof doc.ruleset === 'object') {
        found.push(doc.ruleset.version);
      }
    }
    if (found.length !== 1) return { error: 'payload must contain exactly one ruleset header file, found ' + found.length };
    if (typeof found[0] !== 'string' || !VERSION_RE.test(found[0])) return { error: 'ruleset header has no valid version' };
    return { version: found[0] };
  }

  function parseEnvelope(envelopeText) {
    if (typeof envelopeText !== 'string') return fail('envelope is not text');
    if (envelopeText.length > MAX_ENVELOPE_CHARS) return fail('envelope is too large');
    var env;
    try { env = JSON.parse(envelopeText); } catch (e) { return fail('envelope is not valid JSON'); }
    if (!env || typeof env !== 'object' || Array.isArray(env)) return fail('envelope is not a JSON object');
    var keys = Object.keys(env);
    for (var k = 0; k < keys.length; k++) {
      if (ENVELOPE_KEYS.indexOf(keys[k]) < 0) return fail('envelope has unknown field "' + keys[k] + '"');
    }
    for (var j = 0; j < ENVELOPE_KEYS.length; j++) {
      if (typeof env[ENVELOPE_KEYS[j]] !== 'string') return fail('envelope field "' + ENVELOPE_KEYS[j] + '" is missing or not a string');
    }
    if (env.format === OLD_FORMAT) return fail('envelope format ' + OLD_FORMAT + ' has no serial number or expiry and is no longer accepted: sign the ruleset again with the current scripts/sign-ruleset.mjs');
    if (env.format !== FORMAT) return fail('unsupported envelope format "' + env.format.slice(0, 64) + '"');
    if (!VERSION_RE.test(env.version)) return fail('envelope version is not a valid version string');
    return { ok: true, envelope: env };
  }

  function parseTime(value, name) {
    if (typeof value !== 'string' || !ISO_RE.test(value) || !isFinite(Date.parse(value))) return { error: 'payload "' + name + '" must be a UTC time such as 2026-01-31T12:00:00Z' };
    return { ms: Date.parse(value) };
  }

  function parsePayload(bytes) {
    var text;
    try { text = new TextDecoder('utf-8', { fatal: true }).decode(bytes); } catch (e) { return fail('payload is not valid UTF-8'); }
    var doc;
    try { doc = JSON.parse(text); } catch (e) { return fail('payload is not valid JSON'); }
    if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return fail('payload is not a JSON object');
    var pk = Object.keys(doc);
    for (var k = 0; k < pk.length; k++) {
      if (PAYLOAD_KEYS.indexOf(pk[k]) < 0) return fail('payload has unknown field "' + pk[k].slice(0, 64) + '"');
    }
    if (!Number.isSafeInteger(doc.serial) || doc.serial < 1) return fail('payload "serial" must be a positive integer');
    var issued = parseTime(doc.issued, 'issued');
    if (issued.error) return fail(issued.error);
    var expires = parseTime(doc.expires, 'expires');
    if (expires.error) return fail(expires.error);
    if (expires.ms <= issued.ms) return fail('payload "expires" is not after "issued"');
    var files = doc.files;
    if (!Array.isArray(files)) return fail('payload "files" is not a JSON array');
    if (files.length === 0) return fail('payload has no files');
    if (files.length > MAX_FILES) return fail('payload has too many files');
    var seen = Object.create(null);
    var out = [];
    for (var i = 0; i < files.length; i++) {
      var f = files[i];
      if (!f || typeof f !== 'object' || Array.isArray(f)) return fail('payload[' + i + '] is not an object');
      var fk = Object.keys(f);
      if (fk.length !== 2 || typeof f.name !== 'string' || typeof f.text !== 'string') {
        return fail('payload[' + i + '] must be exactly {name: string, text: string}');
      }
      // Names become error locations in the options page; relative paths only, no "..".
      if (!NAME_RE.test(f.name) || f.name.split('/').indexOf('..') >= 0) return fail('payload[' + i + '] has an invalid file name');
      if (seen[f.name]) return fail('payload has duplicate file "' + f.name + '"');
      seen[f.name] = true;
      out.push({ name: f.name, text: f.text });
    }
    return { ok: true, files: out, serial: doc.serial, issued: issued.ms, expires: expires.ms };
  }

  // verify(envelopeText, publicKeys, options) -> Promise<{ok:true, files, version, serial, issued, expires, keyIndex}
  // | {ok:false, error}>. publicKeys: the rulesetPublicKey policy (one or more keys, see parseKeys) or an array.
  // options.now (ms): when given, an envelope whose "expires" has passed is refused.
  // Never rejects: every failure, including a WebCrypto without Ed25519, comes back as {ok:false}.
  function verify(envelopeText, publicKeys, options) {
    var now = options && typeof options.now === 'number' ? options.now : null;
    return Promise.resolve().then(function () {
      var parsedKeys = parseKeys(publicKeys);
      if (parsedKeys.error) return fail(parsedKeys.error);
      var parsed = parseEnvelope(envelopeText);
      if (!parsed.ok) return parsed;
      var env = parsed.envelope;
      var payload = decodeBase64(env.payload);
      if (!payload) return fail('envelope payload is not valid base64');
      var signature = decodeBase64(env.signature);
      if (!signature || signature.length !== 64) return fail('envelope signature is not a base64 64-byte Ed25519 signature');
      if (!root.crypto || !root.crypto.subtle) return fail('WebCrypto is not available');
      var keyIndex = -1;
      // Keys are tried in order; the first that verifies wins. A WebCrypto error (no Ed25519) is reported as such.
      function tryKey(i) {
        if (i >= parsedKeys.keys.length) return false;
        return root.crypto.subtle.importKey('raw', parsedKeys.keys[i], { name: 'Ed25519' }, false, ['verify'])
          .then(function (cryptoKey) { return root.crypto.subtle.verify({ name: 'Ed25519' }, cryptoKey, signature, payload); })
          .then(function (valid) {
            if (valid) { keyIndex = i; return true; }
            return tryKey(i + 1);
          });
      }
      return Promise.resolve(tryKey(0)).then(function (valid) {
        // The payload is parsed only after the signature holds: unsigned bytes never reach JSON.parse.
        if (!valid) return fail(parsedKeys.keys.length > 1 ? 'signature does not match any of the ruleset public keys' : 'signature does not match the ruleset public key');
        var body = parsePayload(payload);
        if (!body.ok) return body;
        var header = headerVersion(body.files);
        if (header.error) return fail(header.error);
        if (header.version !== env.version) {
          return fail('envelope version "' + env.version + '" differs from the signed ruleset version "' + header.version + '"');
        }
        if (now !== null && now >= body.expires) {
          return fail('the signed ruleset ' + header.version + ' expired on ' + new Date(body.expires).toISOString() + ' (serial ' + body.serial + '): the comms team must sign and publish it again');
        }
        return { ok: true, files: body.files, version: header.version, serial: body.serial, issued: body.issued, expires: body.expires, keyIndex: keyIndex };
      }, function (e) {
        return fail('signature check failed: ' + (e && e.message ? e.message : String(e)));
      });
    }).catch(function (e) {
      return fail('unexpected error: ' + (e && e.message ? e.message : String(e)));
    });
  }

  // isDue(lastFetchMs, hours, nowMs): true when a fetch should happen now. hours is the
  // rulesetUpdateHours policy (1..168, as in managed_schema.json); anything else falls back to 24.
  // A clock that went backwards makes a fetch due, so a wrong clock cannot stall updates for days.
  function isDue(lastFetchMs, hours, nowMs) {
    if (typeof nowMs !== 'number' || !isFinite(nowMs)) return true;
    if (typeof lastFetchMs !== 'number' || !isFinite(lastFetchMs) || lastFetchMs <= 0) return true;
    var h = (typeof hours === 'number' && isFinite(hours) && hours >= 1 && hours <= 168) ? hours : 24;
    if (nowMs < lastFetchMs) return true;
    return nowMs - lastFetchMs >= h * HOUR_MS;
  }

  // versionOf(files), PAYLOAD_KEYS and parseKeys are exported for scripts/sign-ruleset.mjs, so signer and verifier
  // read the version and keys one way; compareVersions picks the newer of the bundled and the downloaded ruleset.
  root.PostCheckRulesetUpdate = Object.freeze({ FORMAT: FORMAT, PAYLOAD_KEYS: PAYLOAD_KEYS, verify: verify, isDue: isDue,
    versionOf: headerVersion, compareVersions: compareVersions, parseKeys: parseKeys });
})(typeof self !== 'undefined' ? self : globalThis);
