// RegexMatcher: case-insensitive matches mapped to original offsets, compile errors explained, catastrophic patterns stopped.
#include "match/regex_matcher.h"

#include <doctest/doctest.h>

#include <thread>
#include <vector>

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

TEST_CASE("a pattern written with any ASCII letter, in either case, matches that letter in the text in either case") {
  REQUIRE(EnsureIcu());
  for (char c = 'A'; c <= 'z'; ++c) {
    if (c > 'Z' && c < 'a') continue;
    std::string error;
    auto m = RegexMatcher::Compile(std::string("x") + c + "x", &error);
    REQUIRE(m);
    const char16_t lower = static_cast<char16_t>(c | 0x20), upper = static_cast<char16_t>(c & ~0x20);
    for (std::u16string text : {std::u16string{u'x', lower, u'x'}, std::u16string{u'X', upper, u'X'}}) {
      std::vector<Span> out;
      m->Scan(MakeBaseView(text), text, 100, out);
      const std::vector<Span> whole{{0, 3}};
      CHECK_MESSAGE(out == whole, c);
    }
  }
}

TEST_CASE("a bad pattern is an error with a position") {
  std::string error;
  CHECK_FALSE(RegexMatcher::Compile("bed(\\d+", &error));
  CHECK(error.find("does not compile") != std::string::npos);
}

TEST_CASE("a deferred pattern compiles at its first scan and then matches as a compiled one does") {
  REQUIRE(EnsureIcu());
  std::string error;
  auto now = RegexMatcher::Compile("Ward\\s*\\d+|\\bbed\\s*\\d+", &error);
  auto later = RegexMatcher::Deferred("Ward\\s*\\d+|\\bbed\\s*\\d+");
  REQUIRE(now);
  CHECK(now->compiled());
  CHECK_FALSE(later->compiled());
  for (std::u16string text : {u"Lady in BED  12 on ward 3", u"nothing", u"abed 4 ward7"}) {
    std::vector<Span> a, b;
    CHECK(now->Scan(MakeBaseView(text), text, 100, a) == RegexMatcher::Outcome::kDone);
    CHECK(later->Scan(MakeBaseView(text), text, 100, b) == RegexMatcher::Outcome::kDone);
    CHECK(later->compiled());
    CHECK(a == b);
  }
}

TEST_CASE("a deferred pattern that does not compile fails every scan, and finds nothing") {
  REQUIRE(EnsureIcu());
  auto m = RegexMatcher::Deferred("bed(\\d+");
  std::u16string text = u"bed(4";
  for (int i = 0; i < 2; ++i) {
    std::vector<Span> out;
    CHECK(m->Scan(MakeBaseView(text), text, 100, out) == RegexMatcher::Outcome::kFailed);
    CHECK(out.empty());
  }
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

namespace postcheck {

TEST_CASE("one matcher scans again and again, in every mode, as a fresh one would") {
  REQUIRE(EnsureIcu());
  std::string error;
  auto m = RegexMatcher::Compile("\\bbed\\s*\\d+", &error);
  REQUIRE(m);
  const std::u16string a = u"bed 4 and bed 12", b = u"no beds, xbed 9, bed 7";
  const TextView va = MakeBaseView(a), vb = MakeBaseView(b);
  const std::vector<std::pair<uint32_t, uint32_t>> windows{{6, 16}};
  const std::vector<uint32_t> starts{0, 10};
  for (int round = 0; round < 3; ++round) {
    std::vector<Span> out;
    m->Scan(va, a, 100, out, nullptr, &windows);  // leaves the kept matcher with a region set
    CHECK(out == std::vector<Span>{{10, 16}});
    out.clear();
    m->Scan(vb, b, 100, out);  // a whole scan after it must see the whole text again
    CHECK(out == std::vector<Span>{{17, 22}});
    out.clear();
    m->Scan(va, a, 100, out, nullptr, nullptr, &starts);
    CHECK(out == std::vector<Span>{{0, 5}, {10, 16}});
  }
}

#ifndef __EMSCRIPTEN__  // the wasm build has no threads
TEST_CASE("scans of one pattern from several threads at once agree with a scan alone") {
  REQUIRE(EnsureIcu());
  std::string error;
  auto m = RegexMatcher::Compile("ward\\s*\\d+|bed\\s*\\d+", &error);
  REQUIRE(m);
  std::u16string text;
  for (int i = 0; i < 200; ++i) text += u"ward 3 bed 12 and a long line of words ";
  const TextView view = MakeBaseView(text);
  std::vector<Span> alone;
  m->Scan(view, text, 1000, alone);
  REQUIRE(alone.size() == 400);
  std::vector<int> wrong(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int k = 0; k < 50; ++k) {
        std::vector<Span> out;
        m->Scan(view, text, 1000, out);
        if (out != alone) ++wrong[t];
      }
    });
  for (auto& th : threads) th.join();
  CHECK(wrong == std::vector<int>(4, 0));
}

TEST_CASE("threads that meet a deferred pattern at once compile it once and all find its matches") {
  REQUIRE(EnsureIcu());
  std::u16string text;
  for (int i = 0; i < 50; ++i) text += u"ward 3 bed 12 and words ";
  const TextView view = MakeBaseView(text);
  for (int round = 0; round < 20; ++round) {
    auto m = RegexMatcher::Deferred("ward\\s*\\d+|bed\\s*\\d+");
    std::vector<size_t> found(4, 0);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
      threads.emplace_back([&, t] {
        std::vector<Span> out;
        m->Scan(view, text, 1000, out);
        found[t] = out.size();
      });
    for (auto& th : threads) th.join();
    CHECK(found == std::vector<size_t>(4, 100));
  }
}
#endif

}  // namespace postcheck
