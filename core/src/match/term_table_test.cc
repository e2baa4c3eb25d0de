// TermTable: one pattern per distinct normalized term, ids in sorted order, and a packed copy that must fit the lists it is for.
#include "match/term_table.h"

#include <doctest/doctest.h>

#include <set>
#include <tuple>

#include "text/icu_env.h"

namespace postcheck {
namespace {

using Hit = std::tuple<uint32_t, uint32_t, uint32_t>;

std::set<Hit> Hits(const TermTable& t, std::u16string_view text) {
  std::set<Hit> hits;
  t.trie().Scan(
      text, [](size_t) { return true; },
      [&](uint32_t id, uint32_t s, uint32_t e) {
        hits.insert({id, s, e});
      });
  return hits;
}

}  // namespace

TEST_CASE("a plan normalizes each distinct term once and numbers the patterns in sorted order") {
  REQUIRE(EnsureIcu());
  const std::vector<std::string> a{"Nurse*", "ward 7", "PATIENT~"},
      b{"patient",
        "\xef\xbc\xb0\xef\xbc\xa1\xef\xbc\xb4\xef\xbc\xa9\xef\xbc\xa5\xef\xbc\xae\xef\xbc\xb4",
        "  ", "nurse"};
  const TermPlan plan = PlanTerms(false, {&a, &b});
  // "ＰＡＴＩＥＮＴ" (full width), "patient" and "PATIENT~" are one pattern; "  " is none.
  CHECK(plan.patterns == std::vector<std::u16string>{u"nurse", u"patient", u"ward 7"});
  CHECK(plan.ids == std::vector<uint32_t>{0, 2, 1, 1, 1, TermPlan::kNoPattern, 0});
}

TEST_CASE("the folded plan folds look-alikes and leetspeak as the folded view does") {
  REQUIRE(EnsureIcu());
  const std::vector<std::string> a{"idiot", "1d10t",
                                   "\xd1\x96"
                                   "diot"};  // Cyrillic і
  const TermPlan plan = PlanTerms(true, {&a});
  CHECK(plan.patterns.size() == 1);
  CHECK(plan.ids == std::vector<uint32_t>{0, 0, 0});
}

TEST_CASE("a table finds each list's patterns, kinds and reasons; other lists are not its own") {
  REQUIRE(EnsureIcu());
  const std::vector<std::string> a{"nurse*", "ward"}, b{"ward~", "\xe2\x80\x8b"};
  auto table = TermTable::Build(false, {&a, &b});
  REQUIRE(table->Ids(a));
  REQUIRE(table->Ids(b));
  CHECK(table->Ids(a)[1] == table->Ids(b)[0]);  // "ward" and "ward~": one pattern
  CHECK(table->Ids(b)[1] == TermPlan::kNoPattern);
  CHECK(table->Why(b[1]).find("empty once normalized") != std::string::npos);
  const std::vector<std::string> copy = a;
  CHECK(table->Ids(copy) == nullptr);
  CHECK(Hits(*table, u"nurse ward") == std::set<Hit>{{0, 0, 5}, {1, 6, 10}});
}

TEST_CASE("a table assembled from a plan's parts is the table built from the lists") {
  REQUIRE(EnsureIcu());
  const std::vector<std::string> a{"on behalf of", "ward 7", "a&e"}, b{"behalf", "ward"};
  const TermPlan plan = PlanTerms(false, {&a, &b});
  auto built = TermTable::Build(false, {&a, &b});
  auto assembled =
      TermTable::Assemble(false, {&a, &b}, TermTrie::FromSorted(plan.patterns), plan.ids);
  REQUIRE(assembled.ok());
  const std::u16string text = u"on behalf of ward 7 at a&e";
  CHECK(Hits(*assembled.value(), text) == Hits(*built, text));
  CHECK(Hits(*built, text).size() == 5);
  for (const auto* list : {&a, &b})
    for (size_t i = 0; i < list->size(); ++i)
      CHECK(assembled.value()->Ids(*list)[i] == built->Ids(*list)[i]);
}

TEST_CASE("parts that do not fit the lists are refused") {
  REQUIRE(EnsureIcu());
  const std::vector<std::string> a{"ward", "bay"};
  const TermPlan plan = PlanTerms(false, {&a});
  auto fewer = TermTable::Assemble(false, {&a}, TermTrie::FromSorted(plan.patterns), {0});
  CHECK_FALSE(fewer.ok());
  auto past = TermTable::Assemble(false, {&a}, TermTrie::FromSorted(plan.patterns), {0, 2});
  REQUIRE_FALSE(past.ok());
  CHECK(past.status().message.find("past the last pattern") != std::string::npos);
  CHECK(TermTable::Assemble(false, {&a}, TermTrie::FromSorted(plan.patterns),
                            {1, TermPlan::kNoPattern})
            .ok());
}

}  // namespace postcheck
