// Content-side link to the background engine: a runtime Port carrying {id, text} -> findings. While a composer is
// focused a keepalive every 20 s stops Chrome from retiring the service worker (and paying the cold start again).
// Invariant: every promise settles; a dead port or a slow engine resolves to ok=false (fail open).

import * as api from '../shared/browser_api.js';
import { PORT_NAME, CHECK, KEEPALIVE, RESULT } from '../shared/messages.js';

const KEEPALIVE_MS = 20000;

export class CheckerClient {
  constructor() {
    this.port = null;
    this.nextId = 1;
    this.pending = new Map(); // id -> resolve
    this.warmTimer = 0;
  }

  connect() {
    if (this.port) return this.port;
    const port = api.connect(PORT_NAME);
    port.onMessage.addListener((msg) => {
      if (!msg || msg.type !== RESULT) return;
      const resolve = this.pending.get(msg.id);
      if (resolve) {
        this.pending.delete(msg.id);
        resolve(msg);
      }
    });
    port.onDisconnect.addListener(() => {
      if (this.port === port) this.port = null;
      // The worker restarted or the extension was reloaded: answer everything in flight with "unknown".
      for (const [id, resolve] of this.pending) resolve({ id, ok: false, findings: [], error: 'disconnected' });
      this.pending.clear();
    });
    this.port = port;
    return port;
  }

  check(text, site, timeoutMs = 4000) {
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        if (this.pending.delete(id)) resolve({ id, ok: false, findings: [], error: 'timeout' });
      }, timeoutMs);
      this.pending.set(id, (msg) => { clearTimeout(timer); resolve(msg); });
      try {
        this.connect().postMessage({ type: CHECK, id, text, site });
      } catch (e) {
        // Port died between connect and post (worker stopped): one retry on a fresh port.
        this.port = null;
        try {
          this.connect().postMessage({ type: CHECK, id, text, site });
        } catch (e2) {
          clearTimeout(timer);
          this.pending.delete(id);
          resolve({ id, ok: false, findings: [], error: String(e2 && e2.message || e2) });
        }
      }
    });
  }

  keepWarm(on) {
    if (on && !this.warmTimer) {
      this.warmTimer = setInterval(() => {
        try { this.connect().postMessage({ type: KEEPALIVE }); } catch (_) { this.port = null; }
      }, KEEPALIVE_MS);
    } else if (!on && this.warmTimer) {
      clearInterval(this.warmTimer);
      this.warmTimer = 0;
    }
  }
}
