// The subset of JSON Schema that Chromium applies to extension policy (managed_schema.json): checks a schema is loadable and a settings value would be kept.
//
// Chromium refuses to load an extension whose schema it cannot parse (top-level additionalProperties, a list of
// types, oneOf/anyOf/allOf), and silently drops a policy value that does not match. Admins get no error, so
// gen-admin and tests/deploy check both here, strictly: an unknown top-level key is reported too, since the
// browser would ignore a misspelt setting without a word.

const TYPES = new Set(['string', 'boolean', 'integer', 'number', 'array', 'object']);
const UNSUPPORTED = ['oneOf', 'anyOf', 'allOf', 'not', 'if', 'then', 'else'];

// Returns a list of problems ("$.path: message"); empty when Chromium would load the schema.
export function schemaProblems(schema) {
  const out = [];
  if (!schema || schema.type !== 'object') out.push('$: the top-level schema must be {"type": "object"}');
  if (schema && 'additionalProperties' in schema) out.push('$: Chromium rejects additionalProperties at the top level');
  (function walk(s, at) {
    if (!s || typeof s !== 'object' || Array.isArray(s)) { out.push(`${at}: a schema must be an object`); return; }
    for (const k of UNSUPPORTED) if (k in s) out.push(`${at}: "${k}" is not supported by Chromium`);
    if ('$ref' in s) return;
    if (typeof s.type !== 'string') { out.push(`${at}: needs exactly one "type" (a string, not a list)`); return; }
    if (!TYPES.has(s.type)) out.push(`${at}: unknown type "${s.type}"`);
    if (s.enum) {
      if (!Array.isArray(s.enum) || s.enum.length === 0) out.push(`${at}: enum must be a non-empty list`);
      else for (const v of s.enum) if (validate(v, { type: s.type }).length) out.push(`${at}: enum value ${JSON.stringify(v)} is not a ${s.type}`);
    }
    if (s.type === 'array') {
      if (!s.items) out.push(`${at}: an array needs "items"`);
      else walk(s.items, `${at}.items`);
    }
    if (s.type === 'object') {
      for (const [k, sub] of Object.entries(s.properties || {})) walk(sub, `${at}.properties.${k}`);
      for (const [k, sub] of Object.entries(s.patternProperties || {})) walk(sub, `${at}.patternProperties.${k}`);
      if (s.additionalProperties && typeof s.additionalProperties === 'object') walk(s.additionalProperties, `${at}.additionalProperties`);
    }
  })(schema, '$');
  return out;
}

function typeMatches(v, type) {
  switch (type) {
    case 'string': return typeof v === 'string';
    case 'boolean': return typeof v === 'boolean';
    case 'integer': return Number.isInteger(v);
    case 'number': return typeof v === 'number' && Number.isFinite(v);
    case 'array': return Array.isArray(v);
    case 'object': return v !== null && typeof v === 'object' && !Array.isArray(v);
    default: return false;
  }
}

// Returns a list of problems; empty when Chromium would publish the value unchanged.
export function validate(value, schema, at = '$', { strictTopLevel = at === '$' } = {}) {
  const out = [];
  if (!typeMatches(value, schema.type)) return [`${at}: expected ${schema.type}, got ${Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value}`];
  if (schema.enum && !schema.enum.includes(value)) out.push(`${at}: ${JSON.stringify(value)} is not one of ${schema.enum.join(', ')}`);
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) out.push(`${at}: ${value} is below the minimum ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) out.push(`${at}: ${value} is above the maximum ${schema.maximum}`);
  }
  if (typeof value === 'string' && schema.pattern && !new RegExp(schema.pattern).test(value)) out.push(`${at}: does not match ${schema.pattern}`);
  if (schema.type === 'array') value.forEach((v, i) => out.push(...validate(v, schema.items, `${at}[${i}]`, { strictTopLevel: false })));
  if (schema.type === 'object') {
    for (const r of schema.required || []) if (!(r in value)) out.push(`${at}: missing required "${r}"`);
    for (const [k, v] of Object.entries(value)) {
      const sub = schema.properties?.[k]
        || Object.entries(schema.patternProperties || {}).find(([p]) => new RegExp(p).test(k))?.[1]
        || (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : null);
      if (sub) out.push(...validate(v, sub, `${at}.${k}`, { strictTopLevel: false }));
      else if (strictTopLevel || schema.additionalProperties === false) out.push(`${at}: unknown setting "${k}" (the browser ignores it)`);
    }
  }
  return out;
}
