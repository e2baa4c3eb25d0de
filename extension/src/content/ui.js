// PostCheck's own UI on the page: severity badge by the active composer, the finding card, the polite live region
// and the pre-send dialog, all in ONE closed shadow root outside the editor. Built with createElement/textContent
// only (pages such as LinkedIn enforce Trusted Types) and styled by shadow_style.js.

import { styleShadow } from './shadow_style.js';

const SEV_LABEL = { block: 'Must fix', warn: 'Warning', info: 'Note' };
const SEV_ORDER = { block: 0, warn: 1, info: 2 };
export const UNAVAILABLE_TEXT = 'PostCheck: checking unavailable. You can still post; this post has not been checked.';

/* global POSTCHECK_TEST_BUILD */
// The test build opens the shadow root so axe-core (run in the page, tests/e2e/a11y.test.mjs) can audit the real
// card and dialog; shipped builds keep it closed so pages cannot read or restyle PostCheck's UI.
const SHADOW_MODE = typeof POSTCHECK_TEST_BUILD !== 'undefined' && POSTCHECK_TEST_BUILD ? 'open' : 'closed';

const CSS_TEXT = `
:host { all: initial; }
* { box-sizing: border-box; font-family: Frutiger W01, Arial, sans-serif; }
.badge { position: fixed; z-index: 2147483200; display: none; gap: 4px; align-items: center; padding: 3px 8px;
  border-radius: 12px; border: 2px solid #005eb8; background: #fff; color: #212b32; font-size: 13px; line-height: 18px;
  cursor: pointer; box-shadow: 0 1px 3px rgba(0,0,0,.25); }
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

export class PageUI {
  constructor(handlers) {
    this.handlers = handlers; // { onBadgeClick(), onDismiss(finding), onCardNav(delta), onCardClose() }
    this.host = document.createElement('div');
    this.host.style.setProperty('all', 'initial', 'important');
    this.host.style.setProperty('position', 'static', 'important');
    this.shadow = this.host.attachShadow({ mode: SHADOW_MODE });
    styleShadow(this.shadow, CSS_TEXT);

    this.badge = el('button', 'badge');
    this.badge.type = 'button';
    this.badge.addEventListener('click', (e) => { e.stopPropagation(); this.handlers.onBadgeClick(); });
    this.badge.addEventListener('mousedown', (e) => e.preventDefault()); // keep the editor's focus and caret
    // The badge's accessible description lists each finding (quote, severity, title): the text-level path to what
    // the highlights show, kept here in our shadow root because the editor's DOM must not be touched.
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
    this.attached = false;
  }

  attach() {
    if (!this.host.isConnected) document.documentElement.appendChild(this.host);
  }

  // ---- badge -------------------------------------------------------------------------------
  showBadge(anchor, findings, checking, text) {
    this.attach();
    const b = this.badge;
    while (b.firstChild) b.removeChild(b.firstChild);
    this.describe(findings, text);
    const c = countBySeverity(findings);
    // The accessible name is the content itself (visible digits + visually hidden words), not an aria-label, so what
    // is seen is part of what is heard (WCAG 2.5.3; axe "label-content-name-mismatch").
    if (!findings.length) {
      b.append(el('span', 'ok', checking ? 'PostCheck…' : 'PostCheck ✓'),
        el('span', 'sr', checking ? ' checking' : ' no policy concerns found'));
    } else {
      b.append(el('span', 'sr', 'PostCheck: '));
      let first = true;
      for (const sev of ['block', 'warn', 'info']) {
        if (!c[sev]) continue;
        if (!first) b.append(el('span', 'sr', ', '));
        first = false;
        const s = el('span', 'count');
        const dot = el('span', 'dot ' + sev);
        dot.setAttribute('aria-hidden', 'true');
        s.append(dot, document.createTextNode(String(c[sev])), el('span', 'sr', ' ' + countWord(sev, c[sev])));
        s.title = SEV_LABEL[sev];
        b.appendChild(s);
      }
      b.append(el('span', 'sr', '. Press to review (Alt+Shift+P).'));
    }
    b.removeAttribute('aria-label');
    b.classList.add('show');
    this.positionBadge(anchor);
  }

  // Beside the composer's bottom-right corner when the viewport has room (never over the text or the site's own
  // buttons below it); otherwise inside the corner.
  positionBadge(anchor) {
    if (!anchor || !this.badge.classList.contains('show')) return;
    const r = anchor.getBoundingClientRect();
    const bw = this.badge.offsetWidth || 60;
    const bh = this.badge.offsetHeight || 24;
    let left;
    let top = r.bottom - bh;
    if (window.innerWidth - r.right >= bw + 10) left = r.right + 6;
    else {
      left = r.right - bw - 4;
      top = r.bottom - bh - 4;
      if (r.height < bh + 8) top = r.bottom + 2; // single-line fields: sit just below
    }
    this.badge.style.left = Math.max(4, Math.min(left, window.innerWidth - bw - 4)) + 'px';
    this.badge.style.top = Math.max(4, Math.min(top, window.innerHeight - bh - 4)) + 'px';
  }

  describe(findings, text) {
    const d = this.badgeDesc;
    while (d.firstChild) d.removeChild(d.firstChild);
    for (const f of sortFindings(findings)) {
      const quote = typeof text === 'string' ? text.slice(f.start, f.end) : '';
      d.append(el('p', '', `${SEV_LABEL[f.severity] || f.severity}: ${f.title}${quote ? ` (“${quote}”)` : ''}.`));
    }
  }

  // The engine could not check this text: say so (a ✓ would claim a check that never happened).
  showUnavailable(anchor) {
    this.attach();
    const b = this.badge;
    while (b.firstChild) b.removeChild(b.firstChild);
    this.describe([]);
    b.append(el('span', 'off', 'PostCheck: checking unavailable'),
      el('span', 'sr', UNAVAILABLE_TEXT.slice('PostCheck: checking unavailable'.length)));
    b.removeAttribute('aria-label');
    b.classList.add('show');
    this.positionBadge(anchor);
  }

  // A short instruction in place of the counts (e.g. "Press Enter again to post"), until the next paint.
  showHint(anchor, text) {
    this.attach();
    const b = this.badge;
    while (b.firstChild) b.removeChild(b.firstChild);
    b.append(el('span', 'sr', 'PostCheck: '), el('span', '', text));
    b.removeAttribute('aria-label');
    b.classList.add('show');
    this.positionBadge(anchor);
  }

  hideBadge() {
    this.badge.classList.remove('show');
  }

  // ---- card --------------------------------------------------------------------------------
  showCard(finding, index, total, rect, settings, focusCard) {
    this.attach();
    const c = this.card;
    while (c.firstChild) c.removeChild(c.firstChild);
    c.className = 'card show ' + finding.severity;
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

  hideCard() {
    this.card.classList.remove('show');
  }

  cardOpen() {
    return this.card.classList.contains('show');
  }

  cardHasFocus() {
    return this.shadow.activeElement && this.card.contains(this.shadow.activeElement);
  }

  announce(text) {
    // Replace the node so repeated identical messages are announced again.
    while (this.live.firstChild) this.live.removeChild(this.live.firstChild);
    this.live.appendChild(document.createTextNode(text));
  }

  // ---- pre-send dialog -----------------------------------------------------------------------
  // Resolves 'edit' | 'post'. canPost=false (block mode with block findings) offers only "Edit post".
  confirmSend(findings, text, canPost) {
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
    d.append(h, intro, list, row);
    return new Promise((resolve) => {
      const done = (answer) => {
        d.removeEventListener('cancel', onCancel);
        if (d.open) d.close();
        resolve(answer);
      };
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
