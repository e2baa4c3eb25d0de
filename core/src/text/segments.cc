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

Segments Segment(std::u16string_view original) {
  Segments out;
  if (original.empty() || !EnsureIcu()) return out;
  UErrorCode status = U_ZERO_ERROR;
  UText ut = UTEXT_INITIALIZER;
  // Opening the UTF-16 buffer directly avoids copying the text into a UnicodeString.
  utext_openUChars(&ut, original.data(), static_cast<int64_t>(original.size()), &status);
  if (U_FAILURE(status)) return out;

  icu::BreakIterator& words = ThreadWordBreaker();
  words.setText(&ut, status);
  if (U_SUCCESS(status)) {
    out.words.reserve(original.size() / 5 + 1);
    int32_t prev = words.first();
    for (int32_t p = words.next(); p != icu::BreakIterator::DONE; prev = p, p = words.next()) {
      if (words.getRuleStatus() >= UBRK_WORD_NONE_LIMIT) {
        out.words.push_back({static_cast<uint32_t>(prev), static_cast<uint32_t>(p)});
      }
    }
  }
  status = U_ZERO_ERROR;
  icu::BreakIterator& sentences = ThreadSentenceBreaker();
  sentences.setText(&ut, status);
  if (U_SUCCESS(status)) {
    int32_t prev = sentences.first();
    for (int32_t p = sentences.next(); p != icu::BreakIterator::DONE; prev = p, p = sentences.next()) {
      out.sentences.push_back({static_cast<uint32_t>(prev), static_cast<uint32_t>(p)});
    }
  }
  utext_close(&ut);
  return out;
}

}  // namespace postcheck
