// Tests that ICU initialises once and its shared objects work (the lazily created ones too).
#include "text/icu_env.h"

#include <thread>
#include <vector>

#include <doctest/doctest.h>

TEST_CASE("icu_env: initialises and normalizes") {
  REQUIRE(postcheck::EnsureIcu());
  CHECK(postcheck::EnsureIcu());  // idempotent
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString out = postcheck::NfkcCasefold().normalize(u"ＮＨＳ ß", status);
  CHECK(U_SUCCESS(status));
  CHECK(out == icu::UnicodeString(u"nhs ss"));
}

TEST_CASE("icu_env: per-thread break iterators are distinct objects") {
  REQUIRE(postcheck::EnsureIcu());
  icu::BreakIterator* mine = postcheck::ThreadWordBreaker();
  REQUIRE(mine != nullptr);
  CHECK(postcheck::ThreadSentenceBreaker() != nullptr);
  icu::BreakIterator* other = nullptr;
#ifndef __EMSCRIPTEN__
  std::thread t([&] { other = postcheck::ThreadWordBreaker(); });
  t.join();
  CHECK(other != mine);
#endif
  CHECK(postcheck::ThreadWordBreaker() == mine);
}
