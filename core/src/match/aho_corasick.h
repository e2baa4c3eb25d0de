// AhoCorasick: all term patterns in one automaton over UTF-16 code units, so a scan costs O(text) whatever the term count.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace postcheck {

class AhoCorasick {
 public:
  AhoCorasick();
  // Returns the pattern's id; adding the same text twice returns the same id. Call before Build().
  uint32_t Add(std::u16string_view pattern);
  void Build();
  size_t pattern_count() const { return lengths_.size(); }
  uint32_t pattern_length(uint32_t id) const { return lengths_[id]; }

  // Calls on_hit(pattern_id, end) for every occurrence, `end` exclusive, in order of end.
  template <typename F>
  void Scan(std::u16string_view text, F&& on_hit) const {
    uint32_t state = 0;
    for (size_t i = 0; i < text.size(); ++i) {
      state = Next(state, text[i]);
      for (uint32_t o = out_head_[state]; o != kNone; o = outputs_[o].next) {
        on_hit(outputs_[o].pattern, static_cast<uint32_t>(i + 1));
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
  struct Output {
    uint32_t pattern;
    uint32_t next;
  };

  uint32_t Child(uint32_t node, char16_t c) const {
    if (c < 128) {
      const uint32_t row = dense_row_[node];
      if (row != kNone) return dense_[row * 128 + c];
    }
    return SparseChild(node, c);
  }
  uint32_t SparseChild(uint32_t node, char16_t c) const;
  uint32_t Next(uint32_t state, char16_t c) const {
    // The root keeps a dense table for ASCII (the bulk of case-folded English text): the most
    // common transition is one load.
    for (;;) {
      if (state == 0) {
        if (c < 128) return root_ascii_[c];
        uint32_t to = Child(0, c);
        return to == kNone ? 0 : to;
      }
      uint32_t to = Child(state, c);
      if (to != kNone) return to;
      state = fail_[state];
    }
  }

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
  std::vector<uint32_t> fail_;
  std::vector<uint32_t> out_head_;
  std::vector<Output> outputs_;
  std::vector<uint32_t> lengths_;
  std::vector<uint32_t> terminal_;  // node -> pattern id or kNone; while building only
  uint32_t root_ascii_[128];
  // Nodes with many children (the first letters of words) get a direct ASCII row: the edge
  // search there was most of the scan's time. Bounded, so memory stays small.
  std::vector<uint32_t> dense_row_;  // node -> row in dense_, or kNone
  std::vector<uint32_t> dense_;      // rows of 128 children (kNone where there is none)
};

}  // namespace postcheck
