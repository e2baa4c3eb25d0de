// Pre-send check: window-level capture listeners (registered at document_start, so they run before the site's and
// the editors' own handlers) for Enter / Ctrl|Cmd+Enter, clicks on the site's send control and form submits.
// Only trusted, non-IME events in a tracked composer are considered; everything else returns at once.
// Decisions use the result for the CURRENT text; a stale one holds the send, checks, then decides. Fail open: an
// internal error, or a page removing the dialog, lets the held send continue.

import { deepTarget, sendButtonInPath, findSendButton, buttonSignature, findSameButton } from './composer_discovery.js';

/* global POSTCHECK_TEST_BUILD */
const TEST_BUILD = typeof POSTCHECK_TEST_BUILD !== 'undefined' && POSTCHECK_TEST_BUILD;
const HOLD_TIMEOUT_MS = 2500;
const PASS_MS = 60000;
// After PostCheck sent for the user, the box still holding the same text this long later means the site did not
// take the replay: the badge then says how to send it themselves (the one-use pass lets that send through).
const REPLAY_CHECK_MS = 1500;

export function isImeEvent(e) {
  return e.isComposing || e.keyCode === 229;
}

// 'plain' (Enter), 'mod' (Ctrl/Cmd+Enter) or '' for any other key.
export function sendKeyKind(e) {
  if (e.key !== 'Enter' || e.altKey) return '';
  if (e.ctrlKey || e.metaKey) return 'mod';
  return e.shiftKey ? '' : 'plain';
}

// What the user is asked to do when PostCheck cannot send for them.
export function manualHint(gesture) {
  if (gesture.kind === 'key') return `Press ${gesture.combo || 'Enter'} again to post`;
  if (gesture.kind === 'click') return 'Click the site\'s send button again to post';
  return 'Send it again to post';
}

export class SendGuard {
  constructor(ctrl) {
    this.ctrl = ctrl;
    this.replaying = false;
    this.busy = false; // a dialog or a held send is in progress
    this.busySince = 0;
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

  // A send during a hold or an open dialog is stopped; but never for longer than a hold can last when no dialog is
  // showing (belt and braces for L1: nothing may leave sends stopped for good).
  isBusy() {
    if (!this.busy) return false;
    const dialog = this.ctrl.ui && this.ctrl.ui.dialogOpen();
    if (!dialog && Date.now() - this.busySince > HOLD_TIMEOUT_MS + 2000) this.busy = false;
    return this.busy;
  }

  // The one-use pass left by "Post anyway": the next send of exactly this text goes through.
  takePass(composer, text) {
    const token = composer.passToken;
    composer.passToken = null;
    return !!(token && token.text === text && Date.now() < token.until);
  }

  onKey(e) {
    try {
      if (!this.ctrl.active || !e.isTrusted || isImeEvent(e) || this.replaying) return;
      const kind = sendKeyKind(e);
      if (!kind) return;
      if (kind === 'plain' && !this.ctrl.enterSends) return;
      const composer = this.ctrl.composerFromNode(deepTarget(e));
      if (!composer) return;
      const combo = kind === 'mod' ? (e.metaKey ? 'Cmd+Enter' : 'Ctrl+Enter') : 'Enter';
      this.intercept(e, composer, { kind: 'key', combo, target: deepTarget(e), key: e.key, code: e.code,
        keyCode: e.keyCode, ctrlKey: e.ctrlKey, metaKey: e.metaKey, shiftKey: e.shiftKey });
    } catch (_) { /* fail open */ }
  }

  onClick(e) {
    try {
      if (!this.ctrl.active || !e.isTrusted || this.replaying) return;
      const button = sendButtonInPath(e);
      if (!button) return;
      this.intercept(e, this.ctrl.composerNear(button), { kind: 'click', button, sig: buttonSignature(button) });
    } catch (_) { /* fail open */ }
  }

  // A page's synthetic submit event (dispatchEvent) is not a send by the user: not ours to stop (L3). Real submits
  // (a submit button, implicit submission, requestSubmit) are trusted.
  onSubmit(e) {
    try {
      if (!this.ctrl.active || !e.isTrusted || this.replaying) return;
      // requestSubmit() from a page script is trusted too: without a user's click or key moments before, it is not
      // the user sending, and holding it would let a page probe for findings (the dialog would take focus).
      if (typeof navigator !== 'undefined' && navigator.userActivation && !navigator.userActivation.isActive) return;
      const form = e.target;
      this.intercept(e, this.ctrl.composerInForm(form), { kind: 'submit', form, submitter: e.submitter || null });
    } catch (_) { /* fail open */ }
  }

  // The shared tail of every send path: no composer or no text lets the send go, so does the pass left by "Post
  // anyway"; a check in flight holds it, and findings stop it for the dialog.
  intercept(e, composer, gesture) {
    if (!composer) return;
    if (this.isBusy()) { this.stop(e); return; }
    const text = composer.text();
    if (!text.trim()) return;
    if (this.takePass(composer, text)) return;
    const d = this.decide(composer);
    if (d === 'clean') return;
    this.stop(e);
    this.handle(composer, d, gesture);
  }

  async handle(composer, decision, gesture) {
    this.busy = true;
    this.busySince = Date.now();
    const saved = composer.saveSelection();
    let text = composer.text();
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
          this.continueSend(composer, gesture, saved, result ? result.text : text, false);
          return;
        }
      }
      const canPost = !(composer.blockMode() && findings.some((f) => f.severity === 'block'));
      // Said before the user chooses: where PostCheck has no way to send for them, they will send it themselves.
      const note = () => (canPost && !this.route(composer, gesture)
        ? `PostCheck cannot send this for you here. If you choose "Post anyway": ${manualHint(gesture).toLowerCase()}.` : '');
      text = composer.text();
      if (TEST_BUILD && this.ctrl.faults && this.ctrl.faults.dialog) throw new Error('injected: the dialog failed');
      const answer = await this.ctrl.ui.confirmSend(findings, text, canPost, note);
      this.busy = false;
      // 'detached': a page removed the dialog before the user chose; as if PostCheck were absent, the send goes on,
      // except where the Trust's block mode forbids this post.
      if ((answer === 'post' || answer === 'detached') && canPost) this.continueSend(composer, gesture, saved, text, answer === 'post');
      else composer.restoreFocus(saved);
    } catch (_) {
      // L1: an internal error never swallows the send.
      this.busy = false;
      try { this.continueSend(composer, gesture, saved, text, false); } catch (_e) { /* nothing left to do */ }
    }
  }

  // How PostCheck can send for the user on this gesture, or null. Submits replay as form.requestSubmit() (a trusted
  // submit event); clicks as button.click() on the same button, or the send button found again if the site
  // re-rendered it; keys as the same key dispatched at the same element (untrusted: see docs/security.md E3).
  route(composer, gesture) {
    composer = this.live(composer);
    if (gesture.kind === 'submit') return gesture.form.isConnected ? { kind: 'submit', form: gesture.form } : null;
    if (gesture.kind === 'click') {
      // Re-rendered while the dialog was open: the send button near the box, else the one like it in the page.
      const button = gesture.button.isConnected ? gesture.button
        : (composer.el.isConnected && findSendButton(composer.el)) || findSameButton(gesture.sig);
      if (!button) return null;
      // A submit button of the box's form: requestSubmit() sends the form with a trusted submit event and no
      // synthetic click, so the page does not see that PostCheck sent it.
      if (button.form && button.type === 'submit' && button.form.contains(composer.el)) return { kind: 'submit', form: button.form, submitter: button };
      return { kind: 'click', button };
    }
    // Keys in a form with a real submit button (Ctrl+Enter in a form's textarea, as on Mastodon): same trusted submit.
    const form = composer.el.form || (composer.el.closest && composer.el.closest('form'));
    const submit = form && form.querySelector('button[type="submit"], button:not([type]), input[type="submit"]');
    if (submit && !submit.disabled) return { kind: 'submit', form, submitter: submit };
    if (!composer.el.isConnected) return null;
    const t = gesture.target;
    return { kind: 'key', target: t && t.isConnected && composer.el.contains(t) ? t : composer.el };
  }

  // The composer now on the page for this one: a site that re-mounted its editor while the dialog was open has
  // a new element (the old one is detached); the one in use now is the current composer.
  live(composer) {
    const cur = this.ctrl.current;
    return !composer.el.isConnected && cur && cur.el.isConnected ? cur : composer;
  }

  // Lets exactly one send through for text. chosen: the user picked "Post anyway" (else: fail open or a held clean
  // send). Leaves a one-use pass for this text, so if the site ignored the replay the user's own next send of it
  // goes straight through (never back to the dialog, L2); a site that posted has cleared the box, so it is unused.
  continueSend(composer, gesture, saved, text, chosen) {
    const route = this.route(composer, gesture);
    if (composer !== this.live(composer)) { composer = this.live(composer); saved = null; }
    const hint = manualHint(gesture);
    composer.passToken = { text, until: Date.now() + PASS_MS, hint: route ? '' : hint };
    if (!route) {
      composer.restoreFocus(saved);
      this.ctrl.hint(composer, hint);
      return;
    }
    if (route.kind === 'key') composer.restoreFocus(saved); // editors act on keys at their selection
    this.replaying = true;
    try {
      if (route.kind === 'submit') {
        const want = route.submitter || gesture.submitter;
        const sub = want && want.isConnected && want.form === route.form ? want : undefined;
        if (route.form.requestSubmit) route.form.requestSubmit(sub);
        else route.form.submit();
      } else if (route.kind === 'click') {
        route.button.click();
      } else {
        const init = { key: gesture.key, code: gesture.code, keyCode: gesture.keyCode, which: gesture.keyCode,
          ctrlKey: gesture.ctrlKey, metaKey: gesture.metaKey, shiftKey: gesture.shiftKey, bubbles: true, cancelable: true, composed: true };
        route.target.dispatchEvent(new KeyboardEvent('keydown', init));
        route.target.dispatchEvent(new KeyboardEvent('keyup', init));
      }
    } finally {
      this.replaying = false;
    }
    if (!chosen) return;
    setTimeout(() => {
      try {
        const t = composer.passToken;
        if (t && t.text === text && composer.el.isConnected && composer.text() === text) {
          t.hint = 'If it was not posted: ' + hint.charAt(0).toLowerCase() + hint.slice(1);
          this.ctrl.hint(composer, t.hint);
        }
      } catch (_) { /* best effort */ }
    }, REPLAY_CHECK_MS);
  }
}
