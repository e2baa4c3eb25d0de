// AhoCorasick against a naive search on random texts: every occurrence of every pattern, no more.
#include "match/aho_corasick.h"

#include <doctest/doctest.h>

#include <random>
#include <set>
#include <tuple>

namespace postcheck {

TEST_CASE("aho-corasick finds overlapping and nested patterns") {
  AhoCorasick ac;
  uint32_t he = ac.Add(u"he"), she = ac.Add(u"she"), hers = ac.Add(u"hers"), his = ac.Add(u"his");
  CHECK(ac.Add(u"he") == he);  // duplicates share an id
  ac.Build();
  std::set<std::pair<uint32_t, uint32_t>> hits;
  ac.Scan(u"ushers", [&](uint32_t id, uint32_t end) { hits.insert({id, end}); });
  CHECK(hits == std::set<std::pair<uint32_t, uint32_t>>{{she, 4}, {he, 4}, {hers, 6}});
  (void)his;
}

TEST_CASE("aho-corasick agrees with naive search (random, non-ASCII included)") {
  std::mt19937 rng(7);
  const std::u16string alphabet = u"abc\u00e9\u0430 ";
  auto rand_str = [&](size_t n) {
    std::u16string s;
    for (size_t i = 0; i < n; ++i) s += alphabet[rng() % alphabet.size()];
    return s;
  };
  for (int round = 0; round < 30; ++round) {
    AhoCorasick ac;
    std::vector<std::u16string> pats;
    for (int i = 0; i < 20; ++i) {
      auto p = rand_str(1 + rng() % 4);
      uint32_t id = ac.Add(p);
      if (id == pats.size()) pats.push_back(p);
    }
    ac.Build();
    std::u16string text = rand_str(300);
    std::set<std::pair<uint32_t, uint32_t>> got, want;
    ac.Scan(text, [&](uint32_t id, uint32_t end) { got.insert({id, end}); });
    for (uint32_t id = 0; id < pats.size(); ++id)
      for (size_t pos = text.find(pats[id]); pos != std::u16string::npos; pos = text.find(pats[id], pos + 1))
        want.insert({id, static_cast<uint32_t>(pos + pats[id].size())});
    REQUIRE(got == want);
  }
}

}  // namespace postcheck
