// Snaps finding ranges to grapheme-cluster boundaries so an underline never splits an emoji or a combining mark.
// The engine's offsets are UTF-16 code units; Intl.Segmenter works in the same units.

let segmenter = null;
function getSegmenter() {
  if (segmenter === null) {
    segmenter = typeof Intl !== 'undefined' && Intl.Segmenter ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : false;
  }
  return segmenter;
}

export function snapToGraphemes(text, start, end) {
  start = Math.max(0, Math.min(start, text.length));
  end = Math.max(start, Math.min(end, text.length));
  const seg = getSegmenter();
  if (!seg || !text.length) return { start, end };
  const segments = seg.segment(text);
  if (start < text.length) {
    const s = segments.containing(start);
    if (s) start = s.index;
  }
  if (end > start) {
    const e = segments.containing(end - 1);
    if (e) end = Math.max(end, e.index + e.segment.length);
  }
  return { start, end };
}
