// AhoCorasick construction: trie, breadth-first failure links, and output chains shared through dictionary links.
#include "match/aho_corasick.h"

#include <algorithm>
#include <deque>

namespace postcheck {

AhoCorasick::AhoCorasick() {
  build_edges_.emplace_back();
  terminal_.push_back(kNone);
  std::fill(std::begin(root_ascii_), std::end(root_ascii_), 0u);
}

uint32_t AhoCorasick::Add(std::u16string_view pattern) {
  auto [it, inserted] = ids_.try_emplace(std::u16string(pattern), static_cast<uint32_t>(lengths_.size()));
  if (!inserted) return it->second;
  uint32_t id = it->second;
  lengths_.push_back(static_cast<uint32_t>(pattern.size()));
  uint32_t node = 0;
  for (char16_t c : pattern) {
    auto& edges = build_edges_[node];
    auto e = std::find_if(edges.begin(), edges.end(), [c](const Edge& x) { return x.c == c; });
    if (e != edges.end()) {
      node = e->to;
    } else {
      uint32_t fresh = static_cast<uint32_t>(build_edges_.size());
      build_edges_[node].push_back({c, fresh});
      build_edges_.emplace_back();
      terminal_.push_back(kNone);
      node = fresh;
    }
  }
  terminal_[node] = id;
  return id;
}

uint32_t AhoCorasick::Child(uint32_t node, char16_t c) const {
  const Edge* b = edges_.data() + edge_begin_[node];
  const Edge* e = edges_.data() + edge_end_[node];
  if (e - b <= 8) {
    for (; b != e; ++b)
      if (b->c == c) return b->to;
    return kNone;
  }
  const Edge* it = std::lower_bound(b, e, c, [](const Edge& x, char16_t v) { return x.c < v; });
  return (it != e && it->c == c) ? it->to : kNone;
}

void AhoCorasick::Build() {
  const size_t n = build_edges_.size();
  edge_begin_.resize(n);
  edge_end_.resize(n);
  edges_.clear();
  for (size_t i = 0; i < n; ++i) {
    auto& edges = build_edges_[i];
    std::sort(edges.begin(), edges.end(), [](const Edge& a, const Edge& b) { return a.c < b.c; });
    edge_begin_[i] = static_cast<uint32_t>(edges_.size());
    edges_.insert(edges_.end(), edges.begin(), edges.end());
    edge_end_[i] = static_cast<uint32_t>(edges_.size());
  }
  for (char16_t c = 0; c < 128; ++c) {
    uint32_t to = Child(0, c);
    root_ascii_[c] = to == kNone ? 0 : to;
  }
  fail_.assign(n, 0);
  out_head_.assign(n, kNone);
  outputs_.clear();
  // Breadth-first: a node's failure target is always shallower, so its outputs are final
  // by the time the node is reached and can be chained instead of copied.
  std::deque<uint32_t> queue;
  for (const Edge& e : build_edges_[0]) queue.push_back(e.to);
  while (!queue.empty()) {
    uint32_t node = queue.front();
    queue.pop_front();
    uint32_t inherited = out_head_[fail_[node]];
    if (terminal_[node] != kNone) {
      outputs_.push_back({terminal_[node], inherited});
      out_head_[node] = static_cast<uint32_t>(outputs_.size() - 1);
    } else {
      out_head_[node] = inherited;
    }
    for (const Edge& e : build_edges_[node]) {
      uint32_t f = fail_[node];
      uint32_t target = 0;
      for (;;) {
        uint32_t to = Child(f, e.c);
        if (to != kNone) { target = to; break; }
        if (f == 0) break;
        f = fail_[f];
      }
      fail_[e.to] = target;
      queue.push_back(e.to);
    }
  }
  // Root-level failures of depth-1 nodes are 0 already; output chains rely on out_head_[0] == kNone.
  build_edges_.clear();
  build_edges_.shrink_to_fit();
  built_ = true;
}

}  // namespace postcheck
