// Tests for word/sentence segmentation and the index lookups proximity rules rely on.
#include "text/segments.h"

#include <random>
#include <string>

#include <doctest/doctest.h>

#include "text/utf.h"

using postcheck::Segment;
using postcheck::Span;

namespace {
std::u16string Sub(const std::u16string& s, Span sp) { return s.substr(sp.start, sp.end - sp.start); }
}  // namespace

TEST_CASE("segments: words skip spaces and punctuation") {
  const std::u16string t = u"Lovely lady, in bed 4. Went home!";
  auto seg = Segment(t);
  REQUIRE(seg.words.size() == 7);
  CHECK(Sub(t, seg.words[0]) == u"Lovely");
  CHECK(Sub(t, seg.words[1]) == u"lady");
  CHECK(Sub(t, seg.words[4]) == u"4");
  CHECK(Sub(t, seg.words[6]) == u"home");
}

TEST_CASE("segments: sentences cover the whole text") {
  const std::u16string t = u"First one. Second one? Third";
  auto seg = Segment(t);
  REQUIRE(seg.sentences.size() == 3);
  CHECK(seg.sentences.front().start == 0);
  CHECK(seg.sentences.back().end == t.size());
  for (size_t i = 1; i < seg.sentences.size(); ++i) {
    CHECK(seg.sentences[i].start == seg.sentences[i - 1].end);
  }
  CHECK(Sub(t, seg.sentences[1]) == u"Second one? ");
}

TEST_CASE("segments: WordIndexAt and SentenceIndexAt") {
  const std::u16string t = u"Aa bb. Cc dd";
  auto seg = Segment(t);
  REQUIRE(seg.words.size() == 4);
  CHECK(seg.WordIndexAt(0) == 0);
  CHECK(seg.WordIndexAt(1) == 0);
  CHECK(seg.WordIndexAt(2) == 1);  // the space: nearest word after
  CHECK(seg.WordIndexAt(3) == 1);
  CHECK(seg.WordIndexAt(7) == 2);
  CHECK(seg.WordIndexAt(11) == 3);
  CHECK(seg.WordIndexAt(12) == 4);  // past the end
  REQUIRE(seg.sentences.size() == 2);
  CHECK(seg.SentenceIndexAt(0) == 0);
  CHECK(seg.SentenceIndexAt(5) == 0);
  CHECK(seg.SentenceIndexAt(7) == 1);
  CHECK(seg.SentenceIndexAt(12) == 2);
}

TEST_CASE("segments: emoji and surrogates keep offsets in UTF-16 units") {
  const std::u16string t = u"hi 👩‍⚕️ nurse";
  auto seg = Segment(t);
  REQUIRE(!seg.words.empty());
  CHECK(Sub(t, seg.words.front()) == u"hi");
  CHECK(Sub(t, seg.words.back()) == u"nurse");
  CHECK(seg.words.back().end == t.size());
}

TEST_CASE("segments: empty text") {
  auto seg = Segment(u"");
  CHECK(seg.words.empty());
  CHECK(seg.sentences.empty());
  CHECK(seg.WordIndexAt(0) == 0);
}

TEST_CASE("segments: the ASCII fast path gives ICU's words (random texts)") {
  std::mt19937 rng(29);
  const std::u16string alphabet =
      u"abcXYZ0189 "
      u".',;:!?-_\"()@#/"
      u"&$%*+<=>[]\\^`{|}~"
      u"\n\t\u00e9\u00a0\u0301\u200d\U0001F600\u2018\u2019\u00a3\u20ac\u2013\u2014\u201c\u201d"
      u"\u2026\u2022";
  for (int round = 0; round < 20000; ++round) {
    std::u16string text;
    const size_t len = 1 + rng() % 24;
    for (size_t i = 0; i < len; ++i) {
      char16_t c = alphabet[rng() % alphabet.size()];
      if (c >= 0xD800 && c <= 0xDBFF) {  // keep the emoji's surrogate pair whole
        text += u"\U0001F600";
        continue;
      }
      if (c >= 0xDC00 && c <= 0xDFFF) continue;
      text += c;
    }
    const auto fast = postcheck::SegmentWords(text);
    const auto icu = postcheck::SegmentWordsWithIcu(text);
    std::string got, want;
    for (const auto& w : fast) got += std::to_string(w.start) + "-" + std::to_string(w.end) + " ";
    for (const auto& w : icu) want += std::to_string(w.start) + "-" + std::to_string(w.end) + " ";
    REQUIRE_MESSAGE(got == want, postcheck::Utf16ToUtf8(text) << " fast: " << got << " icu: " << want);
  }
}
