// Scan: small inline helpers detectors share to walk the base view (lower-cased, NFKC) without allocating.
#pragma once

#include <unicode/uchar.h>
#include <unicode/utf16.h>

#include <array>
#include <cstddef>
#include <string_view>
#include <vector>

#include "detect/detector.h"
#include "text/ascii.h"

namespace postcheck::scan {

constexpr size_t kNo = static_cast<size_t>(-1);

constexpr bool Digit(char16_t c) { return c >= u'0' && c <= u'9'; }
constexpr bool Alpha(char16_t c) { return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z'); }

// Letters and digits of any script count as word characters, so "bed4" or "ébed" are not words "bed".
inline bool WordChar(std::u16string_view t, size_t i) {
  const char16_t c = t[i];
  if (c < 0x80) return kAsciiLetterOrDigit[c];
  UChar32 cp;
  U16_GET(t.data(), 0, i, t.size(), cp);
  return u_isalnum(cp) || u_charType(cp) == U_NON_SPACING_MARK;
}
inline bool StartBoundary(std::u16string_view t, size_t i) { return i == 0 || !WordChar(t, i - 1); }
inline bool EndBoundary(std::u16string_view t, size_t i) { return i >= t.size() || !WordChar(t, i); }

inline char16_t At(std::u16string_view t, size_t i) { return i < t.size() ? t[i] : u'\0'; }

// Detectors try lists of words (months, digit words, titles) at each place, and nearly every try
// fails on the first character: kept inline so that failure costs a compare, not a call (in wasm
// the call was 8% of a check, node --cpu-prof).
#define POSTCHECK_SCAN_INLINE inline __attribute__((always_inline))

// If `lit` (ASCII, lower case) is at t[i], the index after it; else kNo.
POSTCHECK_SCAN_INLINE size_t Lit(std::u16string_view t, size_t i, std::string_view lit) {
  if (i == kNo || i + lit.size() > t.size()) return kNo;
  for (size_t k = 0; k < lit.size(); ++k) {
    if (t[i + k] != static_cast<char16_t>(lit[k])) return kNo;
  }
  return i + lit.size();
}
// Like Lit, but the literal must end a word.
POSTCHECK_SCAN_INLINE size_t Word(std::u16string_view t, size_t i, std::string_view w) {
  const size_t e = Lit(t, i, w);
  return (e != kNo && EndBoundary(t, e)) ? e : kNo;
}
inline size_t OptSpace(std::u16string_view t, size_t i) { return i < t.size() && t[i] == u' ' ? i + 1 : i; }

// Reads up to `max` digits (more digits in a row fail: the number is longer than wanted).
inline size_t Digits(std::u16string_view t, size_t i, size_t max, int* value, size_t* count) {
  size_t k = i;
  int v = 0;
  while (k < t.size() && Digit(t[k])) {
    if (k - i == max) return kNo;
    // Saturate: callers compare values with small ranges, and a long run must not overflow
    // (found by fuzz_check under UBSan).
    v = v > 99999999 ? 999999999 : v * 10 + (t[k] - u'0');
    ++k;
  }
  if (k == i) return kNo;
  if (value) *value = v;
  if (count) *count = k - i;
  return k;
}

// Whether the original character behind base unit i is upper case (detectors scan the
// case-folded base view but some identifiers are only identifiers when capitalised).
inline bool OrigUpper(const DetectInput& in, size_t i) {
  if (i >= in.base.start.size()) return false;
  const uint32_t o = in.base.start[i];
  if (o >= in.original.size()) return false;
  // Most words start with an ASCII letter: answered without ICU (no ASCII character is title case).
  if (in.original[o] < 0x80) return in.original[o] >= u'A' && in.original[o] <= u'Z';
  UChar32 cp;
  U16_GET(in.original.data(), 0, o, in.original.size(), cp);
  return u_isupper(cp) || u_istitle(cp);
}

inline void Emit(const DetectInput& in, size_t s, size_t e, std::vector<Span>& out) {
  out.push_back(in.base.ToOriginal({static_cast<uint32_t>(s), static_cast<uint32_t>(e)}, in.original));
}

}  // namespace postcheck::scan
