// LeafGate: clauses by the stage that decides them, readers per leaf, and the per-check mark.
#include "match/leaf_gate.h"

#include <algorithm>

namespace postcheck {

LeafGate::LeafGate(std::vector<uint8_t> stage) : stage_(std::move(stage)) {
  for (size_t leaf = 0; leaf < stage_.size(); ++leaf) {
    if (by_stage_.size() <= stage_[leaf]) by_stage_.resize(stage_[leaf] + 1);
    by_stage_[stage_[leaf]].push_back(static_cast<int>(leaf));
  }
  readers_.resize(stage_.size());
}

void LeafGate::AddRule(const std::vector<std::vector<int>>& clauses,
                       const std::vector<int>& reads) {
  const auto stage_of = [&](int leaf) -> uint8_t {
    return static_cast<size_t>(leaf) < stage_.size() ? stage_[leaf] : 0;
  };
  const auto decided_from = [&](const std::vector<int>& c) {
    uint8_t from = 0;
    for (int leaf : c) from = std::max<uint8_t>(from, stage_of(leaf) + 1);
    return from;
  };
  const uint32_t rule = static_cast<uint32_t>(rules_.size());
  Rule r{static_cast<uint32_t>(clauses_.size()), 0};
  // Clauses an earlier stage decides first: MayMatch stops at the first one not yet decided.
  for (uint8_t from = 1; from <= by_stage_.size(); ++from) {
    for (const std::vector<int>& c : clauses) {
      // An empty clause ("one of none") would rule the rule out: never made, never trusted.
      if (c.empty() || decided_from(c) != from) continue;
      clauses_.push_back({static_cast<uint32_t>(leaves_.size()), 0, from});
      leaves_.insert(leaves_.end(), c.begin(), c.end());
      clauses_.back().end = static_cast<uint32_t>(leaves_.size());
    }
  }
  r.end = static_cast<uint32_t>(clauses_.size());
  rules_.push_back(r);
  for (int leaf : reads) {
    if (stage_of(leaf) == 0) continue;
    std::vector<uint32_t>& list = readers_[leaf];
    if (list.empty() || list.back() != rule) list.push_back(rule);
  }
}

bool LeafGate::MayMatch(uint32_t rule, uint8_t stage, const LeafHits& hits) const {
  const Rule& r = rules_[rule];
  for (uint32_t c = r.begin; c < r.end; ++c) {
    const Clause& clause = clauses_[c];
    if (clause.decided_from > stage) break;  // sorted: the rest wait for later leaves
    bool met = false;
    for (uint32_t k = clause.begin; k < clause.end && !met; ++k) met = !hits[leaves_[k]].empty();
    if (!met) return false;
  }
  return true;
}

void LeafGate::Mark(uint8_t stage, const LeafHits& hits, std::vector<uint8_t>& needed) const {
  // Each rule is asked once per call. Its verdict is stored with the call's number, so the list
  // (kept per thread, shared by every gate there) is never cleared: clearing it was a cost that
  // grew with the number of rules at every check.
  thread_local std::vector<uint32_t> verdict;  // call << 1 | may match
  thread_local uint32_t call = 0;
  if (++call == (1u << 31)) {
    call = 1;
    verdict.clear();
  }
  if (verdict.size() < rules_.size()) verdict.resize(rules_.size(), 0);
  if (stage >= by_stage_.size()) return;
  for (int leaf : by_stage_[stage]) {
    uint8_t need = 0;  // a leaf no rule reads is never needed
    for (uint32_t rule : readers_[leaf]) {
      if (verdict[rule] >> 1 != call)
        verdict[rule] = call << 1 | (MayMatch(rule, stage, hits) ? 1u : 0u);
      if (verdict[rule] & 1) {
        need = 1;
        break;
      }
    }
    needed[leaf] = need;
  }
}

}  // namespace postcheck
