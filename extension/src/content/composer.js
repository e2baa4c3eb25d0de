// One tracked compose box: snapshots its text, runs checks (coalesced, debounced), keeps the latest result tied to
// the exact text it was computed for, and paints it. Invariant: a result is painted or used at send time only if
// its text equals the composer's current text (sequence ids + text comparison), so a stale result never paints.

import { snapshotEditable, snapshotField, rangeFor, offsetOf } from './text_snapshot.js';
import { snapToGraphemes } from './graphemes.js';
import { editorFamily } from './composer_discovery.js';
import { FieldOverlay } from './overlay.js';
import { sortFindings } from './ui.js';

export const DEBOUNCE_MS = 40;

export class Composer {
  constructor(el, ctrl) {
    this.el = el;
    this.ctrl = ctrl;
    this.kind = el.tagName === 'TEXTAREA' || el.tagName === 'INPUT' ? 'field' : 'editable';
    this.family = editorFamily(el);
    this.seq = 0;
    this.result = null;       // { text, ok, findings } for the last completed check
    this.inflight = null;
    this.dirty = false;
    this.timer = 0;
    this.dismissed = new Set();
    this.overlay = null;
    this.items = [];          // painted: [{ finding, range|null }]
    this.lastFocus = 0;
    this.passToken = null;    // { text, until } after "Post anyway" on a key-only send
    this.observer = null;
    this.lastValue = null;
    this.timings = [];
    if (this.kind === 'editable') {
      // Observe only: programmatic changes (site clears the box after posting) fire no input event.
      this.observer = new MutationObserver(() => this.schedule());
      this.observer.observe(el, { subtree: true, childList: true, characterData: true });
    }
  }

  snapshot() {
    return this.kind === 'field' ? snapshotField(this.el) : snapshotEditable(this.el);
  }

  text() {
    return this.snapshot().text;
  }

  schedule() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => { this.timer = 0; this.run(); }, DEBOUNCE_MS);
  }

  // Starts a check of the current text unless one is in flight (then it re-runs when that one lands).
  run() {
    if (this.inflight) {
      this.dirty = true;
      return this.inflight;
    }
    const text = this.text();
    const seq = ++this.seq;
    if (!text.trim()) {
      this.dismissed.clear(); // an empty box is a new post
      this.result = { text, ok: true, findings: [] };
      this.paint();
      return Promise.resolve(this.result);
    }
    const started = performance.now();
    this.inflight = this.ctrl.client.check(text, this.ctrl.site).then((res) => {
      this.inflight = null;
      if (seq === this.seq) {
        const answered = performance.now();
        this.result = { text, ok: !!res.ok, findings: res.ok ? res.findings : [], mode: res.mode };
        this.paint();
        // Timings only (no text): debounce end -> engine answer -> ranges registered; read by the benchmark.
        const rec = { length: text.length, check: answered - started, painted: performance.now() - started, findings: this.items.length };
        requestAnimationFrame(() => { rec.frame = performance.now() - started; }); // next frame: pixels on screen
        this.timings.push(rec);
        if (this.timings.length > 500) this.timings.shift();
      }
      if (this.dirty) {
        this.dirty = false;
        return this.run();
      }
      return this.result;
    });
    return this.inflight;
  }

  // The result for exactly the current text, or null if it is not known yet.
  freshResult() {
    return this.result && this.result.text === this.text() ? this.result : null;
  }

  // Result for the current text, checking now if needed (send guard). Resolves null if the engine failed.
  async checkNow() {
    clearTimeout(this.timer);
    for (let i = 0; i < 3; i++) {
      const fresh = this.freshResult();
      if (fresh) return fresh;
      if (this.inflight) this.dirty = true;
      await this.run();
    }
    return this.freshResult();
  }

  dismissKey(f, text) {
    return f.rule + '|' + text.slice(f.start, f.end).toLowerCase();
  }

  // In block mode a block-level finding cannot be dismissed (M2): it stays visible and stops the send.
  visibleFindings(result = this.result) {
    if (!result || !result.ok) return [];
    const locked = (f) => f.severity === 'block' && this.blockMode(result);
    return sortFindings(result.findings.filter((f) => locked(f) || !this.dismissed.has(this.dismissKey(f, result.text))));
  }

  // The background sends the administrator's mode with every result (read from policy there); the settings copy only
  // adds strictness, never removes it.
  blockMode(result = this.result) {
    return (result && result.mode === 'block') || (this.ctrl.settings && this.ctrl.settings.mode === 'block');
  }

  dismiss(finding) {
    if (!this.result) return;
    if (finding.severity === 'block' && this.blockMode()) return;
    this.dismissed.add(this.dismissKey(finding, this.result.text));
    this.paint();
  }

  paint() {
    const result = this.result;
    if (!result) return;
    const snap = this.snapshot();
    if (snap.text !== result.text) {
      this.schedule(); // newer text exists: never paint an old result over it
      return;
    }
    const findings = this.visibleFindings(result);
    this.items = findings.map((f) => {
      const { start, end } = snapToGraphemes(snap.text, f.start, f.end);
      return { finding: f, start, end, range: this.kind === 'editable' ? rangeFor(snap, start, end) : null };
    });
    if (this.kind === 'editable') {
      this.ctrl.paintRanges(this, this.items.map((it) => ({ severity: it.finding.severity, range: it.range })));
    } else {
      if (!this.overlay && this.items.length) this.overlay = new FieldOverlay(this.el);
      if (this.overlay) {
        // Highest severity first where findings overlap, then by position.
        const marks = this.items.map((it) => ({ severity: it.finding.severity, start: it.start, end: it.end }));
        this.overlay.render(snap.text, marks);
      }
    }
    this.ctrl.onPainted(this);
  }

  // Client rects of the i-th painted finding (editor ranges, or the overlay's marks for fields).
  rectsOf(i) {
    const it = this.items[i];
    if (!it) return [];
    if (it.range) return Array.from(it.range.getClientRects());
    const mark = this.overlay && this.overlay.marks[i];
    return mark ? Array.from(mark.getClientRects()) : [];
  }

  findingAt(x, y) {
    for (let i = 0; i < this.items.length; i++) {
      for (const r of this.rectsOf(i)) {
        if (x >= r.left - 1 && x <= r.right + 1 && y >= r.top - 1 && y <= r.bottom + 1) return i;
      }
    }
    return -1;
  }

  // Caret offset in the composer's text (UTF-16), or -1 when the selection is elsewhere.
  caretOffset() {
    if (this.kind === 'field') return document.activeElement === this.el ? this.el.selectionStart : -1;
    const sel = this.el.ownerDocument.getSelection();
    if (!sel || !sel.rangeCount || !this.el.contains(sel.focusNode)) return -1;
    return offsetOf(this.snapshot(), sel.focusNode, sel.focusOffset);
  }

  // Index of the painted finding that contains the caret (a caret just after a finding's last character counts).
  findingContainingCaret() {
    const at = this.caretOffset();
    if (at < 0) return -1;
    return this.items.findIndex((it) => at >= it.start && at <= it.end);
  }

  // The finding for the keyboard shortcut: the one at the caret, else the next one after it, else the first.
  findingAtCaret() {
    const inside = this.findingContainingCaret();
    if (inside >= 0) return inside;
    const at = this.caretOffset();
    const next = this.items.findIndex((it) => it.start >= at);
    return at >= 0 && next >= 0 ? next : 0;
  }

  saveSelection() {
    if (this.kind === 'field') {
      return { start: this.el.selectionStart, end: this.el.selectionEnd };
    }
    const sel = this.el.ownerDocument.getSelection();
    return sel && sel.rangeCount && this.el.contains(sel.anchorNode) ? { range: sel.getRangeAt(0).cloneRange() } : null;
  }

  // Focus back with the caret where it was: selection only, never the content.
  restoreFocus(saved) {
    try {
      this.el.focus({ preventScroll: true });
      if (!saved) return;
      if (this.kind === 'field') this.el.setSelectionRange(saved.start, saved.end);
      else if (saved.range) {
        const sel = this.el.ownerDocument.getSelection();
        sel.removeAllRanges();
        sel.addRange(saved.range);
      }
    } catch (_) { /* focus is best effort */ }
  }

  destroy() {
    clearTimeout(this.timer);
    if (this.observer) this.observer.disconnect();
    if (this.overlay) this.overlay.destroy();
    this.ctrl.paintRanges(this, []);
  }
}
