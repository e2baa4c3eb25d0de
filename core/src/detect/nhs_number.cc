// nhs_number: 10-digit NHS numbers (modulus-11 check digit), in digits with any grouping or spelled out.
#include <array>

#include "detect/detectors.h"
#include "detect/scan.h"

namespace postcheck {
namespace {

using namespace scan;

// Weights 10..2 over the first nine digits; 11 - (sum mod 11) is the check digit, 11 means 0 and
// 10 means the number can never be valid. 999 000 0000-999 999 9999 is the published test range.
bool ValidNhs(const std::array<int, 10>& d) {
  int sum = 0;
  for (int k = 0; k < 9; ++k) sum += d[k] * (10 - k);
  int check = 11 - sum % 11;
  if (check == 11) check = 0;
  if (check == 10 || check != d[9]) return false;
  return !(d[0] == 9 && d[1] == 9 && d[2] == 9);
}

struct Group {
  size_t start, end;
};

// A separator between digit groups: a space, a dash or dot, or a dash/dot with spaces round it.
size_t GroupSeparator(std::u16string_view t, size_t i) {
  size_t k = OptSpace(t, i);
  if (At(t, k) == u'-' || At(t, k) == u'.') k = OptSpace(t, k + 1);
  return (k > i && k < t.size() && Digit(t[k])) ? k : kNo;
}

void DigitNumbers(const DetectInput& in, std::vector<Span>& out) {
  if (!in.has_digit) return;  // every match holds a digit
  const std::u16string_view t = in.base.text;
  constexpr size_t kMaxGroups = 16;
  std::array<Group, kMaxGroups> g;
  size_t next = 0;  // the first place after the last run of digit groups
  for (const size_t i : in.word_starts) {
    if (i < next || !Digit(t[i])) continue;
    // A run of digit groups; a phone number's "+44" prefix disqualifies it.
    const bool plus = i > 0 && (t[i - 1] == u'+' || (i > 1 && t[i - 1] == u' ' && t[i - 2] == u'+'));
    size_t n = 0, k = i;
    bool too_long = false;
    while (true) {
      size_t e = k;
      while (e < t.size() && Digit(t[e])) ++e;
      if (n == kMaxGroups) {
        too_long = true;
      } else {
        g[n++] = {k, e};
      }
      const size_t next = GroupSeparator(t, e);
      if (next == kNo) {
        k = e;
        break;
      }
      k = next;
    }
    next = k;
    if (plus || too_long) continue;
    const bool end_ok = EndBoundary(t, g[n - 1].end);
    for (size_t a = 0; a < n; ++a) {
      size_t digits = 0, b = a;
      while (b < n && digits < 10) digits += g[b].end - g[b].start, ++b;
      if (digits != 10 || (b == n && !end_ok)) continue;
      const bool whole = a == 0 && b == n;
      const bool single = b - a == 1;
      const bool three_three_four = b - a == 3 && g[a].end - g[a].start == 3 &&
                                    g[a + 1].end - g[a + 1].start == 3;
      if (!whole && !single && !three_three_four) continue;
      std::array<int, 10> d{};
      size_t m = 0;
      for (size_t x = a; x < b; ++x) {
        for (size_t y = g[x].start; y < g[x].end; ++y) d[m++] = t[y] - u'0';
      }
      // A leading 0 with free grouping is far more likely a phone number.
      if (d[0] == 0 && !single && !three_three_four) continue;
      if (!ValidNhs(d)) continue;
      Emit(in, g[a].start, g[b - 1].end, out);
      a = b - 1;
    }
  }
}

// Number words; "double"/"triple" repeat the next digit, as people read numbers aloud.
int DigitWord(std::u16string_view t, size_t i, size_t* end) {
  // Asked at every word: the first letter leaves two words at most to try.
  struct Candidate {
    std::string_view word;
    int value;
  };
  const auto first_of = [&](Candidate a, Candidate b) {
    size_t e = Word(t, i, a.word);
    if (e != kNo) {
      *end = e;
      return a.value;
    }
    if (b.word.empty() || (e = Word(t, i, b.word)) == kNo) return -1;
    *end = e;
    return b.value;
  };
  switch (At(t, i)) {
    case u'z':
      return first_of({"zero", 0}, {});
    case u'o':
      return first_of({"oh", 0}, {"one", 1});
    case u'n':
      return first_of({"nought", 0}, {"nine", 9});
    case u't':
      return first_of({"two", 2}, {"three", 3});
    case u'f':
      return first_of({"four", 4}, {"five", 5});
    case u's':
      return first_of({"six", 6}, {"seven", 7});
    case u'e':
      return first_of({"eight", 8}, {});
    default:
      return -1;
  }
}

// Reads one spoken item at i: a digit word, or double/triple + digit word. Returns how many
// digits it stands for (0 if none) and sets *digit and *end.
int SpokenItem(std::u16string_view t, size_t i, int* digit, size_t* end) {
  int repeat = 1;
  size_t k = i;
  size_t e = kNo;
  // Called at every word: the first letter rules both words out at most of them.
  if (At(t, k) == u'd' && (e = Word(t, k, "double")) != kNo) {
    repeat = 2;
  } else if (At(t, k) == u't' && (e = Word(t, k, "triple")) != kNo) {
    repeat = 3;
  }
  if (repeat > 1) {
    if (At(t, e) != u' ' && At(t, e) != u'-') return 0;
    k = e + 1;
  }
  const int d = DigitWord(t, k, end);
  if (d < 0) return 0;
  *digit = d;
  return repeat;
}

void SpelledNumbers(const DetectInput& in, std::vector<Span>& out) {
  const std::u16string_view t = in.base.text;
  size_t next = 0;  // the first place after the last run of spoken digits
  for (const size_t i : in.word_starts) {
    int digit;
    size_t e;
    int rep;
    if (i < next || !Alpha(t[i]) || (rep = SpokenItem(t, i, &digit, &e)) == 0) continue;
    std::array<int, 10> d{};
    size_t m = 0;
    size_t last_end = e;
    bool overflow = false;
    size_t k = i;
    while (true) {
      for (int r = 0; r < rep; ++r) {
        if (m == 10) {
          overflow = true;
        } else {
          d[m++] = digit;
        }
      }
      last_end = e;
      size_t next = e;
      if (At(t, next) == u',' || At(t, next) == u'-') ++next;
      if (At(t, next) != u' ' && next == e) break;
      next = OptSpace(t, next);
      int nd;
      size_t ne;
      const int nrep = SpokenItem(t, next, &nd, &ne);
      if (nrep == 0) break;
      digit = nd, rep = nrep, e = ne, k = next;
    }
    (void)k;
    if (!overflow && m == 10 && ValidNhs(d)) Emit(in, i, last_end, out);
    next = last_end;
  }
}

}  // namespace

void DetectNhsNumber(const DetectInput& in, std::vector<Span>& out) {
  DigitNumbers(in, out);
  SpelledNumbers(in, out);
}

}  // namespace postcheck
