// time: clock times (14:30, 2.30pm, 3am, 0300 hrs).
#include "detect/detectors.h"
#include "detect/scan.h"

namespace postcheck {
namespace {

using namespace scan;

// "am", "pm", "a.m.", "p.m." at k (after an optional space); kNo if absent.
size_t Meridiem(std::u16string_view t, size_t k) {
  k = OptSpace(t, k);
  static constexpr std::string_view kMeridiems[] = {"a.m.", "p.m.", "a.m", "p.m", "am", "pm"};
  for (std::string_view m : kMeridiems) {
    const size_t e = Lit(t, k, m);
    if (e != kNo && (m.back() == u'.' || EndBoundary(t, e))) return e;
  }
  return kNo;
}

size_t ClockTime(std::u16string_view t, size_t i) {
  if (i > 0 && (t[i - 1] == u':' || t[i - 1] == u'.' || t[i - 1] == u'£' || t[i - 1] == u'$')) return kNo;
  int h;
  size_t nh;
  size_t k = Digits(t, i, 4, &h, &nh);
  if (k == kNo) return kNo;
  if (nh == 4) {  // 0300 hrs
    const int hh = h / 100, mm = h % 100;
    if (hh > 23 || mm > 59) return kNo;
    const size_t s = OptSpace(t, k);
    static constexpr std::string_view kHourUnits[] = {"hrs", "hours", "hr", "h"};
    for (std::string_view u : kHourUnits) {
      const size_t e = Word(t, s, u);
      if (e != kNo) return e;
    }
    return kNo;
  }
  if (nh == 3) return kNo;
  if (At(t, k) == u':' || At(t, k) == u'.') {
    const bool colon = t[k] == u':';
    int m;
    size_t nm;
    size_t e = Digits(t, k + 1, 2, &m, &nm);
    if (e == kNo || nm != 2 || m > 59 || h > 23) return kNo;
    if (colon && At(t, e) == u':') {  // seconds
      int s;
      size_t ns;
      const size_t e2 = Digits(t, e + 1, 2, &s, &ns);
      if (e2 == kNo || ns != 2 || s > 59) return kNo;
      e = e2;
    }
    const size_t mer = Meridiem(t, e);
    if (mer != kNo) return (h >= 1 && h <= 12) ? mer : kNo;
    if (!colon) return kNo;  // "2.30" alone is a price or a decimal
    if (!EndBoundary(t, e) || ((At(t, e) == u':' || At(t, e) == u'.') && Digit(At(t, e + 1)))) return kNo;
    return e;
  }
  const size_t mer = Meridiem(t, k);
  return (mer != kNo && h >= 1 && h <= 12) ? mer : kNo;
}

}  // namespace

void DetectTime(const DetectInput& in, std::vector<Span>& out) {
  if (!in.has_digit) return;  // every match holds a digit
  const std::u16string_view t = in.base.text;
  size_t next = 0;  // the first place not inside the last match
  for (const size_t i : in.word_starts) {
    if (i < next || !Digit(t[i])) continue;
    const size_t e = ClockTime(t, i);
    if (e == kNo) continue;
    Emit(in, i, e, out);
    next = e;
  }
}

}  // namespace postcheck
