// Synthetic rulesets in the documented rule format, for scaling runs: N distinct terms spread over rules of up to 1,000 terms.
import { parseJsonc } from '../scripts/ruleset-bundle.mjs';
const SYL = ['ka', 'lo', 'mi', 'nu', 'pe', 'ra', 'si', 'to', 'vu', 'xe', 'zo', 'bri', 'cla', 'dro', 'fen', 'gul', 'hex', 'jor'];

// The i-th pseudo-word: distinct for every i (a base-18 numeral spelled in syllables), never an English word.
export function synthWord(i) {
  let w = '', n = i + 18 * 18;  // at least three syllables
  while (n > 0) { w += SYL[n % SYL.length]; n = Math.floor(n / SYL.length); }
  return w;
}

// Terms in the mix the format offers: plain words, stems (*), inflections (~) and two-word phrases.
export function synthTerm(i) {
  const w = synthWord(i);
  switch (i % 10) {
    case 7: return w + '*';
    case 8: return w + '~';
    case 9: return w + ' ' + synthWord(i + 1_000_000);
    default: return w;
  }
}

export function synthBundle(nTerms, perRule = 1000) {
  const rules = [];
  for (let start = 0, k = 0; start < nTerms; start += perRule, k++) {
    const terms = [];
    for (let i = start; i < Math.min(nTerms, start + perRule); i++) terms.push(synthTerm(i));
    const w0 = synthWord(start), w1 = synthWord(start + 1), w2 = synthWord(start + 2);
    rules.push({
      id: `offensive_content.synth_${k}`, category: 'offensive_content', severity: 'warn',
      title: 'Synthetic', message: 'Synthetic term found.', advice: 'None.',
      match: { terms },
      examples: { flag: [`a [[${w0}]] b`, `[[${w1}]]`, `x [[${w2}]]`], pass: ['nothing here', 'plain words only', 'quiet day'] },
    });
  }
  const header = { ruleset: { name: `synthetic ${nTerms} terms`, version: '0.0.0' } };
  const trust = { trust: { id: 'syn', name: 'Synthetic Trust', aliases: ['SYN'], handles: ['@syn'], sites: ['Synthetic General'],
    policy: { title: 'Policy', short: 'SYN 1', url: '' },
    contacts: { communications: { name: 'Comms', phone: '', extension: '', email: '', hours: '' },
      raising_concerns: { name: 'Concerns', url: '', freedom_to_speak_up: '' } }, sections: {} } };
  return [
    { name: 'synth/ruleset.json', text: JSON.stringify(header, null, 1) },
    { name: 'synth/rules.json', text: JSON.stringify({ rules }, null, 1) },
    { name: 'synth/trust.json', text: JSON.stringify(trust, null, 1) },
  ];
}

// A text of `units` code units: ordinary sentences with one synthetic term (from the first 100,
// which every synthetic ruleset has) every ~200 characters, so findings exist at every size.
export function synthText(units, makePost) {
  const base = makePost(units, 7);
  let out = '';
  // The base advances 190 units a step while the output grows by ~200, so it never runs out.
  for (let i = 0; out.length < units; i++) out += base.slice(i * 190, (i + 1) * 190) + ' ' + synthWord(i % 100) + ' ';
  return out.slice(0, units);
}

// Letters of a pattern moved along the alphabet (escapes, \p{..} and classes left alone): the same
// regex shape, looking for different words.
function shiftPattern(re, k) {
  let out = '';
  let inClass = false;  // letters inside [...] stay: shifting could turn a range like [a-z] around
  for (let i = 0; i < re.length; i++) {
    const c = re[i];
    if (c === '[' && !inClass) inClass = true;
    else if (c === ']' && inClass) inClass = false;
    if (c === '\\') {
      const next = re[i + 1] ?? '';
      if ((next === 'p' || next === 'P') && re[i + 2] === '{') { const e = re.indexOf('}', i); out += re.slice(i, e + 1); i = e; continue; }
      out += c + next; i++; continue;
    }
    out += !inClass && c >= 'a' && c <= 'z' ? String.fromCharCode(97 + ((c.charCodeAt(0) - 97 + 7 * k) % 26)) : c;
  }
  return out;
}

// A clone of a match expression with the same shape: every term (and every named term set,
// spelled out with as many terms) becomes a distinct pseudo-word, regex letters are shifted,
// detectors (shared, built in) stay. Clones thus cost what rules that do not fire cost, except
// where a detector alone makes a finding.
function cloneExpr(e, k, sets, counter) {
  if (Array.isArray(e)) return e.map((x) => cloneExpr(x, k, sets, counter));
  if (!e || typeof e !== 'object') return e;
  const out = {};
  for (const [key, v] of Object.entries(e)) {
    if (key === 'terms') out.terms = v.map((t) => synthWord(counter.n++ + k * 1_000_000) + (/[*~]$/.test(t) ? t.slice(-1) : ''));
    else if (key === 'terms_ref') out.terms = Array.from({ length: Math.max(1, (sets[v] || ['x']).length) }, () => synthWord(counter.n++ + k * 1_000_000));
    else if (key === 'regex') out.regex = shiftPattern(v, k);
    else out[key] = cloneExpr(v, k, sets, counter);
  }
  return out;
}

// The real bundle plus (factor - 1) synthetic copies of every core rule, same shapes, new ids.
export function scaleBundle(bundle, factor) {
  if (factor <= 1) return bundle;
  const header = bundle.find((f) => /"ruleset"\s*:/.test(f.text));
  const sets = { ...(parseJsonc(header.text, header.name).ruleset.term_sets || {}) };
  // Lexicon files define term sets too (clones spell them out with as many pseudo-words).
  for (const f of bundle) {
    if (!/"lexicon"\s*:/.test(f.text)) continue;
    try { Object.assign(sets, parseJsonc(f.text, f.name).lexicon.term_sets || {}); } catch { /* not a lexicon */ }
  }
  const counter = { n: 0 };
  const extra = [];
  for (const f of bundle) {
    if (!f.name.includes('rules/core/') || f === header) continue;
    let parsed;
    try { parsed = parseJsonc(f.text, f.name); } catch { continue; }
    if (!Array.isArray(parsed.rules)) continue;
    for (let k = 1; k < factor; k++) {
      const rules = parsed.rules.map((r) => {
        const c = { ...r, id: `${r.id}_synth${k}`, examples: undefined };
        for (const key of ['match', 'unless', 'evidence']) if (r[key] !== undefined) c[key] = cloneExpr(r[key], k, sets, counter);
        if (r.allow) c.allow = r.allow.map(() => synthWord(counter.n++ + k * 1_000_000));
        delete c.examples;
        return c;
      });
      extra.push({ name: f.name.replace('.json', `.synth${k}.json`), text: JSON.stringify({ rules }, null, 1) });
    }
  }
  return [...bundle, ...extra];
}
