// Content-script entry (document_start, every frame of a watched site): installs the send guard first, then
// tracks compose boxes on focus/input and wires snapshot -> check -> highlights/badge/card/live region.
// Never writes into an editor's subtree; any internal error leaves the page to behave as if we were absent.

import * as api from '../shared/browser_api.js';
import { effectiveSettings, watchedHosts, hostMatches, siteName, enterSends } from '../shared/settings.js';
import { composerFor, deepTarget, isNear } from './composer_discovery.js';
import { Composer } from './composer.js';
import { BoxLayer } from './overlay.js';
import { CheckerClient } from './checker_client.js';
import { PageUI, summaryText, shownText, NOT_CHECKING_TEXT } from './ui.js';
import { SendGuard } from './send_guard.js';
import { CHECKING_STATE } from '../shared/messages.js';

/* global POSTCHECK_TEST_BUILD */
const TEST_BUILD = typeof POSTCHECK_TEST_BUILD !== 'undefined' && POSTCHECK_TEST_BUILD;
const ANNOUNCE_PAUSE_MS = 1200;
const HOVER_CLOSE_MS = 400;
const CARET_PAUSE_MS = 700;
const SEV_WORD = { block: 'must fix', warn: 'warning', info: 'note' };
const CARD_DWELL_MS = 300;

class Controller {
  constructor() {
    this.active = false;
    this.settings = effectiveSettings({}, {}).settings;
    this.site = '';
    this.enterSends = false;
    this.composers = new Map(); // element -> Composer
    this.current = null;
    this.client = new CheckerClient();
    this.layer = null;
    this.ui = null;
    this.checking = null; // last state sent for the toolbar icon: true, false, or null (never sent)
    this.faults = {};     // test build only: failures a test injects (track, ui, dialog)
    this.cardIndex = -1;
    this.cardComposer = null;
    this.cardPinned = false;
    this.hoverTimer = 0;
    this.announceTimer = 0;
    this.lastAnnounced = '';
    this.guard = new SendGuard(this); // first: capture listeners before the page's own
    this.listen();
    this.loadSettings();
    api.onContentSettingsChanged(() => this.loadSettings());
  }

  // Effective settings come from the background (the one place that reads storage.managed, with retries) through
  // the copy it publishes (storage.session on Chrome/Edge, storage.local on Firefox), which answers at once even at
  // document_start; before the first background run: defaults. Used for sites and display: what a send enforces
  // (block mode) comes with each check result from the background, which reads policy itself.
  async loadSettings() {
    try {
      const published = await api.readContentSettings();
      this.settings = published && published.settings ? published.settings : effectiveSettings({}, {}).settings;
      const hosts = watchedHosts(this.settings);
      const local127 = TEST_BUILD && /^(127\.0\.0\.1|localhost)$/.test(location.hostname);
      this.active = local127 || hostMatches(location.hostname, hosts);
      this.site = siteName(location.hostname, hosts);
      this.enterSends = enterSends(this.site);
      if (!this.active) for (const c of this.composers.values()) c.destroy();
      this.applyTestSite();
    } catch (_) {
      this.active = false; // extension context gone (reloaded): stay out of the way
    }
  }

  // Test build only: a fixture page says which site it imitates (<meta name="postcheck-test-site">).
  applyTestSite() {
    if (!TEST_BUILD) return;
    const meta = document.querySelector('meta[name="postcheck-test-site"]');
    if (meta) {
      this.site = meta.getAttribute('content') || this.site;
      this.enterSends = enterSends(this.site);
    }
  }

  ensureUi() {
    if (this.ui) return;
    if (TEST_BUILD && this.faults.ui) throw new Error('injected: PostCheck UI could not be built');
    this.ui = new PageUI({
      onBadgeClick: () => this.openCard(this.current, 0, true),
      onDismiss: (f) => {
        const c = this.cardComposer;
        this.closeCard(false);
        if (c) { c.dismiss(f); c.restoreFocus(null); }
      },
      onCardNav: (d) => this.openCard(this.cardComposer, this.cardIndex + d, true),
      onCardClose: (refocus) => this.closeCard(refocus),
      onCardHover: (inside) => { if (inside) clearTimeout(this.hoverTimer); else this.scheduleHoverClose(); },
    });
    this.layer = new BoxLayer();
    // Both hosts go in once, when the first composer is tracked, and stay: when they appear says nothing about findings.
    this.ui.attach();
    this.layer.attach();
  }

  // ---- composers -------------------------------------------------------------------------------
  composerFromNode(node) {
    if (!this.active) return null;
    const el = composerFor(node);
    if (!el) return null;
    let c = this.composers.get(el);
    if (!c) {
      if (document.readyState === 'loading' && !document.body) return null;
      try {
        this.ensureUi();
        this.applyTestSite();
        if (TEST_BUILD && this.faults.track) throw new Error('injected: cannot track this compose box');
        c = new Composer(el, this);
        this.layer.track(c);
      } catch (_) {
        // Fail open (the box is left alone, sends go through), and say so: badge, screen readers, toolbar icon.
        this.trackingFailed(el);
        return null;
      }
      this.composers.set(el, c);
    }
    return c;
  }

  trackingFailed(el) {
    this.setChecking(false);
    try {
      if (!this.ui) return;
      this.ui.showNotChecking(el);
      if (this.lastAnnounced !== NOT_CHECKING_TEXT) {
        this.lastAnnounced = NOT_CHECKING_TEXT;
        this.ui.announce(NOT_CHECKING_TEXT);
      }
    } catch (_) { /* the toolbar icon still says it */ }
  }

  // The toolbar icon of this tab follows whether the box in use is being checked (sent only on change).
  setChecking(on) {
    if (this.checking === on) return;
    this.checking = on;
    try {
      Promise.resolve(api.sendMessage({ type: CHECKING_STATE, checking: on })).catch(() => {});
    } catch (_) { /* extension reloaded: nothing to tell */ }
  }

  composerNear(button) {
    let best = null;
    for (const c of this.liveComposers()) {
      if (isNear(c.el, button) && (!best || c.lastFocus > best.lastFocus)) best = c;
    }
    return best;
  }

  composerInForm(form) {
    if (!form || form.tagName !== 'FORM') return null;
    let best = null;
    for (const c of this.liveComposers()) {
      if (form.contains(c.el) && (!best || c.lastFocus > best.lastFocus)) best = c;
    }
    return best;
  }

  liveComposers() {
    const out = [];
    for (const [el, c] of this.composers) {
      if (el.isConnected) out.push(c);
      else { c.destroy(); this.composers.delete(el); }
    }
    return out;
  }

  paintBoxes(c) {
    // A site that re-mounts its editor (React key change) detaches the old element: drop that composer (and its
    // boxes) before painting the new one.
    this.liveComposers();
    if (this.layer) this.layer.drawNow(c);
  }

  redraw() {
    if (this.layer) this.layer.schedule();
  }

  forget(c) {
    if (this.layer) this.layer.untrack(c);
  }

  // Counts, or the "press again" instruction while a one-time pass for this exact text is waiting.
  // An engine failure (ok=false: wasm missing/corrupt, check threw, timeout) shows "checking unavailable", never ✓.
  showBadgeFor(c, checking) {
    const t = c.passToken;
    if (c.result && !checking) this.setChecking(c.result.ok);
    if (t && t.hint && Date.now() < t.until && c.result && t.text === c.result.text) this.ui.showHint(c.el, t.hint);
    else if (c.result && !c.result.ok && !checking) this.ui.showNotChecking(c.el);
    else this.ui.showBadge(c.el, c.items.map((i) => i.finding), checking);
  }

  onPainted(c) {
    if (c === this.current) this.showBadgeFor(c, false);
    if (this.cardComposer === c && this.ui.cardOpen()) {
      if (!c.items.length) this.closeCard(false);
      else this.openCard(c, Math.min(this.cardIndex, c.items.length - 1), false);
    }
    // Announce politely once typing pauses, and only when the summary changed.
    clearTimeout(this.announceTimer);
    this.announceTimer = setTimeout(() => {
      if (c !== this.current) return;
      const msg = c.result && !c.result.ok ? NOT_CHECKING_TEXT : summaryText(c.items.map((i) => i.finding));
      if (msg !== this.lastAnnounced) {
        this.lastAnnounced = msg;
        this.ui.announce(msg);
      }
    }, ANNOUNCE_PAUSE_MS);
  }

  announceCaret() {
    const c = this.current;
    if (!c || !this.ui || this.ui.cardOpen()) return;
    const i = c.findingContainingCaret();
    const key = i >= 0 ? c.items[i].finding.rule + ':' + c.items[i].start : '';
    if (key === this.lastCaretKey) return;
    this.lastCaretKey = key;
    if (i < 0) return;
    const f = c.items[i].finding;
    this.ui.announce(`PostCheck ${SEV_WORD[f.severity] || f.severity}: ${f.title}. Alt+Shift+P for details.`);
  }

  hint(c, text) {
    if (!this.ui) return;
    this.ui.announce(text);
    this.ui.showHint(c.el, text);
  }

  // ---- card --------------------------------------------------------------------------------------
  openCard(c, index, focusCard) {
    if (!c || !c.items.length) return;
    const n = c.items.length;
    index = ((index % n) + n) % n;
    if (this.cardComposer !== c) this.clearActive();
    this.cardComposer = c;
    this.cardIndex = index;
    this.cardPinned = this.cardPinned || focusCard;
    const rects = c.rectsOf(index);
    const rect = rects[0] || c.el.getBoundingClientRect();
    if (focusCard && !this.cardSaved) this.cardSaved = c.saveSelection();
    c.activeIndex = index;
    this.layer.drawNow(c);
    // Block mode as the background last said it (with the check result) or as the settings copy says: stricter wins.
    const mode = c.result && c.result.mode === 'block' ? 'block' : this.settings.mode;
    this.ui.showCard(c.items[index].finding, index, n, rect, { ...this.settings, mode }, focusCard);
  }

  closeCard(refocus) {
    if (!this.ui) return;
    this.ui.hideCard();
    this.clearActive();
    const c = this.cardComposer;
    if (refocus && c) c.restoreFocus(this.cardSaved);
    this.cardSaved = null;
    this.cardPinned = false;
    this.cardComposer = null;
  }

  clearActive() {
    const c = this.cardComposer;
    if (c && c.activeIndex >= 0) {
      c.activeIndex = -1;
      if (this.layer) this.layer.drawNow(c);
    }
  }

  scheduleHoverClose() {
    clearTimeout(this.hoverTimer);
    this.hoverTimer = setTimeout(() => { if (!this.cardPinned) this.closeCard(false); }, HOVER_CLOSE_MS);
  }

  // ---- events ------------------------------------------------------------------------------------
  listen() {
    const safe = (fn) => (e) => { try { fn(e); } catch (_) { /* fail open */ } };
    window.addEventListener('focusin', safe((e) => {
      const c = this.composerFromNode(deepTarget(e));
      if (!c) return;
      this.current = c;
      c.lastFocus = performance.now();
      this.client.keepWarm(true);
      c.run();
      this.showBadgeFor(c, !c.result);
      this.startFieldPoll(c);
    }), true);
    window.addEventListener('focusout', safe((e) => {
      const c = this.composerFromNode(deepTarget(e));
      if (c && c === this.current) {
        this.client.keepWarm(false);
        // Hidden when the box is empty, whatever the findings: its tab stop then says nothing about them.
        setTimeout(() => {
          if (this.current === c && !c.el.contains(document.activeElement) && document.activeElement !== c.el &&
              !c.text().trim() && this.ui && !this.ui.cardOpen()) this.ui.hideBadge();
        }, 200);
      }
    }), true);
    window.addEventListener('input', safe((e) => {
      const c = this.composerFromNode(deepTarget(e));
      if (c) c.schedule();
    }), true);
    window.addEventListener('keydown', safe((e) => {
      if (!this.active || !e.isTrusted || !e.altKey || !e.shiftKey || e.code !== 'KeyP') return;
      const c = this.cardComposer || this.composerFromNode(deepTarget(e)) || this.current;
      if (!c || !c.items.length) return;
      e.preventDefault();
      e.stopPropagation();
      // First press: the finding at (or next after) the caret; further presses while the card is open: the next one.
      this.openCard(c, this.ui.cardOpen() && this.cardComposer === c ? this.cardIndex + 1 : c.findingAtCaret(), true);
    }), true);
    // Screen readers cannot perceive a highlight (it is paint only): when the caret comes to rest inside a finding,
    // the polite live region names it once. The editor's DOM is never given attributes for this.
    document.addEventListener('selectionchange', safe(() => {
      clearTimeout(this.caretTimer);
      if (!this.active || !this.current || !this.current.items.length) return;
      this.caretTimer = setTimeout(safe(() => this.announceCaret()), CARET_PAUSE_MS);
    }));
    let last = 0;
    // At most one pointer check per 40 ms, and always one for the last move (else a card could stay open when the
    // pointer's last move before it stopped was throttled).
    let trailing = 0;
    window.addEventListener('mousemove', safe((e) => {
      if (!this.active || !this.ui) return;
      const wait = 40 - (performance.now() - last);
      if (wait > 0) {
        const x = e.clientX;
        const y = e.clientY;
        clearTimeout(trailing);
        trailing = setTimeout(safe(() => this.onPointer(x, y)), wait);
        return;
      }
      clearTimeout(trailing);
      last = performance.now();
      this.onPointer(e.clientX, e.clientY);
    }), true);
    const reposition = safe(() => {
      if (this.ui && this.current) this.ui.positionBadge(this.current.el);
    });
    window.addEventListener('scroll', reposition, true);
    window.addEventListener('resize', reposition, true);
  }

  // The pointer is at (x, y): a hover card over a finding opens; one the pointer rests on becomes clickable.
  onPointer(x, y) {
    // A hover card takes clicks only once the pointer has rested on it (CARD_DWELL_MS): until then a click where
    // it popped up belongs to the page.
    const cr = this.ui.cardRect();
    if (cr && x >= cr.left && x <= cr.right && y >= cr.top && y <= cr.bottom) {
      clearTimeout(this.hoverTimer);
      if (!this.dwellTimer) this.dwellTimer = setTimeout(() => { this.dwellTimer = 0; this.ui.setCardInteractive(); }, CARD_DWELL_MS);
      return;
    }
    clearTimeout(this.dwellTimer);
    this.dwellTimer = 0;
    for (const c of this.composers.values()) {
      if (!c.items.length) continue;
      const i = c.findingAt(x, y);
      if (i >= 0) {
        clearTimeout(this.hoverTimer);
        if (!(this.ui.cardOpen() && this.cardComposer === c && this.cardIndex === i)) this.openCard(c, i, false);
        return;
      }
    }
    if (this.ui.cardOpen() && !this.cardPinned) this.scheduleHoverClose();
  }

  // Field values changed by the site (cleared after posting) fire no input event: poll the focused field cheaply.
  startFieldPoll(c) {
    if (c.kind !== 'field' || c.pollTimer) return;
    c.lastValue = c.el.value;
    c.pollTimer = setInterval(() => {
      if (!c.el.isConnected) { clearInterval(c.pollTimer); c.pollTimer = 0; return; }
      if (c.el.value !== c.lastValue) { c.lastValue = c.el.value; c.schedule(); }
    }, 500);
  }
}

let controller = null;
try {
  // One controller per frame even if the script is injected twice (static + dynamic registration).
  if (!globalThis.__postcheckController) {
    controller = new Controller();
    globalThis.__postcheckController = controller;
  }
} catch (_) { /* fail open */ }

// Test build only: the e2e tests read state through CDP in this content script's isolated world (the page's own
// JavaScript cannot see it on Chromium), e.g. the overlay marks inside closed shadow roots.
if (TEST_BUILD && controller) {
  globalThis.__postcheckTest = {
    composers: () => controller.liveComposers().map((c) => ({
      family: c.family, kind: c.kind, text: c.result ? c.result.text : null,
      ok: c.result ? c.result.ok : null,
      marks: c.items.map((it, i) => ({ severity: it.finding.severity, rule: it.finding.rule,
        rects: c.rectsOf(i).map((r) => ({ left: r.left, top: r.top, width: r.width, height: r.height })),
        text: (c.result ? c.result.text : '').slice(it.start, it.end), title: it.finding.title,
        message: it.finding.message, policyRef: it.finding.policyRef || '', advice: it.finding.advice || '' })),
      boxes: controller.layer ? controller.layer.drawnRects(c) : [],
    })),
    // A failure the tests inject: 'track' (a compose box cannot be tracked), 'ui' (PostCheck's UI cannot be built),
    // 'dialog' (the pre-send dialog throws).
    inject: (name, on = true) => { controller.faults[name] = on; return true; },
    checkingState: () => controller.checking,
    site: () => controller.site,
    timings: () => controller.liveComposers().flatMap((c) => c.timings),
    enterSends: () => controller.enterSends,
    mode: () => controller.settings.mode,
    ui: () => {
      const ui = controller.ui;
      if (!ui) return null;
      return { dialogOpen: ui.dialog.open, dialogText: ui.dialog.open ? ui.dialog.textContent : '',
        dialogFocus: ui.shadow.activeElement ? ui.shadow.activeElement.textContent : '',
        dialogButtons: Array.from(ui.dialog.querySelectorAll('button')).map((b) => b.textContent),
        cardOpen: ui.cardOpen(), cardText: ui.cardOpen() ? ui.card.textContent : '',
        cardTitle: ui.cardOpen() ? ui.card.querySelector('h2').textContent : '',
        badge: ui.badge.classList.contains('show') ? shownText(ui.badge) : '',
        badgeDesc: shownText(ui.badgeDesc),
        live: ui.live.textContent };
    },
  };
  // Firefox has no CDP and WebDriver BiDi cannot reach a content script's sandbox, so the Firefox test build also
  // hands these hooks to the page world as one JSON-in, JSON-out function (tests/e2e/lib/driver.mjs).
  if (typeof exportFunction === 'function') {
    exportFunction((name, argsJson) => {
      const value = globalThis.__postcheckTest[name](...JSON.parse(argsJson || '[]'));
      return JSON.stringify(value === undefined ? null : value);
    }, window, { defineAs: '__postcheckTestBridge' });
  }
}
