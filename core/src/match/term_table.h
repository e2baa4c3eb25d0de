// TermTable: every term one fold of a ruleset uses, normalized once into one trie of distinct patterns that all its checkers share.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "match/term_trie.h"
#include "postcheck/status.h"

namespace postcheck {

enum class TermKind : uint8_t { kExact, kPrefix, kInflect };

// The longest term, in UTF-16 units once normalized (and folded, for the folded table).
inline constexpr size_t kMaxTermUnits = 200;

// A term as a rule writes it, without its "*" (a prefix) or "~" (inflections).
std::string_view StripTermKind(std::string_view term, TermKind* kind);

// The pattern a term (stripped) stands for: normalized exactly as texts are, so "Patient",
// "ＰＡＴＩＥＮＴ" and "patient" are one pattern, and folded too for the folded view. False with
// the reason if it is empty or too long once normalized.
bool NormalizeTerm(bool folded, std::string_view term, std::u16string& out, std::string* error);

// The term lists a table is made from, each once, in a fixed order.
using TermLists = std::vector<const std::vector<std::string>*>;

// What a table is made of: the distinct patterns in increasing order (a pattern's id is its
// place), and the pattern id of every term of the lists, in order (kNoPattern for a term that
// normalizes to nothing usable). A packed ruleset stores exactly this.
struct TermPlan {
  static constexpr uint32_t kNoPattern = 0xFFFFFFFFu;
  std::vector<std::u16string> patterns;
  std::vector<uint32_t> ids;
};
TermPlan PlanTerms(bool folded, const TermLists& lists);

class TermTable {
 public:
  // Each distinct term of `lists` (as rules write them, with "*" or "~") normalized once. The
  // table knows the lists by address, so they must outlive it (a ruleset's own lists do).
  static std::shared_ptr<const TermTable> Build(bool folded, const TermLists& lists);
  // From a plan's parts as a packed ruleset holds them: the trie of its patterns and its ids.
  // An id past the trie's patterns, or a count of ids that is not the count of terms, is an
  // error (a forged or damaged block).
  static Result<std::shared_ptr<const TermTable>> Assemble(bool folded, const TermLists& lists,
                                                           TermTrie trie,
                                                           const std::vector<uint32_t>& ids);

  // The pattern of each term of a list the table was built with (kNoPattern for one that has
  // none: Why() says why), or null for any other list.
  const uint32_t* Ids(const std::vector<std::string>& list) const;
  // Why a term has no pattern.
  std::string Why(std::string_view term) const;
  const TermTrie& trie() const { return trie_; }
  size_t pattern_count() const { return trie_.pattern_count(); }

 private:
  TermTable(bool folded, TermTrie trie) : folded_(folded), trie_(std::move(trie)) {}
  bool folded_;
  TermTrie trie_;
  std::vector<uint32_t> ids_;  // every list's terms, in order
  // List -> its first term in ids_.
  std::unordered_map<const std::vector<std::string>*, uint32_t> list_begin_;
};

}  // namespace postcheck
