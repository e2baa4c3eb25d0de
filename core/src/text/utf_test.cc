// Tests for the UTF-8/UTF-16 edge conversions, including malformed input.
#include "text/utf.h"

#include <doctest/doctest.h>

using postcheck::Utf16LengthOfUtf8Prefix;
using postcheck::Utf16ToUtf8;
using postcheck::Utf8ToUtf16;

TEST_CASE("utf: round trip of ASCII, BMP and astral characters") {
  const std::string s = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x91\xA9";  // a é € 👩
  const std::u16string u = Utf8ToUtf16(s);
  REQUIRE(u.size() == 5);
  CHECK(u[0] == u'a');
  CHECK(u[1] == 0x00E9);
  CHECK(u[2] == 0x20AC);
  CHECK(u[3] == 0xD83D);
  CHECK(u[4] == 0xDC69);
  CHECK(Utf16ToUtf8(u) == s);
}

TEST_CASE("utf: invalid UTF-8 becomes one U+FFFD per bad byte") {
  CHECK(Utf8ToUtf16("a\xFF" "b") == u"a\uFFFDb");
  CHECK(Utf8ToUtf16("\xC3") == u"\uFFFD");                 // truncated
  CHECK(Utf8ToUtf16("\xC0\x80") == u"\uFFFD\uFFFD");       // overlong NUL
  CHECK(Utf8ToUtf16("\xED\xA0\x80") == u"\uFFFD\uFFFD\uFFFD");  // encoded surrogate
}

TEST_CASE("utf: lone surrogates become U+FFFD in UTF-8") {
  std::u16string u = u"x";
  u.push_back(0xD800);
  u.push_back(u'y');
  u.push_back(0xDC00);
  CHECK(Utf16ToUtf8(u) == "x\xEF\xBF\xBDy\xEF\xBF\xBD");
}

TEST_CASE("utf: UTF-16 length of a UTF-8 prefix") {
  const std::string s = "a\xC3\xA9\xF0\x9F\x91\xA9z";
  CHECK(Utf16LengthOfUtf8Prefix(s, 0) == 0);
  CHECK(Utf16LengthOfUtf8Prefix(s, 1) == 1);
  CHECK(Utf16LengthOfUtf8Prefix(s, 3) == 2);
  CHECK(Utf16LengthOfUtf8Prefix(s, 7) == 4);
  CHECK(Utf16LengthOfUtf8Prefix(s, 8) == 5);
  CHECK(Utf16LengthOfUtf8Prefix(s, 100) == 5);
}
