// PostCheckEngine: the JS face of the wasm module (see postcheck.d.ts); loads in node, classic workers and pages, and fails open.
(function (root) {
  'use strict';

  var MAX_RULESET_BYTES = 8 * 1024 * 1024;  // LoadOptions::max_total_bytes in core
  var MAX_TEXT_UNITS = 1 << 20;              // CheckLimits::max_text_units in core

  function engineError(message, code, file) {
    return { code: code || 'internal', message: String(message), file: file || '', line: 0, column: 0, jsonPath: '', text: String(message) };
  }

  // Rule files go in as UTF-8 bytes from the platform's TextEncoder, which bindings.cc copies in
  // once; anything else (no encoder, a file without text) goes as given and the engine judges it.
  var encoder = typeof TextEncoder !== 'undefined' ? new TextEncoder() : null;
  function encodeFiles(files) {
    if (!encoder || !Array.isArray(files)) return files;
    return files.map(function (f) {
      return (f && typeof f.text === 'string') ? { name: f.name, bytes: encoder.encode(f.text) } : f;
    });
  }

  function wrap(module) {
    var native = new module.Engine();
    var broken = null; // set once the module has aborted: every later call fails open at once
    var texts = [], textsGen = -1;  // rule texts of the engine's current checker, by slot
    // The keystroke path: the text written straight into the engine's buffer and the result read
    // back through plain exports (bindings.cc postcheck_check), not embind's generic invoker.
    var direct = typeof module._postcheck_check === 'function' && typeof TextDecoder !== 'undefined' && module.HEAPU16;
    var self = direct ? native.address() : 0;
    var utf8 = direct ? new TextDecoder() : null;
    function checkJson(text) {
      if (!direct) return native.checkCompact(text);
      var n = text.length;
      var at = module._postcheck_text_buffer(self, n) >>> 1;
      var units = module.HEAPU16;  // read after the call: growing the memory replaces the view
      for (var i = 0; i < n; i++) units[at + i] = text.charCodeAt(i);
      var p = module._postcheck_check(self, n) >>> 0;
      var size = module._postcheck_result_size(self) >>> 0;
      return utf8.decode(module.HEAPU8.subarray(p, p + size));
    }

    function guard(fn, fallback) {
      if (broken) return fallback(broken);
      try {
        return fn();
      } catch (e) {
        // An abort leaves the wasm instance unusable; remember why and stop calling into it.
        broken = engineError('engine failure: ' + (e && e.message ? e.message : e));
        return fallback(broken);
      }
    }

    // A ruleset refused before it is copied into wasm memory, as the engine refuses one past LoadOptions::max_total_bytes.
    function tooBig(what, file) {
      return { ok: false, error: engineError(what + '; the limit is ' + MAX_RULESET_BYTES, 'resource_limit', file) };
    }

    return {
      // options: {examples: false} skips the rules' examples (faster; runExamples() then reports it cannot run them).
      loadRuleset: function (files, options) {
        // Refuse an oversized ruleset before it is copied into wasm memory, which never shrinks.
        // A JS string has at least as many UTF-8 bytes as UTF-16 units, so nothing the engine
        // would accept is refused here.
        if (Array.isArray(files)) {
          var units = 0;
          for (var i = 0; i < files.length; i++) units += (files[i] && typeof files[i].text === 'string') ? files[i].text.length : 0;
          if (units > MAX_RULESET_BYTES) return tooBig('ruleset is at least ' + units + ' bytes', '');
        }
        return guard(function () { return native.loadRuleset(encodeFiles(files), options || {}); },
          function (err) { return { ok: false, error: err }; });
      },
      // A block from pack() (build/rules/ruleset.pack): the fast start-up load. Same result and contract as loadRuleset.
      loadPacked: function (bytes, name) {
        if (bytes instanceof ArrayBuffer) bytes = new Uint8Array(bytes);
        if (bytes && bytes.length > MAX_RULESET_BYTES) return tooBig('packed ruleset is ' + bytes.length + ' bytes', String(name || ''));
        return guard(function () { return native.loadPacked(bytes, String(name || 'ruleset.pack')); },
          function (err) { return { ok: false, error: err }; });
      },
      pack: function () {
        return guard(function () { return native.pack(); }, function () { return null; });
      },
      configure: function (settings) {
        return guard(function () { return native.configure(settings || {}); },
          function (err) { return { ok: false, error: err }; });
      },
      check: function (text) {
        text = String(text);
        // A huge paste is cut here, as the engine would cut it, before it is copied into wasm
        // memory: the copy alone could otherwise outgrow the module's memory limit.
        var cut = 0;
        if (text.length > MAX_TEXT_UNITS) {
          cut = MAX_TEXT_UNITS;
          var last = text.charCodeAt(cut - 1);
          if (last >= 0xd800 && last <= 0xdbff) cut--;  // keep a surrogate pair whole
          text = text.slice(0, cut);
        }
        return guard(function () {
          var c = JSON.parse(checkJson(text));
          // Rule texts cross once per checker (bindings.cc checkCompact): keep this
          // generation's, and rebuild each finding from its numbers and its rule's texts.
          if (c.gen !== textsGen) { textsGen = c.gen; texts = []; }
          for (var k = 0; k < c.rules.length; k++) texts.push(c.rules[k]);
          var findings = [];
          for (var j = 0; j + 4 < c.f.length; j += 5) {
            var t = texts[c.f[j]];
            findings.push({ rule: t[0], category: t[1], severity: c.f[j + 3], confidence: c.f[j + 4], start: c.f[j + 1], end: c.f[j + 2],
              title: t[2], message: t[3], advice: t[4], policyRef: t[5], policyUrl: t[6] });
          }
          var r = { ok: c.ok, findings: findings, notes: c.notes, truncated: c.truncated };
          if (c.error) r.error = c.error;
          if (cut) {
            r.truncated = true;
            r.notes.unshift('only the first ' + cut + ' characters were checked');
          }
          return r;
        }, function (err) { return { ok: false, findings: [], notes: [], truncated: false, error: err }; });
      },
      runExamples: function () {
        return guard(function () { return native.runExamples(); },
          function (err) { return [{ rule: '', trust: '', example: '', problem: err.message, file: '', line: 0 }]; });
      },
      memory: function () {
        return guard(function () { return native.memory(); }, function () { return null; });
      },
      info: function () {
        return guard(function () { return native.info(); }, function () { return null; });
      },
      dispose: function () {
        if (native) { try { native.delete(); } catch (e) { /* already gone */ } native = null; broken = engineError('disposed'); }
      },
    };
  }

  function factory() {
    if (typeof root.createPostCheckModule === 'function') return root.createPostCheckModule;
    if (typeof require === 'function') {
      try { return require('./postcheck.js'); } catch (e) { /* fall through */ }
    }
    return null;
  }

  var PostCheckEngine = {
    create: function (options) {
      options = options || {};
      var make = factory();
      if (!make) return Promise.reject(new Error('postcheck.js (createPostCheckModule) is not loaded'));
      var moduleArgs = {};
      if (options.wasmBinary) {
        // The glue copies a typed array it is given (new Uint8Array(x)) but only wraps an
        // ArrayBuffer: a view of a whole buffer is passed as that buffer, which saves a copy of
        // the module (1.3 MB) on every start (node --cpu-prof: ~7 ms of a cold start).
        var bin = options.wasmBinary;
        if (ArrayBuffer.isView(bin) && bin.byteOffset === 0 && bin.byteLength === bin.buffer.byteLength) bin = bin.buffer;
        moduleArgs.wasmBinary = bin;
      }
      if (options.locateFile) moduleArgs.locateFile = options.locateFile;
      // Emscripten prints aborts itself; route them away from page consoles that staff may share.
      moduleArgs.print = function () {};
      moduleArgs.printErr = function () {};
      return make(moduleArgs).then(wrap);
    },
  };

  root.PostCheckEngine = PostCheckEngine;
  if (typeof module === 'object' && module.exports) module.exports = PostCheckEngine;
})(typeof globalThis !== 'undefined' ? globalThis : typeof self !== 'undefined' ? self : this);
