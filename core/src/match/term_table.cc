// TermTable: terms are normalized and put in the trie once per ruleset and fold, not once per checker (per Trust, site and setting).
#include "match/term_table.h"

#include <algorithm>
#include <array>
#include <cstring>

#include "load_path.h"
#include "text/text_view.h"
#include "text/utf.h"

namespace postcheck {
namespace {

// Letters, digits, spaces and the punctuation terms use: NFKC_Casefold only lowercases these and
// nothing in this set is removed by the base view, so the fast path below is exact.
bool IsPlainAscii(std::string_view s) {
  // A table, not a search of the punctuation per character: every term of a ruleset is asked.
  static const std::array<bool, 128> plain = [] {
    std::array<bool, 128> t{};
    for (int c = 0; c < 128; ++c)
      t[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
             (c != 0 && std::strchr(" &'-.@#/+:,!?()", c) != nullptr);
    return t;
  }();
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 128 && plain[c]; });
}

void AsciiBase(std::string_view s, std::u16string& out) {
  out.resize(s.size());
  size_t n = 0;
  for (char c : s) {
    if (c == ' ' && n > 0 && out[n - 1] == u' ') continue;
    out[n++] = static_cast<char16_t>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  out.resize(n);
}

}  // namespace

std::string_view StripTermKind(std::string_view term, TermKind* kind) {
  *kind = TermKind::kExact;
  if (!term.empty() && term.back() == '*')
    *kind = TermKind::kPrefix;
  else if (!term.empty() && term.back() == '~')
    *kind = TermKind::kInflect;
  if (*kind != TermKind::kExact) term.remove_suffix(1);
  return term;
}

POSTCHECK_LOAD_PATH bool NormalizeTerm(bool folded, std::string_view term, std::u16string& out,
                                       std::string* error) {
  if (IsPlainAscii(term)) {
    // AsciiBase is identical to MakeBaseView for this alphabet, without ICU's normalizer.
    AsciiBase(term, out);
    if (folded) FoldAsciiBase(out);
  } else {
    TextView base = MakeBaseView(Utf8ToUtf16(term));
    out = folded ? MakeFoldedView(base).text : base.text;
  }
  // Edge spaces would never match at a word boundary the way the writer meant.
  size_t first = 0, last = out.size();
  while (first < last && out[first] == u' ') ++first;
  while (last > first && out[last - 1] == u' ') --last;
  if (first == last) {
    *error = "term '" + std::string(term) + "' is empty once normalized";
    return false;
  }
  // A scan walks the trie from each word start at most this far, so a check stays linear in the
  // text whatever a ruleset holds.
  if (last - first > kMaxTermUnits) {
    *error = "term '" + std::string(term.substr(0, 40)) + "...' is longer than " +
             std::to_string(kMaxTermUnits) + " characters once normalized";
    return false;
  }
  if (last < out.size()) out.resize(last);
  if (first > 0) out.erase(0, first);
  return true;
}

POSTCHECK_LOAD_PATH TermPlan PlanTerms(bool folded, const TermLists& lists) {
  // Each distinct term normalized once; then each distinct pattern once, sorted, ids following
  // that order.
  // Stripped term -> its place in `normalized`.
  std::unordered_map<std::string_view, uint32_t> distinct;
  std::vector<std::u16string> normalized;
  std::vector<bool> usable;
  std::vector<uint32_t> place;  // each term of the lists -> its distinct term
  std::u16string scratch;
  std::string error;
  for (const std::vector<std::string>* list : lists) {
    for (const std::string& t : *list) {
      TermKind kind;
      const std::string_view key = StripTermKind(t, &kind);
      const auto [it, added] = distinct.emplace(key, static_cast<uint32_t>(normalized.size()));
      place.push_back(it->second);
      if (!added) continue;
      usable.push_back(NormalizeTerm(folded, key, scratch, &error));
      normalized.push_back(usable.back() ? scratch : std::u16string());
    }
  }
  std::vector<uint32_t> order;
  for (uint32_t i = 0; i < normalized.size(); ++i)
    if (usable[i]) order.push_back(i);
  std::sort(order.begin(), order.end(),
            [&](uint32_t a, uint32_t b) { return normalized[a] < normalized[b]; });
  std::vector<uint32_t> pattern_of(normalized.size(), TermPlan::kNoPattern);
  TermPlan plan;
  for (uint32_t i : order) {
    if (plan.patterns.empty() || plan.patterns.back() != normalized[i])
      plan.patterns.push_back(std::move(normalized[i]));
    pattern_of[i] = static_cast<uint32_t>(plan.patterns.size() - 1);
  }
  plan.ids.reserve(place.size());
  for (uint32_t d : place) plan.ids.push_back(pattern_of[d]);
  return plan;
}

POSTCHECK_LOAD_PATH std::shared_ptr<const TermTable> TermTable::Build(bool folded,
                                                                      const TermLists& lists) {
  TermPlan plan = PlanTerms(folded, lists);
  TermTrie trie = TermTrie::FromSorted(plan.patterns);
  // Assembling a plan just made cannot fail: its ids and counts agree by construction.
  return std::move(Assemble(folded, lists, std::move(trie), plan.ids)).value();
}

POSTCHECK_LOAD_PATH Result<std::shared_ptr<const TermTable>> TermTable::Assemble(
    bool folded, const TermLists& lists, TermTrie trie, const std::vector<uint32_t>& ids) {
  std::shared_ptr<TermTable> table(new TermTable(folded, std::move(trie)));
  size_t terms = 0;
  table->list_begin_.reserve(lists.size());
  for (const std::vector<std::string>* list : lists) {
    table->list_begin_.emplace(list, static_cast<uint32_t>(terms));
    terms += list->size();
  }
  if (ids.size() != terms)
    return Status::Error(StatusCode::kSyntaxError, std::to_string(ids.size()) + " term ids for " +
                                                       std::to_string(terms) + " terms");
  for (uint32_t id : ids)
    if (id != TermPlan::kNoPattern && id >= table->pattern_count())
      return Status::Error(StatusCode::kSyntaxError, "a term id past the last pattern");
  table->ids_ = ids;
  return std::shared_ptr<const TermTable>(std::move(table));
}

const uint32_t* TermTable::Ids(const std::vector<std::string>& list) const {
  const auto it = list_begin_.find(&list);
  return it == list_begin_.end() ? nullptr : ids_.data() + it->second;
}

std::string TermTable::Why(std::string_view term) const {
  // Worked out again: it is needed only for a ruleset that will not load.
  TermKind kind;
  std::u16string scratch;
  std::string error;
  if (NormalizeTerm(folded_, StripTermKind(term, &kind), scratch, &error))
    error = "term '" + std::string(term) + "' has no pattern";
  return error;
}

}  // namespace postcheck
