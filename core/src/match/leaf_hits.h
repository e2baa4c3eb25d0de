// LeafHits: the spans each leaf of a ruleset found in one check, and which leaves found any, so a
// check's bookkeeping costs what the text contains rather than how many rules there are.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "text/span.h"

namespace postcheck {

class LeafHits {
 public:
  // Ready for a check with `leaves` leaves: every list empty. Only the lists the last check
  // touched are emptied; a list grown by a huge paste gives its memory back.
  void Reset(size_t leaves) {
    for (uint32_t leaf : touched_) {
      if (lists_[leaf].capacity() > 4096)
        std::vector<Span>().swap(lists_[leaf]);
      else
        lists_[leaf].clear();
      marked_[leaf] = 0;
    }
    touched_.clear();
    if (lists_.size() < leaves) {
      lists_.resize(leaves);
      marked_.resize(leaves);
    }
  }

  void Add(uint32_t leaf, Span s) {
    Mark(leaf);
    lists_[leaf].push_back(s);
  }
  // For a producer that appends to a leaf's list itself (a detector, a regex): Fill(leaf)
  // gives the list, Filled(leaf) records what it added.
  std::vector<Span>& Fill(uint32_t leaf) { return lists_[leaf]; }
  void Filled(uint32_t leaf) {
    if (!lists_[leaf].empty()) Mark(leaf);
  }

  const std::vector<Span>& operator[](uint32_t leaf) const { return lists_[leaf]; }
  std::vector<Span>& at(uint32_t leaf) { return lists_[leaf]; }
  // The leaves with at least one span, each once, in the order they were first hit.
  const std::vector<uint32_t>& touched() const { return touched_; }

 private:
  void Mark(uint32_t leaf) {
    if (marked_[leaf]) return;
    marked_[leaf] = 1;
    touched_.push_back(leaf);
  }
  std::vector<std::vector<Span>> lists_;
  std::vector<uint8_t> marked_;  // 1: in touched_
  std::vector<uint32_t> touched_;
};

}  // namespace postcheck
