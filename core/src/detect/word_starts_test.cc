// Tests for AsciiWordStarts: exactly the places scan::StartBoundary accepts at an ASCII letter or digit.
#include "detect/word_starts.h"

#include <doctest/doctest.h>

#include <random>
#include <string>

#include "detect/scan.h"
#include "text/ascii.h"

namespace postcheck {
namespace {

std::vector<uint32_t> ByEveryPlace(std::u16string_view t) {
  std::vector<uint32_t> out;
  for (size_t i = 0; i < t.size(); ++i)
    if (t[i] < 0x80 && kAsciiLetterOrDigit[t[i]] && scan::StartBoundary(t, i))
      out.push_back(static_cast<uint32_t>(i));
  return out;
}

TEST_CASE("word starts: ASCII words, and words glued to letters of other scripts") {
  CHECK(AsciiWordStarts(u"bed 4, ward b-7") == std::vector<uint32_t>{0, 4, 7, 12, 14});
  CHECK(AsciiWordStarts(u"") == std::vector<uint32_t>{});
  CHECK(AsciiWordStarts(u"  ...  ") == std::vector<uint32_t>{});
  // "é" and "日" are word characters: "ébed" and "日4" start no ASCII word; "bed" after "—" does.
  CHECK(AsciiWordStarts(u"ébed 日4 —bed") == std::vector<uint32_t>{9});
  // A letter outside the BMP (U+1D400, mathematical bold A) is a word character too, read as a
  // pair; an emoji is not.
  CHECK(AsciiWordStarts(u"\U0001D400x \U0001F600x") == std::vector<uint32_t>{6});
  // A combining mark continues the word before it.
  CHECK(AsciiWordStarts(u"e\u0301x") == std::vector<uint32_t>{0});
}

TEST_CASE("word starts: the same places as asking StartBoundary at every character") {
  const char16_t kUnits[] = {u'a',   u'Z',      u'7',      u' ',      u'.',      u'-',
                             u'@',   u'\u00e9', u'\u0301', u'\u2014', u'\u65e5', 0xD835,
                             0xDC00, 0xD83D,    0xDE00,    0xDC00,    u'\n'};
  std::mt19937 rng(12);
  for (int n = 0; n < 3000; ++n) {
    std::u16string t;
    const size_t len = rng() % 24;
    for (size_t k = 0; k < len; ++k) t.push_back(kUnits[rng() % std::size(kUnits)]);
    CAPTURE(n);
    REQUIRE(AsciiWordStarts(t) == ByEveryPlace(t));
  }
}

}  // namespace
}  // namespace postcheck
