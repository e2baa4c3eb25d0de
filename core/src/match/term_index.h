// TermIndex: compiles term lists (words, phrases, "stem*", "word~") for one fold into a trie and turns hits into word-bounded spans.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "match/leaf_hits.h"
#include "match/term_trie.h"
#include "text/span.h"
#include "text/text_view.h"

namespace postcheck {

enum class TermKind : uint8_t { kExact, kPrefix, kInflect };

// The longest term, in UTF-16 units once normalized (and folded, for the folded index).
inline constexpr size_t kMaxTermUnits = 200;

class TermIndex {
 public:
  // `folded` says whether the view passed to Scan is MakeFoldedView (terms are folded the same way).
  explicit TermIndex(bool folded) : folded_(folded) {}
  // Adds `term` (UTF-8, as written in a rule) for `leaf`. False with a reason if it is empty
  // once normalized.
  bool Add(uint32_t leaf, std::string_view term, std::string* error);
  void Build();
  bool empty() const { return targets_.empty() && pending_.empty(); }

  // For every hit, adds the original-text span to its leaf; hits must have room for every leaf.
  void Scan(const TextView& view, std::u16string_view original, LeafHits& hits) const;

 private:
  struct Target {
    uint32_t leaf;
    TermKind kind;
  };
  bool folded_;
  TermTrie trie_;
  std::vector<std::pair<uint32_t, Target>> pending_;  // (pattern id, target) as added, until Build()
  std::u16string scratch_;                            // a term being normalized
  std::vector<Target> targets_;                      // grouped by pattern id
  std::vector<uint32_t> target_begin_;               // pattern id -> its first target; one more ends the last
};

bool IsNonAsciiWordCodePoint(char32_t c);

// True for code points that make up words (letters, digits, combining marks), the boundary rule
// of every term and detector. The ASCII answer is inline: every term hit asks up to four times.
inline bool IsWordCodePoint(char32_t c) {
  if (c < 128) return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
  return IsNonAsciiWordCodePoint(c);
}

}  // namespace postcheck
