// LeafGate: which of a check's costly leaves (detectors, then patterns) are read by a rule that may still match, given the leaves found before them.
#pragma once

#include <cstdint>
#include <vector>

#include "match/leaf_hits.h"

namespace postcheck {

// A check fills its leaves in stages: term lists first (one scan for all of them), then
// detectors, then patterns. A rule gives a finding only if each of its clauses (a list of
// leaves, one of which must have a hit: what "all", "near" and "phrase" require of their
// operands) is met. Once the leaves of the earlier stages are known, a rule with a clause made
// of those leaves alone and none of them hit cannot match, whatever the later leaves hold; a
// later leaf that only such rules read need not run. Skipping it changes no finding: every
// rule that may still match has all of its leaves filled. This is the RE2::Set / Hyperscan
// literal prefilter at the level of rules: "a street address near a patient word" runs its
// pattern only in a post with a patient word.
class LeafGate {
 public:
  LeafGate() = default;
  // stage[leaf]: when a check fills it (0 first). Leaves added later are stage 0.
  explicit LeafGate(std::vector<uint8_t> stage);

  // One rule: its clauses, and every leaf it reads (its match, "unless" and evidence).
  void AddRule(const std::vector<std::vector<int>>& clauses, const std::vector<int>& reads);

  // Once every leaf of a stage below `stage` is in `hits`: needed[leaf] is 1 for each leaf of
  // `stage` that some rule which may still match reads, and 0 for the other leaves of `stage`
  // (`needed` has room for every leaf; entries of other stages are left as they are).
  void Mark(uint8_t stage, const LeafHits& hits, std::vector<uint8_t>& needed) const;

  // Once every leaf is in `hits`: false if the rule (in the order added) has a clause none of
  // whose leaves was hit, so it cannot match.
  bool MayMatch(uint32_t rule, const LeafHits& hits) const { return MayMatch(rule, 255, hits); }

 private:
  struct Clause {
    uint32_t begin, end;  // in leaves_
    // The first stage by which all its leaves are known: 1 + their highest stage.
    uint8_t decided_from;
  };
  struct Rule {
    uint32_t begin, end;  // in clauses_
  };
  bool MayMatch(uint32_t rule, uint8_t stage, const LeafHits& hits) const;

  std::vector<uint8_t> stage_;
  std::vector<std::vector<int>> by_stage_;  // stage -> its leaves
  std::vector<int> leaves_;
  std::vector<Clause> clauses_;
  std::vector<Rule> rules_;
  std::vector<std::vector<uint32_t>> readers_;  // leaf of a later stage -> rules that read it
};

}  // namespace postcheck
