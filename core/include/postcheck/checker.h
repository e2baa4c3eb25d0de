// Checker: a compiled ruleset bound to one Trust profile and settings; Check() is const and thread-compatible.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "postcheck/finding.h"
#include "postcheck/ruleset.h"
#include "postcheck/status.h"

namespace postcheck {

struct CheckerOptions {
  std::string trust;  // trust profile id; empty = the first profile in the ruleset
  // No Trust profile at all: the shared rules only, with no Trust's names, contacts, policy
  // sections or choices. What the extension falls back to when policy names an unknown profile,
  // so staff never see another Trust's details.
  bool no_trust_profile = false;
  std::string site;   // e.g. "x.com"; rules may be limited to sites
  Confidence min_confidence = Confidence::kLow;  // "sensitivity": drop findings below this
  std::vector<std::string> disabled_rules;        // rule ids or "category.*"
  std::map<std::string, Severity> severity_overrides;  // rule id -> severity
  std::map<std::string, std::string> placeholders;     // e.g. "contacts.communications.phone" -> admin value
};

struct CheckLimits {
  size_t max_text_units = 1 << 20;   // longer input is checked up to here, result marked truncated
  size_t max_findings = 500;
  // Regex work is counted in ICU match steps (units of uregex_setTimeLimit, ~10,000 steps each),
  // never wall time, so results do not depend on the machine's speed or load. Per pattern per check:
  uint32_t regex_time_limit = 200;
  // All patterns of one check together; once spent, the remaining patterns are skipped (noted,
  // result marked truncated).
  uint32_t regex_check_limit = 1000;
  // Optional wall-clock limit for everything but regexes (terms, detectors and rule expressions
  // are linear in the text): once spent, the remaining rules are skipped and the result is
  // marked truncated. Off (0) by default: on a busy machine a wall-clock limit made results
  // depend on load (a rule example failed under load average 23), and the text limit above plus
  // the regex step limits already bound the work.
  double total_budget_ms = 0;
};

class Checker {
 public:
  virtual ~Checker() = default;
  virtual CheckResult Check(std::u16string_view text, const CheckLimits& limits = {}) const = 0;
  virtual const Ruleset& ruleset() const = 0;
  virtual const CheckerOptions& options() const = 0;
};

Result<std::unique_ptr<Checker>> MakeChecker(std::shared_ptr<const Ruleset> ruleset,
                                             const CheckerOptions& options);

// Runs every rule example of the ruleset (for each trust a rule applies to) and returns one
// Status per failure; empty means all passed.
struct ExampleFailure {
  std::string rule;
  std::string trust;
  std::string example;  // the example text
  std::string problem;  // what was expected and what was found instead
  Location where;
};
std::vector<ExampleFailure> RunRuleExamples(std::shared_ptr<const Ruleset> ruleset);

// UTF-8 <-> UTF-16 helpers used at the edges (CLI, tests). Invalid UTF-8 becomes U+FFFD.
std::u16string Utf8ToUtf16(std::string_view s);
std::string Utf16ToUtf8(std::u16string_view s);

}  // namespace postcheck
