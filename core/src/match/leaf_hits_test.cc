// LeafHits: lists start empty on every check, whichever leaves the last check filled, and the
// touched leaves are exactly those with spans.
#include "match/leaf_hits.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <random>

namespace postcheck {

TEST_CASE("leaf hits: touched leaves are exactly the non-empty ones, and each check starts empty") {
  LeafHits hits;
  std::mt19937 rng(3);
  for (int round = 0; round < 200; ++round) {
    const size_t leaves = 1 + rng() % 300;
    hits.Reset(leaves);
    for (uint32_t leaf = 0; leaf < leaves; ++leaf) REQUIRE(hits[leaf].empty());
    REQUIRE(hits.touched().empty());
    std::vector<size_t> want(leaves);
    for (int k = rng() % 40; k > 0; --k) {
      const uint32_t leaf = rng() % leaves;
      const uint32_t n = 1 + rng() % 3;
      if (rng() % 2) {
        for (uint32_t i = 0; i < n; ++i) hits.Add(leaf, Span{i, i + 1});
      } else {
        for (uint32_t i = 0; i < n; ++i) hits.Fill(leaf).push_back(Span{i, i + 2});
        hits.Filled(leaf);
      }
      want[leaf] += n;
    }
    hits.Filled(0);  // nothing added: not a hit unless something else filled it
    std::vector<uint32_t> touched = hits.touched();
    std::sort(touched.begin(), touched.end());
    REQUIRE(std::adjacent_find(touched.begin(), touched.end()) == touched.end());
    std::vector<uint32_t> expected;
    for (uint32_t leaf = 0; leaf < leaves; ++leaf) {
      CHECK(hits[leaf].size() == want[leaf]);
      if (want[leaf]) expected.push_back(leaf);
    }
    CHECK(touched == expected);
  }
}

TEST_CASE("leaf hits: a list grown by a huge paste gives its memory back") {
  LeafHits hits;
  hits.Reset(2);
  for (uint32_t i = 0; i < 10000; ++i) hits.Add(1, Span{i, i + 1});
  hits.Reset(2);
  CHECK(hits.Fill(1).capacity() == 0);
}

}  // namespace postcheck
