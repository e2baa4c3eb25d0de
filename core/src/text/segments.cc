// Word and sentence boundaries of the original text from ICU break iterators, for proximity rules.
#include "text/segments.h"

#include <unicode/utext.h>

#include <algorithm>
#include <array>

#include "text/icu_env.h"

namespace postcheck {
namespace {

size_t FirstEndingAfter(const std::vector<Span>& spans, uint32_t offset) {
  auto it = std::upper_bound(spans.begin(), spans.end(), offset,
                             [](uint32_t off, const Span& s) { return off < s.end; });
  return static_cast<size_t>(it - spans.begin());
}

}  // namespace

size_t Segments::WordIndexAt(uint32_t offset) const { return FirstEndingAfter(words, offset); }

size_t Segments::SentenceIndexAt(uint32_t offset) const {
  return FirstEndingAfter(sentences, offset);
}

namespace {

// Runs one of the shared break iterators over the text; `keep` filters by rule status.
template <typename Keep>
std::vector<Span> Breaks(std::u16string_view original, icu::BreakIterator* breaker, Keep keep, size_t reserve) {
  std::vector<Span> out;
  if (original.empty() || !EnsureIcu() || !breaker) return out;
  icu::BreakIterator& it = *breaker;
  UErrorCode status = U_ZERO_ERROR;
  UText ut = UTEXT_INITIALIZER;
  // Opening the UTF-16 buffer directly avoids copying the text into a UnicodeString.
  utext_openUChars(&ut, original.data(), static_cast<int64_t>(original.size()), &status);
  if (U_FAILURE(status)) return out;
  it.setText(&ut, status);
  if (U_SUCCESS(status)) {
    out.reserve(reserve);
    int32_t prev = it.first();
    for (int32_t p = it.next(); p != icu::BreakIterator::DONE; prev = p, p = it.next()) {
      if (keep(it)) out.push_back({static_cast<uint32_t>(prev), static_cast<uint32_t>(p)});
    }
  }
  utext_close(&ut);
  return out;
}

}  // namespace

std::vector<Span> SegmentWordsWithIcu(std::u16string_view original) {
  if (original.empty() || !EnsureIcu()) return {};
  return Breaks(original, ThreadWordBreaker(),
                [](icu::BreakIterator& it) { return it.getRuleStatus() >= UBRK_WORD_NONE_LIMIT; },
                original.size() / 5 + 1);
}

namespace {

// What the fast path knows of a unit, in one load. ASCII it models: letters, digits, and
// punctuation whose UAX #29 role it knows (".'" join letters or digits, ",;" join digits, the rest
// never join). Colons, underscores and double quotes have rules of their own, ICU counts "@" as a
// letter, and control characters and everything past ASCII are ICU's: tokens with them go there.
enum : uint8_t {
  kSlowUnit = 0,
  kSpaceUnit,
  kLetterUnit,
  kDigitUnit,
  kJoinsAny,
  kJoinsDigits,
  kOtherUnit
};
constexpr std::array<uint8_t, 128> kUnitClass = [] {
  std::array<uint8_t, 128> t{};
  for (int c = 0x20; c < 0x80; ++c) t[c] = kOtherUnit;
  for (int c : {'_', '"', '@'}) t[c] = kSlowUnit;
  t[':'] = kOtherUnit;  // MidLetter in UAX #29, but ICU's root rules do not join on it
  for (int c : {0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D}) t[c] = kSpaceUnit;
  for (int c = 'a'; c <= 'z'; ++c) t[c] = t[c - 32] = kLetterUnit;
  for (int c = '0'; c <= '9'; ++c) t[c] = kDigitUnit;
  t['.'] = t['\''] = kJoinsAny;
  t[','] = t[';'] = kJoinsDigits;
  return t;
}();
// Past ASCII, the punctuation posts use most: curly apostrophes join like "'" (MidNumLet), the
// rest never join. Anything else past ASCII is ICU's.
inline uint8_t UnitClass(char16_t c) {
  if (c < 0x80) return kUnitClass[c];
  switch (c) {
    case u'\u2018':
    case u'\u2019':
      return kJoinsAny;
    case u'\u00a3':  // pound sign
    case u'\u20ac':  // euro sign
    case u'\u2013':  // en dash
    case u'\u2014':  // em dash
    case u'\u201c':
    case u'\u201d':
    case u'\u2026':  // ellipsis
    case u'\u2022':  // bullet
      return kOtherUnit;
    default:
      return kSlowUnit;
  }
}
inline bool AsciiSpace(char16_t c) { return c < 0x80 && kUnitClass[c] == kSpaceUnit; }

// UAX #29 word boundaries of the ASCII token at t[from] (a run without white space), as ICU's
// root rules give them (proved against ICU by segments_test): WB5-WB12 joins, everything else a
// break. Returns where the token ends, or kSlow at the first character the rules here do not
// model, having written the words before it.
constexpr size_t kSlow = static_cast<size_t>(-1);
size_t FastWords(std::u16string_view t, size_t from, std::vector<Span>& out) {
  const size_t n = t.size();
  size_t i = from;
  while (i < n) {
    const uint8_t k = UnitClass(t[i]);
    if (k == kSpaceUnit) return i;
    if (k == kSlowUnit) return kSlow;
    if (k != kLetterUnit && k != kDigitUnit) {
      ++i;
      continue;
    }
    size_t j = i + 1;
    uint8_t last = k;  // the word's last unit: a letter or a digit
    while (j < n) {
      const uint8_t d = UnitClass(t[j]);
      if (d == kLetterUnit || d == kDigitUnit) {
        last = d;
        ++j;
        continue;
      }
      // A join needs the same kind on both sides (digits for ",;"), which is no white space:
      // still this token.
      if ((d == kJoinsAny || (d == kJoinsDigits && last == kDigitUnit)) && j + 1 < n &&
          UnitClass(t[j + 1]) == last) {
        j += 2;
        continue;
      }
      break;
    }
    out.push_back({static_cast<uint32_t>(i), static_cast<uint32_t>(j)});
    i = j;
  }
  return n;
}

}  // namespace

std::vector<Span> SegmentWords(std::u16string_view original) {
  std::vector<Span> out;
  if (original.empty()) return out;
  out.reserve(original.size() / 5 + 1);
  // Word boundaries never cross ASCII white space except where a combining mark or joiner
  // follows it, so the text splits into space-separated tokens: plain ASCII ones take the fast
  // path in one pass, the rest (with the white space before them, where such marks attach) go
  // to ICU, and the words the fast path wrote for them are taken back.
  const size_t n = original.size();
  size_t i = 0;
  while (i < n) {
    size_t token = i;
    while (token < n && AsciiSpace(original[token])) ++token;
    if (token == n) break;
    const size_t written = out.size();
    size_t end = FastWords(original, token, out);
    if (end == kSlow) {
      out.resize(written);
      end = token;
      while (end < n && !AsciiSpace(original[end])) ++end;
      if (!EnsureIcu()) return {};
      std::vector<Span> words = SegmentWordsWithIcu(original.substr(i, end - i));
      for (const Span& w : words)
        out.push_back({static_cast<uint32_t>(w.start + i), static_cast<uint32_t>(w.end + i)});
    }
    i = end;
  }
  return out;
}

std::vector<Span> SegmentSentences(std::u16string_view original) {
  if (original.empty() || !EnsureIcu()) return {};
  return Breaks(original, ThreadSentenceBreaker(), [](icu::BreakIterator&) { return true; }, 8);
}

Segments Segment(std::u16string_view original) {
  Segments out;
  out.words = SegmentWords(original);
  out.sentences = SegmentSentences(original);
  return out;
}

}  // namespace postcheck
