// Synthetic rulesets in the documented rule format, for scaling runs: N distinct terms spread over rules of up to 1,000 terms.
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
