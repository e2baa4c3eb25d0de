// TermIndex: a checker's targets per shared pattern, and the word-boundary, stem and inflection tests on every hit.
#include "match/term_index.h"

#include <unicode/uchar.h>
#include <unicode/utf16.h>

#include <algorithm>
#include <array>
#include <cstring>

#include "load_path.h"
#include "text/utf.h"

namespace postcheck {

bool IsNonAsciiWordCodePoint(char32_t c) {
  int8_t t = u_charType(c);
  return u_isalnum(c) || t == U_NON_SPACING_MARK || t == U_COMBINING_SPACING_MARK ||
         t == U_ENCLOSING_MARK;
}

namespace {

char32_t CodePointBefore(std::u16string_view s, size_t i) {
  char32_t c = s[i - 1];
  if (U16_IS_TRAIL(c) && i >= 2 && U16_IS_LEAD(s[i - 2])) c = U16_GET_SUPPLEMENTARY(s[i - 2], c);
  return c;
}

char32_t CodePointAt(std::u16string_view s, size_t i) {
  char32_t c = s[i];
  if (U16_IS_LEAD(c) && i + 1 < s.size() && U16_IS_TRAIL(s[i + 1]))
    c = U16_GET_SUPPLEMENTARY(c, s[i + 1]);
  return c;
}

size_t WordEnd(std::u16string_view s, size_t i) {
  while (i < s.size()) {
    char32_t c = CodePointAt(s, i);
    if (!IsWordCodePoint(c)) break;
    i += U16_LENGTH(c);
  }
  return i;
}

bool InflectionOk(std::u16string_view suffix) {
  static const char16_t* kEndings[] = {u"", u"s", u"es", u"ed", u"d", u"ing", u"er", u"ers", u"r", u"rs"};
  return std::any_of(std::begin(kEndings), std::end(kEndings),
                     [&](const char16_t* e) { return suffix == e; });
}

}  // namespace

POSTCHECK_LOAD_PATH bool TermIndex::Add(uint32_t leaf, const std::vector<std::string>& terms,
                                        size_t* bad, std::string* error) {
  if (terms.empty()) return true;
  const uint32_t* ids = table_->Ids(terms);
  if (!ids) {
    *bad = 0;
    *error = "a term list missing from the ruleset's term table";
    return false;
  }
  for (size_t i = 0; i < terms.size(); ++i) {
    if (ids[i] == TermPlan::kNoPattern) {
      *bad = i;
      *error = table_->Why(terms[i]);
      return false;
    }
    TermKind kind;
    StripTermKind(terms[i], &kind);
    pending_.push_back({ids[i], Target{leaf, kind}});
  }
  return true;
}

POSTCHECK_LOAD_PATH void TermIndex::Build() {
  // Each pattern's targets in one flat array (a list per pattern was a small allocation for
  // each of some 24,000 terms), placed by counting: pattern ids are dense. Each (leaf, kind)
  // once per pattern, in the order added.
  const size_t patterns = table_->pattern_count();
  std::vector<uint32_t> at(patterns + 1, 0);
  for (const auto& [id, target] : pending_) ++at[id + 1];
  for (size_t id = 0; id < patterns; ++id) at[id + 1] += at[id];
  std::vector<Target> placed(pending_.size());
  std::vector<uint32_t> next(at.begin(), at.end() - 1);
  for (const auto& [id, target] : pending_) placed[next[id]++] = target;
  target_begin_.assign(patterns + 1, 0);
  targets_.clear();
  targets_.reserve(placed.size());
  for (size_t id = 0; id < patterns; ++id) {
    target_begin_[id] = static_cast<uint32_t>(targets_.size());
    for (uint32_t k = at[id]; k < at[id + 1]; ++k) {
      const Target& t = placed[k];
      if (std::none_of(targets_.begin() + target_begin_[id], targets_.end(),
                       [&](const Target& x) { return x.leaf == t.leaf && x.kind == t.kind; }))
        targets_.push_back(t);
    }
  }
  target_begin_[patterns] = static_cast<uint32_t>(targets_.size());
  pending_.clear();
  pending_.shrink_to_fit();
}

void TermIndex::Scan(const TextView& view, std::u16string_view original, LeafHits& hits) const {
  if (targets_.empty()) return;
  std::u16string_view text = view.text;
  // A term begins at a word's first character or at one that is no part of a word.
  const auto may_begin = [&](size_t start) {
    if (start == 0) return true;
    const char16_t c = text[start], before = text[start - 1];
    if (c < 128 && before < 128) return !IsWordCodePoint(c) || !IsWordCodePoint(before);
    return !IsWordCodePoint(CodePointAt(text, start)) || !IsWordCodePoint(CodePointBefore(text, start));
  };
  // A word is in many term lists ("we", "my", "the ward"): the targets of one hit mostly end at the same place,
  // so its span in the original is mapped once, not once per list.
  uint32_t mapped_start = 0, mapped_end = 0;
  Span mapped;
  const auto on_hit = [&](uint32_t id, uint32_t start, uint32_t end) {
    // The trie is the ruleset's, so it also holds patterns only other Trusts' rules use.
    const uint32_t first = target_begin_[id], last = target_begin_[id + 1];
    if (first == last) return;
    bool right_word = IsWordCodePoint(CodePointBefore(text, end));
    for (uint32_t k = first; k < last; ++k) {
      const Target& t = targets_[k];
      size_t e = end;
      if (t.kind == TermKind::kExact) {
        if (right_word && e < text.size() && IsWordCodePoint(CodePointAt(text, e))) continue;
      } else {
        size_t we = WordEnd(text, e);
        if (t.kind == TermKind::kInflect) {
          if (!InflectionOk(text.substr(e, we - e))) continue;
          // Possessives: "patient's", "patients'" (the apostrophe is not a word character).
          if (we < text.size() && (text[we] == u'\'' || text[we] == u'\u2019')) {
            if (we + 1 < text.size() && text[we + 1] == u's' && WordEnd(text, we + 1) == we + 2)
              we += 2;
          }
        }
        e = we;
      }
      if (start != mapped_start || e != mapped_end) {  // never both on the first hit: e > start >= 0
        mapped_start = start;
        mapped_end = static_cast<uint32_t>(e);
        mapped = view.ToOriginal(Span{start, mapped_end}, original);
      }
      hits.Add(t.leaf, mapped);
    }
  };
  const TermTrie& trie = table_->trie();
  bool ascii_word_before = false;  // text[i - 1] is an ASCII letter or digit
  for (size_t i = 0; i < text.size(); ++i) {
    const char16_t c = text[i];
    // Inside a word of ASCII letters and digits (most places) no term begins: one load tells.
    const bool ascii_word = c < 128 && kAsciiLetterOrDigit[c];
    if (ascii_word && ascii_word_before) continue;
    ascii_word_before = ascii_word;
    const uint32_t node = trie.First(c);
    if (node != TermTrie::kNone && may_begin(i)) trie.Walk(text, i, node, on_hit);
  }
}

}  // namespace postcheck
