// TermIndex: one checker's term lists (words, phrases, "stem*", "word~") for one fold, over the ruleset's shared TermTable; turns hits into word-bounded spans.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "match/leaf_hits.h"
#include "match/term_table.h"
#include "text/ascii.h"
#include "text/span.h"
#include "text/text_view.h"

namespace postcheck {

class TermIndex {
 public:
  // `table` holds every term this index will be given, normalized for the view passed to Scan
  // (MakeFoldedView for a folded table).
  explicit TermIndex(std::shared_ptr<const TermTable> table) : table_(std::move(table)) {}
  // Adds a list of terms (UTF-8, as written in a rule) the table was built with, for `leaf`.
  // False with the first bad term's place and the reason (empty or too long once normalized).
  bool Add(uint32_t leaf, const std::vector<std::string>& terms, size_t* bad, std::string* error);
  void Build();
  bool empty() const { return targets_.empty() && pending_.empty(); }

  // For every hit, adds the original-text span to its leaf; hits must have room for every leaf.
  void Scan(const TextView& view, std::u16string_view original, LeafHits& hits) const;

 private:
  struct Target {
    uint32_t leaf;
    TermKind kind;
  };
  std::shared_ptr<const TermTable> table_;
  // (pattern id, target) as added, until Build().
  std::vector<std::pair<uint32_t, Target>> pending_;
  std::vector<Target> targets_;                      // grouped by pattern id
  std::vector<uint32_t> target_begin_;               // pattern id -> its first target; one more ends the last
};

bool IsNonAsciiWordCodePoint(char32_t c);

// True for code points that make up words (letters, digits, combining marks), the boundary rule
// of every term and detector. The ASCII answer is inline: every term hit asks up to four times.
inline bool IsWordCodePoint(char32_t c) {
  if (c < 128) return kAsciiLetterOrDigit[c];
  return IsNonAsciiWordCodePoint(c);
}

}  // namespace postcheck
