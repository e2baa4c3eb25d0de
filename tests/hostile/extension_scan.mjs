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
export const readManifest = (dir) => JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));

export function scanManifest(dir, securityDoc) {
  const m = readManifest(dir);
  const p = [];
  if (m.manifest_version !== 3) p.push(`manifest_version is ${m.manifest_version}, not 3`);
  if ('externally_connectable' in m) p.push('externally_connectable present: pages or other extensions could message the extension');
  const csp = m.content_security_policy ?? {};
  if (typeof csp !== 'object') p.push('content_security_policy is not an MV3 object');
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
  for (const h of [...(m.host_permissions ?? []), ...(m.optional_host_permissions ?? [])]) {
    if (h === '<all_urls>' || h === '*://*/*') p.push(`host permission ${h}: list the sites instead`);
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

// Returns { handlers, problems }: every onMessage/onConnect handler must look at its sender,
// window 'message' listeners at origin or source, and no external handler may exist.
export function scanMessageHandlers(dir) {
  const problems = [];
  let handlers = 0;
  for (const f of codeFiles(dir).filter((f) => !isGlue(f))) {
    const src = stripComments(fs.readFileSync(f, 'utf8'));
    const r = rel(dir, f);
    if (/onMessageExternal|onConnectExternal/.test(src)) problems.push(`${r}: external message handler`);
    const re = /\.(onMessage|onConnect)\.addListener\s*\(\s*([A-Za-z_$][\w$.]*)?/g;
    for (let m; (m = re.exec(src));) {
      handlers++;
      const line = src.slice(0, m.index).split('\n').length;
      let body;
      if (m[2] && !/^(async|function)$/.test(m[2])) {
        const name = m[2].split('.').pop();
        const def = new RegExp(`(function\\s+${name}\\s*\\(|${name}\\s*[=:]\\s*(async\\s*)?(function\\b|\\())`).exec(src);
        if (!def) { problems.push(`${r}:${line}: handler ${name} is not defined in this file`); continue; }
        body = src.slice(def.index, def.index + 200) + bodyFrom(src, def.index);
      } else {
        body = src.slice(m.index, m.index + 200) + bodyFrom(src, m.index);
      }
      // A direct check of sender.id/url/origin/tab, or sender handed to a checking helper.
      const checks = /sender\s*\??\.\s*(id|url|origin|tab|documentId|frameId)\b|\b\w*(sender|Sender|trusted|Trusted)\w*\s*\(\s*(\w+\s*,\s*)?(sender|port\.sender|port)\b|port\.sender/;
      if (!checks.test(body)) problems.push(`${r}:${line}: ${m[1]} handler never looks at its sender`);
    }
    const winMsg = /addEventListener\s*\(\s*['"]message['"]/g;
    for (let m; (m = winMsg.exec(src));) {
      handlers++;
      if (!/\.(origin|source)\b/.test(bodyFrom(src, m.index))) problems.push(`${r}: window message listener checks neither origin nor source`);
    }
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
    for (const m of src.matchAll(/\bfetch\s*\(([^)]{0,160})/g)) {
      if (!/runtime\.getURL|^\s*['"`](\.\/|\/|[\w-]+\.(wasm|json))/.test(m[1])) hits.push(`${r}: fetch(${m[1].trim().slice(0, 80)})`);
    }
  }
  return hits;
}
