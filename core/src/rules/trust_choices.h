// TrustChoices: a Trust profile's own disabled rules and severities, merged under group-policy settings into the CheckerOptions the checker already knows.
#pragma once

#include <string>
#include <vector>

#include "postcheck/checker.h"

namespace postcheck {

// `options` with the chosen Trust's profile choices added: its disabled rules join the given ones;
// its severity overrides apply unless `options` (group policy) sets the same rule.
CheckerOptions WithTrustChoices(const Ruleset& ruleset, const CheckerOptions& options);

// True when `disabled` (rule ids or "category.*") switches off `rule`.
bool RuleSwitchedOff(const std::vector<std::string>& disabled, const RuleInfo& rule);

}  // namespace postcheck
