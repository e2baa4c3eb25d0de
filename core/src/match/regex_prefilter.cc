// RegexPrefilter: a small recursive reading of ICU pattern syntax that finds required characters and pairs; it gives up (lets everything through) on any construct it does not model.
#include "match/regex_prefilter.h"

#include <algorithm>
#include <array>
#include <mutex>
#include <optional>

#include <unicode/uchar.h>
#include <unicode/uniset.h>
#include <unicode/unistr.h>

#include "load_path.h"

namespace postcheck {

TextSketch::TextSketch(std::u16string_view text) {
  const size_t n = text.size();
  if (n == 0) return;
  char16_t a = text[0];
  Set(chars_, CharSlot(a));
  if (n == 1) return;
  char16_t b = text[1];
  Set(chars_, CharSlot(b));
  Set(pairs_, PairSlot(a, b));
  for (size_t i = 2; i < n; ++i) {
    const char16_t c = text[i];
    Set(chars_, CharSlot(c));
    Set(pairs_, PairSlot(b, c));
    Set(triples_, TripleSlot(a, b, c));
    a = b;
    b = c;
  }
}

void SketchNeeds::Add(const RegexPrefilter& filter) {
  const auto set = [](std::array<uint64_t, 65536 / 64>& bits, size_t slot) {
    bits[slot >> 6] |= uint64_t{1} << (slot & 63);
  };
  for (const RegexPrefilter::Branch& b : filter.branches())
    for (const RegexPrefilter::Clause& c : b.clauses) {
      for (const auto& [x, y] : c.pairs) set(pairs_, TextSketch::PairSlot(x, y));
      for (const RegexPrefilter::Triple& t : c.triples)
        set(triple_heads_, TextSketch::PairSlot(t.a, t.b));
    }
}

void TextSketch::Reset(std::u16string_view text, const SketchNeeds& needs) {
  chars_.fill(0);
  for (uint32_t w : noted_) ((w >> 16) == 0 ? pairs_ : triples_)[w & 0xFFFF] = 0;
  noted_.clear();
  const size_t n = text.size();
  if (n == 0) return;
  char16_t a = 0, b = text[0];
  Set(chars_, CharSlot(b));
  size_t head = 0;  // PairSlot(a, b), once there is an a
  for (size_t i = 1; i < n; ++i) {
    const char16_t c = text[i];
    Set(chars_, CharSlot(c));
    if (i >= 2 && Test(needs.triple_heads_, head)) SetNoted(1, TripleSlot(a, b, c));
    head = PairSlot(b, c);
    if (Test(needs.pairs_, head)) SetNoted(0, head);
    a = b;
    b = c;
  }
}

bool RegexPrefilter::MayMatch(const TextSketch& text) const {
  if (always_) return true;
  const uint64_t* p = may_match_plan_.data();
  const uint64_t* const end = p + may_match_plan_.size();
  while (p < end) {
    const uint64_t* const next_branch = p + 1 + *p;
    ++p;
    bool all = true;
    while (all && p < next_branch) {
      const uint64_t words = *p++;
      bool found = false;
      for (uint64_t k = 0; k < words && !found; ++k)
        found = text.HasAnyIn(static_cast<uint32_t>(p[2 * k]), p[2 * k + 1]);
      p += 2 * words;
      all = found;
    }
    if (all) return true;
    p = next_branch;
  }
  return false;
}

size_t RegexPrefilter::size() const {
  size_t n = 0;
  for (const Branch& b : branches_)
    for (const Clause& c : b.clauses) n += c.chars.size() + c.pairs.size() + c.triples.size();
  return n;
}

bool RegexPrefilter::WindowAt(std::u16string_view text, size_t i) const {
  // A place costs one table lookup; only a possible pair or triple is looked up further.
  const size_t n = text.size();
  const char16_t c = text[i];
  uint8_t kind;
  if (c < 128) {
    kind = window_kind_[c];
    if (kind == 0) return false;
  } else {
    if (std::binary_search(window_chars_.begin(), window_chars_.end(), c)) return true;
    kind = 2;
  }
  if (kind & 1) return true;
  if (i + 1 < n) {
    const char16_t d = text[i + 1];
    if (c < 128 && d < 128 && !window_heads_[c << 7 | d]) return false;
    if (std::binary_search(window_pairs_.begin(), window_pairs_.end(), std::pair<char16_t, char16_t>{c, d})) return true;
    if (i + 2 < n) {
      const std::array<char16_t, 3> t3{c, d, text[i + 2]};
      if (std::binary_search(window_triples_.begin(), window_triples_.end(), t3)) return true;
    }
  }
  return false;
}

bool RegexPrefilter::Windows(std::u16string_view text, std::vector<std::pair<uint32_t, uint32_t>>& out) const {
  if (!windowed()) return false;
  // A match is at most max_length_ units long and holds an atom of its branch's first clause
  // at some p, so it lies inside [p - max, p + 2 + max).
  for (size_t i = 0; i < text.size(); ++i)
    if (WindowAt(text, i)) AddWindow(i, text.size(), out);
  return true;
}

bool StartChars::Has(char16_t c) const {
  if (c < 128) return ascii[c];
  if ((other_classes & kAnyOther) || std::binary_search(other.begin(), other.end(), c)) return true;
  if (!other_classes) return false;
  if (U16_IS_SURROGATE(c)) return true;  // half a character: its class is not known here
  const int8_t type = u_charType(c);
  // ICU's \d is \p{Nd}; its \s is [\t\n\f\r\p{Z}].
  return ((other_classes & kDigits) && type == U_DECIMAL_DIGIT_NUMBER) ||
         ((other_classes & kSpaces) && (type == U_SPACE_SEPARATOR || type == U_LINE_SEPARATOR || type == U_PARAGRAPH_SEPARATOR));
}

bool RegexPrefilter::StartAt(std::u16string_view text, size_t i) const {
  const char16_t c = text[i];
  const bool inside_word = InsideWord(text, i);
  return std::any_of(branch_starts_.begin(), branch_starts_.end(), [&](const BranchStart& l) {
    // A second character must be there and fit; a surrogate pair's first half is let through.
    return l.first.Has(c) && !(l.word_start && inside_word) &&
           (!l.has_second || (i + 1 < text.size() && (l.second.Has(text[i + 1]) || U16_IS_LEAD(c))));
  });
}

bool RegexPrefilter::Starts(std::u16string_view text, size_t most, std::vector<uint32_t>& out) const {
  if (!anchored()) return false;
  const char16_t* t = text.data();
  for (size_t i = 0; i < text.size(); ++i) {
    const char16_t c = t[i];
    if (c < 128 ? !lead_firsts_[c] : !lead_firsts_other_) continue;  // the usual answer, in one lookup
    if (!StartAt(text, i)) continue;
    if (out.size() == most) return false;
    out.push_back(static_cast<uint32_t>(i));
  }
  return true;
}

namespace {

constexpr size_t kMaxAtoms = 48;   // per set or per clause from one element or pair
constexpr size_t kMaxUnion = 192;  // per clause built from alternatives

using CharSet = std::vector<char16_t>;  // sorted, small

// One way to say what a match must contain: any one of these characters, pairs or triples.
struct Need {
  CharSet chars;
  std::vector<std::pair<char16_t, char16_t>> pairs;
  std::vector<std::array<char16_t, 3>> triples;
  size_t size() const { return chars.size() + pairs.size() + triples.size(); }
};

double Weight(char16_t c) {  // how likely an ordinary post contains c (patterns run on case-folded text)
  if ((c >= 'a' && c <= 'z') || c == ' ') return 1.0;
  if (c >= 'A' && c <= 'Z') return 0.02;
  if (c >= '0' && c <= '9') return 0.6;
  if (c == '.' || c == ',' || c == '\'' || c == '-') return 0.9;
  return c < 128 ? 0.1 : 0.05;
}

double Cost(const Need& n) {
  double cost = 0;
  for (char16_t c : n.chars) cost += Weight(c);
  for (const auto& [a, b] : n.pairs) cost += 0.25 * Weight(a) * Weight(b);
  for (const auto& t : n.triples) cost += 0.0625 * Weight(t[0]) * Weight(t[1]) * Weight(t[2]);
  return cost;
}

// What one element of a sequence contributes.
struct Elem {
  bool zero_width = false;  // \b, ^, lookarounds: transparent for adjacency
  bool word_boundary = false;  // \b
  bool optional = false;    // may match nothing
  bool once = false;        // one character, no quantifier: what precedes it is adjacent to what follows
  std::optional<CharSet> set;  // matches one character from this set (per repetition)
  std::optional<Need> need;    // what it requires, if known
  int64_t max_len = 0;         // longest match in UTF-16 units; kUnbounded if no limit
  std::optional<StartChars> first;  // what a match of it can begin with; nullopt: cannot say
  bool may_be_empty = false;   // a group with an alternative that matches nothing
};

// What a sequence or alternation can begin with: `first` nullopt when unknown, and whether it
// can match nothing at all (then the next element's first characters count too).
struct Lead {
  std::optional<StartChars> first = StartChars{};
  bool may_be_empty = true;
  // The character after the first, when the sequence starts with exactly one character and
  // what follows must match something ("nhs...": n then h); nullopt when it cannot say.
  std::optional<StartChars> second;
  // A \b comes before the first character, with nothing but zero-width elements between.
  bool word_start = false;
};

void Merge(StartChars& into, const StartChars& from) {
  into.ascii |= from.ascii;
  into.other.insert(into.other.end(), from.other.begin(), from.other.end());
  into.other_classes |= from.other_classes;
}

StartChars FirstOf(const CharSet& set) {
  StartChars f;
  for (char16_t c : set) {
    if (c < 128) f.ascii.set(c);
    else f.other.push_back(c);
  }
  return f;
}

// \d, \s, \w: their ASCII members, and their other members by class (too many to list).
StartChars FirstOfClass(char16_t kind) {
  StartChars f;
  f.other_classes = kind == u'd' ? StartChars::kDigits : kind == u's' ? StartChars::kSpaces : StartChars::kAnyOther;
  for (int c = 0; c < 128; ++c) {
    const bool digit = c >= '0' && c <= '9';
    const bool space = c == ' ' || (c >= '\t' && c <= '\r');
    const bool word = digit || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    if ((kind == u'd' && digit) || (kind == u's' && space) || (kind == u'w' && word)) f.ascii.set(c);
  }
  return f;
}

constexpr int64_t kUnbounded = -1;
int64_t AddLen(int64_t a, int64_t b) { return a == kUnbounded || b == kUnbounded ? kUnbounded : a + b; }

class Parser {
 public:
  explicit Parser(const icu::UnicodeString& p) : p_(p) {}

  // The whole pattern; nullopt = cannot say. `max_len` gets the longest possible match.
  // Every branch of the top-level alternation with all its clauses (a match of the branch
  // contains an atom of each clause), cheapest first.
  // `leads` gets what each branch's matches begin with, or nullopt when some branch's start is
  // unknown or can be empty.
  POSTCHECK_LOAD_PATH std::optional<std::vector<std::vector<Need>>> Run(int64_t* max_len, std::optional<std::vector<Lead>>* leads) {
    std::vector<std::vector<Need>> branches;
    *max_len = 0;
    leads->emplace();
    for (;;) {
      int64_t len = 0;
      std::vector<Need> clauses;
      Lead branch_lead;
      std::optional<Need> best = Sequence(&len, &clauses, &branch_lead);
      if (!branch_lead.first || branch_lead.may_be_empty) leads->reset();
      if (*leads) (*leads)->push_back(std::move(branch_lead));
      if (failed_) return std::nullopt;
      if (!best) return std::nullopt;  // a branch that requires nothing we track
      std::stable_sort(clauses.begin(), clauses.end(),
                       [](const Need& a, const Need& b) { return Cost(a) < Cost(b); });
      if (clauses.size() > 4) clauses.resize(4);
      branches.push_back(std::move(clauses));
      *max_len = (*max_len == kUnbounded || len == kUnbounded) ? kUnbounded : std::max(*max_len, len);
      if (Peek() != u'|') break;
      ++pos_;
    }
    if (pos_ != p_.length()) return std::nullopt;
    return branches;
  }

 private:
  bool AtEnd() const { return pos_ >= p_.length(); }
  char16_t Peek(int32_t k = 0) const { return pos_ + k < p_.length() ? p_.charAt(pos_ + k) : 0; }

  POSTCHECK_LOAD_PATH std::optional<Need> Alternation(int64_t* max_len, Lead* lead) {
    std::optional<Need> all = Sequence(max_len, nullptr, lead);
    bool unknown = !all;
    while (!failed_ && Peek() == u'|') {
      ++pos_;
      int64_t len = 0;
      Lead next_lead;
      std::optional<Need> next = Sequence(&len, nullptr, &next_lead);
      if (!next_lead.first) lead->first.reset();
      if (lead->first) Merge(*lead->first, *next_lead.first);
      lead->may_be_empty = lead->may_be_empty || next_lead.may_be_empty;
      *max_len = (*max_len == kUnbounded || len == kUnbounded) ? kUnbounded : std::max(*max_len, len);
      if (!next) unknown = true;
      if (!unknown) {
        all->chars.insert(all->chars.end(), next->chars.begin(), next->chars.end());
        all->pairs.insert(all->pairs.end(), next->pairs.begin(), next->pairs.end());
        all->triples.insert(all->triples.end(), next->triples.begin(), next->triples.end());
        if (all->size() > kMaxUnion) unknown = true;
      }
    }
    if (unknown) return std::nullopt;
    return all;
  }

  POSTCHECK_LOAD_PATH std::optional<Need> Sequence(int64_t* max_len, std::vector<Need>* clauses, Lead* lead) {
    std::vector<Elem> elems;
    while (!failed_ && !AtEnd() && Peek() != u'|' && Peek() != u')') elems.push_back(Element());
    if (failed_) return std::nullopt;
    *max_len = 0;
    for (const Elem& e : elems) *max_len = AddLen(*max_len, e.max_len);
    // A match begins with the first element that must match something, or with any optional
    // one before it; look-arounds and \b consume nothing and are passed over.
    auto lead_from = [&](size_t from, size_t* ended) {
      Lead l;
      *ended = elems.size();
      for (size_t i = from; i < elems.size(); ++i) {
        const Elem& e = elems[i];
        if (e.zero_width) continue;
        if (!e.first) {
          l.first.reset();
          break;
        }
        Merge(*l.first, *e.first);
        if (!e.optional && !e.may_be_empty) {
          l.may_be_empty = false;
          *ended = i;
          break;
        }
      }
      return l;
    };
    size_t head = 0;
    *lead = lead_from(0, &head);
    if (lead->first && !lead->may_be_empty) {
      bool only = true;  // the first element is the first thing that consumes
      for (size_t i = 0; i < head; ++i) only = only && elems[i].zero_width;
      lead->word_start = only && std::any_of(elems.begin(), elems.begin() + head, [](const Elem& e) { return e.word_boundary; });
      size_t unused = 0;
      Lead rest = lead_from(head + 1, &unused);
      if (only && elems[head].once && rest.first && !rest.may_be_empty) lead->second = std::move(rest.first);
    }
    std::optional<Need> best;
    double best_cost = 0;
    auto offer = [&](Need n) {
      if (n.size() == 0 || n.size() > kMaxUnion) return;
      if (clauses) clauses->push_back(n);
      double c = Cost(n);
      if (!best || c < best_cost) best = std::move(n), best_cost = c;
    };
    const Elem* prev = nullptr;   // last mandatory single-character element, if adjacent
    const Elem* prev2 = nullptr;  // the one before it, if adjacent
    int fresh = 0;                // run elements since the last triple offered
    for (const Elem& e : elems) {
      if (e.zero_width) continue;
      if (!e.optional && e.need) offer(*e.need);
      if (!e.optional && e.set && prev && prev->set && prev->set->size() * e.set->size() <= kMaxAtoms) {
        Need pairs;
        for (char16_t a : *prev->set)
          for (char16_t b : *e.set) pairs.pairs.push_back({a, b});
        offer(std::move(pairs));
      }
      if (!e.optional && e.set) {
        ++fresh;
        // Runs of three in a literal ("off", "ici" of "official") are far rarer than its pairs;
        // non-overlapping ones, so the few clauses kept cover the whole word.
        if (prev2 && prev->once && fresh >= 3 && prev2->set->size() * prev->set->size() * e.set->size() <= kMaxAtoms) {
          Need triples;
          for (char16_t a : *prev2->set)
            for (char16_t b : *prev->set)
              for (char16_t c : *e.set) triples.triples.push_back({a, b, c});
          offer(std::move(triples));
          fresh = 0;
        }
        prev2 = prev;
        prev = &e;
      } else {
        prev = prev2 = nullptr;
        fresh = 0;
      }
    }
    return best;
  }

  // Closes a set over case (a superset is always safe), keeping only what the base view can hold;
  // nullopt if too big or if some member case-folds to several characters (then the text may hold
  // those instead).
  static std::optional<CharSet> Close(icu::UnicodeSet set) {
    // Case closure is the costly part of reading a pattern (ICU builds it per call). Closure
    // distributes over union, so an all-ASCII set ([a-z], [*#@_.]) is the union of its
    // characters' closures: no ICU call at all once each character has been closed.
    CharSet out;
    if (!set.isEmpty() && set.getRangeEnd(set.getRangeCount() - 1) < 0x80) {
      static std::array<std::once_flag, 128> once;
      static std::array<std::optional<CharSet>, 128> closed;
      for (int32_t r = 0; r < set.getRangeCount(); ++r)
        for (UChar32 c = set.getRangeStart(r); c <= set.getRangeEnd(r); ++c) {
          std::call_once(once[c], [&] { closed[c] = CloseSlow(icu::UnicodeSet(c, c)); });
          if (!closed[c]) return std::nullopt;
          out.insert(out.end(), closed[c]->begin(), closed[c]->end());
        }
      std::sort(out.begin(), out.end());
      out.erase(std::unique(out.begin(), out.end()), out.end());
    } else {
      auto closed = CloseSlow(std::move(set));
      if (!closed) return std::nullopt;
      out = std::move(*closed);
    }
    if (out.size() > kMaxAtoms) return std::nullopt;
    return out;
  }
  static std::optional<CharSet> CloseSlow(icu::UnicodeSet set) {
    // The closure is a superset, and at most halves below (upper case goes): a set far too big
    // (\s or \w in a class) is refused before ICU closes all of it.
    if (set.size() > static_cast<int32_t>(2 * kMaxAtoms)) return std::nullopt;
    set.closeOver(USET_CASE_INSENSITIVE);
    if (set.hasStrings()) return std::nullopt;
    CharSet out, all;
    for (int32_t i = 0; i < set.getRangeCount(); ++i)
      for (UChar32 c = set.getRangeStart(i); c <= set.getRangeEnd(i); ++c) {
        if (c > 0xFFFF) return std::nullopt;
        all.push_back(static_cast<char16_t>(c));
        // Patterns read the base view (NFKC_Casefold), which never holds a character that
        // folding changes (K, the Kelvin sign): looking for one only adds hash collisions.
        if (!u_hasBinaryProperty(c, UCHAR_CHANGES_WHEN_NFKC_CASEFOLDED)) out.push_back(static_cast<char16_t>(c));
        if (all.size() > 4 * kMaxAtoms) return std::nullopt;
      }
    return out.empty() ? all : out;
  }

  static Elem Single(std::optional<CharSet> set) {
    Elem e;
    e.max_len = 2;  // one code point: a surrogate pair at most
    e.once = true;
    if (set) e.first = FirstOf(*set);
    e.set = std::move(set);
    if (e.set) e.need = Need{*e.set, {}};
    return e;
  }

  // An escape outside a class: a literal, a zero-width assertion, or a class we do not model.
  POSTCHECK_LOAD_PATH Elem Escape() {
    ++pos_;  // backslash
    if (AtEnd()) { failed_ = true; return {}; }
    char16_t c = p_.charAt(pos_++);
    switch (c) {
      case u'b': case u'B': case u'A': case u'z': case u'Z': case u'G': {
        Elem e;
        e.zero_width = true;
        e.word_boundary = c == u'b';
        return e;
      }
      case u'n': return Single(Close(icu::UnicodeSet(u'\n', u'\n')));
      case u't': return Single(Close(icu::UnicodeSet(u'\t', u'\t')));
      case u'd': case u's': case u'w': {
        Elem e = Single(std::nullopt);  // too many members to track as needs, but a known start
        e.first = FirstOfClass(c);
        return e;
      }
      case u'D': case u'S': case u'W': case u'h': case u'H':
      case u'v': case u'V': case u'R':
        return Single(std::nullopt);  // one character of a big class: needs nothing we track
      case u'X': {  // a whole grapheme cluster: any length
        Elem e = Single(std::nullopt);
        e.max_len = kUnbounded;
        return e;
      }
      case u'p': case u'P': case u'N': case u'x': case u'u': case u'U':
        // One code point of a property (\p{L}) or given by number or name: its extent is known,
        // what it matches is not tracked.
        if (!SkipEscapeBody(c)) { failed_ = true; return {}; }
        return Single(std::nullopt);
      default:
        if ((c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9')) {
          failed_ = true;  // \Q..\E, back-references...: not modelled
          return {};
        }
        return Single(Close(icu::UnicodeSet(c, c)));  // escaped punctuation is itself
    }
  }

  // [...] with plain characters, ranges and escaped punctuation; anything else gives up.
  // After an escape letter: the rest of \p{..}, \pL, \N{..}, \x{..}, \xhh, \uhhhh, \Uhhhhhhhh.
  bool SkipEscapeBody(char16_t kind) {
    if (Peek() == u'{') {
      int32_t close = p_.indexOf(u'}', pos_);
      if (close < 0) return false;
      pos_ = close + 1;
      return true;
    }
    const int32_t digits = kind == u'x' ? 2 : kind == u'u' ? 4 : kind == u'U' ? 8 : 1;
    if (kind == u'N' || pos_ + digits > p_.length()) return false;
    pos_ += digits;
    return true;
  }

  // Moves past a whole class from its '[' (nested classes, escapes, \p{..}, && included);
  // false if it does not close. A ']' first in a class is refused rather than guessed at.
  bool SkipClass() {
    int depth = 0;
    while (!AtEnd()) {
      char16_t c = p_.charAt(pos_++);
      if (c == u'\\') {
        if (AtEnd()) return false;
        ++pos_;
      } else if (c == u'[') {
        ++depth;
        if (Peek() == u'^') ++pos_;
        if (Peek() == u']') return false;
      } else if (c == u']') {
        if (--depth == 0) return true;
      }
    }
    return false;
  }

  // A class the reading below does not model (negated, nested, set operations, properties)
  // still matches exactly one code point: it is skipped as such.
  Elem UnknownClass(int32_t start) {
    pos_ = start;
    if (!SkipClass()) { failed_ = true; return {}; }
    return Single(std::nullopt);
  }

  POSTCHECK_LOAD_PATH Elem Class() {
    const int32_t start = pos_;
    ++pos_;  // [
    if (Peek() == u'^') return UnknownClass(start);
    icu::UnicodeSet set;
    bool first = true;
    while (!AtEnd() && (Peek() != u']' || first)) {
      first = false;
      char16_t c = p_.charAt(pos_++);
      if (c == u'[' || c == u'&' || c == u'$' || c == u'{') return UnknownClass(start);
      if (c == u'\\') {
        if (AtEnd()) { failed_ = true; return {}; }
        c = p_.charAt(pos_++);
        if (c == u'p' || c == u'P' || c == u'N') return UnknownClass(start);
        if (c == u'd' || c == u's' || c == u'w') {  // wide classes: the set becomes too big to use
          set.add(u'0', u'9');
          set.add(u' ');
          set.add(0x80, 0xFFFF);
          continue;
        }
        if ((c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9'))
          return UnknownClass(start);  // \n, \x41, \u00e9...: one code point all the same
      }
      if (Peek() == u'-' && Peek(1) != u']' && Peek(1) != 0) {
        ++pos_;
        char16_t hi = p_.charAt(pos_++);
        if (hi == u'\\' || hi == u'[') return UnknownClass(start);
        if (hi < c) { failed_ = true; return {}; }
        set.add(c, hi);
      } else {
        set.add(c);
      }
    }
    if (AtEnd()) { failed_ = true; return {}; }
    ++pos_;  // ]
    return Single(Close(set));
  }

  POSTCHECK_LOAD_PATH Elem Group() {
    ++pos_;  // (
    bool lookaround = false;
    if (Peek() == u'?') {
      char16_t k = Peek(1);
      if (k == u':' || k == u'>') {
        pos_ += 2;
      } else if (k == u'=' || k == u'!') {
        pos_ += 2;
        lookaround = true;
      } else if (k == u'<' && (Peek(2) == u'=' || Peek(2) == u'!')) {
        pos_ += 3;
        lookaround = true;
      } else if (k == u'<') {  // named group
        int32_t close = p_.indexOf(u'>', pos_);
        if (close < 0) { failed_ = true; return {}; }
        pos_ = close + 1;
      } else {
        // Flags: (?i) and the like change what matches, not how the pattern reads (the sets are
        // closed over case anyway); (?x) changes the reading, so it gives up.
        int32_t k2 = pos_ + 1;
        while (k2 < p_.length() && (u_isalpha(p_.charAt(k2)) || p_.charAt(k2) == u'-')) {
          if (p_.charAt(k2) == u'x') { failed_ = true; return {}; }
          ++k2;
        }
        if (k2 == pos_ + 1 || k2 >= p_.length()) { failed_ = true; return {}; }
        if (p_.charAt(k2) == u')') {
          pos_ = k2 + 1;
          Elem e;
          e.zero_width = true;
          return e;
        }
        if (p_.charAt(k2) != u':') { failed_ = true; return {}; }
        pos_ = k2 + 1;
      }
    }
    int64_t len = 0;
    Lead inner_lead;
    std::optional<Need> inner = Alternation(&len, &inner_lead);
    if (failed_ || Peek() != u')') { failed_ = true; return {}; }
    ++pos_;
    Elem e;
    if (lookaround) {
      e.zero_width = true;
      return e;
    }
    e.need = std::move(inner);
    e.first = std::move(inner_lead.first);
    e.may_be_empty = inner_lead.may_be_empty;
    e.max_len = len;
    return e;
  }

  POSTCHECK_LOAD_PATH Elem Atom() {
    char16_t c = Peek();
    switch (c) {
      case u'\\': return Escape();
      case u'[': return Class();
      case u'(': return Group();
      case u'^': case u'$': {
        ++pos_;
        Elem e;
        e.zero_width = true;
        return e;
      }
      case u'.': ++pos_; return Single(std::nullopt);
      case u'*': case u'+': case u'?': case u'{': case u')':
        failed_ = true;  // a quantifier with nothing before it
        return {};
      default:
        if (U16_IS_SURROGATE(c)) { failed_ = true; return {}; }
        ++pos_;
        return Single(Close(icu::UnicodeSet(c, c)));
    }
  }

  POSTCHECK_LOAD_PATH Elem Element() {
    Elem e = Atom();
    if (failed_) return e;
    int64_t min = 1, max = 1;
    char16_t q = Peek();
    if (q == u'?') {
      min = 0;
      ++pos_;
    } else if (q == u'*') {
      min = 0, max = kUnbounded;
      ++pos_;
    } else if (q == u'+') {
      max = kUnbounded;
      ++pos_;
    } else if (q == u'{') {
      int32_t close = p_.indexOf(u'}', pos_);
      if (close < 0) { failed_ = true; return e; }
      std::string body;
      for (int32_t k = pos_ + 1; k < close; ++k) body += static_cast<char>(p_.charAt(k));
      pos_ = close + 1;
      size_t comma = body.find(',');
      auto number = [&](const std::string& t, int64_t* out) {
        if (t.empty() || t.size() > 6 || t.find_first_not_of("0123456789") != std::string::npos) return false;
        *out = std::stoll(t);
        return true;
      };
      if (comma == std::string::npos) {
        if (!number(body, &min)) { failed_ = true; return e; }
        max = min;
      } else {
        if (!number(body.substr(0, comma), &min)) { failed_ = true; return e; }
        if (comma + 1 == body.size()) max = kUnbounded;
        else if (!number(body.substr(comma + 1), &max)) { failed_ = true; return e; }
      }
    } else {
      return e;
    }
    if (Peek() == u'?' || Peek() == u'+') ++pos_;  // lazy or possessive
    e.once = false;
    if (e.zero_width) return e;
    e.max_len = (max == kUnbounded || e.max_len == kUnbounded) ? kUnbounded : e.max_len * max;
    if (min >= 2 && e.set && e.set->size() * e.set->size() <= kMaxAtoms) {
      // Two in a row from the set: a pair is rarer than either character alone.
      Need pairs;
      for (char16_t a : *e.set)
        for (char16_t b : *e.set) pairs.pairs.push_back({a, b});
      if (!e.need || Cost(pairs) < Cost(*e.need)) e.need = std::move(pairs);
    }
    if (min == 0) {
      e.optional = true;
      e.need.reset();
    }
    return e;
  }

  const icu::UnicodeString& p_;
  int32_t pos_ = 0;
  bool failed_ = false;
};

}  // namespace

POSTCHECK_LOAD_PATH RegexPrefilter RegexPrefilter::For(std::string_view pattern) {
  icu::UnicodeString p = icu::UnicodeString::fromUTF8(icu::StringPiece(pattern.data(), static_cast<int32_t>(pattern.size())));
  int64_t max_len = kUnbounded;
  std::optional<std::vector<Lead>> leads;
  auto parsed = Parser(p).Run(&max_len, &leads);
  if (!parsed || parsed->empty()) return RegexPrefilter();
  std::vector<BranchStart> starts;
  if (leads) {
    for (Lead& l : *leads)
      starts.push_back({std::move(*l.first), l.second.has_value(),
                        l.second ? std::move(*l.second) : StartChars{}, l.word_start});
  }
  std::vector<Branch> branches;
  for (auto& clauses : *parsed) {
    Branch b;
    for (auto& need : clauses) {
      Clause c{std::move(need.chars), std::move(need.pairs), {}};
      for (const auto& t : need.triples) c.triples.push_back({t[0], t[1], t[2]});
      b.clauses.push_back(std::move(c));
    }
    branches.push_back(std::move(b));
  }
  return Make(max_len == kUnbounded ? 0 : static_cast<size_t>(max_len), std::move(branches),
              std::move(starts));
}

POSTCHECK_LOAD_PATH RegexPrefilter RegexPrefilter::Make(size_t max_length,
                                                        std::vector<Branch> branches,
                                                        std::vector<BranchStart> starts) {
  RegexPrefilter f;
  if (branches.empty() || std::any_of(branches.begin(), branches.end(),
                                      [](const Branch& b) { return b.clauses.empty(); }))
    return f;
  f.always_ = false;
  f.max_length_ = max_length;
  f.branches_ = std::move(branches);
  f.branch_starts_ = std::move(starts);
  for (BranchStart& l : f.branch_starts_) {
    for (size_t c = 0; c < 128; ++c) f.lead_firsts_[c] |= l.first.ascii[c];
    f.lead_firsts_other_ = f.lead_firsts_other_ || l.first.has_other();
    std::sort(l.first.other.begin(), l.first.other.end());  // StartChars::Has searches them
    if (l.has_second) std::sort(l.second.other.begin(), l.second.other.end());
  }
  // Where a first-clause atom can begin, for Windows(): ASCII characters by table (1: a match
  // atom itself, 2: may begin a pair or triple), the rest and all pairs and triples sorted.
  for (const Branch& b : f.branches_) {
    const Clause& first = b.clauses.front();
    for (char16_t c : first.chars) {
      if (c < 128) f.window_kind_[c] |= 1;
      else f.window_chars_.push_back(c);
    }
    for (const auto& [a, b2] : first.pairs) {
      if (a < 128) f.window_kind_[a] |= 2;
      if (a < 128 && b2 < 128) f.window_heads_.set(a << 7 | b2);
      f.window_pairs_.push_back({a, b2});
    }
    for (const Triple& t : first.triples) {
      if (t.a < 128) f.window_kind_[t.a] |= 2;
      if (t.a < 128 && t.b < 128) f.window_heads_.set(t.a << 7 | t.b);
      f.window_triples_.push_back({t.a, t.b, t.c});
    }
  }
  std::sort(f.window_chars_.begin(), f.window_chars_.end());
  std::sort(f.window_pairs_.begin(), f.window_pairs_.end());
  std::sort(f.window_triples_.begin(), f.window_triples_.end());
  for (const Branch& b : f.branches_) {
    const size_t head = f.may_match_plan_.size();
    f.may_match_plan_.push_back(0);
    for (const Clause& c : b.clauses) {
      std::vector<uint32_t> atoms;
      for (char16_t x : c.chars) atoms.push_back(TextSketch::CharAtom(x));
      for (const auto& [x, y] : c.pairs) atoms.push_back(TextSketch::PairAtom(x, y));
      for (const Triple& t : c.triples) atoms.push_back(TextSketch::TripleAtom(t.a, t.b, t.c));
      std::sort(atoms.begin(), atoms.end());
      // One (word, mask) per sketch word the clause's atoms fall in.
      const size_t count_at = f.may_match_plan_.size();
      f.may_match_plan_.push_back(0);
      for (size_t k = 0; k < atoms.size();) {
        const uint32_t word = atoms[k] >> 6;
        uint64_t mask = 0;
        for (; k < atoms.size() && atoms[k] >> 6 == word; ++k)
          mask |= uint64_t{1} << (atoms[k] & 63);
        f.may_match_plan_.push_back(word);
        f.may_match_plan_.push_back(mask);
        ++f.may_match_plan_[count_at];
      }
    }
    f.may_match_plan_[head] = f.may_match_plan_.size() - head - 1;
  }
  return f;
}

}  // namespace postcheck
