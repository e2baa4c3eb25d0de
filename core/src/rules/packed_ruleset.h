// Packed ruleset: RulesetSpec <-> one binary block (the public face is PackRuleset / LoadPackedRuleset in ruleset.h).
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "match/regex_prefilter.h"
#include "match/term_trie.h"
#include "rules/rule_spec.h"

namespace postcheck {

// What a pack holds besides the spec, as read back: each fold's term plan (TermPlan) as the trie
// of its patterns and its term ids, and the prefilter of every pattern matched in the plain fold.
struct PackedTables {
  TermTrie tries[2];  // by Fold
  std::vector<uint32_t> ids[2];
  std::map<std::string, RegexPrefilter> prefilters;
};

// Everything a checker compiles from, without the examples, with each fold's term plan and the
// patterns' prefilters, so a start-up neither normalizes terms, nor searches a trie to insert
// them, nor reads a pattern to filter it.
std::string PackRulesetSpec(const RulesetSpec& spec);
// A damaged block, or one of another format version, is an error naming `name` and the byte.
Result<RulesetSpec> UnpackRulesetSpec(std::string_view block, const std::string& name,
                                      PackedTables* tables);
// Rewrites the checksum to match a changed body: for tests and the fuzzer, which must reach the
// reader's own checks with the forged blocks someone able to write the file could make.
void ResealPackedRuleset(std::string* block);

}  // namespace postcheck
