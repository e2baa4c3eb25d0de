// Segments: word and sentence boundaries of the original text (ICU break iterators), for proximity rules.
#pragma once

#include <string_view>
#include <vector>

#include "text/span.h"

namespace postcheck {

struct Segments {
  std::vector<Span> words;      // word-like tokens only (letters/digits), in order, original offsets
  std::vector<Span> sentences;  // cover the whole text, in order

  // Index of the word containing `offset`, or of the nearest word after it (words.size() if none).
  size_t WordIndexAt(uint32_t offset) const;
  size_t SentenceIndexAt(uint32_t offset) const;
};

Segments Segment(std::u16string_view original);

// The two halves of Segment(), for callers that need only one (sentences are rarer and cost as
// much as words).
// Words take an ASCII fast path per space-separated token and ICU for the rest;
// SegmentWordsWithIcu is ICU alone (the reference the fast path is tested against).
std::vector<Span> SegmentWords(std::u16string_view original);
std::vector<Span> SegmentWordsWithIcu(std::u16string_view original);
std::vector<Span> SegmentSentences(std::u16string_view original);

}  // namespace postcheck
