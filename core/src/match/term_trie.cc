// TermTrie construction: a trie of first-child/next-sibling lists packed into sorted edges, with direct rows for busy nodes.
#include "match/term_trie.h"

#include <algorithm>

#include "load_path.h"

namespace postcheck {

TermTrie::TermTrie() {
  trie_.push_back({0, kNone, kNone});
  terminal_.push_back(kNone);
  std::fill(std::begin(root_ascii_), std::end(root_ascii_), 0u);
}

POSTCHECK_LOAD_PATH uint32_t TermTrie::Add(std::u16string_view pattern) {
  // The trie itself deduplicates: a pattern seen before ends on a node that is already terminal.
  uint32_t node = 0;
  for (char16_t c : pattern) {
    // The root's ASCII children are found in root_ascii_ (0: none yet) while building: a walk
    // of its sibling list, some forty letters and digits, was most of the cost of adding a term.
    const bool at_root_table = node == 0 && c < 128;
    uint32_t child = at_root_table ? (root_ascii_[c] ? root_ascii_[c] : kNone) : trie_[node].first_child;
    if (!at_root_table)
      while (child != kNone && trie_[child].c != c) child = trie_[child].next_sibling;
    if (child == kNone) {
      child = static_cast<uint32_t>(trie_.size());
      trie_.push_back({c, kNone, trie_[node].first_child});
      trie_[node].first_child = child;
      terminal_.push_back(kNone);
      if (at_root_table) root_ascii_[c] = child;
    }
    node = child;
  }
  if (terminal_[node] != kNone) return terminal_[node];
  terminal_[node] = pattern_count_;
  return pattern_count_++;
}

// Not on the size-built load path itself, so the fill is compiled for speed.
void TermTrie::FillNone(std::vector<uint32_t>& v, size_t n) { v.assign(n, kNone); }

uint32_t TermTrie::SparseChild(uint32_t node, char16_t c) const {
  const Edge* b = edges_.data() + edge_begin_[node];
  const Edge* e = edges_.data() + edge_begin_[node + 1];
  if (e - b <= 8) {
    for (; b != e; ++b)
      if (b->c == c) return b->to;
    return kNone;
  }
  const Edge* it = std::lower_bound(b, e, c, [](const Edge& x, char16_t v) { return x.c < v; });
  return (it != e && it->c == c) ? it->to : kNone;
}

POSTCHECK_LOAD_PATH void TermTrie::Build() {
  const size_t n = trie_.size();
  edge_begin_.resize(n + 1);  // node i's edges end where node i + 1's begin
  // Every node but the root is one edge: the array is sized once and filled in place, and only
  // lists of two or more are sorted (most nodes have one child or none; a push_back and a sort
  // call per node were a third of building, in code built for size).
  edges_.resize(n - 1);
  uint32_t e = 0;
  for (size_t i = 0; i < n; ++i) {
    edge_begin_[i] = e;
    for (uint32_t ch = trie_[i].first_child; ch != kNone; ch = trie_[ch].next_sibling)
      edges_[e++] = {trie_[ch].c, ch};
    if (e - edge_begin_[i] > 1)
      std::sort(edges_.begin() + edge_begin_[i], edges_.begin() + e,
                [](const Edge& a, const Edge& b) { return a.c < b.c; });
  }
  edge_begin_[n] = e;
  // Tables are filled by FillNone, built for speed: this function is built for size in wasm, and
  // its own assign() filled them a word at a time (~6 ms of a cold start, node --cpu-prof).
  FillNone(dense_row_, n);
  dense_.clear();
  {
    constexpr uint32_t kMinChildren = 4;
    constexpr size_t kMaxRows = 512;  // 256 KB at most; the real ruleset uses fewer, 4x its rules the same Ir with 1,024
    std::vector<uint32_t> busy;
    for (uint32_t i = 0; i < n; ++i)
      if (edge_begin_[i + 1] - edge_begin_[i] >= kMinChildren) busy.push_back(i);
    std::stable_sort(busy.begin(), busy.end(), [&](uint32_t a, uint32_t b) {
      return edge_begin_[a + 1] - edge_begin_[a] > edge_begin_[b + 1] - edge_begin_[b];
    });
    if (busy.size() > kMaxRows) busy.resize(kMaxRows);
    FillNone(dense_, busy.size() * 128);
    for (uint32_t r = 0; r < busy.size(); ++r) {
      for (uint32_t k = edge_begin_[busy[r]]; k < edge_begin_[busy[r] + 1]; ++k)
        if (edges_[k].c < 128) dense_[r * 128 + edges_[k].c] = edges_[k].to;
      dense_row_[busy[r]] = r;
    }
  }
  for (char16_t c = 0; c < 128; ++c) {
    uint32_t to = Child(0, c);
    root_ascii_[c] = to == kNone ? 0 : to;
  }
  // The trie lists only serve building: a checker keeps what Scan() reads.
  trie_.clear();
  trie_.shrink_to_fit();
}

}  // namespace postcheck
