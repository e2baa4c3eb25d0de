// RegexMatcher: case-insensitive matches mapped to original offsets, compile errors explained, catastrophic patterns stopped.
#include "match/regex_matcher.h"

#include <doctest/doctest.h>

#include "text/icu_env.h"

namespace postcheck {

TEST_CASE("regex matches on the normalized view map back to the original") {
  REQUIRE(EnsureIcu());
  std::string error;
  auto m = RegexMatcher::Compile("bed\\s*\\d+", &error);
  REQUIRE(m);
  std::u16string text = u"Lady in BED  12 now";
  std::vector<Span> out;
  CHECK(m->Scan(MakeBaseView(text), text, 100, out) == RegexMatcher::Outcome::kDone);
  CHECK(out == std::vector<Span>{{8, 15}});
}

TEST_CASE("a bad pattern is an error with a position") {
  std::string error;
  CHECK_FALSE(RegexMatcher::Compile("bed(\\d+", &error));
  CHECK(error.find("does not compile") != std::string::npos);
}

TEST_CASE("a catastrophic pattern returns with a time-out") {
  REQUIRE(EnsureIcu());
  std::string error;
  auto m = RegexMatcher::Compile("(a+)+$", &error);
  REQUIRE(m);
  std::u16string text(40, u'a');
  text += u'!';
  std::vector<Span> out;
  CHECK(m->Scan(MakeBaseView(text), text, 5, out) == RegexMatcher::Outcome::kTimedOut);
}

}  // namespace postcheck

namespace postcheck {

TEST_CASE("upper-case letters in a pattern still match (the text is case-folded)") {
  REQUIRE(EnsureIcu());
  std::string error;
  for (const char* pattern : {"NHS\\s+\\d+", "nhs\\s+\\d+", "\\bNHS\\b", "\\p{Lu}*nhs"}) {
    auto m = RegexMatcher::Compile(pattern, &error);
    REQUIRE(m);
    std::u16string text = u"my NHS 123";
    std::vector<Span> out;
    m->Scan(MakeBaseView(text), text, 100, out);
    CHECK_MESSAGE(out.size() == 1, pattern);
  }
}

}  // namespace postcheck
