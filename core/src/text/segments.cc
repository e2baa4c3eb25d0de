// Word and sentence boundaries of the original text from ICU break iterators, for proximity rules.
#include "text/segments.h"

#include <algorithm>

#include <unicode/utext.h>

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
std::vector<Span> Breaks(std::u16string_view original, icu::BreakIterator& it, Keep keep, size_t reserve) {
  std::vector<Span> out;
  if (original.empty() || !EnsureIcu()) return out;
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

std::vector<Span> SegmentWords(std::u16string_view original) {
  if (original.empty() || !EnsureIcu()) return {};
  return Breaks(original, ThreadWordBreaker(),
                [](icu::BreakIterator& it) { return it.getRuleStatus() >= UBRK_WORD_NONE_LIMIT; },
                original.size() / 5 + 1);
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
