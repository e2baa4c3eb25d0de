// TrustChoices: the Trust is the ruleset's first profile when none is named, as in the checker.
#include "rules/trust_choices.h"

#include <algorithm>

namespace postcheck {

CheckerOptions WithTrustChoices(const Ruleset& ruleset, const CheckerOptions& options) {
  const auto& trusts = ruleset.trusts();
  if (trusts.empty() || options.no_trust_profile) return options;
  const std::string& id = options.trust.empty() ? trusts.front().id : options.trust;
  auto t = std::find_if(trusts.begin(), trusts.end(), [&](const TrustInfo& x) { return x.id == id; });
  if (t == trusts.end()) return options;  // the checker reports the unknown id
  CheckerOptions merged = options;
  merged.disabled_rules.insert(merged.disabled_rules.begin(), t->disabled_rules.begin(), t->disabled_rules.end());
  for (const auto& [rule, severity] : t->severity_overrides) merged.severity_overrides.emplace(rule, severity);
  return merged;
}

bool RuleSwitchedOff(const std::vector<std::string>& disabled, const RuleInfo& rule) {
  return std::any_of(disabled.begin(), disabled.end(),
                     [&](const std::string& d) { return d == rule.id || d == rule.category + ".*"; });
}

bool TrustSwitchesOff(const TrustInfo& trust, const RuleInfo& rule) {
  return RuleSwitchedOff(trust.disabled_rules, rule);
}

}  // namespace postcheck
