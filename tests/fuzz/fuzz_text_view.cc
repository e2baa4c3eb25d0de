// libFuzzer harness for the text layer every rule sees: base and folded views, their offset maps back to the original, and word/sentence segments.
//
// Input: raw UTF-16LE code units (any value, lone surrogates included). The invariants are the
// ones text/text_view.h and text/segments.h promise; a finding's offsets are only as good as these.
#include <cstdint>
#include <string>

#include "fuzz_common.h"
#include "text/segments.h"
#include "text/text_view.h"

namespace {

bool IsHigh(char16_t c) { return c >= 0xD800 && c <= 0xDBFF; }
bool IsLow(char16_t c) { return c >= 0xDC00 && c <= 0xDFFF; }
bool SplitsPair(std::u16string_view t, uint32_t off) {
  return off > 0 && off < t.size() && IsHigh(t[off - 1]) && IsLow(t[off]);
}

void CheckView(const char* name, const postcheck::TextView& v, std::u16string_view original) {
  const std::string n = name;
  if (v.start.size() != v.text.size() || v.end.size() != v.text.size()) fuzz::Fail(n + ": map size != text size");
  for (size_t i = 0; i < v.text.size(); ++i) {
    if (v.start[i] > v.end[i] || v.end[i] > original.size()) fuzz::Fail(n + ": unit " + std::to_string(i) + " maps outside the original");
    if (i > 0 && v.start[i] < v.start[i - 1]) fuzz::Fail(n + ": start[] decreases at " + std::to_string(i));
  }
  // The view has no unpaired surrogates (they became U+FFFD), so matchers never see broken UTF-16.
  for (size_t i = 0; i < v.text.size(); ++i) {
    if (IsHigh(v.text[i]) && (i + 1 >= v.text.size() || !IsLow(v.text[i + 1]))) fuzz::Fail(n + ": lone high surrogate in view");
    if (IsLow(v.text[i]) && (i == 0 || !IsHigh(v.text[i - 1]))) fuzz::Fail(n + ": lone low surrogate in view");
  }
  // Map a spread of view spans back: in range, ordered, never inside a surrogate pair.
  const uint32_t len = static_cast<uint32_t>(v.text.size());
  for (uint32_t s = 0; s < len; s += 1 + len / 16) {
    for (uint32_t e = s + 1; e <= len; e += 1 + len / 8) {
      postcheck::Span o = v.ToOriginal({s, e}, original);
      if (o.start > o.end || o.end > original.size()) fuzz::Fail(n + ": ToOriginal out of range");
      if (SplitsPair(original, o.start) || SplitsPair(original, o.end)) fuzz::Fail(n + ": ToOriginal splits a surrogate pair");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::u16string text(size / 2, u'\0');
  for (size_t i = 0; i < text.size(); ++i) text[i] = static_cast<char16_t>(data[2 * i] | (data[2 * i + 1] << 8));

  auto base = postcheck::MakeBaseView(text);
  CheckView("base", base, text);
  auto folded = postcheck::MakeFoldedView(base);
  CheckView("folded", folded, text);

  auto seg = postcheck::Segment(text);
  uint32_t prev_end = 0;
  for (const auto& w : seg.words) {
    if (w.start >= w.end || w.end > text.size() || w.start < prev_end) fuzz::Fail("words out of order or range");
    prev_end = w.end;
  }
  if (!text.empty() && !seg.sentences.empty()) {
    uint32_t at = 0;
    for (const auto& s : seg.sentences) {
      if (s.start != at || s.end <= s.start) fuzz::Fail("sentences do not tile the text");
      at = s.end;
    }
    if (at != text.size()) fuzz::Fail("sentences stop before the end");
  }
  return 0;
}
