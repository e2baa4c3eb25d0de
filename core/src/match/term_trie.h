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
  // Returns the pattern's id; adding the same text twice returns the same id. Call before Build().
  uint32_t Add(std::u16string_view pattern);
  void Build();
  size_t pattern_count() const { return pattern_count_; }

  // Calls on_hit(pattern_id, start, end) for every pattern equal to text[start, end) where
  // may_begin(start) holds, in order of start, then of end. may_begin is asked only at places
  // where some pattern's first unit stands.
  template <typename MayBegin, typename F>
  void Scan(std::u16string_view text, MayBegin&& may_begin, F&& on_hit) const {
    const size_t n = text.size();
    for (size_t i = 0; i < n; ++i) {
      const char16_t c = text[i];
      uint32_t node = c < 128 ? root_ascii_[c] : SparseChild(0, c);
      if (node == 0 || node == kNone || !may_begin(i)) continue;
      for (size_t j = i;;) {
        if (const uint32_t id = terminal_[node]; id != kNone) on_hit(id, static_cast<uint32_t>(i), static_cast<uint32_t>(j + 1));
        if (++j == n) break;
        node = Child(node, text[j]);
        if (node == kNone) break;
      }
    }
  }

 private:
  static constexpr uint32_t kNone = 0xFFFFFFFFu;
  static void FillNone(std::vector<uint32_t>& v, size_t n);  // n entries, all kNone
  struct Edge {
    char16_t c;
    uint32_t to;
  };

  uint32_t Child(uint32_t node, char16_t c) const {
    if (c < 128) {
      const uint32_t row = dense_row_[node];
      if (row != kNone) return dense_[row * 128 + c];
    }
    return SparseChild(node, c);
  }
  uint32_t SparseChild(uint32_t node, char16_t c) const;

  // Building: first-child/next-sibling lists in one array (no allocation per node); Build()
  // packs them sorted into edges_.
  struct TrieNode {
    char16_t c;
    uint32_t first_child;
    uint32_t next_sibling;
  };
  std::vector<TrieNode> trie_;
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
