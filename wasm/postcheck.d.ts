// The PostCheck engine as JavaScript sees it: build/wasm/postcheck-engine.js wraps the Embind module.
// Loads in node (require), a classic MV3 service worker (importScripts) or a page (<script>); it
// defines the global `PostCheckEngine`. Nothing here throws: failures come back as { ok: false, error }.

export type Severity = 'info' | 'warn' | 'block';
export type Confidence = 'low' | 'medium' | 'high';

export interface EngineError {
  code: string;        // 'syntax_error' | 'schema_error' | 'compile_error' | 'example_failed' | 'invalid_argument' | 'resource_limit' | 'internal'
  message: string;     // plain English
  file: string;        // rules file name as given to loadRuleset ('' if not file-specific)
  line: number;        // 1-based, 0 if unknown
  column: number;      // 1-based, 0 if unknown
  jsonPath: string;    // '$.rules[3].match' or ''
  text: string;        // "file:line:col: $.path: message", ready to show
}

export interface Finding {
  rule: string; category: string; severity: Severity; confidence: Confidence;
  start: number; end: number;   // UTF-16 code units into the text passed to check(), [start, end)
  title: string; message: string; advice: string;
  policyRef: string;            // e.g. 'BHT Pol 193 §6.11'
  policyUrl: string;
}

export interface CheckResult {
  ok: boolean;                  // false only if the engine failed; then findings is [] and error is set: fail open
  findings: Finding[];
  notes: string[];
  truncated: boolean;
  error?: EngineError;
}

export interface RulesetInfo {
  name: string; version: string; ruleCount: number;
  trusts: { id: string; name: string; policyShort: string; policyTitle: string; policyUrl: string }[];
  rules: { id: string; category: string; severity: Severity; title: string; trust: string }[];
}

export interface SourceFile { name: string; text: string; }

export interface CheckerSettings {
  trust?: string;                       // profile id ('bht', 'ndht'); defaults to the first profile
  noTrustProfile?: boolean;             // no profile: shared rules only, no Trust's names, contacts, sections or choices
  site?: string;                        // hostname, for site-limited rules
  minConfidence?: Confidence;           // sensitivity
  disabledRules?: string[];             // ids or 'category.*'
  severityOverrides?: Record<string, Severity>;
  placeholders?: Record<string, string>; // e.g. { 'contacts.communications.phone': '01234 567890' }
}

export interface ExampleFailure { rule: string; trust: string; example: string; problem: string; file: string; line: number; }

export interface Engine {
  // Compiles the files as one ruleset. On failure the previous ruleset and settings stay in force.
  // {examples: false} skips reading the rules' examples: faster, and runExamples() then reports one failure saying so.
  loadRuleset(files: SourceFile[], options?: { examples?: boolean }): { ok: true; info: RulesetInfo } | { ok: false; error: EngineError };
  // Loads a block from pack() (the build writes build/rules/ruleset.pack): no JSON to parse, no examples. A block from
  // another engine build, or a damaged one, fails like a broken ruleset; load the rule files then.
  loadPacked(bytes: Uint8Array | ArrayBuffer, name?: string): { ok: true; info: RulesetInfo } | { ok: false; error: EngineError };
  // The loaded ruleset as a packed block; null before one is loaded.
  pack(): Uint8Array | null;
  // Binds the loaded ruleset to a Trust and settings. On failure the previous checker stays.
  configure(settings: CheckerSettings): { ok: true } | { ok: false; error: EngineError };
  check(text: string): CheckResult;
  runExamples(): ExampleFailure[];
  info(): RulesetInfo | null;
  // The wasm heap as grown so far and the bytes malloc has handed out; null if the engine failed.
  memory(): { heapBytes: number; inUseBytes: number } | null;
  dispose(): void;
}

export interface CreateOptions {
  wasmBinary?: ArrayBuffer | Uint8Array;         // required in node; optional elsewhere
  locateFile?: (file: string) => string;         // where postcheck.wasm lives (browser)
}

export declare const PostCheckEngine: { create(options?: CreateOptions): Promise<Engine> };
