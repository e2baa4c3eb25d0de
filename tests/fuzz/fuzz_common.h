// Shared by the fuzz harnesses: finding the real rules and asserting the invariants every CheckResult must keep.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "postcheck/checker.h"
#include "postcheck/ruleset.h"

namespace fuzz {

// The real rule files: $POSTCHECK_FUZZ_RULES (a bundle.json or a rules/ folder), else
// <source>/build/rules/bundle.json, else every *.json under <source>/rules except schema/.
// Returns an empty list (and says why on stderr) when none can be found.
std::vector<postcheck::SourceFile> LoadRealRuleFiles();

// Aborts with a message naming the broken invariant: offsets in range and ordered, no offset in
// the middle of a surrogate pair, findings sorted, count within limits, text fields present.
void AssertResultInvariants(std::u16string_view text, const postcheck::CheckResult& result,
                            const postcheck::CheckLimits& limits);

[[noreturn]] void Fail(const std::string& what);

// An error Status must carry a message and a location that is safe to show.
void CheckStatus(const postcheck::Status& s);

// Compiles a checker for every Trust of a loaded ruleset (or reports why it cannot) and checks one
// busy post with each, asserting the result invariants.
void ExerciseRuleset(const std::shared_ptr<const postcheck::Ruleset>& rs);

}  // namespace fuzz
