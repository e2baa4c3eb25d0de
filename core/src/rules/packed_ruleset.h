// Packed ruleset: RulesetSpec <-> one binary block (the public face is PackRuleset / LoadPackedRuleset in ruleset.h).
#pragma once

#include <string>
#include <string_view>

#include "rules/rule_spec.h"

namespace postcheck {

// Everything a checker compiles from, without the examples.
std::string PackRulesetSpec(const RulesetSpec& spec);
// A damaged block, or one of another format version, is an error naming `name` and the byte.
Result<RulesetSpec> UnpackRulesetSpec(std::string_view block, const std::string& name);
// Rewrites the checksum to match a changed body: for tests and the fuzzer, which must reach the
// reader's own checks with the forged blocks someone able to write the file could make.
void ResealPackedRuleset(std::string* block);

}  // namespace postcheck
