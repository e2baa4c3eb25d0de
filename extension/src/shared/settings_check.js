// Settings checked against the ruleset the engine runs: an unknown Trust profile, rule ids or patterns that match no rule, and values left as the admin templates' placeholders. Pure logic; the options page shows the result.
//
// The browser drops only values of the wrong type; a misspelt Trust profile or rule id is a valid string, so
// without this nothing tells the administrator that it does nothing.

// Values from docs/admin's templates (scripts/gen-admin.mjs examples) and the admin guide: a policy that still
// carries one was deployed without being filled in.
const PLACEHOLDER = /<[^<>]*[ _][^<>]*>|REPLACE|BASE64_RAW_ED25519|_EXTENSION_ID\b|01234 567890|communications@trust\.nhs\.uk|intranet\.trust\.nhs\.uk|apps\.trust\.nhs\.uk/i;

function closest(word, list) {
  const lower = String(word).toLowerCase();
  return list.find((x) => x.toLowerCase() === lower) || '';
}

// settings: effective settings; ruleset: {trusts: [{id, name}], rules: [{id, category}]} as the engine reports it.
// Returns [{key, message}], one per problem, in settings order.
export function settingsProblems(settings, ruleset) {
  const out = [];
  if (!settings) return out;
  const trusts = ruleset && Array.isArray(ruleset.trusts) ? ruleset.trusts : [];
  const rules = ruleset && Array.isArray(ruleset.rules) ? ruleset.rules : [];
  if (settings.trustProfile && trusts.length && !trusts.some((t) => t.id === settings.trustProfile)) {
    const near = closest(settings.trustProfile, trusts.map((t) => t.id));
    out.push({ key: 'trustProfile', message: `"${settings.trustProfile}" is not a Trust profile in this ruleset` +
      (near ? ` (did you mean "${near}"? Letter case matters)` : '') +
      `; the profiles are: ${trusts.map((t) => t.id).join(', ')}. Until it is corrected PostCheck checks with the shared rules only, ` +
      'without any Trust\'s contact details or policy sections.' });
  }
  if (rules.length) {
    const ids = new Set(rules.map((r) => r.id));
    const categories = new Set(rules.map((r) => r.category));
    const unknownPattern = (p) => (p.endsWith('.*') ? !categories.has(p.slice(0, -2)) : !ids.has(p));
    const badDisabled = (settings.disabledRules || []).filter(unknownPattern);
    if (badDisabled.length) {
      out.push({ key: 'disabledRules', message: `${badDisabled.map((x) => `"${x}"`).join(', ')} ${badDisabled.length === 1 ? 'matches' : 'match'} no rule in this ruleset, ` +
        'so nothing is switched off for it. Use rule ids or "category.*" as listed in the rules catalog.' });
    }
    const badOverrides = Object.keys(settings.severityOverrides || {}).filter((k) => !ids.has(k));
    if (badOverrides.length) {
      out.push({ key: 'severityOverrides', message: `${badOverrides.map((x) => `"${x}"`).join(', ')} ${badOverrides.length === 1 ? 'is' : 'are'} not a rule id in this ruleset, ` +
        'so no severity is changed for it.' });
    }
  }
  for (const [key, value] of Object.entries(settings)) {
    const values = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
    const hit = values.find((v) => typeof v === 'string' && PLACEHOLDER.test(v));
    if (hit) out.push({ key, message: `"${hit}" is an example value from the admin templates, not a real one: set your Trust's value or remove the setting.` });
  }
  return out;
}
