// Finds the compose box behind a focus or input target (through open shadow roots; same-origin iframes run their
// own copy of the content script via all_frames) and names its editor family from the DOM, never from the hostname.
// Skips inputs that are not posts: password, search, email/url/number fields, single-line address bars.

const SKIP_INPUT_TYPES = new Set(['password', 'search', 'email', 'url', 'tel', 'number', 'date', 'time',
  'datetime-local', 'month', 'week', 'color', 'file', 'hidden', 'checkbox', 'radio', 'range', 'submit', 'button', 'reset', 'image']);

// The deepest real target of an event (inside open shadow roots).
export function deepTarget(event) {
  const path = event.composedPath ? event.composedPath() : [];
  return path.length ? path[0] : event.target;
}

function parentAcrossShadow(node) {
  if (node.parentNode) return node.parentNode.nodeType === 11 ? node.parentNode.host : node.parentNode;
  return null;
}

// The editing host: the outermost contenteditable element containing node.
function editingHost(node) {
  let el = node.nodeType === 1 ? node : node.parentNode;
  let host = null;
  while (el && el.nodeType === 1) {
    if (el.isContentEditable) host = el;
    else if (host) break;
    el = el.parentNode;
  }
  return host;
}

function looksLikeNonPost(el) {
  const hint = [el.getAttribute('aria-label'), el.getAttribute('placeholder'), el.getAttribute('name'),
    el.getAttribute('autocomplete'), el.id].join(' ').toLowerCase();
  return /\b(search|password|username|e-?mail address|address bar|url)\b/.test(hint) ||
    el.getAttribute('role') === 'searchbox' || el.getAttribute('role') === 'combobox';
}

// Returns the composer element for node, or null.
export function composerFor(node) {
  if (!node || node.nodeType !== 1 && node.nodeType !== 3) return null;
  const el = node.nodeType === 1 ? node : node.parentNode;
  if (!el) return null;
  if (el.tagName === 'TEXTAREA') {
    return el.readOnly || el.disabled || looksLikeNonPost(el) ? null : el;
  }
  if (el.tagName === 'INPUT') {
    const type = (el.getAttribute('type') || 'text').toLowerCase();
    if (SKIP_INPUT_TYPES.has(type) || el.readOnly || el.disabled || looksLikeNonPost(el)) return null;
    // Single-line text inputs are posts only when they say so (e.g. "Add a comment…").
    const hint = ((el.getAttribute('aria-label') || '') + ' ' + (el.getAttribute('placeholder') || '')).toLowerCase();
    return /(comment|reply|post|message|write|say|share|caption)/.test(hint) ? el : null;
  }
  const host = editingHost(el);
  if (host) return looksLikeNonPost(host) ? null : host;
  // role=textbox wrappers (some sites focus a wrapper around the real editable element)
  let r = el;
  for (let i = 0; r && i < 4; i++, r = parentAcrossShadow(r)) {
    if (r.nodeType === 1 && r.getAttribute('role') === 'textbox') {
      const inner = r.isContentEditable ? r : r.querySelector('[contenteditable="true"], [contenteditable=""], textarea');
      if (inner) return composerFor(inner);
    }
  }
  return null;
}

// Editor family from DOM markers (for the README's per-site behaviour and tests; checks do not depend on it).
export function editorFamily(el) {
  if (el.tagName === 'TEXTAREA' || el.tagName === 'INPUT') return 'plain-field';
  if (el.hasAttribute('data-lexical-editor')) return 'lexical';
  if (el.classList.contains('ProseMirror')) return 'prosemirror';
  if (el.classList.contains('ql-editor')) return 'quill';
  if (el.classList.contains('public-DraftEditor-content') || el.querySelector('[data-contents="true"]')) return 'draft';
  if (el.hasAttribute('data-slate-editor')) return 'slate';
  if (el.classList.contains('ck-editor__editable')) return 'ckeditor5';
  return 'plain-editable';
}

function label(el) {
  const text = (el.getAttribute('aria-label') || el.getAttribute('title') || el.value || el.textContent || '').trim();
  return text.length > 40 ? '' : text;
}
const SEND_LABEL = /^(post|post all|send|send now|reply|tweet|comment|publish|publish post|toot|submit|share now|respond)\b|\b(send|post|publish)$/i;
const BUTTONISH = 'button, [role="button"], input[type="submit"]';

export function isSendButton(el) {
  if (!el || el.nodeType !== 1 || !el.matches(BUTTONISH)) return false;
  if (el.disabled || el.getAttribute('aria-disabled') === 'true') return false;
  const type = (el.getAttribute('type') || '').toLowerCase();
  const tid = (el.getAttribute('data-testid') || '').toLowerCase();
  return SEND_LABEL.test(label(el)) || (type === 'submit' && el.tagName !== 'DIV') || /tweetbutton|sendbutton|postbutton|submit/.test(tid);
}

// The send control clicked, if the click path contains one.
export function sendButtonInPath(event) {
  const path = event.composedPath ? event.composedPath() : [event.target];
  for (const n of path) {
    if (n && n.nodeType === 1 && n.matches && n.matches(BUTTONISH)) return isSendButton(n) ? n : null;
  }
  return null;
}

// True if button sits "near" composer: both inside the same form, or inside an ancestor no more than `levels` up.
export function isNear(composer, button, levels = 8) {
  if (composer.form && composer.form === (button.form || button.closest('form'))) return true;
  let a = composer;
  for (let i = 0; a && i < levels; i++, a = parentAcrossShadow(a)) {
    if (a.contains && a.contains(button)) return true;
  }
  return false;
}

// Finds the send button for a composer (for replay after "Post anyway").
export function findSendButton(composer, levels = 8) {
  let a = composer;
  for (let i = 0; a && i < levels; i++, a = parentAcrossShadow(a)) {
    if (a.querySelectorAll) {
      const found = Array.from(a.querySelectorAll(BUTTONISH)).find(isSendButton);
      if (found) return found;
    }
  }
  return null;
}

// What identifies a send button across a re-render (React replacing the element): its tag, test id, role and label.
export function buttonSignature(el) {
  return { tag: el.tagName, testid: el.getAttribute('data-testid') || '', role: el.getAttribute('role') || '', label: label(el) };
}

// The one connected send button in the document that looks like sig, or null (none, or more than one: ambiguous).
export function findSameButton(sig) {
  if (!sig) return null;
  const same = Array.from(document.querySelectorAll(BUTTONISH)).filter((b) => isSendButton(b) && b.tagName === sig.tag &&
    (b.getAttribute('data-testid') || '') === sig.testid && (b.getAttribute('role') || '') === sig.role && label(b) === sig.label);
  return same.length === 1 ? same[0] : null;
}
