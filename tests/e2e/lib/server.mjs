// Static server for the fixture pages on 127.0.0.1 (random port), with per-page security headers: the Mastodon-like
// page gets a strict CSP (script-src 'self', no wasm), the LinkedIn-like page enforces Trusted Types.
import { createServer } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { readFile } from 'node:fs/promises';
import { join, extname, normalize } from 'node:path';

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.png': 'image/png', '.svg': 'image/svg+xml' };

export const PAGE_HEADERS = {
  '/mastodon.html': { 'Content-Security-Policy': "default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'" },
  '/linkedin.html': { 'Content-Security-Policy': "script-src 'self'; require-trusted-types-for 'script'; trusted-types default" },
};

// tls: { key, cert } serves https instead (tests/firefox serves the pages as https://x.com through its proxy).
export function startServer(dir, extraRoutes = {}, { tls = null } = {}) {
  const handler = async (req, res) => {
    try {
      const url = new URL(req.url, 'http://127.0.0.1');
      if (extraRoutes[url.pathname]) return extraRoutes[url.pathname](req, res);
      let path = normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, '');
      if (path === '/') path = '/index.html';
      const body = await readFile(join(dir, path));
      res.writeHead(200, { 'Content-Type': TYPES[extname(path)] || 'application/octet-stream', 'Cache-Control': 'no-store', ...(PAGE_HEADERS[path] || {}) });
      res.end(body);
    } catch (_) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found');
    }
  };
  const server = tls ? createTlsServer(tls, handler) : createServer(handler);
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ origin: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`, port,
        close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(r); }) });
    });
  });
}
