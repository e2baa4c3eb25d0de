// Pre-send check: window-level capture listeners (registered at document_start, so they run before the site's and
// the editors' own handlers) for Enter / Ctrl|Cmd+Enter, clicks on the site's send control and form submits.
// Only trusted, non-IME events in a tracked composer are considered; everything else returns at once.
// Decisions use the result for the CURRENT text; a stale one holds the send, checks, then decides. Fail open.

import { deepTarget, sendButtonInPath, isNear } from './composer_discovery.js';

const HOLD_TIMEOUT_MS = 2500;

export function isImeEvent(e) {
  return e.isComposing || e.keyCode === 229;
}

// 'plain' (Enter), 'mod' (Ctrl/Cmd+Enter) or '' for any other key.
export function sendKeyKind(e) {
  if (e.key !== 'Enter' || e.altKey) return '';
  if (e.ctrlKey || e.metaKey) return 'mod';
  return e.shiftKey ? '' : 'plain';
}

export class SendGuard {
  constructor(ctrl) {
    this.ctrl = ctrl;
    this.replaying = false;
    this.busy = false; // a dialog or a held send is in progress
    window.addEventListener('keydown', (e) => this.onKey(e), true);
    window.addEventListener('click', (e) => this.onClick(e), true);
    window.addEventListener('submit', (e) => this.onSubmit(e), true);
  }

  blocking(findings) {
    return findings.filter((f) => f.severity === 'warn' || f.severity === 'block');
  }

  // 'clean' | 'stale' | findings[] (warn/block) for the composer's current text.
  decide(composer) {
    const fresh = composer.freshResult();
    if (!fresh) return 'stale';
    if (!fresh.ok) return 'clean'; // the engine failed for this text: fail open
    const hits = this.blocking(composer.visibleFindings(fresh));
    return hits.length ? hits : 'clean';
  }

  stop(e) {
    e.preventDefault();
    e.stopImmediatePropagation();
  }

  onKey(e) {
    try {
      if (!this.ctrl.active || !e.isTrusted || isImeEvent(e) || this.replaying) return;
      const kind = sendKeyKind(e);
      if (!kind) return;
      if (kind === 'plain' && !this.ctrl.enterSends) return;
      const composer = this.ctrl.composerFromNode(deepTarget(e));
      if (!composer) return;
      if (this.busy) { this.stop(e); return; }
      const text = composer.text();
      if (!text.trim()) return;
      const token = composer.passToken;
      if (token && token.text === text && Date.now() < token.until) {
        composer.passToken = null; // exactly one send goes through
        return;
      }
      composer.passToken = null;
      const d = this.decide(composer);
      if (d === 'clean') return;
      this.stop(e);
      this.handle(composer, d, { kind: 'key', combo: kind === 'mod' ? (e.metaKey ? 'Cmd+Enter' : 'Ctrl+Enter') : 'Enter' });
    } catch (_) { /* fail open */ }
  }

  onClick(e) {
    try {
      if (!this.ctrl.active || !e.isTrusted || this.replaying) return;
      const button = sendButtonInPath(e);
      if (!button) return;
      this.intercept(e, this.ctrl.composerNear(button), { kind: 'click', button });
    } catch (_) { /* fail open */ }
  }

  // The shared tail of the click and submit paths: no composer or no text lets the send go, a
  // check in flight holds it, and findings stop it for the dialog.
  intercept(e, composer, replay) {
    if (!composer) return;
    if (this.busy) { this.stop(e); return; }
    if (!composer.text().trim()) return;
    const d = this.decide(composer);
    if (d === 'clean') return;
    this.stop(e);
    this.handle(composer, d, replay);
  }

  onSubmit(e) {
    try {
      if (!this.ctrl.active || this.replaying) return;
      const form = e.target;
      this.intercept(e, this.ctrl.composerInForm(form), { kind: 'submit', form, submitter: e.submitter || null });
    } catch (_) { /* fail open */ }
  }

  async handle(composer, decision, gesture) {
    this.busy = true;
    const saved = composer.saveSelection();
    try {
      let findings = decision;
      if (decision === 'stale') {
        const result = await Promise.race([
          composer.checkNow(),
          new Promise((r) => setTimeout(() => r(null), HOLD_TIMEOUT_MS)),
        ]);
        findings = result && result.ok ? this.blocking(composer.visibleFindings(result)) : [];
        if (!findings.length) { // clean (or the engine failed: fail open) -> let the send continue
          this.busy = false;
          this.continueSend(composer, gesture, saved, result && result.text);
          return;
        }
      }
      const canPost = !(composer.blockMode() && findings.some((f) => f.severity === 'block'));
      const text = composer.text();
      const answer = await this.ctrl.ui.confirmSend(findings, text, canPost);
      this.busy = false;
      if (answer === 'post' && canPost) this.continueSend(composer, gesture, saved, text);
      else composer.restoreFocus(saved);
    } catch (_) {
      this.busy = false;
      composer.restoreFocus(saved);
    }
  }

  // Lets exactly one send through: replays a click or submit; for keys the user presses the keys once more.
  continueSend(composer, gesture, saved, text) {
    if (gesture.kind === 'click' && gesture.button.isConnected) {
      this.replaying = true;
      try { gesture.button.click(); } finally { this.replaying = false; }
      return;
    }
    if (gesture.kind === 'submit' && gesture.form.isConnected) {
      this.replaying = true;
      try {
        if (gesture.form.requestSubmit) gesture.form.requestSubmit(gesture.submitter || undefined);
        else gesture.form.submit();
      } finally { this.replaying = false; }
      return;
    }
    // Keys are not forged (sites and editors treat synthetic keys differently): the next real press passes.
    const hint = `Press ${gesture.combo || 'Enter'} again to post`;
    composer.passToken = { text: text === undefined ? composer.text() : text, until: Date.now() + 60000, hint };
    composer.restoreFocus(saved);
    this.ctrl.hint(composer, hint);
  }
}
