// Tests that ConfusableSkeleton gives uspoof_getSkeleton's answer for every code point.
#include "text/confusables.h"

#include <doctest/doctest.h>
#include <unicode/uspoof.h>
#include <unicode/utf16.h>

#include <string>

#include "text/icu_env.h"

namespace {

std::u16string UspoofSkeleton(const USpoofChecker* spoof, UChar32 c) {
  UChar src[2];
  int32_t n = 0;
  U16_APPEND_UNSAFE(src, n, c);
  UChar buf[64];
  UErrorCode status = U_ZERO_ERROR;
  const int32_t len = uspoof_getSkeleton(spoof, 0, src, n, buf, 64, &status);
  REQUIRE(U_SUCCESS(status));
  return std::u16string(buf, static_cast<size_t>(len));
}

}  // namespace

TEST_CASE("confusables: known skeletons") {
  REQUIRE(postcheck::EnsureIcu());
  std::u16string s;
  REQUIRE(postcheck::ConfusableSkeleton(U'a', &s));
  CHECK(s == u"a");
  REQUIRE(postcheck::ConfusableSkeleton(U'm', &s));
  CHECK(s == u"rn");                                      // a prototype longer than one unit
  REQUIRE(postcheck::ConfusableSkeleton(U'\u0430', &s));  // Cyrillic a
  CHECK(s == u"a");
  REQUIRE(postcheck::ConfusableSkeleton(U'\u00E0', &s));  // a grave: NFD, then the prototypes
  CHECK(s == u"a\u0300");
  // Mathematical bold a, outside the BMP.
  REQUIRE(postcheck::ConfusableSkeleton(U'\U0001D41A', &s));
  CHECK(s == u"a");
}

// The same answer as uspoof for all 1,114,112 code points, lone surrogates included: the table is
// ICU's own, so any difference is a misreading of its layout.
TEST_CASE("confusables: every code point as uspoof gives it") {
  REQUIRE(postcheck::EnsureIcu());
  UErrorCode status = U_ZERO_ERROR;
  USpoofChecker* spoof = uspoof_open(&status);
  REQUIRE(U_SUCCESS(status));
  int mismatches = 0, mapped = 0;
  std::u16string mine;
  for (UChar32 c = 0; c <= 0x10FFFF; ++c) {
    REQUIRE(postcheck::ConfusableSkeleton(c, &mine));
    const std::u16string theirs = UspoofSkeleton(spoof, c);
    if (mine != theirs && ++mismatches <= 5)
      CHECK_MESSAGE(false, "U+", std::hex, static_cast<int>(c));
    if (theirs.size() != static_cast<size_t>(U16_LENGTH(c)) ||
        theirs[0] != (c < 0x10000 ? c : U16_LEAD(c)))
      ++mapped;
  }
  uspoof_close(spoof);
  CHECK(mismatches == 0);
  // ~18,500 characters change: confusables.txt's ~6,000 and every one NFD decomposes (Hangul
  // syllables alone are 11,172).
  CHECK(mapped > 15000);
}
