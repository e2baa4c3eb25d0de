// email: email addresses (local@domain.tld), found from each '@' outwards so the scan stays linear.
#include "detect/detectors.h"
#include "detect/scan.h"

namespace postcheck {
namespace {

using namespace scan;

inline bool LocalChar(char16_t c) {
  return Alpha(c) || Digit(c) || c == u'.' || c == u'_' || c == u'%' || c == u'+' || c == u'-';
}
inline bool LabelChar(char16_t c) { return Alpha(c) || Digit(c) || c == u'-'; }

}  // namespace

void DetectEmail(const DetectInput& in, std::vector<Span>& out) {
  const std::u16string_view t = in.base.text;
  size_t done = 0;  // nothing before this can start a new address
  for (size_t a = 0; a < t.size(); ++a) {
    if (t[a] != u'@') continue;
    size_t s = a;
    while (s > done && LocalChar(t[s - 1])) --s;
    while (s < a && t[s] == u'.') ++s;
    if (s == a || (s > 0 && WordChar(t, s - 1))) continue;
    // Domain: labels separated by dots, the last all letters and at least two long.
    size_t k = a + 1, labels = 0, last_start = k, end = kNo;
    while (true) {
      const size_t ls = k;
      while (k < t.size() && LabelChar(t[k])) ++k;
      if (k == ls) break;
      ++labels;
      last_start = ls;
      bool alpha = k - ls >= 2;
      for (size_t x = ls; x < k && alpha; ++x) alpha = Alpha(t[x]);
      if (labels >= 2 && alpha) end = k;
      if (At(t, k) != u'.' || !LabelChar(At(t, k + 1))) break;
      ++k;
    }
    (void)last_start;
    if (end == kNo || !EndBoundary(t, end)) continue;
    Emit(in, s, end, out);
    done = end;
    a = end - 1;
  }
}

}  // namespace postcheck
