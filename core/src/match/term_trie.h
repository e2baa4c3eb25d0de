// TermTrie: every term pattern in one trie over UTF-16 code units, walked only from the places a term may begin.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace postcheck {

// Terms match whole words, so a match can only begin where a word begins or at a character that
// is no part of a word. Walking the trie from those places finds every such match; unlike an
// Aho-Corasick scan it needs no failure links and never reports the "ward" inside "toward" only
// for the caller to drop it. A walk is as long as the longest term at most (kMaxTermUnits).
class TermTrie {
 public:
  TermTrie();

  // Builds a trie from distinct patterns given in increasing order (of UTF-16 units), each as
  // the number of units it shares with the one before and the units after those: the form a
  // packed ruleset stores them in. Patterns are numbered in the order given. Sorted input means
  // a pattern can only branch off the previous one's path, so no child list is ever searched
  // and every node's children arrive in order.
  class Builder {
   public:
    Builder();
    void Reserve(size_t nodes);
    // False, adding nothing, unless this pattern sorts after the previous one.
    bool Push(size_t shared, std::u16string_view rest);
    size_t pattern_count() const { return terminal_count_; }
    TermTrie Finish();

   private:
    std::vector<char16_t> unit_;      // node -> the unit on the edge into it
    std::vector<uint32_t> parent_;    // node -> its parent
    std::vector<uint32_t> terminal_;  // node -> the pattern ending there, or kNone
    std::vector<uint32_t> path_;      // the previous pattern's nodes, root first
    std::u16string previous_;
    uint32_t terminal_count_ = 0;
  };
  // Distinct patterns in increasing order, all at once (sorting and removing duplicates is the
  // caller's part).
  static TermTrie FromSorted(const std::vector<std::u16string>& sorted);
  // How many units two patterns share at their start: what Builder::Push takes.
  static size_t SharedPrefix(std::u16string_view a, std::u16string_view b) {
    size_t n = 0;
    while (n < a.size() && n < b.size() && a[n] == b[n]) ++n;
    return n;
  }

  size_t pattern_count() const { return pattern_count_; }

  // Calls on_hit(pattern_id, start, end) for every pattern equal to text[start, end) where
  // may_begin(start) holds, in order of start, then of end. may_begin is asked only at places
  // where some pattern's first unit stands.
  template <typename MayBegin, typename F>
  void Scan(std::u16string_view text, MayBegin&& may_begin, F&& on_hit) const {
    for (size_t i = 0; i < text.size(); ++i) {
      const uint32_t node = First(text[i]);
      if (node != kNone && may_begin(i)) Walk(text, i, node, on_hit);
    }
  }
  // The node a pattern's first unit `c` leads to, or kNone: where Walk() starts.
  uint32_t First(char16_t c) const {
    const uint32_t node = c < 128 ? root_ascii_[c] : SparseChild(0, c);
    return node == 0 ? kNone : node;
  }
  // Calls on_hit(pattern_id, start, end) for every pattern equal to text[start, end), shortest
  // first, from `node` = First(text[start]) != kNone.
  template <typename F>
  void Walk(std::u16string_view text, size_t start, uint32_t node, F&& on_hit) const {
    const size_t n = text.size();
    for (size_t j = start;;) {
      if (const uint32_t id = terminal_[node]; id != kNone)
        on_hit(id, static_cast<uint32_t>(start), static_cast<uint32_t>(j + 1));
      if (++j == n) break;
      node = Child(node, text[j]);
      if (node == kNone) break;
    }
  }
  static constexpr uint32_t kNone = 0xFFFFFFFFu;

 private:
  static void Fill(std::vector<uint32_t>& v, size_t n, uint32_t value);  // n entries, all `value`
  void IndexBusyNodes();
  struct Edge {
    char16_t c;
    uint32_t to;
  };

  uint32_t Child(uint32_t node, char16_t c) const {
    if (c < 128) {
      const uint32_t row = dense_row_[node];
      if (row != kNone) return dense_[row * 128 + c];
    }
    // Most nodes past a word's first letters have one child: answered here, not by a call.
    const uint32_t first = edge_begin_[node];
    if (edge_begin_[node + 1] - first == 1) return edges_[first].c == c ? edges_[first].to : kNone;
    return SparseChild(node, c);
  }
  uint32_t SparseChild(uint32_t node, char16_t c) const;

  std::vector<uint32_t> edge_begin_;  // node -> its first edge; one more entry ends the last node's
  std::vector<Edge> edges_;
  uint32_t pattern_count_ = 0;
  std::vector<uint32_t> terminal_;  // node -> the pattern ending there, or kNone
  uint32_t root_ascii_[128];        // the root's ASCII children; 0 where there is none
  // Nodes with many children (the first letters of words) get a direct ASCII row: the edge
  // search there was most of a scan's time. Bounded, so memory stays small.
  std::vector<uint32_t> dense_row_;  // node -> row in dense_, or kNone
  std::vector<uint32_t> dense_;      // rows of 128 children (kNone where there is none)
};

}  // namespace postcheck
