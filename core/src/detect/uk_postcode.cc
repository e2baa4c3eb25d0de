// uk_postcode: full UK postcodes in every valid outward/inward format, any case, with or without the space.
#include "detect/detectors.h"
#include "detect/scan.h"

namespace postcheck {
namespace {

using namespace scan;

// Sets of lower-case letters as bits: asked at every word, strchr was 1% of a wasm check.
constexpr uint32_t Letters(std::string_view set) {
  uint32_t bits = 0;
  for (char c : set) bits |= 1u << (c - 'a');
  return bits;
}
inline bool In(char16_t c, uint32_t set) {
  return c >= u'a' && c <= u'z' && ((set >> (c - u'a')) & 1u);
}
// Royal Mail's letter rules, by place in the postcode.
// The inward code's letters: no C I K M O V.
constexpr uint32_t kInward = Letters("abdefghjlnpqrstuwxyz");
constexpr uint32_t kNeverFirst = Letters("qvx");
constexpr uint32_t kNeverSecond = Letters("ijz");
constexpr uint32_t kThirdOfA9A = Letters("abcdefghjkpstuw");
constexpr uint32_t kFourthOfAA9A = Letters("abehmnprvwxy");
inline bool Lower(char16_t c) { return c >= u'a' && c <= u'z'; }

// Inward code "9AA" at k, ending a word.
size_t Inward(std::u16string_view t, size_t k) {
  if (!Digit(At(t, k)) || !In(At(t, k + 1), kInward) || !In(At(t, k + 2), kInward)) {
    return kNo;
  }
  return EndBoundary(t, k + 3) ? k + 3 : kNo;
}

// Outward codes: A9, A99, A9A, AA9, AA99, AA9A, with the letter rules of Royal Mail's format.
// Candidates are tried longest first so "SW1A1AA" and "M11AE" both split correctly.
size_t Postcode(std::u16string_view t, size_t i) {
  if (Lit(t, i, "gir") != kNo) {
    const size_t e = Lit(t, OptSpace(t, i + 3), "0aa");
    if (e != kNo && EndBoundary(t, e)) return e;
  }
  const char16_t a = At(t, i);
  if (!Lower(a) || In(a, kNeverFirst)) return kNo;
  size_t ends[3];
  size_t n = 0;
  if (Digit(At(t, i + 1))) {  // A9...
    if (Digit(At(t, i + 2))) ends[n++] = i + 3;
    if (In(At(t, i + 2), kThirdOfA9A)) ends[n++] = i + 3;
    ends[n++] = i + 2;
  } else if (Lower(At(t, i + 1)) && !In(At(t, i + 1), kNeverSecond) &&
             Digit(At(t, i + 2))) {  // AA9...
    if (Digit(At(t, i + 3))) ends[n++] = i + 4;
    if (In(At(t, i + 3), kFourthOfAA9A)) ends[n++] = i + 4;
    ends[n++] = i + 3;
  }
  for (size_t c = 0; c < n; ++c) {
    const size_t e = Inward(t, OptSpace(t, ends[c]));
    if (e != kNo) return e;
  }
  return kNo;
}

}  // namespace

void DetectUkPostcode(const DetectInput& in, std::vector<Span>& out) {
  if (!in.has_digit) return;  // every match holds a digit
  const std::u16string_view t = in.base.text;
  size_t next = 0;  // the first place not inside the last match
  for (const size_t i : in.word_starts) {
    if (i < next || !Lower(t[i])) continue;
    const size_t e = Postcode(t, i);
    if (e == kNo) continue;
    Emit(in, i, e, out);
    next = e;
  }
}

}  // namespace postcheck
