// initials: people named by honorific + surname ("Mrs J Brown", "Dr. Patel") or by an initial pair ("J.B."), using original casing.
#include <array>

#include "detect/detectors.h"
#include "detect/scan.h"

namespace postcheck {
namespace {

using namespace scan;

// Two capitals that are words or common abbreviations, not someone's initials.
bool CommonPair(char16_t a, char16_t b) {
  static constexpr std::array<std::string_view, 84> kPairs = {
      "am", "an", "as", "at", "be", "by", "do", "go", "he", "hi", "if", "in", "is", "it", "me", "my", "no",
      "of", "oh", "ok", "on", "or", "ox", "so", "to", "up", "us", "we", "ye", "uk", "eu", "un", "tv", "pm",
      "gp", "ed", "ae", "hr", "id", "bp", "iv", "ot", "pt", "nb", "ps", "st", "dr", "mr", "ms", "rn", "ct",
      "ni", "pr", "dm", "fy", "od", "ai", "vr", "pc", "op", "qi", "cv", "xr", "bm", "dn", "sn", "hb", "pe",
      "mi", "ca", "tb", "eg", "ie", "vs", "mp", "ceo", "lol", "ha", "hm", "uh", "er", "nhs"};
  for (std::string_view p : kPairs) {
    if (p.size() == 2 && p[0] == a && p[1] == b) return true;
  }
  return false;
}

// An all-capitals word of 2+ letters right before or after: the text is shouting or listing
// acronyms, so a capital pair is more likely an acronym than a person.
bool CapsNeighbour(const DetectInput& in, size_t s, size_t e) {
  const std::u16string_view t = in.base.text;
  auto caps_word = [&](size_t a, size_t b) {
    if (b - a < 2) return false;
    for (size_t x = a; x < b; ++x) {
      if (!Alpha(t[x]) || !OrigUpper(in, x)) return false;
    }
    return true;
  };
  size_t b = s;
  if (b > 0 && t[b - 1] == u' ') --b;
  size_t a = b;
  while (a > 0 && Alpha(t[a - 1])) --a;
  if (a < b && caps_word(a, b)) return true;
  size_t c = e;
  if (At(t, c) == u' ') ++c;
  size_t d = c;
  while (d < t.size() && Alpha(t[d])) ++d;
  return c < d && caps_word(c, d);
}

bool UpperLetter(const DetectInput& in, size_t i) { return Alpha(At(in.base.text, i)) && OrigUpper(in, i); }

// Honorific + optional initials + capitalised surname.
size_t Titled(const DetectInput& in, size_t i) {
  const std::u16string_view t = in.base.text;
  if (!OrigUpper(in, i)) return kNo;
  size_t k = kNo;
  static constexpr std::string_view kHonorifics[] = {"mrs", "mr", "ms", "miss", "mx", "dr"};
  for (std::string_view h : kHonorifics) {
    if ((k = Word(t, i, h)) != kNo) break;
  }
  if (k == kNo) return kNo;
  if (At(t, k) == u'.') ++k;
  if (At(t, k) != u' ') return kNo;
  ++k;
  for (int n = 0; n < 2; ++n) {  // "J ", "J. ", "J.B. "
    size_t x = k;
    while (UpperLetter(in, x) && EndBoundary(t, x + 1)) {
      x += 1;
      if (At(t, x) == u'.') ++x;
      if (!UpperLetter(in, x)) break;
    }
    if (x == k || At(t, x) != u' ' || !UpperLetter(in, x + 1)) break;
    k = x + 1;
  }
  if (!UpperLetter(in, k)) return kNo;
  size_t e = k + 1;
  const bool apostrophe = (At(t, e) == u'\'' || At(t, e) == u'’') && UpperLetter(in, e + 1);
  if (!Alpha(At(t, e)) && !apostrophe) return kNo;
  while (true) {
    while (Alpha(At(t, e))) ++e;
    const char16_t c = At(t, e);
    if ((c == u'-' || c == u'\'' || c == u'’') && UpperLetter(in, e + 1)) {  // Smith-Jones, O'Brien
      ++e;
      continue;
    }
    break;
  }
  if (!EndBoundary(t, e)) return kNo;
  static constexpr std::string_view kCommonWords[] = {"you",  "the",  "it",  "him", "her", "them",
                                                      "this", "that", "and", "my",  "our"};
  for (std::string_view w : kCommonWords) {
    if (Word(t, k, w) == e) return kNo;
  }
  return e;
}

// "J.B.", "J. B.", "JB" as a token of its own.
size_t Pair(const DetectInput& in, size_t i) {
  const std::u16string_view t = in.base.text;
  if (!UpperLetter(in, i)) return kNo;
  size_t e;
  bool dotted = false;
  if (At(t, i + 1) == u'.') {
    size_t k = OptSpace(t, i + 2);
    if (!UpperLetter(in, k) || !EndBoundary(t, k + 1)) return kNo;
    e = k + 1;
    if (At(t, e) == u'.') ++e;
    if (Alpha(At(t, e)) || (At(t, e) == u' ' && UpperLetter(in, e + 1) && At(t, e + 2) == u'.')) return kNo;
    dotted = true;
  } else {
    if (!UpperLetter(in, i + 1) || !EndBoundary(t, i + 2)) return kNo;
    e = i + 2;
    if (At(t, e) == u'.' && Alpha(At(t, e + 1))) return kNo;
  }
  const size_t second = dotted ? e - (At(t, e - 1) == u'.' ? 2 : 1) : i + 1;
  if (CommonPair(t[i], t[second])) return kNo;
  if (!dotted && CapsNeighbour(in, i, e)) return kNo;
  return e;
}

}  // namespace

void DetectInitials(const DetectInput& in, std::vector<Span>& out) {
  const std::u16string_view t = in.base.text;
  size_t next = 0;  // the first place not inside the last match
  for (const size_t i : in.word_starts) {
    if (i < next || !Alpha(t[i])) continue;
    if (i > 0 && t[i - 1] == u'.' && i > 1 && Alpha(t[i - 2])) continue;  // inside "U.S.A."
    size_t e = Titled(in, i);
    if (e == kNo) e = Pair(in, i);
    if (e == kNo) continue;
    Emit(in, i, e, out);
    next = e;
  }
}

}  // namespace postcheck
