// TermTrie construction: sorted patterns laid out as sorted edge lists, with direct rows for busy nodes.
#include "match/term_trie.h"

#include <algorithm>

#include "load_path.h"

namespace postcheck {

TermTrie::TermTrie() : edge_begin_{0, 0}, pattern_count_(0), terminal_{kNone} {
  std::fill(std::begin(root_ascii_), std::end(root_ascii_), 0u);
  dense_row_.assign(1, kNone);
}

TermTrie::Builder::Builder() : unit_{0}, parent_{kNone}, terminal_{kNone}, path_{0} {}

void TermTrie::Builder::Reserve(size_t nodes) {
  unit_.reserve(nodes + 1);
  parent_.reserve(nodes + 1);
  terminal_.reserve(nodes + 1);
}

POSTCHECK_LOAD_PATH bool TermTrie::Builder::Push(size_t shared, std::u16string_view rest) {
  // In order means: no longer shared than the previous pattern, not empty, and either extending
  // the previous pattern or leaving it at a larger unit.
  if (shared > previous_.size() || rest.empty()) return false;
  if (shared < previous_.size() && rest.front() <= previous_[shared]) return false;
  previous_.resize(shared);
  previous_.append(rest);
  path_.resize(shared + 1);
  uint32_t node = path_.back();
  for (char16_t c : rest) {
    const auto child = static_cast<uint32_t>(unit_.size());
    unit_.push_back(c);
    parent_.push_back(node);
    terminal_.push_back(kNone);
    path_.push_back(child);
    node = child;
  }
  terminal_[node] = terminal_count_++;
  return true;
}

POSTCHECK_LOAD_PATH TermTrie TermTrie::Builder::Finish() {
  TermTrie t;
  const size_t n = unit_.size();
  // Each node's edges are placed where a count of the children before it says: nodes were made
  // in order, so every node's children are already sorted by unit.
  Fill(t.edge_begin_, n + 1, 0);
  for (size_t i = 1; i < n; ++i) ++t.edge_begin_[parent_[i] + 1];
  for (size_t i = 0; i < n; ++i) t.edge_begin_[i + 1] += t.edge_begin_[i];
  t.edges_.resize(n - 1);
  std::vector<uint32_t> next(t.edge_begin_.begin(), t.edge_begin_.end() - 1);
  for (size_t i = 1; i < n; ++i)
    t.edges_[next[parent_[i]]++] = {unit_[i], static_cast<uint32_t>(i)};
  t.terminal_ = std::move(terminal_);
  t.pattern_count_ = terminal_count_;
  t.IndexBusyNodes();
  *this = Builder();
  return t;
}

TermTrie TermTrie::FromSorted(const std::vector<std::u16string>& sorted) {
  Builder b;
  size_t units = 0;
  for (const std::u16string& p : sorted) units += p.size();
  b.Reserve(units);  // at most one node per unit: no vector grows by copying
  std::u16string_view previous;
  for (const std::u16string& p : sorted) {
    const size_t shared = SharedPrefix(previous, p);
    b.Push(shared, std::u16string_view(p).substr(shared));
    previous = p;
  }
  return b.Finish();
}

// Not on the size-built load path itself, so the fill is compiled for speed.
void TermTrie::Fill(std::vector<uint32_t>& v, size_t n, uint32_t value) { v.assign(n, value); }

uint32_t TermTrie::SparseChild(uint32_t node, char16_t c) const {
  const Edge* b = edges_.data() + edge_begin_[node];
  const Edge* e = edges_.data() + edge_begin_[node + 1];
  if (e - b <= 8) {  // sorted by unit: stop at the first past c
    for (; b != e && b->c <= c; ++b)
      if (b->c == c) return b->to;
    return kNone;
  }
  const Edge* it = std::lower_bound(b, e, c, [](const Edge& x, char16_t v) { return x.c < v; });
  return (it != e && it->c == c) ? it->to : kNone;
}

POSTCHECK_LOAD_PATH void TermTrie::IndexBusyNodes() {
  const size_t n = terminal_.size();
  // Tables are filled by Fill, built for speed: this function is built for size in wasm, and
  // its own assign() filled them a word at a time (~6 ms of a cold start, node --cpu-prof).
  Fill(dense_row_, n, kNone);
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
    Fill(dense_, busy.size() * 128, kNone);
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
}

}  // namespace postcheck
