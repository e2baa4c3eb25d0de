// ParseRuleset: rule files (already parsed JSON) -> RulesetSpec, checking the rule format with errors that point at the line and JSON path.
#pragma once

#include <memory>
#include <vector>

#include "rules/json_source.h"
#include "rules/rule_spec.h"

namespace postcheck {

// Without `examples`, the rules' and Trusts' "examples" are skipped unread (LoadOptions::examples).
Result<RulesetSpec> ParseRuleset(const std::vector<std::shared_ptr<const JsonSource>>& files,
                                 bool examples = true);

// Splits an example written with [[span]] markers into plain text and UTF-16 spans.
// Returns false (with a reason) if the markers are unbalanced or nested.
bool ParseExampleMarkers(const std::string& marked, std::string* text,
                         std::vector<std::pair<uint32_t, uint32_t>>* spans, std::string* error);

}  // namespace postcheck
