// Reads a composer's text without touching it: one walk over the editor's nodes builds the text the engine sees
// and a segment map between UTF-16 offsets and DOM (node, offset). Offsets are UTF-16 code units end to end.
// Blocks and <br> become "\n"; a trailing placeholder <br> adds nothing; <img alt> (emoji) contributes its alt text.

const BLOCK_TAGS = new Set(['ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'DD', 'DIV', 'DL', 'DT', 'FIELDSET',
  'FIGCAPTION', 'FIGURE', 'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'MAIN',
  'NAV', 'OL', 'P', 'PRE', 'SECTION', 'TABLE', 'TBODY', 'TR', 'TD', 'TH', 'UL']);
const SKIP_TAGS = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT']);

export function isBlock(el) {
  return BLOCK_TAGS.has(el.tagName);
}

function blockOf(node, root) {
  let el = node.parentNode;
  while (el && el !== root && !(el.nodeType === 1 && isBlock(el))) el = el.parentNode;
  return el || root;
}

function isContent(n) {
  return (n.nodeType === 3 && n.data.length > 0) || (n.nodeType === 1 && (n.tagName === 'BR' || n.tagName === 'IMG'));
}

// A <br> that ends a block which has content before it renders no extra line (editors' placeholder/trailing breaks).
function isTrailingBreak(br, root) {
  const block = blockOf(br, root);
  const doc = br.ownerDocument;
  const walker = doc.createTreeWalker(block, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  walker.currentNode = br;
  // Anything after it inside the same block means it is a real line break.
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.nodeType === 1 && isBlock(n)) return false;
    if (isContent(n)) return false;
  }
  walker.currentNode = br;
  for (let n = walker.previousNode(); n && n !== block; n = walker.previousNode()) {
    if (isContent(n)) return true;
  }
  return false; // the only thing in its block: it stands for an empty line
}

// Snapshot of a contenteditable root: { kind: 'editable', root, text, segs }.
// segs: ascending, non-overlapping { start, end, node, virtual } (virtual = "\n" or alt text standing for an element).
export function snapshotEditable(root) {
  let text = '';
  const segs = [];
  let pendingBreak = false;
  const virtual = (s, node) => {
    segs.push({ start: text.length, end: text.length + s.length, node, virtual: true });
    text += s;
  };
  const flushBreak = (node) => {
    if (pendingBreak && text.length && text[text.length - 1] !== '\n') virtual('\n', node);
    pendingBreak = false;
  };
  const visit = (node) => {
    if (node.nodeType === 3) {
      const data = node.data;
      if (!data.length) return;
      flushBreak(node);
      segs.push({ start: text.length, end: text.length + data.length, node, virtual: false });
      text += data;
      return;
    }
    if (node.nodeType !== 1 || SKIP_TAGS.has(node.tagName)) return;
    if (node.tagName === 'BR') {
      flushBreak(node);
      if (!isTrailingBreak(node, root)) virtual('\n', node);
      return;
    }
    if (node.tagName === 'IMG') {
      const alt = node.getAttribute('alt');
      if (alt) {
        flushBreak(node);
        virtual(alt, node);
      }
      return;
    }
    const block = node !== root && isBlock(node);
    if (block) {
      pendingBreak = true;
      flushBreak(node);
    }
    for (let c = node.firstChild; c; c = c.nextSibling) visit(c);
    if (block) pendingBreak = true;
  };
  visit(root);
  return { kind: 'editable', root, text, segs };
}

export function snapshotField(el) {
  return { kind: 'field', root: el, text: el.value, segs: null };
}

// Index of the first segment with end >= offset (binary search).
function firstEndingAtOrAfter(segs, offset) {
  let lo = 0;
  let hi = segs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (segs[mid].end < offset) lo = mid + 1; else hi = mid;
  }
  return lo;
}

function beforeNode(node) {
  const parent = node.parentNode;
  return { node: parent, offset: Array.prototype.indexOf.call(parent.childNodes, node) };
}
function afterNode(node) {
  const p = beforeNode(node);
  return { node: p.node, offset: p.offset + 1 };
}

// DOM point for a text offset. side 'start' prefers the segment that begins at offset, 'end' the one that ends there,
// so a range never starts at the end of the previous text node (which would underline nothing visible there).
export function domPoint(snap, offset, side) {
  const segs = snap.segs;
  if (!segs.length) return { node: snap.root, offset: 0 };
  let i = firstEndingAtOrAfter(segs, offset);
  if (i >= segs.length) {
    const last = segs[segs.length - 1];
    return last.virtual ? afterNode(last.node) : { node: last.node, offset: last.node.data.length };
  }
  if (side === 'start' && segs[i].end === offset && i + 1 < segs.length && segs[i + 1].start === offset) i += 1;
  const seg = segs[i];
  if (!seg.virtual) return { node: seg.node, offset: Math.max(0, offset - seg.start) };
  if (offset <= seg.start) return beforeNode(seg.node);
  if (offset >= seg.end) return afterNode(seg.node);
  return side === 'start' ? beforeNode(seg.node) : afterNode(seg.node);
}

export function rangeFor(snap, start, end) {
  const doc = snap.root.ownerDocument;
  const range = doc.createRange();
  const a = domPoint(snap, start, 'start');
  const b = domPoint(snap, end, 'end');
  range.setStart(a.node, a.offset);
  range.setEnd(b.node, b.offset);
  return range;
}

// Text offset of a DOM point (used for hover via caretPositionFromPoint); -1 if the point is not in the snapshot.
export function offsetOf(snap, node, offset) {
  if (!snap.segs) return node === snap.root ? offset : -1;
  for (const seg of snap.segs) {
    if (seg.node === node && !seg.virtual) return seg.start + offset;
  }
  if (node.nodeType === 1) {
    const child = node.childNodes[offset];
    if (child) {
      for (const seg of snap.segs) {
        if (seg.node === child || (child.contains && child.contains(seg.node))) return seg.start;
      }
    }
  }
  return -1;
}
