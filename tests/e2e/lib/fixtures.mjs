// Per-fixture knowledge for the tests: where the editor is, and every way that site sends (Enter, Ctrl/Cmd+Enter,
// its send control, a form submit).
export const FIXTURES = {
  x: { editor: '.public-DraftEditor-content', kind: 'editable', sends: [{ kind: 'click', target: '[data-testid="tweetButton"]' }, { kind: 'key', key: 'Control+Enter' }, { kind: 'key', key: 'Meta+Enter' }] },
  facebook: { editor: '#editor', kind: 'editable', sends: [{ kind: 'key', key: 'Enter' }] },
  linkedin: { editor: '.ql-editor', kind: 'editable', sends: [{ kind: 'click', target: '#post' }] },
  bluesky: { editor: '.ProseMirror', kind: 'editable', sends: [{ kind: 'key', key: 'Control+Enter' }, { kind: 'key', key: 'Meta+Enter' }, { kind: 'click', target: '#post' }] },
  instagram: { editor: 'textarea', kind: 'field', sends: [{ kind: 'key', key: 'Enter' }, { kind: 'click', target: '.btn' }] },
  mastodon: { editor: '#status', kind: 'field', strictCsp: true, sends: [{ kind: 'key', key: 'Control+Enter' }, { kind: 'key', key: 'Meta+Enter' }, { kind: 'click', target: 'button[type="submit"]' }, { kind: 'submit' }] },
  youtube: { editor: '#contenteditable-root', kind: 'editable', sends: [{ kind: 'click', target: '#submit-button' }] },
};

// Performs one send gesture the way a person would (trusted input), or a script-initiated submit for 'submit'.
// page: a Playwright page or a lib/driver.mjs page (which has press() for key combos in both browsers).
export async function doSend(page, send) {
  if (send.kind === 'click') await page.click(send.target);
  else if (send.kind === 'key') await (typeof page.hook === 'function' ? page.press(send.key) : page.keyboard.press(send.key));
  else if (send.kind === 'submit') await page.evaluate(() => document.querySelector('form').requestSubmit());
}
