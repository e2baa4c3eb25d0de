// Underlines for findings, drawn as plain boxes in ONE closed shadow root that holds no text at rest and takes no
// pointer events. Nothing a page can read depends on the findings: no shared CSS.highlights registry (one per
// document, readable by the page), a host attached once and never removed while a composer lives (its presence says
// only "PostCheck runs here"), and no text for window.find(). Boxes follow scrolling, resizing and re-wrapping.

// Metrics a textarea/input mirror copies so its text wraps exactly as the field's does.
const COPY = ['font-family', 'font-size', 'font-weight', 'font-style', 'font-variant', 'font-stretch', 'letter-spacing',
  'word-spacing', 'line-height', 'text-transform', 'text-indent', 'text-align', 'direction', 'tab-size',
  'padding-top', 'padding-right', 'padding-bottom', 'padding-left', 'font-feature-settings'];

// A <style> element rather than adoptedStyleSheets: Firefox ESR 140 throws on adoptedStyleSheets from a content
// script (Xray wrappers), and the shadow root's own <style> is not subject to the page's CSP.
const CSS_TEXT = `
:host { all: initial; }
.layer, .clip, .box, .mirror { pointer-events: none; }
.layer { position: fixed; left: 0; top: 0; width: 0; height: 0; z-index: 2147483000; }
.clip { position: fixed; overflow: hidden; }
.box { position: absolute; box-sizing: border-box; border-radius: 2px; border-bottom: 2px solid; }
.box.block { background: rgba(212, 53, 28, 0.22); border-bottom-color: #d5281b; }
.box.warn { background: rgba(255, 184, 28, 0.30); border-bottom-color: #b27a00; }
.box.info { background: rgba(0, 94, 184, 0.12); border-bottom: 2px dotted #005eb8; }
.box.active { background: rgba(255, 235, 59, 0.75); outline: 2px solid #212b32; }
.mirror { position: fixed; visibility: hidden; box-sizing: content-box; overflow: hidden; border: 0 solid transparent;
  margin: 0; white-space: pre-wrap; overflow-wrap: break-word; word-break: normal; }
.mirror.single { white-space: pre; }
`;

export function styleElement() {
  const s = document.createElement('style');
  s.textContent = CSS_TEXT;
  return s;
}

// Client rects of [start, end) of a textarea's/input's value. The field's text is copied into a hidden mirror only
// for the time of this synchronous call and removed before it returns, so no page script can ever find it there.
export function measureField(mirror, field, text, spans) {
  const cs = getComputedStyle(field);
  for (const p of COPY) mirror.style.setProperty(p, cs.getPropertyValue(p));
  mirror.className = 'mirror' + (field.tagName === 'INPUT' ? ' single' : '');
  const rect = field.getBoundingClientRect();
  const bl = parseFloat(cs.borderLeftWidth) || 0;
  const bt = parseFloat(cs.borderTopWidth) || 0;
  const pl = parseFloat(cs.paddingLeft) || 0;
  const pr = parseFloat(cs.paddingRight) || 0;
  const pt = parseFloat(cs.paddingTop) || 0;
  const pb = parseFloat(cs.paddingBottom) || 0;
  // clientWidth excludes the scrollbar, so wrapping matches the field's.
  mirror.style.left = rect.left + bl + 'px';
  mirror.style.top = rect.top + bt + 'px';
  mirror.style.width = Math.max(0, field.clientWidth - pl - pr) + 'px';
  mirror.style.height = Math.max(0, field.clientHeight - pt - pb) + 'px';
  const marks = [];
  let pos = 0;
  for (const s of spans) {
    if (s.start < pos) { marks.push(null); continue; } // overlapping findings: the first (highest severity) is drawn
    if (s.start > pos) mirror.appendChild(document.createTextNode(text.slice(pos, s.start)));
    const span = document.createElement('span');
    span.textContent = text.slice(s.start, s.end);
    mirror.appendChild(span);
    marks.push(span);
    pos = s.end;
  }
  // A trailing newline needs a character after it to take up a line, as in the field.
  mirror.appendChild(document.createTextNode(text.slice(pos) + '\u200b'));
  mirror.scrollTop = field.scrollTop;
  mirror.scrollLeft = field.scrollLeft;
  const out = marks.map((m) => (m ? Array.from(m.getClientRects()) : []));
  while (mirror.firstChild) mirror.removeChild(mirror.firstChild);
  return out;
}

export class BoxLayer {
  constructor() {
    this.host = document.createElement('div');
    this.host.style.setProperty('all', 'initial', 'important');
    this.host.style.setProperty('position', 'static', 'important');
    this.shadow = this.host.attachShadow({ mode: 'closed' });
    this.layer = document.createElement('div');
    this.layer.className = 'layer';
    this.layer.setAttribute('aria-hidden', 'true');
    this.mirror = document.createElement('div');
    this.mirror.className = 'mirror';
    this.mirror.setAttribute('aria-hidden', 'true');
    this.shadow.append(styleElement(), this.layer, this.mirror);
    this.owners = new Map(); // owner -> { el, clip }
    this.raf = 0;
    this.drawn = new Map(); // owner -> [{ severity, active, rects }] as last drawn (read by the test build)
    const again = () => this.schedule();
    window.addEventListener('scroll', again, true);
    window.addEventListener('resize', again, true);
    // Re-wrapping without a scroll or window resize (the editor grows, a sidebar opens): follow the element's size.
    this.resizeObserver = typeof ResizeObserver === 'function' ? new ResizeObserver(again) : null;
  }

  // Attached once, when the first composer is tracked; put back (not on a finding-dependent schedule) if a page
  // removed it.
  attach() {
    if (!this.host.isConnected) document.documentElement.appendChild(this.host);
  }

  // owner: { el, boxes(mirror) -> [{ severity, active, rects }] }
  track(owner) {
    if (this.owners.has(owner)) return;
    const clip = document.createElement('div');
    clip.className = 'clip';
    this.layer.appendChild(clip);
    this.owners.set(owner, { el: owner.el, clip });
    if (this.resizeObserver) this.resizeObserver.observe(owner.el);
    this.attach();
  }

  untrack(owner) {
    const o = this.owners.get(owner);
    if (!o) return;
    o.clip.remove();
    if (this.resizeObserver) this.resizeObserver.unobserve(o.el);
    this.owners.delete(owner);
    this.drawn.delete(owner);
  }

  schedule() {
    if (this.raf) return;
    this.raf = requestAnimationFrame(() => {
      this.raf = 0;
      this.draw();
    });
  }

  draw() {
    this.attach();
    for (const [owner, o] of this.owners) this.drawOwner(owner, o);
  }

  drawNow(owner) {
    this.attach();
    const o = this.owners.get(owner);
    if (o) this.drawOwner(owner, o);
  }

  drawOwner(owner, o) {
    const clip = o.clip;
    let boxes = [];
    try { boxes = o.el.isConnected ? owner.boxes(this.mirror) : []; } catch (_) { boxes = []; }
    // Clipped to the composer's box, so text scrolled out of an editor that scrolls inside is not marked outside it.
    const r = o.el.getBoundingClientRect();
    clip.style.left = r.left - 2 + 'px';
    clip.style.top = r.top - 2 + 'px';
    clip.style.width = Math.max(0, r.width + 4) + 'px';
    clip.style.height = Math.max(0, r.height + 4) + 'px';
    const want = [];
    for (const b of boxes) {
      for (const rect of b.rects) {
        if (rect.width <= 0 || rect.height <= 0) continue;
        want.push({ cls: 'box ' + b.severity + (b.active ? ' active' : ''), rect });
      }
    }
    while (clip.children.length > want.length) clip.lastChild.remove();
    while (clip.children.length < want.length) clip.appendChild(document.createElement('div'));
    want.forEach((w, i) => {
      const d = clip.children[i];
      d.className = w.cls;
      d.style.left = w.rect.left - (r.left - 2) + 'px';
      d.style.top = w.rect.top - (r.top - 2) + 'px';
      d.style.width = w.rect.width + 'px';
      d.style.height = w.rect.height + 'px';
    });
    this.drawn.set(owner, boxes);
  }

  // Test build: the boxes as drawn (viewport coordinates), clipped to what is visible.
  drawnRects(owner) {
    const o = this.owners.get(owner);
    if (!o) return [];
    return Array.from(o.clip.children).map((d) => {
      const b = d.getBoundingClientRect();
      const c = o.clip.getBoundingClientRect();
      const left = Math.max(b.left, c.left);
      const top = Math.max(b.top, c.top);
      const right = Math.min(b.right, c.right);
      const bottom = Math.min(b.bottom, c.bottom);
      return { severity: d.classList[1], active: d.classList.contains('active'), left, top, width: Math.max(0, right - left), height: Math.max(0, bottom - top) };
    });
  }
}
