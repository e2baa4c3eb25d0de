// uk_phone: UK landline and mobile numbers; helpline numbers are left to public_helpline.
#include <cstring>

#include "detect/detectors.h"
#include "detect/phone_scan.h"
#include "detect/scan.h"

namespace postcheck {

bool IsHelplineNational(const PhoneNumber& p) {
  return std::strncmp(p.national, "0300", 4) == 0 || std::strncmp(p.national, "0800", 4) == 0 ||
         std::strncmp(p.national, "0808", 4) == 0;
}

void DetectUkPhone(const DetectInput& in, std::vector<Span>& out) {
  if (!in.has_digit) return;  // every match holds a digit
  const std::u16string_view t = in.base.text;
  for (size_t i = 0; i < t.size(); ++i) {
    const char16_t c = t[i];
    if (c != u'0' && c != u'+' && c != u'(') continue;
    PhoneNumber p;
    if (!ParseUkPhoneAt(t, i, &p)) continue;
    if (!IsHelplineNational(p)) scan::Emit(in, p.start, p.end, out);
    i = p.end - 1;
  }
}

}  // namespace postcheck
