// Mirror overlay for textarea/input composers (no Ranges exist inside form fields) and for browsers without the
// Highlight API: a copy of the field's text with identical metrics, transparent text, tinted/underlined marks,
// drawn above the field in a closed shadow root with pointer-events:none. The field itself is never modified.

import { styleShadow } from './shadow_style.js';

const COPY = ['font-family', 'font-size', 'font-weight', 'font-style', 'font-variant', 'font-stretch', 'letter-spacing',
  'word-spacing', 'line-height', 'text-transform', 'text-indent', 'text-align', 'direction', 'tab-size',
  'padding-top', 'padding-right', 'padding-bottom', 'padding-left',
  'border-top-width', 'border-right-width', 'border-bottom-width', 'border-left-width', 'font-feature-settings'];

const CSS_TEXT = `
:host { all: initial; }
.mirror { position: fixed; box-sizing: content-box; overflow: hidden; pointer-events: none; color: transparent;
  border-style: solid; border-color: transparent; margin: 0; z-index: 2147483000; white-space: pre-wrap;
  overflow-wrap: break-word; word-break: normal; background: transparent; }
.mirror.single { white-space: pre; }
.m { border-radius: 2px; text-decoration-line: underline; text-decoration-style: wavy; text-decoration-thickness: 2px;
  text-decoration-skip-ink: none; text-underline-offset: 3px; }
.m.block { background: rgba(212, 53, 28, 0.22); text-decoration-color: #d5281b; }
.m.warn { background: rgba(255, 184, 28, 0.30); text-decoration-color: #b27a00; }
.m.info { background: rgba(0, 94, 184, 0.14); text-decoration-color: #005eb8; }
.m.active { outline: 2px solid #212b32; }
`;

export class FieldOverlay {
  constructor(field) {
    this.field = field;
    this.host = document.createElement('div');
    this.host.style.setProperty('all', 'initial', 'important');
    this.host.style.setProperty('position', 'static', 'important');
    this.shadow = this.host.attachShadow({ mode: 'closed' });
    styleShadow(this.shadow, CSS_TEXT);
    this.mirror = document.createElement('div');
    this.mirror.className = 'mirror' + (field.tagName === 'INPUT' ? ' single' : '');
    this.mirror.setAttribute('aria-hidden', 'true');
    this.shadow.appendChild(this.mirror);
    this.items = [];
    this.marks = [];
    this.activeIndex = -1;
    this.raf = 0;
    this.onMove = () => this.schedule();
    window.addEventListener('scroll', this.onMove, true);
    window.addEventListener('resize', this.onMove, true);
    field.addEventListener('scroll', this.onMove, { passive: true });
  }

  // items: [{ severity, start, end }] in the field's value; text: the value they refer to.
  render(text, items) {
    this.items = items;
    this.text = text;
    const m = this.mirror;
    while (m.firstChild) m.removeChild(m.firstChild);
    this.marks = [];
    let pos = 0;
    for (const it of items) {
      if (it.start < pos) continue; // overlapping findings: the first (highest severity, sorted by caller) wins
      if (it.start > pos) m.appendChild(document.createTextNode(text.slice(pos, it.start)));
      const span = document.createElement('span');
      span.className = 'm ' + it.severity;
      span.textContent = text.slice(it.start, it.end);
      m.appendChild(span);
      this.marks.push(span);
      pos = it.end;
    }
    // A trailing newline needs a character after it to take up a line, as in the field.
    m.appendChild(document.createTextNode(text.slice(pos) + '\u200b'));
    if (items.length && !this.host.isConnected) document.documentElement.appendChild(this.host);
    if (!items.length && this.host.isConnected) this.host.remove();
    this.position();
  }

  setActive(index) {
    this.marks.forEach((s, i) => s.classList.toggle('active', i === index));
  }

  schedule() {
    if (this.raf || !this.host.isConnected) return;
    this.raf = requestAnimationFrame(() => {
      this.raf = 0;
      this.position();
    });
  }

  position() {
    if (!this.host.isConnected) return;
    const f = this.field;
    const cs = getComputedStyle(f);
    const m = this.mirror;
    for (const p of COPY) m.style.setProperty(p, cs.getPropertyValue(p));
    const rect = f.getBoundingClientRect();
    const bl = parseFloat(cs.borderLeftWidth) || 0;
    const bt = parseFloat(cs.borderTopWidth) || 0;
    const pl = parseFloat(cs.paddingLeft) || 0;
    const pr = parseFloat(cs.paddingRight) || 0;
    const pt = parseFloat(cs.paddingTop) || 0;
    const pb = parseFloat(cs.paddingBottom) || 0;
    // clientWidth excludes the scrollbar, so wrapping matches the field's.
    m.style.left = rect.left + 'px';
    m.style.top = rect.top + 'px';
    m.style.width = Math.max(0, f.clientWidth - pl - pr) + 'px';
    m.style.height = Math.max(0, f.clientHeight - pt - pb) + 'px';
    m.style.display = rect.width && rect.height ? 'block' : 'none';
    m.scrollTop = f.scrollTop;
    m.scrollLeft = f.scrollLeft;
    void bl; void bt;
  }

  destroy() {
    window.removeEventListener('scroll', this.onMove, true);
    window.removeEventListener('resize', this.onMove, true);
    this.field.removeEventListener('scroll', this.onMove);
    this.host.remove();
  }
}

// Fallback for contenteditable composers in browsers without the Highlight API (e.g. Firefox ESR before 140):
// boxes drawn from each finding Range's client rects, above the page, never inside the editor.
export class RangeBoxes {
  constructor() {
    this.host = document.createElement('div');
    this.host.style.setProperty('all', 'initial', 'important');
    this.shadow = this.host.attachShadow({ mode: 'closed' });
    styleShadow(this.shadow, CSS_TEXT);
    this.layer = document.createElement('div');
    this.shadow.appendChild(this.layer);
    this.items = [];
    this.raf = 0;
    const again = () => this.schedule();
    window.addEventListener('scroll', again, true);
    window.addEventListener('resize', again, true);
  }

  render(items) { // [{ severity, range }]
    this.items = items;
    if (items.length && !this.host.isConnected) document.documentElement.appendChild(this.host);
    this.draw();
  }

  schedule() {
    if (this.raf || !this.items.length) return;
    this.raf = requestAnimationFrame(() => { this.raf = 0; this.draw(); });
  }

  draw() {
    const layer = this.layer;
    while (layer.firstChild) layer.removeChild(layer.firstChild);
    for (const it of this.items) {
      for (const r of it.range.getClientRects()) {
        const box = document.createElement('div');
        box.className = 'm ' + it.severity;
        const s = box.style;
        s.position = 'fixed';
        s.pointerEvents = 'none';
        s.zIndex = '2147483000';
        s.left = r.left + 'px';
        s.top = r.top + 'px';
        s.width = r.width + 'px';
        s.height = r.height + 'px';
        s.borderBottom = '2px solid currentColor';
        s.color = it.severity === 'block' ? '#d5281b' : it.severity === 'info' ? '#005eb8' : '#b27a00';
        layer.appendChild(box);
      }
    }
  }
}
