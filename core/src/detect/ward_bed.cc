// ward_bed: hospital locations that point at a patient ("bed 4", "bay 3", "ward 10", "side room 2", "cubicle 5").
#include "detect/detectors.h"
#include "detect/scan.h"

namespace postcheck {
namespace {

using namespace scan;

// "bed 2 hours ago" is a duration, not a bed: a unit after the number cancels it.
bool FollowedByUnit(std::u16string_view t, size_t e) {
  if (At(t, e) == u'%') return true;
  const size_t k = OptSpace(t, e);
  if (k == e) return false;
  static constexpr std::string_view kDurationUnits[] = {
      "hours", "hour",   "hrs",   "mins", "minutes", "min",   "days",    "day", "nights",
      "weeks", "months", "years", "am",   "pm",      "times", "o'clock", "x"};
  for (std::string_view u : kDurationUnits) {
    if (Word(t, k, u) != kNo) return true;
  }
  return false;
}

size_t Keyword(const DetectInput& in, size_t i, bool* letter_ok) {
  const std::u16string_view t = in.base.text;
  *letter_ok = false;
  size_t e;
  // Asked at every word beginning b, c, r, s or w: the first letter picks the keywords to try.
  switch (At(t, i)) {
    case u's':
      if ((e = Word(t, i, "side")) != kNo && (At(t, e) == u' ' || At(t, e) == u'-'))
        return Word(t, e + 1, "room");
      if ((e = Word(t, i, "sideroom")) != kNo) return e;
      // "SR2" / "SR 2": only as capitals, "sr" is too common otherwise
      if (Lit(t, i, "sr") != kNo && OrigUpper(in, i) && OrigUpper(in, i + 1)) return i + 2;
      return kNo;
    case u'r':
      if ((e = Word(t, i, "resus")) != kNo) {
        const size_t bay = Word(t, OptSpace(t, e), "bay");
        return bay != kNo ? bay : e;
      }
      return kNo;
    case u'w':
      if ((e = Word(t, i, "ward")) != kNo) *letter_ok = true;
      return e;
    case u'b':
      if ((e = Word(t, i, "bed")) != kNo) return e;
      return Word(t, i, "bay");
    case u'c':
      return Word(t, i, "cubicle");  // "cubicles" is no place
    default:
      return kNo;
  }
}

}  // namespace

void DetectWardBed(const DetectInput& in, std::vector<Span>& out) {
  const std::u16string_view t = in.base.text;
  size_t next = 0;  // the first place not inside the last match
  for (const size_t i : in.word_starts) {
    if (i < next) continue;
    const char16_t c = t[i];
    // Keyword initials.
    if (c != u'b' && c != u'w' && c != u's' && c != u'c' && c != u'r') continue;
    bool letter_ok;
    const size_t kw = Keyword(in, i, &letter_ok);
    if (kw == kNo) continue;
    size_t k = OptSpace(t, kw);
    if (k == kw && !Digit(At(t, k))) continue;
    size_t m;
    if ((m = Lit(t, k, "no.")) != kNo || (m = Word(t, k, "no")) != kNo || (m = Word(t, k, "number")) != kNo ||
        (m = Lit(t, k, "#")) != kNo) {
      k = OptSpace(t, m);
    } else if (At(t, k) == u':') {
      k = OptSpace(t, k + 1);
    }
    size_t e = kNo;
    if (Digit(At(t, k))) {
      int v;
      size_t n;
      e = Digits(t, k, 3, &v, &n);
      if (e != kNo && Alpha(At(t, e)) && EndBoundary(t, e + 1)) ++e;  // "12B"
      if (e != kNo && (!EndBoundary(t, e) || v == 0 || FollowedByUnit(t, e))) e = kNo;
      if (e != kNo && (At(t, e) == u'.' || At(t, e) == u',' || At(t, e) == u':') && Digit(At(t, e + 1))) e = kNo;
    } else if (letter_ok && Alpha(At(t, k)) && EndBoundary(t, k + 1) && OrigUpper(in, k)) {
      // "Ward C" only in capitals: "the ward a few days ago" is the article
      e = k + 1;
    }
    if (e == kNo) continue;
    Emit(in, i, e, out);
    next = e;
  }
}

}  // namespace postcheck
