// date: calendar dates in numeric (12/03/1954, 1954-03-12) and written (12th March 1954, March 12 1954) forms.
#include <array>
#include <span>

#include "detect/detectors.h"
#include "detect/scan.h"

namespace postcheck {
namespace {

using namespace scan;

bool ValidDay(int day, int month) {
  static constexpr std::array<int, 13> kDays = {0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month >= 1 && month <= 12 && day >= 1 && day <= kDays[month];
}

// Month name or abbreviation at i (whole word, optional '.' after an abbreviation).
int Month(std::u16string_view t, size_t i, size_t* end) {
  // Grouped by first letter, each group in the order names are tried (a full name before its
  // abbreviation): most words start with a letter no month starts with, or fail on the second.
  struct Name {
    std::string_view name;
    int month;
  };
  static constexpr Name kJ[] = {{"january", 1}, {"june", 6}, {"july", 7}, {"jan", 1}, {"jun", 6}, {"jul", 7}};
  static constexpr Name kF[] = {{"february", 2}, {"feb", 2}};
  static constexpr Name kM[] = {{"march", 3}, {"may", 5}, {"mar", 3}};
  static constexpr Name kA[] = {{"april", 4}, {"august", 8}, {"apr", 4}, {"aug", 8}};
  static constexpr Name kS[] = {{"september", 9}, {"sept", 9}, {"sep", 9}};
  static constexpr Name kO[] = {{"october", 10}, {"oct", 10}};
  static constexpr Name kN[] = {{"november", 11}, {"nov", 11}};
  static constexpr Name kD[] = {{"december", 12}, {"dec", 12}};
  std::span<const Name> names;
  switch (At(t, i)) {
    case u'j': names = kJ; break;
    case u'f': names = kF; break;
    case u'm': names = kM; break;
    case u'a': names = kA; break;
    case u's': names = kS; break;
    case u'o': names = kO; break;
    case u'n': names = kN; break;
    case u'd': names = kD; break;
    default: return 0;
  }
  for (const auto& [name, m] : names) {
    size_t e = Word(t, i, name);
    if (e == kNo) continue;
    if (name.size() <= 4 && At(t, e) == u'.') ++e;
    *end = e;
    return m;
  }
  return 0;
}

size_t Ordinal(std::u16string_view t, size_t i, bool* had) {
  static constexpr std::string_view kOrdinalEndings[] = {"st", "nd", "rd", "th"};
  for (std::string_view o : kOrdinalEndings) {
    const size_t e = Word(t, i, o);
    if (e != kNo) {
      *had = true;
      return e;
    }
  }
  *had = false;
  return i;
}

// ", 1954" / " 1954" / " '54" after a written date; kNo if there is none.
size_t Year(std::u16string_view t, size_t i) {
  size_t k = i;
  if (At(t, k) == u',') ++k;
  if (At(t, k) != u' ') return kNo;
  ++k;
  size_t n;
  if (At(t, k) == u'\'' || At(t, k) == u'’') {
    const size_t e = Digits(t, k + 1, 2, nullptr, &n);
    return (e != kNo && n == 2 && EndBoundary(t, e)) ? e : kNo;
  }
  int y;
  const size_t e = Digits(t, k, 4, &y, &n);
  return (e != kNo && n == 4 && y >= 1800 && y <= 2099 && EndBoundary(t, e)) ? e : kNo;
}

bool SepChar(char16_t c) { return c == u'/' || c == u'.' || c == u'-'; }

// 12/03/1954, 12.3.54, 12-03-1954, 1954-03-12 (same separator twice).
size_t NumericDate(std::u16string_view t, size_t i) {
  if (i >= 2 && SepChar(t[i - 1]) && Digit(t[i - 2])) return kNo;  // "1.2.3.4" tail
  int a, b, c;
  size_t na, nb, nc;
  size_t k = Digits(t, i, 4, &a, &na);
  if (k == kNo || na == 3 || !SepChar(At(t, k))) return kNo;
  const char16_t sep = t[k];
  k = Digits(t, k + 1, 2, &b, &nb);
  if (k == kNo || At(t, k) != sep) return kNo;
  k = Digits(t, k + 1, 4, &c, &nc);
  if (k == kNo || !EndBoundary(t, k)) return kNo;
  if (SepChar(At(t, k)) && Digit(At(t, k + 1))) return kNo;
  if (na == 4) {  // ISO order
    return (a >= 1800 && a <= 2099 && nc <= 2 && ValidDay(c, b)) ? k : kNo;
  }
  if (nc != 2 && nc != 4) return kNo;
  if (nc == 4 && (c < 1800 || c > 2099)) return kNo;
  // "1.2.34" reads as a version number, "12.3.54" as a date.
  if (sep == u'.' && nc == 2 && na == 1 && nb == 1) return kNo;
  return (ValidDay(a, b) || ValidDay(b, a)) ? k : kNo;
}

// 12 March 1954, 12th of Mar 1954, 12 March; without a year the month must be capitalised or
// the day an ordinal, so "3 may" in a sentence is not a date.
size_t DayMonth(const DetectInput& in, size_t i) {
  const std::u16string_view t = in.base.text;
  int day;
  size_t nd;
  size_t k = Digits(t, i, 2, &day, &nd);
  if (k == kNo) return kNo;
  bool ordinal;
  k = Ordinal(t, k, &ordinal);
  if (!ordinal && !EndBoundary(t, k)) return kNo;
  k = OptSpace(t, k);
  if (Lit(t, k, "of ") != kNo) k += 3;
  size_t me;
  const int month = Month(t, k, &me);
  if (month == 0 || !ValidDay(day, month)) return kNo;
  const size_t y = Year(t, me);
  if (y != kNo) return y;
  return (ordinal || OrigUpper(in, k)) ? me : kNo;
}

// March 12 1954, March 12th, 1954, March 12 (capitalised).
size_t MonthDay(const DetectInput& in, size_t i) {
  const std::u16string_view t = in.base.text;
  size_t k;
  const int month = Month(t, i, &k);
  if (month == 0 || At(t, k) != u' ') return kNo;
  int day;
  size_t nd;
  k = Digits(t, k + 1, 2, &day, &nd);
  if (k == kNo) return kNo;
  bool ordinal;
  k = Ordinal(t, k, &ordinal);
  if (!EndBoundary(t, k) || !ValidDay(day, month)) return kNo;
  if (At(t, k) == u':' || (At(t, k) == u'.' && Digit(At(t, k + 1)))) return kNo;  // "May 3:15"
  const size_t y = Year(t, k);
  if (y != kNo) return y;
  return OrigUpper(in, i) ? k : kNo;
}

}  // namespace

void DetectDate(const DetectInput& in, std::vector<Span>& out) {
  if (!in.has_digit) return;  // every match holds a digit
  const std::u16string_view t = in.base.text;
  size_t next = 0;  // the first place not inside the last match
  for (const size_t i : in.word_starts) {
    if (i < next) continue;
    size_t e = kNo;
    if (Digit(t[i])) {
      e = NumericDate(t, i);
      if (e == kNo) e = DayMonth(in, i);
    } else if (t[i] == u'j' || t[i] == u'f' || t[i] == u'm' || t[i] == u'a' || t[i] == u's' || t[i] == u'o' ||
               t[i] == u'n' || t[i] == u'd') {  // first letters of month names
      e = MonthDay(in, i);
    }
    if (e == kNo) continue;
    Emit(in, i, e, out);
    next = e;
  }
}

}  // namespace postcheck
