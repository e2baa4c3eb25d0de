// Runs content-script checks one at a time, fairly: tabs take turns (round robin), and within a tab its ports
// (frames) take turns, so one page flooding checks from many composers or frames delays only itself (review L4).
// Each port may have at most MAX_PENDING_PER_PORT checks waiting; beyond that the oldest is answered "superseded"
// at once (a composer has one check in flight, so only a page making many composers ever reaches the cap).

export const MAX_PENDING_PER_PORT = 4;

export class CheckQueue {
  // run(msg) -> Promise<result>; answered with (reply, result). Never throws: run must fail open itself.
  constructor(run) {
    this.run = run;
    this.tabs = new Map();  // tabKey -> Map(portKey -> [{ msg, reply }])
    this.order = [];        // tab keys in turn order
    this.portTurn = new Map(); // tabKey -> last port key served
    this.busy = false;
  }

  push(tabKey, portKey, msg, reply) {
    let ports = this.tabs.get(tabKey);
    if (!ports) {
      ports = new Map();
      this.tabs.set(tabKey, ports);
      this.order.push(tabKey);
    }
    let list = ports.get(portKey);
    if (!list) { list = []; ports.set(portKey, list); }
    list.push({ msg, reply });
    while (list.length > MAX_PENDING_PER_PORT) {
      const dropped = list.shift();
      dropped.reply({ ok: false, findings: [], truncated: false, error: 'superseded', superseded: true });
    }
    this.pump();
  }

  // A port closed (tab gone, frame navigated): its waiting checks are dropped unanswered.
  dropPort(tabKey, portKey) {
    const ports = this.tabs.get(tabKey);
    if (!ports) return;
    ports.delete(portKey);
    if (!ports.size) this.forgetTab(tabKey);
  }

  forgetTab(tabKey) {
    this.tabs.delete(tabKey);
    this.portTurn.delete(tabKey);
    const i = this.order.indexOf(tabKey);
    if (i >= 0) this.order.splice(i, 1);
  }

  // The next check to run: the first tab in turn order with work, then the port after the one it was last served from.
  next() {
    for (let n = 0; n < this.order.length; n++) {
      const tabKey = this.order.shift();
      this.order.push(tabKey); // this tab goes to the back whether or not it had work
      const ports = this.tabs.get(tabKey);
      const keys = [...ports.keys()].filter((k) => ports.get(k).length);
      if (!keys.length) continue;
      const last = this.portTurn.get(tabKey);
      const after = keys.find((k) => last !== undefined && k > last);
      const portKey = after !== undefined ? after : keys[0];
      this.portTurn.set(tabKey, portKey);
      return ports.get(portKey).shift();
    }
    return null;
  }

  get pending() {
    let n = 0;
    for (const ports of this.tabs.values()) for (const list of ports.values()) n += list.length;
    return n;
  }

  async pump() {
    if (this.busy) return;
    this.busy = true;
    try {
      for (let job = this.next(); job; job = this.next()) {
        let result;
        try {
          result = await this.run(job.msg);
        } catch (e) {
          result = { ok: false, findings: [], truncated: false, error: String(e && e.message || e) };
        }
        job.reply(result);
      }
    } finally {
      this.busy = false;
    }
  }
}
