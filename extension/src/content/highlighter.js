// Paints findings in contenteditable composers with the CSS Custom Highlight API: the editor's DOM is never touched.
// The highlight registry is shared with the page, so we own only our distinctive names and never clear() it.

export const NAMES = { block: 'postcheck-block', warn: 'postcheck-warn', info: 'postcheck-info' };
export const ACTIVE_NAME = 'postcheck-active';
const PRIORITY = { info: 1, warn: 2, block: 3 };

export function highlightSupported() {
  return typeof CSS !== 'undefined' && !!CSS.highlights && typeof Highlight === 'function';
}

export class Highlighter {
  constructor() {
    this.sets = {};
    for (const sev of Object.keys(NAMES)) {
      const h = new Highlight();
      h.priority = PRIORITY[sev];
      CSS.highlights.set(NAMES[sev], h); // replaces only our own name (e.g. left over by a reloaded extension)
      this.sets[sev] = h;
    }
    this.active = new Highlight();
    this.active.priority = 10;
    CSS.highlights.set(ACTIVE_NAME, this.active);
    this.byOwner = new Map(); // composer -> [{sev, range}]
  }

  // items: [{ severity, range }]; replaces this owner's previous ranges only.
  set(owner, items) {
    this.clearOwner(owner);
    const mine = [];
    for (const it of items) {
      const h = this.sets[it.severity] || this.sets.warn;
      h.add(it.range);
      mine.push({ h, range: it.range });
    }
    this.byOwner.set(owner, mine);
  }

  clearOwner(owner) {
    const old = this.byOwner.get(owner);
    if (old) for (const { h, range } of old) h.delete(range);
    this.byOwner.delete(owner);
  }

  setActive(range) {
    this.active.clear(); // our own Highlight object, not the page's registry
    if (range) this.active.add(range);
  }
}
