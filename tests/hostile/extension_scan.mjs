// Static security scans of an extension folder: each returns a list of problems (empty = clean), used by extension_static and its self-test.
//
// Heuristic by nature (it reads source text, it does not run it), so each scan errs on the side
// of reporting: a false alarm is fixed by writing the code more plainly, a miss is a hole.
import fs from 'node:fs';
import path from 'node:path';

function walk(dir, out = []) {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out); else out.push(p);
  }
  return out;
}
export const codeFiles = (dir) => walk(dir).filter((f) => /\.(m?js|ts|html?)$/.test(f));
// Emscripten output is checked by its own scan (no eval); its internals are not ours to restyle.
export const isGlue = (f) => /postcheck(-engine)?\.js$/.test(f);

// Removes comments but keeps strings, so a comment saying "never innerHTML" is no finding and a
// "//" inside a URL string does not hide the rest of the line.
export function stripComments(src) {
  let out = '', i = 0, q = null;
  while (i < src.length) {
    const c = src[i], n = src[i + 1];
    if (q) {
      out += c;
      if (c === '\\') { out += n ?? ''; i += 2; continue; }
      if (c === q) q = null;
      i++;
    } else if (c === '"' || c === "'" || c === '`') { q = c; out += c; i++; }
    else if (c === '/' && n === '/') { while (i < src.length && src[i] !== '\n') i++; }
    else if (c === '/' && n === '*') { const e = src.indexOf('*/', i + 2); i = e < 0 ? src.length : e + 2; out += ' '; }
    else { out += c; i++; }
  }
  return out;
}

// The text of the block starting at the first '{' at or after `from` (balanced braces).
function bodyFrom(src, from) {
  const open = src.indexOf('{', from);
  if (open < 0) return '';
  let depth = 0;
  for (let i = open; i < src.length; i++) {
    if (src[i] === '{') depth++;
    else if (src[i] === '}' && --depth === 0) return src.slice(open, i + 1);
  }
  return src.slice(open);
}

const rel = (dir, f) => path.relative(dir, f);
function merge(a, b) {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) {
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && a[k] && typeof a[k] === 'object' ? merge(a[k], v) : v;
  }
  return out;
}

// Every manifest that can ship from `dir`: { label, manifest }. A folder holding manifest.json is
// one; a source tree with manifest.base.json + platform/<browser>/manifest.json gives one per
// browser (overlay merged over the base, as the extension build does).
export function manifestsIn(dir) {
  const read = (f) => JSON.parse(fs.readFileSync(f, 'utf8'));
  if (fs.existsSync(path.join(dir, 'manifest.json'))) return [{ label: 'manifest.json', manifest: read(path.join(dir, 'manifest.json')) }];
  const base = path.join(dir, 'manifest.base.json');
  if (!fs.existsSync(base)) return [];
  const plat = path.join(dir, 'platform');
  const overlays = fs.existsSync(plat) ? fs.readdirSync(plat).filter((b) => fs.existsSync(path.join(plat, b, 'manifest.json'))) : [];
  if (!overlays.length) return [{ label: 'manifest.base.json', manifest: read(base) }];
  return overlays.map((b) => ({ label: `manifest.base.json + platform/${b}`, manifest: merge(read(base), read(path.join(plat, b, 'manifest.json'))) }));
}

export function scanManifest(dir, securityDoc) {
  return manifestsIn(dir).flatMap(({ label, manifest }) => checkManifest(manifest, securityDoc).map((x) => `${label}: ${x}`));
}

export function checkManifest(m, securityDoc) {
  const p = [];
  if (m.manifest_version !== 3) p.push(`manifest_version is ${m.manifest_version}, not 3`);
  if ('externally_connectable' in m) p.push('externally_connectable present: pages or other extensions could message the extension');
  const csp = m.content_security_policy ?? {};
  if (typeof csp !== 'object') p.push('content_security_policy is not an MV3 object');
  // Without default-src every fetch directive not named (font-src, img-src, style-src, media-src...) allows any host.
  const pages = typeof csp === 'object' ? csp.extension_pages ?? '' : '';
  const directive = (name) => (pages.match(new RegExp(`(?:^|;)\\s*${name}\\s+([^;]*)`)) ?? [null, null])[1];
  if (!/^'(self|none)'$/.test((directive('default-src') ?? '').trim())) p.push(`CSP extension_pages has no default-src 'self': remote fonts, images and styles are allowed (${pages || 'no CSP'})`);
  for (const d of ['font-src', 'img-src', 'style-src', 'media-src', 'frame-src', 'worker-src', 'manifest-src']) {
    const v = directive(d);
    if (v !== null && /https?:|\*|\/\//.test(v)) p.push(`CSP extension_pages ${d} allows remote sources: ${v.trim()}`);
  }
  for (const [key, value] of Object.entries(typeof csp === 'object' ? csp : {})) {
    if (/'unsafe-eval'/.test(value)) p.push(`CSP ${key} has 'unsafe-eval'`);
    if (/'unsafe-inline'/.test(value)) p.push(`CSP ${key} has 'unsafe-inline'`);
    const scriptSrc = (value.match(/script-src[^;]*/) ?? [''])[0];
    if (/https?:|\*|data:|blob:/.test(scriptSrc)) p.push(`CSP ${key} script-src allows remote or inline code: ${scriptSrc}`);
  }
  for (const entry of m.web_accessible_resources ?? []) {
    for (const r of entry.resources ?? []) {
      if (/\.wasm$|postcheck|engine|\*/.test(r)) p.push(`web_accessible_resources exposes ${r} to ${JSON.stringify(entry.matches)}`);
    }
  }
  const forbidden = ['debugger', 'nativeMessaging', 'cookies', 'history', 'webRequest', 'webRequestBlocking', 'proxy',
    'management', 'clipboardRead', 'tabCapture', 'desktopCapture', 'downloads', 'bookmarks', 'browsingData', 'geolocation'];
  for (const perm of [...(m.permissions ?? []), ...(m.optional_permissions ?? [])]) {
    if (forbidden.includes(perm)) p.push(`permission ${perm} is not needed by a checker`);
    if (securityDoc !== undefined && !securityDoc.includes('`' + perm + '`')) p.push(`permission ${perm} has no justification in docs/security.md`);
  }
  const broad = (h) => h === '<all_urls>' || /^(\*|https?):\/\/\*\/\*$/.test(h);
  for (const h of m.host_permissions ?? []) {
    if (broad(h)) p.push(`host permission ${h}: list the sites instead`);
  }
  // A broad optional host permission is granted per site by the user at run time; it must still be justified.
  for (const h of m.optional_host_permissions ?? []) {
    if (broad(h) && securityDoc !== undefined && !securityDoc.includes('`' + h + '`')) p.push(`optional host permission ${h} has no justification in docs/security.md`);
  }
  return p;
}

export function scanHtmlSinks(dir) {
  const sinks = /\b(innerHTML|outerHTML|insertAdjacentHTML|createContextualFragment|setHTMLUnsafe|srcdoc)\b|document\.write(ln)?\s*\(/;
  const hits = [];
  for (const f of codeFiles(dir).filter((f) => !isGlue(f))) {
    stripComments(fs.readFileSync(f, 'utf8')).split('\n').forEach((line, i) => {
      if (sinks.test(line)) hits.push(`${rel(dir, f)}:${i + 1}: ${line.trim().slice(0, 120)}`);
    });
  }
  return hits;
}

// A check of the sender: sender.id/url/origin/tab..., port.sender, or sender handed to a helper
// whose name says it checks (isOwnSender(sender), trustedSender(port), ...).
const SENDER_CHECK = /sender\s*\??\.\s*(id|url|origin|tab|documentId|frameId|envType)\b|port\s*\??\.\s*sender\b|\b\w*(sender|Sender|trusted|Trusted)\w*\s*\(\s*(\w+\s*,\s*)?(sender|port)\b/;

// The function whose body contains `index` (innermost `function NAME(` or `NAME = (...) =>`).
function enclosingFunction(src, index) {
  let best = null;
  for (const m of src.matchAll(/(?:function\s+([\w$]+)\s*\(|(?:const|let|var)\s+([\w$]+)\s*=\s*(?:async\s*)?(?:function\b|\([^)]*\)\s*=>))/g)) {
    if (m.index > index) break;
    const body = bodyFrom(src, m.index);
    const open = src.indexOf('{', m.index);
    if (open >= 0 && open + body.length > index) best = { name: m[1] || m[2], body: src.slice(m.index, open) + body };
  }
  return best;
}

// Returns { handlers, problems }: every runtime onMessage/onConnect handler must look at its
// sender (directly, or inside the one wrapper every call goes through), window 'message'
// listeners at origin or source, and no external handler may exist. Port-level onMessage
// listeners are exempt: the port was vetted when it connected.
export function scanMessageHandlers(dir) {
  const problems = [];
  let handlers = 0;
  const files = codeFiles(dir).filter((f) => !isGlue(f)).map((f) => ({ f, r: rel(dir, f), src: stripComments(fs.readFileSync(f, 'utf8')) }));
  // The object is optional: a bundler turns `api.onConnect(...)` into a bare `onConnect(...)`.
  const reg = /(?<!function\s+)(?<![\w$])(?:([\w$.]+)\.)?(onMessage|onConnect)(\.addListener)?\s*\(\s*([A-Za-z_$][\w$]*)?/g;
  const wrappers = new Map();  // wrapper function name -> does it check the sender itself?
  const sites = [];
  for (const { r, src } of files) {
    if (/onMessageExternal|onConnectExternal/.test(src)) problems.push(`${r}: external message handler`);
    for (let m; (m = reg.exec(src));) {
      const obj = m[1] ?? '';
      if (/port$/i.test(obj)) continue;
      const line = src.slice(0, m.index).split('\n').length;
      const direct = /(^|\.)runtime$/.test(obj) && m[3];
      let body;
      if (m[4] && !/^(async|function)$/.test(m[4])) {
        const name = m[4];
        const def = new RegExp(`(function\\s+${name}\\s*\\(|(const|let|var)\\s+${name}\\s*=)`).exec(src);
        if (def) body = src.slice(def.index, def.index + 200) + bodyFrom(src, def.index);
      } else {
        body = src.slice(m.index, m.index + 200) + bodyFrom(src, m.index);
      }
      if (direct) {
        const enc = enclosingFunction(src, m.index);
        // A registration inside an exported wrapper: the wrapper is where the check must live.
        if (enc && /^on(Message|Connect)$/.test(enc.name)) {
          wrappers.set(enc.name, SENDER_CHECK.test(body ?? '') || SENDER_CHECK.test(enc.body));
          continue;
        }
        handlers++;
        if (!body) problems.push(`${r}:${line}: handler ${m[4]} is not defined in this file`);
        else if (!SENDER_CHECK.test(body)) problems.push(`${r}:${line}: ${m[2]} handler never looks at its sender`);
      } else if (!m[3]) {
        sites.push({ r, line, kind: m[2], body: body ?? '' });
      }
    }
    const winMsg = /addEventListener\s*\(\s*['"]message['"]/g;
    for (let m; (m = winMsg.exec(src));) {
      handlers++;
      if (!/\.(origin|source)\b/.test(bodyFrom(src, m.index))) problems.push(`${r}: window message listener checks neither origin nor source`);
    }
  }
  for (const s of sites) {
    if (!wrappers.has(s.kind)) continue;  // some other API's onMessage-like method, not runtime messaging
    handlers++;
    if (!wrappers.get(s.kind) && !SENDER_CHECK.test(s.body))
      problems.push(`${s.r}:${s.line}: ${s.kind} handler never looks at its sender (and the ${s.kind} wrapper does not either)`);
  }
  return { handlers, problems };
}

export function scanDynamicCode(files) {
  const hits = [];
  for (const f of files) {
    const src = stripComments(fs.readFileSync(f, 'utf8'));
    if (/\beval\s*\(|\bnew\s+Function\s*\(|\bFunction\s*\(\s*['"`]|setTimeout\s*\(\s*['"`]|setInterval\s*\(\s*['"`]/.test(src)) hits.push(f);
  }
  return hits;
}

export function scanNetwork(dir) {
  const hits = [];
  for (const f of codeFiles(dir).filter((f) => !isGlue(f))) {
    const src = stripComments(fs.readFileSync(f, 'utf8'));
    const r = rel(dir, f);
    if (/\b(XMLHttpRequest|WebSocket|EventSource|sendBeacon|RTCPeerConnection)\b/.test(src)) hits.push(`${r}: network API`);
    // Allowed: the extension's own files, and bodiless GETs (the signed ruleset download, whose
    // URL comes from the Trust's policy). Anything carrying a body or another method could carry text.
    for (const m of src.matchAll(/\bfetch\s*\(([^;]{0,240})/g)) {
      const call = m[1];
      const own = /^\s*(\w+\.)*(getURL|extensionUrl)\s*\(|^\s*['"`](\.\/|\/|[\w-]+\.(wasm|json))/.test(call);
      const sends = /\bbody\s*:|\bmethod\s*:\s*['"`](?!GET)/i.test(call);
      if (sends || (!own && /\bfetch\s*\(\s*['"`]https?:/.test('fetch(' + call))) hits.push(`${r}: fetch(${call.trim().slice(0, 80)})`);
    }
  }
  return hits;
}

// Shipped CSS and HTML must not make the browser fetch anything from elsewhere: no url() with a scheme other than
// data: (or protocol-relative //host), no @import at all (a relative one still hides what loads), no @font-face with
// a remote source, and no remote src/href/srcset in HTML (links a user clicks, <a href>, are no automatic request).
export const styleFiles = (dir) => walk(dir).filter((f) => /\.(css|html?)$/.test(f));
export function scanRemoteResources(dir) {
  const hits = [];
  const remote = (u) => /^\s*['"]?\s*(\/\/|[a-z][a-z0-9+.-]*:)/i.test(u) && !/^\s*['"]?\s*data:/i.test(u);
  for (const f of styleFiles(dir)) {
    const text = fs.readFileSync(f, 'utf8');
    const r = rel(dir, f);
    const line = (i) => text.slice(0, i).split('\n').length;
    for (const m of text.matchAll(/url\(\s*([^)]*)\)/gi)) if (remote(m[1])) hits.push(`${r}:${line(m.index)}: url(${m[1].slice(0, 80)})`);
    for (const m of text.matchAll(/@import\b[^;]*;?/gi)) hits.push(`${r}:${line(m.index)}: ${m[0].slice(0, 80)}`);
    for (const m of text.matchAll(/@font-face\s*\{([^}]*)\}/gi)) {
      if ([...m[1].matchAll(/url\(\s*([^)]*)\)/gi)].some((u) => remote(u[1]))) hits.push(`${r}:${line(m.index)}: @font-face with a remote source`);
    }
    if (/\.html?$/.test(f)) {
      for (const m of text.matchAll(/<(?!a\b)([a-z][\w-]*)\b[^>]*?\s(src|href|srcset|poster|data|action|formaction)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi)) {
        if (remote(m[3].replace(/^["']/, ''))) hits.push(`${r}:${line(m.index)}: <${m[1]} ${m[2]}=${m[3].slice(0, 80)}>`);
      }
    }
  }
  return hits;
}
