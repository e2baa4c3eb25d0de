// Network recorder for a Firefox run inside the loopback-only network namespace (tests/firefox/run.sh): a DNS stub
// on 127.0.0.1:53 that logs every name looked up and answers none, and a logging HTTP/HTTPS proxy that Firefox is
// configured to use. The proxy serves a few named hosts (the fixture pages as https://x.com) from a local TLS
// server and refuses and logs everything else. Nothing can leave the namespace; this shows what tried to.
import dgram from 'node:dgram';
import http from 'node:http';
import net from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

// The question name of a DNS query packet (labels from offset 12), and its type.
function dnsQuestion(msg) {
  const labels = [];
  let i = 12;
  while (i < msg.length && msg[i] !== 0) {
    const len = msg[i];
    labels.push(msg.subarray(i + 1, i + 1 + len).toString('latin1'));
    i += len + 1;
  }
  const type = msg.length >= i + 3 ? msg.readUInt16BE(i + 1) : 0;
  return { name: labels.join('.'), type, end: i + 5 };
}

// Answers every query REFUSED (so resolvers give up at once) after logging it.
async function startDnsStub(log) {
  const sockets = [];
  for (const type of ['udp4']) {
    const s = dgram.createSocket(type);
    s.on('message', (msg, rinfo) => {
      if (msg.length < 12) return;
      const q = dnsQuestion(msg);
      log.push({ kind: 'dns', host: q.name, type: q.type, at: Date.now() });
      const reply = Buffer.from(msg.subarray(0, Math.min(q.end, msg.length)));
      reply[2] = 0x80 | (msg[2] & 0x01); // QR=1, keep RD
      reply[3] = 0x05; // REFUSED
      reply.writeUInt16BE(1, 4); reply.writeUInt16BE(0, 6); reply.writeUInt16BE(0, 8); reply.writeUInt16BE(0, 10);
      s.send(reply, rinfo.port, rinfo.address);
    });
    await new Promise((resolve, reject) => { s.once('error', reject); s.bind(53, '127.0.0.1', resolve); });
    sockets.push(s);
  }
  // TCP DNS too (a resolver falls back to it); a closed connection is the answer.
  const tcp = net.createServer((c) => {
    c.once('data', (d) => { if (d.length > 14) log.push({ kind: 'dns', host: dnsQuestion(d.subarray(2)).name, type: 'tcp', at: Date.now() }); c.destroy(); });
    c.on('error', () => {});
  });
  await new Promise((resolve, reject) => { tcp.once('error', reject); tcp.listen(53, '127.0.0.1', resolve); });
  return () => Promise.all([...sockets.map((s) => new Promise((r) => s.close(r))), new Promise((r) => tcp.close(r))]);
}

// A self-signed certificate for the served hosts (Firefox is started with acceptInsecureCerts).
export function selfSignedCert(hosts) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'postcheck-cert-'));
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2',
    '-subj', '/CN=postcheck-test', '-addext', 'subjectAltName=' + hosts.map((h) => 'DNS:' + h).join(',')], { stdio: 'ignore' });
  const out = { key: fs.readFileSync(key), cert: fs.readFileSync(cert) };
  fs.rmSync(dir, { recursive: true, force: true });
  return out;
}

// served: { 'x.com': localPort } hosts the proxy tunnels to a local server; everything else is logged and refused.
export async function startRecorder({ served = {} } = {}) {
  const log = [];
  const stopDns = await startDnsStub(log);
  const proxy = http.createServer((req, res) => {
    // Plain-http requests through a proxy carry the absolute URL.
    log.push({ kind: 'http', host: req.headers.host || '', url: req.url, at: Date.now() });
    res.writeHead(403, { 'content-type': 'text/plain' });
    res.end('PostCheck test recorder: nothing leaves this machine');
  });
  const tunnels = new Set(); // CONNECT sockets leave the http server's bookkeeping: closed by hand
  proxy.on('connect', (req, socket) => {
    const [host, port] = req.url.split(':');
    tunnels.add(socket);
    socket.on('close', () => tunnels.delete(socket));
    socket.on('error', () => {});
    if (served[host] && port === '443') {
      log.push({ kind: 'connect', host, port, served: true, at: Date.now() });
      const upstream = net.connect(served[host], '127.0.0.1', () => {
        socket.on('close', () => upstream.destroy());
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.pipe(socket);
        socket.pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
      return;
    }
    log.push({ kind: 'connect', host, port, at: Date.now() });
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  proxy.on('clientError', (_e, s) => s.destroy());
  await new Promise((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const port = proxy.address().port;
  return {
    port,
    log,
    // What tried to reach anything but the served hosts.
    outside: () => log.filter((e) => !e.served),
    // about:config values that send all of Firefox's http, https and websocket traffic through this proxy (loopback
    // itself stays direct: the fixture server on 127.0.0.1 and the closed port of QUIET_FIREFOX_PREFS).
    firefoxPrefs: {
      'network.proxy.type': 1, 'network.proxy.http': '127.0.0.1', 'network.proxy.http_port': port,
      'network.proxy.ssl': '127.0.0.1', 'network.proxy.ssl_port': port, 'network.proxy.share_proxy_settings': false,
      'network.proxy.no_proxies_on': '', 'network.proxy.allow_hijacking_localhost': false, 'network.proxy.failover_direct': false,
    },
    close: async () => {
      for (const s of tunnels) s.destroy();
      proxy.closeAllConnections?.();
      await new Promise((r) => proxy.close(r));
      await stopDns();
    },
  };
}
