// age: a person's age written as a number ("94 y/o", "94yo", "aged 94", "94 years old", "94-year-old").
#include "detect/detectors.h"
#include "detect/scan.h"

namespace postcheck {
namespace {

using namespace scan;

inline size_t Sep(std::u16string_view t, size_t k) {
  return (At(t, k) == u' ' || At(t, k) == u'-') ? k + 1 : k;
}

// What may follow the number: a unit that makes it an age ("30 years" alone is a duration).
size_t AgeSuffix(std::u16string_view t, size_t k) {
  k = Sep(t, k);
  static constexpr std::string_view kAgeMarks[] = {"y/o", "y.o.", "y.o", "yo"};
  for (std::string_view s : kAgeMarks) {
    const size_t e = Lit(t, k, s);
    if (e != kNo && (s.back() == u'.' || EndBoundary(t, e))) return e;
  }
  static constexpr std::string_view kAgeUnits[] = {"years", "year", "yrs", "yr", "months", "month"};
  for (std::string_view unit : kAgeUnits) {
    size_t e = Word(t, k, unit);
    if (e == kNo) continue;
    const size_t old = Word(t, Sep(t, e), "old");
    if (old != kNo) return old;
    if (unit[0] == 'y') {
      const size_t of_age = Lit(t, OptSpace(t, e), "of age");
      if (of_age != kNo && EndBoundary(t, of_age) && At(t, e) == u' ') return of_age;
    }
    return kNo;
  }
  return kNo;
}

size_t NumberAt(std::u16string_view t, size_t k, int* v) {
  size_t n;
  const size_t e = Digits(t, k, 3, v, &n);
  if (e == kNo || !EndBoundary(t, e) || *v > 125) return kNo;
  if ((At(t, e) == u'.' || At(t, e) == u',') && Digit(At(t, e + 1))) return kNo;
  return e;
}

}  // namespace

void DetectAge(const DetectInput& in, std::vector<Span>& out) {
  if (!in.has_digit) return;  // every match holds a digit
  const std::u16string_view t = in.base.text;
  size_t next = 0;  // the first place not inside the last match
  for (const size_t i : in.word_starts) {
    if (i < next) continue;
    size_t e = kNo;
    if (Digit(t[i])) {
      if (i > 0 && (t[i - 1] == u'.' || t[i - 1] == u',')) continue;
      int v;
      size_t k = Digits(t, i, 3, &v, nullptr);
      if (k != kNo && v <= 125 && (At(t, k) != u'.' || !Digit(At(t, k + 1)))) e = AgeSuffix(t, k);
      if (e == kNo) continue;
    } else if (Alpha(t[i])) {
      size_t k = Word(t, i, "aged");
      if (k == kNo) k = Word(t, i, "age");
      if (k == kNo) continue;
      if (At(t, k) == u':') ++k;
      k = OptSpace(t, k);
      int v;
      e = NumberAt(t, k, &v);
      if (e == kNo) continue;
    } else {
      continue;
    }
    Emit(in, i, e, out);
    next = e;
  }
}

}  // namespace postcheck
