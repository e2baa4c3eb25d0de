// PostCheck's own UI on the page: severity badge by the active composer, the finding card, the polite live region
// and the pre-send dialog, all in ONE closed shadow root outside the editor. Built with createElement/textContent
// only (pages such as LinkedIn enforce Trusted Types). A page learns nothing from it: the badge takes no pointer
// events and draws its words with CSS generated content (window.find() cannot find it), the card and dialog hold
// text only while open, the live region is emptied soon after each announcement.

const SEV_LABEL = { block: 'Must fix', warn: 'Warning', info: 'Note' };
const SEV_ORDER = { block: 0, warn: 1, info: 2 };
export const NOT_CHECKING_TITLE = 'PostCheck is not checking this box';
export const NOT_CHECKING_TEXT = NOT_CHECKING_TITLE + '. You can still post; this post has not been checked.';
// Long enough for a screen reader to pick the change up (they read it when the region changes), short enough that
// the words do not sit in the page for window.find().
export const LIVE_CLEAR_MS = 1000;

/* global POSTCHECK_TEST_BUILD */
// The test build opens the shadow root so axe-core (run in the page, tests/e2e/a11y.test.mjs) can audit the real
// card and dialog; shipped builds keep it closed so pages cannot read or restyle PostCheck's UI.
const SHADOW_MODE = typeof POSTCHECK_TEST_BUILD !== 'undefined' && POSTCHECK_TEST_BUILD ? 'open' : 'closed';

const CSS_TEXT = `
:host { all: initial; }
* { box-sizing: border-box; font-family: Frutiger W01, Arial, sans-serif; }
.badge { position: fixed; z-index: 2147483200; display: none; gap: 4px; align-items: center; padding: 3px 8px;
  border-radius: 12px; border: 2px solid #005eb8; background: #fff; color: #212b32; font-size: 13px; line-height: 18px;
  box-shadow: 0 1px 3px rgba(0,0,0,.25); pointer-events: none; }
[data-t]::before { content: attr(data-t); }
.badge.show { display: inline-flex; }
.badge:focus-visible { outline: 3px solid #ffeb3b; }
.count { display: inline-flex; align-items: center; gap: 2px; font-weight: 700; }
.dot { width: 10px; height: 10px; border-radius: 50%; display: inline-block; }
.dot.block { background: #d5281b; } .dot.warn { background: #ffb81c; } .dot.info { background: #005eb8; }
.ok { color: #007f3b; font-weight: 700; }
.off { color: #4c6272; font-weight: 700; }
.card { position: fixed; z-index: 2147483300; display: none; width: 340px; max-width: calc(100vw - 16px);
  background: #fff; color: #212b32; border: 1px solid #aeb7bd; border-left: 6px solid #ffb81c; border-radius: 4px;
  box-shadow: 0 4px 16px rgba(0,0,0,.25); padding: 12px 14px; font-size: 14px; line-height: 20px; }
.card.show { display: block; }
.card.peek { pointer-events: none; }
.card.block { border-left-color: #d5281b; } .card.info { border-left-color: #005eb8; }
.card h2 { font-size: 16px; margin: 0 0 4px; line-height: 22px; }
.card .sev { font-size: 12px; font-weight: 700; text-transform: uppercase; letter-spacing: .03em; color: #4c6272; }
.card p { margin: 6px 0; }
.card .ref { color: #4c6272; font-size: 13px; }
.card .advice { background: #f0f4f5; padding: 6px 8px; border-radius: 3px; }
.card a { color: #005eb8; }
.row { display: flex; gap: 8px; align-items: center; margin-top: 8px; flex-wrap: wrap; }
button { font-size: 14px; padding: 5px 10px; border-radius: 4px; border: 2px solid #005eb8; background: #fff; color: #005eb8;
  cursor: pointer; font-weight: 600; }
button.primary { background: #007f3b; border-color: #007f3b; color: #fff; }
button.danger { background: #fff; border-color: #d5281b; color: #d5281b; }
button:focus-visible, a:focus-visible { outline: 3px solid #ffeb3b; outline-offset: 1px; }
.nav { margin-left: auto; color: #4c6272; font-size: 12px; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
dialog { border: none; border-radius: 6px; padding: 20px 22px; width: 480px; max-width: calc(100vw - 24px);
  color: #212b32; box-shadow: 0 8px 32px rgba(0,0,0,.35); font-size: 15px; line-height: 22px; }
dialog::backdrop { background: rgba(33, 43, 50, .55); }
dialog h2 { margin: 0 0 8px; font-size: 20px; line-height: 28px; }
dialog ul { padding-left: 20px; margin: 8px 0; max-height: 40vh; overflow: auto; }
dialog li { margin: 6px 0; }
dialog .quote { background: #fff9c4; padding: 0 2px; }
dialog .blocked { color: #d5281b; font-weight: 700; }
`;

// Text the user sees and hears but that is not DOM text: CSS generated content from a data attribute inside the
// closed shadow root. window.find() does not search generated content; the accessibility tree includes it.
function txt(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  e.setAttribute('data-t', text);
  return e;
}

// Test build: what a person sees/hears in node, generated content included, in document order.
export function shownText(node) {
  let out = '';
  const walk = (n) => {
    if (n.nodeType === 3) out += n.nodeValue;
    else if (n.nodeType === 1) {
      if (n.hasAttribute('data-t')) out += n.getAttribute('data-t');
      for (const c of n.childNodes) walk(c);
    }
  };
  walk(node);
  return out;
}

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

export function sortFindings(findings) {
  return findings.slice().sort((a, b) => a.start - b.start || SEV_ORDER[a.severity] - SEV_ORDER[b.severity]);
}

export function countBySeverity(findings) {
  const c = { block: 0, warn: 0, info: 0 };
  for (const f of findings) c[f.severity] = (c[f.severity] || 0) + 1;
  return c;
}

function countWord(sev, n) {
  if (sev === 'block') return 'must fix';
  return sev === 'warn' ? (n > 1 ? 'warnings' : 'warning') : (n > 1 ? 'notes' : 'note');
}

export function summaryText(findings) {
  const c = countBySeverity(findings);
  const parts = [];
  if (c.block) parts.push(`${c.block} must fix`);
  if (c.warn) parts.push(`${c.warn} warning${c.warn > 1 ? 's' : ''}`);
  if (c.info) parts.push(`${c.info} note${c.info > 1 ? 's' : ''}`);
  return parts.length ? 'PostCheck: ' + parts.join(', ') : 'PostCheck: no policy concerns found';
}

const INTERACTIVE = 'button, a[href], input:not([type="hidden"]), select, textarea, [role="button"], [role="link"], [tabindex]:not([tabindex="-1"])';

function overlaps(a, b) {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

export class PageUI {
  constructor(handlers) {
    this.handlers = handlers; // { onBadgeClick(), onDismiss(finding), onCardNav(delta), onCardClose() }
    this.host = document.createElement('div');
    this.host.style.setProperty('all', 'initial', 'important');
    this.host.style.setProperty('position', 'static', 'important');
    this.shadow = this.host.attachShadow({ mode: SHADOW_MODE });
    // A <style> element: adoptedStyleSheets throws in Firefox ESR 140 content scripts (Xray wrappers).
    const style = document.createElement('style');
    style.textContent = CSS_TEXT;
    this.shadow.appendChild(style);

    this.badge = el('button', 'badge');
    this.badge.type = 'button';
    // Keyboard only (Tab reaches it last in the page, Enter/Space open the card): it takes no pointer events, so
    // a click or tap where it sits lands on the page's own control. Mouse users open the card by hovering a finding.
    this.badge.addEventListener('click', (e) => { e.stopPropagation(); this.handlers.onBadgeClick(); });
    // The badge's accessible description gives the counts by severity; the card (opened by the user) has the rest.
    this.badgeDesc = el('div', 'sr');
    this.badgeDesc.id = 'pc-badge-desc';
    this.badge.setAttribute('aria-describedby', this.badgeDesc.id);

    this.card = el('div', 'card');
    this.card.setAttribute('role', 'dialog');
    this.card.setAttribute('aria-modal', 'false');
    this.card.tabIndex = -1;
    this.card.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') { e.stopPropagation(); this.handlers.onCardClose(true); }
    });
    this.card.addEventListener('mouseenter', () => this.handlers.onCardHover(true));
    this.card.addEventListener('mouseleave', () => this.handlers.onCardHover(false));

    this.live = el('div', 'sr');
    this.live.setAttribute('role', 'status');
    this.live.setAttribute('aria-live', 'polite');

    this.dialog = el('dialog');
    this.dialog.setAttribute('role', 'alertdialog');
    this.dialog.setAttribute('aria-modal', 'true');

    this.shadow.append(this.badge, this.badgeDesc, this.card, this.live, this.dialog);
    this.liveTimer = 0;
  }

  attach() {
    if (!this.host.isConnected) document.documentElement.appendChild(this.host);
  }

  // ---- badge -------------------------------------------------------------------------------
  showBadge(anchor, findings, checking) {
    this.attach();
    const b = this.badge;
    while (b.firstChild) b.removeChild(b.firstChild);
    this.describe(findings);
    const c = countBySeverity(findings);
    // The accessible name is what is seen (visible digits) plus visually hidden words, so what is seen is part of what
    // is heard (WCAG 2.5.3); nameBadge() puts the same words in aria-label.
    if (!findings.length) {
      b.append(txt('span', 'ok', checking ? 'PostCheck…' : 'PostCheck ✓'),
        txt('span', 'sr', checking ? ' checking' : ' no policy concerns found'));
    } else {
      b.append(txt('span', 'sr', 'PostCheck: '));
      let first = true;
      for (const sev of ['block', 'warn', 'info']) {
        if (!c[sev]) continue;
        if (!first) b.append(txt('span', 'sr', ', '));
        first = false;
        const s = el('span', 'count');
        const dot = el('span', 'dot ' + sev);
        dot.setAttribute('aria-hidden', 'true');
        s.append(dot, txt('span', '', String(c[sev])), txt('span', 'sr', ' ' + countWord(sev, c[sev])));
        b.appendChild(s);
      }
      b.append(txt('span', 'sr', '. Press to review (Alt+Shift+P).'));
    }
    this.nameBadge();
    b.classList.add('show');
    this.positionBadge(anchor);
  }

  // Beside the composer, at the first spot that does not sit over one of the page's own controls near it (it takes no
  // clicks anyway; this keeps them visible): right of the bottom corner, right of the top corner, above the top-right
  // corner, below the bottom-left corner; else inside the top-right corner.
  positionBadge(anchor) {
    if (!anchor || !this.badge.classList.contains('show')) return;
    const r = anchor.getBoundingClientRect();
    const bw = this.badge.offsetWidth || 60;
    const bh = this.badge.offsetHeight || 24;
    const vw = window.innerWidth;
    const vh = window.innerHeight;
    const spots = [
      [r.right + 6, r.bottom - bh], [r.right + 6, r.top], [r.right - bw, r.top - bh - 4], [r.left, r.bottom + 4],
    ];
    const controls = this.controlsNear(anchor, r);
    let pick = [r.right - bw - 4, r.top + 4];
    for (const [left, top] of spots) {
      const box = { left, top, right: left + bw, bottom: top + bh };
      if (left < 4 || top < 4 || box.right > vw - 4 || box.bottom > vh - 4) continue;
      if (controls.some((c) => overlaps(box, c))) continue;
      pick = [left, top];
      break;
    }
    this.badge.style.left = Math.max(4, Math.min(pick[0], vw - bw - 4)) + 'px';
    this.badge.style.top = Math.max(4, Math.min(pick[1], vh - bh - 4)) + 'px';
  }

  // Rects of the page's interactive elements around the composer (its nearest few ancestors' subtrees).
  controlsNear(anchor, r) {
    let scope = anchor;
    for (let i = 0; i < 4 && scope.parentElement && scope.parentElement !== document.body; i++) scope = scope.parentElement;
    const out = [];
    for (const e of scope.querySelectorAll(INTERACTIVE)) {
      if (e === anchor || anchor.contains(e) || e.contains(anchor)) continue;
      const b = e.getBoundingClientRect();
      if (b.width && b.height && b.bottom > r.top - 200 && b.top < r.bottom + 200) out.push(b);
    }
    return out;
  }

  // Counts only: the words that were flagged, and the rules, are in the card and the dialog, which the user opens.
  describe(findings) {
    const d = this.badgeDesc;
    while (d.firstChild) d.removeChild(d.firstChild);
    if (findings.length) d.append(txt('p', '', summaryText(findings) + '.'));
  }

  // Tracking this box or checking its text failed: say so (a ✓ would claim a check that never happened).
  showNotChecking(anchor) {
    this.attach();
    const b = this.badge;
    while (b.firstChild) b.removeChild(b.firstChild);
    this.describe([]);
    b.append(txt('span', 'off', NOT_CHECKING_TITLE),
      txt('span', 'sr', NOT_CHECKING_TEXT.slice(NOT_CHECKING_TITLE.length)));
    this.nameBadge();
    b.classList.add('show');
    this.positionBadge(anchor);
  }

  // A short instruction in place of the counts (e.g. "Press Enter again to post"), until the next paint.
  showHint(anchor, text) {
    this.attach();
    const b = this.badge;
    while (b.firstChild) b.removeChild(b.firstChild);
    b.append(txt('span', 'sr', 'PostCheck: '), txt('span', '', text));
    this.nameBadge();
    b.classList.add('show');
    this.positionBadge(anchor);
  }

  // The name is exactly the words shown (generated content, which browsers put in the accessibility tree but axe
  // and some tools do not read): an aria-label with the same words, which window.find() does not search either.
  nameBadge() {
    this.badge.setAttribute('aria-label', shownText(this.badge).replace(/\s+/g, ' ').trim());
  }

  hideBadge() {
    this.badge.classList.remove('show');
  }

  // ---- card --------------------------------------------------------------------------------
  // focusCard=false (opened by hovering a finding): a "peek" that takes no pointer events until the pointer rests on
  // it (setCardInteractive), so a card that pops up over the page's Post button never swallows that click.
  showCard(finding, index, total, rect, settings, focusCard) {
    this.attach();
    const c = this.card;
    const interactive = focusCard || (this.cardOpen() && !c.classList.contains('peek'));
    while (c.firstChild) c.removeChild(c.firstChild);
    c.className = 'card show ' + finding.severity + (interactive ? '' : ' peek');
    const id = 'pc-card-title';
    c.setAttribute('aria-labelledby', id);
    c.append(el('div', 'sev', SEV_LABEL[finding.severity] || finding.severity));
    const h = el('h2', '', finding.title);
    h.id = id;
    c.append(h);
    if (finding.message) {
      const m = el('p', '', finding.message);
      m.id = 'pc-card-desc';
      c.append(m);
      c.setAttribute('aria-describedby', m.id);
    } else c.removeAttribute('aria-describedby');
    if (finding.advice) {
      const p = el('p', 'advice');
      p.append(el('strong', '', 'What to do instead: '), document.createTextNode(finding.advice));
      c.append(p);
    }
    const url = finding.policyUrl || (settings && settings.policyUrl) || '';
    if (finding.policyRef || url) {
      const p = el('p', 'ref');
      if (finding.policyRef) p.append(document.createTextNode('Policy: ' + finding.policyRef + ' '));
      if (/^https?:\/\//i.test(url)) {
        const a = el('a', '', 'Read the policy');
        a.href = url;
        a.target = '_blank';
        a.rel = 'noopener noreferrer';
        p.append(a);
      }
      c.append(p);
    }
    const row = el('div', 'row');
    if (finding.severity === 'block' && settings && settings.mode === 'block') {
      // Block mode: the organisation requires this fixed before posting, so there is nothing to dismiss (M2).
      c.append(el('p', 'advice', 'Your organisation requires this to be fixed before you post.'));
    } else {
      const dismiss = el('button', '', 'Dismiss for this post');
      dismiss.type = 'button';
      dismiss.addEventListener('click', () => this.handlers.onDismiss(finding));
      row.append(dismiss);
    }
    if (total > 1) {
      const next = el('button', '', 'Next');
      next.type = 'button';
      next.addEventListener('click', () => this.handlers.onCardNav(1));
      row.append(next);
    }
    const close = el('button', '', 'Close');
    close.type = 'button';
    close.addEventListener('click', () => this.handlers.onCardClose(true));
    row.append(close, el('span', 'nav', `${index + 1} of ${total}`));
    c.append(row);
    // Beside the finding; flipped above when there is no room below.
    const w = Math.min(340, window.innerWidth - 16);
    let left = Math.min(Math.max(8, rect.left), window.innerWidth - w - 8);
    c.style.left = left + 'px';
    c.style.top = '0px';
    const ch = c.offsetHeight;
    let top = rect.bottom + 6;
    if (top + ch > window.innerHeight - 8) top = Math.max(8, rect.top - ch - 6);
    c.style.top = top + 'px';
    if (focusCard) c.focus();
  }

  setCardInteractive() {
    this.card.classList.remove('peek');
  }

  cardRect() {
    return this.cardOpen() ? this.card.getBoundingClientRect() : null;
  }

  hideCard() {
    this.card.className = 'card';
    while (this.card.firstChild) this.card.removeChild(this.card.firstChild); // no finding text left in the page
  }

  cardOpen() {
    return this.card.classList.contains('show');
  }

  cardHasFocus() {
    return this.shadow.activeElement && this.card.contains(this.shadow.activeElement);
  }

  announce(text) {
    // Replace the node so repeated identical messages are announced again; empty it once it has been read out.
    this.attach();
    while (this.live.firstChild) this.live.removeChild(this.live.firstChild);
    this.live.appendChild(document.createTextNode(text));
    clearTimeout(this.liveTimer);
    this.liveTimer = setTimeout(() => {
      while (this.live.firstChild) this.live.removeChild(this.live.firstChild);
    }, LIVE_CLEAR_MS);
  }

  // ---- pre-send dialog -----------------------------------------------------------------------
  // Resolves 'edit' | 'post' | 'detached'. canPost=false (block mode with block findings) offers only "Edit post".
  // note(): said before the user chooses, re-read while the dialog is open (e.g. PostCheck cannot send for them: the
  // site took its send button away when focus left the box). 'detached': a page
  // removed PostCheck's UI while the dialog was open (no close/cancel event fires then): the caller fails open.
  confirmSend(findings, text, canPost, note) {
    this.attach();
    const d = this.dialog;
    while (d.firstChild) d.removeChild(d.firstChild);
    const titleId = 'pc-dlg-title';
    const descId = 'pc-dlg-desc';
    d.setAttribute('aria-labelledby', titleId);
    d.setAttribute('aria-describedby', descId);
    const h = el('h2', '', canPost ? 'Check this post before it goes out' : 'This post cannot be posted as it is');
    h.id = titleId;
    const intro = el('p', '', canPost
      ? 'PostCheck found things that may breach your Trust\'s social media policy:'
      : 'Your organisation does not allow posts with these problems. Edit the post to continue:');
    intro.id = descId;
    const list = el('ul');
    // It scrolls when the findings are many (max-height): focusable so keyboard users can scroll it too.
    list.tabIndex = 0;
    list.setAttribute('aria-label', 'Findings');
    for (const f of sortFindings(findings)) {
      const li = el('li');
      li.append(el('strong', f.severity === 'block' ? 'blocked' : '', f.title));
      const quote = text.slice(f.start, f.end);
      if (quote) li.append(document.createTextNode(' — “'), el('span', 'quote', quote), document.createTextNode('”'));
      if (f.policyRef) li.append(document.createTextNode(' (' + f.policyRef + ')'));
      if (f.advice) li.append(el('div', '', f.advice));
      list.append(li);
    }
    const row = el('div', 'row');
    const edit = el('button', 'primary', 'Edit post');
    edit.type = 'button';
    row.append(edit);
    let post = null;
    if (canPost) {
      post = el('button', 'danger', 'Post anyway');
      post.type = 'button';
      row.append(post);
    }
    const noteEl = el('p', 'note', note ? note() : '');
    noteEl.id = 'pc-dlg-note';
    d.append(h, intro, list, noteEl, row);
    return new Promise((resolve) => {
      let watch = 0;
      const done = (answer) => {
        clearInterval(watch);
        d.removeEventListener('cancel', onCancel);
        if (d.open) d.close();
        while (d.firstChild) d.removeChild(d.firstChild); // no finding text left in the page
        resolve(answer);
      };
      watch = setInterval(() => {
        if (!this.host.isConnected || !d.isConnected || !d.open) { done('detached'); return; }
        const now = note ? note() : '';
        if (noteEl.textContent !== now) noteEl.textContent = now;
      }, 250);
      const onCancel = (e) => { e.preventDefault(); done('edit'); };
      d.addEventListener('cancel', onCancel);
      // Focus trap: a modal <dialog> makes the page inert, but Tab past the last button may leave for the browser's
      // own UI; wrap between the dialog's buttons instead (the alertdialog pattern).
      const buttons = post ? [edit, post] : [edit];
      d.onkeydown = (e) => {
        if (e.key !== 'Tab') return;
        const i = buttons.indexOf(this.shadow.activeElement);
        const next = e.shiftKey ? (i <= 0 ? buttons.length - 1 : i - 1) : (i < 0 || i === buttons.length - 1 ? 0 : i + 1);
        e.preventDefault();
        e.stopPropagation();
        buttons[next].focus();
      };
      edit.addEventListener('click', () => done('edit'), { once: true });
      if (post) post.addEventListener('click', () => done('post'), { once: true });
      d.showModal();
      edit.focus();
    });
  }

  dialogOpen() {
    return this.dialog.open;
  }
}
