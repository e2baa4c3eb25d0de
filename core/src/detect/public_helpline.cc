// public_helpline: NHS/emergency/support numbers (111, 999, 112, 116 xxx, 0300/0800/0808) people may quote safely.
#include <cstring>

#include "detect/detectors.h"
#include "detect/phone_scan.h"
#include "detect/scan.h"

namespace postcheck {

bool IsHelplineNational(const PhoneNumber& p);  // uk_phone.cc

namespace {

using namespace scan;

// A short number counts only as a token of its own: not "1111", "111.5", "£111" or a group of a
// longer number such as "999 123 4560".
bool ShortNumberBoundaries(std::u16string_view t, size_t s, size_t e) {
  if (!StartBoundary(t, s) || !EndBoundary(t, e)) return false;
  if (s > 0) {
    const char16_t p = t[s - 1];
    if (p == u'+' || p == u'£' || p == u'$' || p == u'€' || p == u'#') return false;
    if ((p == u' ' || p == u'-' || p == u'.' || p == u',' || p == u'/') && s > 1 && Digit(t[s - 2])) return false;
  }
  const char16_t n = At(t, e);
  if (n == u'%') return false;
  if ((n == u' ' || n == u'-' || n == u'.' || n == u',' || n == u'/' || n == u':') && Digit(At(t, e + 1))) {
    return false;
  }
  return true;
}

}  // namespace

void DetectPublicHelpline(const DetectInput& in, std::vector<Span>& out) {
  if (!in.has_digit) return;  // every match holds a digit
  const std::u16string_view t = in.base.text;
  for (size_t i = 0; i < t.size(); ++i) {
    const char16_t c = t[i];
    if (c == u'0' || c == u'+' || c == u'(') {
      PhoneNumber p;
      if (ParseUkPhoneAt(t, i, &p)) {
        if (IsHelplineNational(p)) Emit(in, p.start, p.end, out);
        i = p.end - 1;
        continue;
      }
    }
    if (!Digit(c) || !StartBoundary(t, i)) continue;
    // 116 123 (Samaritans), 116 111 (Childline): two groups, separator optional
    if (Lit(t, i, "116") != kNo) {
      size_t k = i + 3;
      if (At(t, k) == u' ' || At(t, k) == u'-') ++k;
      size_t e = Lit(t, k, "123");
      if (e == kNo) e = Lit(t, k, "111");
      if (e != kNo && ShortNumberBoundaries(t, i, e)) {
        Emit(in, i, e, out);
        i = e - 1;
        continue;
      }
    }
    static constexpr std::string_view kEmergencyNumbers[] = {"111", "999", "112"};
    for (std::string_view n : kEmergencyNumbers) {
      const size_t e = Lit(t, i, n);
      if (e != kNo && ShortNumberBoundaries(t, i, e)) {
        Emit(in, i, e, out);
        break;
      }
    }
    while (i + 1 < t.size() && Digit(t[i + 1])) ++i;
  }
}

}  // namespace postcheck
