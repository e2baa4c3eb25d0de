// The base (NFKC_Casefold) and folded (confusable skeleton, leetspeak) views with exact maps back to the original.
#include "text/text_view.h"

#include <unicode/uchar.h>
#include <unicode/utf16.h>

#include <algorithm>
#include <array>
#include <unordered_map>

#include "text/confusables.h"
#include "text/icu_env.h"

namespace postcheck {
namespace {

inline bool IsHigh(char16_t c) { return c >= 0xD800 && c <= 0xDBFF; }
inline bool IsLow(char16_t c) { return c >= 0xDC00 && c <= 0xDFFF; }

// Sizes a view's three arrays alike. The view makers size them once, write by index and trim to
// what they wrote; a view reused from an earlier text zero-fills only what its arrays never held.
void SizeView(TextView& v, size_t units) {
  v.text.resize(units);
  v.start.resize(units);
  v.end.resize(units);
}

// Reads the code point at s[i]; a lone surrogate reads as U+FFFD of length 1.
inline UChar32 ReadCp(std::u16string_view s, size_t i, uint32_t* len) {
  const char16_t c = s[i];
  if (IsHigh(c) && i + 1 < s.size() && IsLow(s[i + 1])) {
    *len = 2;
    return U16_GET_SUPPLEMENTARY(c, s[i + 1]);
  }
  *len = 1;
  return (IsHigh(c) || IsLow(c)) ? 0xFFFD : c;
}

inline bool IsSpaceCp(UChar32 c) {
  if (c < 0x80) return c == ' ' || (c >= 0x09 && c <= 0x0D);
  return u_isUWhiteSpace(c);
}

// Zero-width and format characters carry no letters; removing them before normalising defeats
// "pa\u200Btient" and keeps bidi tricks out of the views.
inline bool IsRemovedCp(UChar32 c) {
  if (c < 0x80) return false;
  return u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT) || u_charType(c) == U_FORMAT_CHAR;
}

// Characters that belong to the grapheme before them, so a span never ends just before them.
inline bool ExtendsPrevious(UChar32 c) {
  if ((c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF) ||
      (c >= 0x1F3FB && c <= 0x1F3FF) || (c >= 0xE0020 && c <= 0xE007F)) {
    return true;
  }
  if (c < 0x300) return false;
  const int8_t t = u_charType(c);
  return t == U_NON_SPACING_MARK || t == U_ENCLOSING_MARK || t == U_COMBINING_SPACING_MARK;
}

class ViewBuilder {
 public:
  // Writes into arrays sized once (and doubled if normalisation expands the text) instead of
  // three push_backs per unit, which were the base view's main cost in wasm (node --cpu-prof).
  // A view reused from an earlier text keeps its arrays: growing them to the capacity wanted
  // zero-fills only what they never held.
  ViewBuilder(TextView* v, size_t expected) : v_(v) { Grow(std::max(expected + expected / 8 + 16, v->text.size())); }
  // Whitespace runs (and spaces a normalisation produced next to them) merge into one unit.
  __attribute__((always_inline)) void Emit(char16_t u, uint32_t s, uint32_t e) {
    if (u == u' ' && n_ > 0 && text_[n_ - 1] == u' ') {
      end_[n_ - 1] = std::max(end_[n_ - 1], e);
      return;
    }
    EmitOther(u, s, e);
  }
  // A unit that is no white space: nothing to merge.
  __attribute__((always_inline)) void EmitOther(char16_t u, uint32_t s, uint32_t e) {
    if (n_ == cap_) Grow(cap_ * 2);
    text_[n_] = u;
    start_[n_] = s;
    end_[n_] = e;
    ++n_;
  }
  void Finish() { SizeView(*v_, n_); }

 private:
  void Grow(size_t cap) {
    SizeView(*v_, cap);
    cap_ = cap;
    text_ = v_->text.data();
    start_ = v_->start.data();
    end_ = v_->end.data();
  }
  TextView* v_;
  size_t n_ = 0, cap_ = 0;
  char16_t* text_ = nullptr;
  uint32_t* start_ = nullptr;
  uint32_t* end_ = nullptr;
};

}  // namespace

Span TextView::ToOriginal(Span vs, std::u16string_view original) const {
  const uint32_t n = static_cast<uint32_t>(original.size());
  const uint32_t size = static_cast<uint32_t>(text.size());
  if (vs.start >= size) {
    const uint32_t at = size == 0 ? 0 : std::min(end.back(), n);
    return {at, at};
  }
  uint32_t a = std::min(start[vs.start], n);
  if (vs.empty()) return {a, a};
  uint32_t b = a;
  for (uint32_t i = vs.start; i < std::min(vs.end, size); ++i) b = std::max(b, end[i]);
  b = std::min(b, n);
  if (a > 0 && a < n && IsLow(original[a]) && IsHigh(original[a - 1])) --a;
  while (b < n) {
    uint32_t len;
    const UChar32 c = ReadCp(original, b, &len);
    if (c == 0x200D) {  // ZWJ glues the next character into the same emoji
      b += len;
      if (b < n) {
        ReadCp(original, b, &len);
        b += len;
      }
      continue;
    }
    if (!ExtendsPrevious(c)) break;
    b += len;
  }
  if (b > 0 && b < n && IsLow(original[b]) && IsHigh(original[b - 1])) ++b;
  return {a, b};
}

TextView IdentityView(std::u16string_view text) {
  TextView v;
  v.text.assign(text);
  v.start.resize(text.size());
  v.end.resize(text.size());
  for (uint32_t i = 0; i < text.size(); ++i) {
    v.start[i] = i;
    v.end[i] = i + 1;
  }
  return v;
}

TextView MakeBaseView(std::u16string_view original) {
  TextView v;
  MakeBaseView(original, v);
  return v;
}

void MakeBaseView(std::u16string_view original, TextView& v) {
  if (!EnsureIcu()) {
    v = IdentityView(original);
    return;
  }
  const icu::Normalizer2& nfkc = NfkcCasefold();
  ViewBuilder out(&v, original.size());

  // Normalising one segment (a character with a normalization boundary before it plus what
  // attaches to it) at a time gives the same text as normalising the whole string, and tells
  // exactly which original characters produced each output unit.
  std::u16string seg;
  seg.reserve(16);
  uint32_t seg_start = 0, seg_end = 0;
  icu::UnicodeString normed;
  auto flush = [&] {
    if (seg.empty()) return;
    if (seg.size() == 1 && seg[0] < 0x80) {
      char16_t c = seg[0];
      if (c >= u'A' && c <= u'Z') c = static_cast<char16_t>(c + 32);
      out.Emit(c, seg_start, seg_end);
    } else {
      UErrorCode status = U_ZERO_ERROR;
      nfkc.normalize(icu::UnicodeString(false, seg.data(), static_cast<int32_t>(seg.size())), normed,
                     status);
      if (U_FAILURE(status)) {
        for (char16_t c : seg) out.Emit(c, seg_start, seg_end);
      } else {
        for (int32_t k = 0; k < normed.length(); ++k) {
          const char16_t c = normed.charAt(k);
          out.Emit(IsSpaceCp(c) ? u' ' : c, seg_start, seg_end);
        }
      }
    }
    seg.clear();
  };

  const uint32_t n = static_cast<uint32_t>(original.size());
  for (uint32_t i = 0; i < n;) {
    // ASCII with ASCII after it (most of a post): nothing can attach to it and it normalises to
    // itself lower-cased, so it is written at once, without the checks below or a segment.
    if (seg.empty()) {
      for (; i + 1 < n && original[i] < 0x80 && original[i + 1] < 0x80; ++i) {
        const char16_t a = original[i];
        if (a == u' ' || (a >= 0x09 && a <= 0x0D)) {
          out.Emit(u' ', i, i + 1);
        } else {
          out.EmitOther((a >= u'A' && a <= u'Z') ? static_cast<char16_t>(a + 32) : a, i, i + 1);
        }
      }
    }
    uint32_t len;
    const UChar32 c = ReadCp(original, i, &len);
    const uint32_t s = i;
    i += len;
    if (c < 0x80 && c != ' ' && !(c >= 0x09 && c <= 0x0D)) {  // every ASCII character starts a segment
      flush();
      if (i >= n || original[i] < 0x80) {  // nothing can attach to it: skip the segment buffer
        const char16_t lower = (c >= 'A' && c <= 'Z') ? static_cast<char16_t>(c + 32) : static_cast<char16_t>(c);
        out.Emit(lower, s, i);
        continue;
      }
      seg.push_back(static_cast<char16_t>(c));
      seg_start = s;
      seg_end = i;
      continue;
    }
    if (IsSpaceCp(c)) {
      flush();
      out.Emit(u' ', s, i);
      continue;
    }
    if (IsRemovedCp(c)) continue;
    if (nfkc.hasBoundaryBefore(c)) {
      flush();
      seg_start = s;
    } else if (seg.empty()) {
      seg_start = s;
    }
    if (c < 0x10000) {
      seg.push_back(static_cast<char16_t>(c));
    } else {
      seg.push_back(U16_LEAD(c));
      seg.push_back(U16_TRAIL(c));
    }
    seg_end = i;
  }
  flush();
  out.Finish();
}

namespace {

// Skeleton of one code point, case-folded, non-spacing marks dropped.
void ComputeSkeletonFold(UChar32 c, std::u16string* out) {
  std::u16string skeleton;
  ConfusableSkeleton(c, &skeleton);  // without a table, the character stands for itself
  out->clear();
  const char16_t* sk = skeleton.data();
  const int32_t len = static_cast<int32_t>(skeleton.size());
  for (int32_t k = 0; k < len;) {
    UChar32 d;
    U16_NEXT(sk, k, len, d);
    if (u_charType(d) == U_NON_SPACING_MARK) continue;
    d = u_foldCase(d, U_FOLD_CASE_DEFAULT);
    if (d < 0x10000) {
      out->push_back(static_cast<char16_t>(d));
    } else {
      out->push_back(U16_LEAD(d));
      out->push_back(U16_TRAIL(d));
    }
  }
}

// The base view is already case-folded, but some capitals are look-alikes only as capitals: Cyrillic 'М' looks like
// 'M' while its lower case 'м' only looks like IPA 'ʍ', so "Мuslims" would escape. When a letter's own skeleton is
// not a Latin letter, its capital's skeleton is used if that is one.
void ComputeFold(UChar32 c, std::u16string* out) {
  ComputeSkeletonFold(c, out);
  const UChar32 upper = u_toupper(c);
  // Latin letters keep their own skeletons ('i' must not become 'l' through 'I'); so do letters whose skeleton is
  // already Latin.
  const bool latin = !out->empty() && (*out)[0] >= 'a' && (*out)[0] <= 'z';
  if (c < 0x80 || c >= 0x10000 || upper == c || latin) return;
  std::u16string via_upper;
  ComputeSkeletonFold(upper, &via_upper);
  // The Latin letter then folds as that letter does ('m' itself has the skeleton "rn").
  if (via_upper.size() == 1 && via_upper[0] >= 'a' && via_upper[0] <= 'z') ComputeSkeletonFold(via_upper[0], out);
}

const std::u16string& FoldOf(UChar32 c) {
  static const std::array<std::u16string, 128> ascii = [] {
    std::array<std::u16string, 128> t;
    for (UChar32 k = 0; k < 128; ++k) {
      if (k >= '0' && k <= '9') {
        t[k] = std::u16string(1, static_cast<char16_t>(k));
      } else {
        ComputeFold(k, &t[k]);
      }
    }
    return t;
  }();
  if (c < 0x80) return ascii[c];
  thread_local std::unordered_map<UChar32, std::u16string> cache;
  auto it = cache.find(c);
  if (it != cache.end()) return it->second;
  if (cache.size() > 8192) cache.clear();  // bounded: hostile text can hold any number of characters
  std::u16string f;
  ComputeFold(c, &f);
  return cache.emplace(c, std::move(f)).first->second;
}

inline UChar32 LeetLetter(UChar32 c) {
  switch (c) {
    case '0': return 'o';
    case '1': return 'i';
    case '3': return 'e';
    case '4': return 'a';
    case '5': return 's';
    case '7': return 't';
    case '@': return 'a';
    case '$': return 's';
    case '!': return 'i';
    default: return 0;
  }
}

inline bool IsLetterCp(UChar32 c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  return u_isUAlphabetic(c);
}

inline bool IsJoinSeparator(UChar32 c) {
  return c == '.' || c == '-' || c == '_' || c == '*' || c == ' ';
}

}  // namespace

namespace {

// The folds of ASCII characters, at most two units each ('m' -> "rn"), in a flat table: the
// folded view's output loop reads one entry per character instead of a string.
struct AsciiFold {
  char16_t unit[2];
  uint8_t size;
};
const std::array<AsciiFold, 128>& AsciiFolds() {
  static const std::array<AsciiFold, 128> table = [] {
    std::array<AsciiFold, 128> t{};
    for (UChar32 c = 0; c < 128; ++c) {
      const std::u16string& f = FoldOf(c);
      t[c].size = static_cast<uint8_t>(std::min<size_t>(f.size(), 3));  // 3: longer, use FoldOf
      for (size_t k = 0; k < f.size() && k < 2; ++k) t[c].unit[k] = f[k];
    }
    return t;
  }();
  return table;
}

// Writes characters' folds into a folded view, each unit mapped to the span given. Sized once for
// the common case (one unit per character) and trimmed at the end: pushing onto three vectors per
// unit was a third of FoldView's time. Both ways of folding write through it.
class FoldWriter {
 public:
  FoldWriter(TextView& v, size_t units) : v_(v), ascii_(AsciiFolds()) {
    Resize(std::max(units + units / 8 + 4, v.text.size()));
  }
  __attribute__((always_inline)) void Write(UChar32 c, uint32_t start, uint32_t end) {
    if (c < 0x80 && ascii_[c].size < 3) {
      Put(ascii_[c].unit, ascii_[c].size, start, end);
    } else {
      const std::u16string& f = FoldOf(c);
      Put(f.data(), f.size(), start, end);
    }
  }
  size_t written() const { return out_; }
  size_t FoldSize(UChar32 c) const {
    return c < 0x80 && ascii_[c].size < 3 ? ascii_[c].size : FoldOf(c).size();
  }
  void Rewind(size_t to) { out_ = to; }  // to write again from an earlier place
  void Finish() { SizeView(v_, out_); }

 private:
  __attribute__((always_inline)) void Put(const char16_t* fold, size_t size, uint32_t start,
                                          uint32_t end) {
    if (size == 1 && out_ < cap_) {  // nearly every character: no loop
      text_[out_] = fold[0];
      start_[out_] = start;
      end_[out_] = end;
      ++out_;
      return;
    }
    if (out_ + size > cap_) Resize(cap_ * 2 + size);
    for (size_t u = 0; u < size; ++u, ++out_) {
      text_[out_] = fold[u];
      start_[out_] = start;
      end_[out_] = end;
    }
  }
  // The arrays' addresses are kept, not read through the view at every write.
  void Resize(size_t cap) {
    cap_ = cap;
    SizeView(v_, cap_);
    text_ = v_.text.data();
    start_ = v_.start.data();
    end_ = v_.end.data();
  }
  TextView& v_;
  const std::array<AsciiFold, 128>& ascii_;
  size_t cap_ = 0;
  size_t out_ = 0;
  char16_t* text_ = nullptr;
  uint32_t* start_ = nullptr;
  uint32_t* end_ = nullptr;
};

// The base view's code points: for a text without surrogates (most posts, but not those with
// emoji) they are its units, with nothing to decode or store.
struct UnitCodePoints {
  const std::u16string& t;
  size_t size() const { return t.size(); }
  UChar32 operator[](size_t k) const { return t[k]; }
  uint32_t first_unit(size_t k) const { return static_cast<uint32_t>(k); }
};
struct DecodedCodePoints {
  std::vector<UChar32> cp;
  std::vector<uint32_t> at;  // first base unit of each code point, and the text's size
  size_t size() const { return cp.size(); }
  UChar32 operator[](size_t k) const { return cp[k]; }
  uint32_t first_unit(size_t k) const { return at[k]; }
};

// Not inlined: each kind of text gets its own function, so V8 optimises only the one in use
// (the two inlined made MakeFoldedView a third bigger to compile, --trace-wasm-compilation-times).
template <typename CodePoints>
__attribute__((noinline)) void FoldView(const TextView& base, const CodePoints& cp, TextView& v) {
  const size_t n = cp.size();
  // Per code point: a letter, a leetspeak character read as a letter, a separator dropped.
  enum : uint8_t { kLetter = 1, kMapped = 2, kDrop = 4 };
  // Every entry is written below before it is read, so a buffer kept per thread serves; a huge
  // paste's gets its own, given back at once.
  thread_local std::vector<uint8_t> kept;
  std::vector<uint8_t> once;
  std::vector<uint8_t>& buffer = n > (size_t{1} << 14) ? once : kept;
  if (buffer.size() < n) buffer.resize(n);
  uint8_t* const flag = buffer.data();
  for (size_t k = 0; k < n; ++k) flag[k] = IsLetterCp(cp[k]) ? kLetter : 0;
  auto eff = [&](size_t k) { return (flag[k] & (kLetter | kMapped)) != 0; };

  // Leetspeak only counts when it touches letters: "p4t13nt" and "$h1t", but not "2024",
  // "hello!" or a leading "@handle".
  for (size_t k = 1; k < n; ++k) {
    if (cp[k] >= '0' && cp[k] <= '9' && LeetLetter(cp[k]) && eff(k - 1)) flag[k] |= kMapped;
  }
  for (size_t k = n; k-- > 0;) {
    if ((flag[k] & kMapped) || !LeetLetter(cp[k]) || k + 1 >= n || !eff(k + 1)) continue;
    if (cp[k] == '@' && (k == 0 || !eff(k - 1))) continue;
    flag[k] |= kMapped;
  }

  // Single letters joined by single separators ("n.h.s", "p a t i e n t") become one word.
  auto word_char = [&](size_t k) {
    return eff(k) || (cp[k] >= '0' && cp[k] <= '9') ||
           (cp[k] >= 0x300 && u_charType(cp[k]) == U_NON_SPACING_MARK);  // no mark below U+0300
  };
  auto single = [&](size_t k) {
    return k < n && eff(k) && (k == 0 || !word_char(k - 1)) && (k + 1 >= n || !word_char(k + 1));
  };
  // A run keeps one separator and needs three letters, so "such a g.o.o.k" joins "gook" and
  // not "agook", and "I'm a B" stays as it is.
  for (size_t k = 0; k < n;) {
    // Most places are not a lone letter before a separator: say so before calling single().
    if (k + 2 >= n || !IsJoinSeparator(cp[k + 1]) || !single(k)) {
      ++k;
      continue;
    }
    const UChar32 sep = cp[k + 1];
    size_t j = k;
    while (j + 2 < n && cp[j + 1] == sep && single(j + 2)) j += 2;
    if ((j - k) / 2 + 1 < 3) {
      ++k;
      continue;
    }
    for (size_t d = k + 1; d < j; d += 2) flag[d] |= kDrop;
    k = j + 1;
  }

  const size_t units = base.text.size();
  FoldWriter out(v, units);
  for (size_t k = 0; k < n; ++k) {
    if (flag[k] & kDrop) continue;
    const UChar32 c = (flag[k] & kMapped) ? LeetLetter(cp[k]) : cp[k];
    const uint32_t first = cp.first_unit(k),
                   next = k + 1 < n ? cp.first_unit(k + 1) : static_cast<uint32_t>(units);
    uint32_t e = base.end[first];
    for (uint32_t u = first + 1; u < next; ++u) e = std::max(e, base.end[u]);
    out.Write(c, base.start[first], e);
  }
  out.Finish();
}

}  // namespace

// What the one pass asks of an ASCII character, in one load.
enum : uint8_t { kLetterChar = 1, kLeetChar = 2, kDigitChar = 4, kJoinChar = 8 };
constexpr std::array<uint8_t, 128> kAsciiClass = [] {
  std::array<uint8_t, 128> t{};
  for (int c = 0; c < 128; ++c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) t[c] |= kLetterChar;
    if (c >= '0' && c <= '9') t[c] |= kDigitChar;
  }
  for (char c : std::string_view("013457@$!")) t[c] |= kLeetChar;  // LeetLetter's characters
  for (char c : std::string_view(".-_* ")) t[c] |= kJoinChar;      // IsJoinSeparator's
  return t;
}();

// The one pass: every character takes its fold, and a run of letters and leetspeak characters that
// holds leetspeak next to a letter is decided as FoldView decides it. Leetspeak spreads only
// through such runs. A joined run needs a lone letter, a separator and a lone letter: the one pass
// gives up on those, with a test wider than FoldView's, so a text it folds is one FoldView would
// fold the same way (the tests hold it to that). A mark can only keep FoldView from joining letters
// (it counts as part of a word), so it needs no test here; letters outside the BMP are left to
// FoldView, as this pass reads units and would not see them as letters. Most posts are such texts,
// and this was the folded view's five passes in one.
#define POSTCHECK_FOLD_INLINE __attribute__((always_inline))
bool FoldPlainText(const TextView& base, TextView& v) {
  const std::u16string& t = base.text;
  const size_t n = t.size();
  // Units, not code points: a surrogate is no letter, as no character allowed past it below is.
  // Inlined by force: as calls, these and the writes were a third of this function's time in wasm.
  const auto letter = [&](size_t k) POSTCHECK_FOLD_INLINE { return k < n && IsLetterCp(t[k]); };
  const auto word = [&](size_t k) POSTCHECK_FOLD_INLINE {
    return letter(k) || (k < n && t[k] >= '0' && t[k] <= '9');
  };
  const auto lone = [&](size_t k) POSTCHECK_FOLD_INLINE {
    return letter(k) && (k == 0 || !word(k - 1)) && !word(k + 1);
  };
  // Letters and leetspeak characters: leetspeak spreads only through these.
  const auto in_run = [&](size_t k) POSTCHECK_FOLD_INLINE {
    return k < n && (LeetLetter(t[k]) || (!U16_IS_SURROGATE(t[k]) && IsLetterCp(t[k])));
  };
  FoldWriter out(v, n);
  for (size_t k = 0; k < n; ++k) {
    const char16_t c = t[k];
    if (c >= 0x80) {
      UChar32 cp = c;
      uint32_t end = base.end[k];
      if (U16_IS_SURROGATE(c)) {
        if (!U16_IS_LEAD(c) || k + 1 == n || !U16_IS_TRAIL(t[k + 1])) return false;
        cp = U16_GET_SUPPLEMENTARY(c, t[k + 1]);
        if (u_isUAlphabetic(cp)) return false;
        // The character's units map to all it covers, as in FoldView.
        end = std::max(end, base.end[k + 1]);
      }
      out.Write(cp, base.start[k], end);
      k += U16_LENGTH(cp) - 1;
      continue;
    }
    const uint8_t cls = kAsciiClass[c];
    if ((cls & kLeetChar) && (letter(k + 1) || ((cls & kDigitChar) && k > 0 && letter(k - 1)))) {
      // Leetspeak next to a letter: the run it belongs to is folded again from its start, with
      // FoldView's two passes over the run alone (nothing outside a run is a letter or can be
      // read as one, so nothing outside it changes what they decide).
      size_t e = k + 1, s = k;
      while (in_run(e)) ++e;
      // The run's start, and where its folds began in the output: the loop wrote each of its
      // characters' plain fold, so their sizes lead back there.
      size_t run_out = out.written();
      while (s > 0 && in_run(s - 1)) run_out -= out.FoldSize(t[--s]);
      std::array<uint8_t, 64> flag;
      if (e - s > flag.size()) return false;
      enum : uint8_t { kLetter = 1, kMapped = 2 };
      const auto eff = [&](size_t i) {
        return i >= s && i < e && (flag[i - s] & (kLetter | kMapped)) != 0;
      };
      for (size_t i = s; i < e; ++i) flag[i - s] = IsLetterCp(t[i]) ? kLetter : 0;
      for (size_t i = s + 1; i < e; ++i)
        if (t[i] >= '0' && t[i] <= '9' && LeetLetter(t[i]) && eff(i - 1)) flag[i - s] |= kMapped;
      for (size_t i = e; i-- > s;) {
        if ((flag[i - s] & kMapped) || !LeetLetter(t[i]) || !eff(i + 1)) continue;
        if (t[i] == '@' && !eff(i - 1)) continue;
        flag[i - s] |= kMapped;
      }
      out.Rewind(run_out);
      for (size_t i = s; i < e; ++i)
        out.Write((flag[i - s] & kMapped) ? LeetLetter(t[i]) : t[i], base.start[i], base.end[i]);
      k = e - 1;
      continue;
    }
    if ((cls & kJoinChar) && k > 0 && lone(k - 1) && lone(k + 1)) return false;
    out.Write(c, base.start[k], base.end[k]);
  }
  out.Finish();
  return true;
}
#undef POSTCHECK_FOLD_INLINE

TextView MakeFoldedView(const TextView& base) {
  TextView v;
  MakeFoldedView(base, v);
  return v;
}

void MakeFoldedView(const TextView& base, TextView& v) {
  if (!EnsureIcu()) {
    v = base;
    return;
  }
  if (FoldPlainText(base, v)) return;
  MakeFoldedViewGeneral(base, v);
}

void MakeFoldedViewGeneral(const TextView& base, TextView& v) {
  if (!EnsureIcu()) {
    v = base;
    return;
  }
  const std::u16string& t = base.text;
  if (std::none_of(t.begin(), t.end(), [](char16_t c) { return U16_IS_SURROGATE(c); })) {
    FoldView(base, UnitCodePoints{t}, v);
    return;
  }
  DecodedCodePoints cp;
  cp.cp.reserve(t.size());
  cp.at.reserve(t.size());
  for (uint32_t i = 0; i < t.size();) {
    cp.at.push_back(i);
    uint32_t len = 1;
    cp.cp.push_back(t[i] < 0x80 ? t[i] : ReadCp(t, i, &len));
    i += len;
  }
  FoldView(base, cp, v);
}

std::u16string FoldTerm(std::u16string_view term) {
  return MakeFoldedView(MakeBaseView(term)).text;
}

void FoldAsciiBase(std::u16string& base) {
  // Letters that are their own skeleton stay as they are, and with no digit or symbol there is
  // no leetspeak; a one-letter word could start a joined run ("p a t"), so it takes the full fold.
  const std::array<AsciiFold, 128>& ascii = AsciiFolds();
  size_t word = 0;
  bool plain = true;
  for (char16_t c : base) {
    if (c == u' ') {
      if (word == 1) { plain = false; break; }
      word = 0;
    } else if (c >= u'a' && c <= u'z' && ascii[c].size == 1 && ascii[c].unit[0] == c) {
      ++word;
    } else {
      plain = false;
      break;
    }
  }
  if (plain && word != 1) return;
  base = MakeFoldedView(IdentityView(base)).text;
}

}  // namespace postcheck
