// hospital_number: local patient identifiers when labelled ("MRN 1234567", "hosp no. A123456") or trust-coded ("RXQ1234567").
#include "detect/detectors.h"
#include "detect/scan.h"

namespace postcheck {
namespace {

using namespace scan;

// A word of the label, allowing an abbreviation dot ("hosp.", "no.").
size_t LabelWord(std::u16string_view t, size_t i, std::string_view w) {
  size_t e = Word(t, i, w);
  if (e != kNo && At(t, e) == u'.') ++e;
  return e;
}

size_t Label(const DetectInput& in, size_t i) {
  const std::u16string_view t = in.base.text;
  size_t e;
  if ((e = LabelWord(t, i, "mrn")) != kNo) return e;
  static constexpr std::string_view kLabelFirsts[] = {"hospital", "hosp", "unit",
                                                      "pas",      "k",    "patient"};
  for (std::string_view first : kLabelFirsts) {
    if ((e = LabelWord(t, i, first)) == kNo) continue;
    const size_t k = OptSpace(t, e);
    static constexpr std::string_view kNumberWords[] = {"number", "num", "no"};
    for (std::string_view second : kNumberWords) {
      const size_t e2 = LabelWord(t, k, second);
      if (e2 != kNo) return e2;
    }
    return kNo;
  }
  // "RN" is also a registered nurse: only "RN:" / "RN#" / "RN no" in capitals count.
  if ((e = Word(t, i, "rn")) != kNo && OrigUpper(in, i) && OrigUpper(in, i + 1)) {
    if (At(t, e) == u':' || At(t, e) == u'#') return e;
    const size_t no = LabelWord(t, OptSpace(t, e), "no");
    if (no != kNo) return no;
  }
  return kNo;
}

// Up to three letters then 6-10 digits, ending a word.
size_t Identifier(std::u16string_view t, size_t k) {
  size_t letters = 0;
  while (Alpha(At(t, k + letters)) && letters < 3) ++letters;
  size_t n;
  int v;
  const size_t e = Digits(t, k + letters, 10, &v, &n);
  if (e == kNo || n < 6 || !EndBoundary(t, e)) return kNo;
  return e;
}

}  // namespace

void DetectHospitalNumber(const DetectInput& in, std::vector<Span>& out) {
  if (!in.has_digit) return;  // every match holds a digit
  const std::u16string_view t = in.base.text;
  size_t next = 0;  // the first place not inside the last match
  for (const size_t i : in.word_starts) {
    if (i < next) continue;
    const char16_t c = t[i];
    // Only labels (m, h, u, p, k, r) or an R-code can start here; skip other words cheaply.
    if (c != u'm' && c != u'h' && c != u'u' && c != u'p' && c != u'k' && c != u'r') continue;
    size_t e = kNo;
    const size_t label = Label(in, i);
    if (label != kNo) {
      size_t k = OptSpace(t, label);
      if (At(t, k) == u':' || At(t, k) == u'#' || At(t, k) == u'-') k = OptSpace(t, k + 1);
      e = Identifier(t, k);
    } else if (t[i] == u'r' && Alpha(At(t, i + 1)) && Alpha(At(t, i + 2)) && OrigUpper(in, i) &&
               OrigUpper(in, i + 1) && OrigUpper(in, i + 2)) {
      // Trust ODS code (R + two letters) glued to the local number, as printed on NHS labels.
      size_t n;
      int v;
      const size_t d = Digits(t, i + 3, 8, &v, &n);
      if (d != kNo && n >= 6 && EndBoundary(t, d)) e = d;
    }
    if (e == kNo) continue;
    Emit(in, i, e, out);
    next = e;
  }
}

}  // namespace postcheck
