// LeafGate: a later leaf is needed exactly when a rule reading it has every clause that the earlier stages decide met.
#include "match/leaf_gate.h"

#include <doctest/doctest.h>

#include <random>

namespace postcheck {

TEST_CASE("leaf gate: a pattern near a word runs only when the word was found") {
  // Leaves: 0 "patient" (terms), 1 "lady" (terms), 2 ward/bed (detector), 3 address (pattern),
  // 4 a second pattern, 5 a pattern no rule reads.
  LeafGate gate({0, 0, 1, 2, 2, 2});
  gate.AddRule({{3}, {0, 1}}, {3, 0, 1});  // near(address, any(patient, lady))
  gate.AddRule({{4}, {2}}, {4, 2});        // all(pattern 4, ward/bed)
  LeafHits hits;
  hits.Reset(6);
  std::vector<uint8_t> needed(6, 7);
  gate.Mark(1, hits, needed);
  CHECK(needed[2] == 1);  // its rule's only decided clause is its own: it may match
  gate.Mark(2, hits, needed);
  CHECK(needed[3] == 0);  // neither "patient" nor "lady": the address cannot make a finding
  CHECK(needed[4] == 0);  // the detector found nothing
  CHECK(needed[5] == 0);  // read by nothing
  CHECK(needed[0] == 7);  // other stages untouched
  hits.Add(1, Span{0, 4});
  gate.Mark(2, hits, needed);
  CHECK(needed[3] == 1);
  CHECK(needed[4] == 0);
  hits.Add(2, Span{5, 10});
  gate.Mark(2, hits, needed);
  CHECK(needed[4] == 1);
}

TEST_CASE(
    "leaf gate: a clause holding a later leaf is not decided early; a leaf read by two rules needs "
    "one") {
  LeafGate gate({0, 1, 2, 2});
  gate.AddRule({{0, 2}},
               {0, 2, 3});      // any(terms 0, pattern 2) must hold: undecided before patterns
  gate.AddRule({{0}}, {0, 3});  // needs terms 0
  LeafHits hits;
  hits.Reset(4);
  std::vector<uint8_t> needed(4, 0);
  gate.Mark(2, hits, needed);
  CHECK(needed[2] == 1);
  CHECK(needed[3] == 1);  // the first rule may still match and reads it
}

TEST_CASE("leaf gate: random rules against the definition") {
  std::mt19937 rng(11);
  for (int round = 0; round < 400; ++round) {
    const int leaves = 1 + static_cast<int>(rng() % 12);
    std::vector<uint8_t> stage(leaves);
    for (auto& s : stage) s = rng() % 3;
    LeafGate gate(stage);
    struct R {
      std::vector<std::vector<int>> clauses;
      std::vector<int> reads;
    };
    std::vector<R> rules(rng() % 6);
    for (R& r : rules) {
      for (int k = rng() % 4; k > 0; --k) {
        std::vector<int> c;
        for (int j = rng() % 3; j > 0; --j) c.push_back(static_cast<int>(rng() % leaves));
        r.clauses.push_back(c);
      }
      for (int k = rng() % 5; k > 0; --k) r.reads.push_back(static_cast<int>(rng() % leaves));
      gate.AddRule(r.clauses, r.reads);
    }
    LeafHits hits;
    hits.Reset(leaves);
    std::vector<bool> hit(leaves);
    for (int leaf = 0; leaf < leaves; ++leaf)
      if (rng() % 2) {
        hits.Add(leaf, Span{0, 1});
        hit[leaf] = true;
      }
    // With every leaf known, a rule may match exactly when each of its clauses has a hit.
    for (size_t r = 0; r < rules.size(); ++r) {
      bool may = true;
      for (const auto& c : rules[r].clauses) {
        bool met = c.empty();
        for (int x : c) met = met || hit[x];
        may = may && met;
      }
      CHECK(gate.MayMatch(static_cast<uint32_t>(r), hits) == may);
    }
    for (uint8_t s = 1; s <= 2; ++s) {
      std::vector<uint8_t> needed(leaves, 9);
      gate.Mark(s, hits, needed);
      for (int leaf = 0; leaf < leaves; ++leaf) {
        if (stage[leaf] != s) {
          CHECK(needed[leaf] == 9);
          continue;
        }
        bool want = false;
        for (const R& r : rules) {
          bool reads = false;
          for (int x : r.reads) reads = reads || x == leaf;
          bool may = true;
          for (const auto& c : r.clauses) {
            if (c.empty()) continue;
            bool decided = true, met = false;
            for (int x : c) {
              decided = decided && stage[x] < s;
              met = met || hit[x];
            }
            if (decided && !met) may = false;
          }
          want = want || (reads && may);
        }
        CHECK(needed[leaf] == (want ? 1 : 0));
      }
    }
  }
}

}  // namespace postcheck
