// Parses one UK phone number in the base view; both phone-like detectors share it so they agree on boundaries.
#include "detect/phone_scan.h"

#include "detect/scan.h"

namespace postcheck {

using namespace scan;

bool ParseUkPhoneAt(std::u16string_view t, size_t i, PhoneNumber* out) {
  if (i >= t.size() || !StartBoundary(t, i)) return false;
  if (i > 0 && (t[i - 1] == u'+' || Digit(t[i - 1]))) return false;
  // Digits just before, joined by a separator, mean this is the tail of a longer number.
  if (i > 1 && (t[i - 1] == u' ' || t[i - 1] == u'-' || t[i - 1] == u'.') && Digit(t[i - 2])) return false;
  PhoneNumber p;
  p.start = i;
  size_t k = i;
  bool paren = false;
  if (t[k] == u'+' || Lit(t, k, "0044") != kNo) {
    k = t[k] == u'+' ? Lit(t, k + 1, "44") : k + 4;
    if (k == kNo) return false;
    if (At(t, k) == u' ' || At(t, k) == u'-') ++k;
    if (Lit(t, k, "(0)") != kNo) {
      k = OptSpace(t, k + 3);
    } else if (At(t, k) == u'0') {
      ++k;  // "+44 07700 ...": a common mistake, still the same number
    }
    if (!Digit(At(t, k))) return false;
    p.national[p.length++] = '0';
  } else {
    if (t[k] == u'(') {
      paren = true;
      ++k;
    }
    if (At(t, k) != u'0') return false;
  }
  size_t last_digit_end = k;
  while (true) {
    size_t e = k;
    while (e < t.size() && Digit(t[e])) {
      if (p.length == 11) return false;  // a digit run longer than any UK number
      p.national[p.length++] = static_cast<char>(t[e]);
      ++e;
    }
    if (e == k) return false;
    last_digit_end = e;
    size_t n = e;
    if (paren && At(t, n) == u')') {
      paren = false;
      n = OptSpace(t, n + 1);
    } else if (At(t, n) == u' ' || At(t, n) == u'-' || At(t, n) == u'.') {
      ++n;
    }
    if (n == e || !Digit(At(t, n))) break;
    if (p.length == 11) return false;  // another group follows a complete number
    k = n;
  }
  if (paren) return false;
  if (!EndBoundary(t, last_digit_end)) return false;
  p.national[p.length] = '\0';
  const char second = p.national[1];
  if (p.national[0] != '0') return false;
  const bool ok11 = p.length == 11 && (second == '1' || second == '2' || second == '3' || second == '5' ||
                                       second == '7' || second == '8' || second == '9');
  const bool ok10 = p.length == 10 && (second == '1' || second == '8');
  if (!ok11 && !ok10) return false;
  p.end = last_digit_end;
  *out = p;
  return true;
}

}  // namespace postcheck
