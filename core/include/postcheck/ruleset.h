// Ruleset: rule files (JSON with comments) loaded, validated and compiled once; immutable and shareable afterwards.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "postcheck/finding.h"
#include "postcheck/status.h"

namespace postcheck {

// One file of rule text. `name` is used in error locations only.
struct SourceFile {
  std::string name;
  std::string text;  // UTF-8 JSON, // and /* */ comments allowed
};

struct RuleExample {
  std::string text;           // UTF-8 as written, with [[ ]] span markers removed
  bool must_flag = false;     // true: a finding of this rule must cover exactly `spans`
  std::vector<std::pair<uint32_t, uint32_t>> spans;  // UTF-16 [start,end) from the markers
  std::string trust;          // optional: only run with this trust profile
  // A Trust profile's own example may also say which severity staff see (its severity_overrides).
  bool has_severity = false;
  Severity severity = Severity::kWarn;
  Location where;  // file and JSON path; Ruleset::Resolve() adds line and column
};

struct RuleInfo {
  std::string id;
  std::string category;
  Severity severity = Severity::kWarn;  // severity at high confidence
  std::string title;
  std::string message;  // raw, with {placeholders}
  std::string advice;
  std::string trust;    // empty for shared rules; a trust id for trust-only rules
  std::vector<RuleExample> examples;
  Location where;  // file and JSON path; Ruleset::Resolve() adds line and column
};

struct TrustInfo {
  std::string id;     // "bht"
  std::string name;   // "Buckinghamshire Healthcare NHS Trust"
  std::string policy_title;
  std::string policy_short;  // "BHT Pol 193"
  std::string policy_url;
  // The Trust's own choices (rules/trusts/<id>.json): applied under any group-policy settings,
  // which are merged on top (MakeChecker).
  std::vector<std::string> disabled_rules;             // rule ids or "category.*"
  std::map<std::string, Severity> severity_overrides;  // rule id -> severity
};

struct LoadOptions {
  size_t max_total_bytes = 8 * 1024 * 1024;  // bigger rulesets are rejected, not parsed
  int max_json_depth = 64;
  // Compile the rules for every Trust profile while loading, so an error anywhere is reported
  // now. Off, only the format is checked here: the extension turns it off for speed because it
  // compiles its own Trust right after (MakeChecker reports compile errors with their location)
  // and runs every example, for all Trusts, before activating a downloaded ruleset.
  bool compile_all_trusts = true;
  // Read each rule's examples, which only RunRuleExamples uses. Off, they are skipped unread:
  // the extension's everyday load (rules already proven by CI or by a scratch engine before
  // activation) has no use for them, and they were ~15% of its wasm load time.
  bool examples = true;
};

class Ruleset {
 public:
  virtual ~Ruleset() = default;
  virtual const std::string& version() const = 0;  // from the "ruleset" header of the core file
  virtual const std::string& name() const = 0;
  virtual const std::vector<RuleInfo>& rules() const = 0;
  virtual const std::vector<TrustInfo>& trusts() const = 0;
  virtual const RuleInfo* FindRule(const std::string& id) const = 0;
  // False when loaded with LoadOptions::examples off: rules() then lists no examples.
  virtual bool examples_loaded() const = 0;
  // Fills in line and column of a location that names a file and JSON path (rule and example
  // locations are kept that way so loading never scans files for positions).
  virtual Location Resolve(const Location& where) const = 0;
};

// True when the Trust's own profile switches `rule` off (its id, or "category.*").
bool TrustSwitchesOff(const TrustInfo& trust, const RuleInfo& rule);

// The twelve policy categories, in the order the rule format lists them.
const std::vector<std::string>& KnownCategories();

// Parses, validates and compiles the files as one ruleset. On error the Status names the file,
// line, column and JSON path; nothing is half-loaded.
Result<std::shared_ptr<const Ruleset>> LoadRuleset(const std::vector<SourceFile>& files,
                                                   const LoadOptions& options = {});

// A loaded ruleset as one binary block, without its examples: what the extension reads at start-up
// instead of parsing the rule files again (scripts/pack-ruleset.mjs writes build/rules/ruleset.pack).
// The block carries a format version; a block from another engine build, or a damaged one, is
// refused with an error naming `name` and the byte, and the caller loads the rule files instead.
// Errors found after loading (a checker's compile errors) name the file and JSON path, no line.
std::string PackRuleset(const Ruleset& ruleset);
Result<std::shared_ptr<const Ruleset>> LoadPackedRuleset(std::string_view block, const std::string& name,
                                                         const LoadOptions& options = {});

}  // namespace postcheck
