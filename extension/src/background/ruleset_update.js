// Verifies signed ruleset envelopes (postcheck-signed-ruleset/1) and decides when a refetch is due: pure logic, WebCrypto only, no extension APIs.
//
// Loaded as a classic script (importScripts in the Chrome MV3 service worker, a background script in
// Firefox, a vm context in node tests and in scripts/sign-ruleset.mjs verify), so it has no import/export
// and publishes one global, self.PostCheckRulesetUpdate. The extension's browser-API module does the
// fetch, alarms, storage and engine load; this file only says whether bytes may be trusted.
//
// Trust model: everything the extension uses comes from inside the signature. The envelope's "version"
// is outside it, so it is accepted only when it equals the version in the signed ruleset header;
// otherwise a man in the middle could relabel an old signed ruleset as a new one.
(function (root) {
  'use strict';

  var FORMAT = 'postcheck-signed-ruleset/1';
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

  // Strict standard base64 (padding required, no whitespace): the envelope is machine-written, and a
  // lenient decoder would let two different strings stand for the same signed bytes.
  function decodeBase64(text) {
    if (typeof text !== 'string' || !BASE64_RE.test(text)) return null;
    var bin = atob(text);
    var out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
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
      var stripped = stripJsonComments(files[i].text);
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
    if (env.format !== FORMAT) return fail('unsupported envelope format "' + env.format.slice(0, 64) + '"');
    if (!VERSION_RE.test(env.version)) return fail('envelope version is not a valid version string');
    return { ok: true, envelope: env };
  }

  function parsePayload(bytes) {
    var text;
    try { text = new TextDecoder('utf-8', { fatal: true }).decode(bytes); } catch (e) { return fail('payload is not valid UTF-8'); }
    var files;
    try { files = JSON.parse(text); } catch (e) { return fail('payload is not valid JSON'); }
    if (!Array.isArray(files)) return fail('payload is not a JSON array');
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
    return { ok: true, files: out };
  }

  // verify(envelopeText, publicKeyB64) -> Promise<{ok:true, files, version} | {ok:false, error}>.
  // Never rejects: every failure, including a WebCrypto without Ed25519, comes back as {ok:false}.
  function verify(envelopeText, publicKeyB64) {
    return Promise.resolve().then(function () {
      var key = decodeBase64(typeof publicKeyB64 === 'string' ? publicKeyB64.trim() : publicKeyB64);
      if (!key || key.length !== 32) return fail('rulesetPublicKey must be a base64 raw Ed25519 public key (32 bytes)');
      var parsed = parseEnvelope(envelopeText);
      if (!parsed.ok) return parsed;
      var env = parsed.envelope;
      var payload = decodeBase64(env.payload);
      if (!payload) return fail('envelope payload is not valid base64');
      var signature = decodeBase64(env.signature);
      if (!signature || signature.length !== 64) return fail('envelope signature is not a base64 64-byte Ed25519 signature');
      if (!root.crypto || !root.crypto.subtle) return fail('WebCrypto is not available');
      return root.crypto.subtle.importKey('raw', key, { name: 'Ed25519' }, false, ['verify'])
        .then(function (cryptoKey) { return root.crypto.subtle.verify({ name: 'Ed25519' }, cryptoKey, signature, payload); })
        .then(function (valid) {
          // The payload is parsed only after the signature holds: unsigned bytes never reach JSON.parse.
          if (!valid) return fail('signature does not match the ruleset public key');
          var body = parsePayload(payload);
          if (!body.ok) return body;
          var header = headerVersion(body.files);
          if (header.error) return fail(header.error);
          if (header.version !== env.version) {
            return fail('envelope version "' + env.version + '" differs from the signed ruleset version "' + header.version + '"');
          }
          return { ok: true, files: body.files, version: header.version };
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

  // versionOf(files) is exported for scripts/sign-ruleset.mjs, so signer and verifier read the version one way.
  root.PostCheckRulesetUpdate = Object.freeze({ FORMAT: FORMAT, verify: verify, isDue: isDue, versionOf: headerVersion });
})(typeof self !== 'undefined' ? self : globalThis);
