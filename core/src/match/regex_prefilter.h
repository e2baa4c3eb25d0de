// RegexPrefilter: a few characters, pairs or triples one of which every match of a pattern contains, so a text without any of them skips the pattern (as RE2::Set and Hyperscan prefilter on literals).
#pragma once

#include <algorithm>
#include <array>
#include <bitset>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "text/ascii.h"

namespace postcheck {

class RegexPrefilter;
class TextSketch;

// ASCII letters, digits and _: what ICU's \w and \b take as word characters
// (RegexPrefilter::InsideWord): the terms' word rule and the underscore.
inline constexpr std::array<bool, 128> kRegexWordUnit = [] {
  std::array<bool, 128> t = kAsciiLetterOrDigit;
  t['_'] = true;
  return t;
}();

// The pairs, and the pairs that begin triples, that a checker's filters ask a sketch about
// (MayMatch). A sketch made for them records those alone: most places then cost one lookup,
// not a hash and two writes, and a check clears only the words it set.
class SketchNeeds {
 public:
  void Add(const RegexPrefilter& filter);

 private:
  friend class TextSketch;
  std::array<uint64_t, 65536 / 64> pairs_{};
  std::array<uint64_t, 65536 / 64> triple_heads_{};
};

// Which characters, adjacent pairs and runs of three a text contains, hashed into bitmaps: a
// collision can only make a pattern run when it need not, never skip one that could match.
class TextSketch {
 public:
  TextSketch() = default;
  explicit TextSketch(std::u16string_view text);  // every pair and triple
  // The characters of `text` and only the pairs and triples `needs` asks about (the others
  // read as absent), forgetting the text before.
  void Reset(std::u16string_view text, const SketchNeeds& needs);

  // An atom as one number: its table (0 characters, 1 pairs, 2 triples) and its slot there.
  static uint32_t CharAtom(char16_t c) { return static_cast<uint32_t>(CharSlot(c)); }
  static uint32_t PairAtom(char16_t a, char16_t b) {
    return 1u << 16 | static_cast<uint32_t>(PairSlot(a, b));
  }
  static uint32_t TripleAtom(char16_t a, char16_t b, char16_t c) {
    return 2u << 16 | static_cast<uint32_t>(TripleSlot(a, b, c));
  }
  // Whether any of the atoms in one 64-slot word is there: `word` is an atom's number without its
  // last six bits, `mask` the atoms' bits in that word.
  bool HasAnyIn(uint32_t word, uint64_t mask) const {
    const size_t w = word & 0x3FFu;
    switch (word >> 10) {
      case 0:
        return (chars_[w & 63] & mask) != 0;
      case 1:
        return (pairs_[w] & mask) != 0;
      default:
        return (triples_[w] & mask) != 0;
    }
  }

  static size_t CharSlot(char16_t c) { return c & 4095u; }
  static size_t PairSlot(char16_t a, char16_t b) {
    if ((a | b) < 128) return (static_cast<size_t>(a) << 7) | b;  // exact for ASCII pairs
    uint32_t h = (static_cast<uint32_t>(a) * 0x9E3779B1u) ^ (static_cast<uint32_t>(b) * 0x85EBCA77u);
    return 16384 + (h >> 8) % (65536 - 16384);
  }
  // An ASCII triple (nearly all are) is its 21 bits hashed with one multiply, not three.
  static size_t TripleSlot(char16_t a, char16_t b, char16_t c) {
    if ((a | b | c) < 128) {
      const uint32_t h = (static_cast<uint32_t>(a) << 14) | (static_cast<uint32_t>(b) << 7) | c;
      return (h * 0x9E3779B1u) >> 16;
    }
    uint32_t h = (static_cast<uint32_t>(a) * 0x9E3779B1u) ^ (static_cast<uint32_t>(b) * 0x85EBCA77u) ^
                 (static_cast<uint32_t>(c) * 0xC2B2AE3Du);
    return (h ^ (h >> 15)) & 65535u;
  }

 private:
  // Plain words rather than std::bitset, whose set() checks its bound at every character.
  template <size_t N>
  static bool Test(const std::array<uint64_t, N>& bits, size_t slot) {
    return (bits[slot >> 6] >> (slot & 63)) & 1;
  }
  template <size_t N>
  static void Set(std::array<uint64_t, N>& bits, size_t slot) {
    bits[slot >> 6] |= uint64_t{1} << (slot & 63);
  }
  // Sets a bit of pairs_ (table 0) or triples_ (1), noting a word that was empty.
  void SetNoted(int table, size_t slot) {
    uint64_t& word = (table == 0 ? pairs_ : triples_)[slot >> 6];
    if (word == 0) noted_.push_back(static_cast<uint32_t>(table << 16 | slot >> 6));
    word |= uint64_t{1} << (slot & 63);
  }
  std::array<uint64_t, 4096 / 64> chars_{};
  std::array<uint64_t, 65536 / 64> pairs_{};
  std::array<uint64_t, 65536 / 64> triples_{};
  std::vector<uint32_t> noted_;  // the words Reset() set, to clear at the next
};

// Characters a match can begin with: ASCII exactly, the others listed (sorted), or by class:
// \d and \s name few characters outside ASCII, \w and the rest any.
struct StartChars {
  enum OtherClass : uint8_t { kDigits = 1, kSpaces = 2, kAnyOther = 4 };
  std::bitset<128> ascii;
  std::vector<char16_t> other;
  uint8_t other_classes = 0;
  bool Has(char16_t c) const;
  bool has_other() const { return other_classes != 0 || !other.empty(); }
};

class RegexPrefilter {
 public:
  // Analyses an ICU pattern (UTF-8) for texts in the base view (NFKC_Casefold, text_view.h).
  // Anything the analysis does not understand makes the filter let every text through, so the
  // result is always safe.
  static RegexPrefilter For(std::string_view pattern);
  bool always() const { return always_; }
  bool MayMatch(const TextSketch& text) const;
  // Windows() and Starts() define, for this pattern alone, what PrefilterPass finds for all of a
  // checker's patterns in one walk (its test holds it to them).
  // When every match is bounded in length, the stretches of `text` that can hold one (merged,
  // in order) and true; false when the whole text must be scanned.
  bool Windows(std::u16string_view text, std::vector<std::pair<uint32_t, uint32_t>>& out) const;
  // When every match is non-empty and begins with a character the analysis can name, the
  // places in `text` where one can begin, in order, and true; false when there are more than
  // `most`, or the pattern's start is unknown.
  bool Starts(std::u16string_view text, size_t most, std::vector<uint32_t>& out) const;
  size_t max_length() const { return max_length_; }  // 0: unbounded
  // Which of Windows() and Starts() applies (Windows() when both do), for PrefilterPass.
  bool windowed() const { return !always_ && max_length_ != 0; }
  bool anchored() const { return !always_ && !branch_starts_.empty(); }
  // The per-place tests behind Windows() and Starts(), shared with PrefilterPass: whether
  // text[i] opens a window (then AddWindow() records it), and whether a match can begin there.
  // Only places whose character the tables below accept need asking.
  bool WindowAt(std::u16string_view text, size_t i) const;
  void AddWindow(size_t i, size_t n, std::vector<std::pair<uint32_t, uint32_t>>& out) const {
    const uint32_t lo = static_cast<uint32_t>(i > max_length_ ? i - max_length_ : 0);
    const uint32_t hi = static_cast<uint32_t>(std::min(n, i + 2 + max_length_));
    if (!out.empty() && lo <= out.back().second) out.back().second = std::max(out.back().second, hi);
    else out.push_back({lo, hi});
  }
  bool StartAt(std::u16string_view text, size_t i) const;
  // Whether text[i] and the unit before it are both ASCII letters, digits or _ (\w to ICU, and
  // none of them a mark its \b skips over): no \b between them, so no match that begins with \b
  // begins at i. StartAt() and PrefilterPass ask it alike.
  static bool InsideWord(std::u16string_view text, size_t i) {
    return i > 0 && text[i] < 128 && text[i - 1] < 128 && kRegexWordUnit[text[i]] &&
           kRegexWordUnit[text[i - 1]];
  }
  // Non-zero for an ASCII character WindowAt() / StartAt() may accept; every other character
  // may open a window, and may begin a match when lead_other().
  const std::array<uint8_t, 128>& window_kind() const { return window_kind_; }
  const std::array<uint8_t, 128>& lead_firsts() const { return lead_firsts_; }
  bool lead_other() const { return lead_firsts_other_; }
  // For tests and lint: how many characters/pairs the filter looks for (0 when always()).
  size_t size() const;

  // Any atom (character, adjacent pair or run of three) of a clause; a branch needs every one
  // of its clauses, the pattern any one of its branches.
  struct Triple {
    char16_t a, b, c;
  };
  struct Clause {
    std::vector<char16_t> chars;
    std::vector<std::pair<char16_t, char16_t>> pairs;
    std::vector<Triple> triples;
  };
  struct Branch {
    std::vector<Clause> clauses;  // cheapest (rarest) first
  };
  // What every match begins with (Starts()): per top-level branch, its first character and,
  // when known, the one after it.
  struct BranchStart {
    StartChars first;
    bool has_second = false;
    StartChars second;
    // \b just before the first character: never between two word characters.
    bool word_start = false;
  };
  // What the analysis found, without the tables derived from it: a packed ruleset stores this,
  // so a start-up need not read its patterns again.
  const std::vector<Branch>& branches() const { return branches_; }
  const std::vector<BranchStart>& branch_starts() const { return branch_starts_; }
  // A filter from those parts (no branches, or a branch or clause that needs nothing: one that
  // lets every text through). `starts` empty: where a match begins is not known.
  static RegexPrefilter Make(size_t max_length, std::vector<Branch> branches,
                             std::vector<BranchStart> starts);

 private:
  bool always_ = true;
  size_t max_length_ = 0;
  std::vector<Branch> branches_;
  // Every branch's first-clause atoms, for Windows(): ASCII characters by table (1: an atom,
  // 2: begins a pair or triple), the other characters, pairs and triples sorted.
  std::array<uint8_t, 128> window_kind_{};
  std::vector<char16_t> window_chars_;
  std::vector<std::pair<char16_t, char16_t>> window_pairs_;
  std::vector<std::array<char16_t, 3>> window_triples_;
  // The ASCII pairs that begin a window pair or triple, as bits: most places that pass the
  // table end here without a search.
  std::bitset<128 * 128> window_heads_;
  // MayMatch()'s questions with their sketch slots worked out, in one array: per branch its
  // length, then per clause its count of sketch words and, per word, the word
  // (TextSketch::HasAnyIn) and the mask of its atoms. A check asks them of every pattern: hashing
  // each atom again, then testing atoms one by one, was most of a short post's fixed cost.
  std::vector<uint64_t> may_match_plan_;
  std::vector<BranchStart> branch_starts_;  // empty: unknown
  std::array<uint8_t, 128> lead_firsts_{};  // ASCII first characters of all branches (bytes: one load each)
  bool lead_firsts_other_ = false;        // and whether any branch can begin with another
};

}  // namespace postcheck
