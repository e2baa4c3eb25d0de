// TermTrie against a naive search on random texts: every occurrence that begins where allowed, no more.
#include "match/term_trie.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <set>
#include <tuple>

namespace postcheck {

using Hit = std::tuple<uint32_t, uint32_t, uint32_t>;  // pattern id, start, end

TEST_CASE("the trie finds nested patterns from each allowed start") {
  // Sorted: ids are places.
  const TermTrie trie = TermTrie::FromSorted({u"he", u"hers", u"his", u"she"});
  const uint32_t he = 0, hers = 1, she = 3;
  CHECK(trie.pattern_count() == 4);
  std::set<Hit> hits;
  const auto record = [&](uint32_t id, uint32_t s, uint32_t e) { hits.insert({id, s, e}); };
  trie.Scan(u"ushers", [](size_t) { return true; }, record);
  CHECK(hits == std::set<Hit>{{she, 1, 4}, {he, 2, 4}, {hers, 2, 6}});
  hits.clear();
  // Only starts the caller allows are walked: "he" and "hers" begin at 2, which is refused.
  trie.Scan(u"ushers", [](size_t i) { return i != 2; }, record);
  CHECK(hits == std::set<Hit>{{she, 1, 4}});
}

TEST_CASE("the builder takes only patterns that sort after the one before") {
  TermTrie::Builder b;
  CHECK(b.Push(0, u"nurse"));
  CHECK(b.Push(5, u"s"));            // "nurses" extends it
  CHECK_FALSE(b.Push(5, u"a"));      // "nursea" sorts before "nurses"
  CHECK_FALSE(b.Push(6, u""));       // "nurses" again
  CHECK_FALSE(b.Push(7, u"x"));      // shares more than there is
  CHECK_FALSE(b.Push(0, u"nurse"));  // shares nothing, yet starts no later
  CHECK(b.Push(2, u"x"));            // "nux"
  CHECK(b.pattern_count() == 3);     // the refused ones left nothing behind
  const TermTrie trie = b.Finish();
  std::set<Hit> hits;
  trie.Scan(
      u"nux nurses", [](size_t) { return true; },
      [&](uint32_t id, uint32_t s, uint32_t e) {
        hits.insert({id, s, e});
      });
  CHECK(hits == std::set<Hit>{{2, 0, 3}, {0, 4, 9}, {1, 4, 10}});
}

TEST_CASE("the trie agrees with naive search (random, non-ASCII included)") {
  std::mt19937 rng(7);
  const std::u16string alphabet = u"abc\u00e9\u0430 ";
  auto rand_str = [&](size_t n) {
    std::u16string s;
    for (size_t i = 0; i < n; ++i) s += alphabet[rng() % alphabet.size()];
    return s;
  };
  for (int round = 0; round < 60; ++round) {
    std::vector<std::u16string> pats;
    for (int i = 0; i < 20; ++i) pats.push_back(rand_str(1 + rng() % 4));
    std::sort(pats.begin(), pats.end());
    pats.erase(std::unique(pats.begin(), pats.end()), pats.end());
    const TermTrie trie = TermTrie::FromSorted(pats);
    const std::u16string text = rand_str(300);
    // Half the rounds allow every start, the others a random third of them.
    std::vector<bool> allowed(text.size());
    for (size_t i = 0; i < allowed.size(); ++i) allowed[i] = round % 2 == 0 || rng() % 3 == 0;
    std::set<Hit> got, want;
    std::vector<Hit> order;
    trie.Scan(text, [&](size_t i) { return static_cast<bool>(allowed[i]); }, [&](uint32_t id, uint32_t s, uint32_t e) {
      got.insert({id, s, e});
      order.push_back({id, s, e});
    });
    for (uint32_t id = 0; id < pats.size(); ++id)
      for (size_t pos = text.find(pats[id]); pos != std::u16string::npos; pos = text.find(pats[id], pos + 1))
        if (allowed[pos]) want.insert({id, static_cast<uint32_t>(pos), static_cast<uint32_t>(pos + pats[id].size())});
    REQUIRE(got == want);
    REQUIRE(order.size() == got.size());  // each hit once
    for (size_t k = 1; k < order.size(); ++k) {  // by start, then by end
      const auto& [a_id, a_s, a_e] = order[k - 1];
      const auto& [b_id, b_s, b_e] = order[k];
      REQUIRE((a_s < b_s || (a_s == b_s && a_e < b_e)));
      (void)a_id;
      (void)b_id;
    }
  }
}

}  // namespace postcheck
