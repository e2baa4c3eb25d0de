// Styles one of PostCheck's closed shadow roots: a constructed sheet where the browser lets a content script adopt
// one (page CSP cannot block it), else a <style> element inside the shadow root. Firefox ESR 140 throws "Accessing
// from Xray wrapper is not supported" on adoptedStyleSheets from a content script (Mozilla bugs 1770592, 1928865).

const sheets = new Map(); // cssText -> CSSStyleSheet, shared by every root with the same styles

export function styleShadow(shadow, cssText) {
  try {
    let sheet = sheets.get(cssText);
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(cssText);
      sheets.set(cssText, sheet);
    }
    shadow.adoptedStyleSheets = [sheet];
    return 'adopted';
  } catch (_) {
    const style = document.createElement('style');
    style.textContent = cssText;
    shadow.prepend(style);
    return 'element';
  }
}
