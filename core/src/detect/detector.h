// Detector: a built-in finder for identifiers and other structured things (NHS numbers, dates, ...).
//
// Detectors read the original text and its base view and report spans in ORIGINAL UTF-16
// offsets. They never allocate per character beyond their output and are linear in text length.
#pragma once

#include <string_view>
#include <vector>

#include "detect/word_starts.h"
#include "text/span.h"
#include "text/text_view.h"

namespace postcheck {

// True if `text` holds an ASCII digit.
inline bool HasAsciiDigit(std::u16string_view text) {
  for (char16_t c : text)
    if (c >= u'0' && c <= u'9') return true;
  return false;
}

struct DetectInput {
  std::u16string_view original;
  const TextView& base;  // MakeBaseView(original)
  // Most posts have no digit, and every number a detector reads is ASCII digits in the base view
  // (it folds full-width ones), so the detectors that need one return at once without it.
  bool has_digit = HasAsciiDigit(base.text);
  // Where words begin with an ASCII letter or digit (AsciiWordStarts): a detector walks these,
  // in order, instead of every character.
  std::vector<uint32_t> word_starts = AsciiWordStarts(base.text);
};

using DetectFn = void (*)(const DetectInput& in, std::vector<Span>& out);

struct DetectorDef {
  const char* name;         // as written in rules: "nhs_number"
  const char* description;  // one line, for `postcheck explain` and the rules guide
  DetectFn fn;
};

// All detectors, sorted by name.
const std::vector<DetectorDef>& AllDetectors();
const DetectorDef* FindDetector(std::string_view name);

}  // namespace postcheck
