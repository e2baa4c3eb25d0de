// Packed ruleset: a validated RulesetSpec as one little-endian binary block, so a start-up reads it instead of parsing the rule files' JSON.
#include "rules/packed_ruleset.h"

#include <bit>
#include <cstring>
#include <set>

#include "match/term_table.h"
#include "rules/ruleset_terms.h"

namespace postcheck {
namespace {

// "PCRS", the format version, then a 64-bit checksum of the rest. Any change to the
// fields in Fields() below bumps the version, so a block from another engine build is refused
// instead of misread; the checksum refuses a damaged one. A checker trusts the shapes the JSON
// parser guarantees (a "not" has one operand, ...), so those are checked again on reading.
constexpr char kMagic[4] = {'P', 'C', 'R', 'S'};
constexpr uint32_t kFormat = 2;
constexpr size_t kHeaderSize = 16;
constexpr int kMaxExprDepth = 16;  // as the parser allows

// Eight bytes a step: a start-up checks the whole block once, in code that in wasm has not been
// optimized yet, and FNV-1a's byte-at-a-time loop was 1.3M of a packed load's 17.5M instructions.
// It guards against damage, not forgery: the browser's content verification covers that.
uint64_t Checksum(std::string_view s) {
  uint64_t h = 0x9E3779B97F4A7C15ull ^ s.size();
  const auto mix = [&](uint64_t w) {
    h ^= w * 0x87C37B91114253D5ull;
    h = ((h << 31) | (h >> 33)) * 0x4CF5AD432745937Full;
  };
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    // One load a step where the host is little-endian (wasm always is): assembling the word from
    // its bytes was most of a packed load's checksum in wasm's not yet optimized code.
    uint64_t w = 0;
    if constexpr (std::endian::native == std::endian::little) {
      std::memcpy(&w, s.data() + i, 8);
    } else {
      for (int k = 7; k >= 0; --k) w = (w << 8) | static_cast<uint8_t>(s[i + k]);
    }
    mix(w);
  }
  uint64_t tail = 0;
  for (size_t k = s.size(); k > i; --k) tail = (tail << 8) | static_cast<uint8_t>(s[k - 1]);
  mix(tail);
  h ^= h >> 33;
  h *= 0xFF51AFD7ED558CCDull;
  return h ^ (h >> 33);
}

// The shapes parse.cc accepts; anything else could only come from a forged or broken block.
const char* BadShape(const Expr& e) {
  const size_t n = e.children.size();
  switch (e.kind) {
    case ExprKind::kTerms:
      if (n) return "a terms match with operands";
      return e.terms.empty() && e.terms_ref.empty() ? "a terms match with no terms" : nullptr;
    case ExprKind::kRegex: return n ? "a pattern with operands" : e.regex.empty() ? "an empty pattern" : nullptr;
    case ExprKind::kDetector: return n ? "a detector with operands" : nullptr;
    case ExprKind::kNot: return n != 1 ? "a \"not\" without exactly one operand" : nullptr;
    case ExprKind::kAny: return n < 1 ? "an empty \"any\"" : nullptr;
    case ExprKind::kAll:
    case ExprKind::kNear:
    case ExprKind::kPhrase:
      if (n < (e.kind == ExprKind::kAll ? 1u : 2u)) return "a combination with too few operands";
      if (e.children[0].kind == ExprKind::kNot) return "a combination led by \"not\"";
      if (e.kind == ExprKind::kNear)
        for (const Expr& c : e.children)
          if (c.kind == ExprKind::kNot) return "a \"not\" inside \"near\"";
      return e.gap < 0 || e.gap > 10 ? "a phrase gap out of range" : nullptr;
  }
  return "an unknown kind of match";
}

// Writes. Lengths, counts and small numbers are LEB128 varints (most take one byte), signed ones
// zigzagged. The same calls as Reader, so Fields() describes the format once for both.
class Writer {
 public:
  static constexpr bool kReading = false;
  void U8(uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void U32(uint32_t v) {
    for (int i = 0; i < 4; ++i) out_.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
  }
  void Var(uint32_t v) {
    while (v >= 0x80) { out_.push_back(static_cast<char>((v & 0x7F) | 0x80)); v >>= 7; }
    out_.push_back(static_cast<char>(v));
  }
  void Int(const int& v) { Var((static_cast<uint32_t>(v) << 1) ^ static_cast<uint32_t>(v >> 31)); }
  void Bool(const bool& v) { U8(v ? 1 : 0); }
  template <typename E>
  void Enum(const E& v, E /*last*/) { U8(static_cast<uint8_t>(v)); }
  void Str(const std::string& s) {
    Var(static_cast<uint32_t>(s.size()));
    out_ += s;
  }
  template <typename T, typename F>
  void List(const std::vector<T>& v, size_t /*min_size*/, F&& each) {
    Var(static_cast<uint32_t>(v.size()));
    for (const T& x : v) each(x);
  }
  template <typename V, typename F>
  void Map(const std::map<std::string, V>& m, size_t /*min_size*/, F&& each) {
    Var(static_cast<uint32_t>(m.size()));
    for (const auto& [k, v] : m) { Str(k); each(v); }
  }
  void Check(const Expr&) {}
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

// Reads what Writer wrote; every read is bounds-checked and the first problem is kept with its
// byte offset, after which reads return empty values.
class Reader {
 public:
  static constexpr bool kReading = true;
  explicit Reader(std::string_view in) : in_(in) {}
  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  bool done() const { return pos_ == in_.size(); }
  void Fail(const std::string& why) {
    if (error_.empty()) error_ = why + " at byte " + std::to_string(pos_);
  }

  uint8_t U8() { return Need(1) ? static_cast<uint8_t>(in_[pos_++]) : 0; }
  // `n` UTF-16 units written by Var: ASCII ones are single bytes, read here without a call each
  // (a pack holds some 45,000 units, read at every start).
  void Units(uint32_t n, std::u16string& out) {
    out.clear();
    if (!Need(n)) return;  // each unit takes a byte at least
    const size_t end = pos_ + n;
    while (pos_ < end && static_cast<uint8_t>(in_[pos_]) < 0x80)
      out.push_back(static_cast<char16_t>(in_[pos_++]));
    while (out.size() < n && ok()) {
      const uint32_t unit = Var();
      if (unit > 0xFFFF) Fail("a pattern unit out of range");
      out.push_back(static_cast<char16_t>(unit));
    }
  }
  uint32_t U32() {
    if (!Need(4)) return 0;
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= static_cast<uint32_t>(static_cast<uint8_t>(in_[pos_ + i])) << (8 * i);
    pos_ += 4;
    return v;
  }
  uint32_t Var() {
    uint32_t v = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      if (!Need(1)) return 0;
      const uint8_t b = static_cast<uint8_t>(in_[pos_++]);
      if (shift == 28 && b > 0x0F) { Fail("a number too large"); return 0; }
      v |= static_cast<uint32_t>(b & 0x7F) << shift;
      if (!(b & 0x80)) return v;
    }
    return 0;  // unreachable: the fifth byte either ends the number or fails above
  }
  void Int(int& v) {
    const uint32_t z = Var();
    v = static_cast<int>((z >> 1) ^ (0u - (z & 1)));
  }
  void Bool(bool& v) {
    const uint8_t b = U8();
    if (b > 1) Fail("a flag that is neither 0 nor 1");
    v = b == 1;
  }
  template <typename E>
  void Enum(E& v, E last) {
    const uint8_t b = U8();
    if (b > static_cast<uint8_t>(last)) { Fail("value " + std::to_string(b) + " out of range"); return; }
    v = static_cast<E>(b);
  }
  void Str(std::string& s) {
    const uint32_t n = Count(1);
    if (!ok()) return;
    s.assign(in_.substr(pos_, n));
    pos_ += n;
  }
  // `min_size`: the fewest bytes one element takes. A count needing more bytes than are left is
  // damage, refused before it can reserve memory for a forged count.
  template <typename T, typename F>
  void List(std::vector<T>& v, size_t min_size, F&& each) {
    v.resize(Count(min_size));
    for (T& x : v) {
      if (!ok()) break;
      each(x);
    }
  }
  template <typename V, typename F>
  void Map(std::map<std::string, V>& m, size_t min_size, F&& each) {
    for (uint32_t i = 0, n = Count(min_size); i < n && ok(); ++i) {
      std::string k;
      Str(k);
      each(m[std::move(k)]);
    }
  }
  // `min_size`: the fewest bytes one element takes. A count needing more bytes than are left is
  // damage, refused before it can reserve memory for a forged count.
  uint32_t Count(size_t min_size) {
    const uint32_t n = Var();
    if (ok() && static_cast<uint64_t>(n) * min_size > in_.size() - pos_) {
      Fail("count " + std::to_string(n) + " runs past the end");
      return 0;
    }
    return n;
  }
  void Check(const Expr& e) {
    if (!ok()) return;
    if (e.within.words < 0 || e.within.words > 1000)
      Fail("a distance out of range");
    else if (const char* bad = BadShape(e))
      Fail(bad);
  }

 private:
  bool Need(size_t n) {
    if (!ok()) return false;
    if (in_.size() - pos_ < n) { Fail("the block ends early"); return false; }
    return true;
  }
  std::string_view in_;
  size_t pos_ = 0;
  std::string error_;
};

// The format, once for both directions: `S` is `const X` when writing and `X` when reading.
// The fewest bytes each element takes (List/Map's second argument) follow from the fields.
template <typename IO, typename S>
void Place(IO& io, S& l) {  // a Location
  io.Str(l.file);
  io.Int(l.line);
  io.Int(l.column);
  io.Str(l.json_path);
}

template <typename IO, typename S>
void Within(IO& io, S& d) {  // a Distance
  io.Enum(d.unit, DistanceUnit::kPost);
  io.Int(d.words);
}

template <typename IO, typename S>
void Expression(IO& io, S& e, int depth, bool used = true) {  // an Expr: at least 12 bytes
  if constexpr (IO::kReading) {
    if (depth > kMaxExprDepth) { io.Fail("expressions nested too deep"); return; }
  }
  io.Enum(e.kind, ExprKind::kPhrase);
  io.Str(e.path);
  io.Str(e.file);
  io.List(e.terms, 1, [&](auto& t) { io.Str(t); });
  io.Str(e.terms_ref);
  io.Enum(e.fold, Fold::kObfuscated);
  io.Str(e.regex);
  io.Str(e.detector);
  io.List(e.children, 12, [&](auto& c) { Expression(io, c, depth + 1); });
  Within(io, e.within);
  io.Int(e.gap);
  if (used) io.Check(e);  // a rule without "unless" keeps an empty one
}

template <typename IO, typename S>
void Fields(IO& io, S& spec) {
  auto strings = [&](auto& list) { io.List(list, 1, [&](auto& s) { io.Str(s); }); };
  io.Str(spec.name);
  io.Str(spec.version);
  io.Map(spec.term_sets, 2, strings);
  // A rule is at least 45 bytes. Its examples are left out: only RunRuleExamples reads them.
  io.List(spec.rules, 32, [&](auto& r) {
    io.Str(r.info.id);
    io.Str(r.info.category);
    io.Enum(r.info.severity, Severity::kBlock);
    io.Str(r.info.title);
    io.Str(r.info.message);
    io.Str(r.info.advice);
    io.Str(r.info.trust);
    Place(io, r.info.where);
    for (auto& s : r.severity_by_confidence) io.Enum(s, Severity::kBlock);
    Expression(io, r.match, 0);
    io.List(r.evidence, 14, [&](auto& e) {
      Expression(io, e.match, 0);
      Within(io, e.within);
    });
    io.Enum(r.base_confidence, Confidence::kHigh);
    io.Int(r.min_evidence);
    io.Bool(r.has_unless);
    Expression(io, r.unless, 0, r.has_unless);
    strings(r.allow);
    strings(r.sites);
  });
  // A Trust is at least 17 bytes.
  io.List(spec.trusts, 16, [&](auto& t) {
    io.Str(t.info.id);
    io.Str(t.info.name);
    io.Str(t.info.policy_title);
    io.Str(t.info.policy_short);
    io.Str(t.info.policy_url);
    strings(t.info.disabled_rules);
    io.Map(t.info.severity_overrides, 2, [&](auto& sev) { io.Enum(sev, Severity::kBlock); });
    strings(t.aliases);
    strings(t.handles);
    strings(t.sites);
    io.Map(t.sections, 2, [&](auto& s) { io.Str(s); });
    io.Map(t.placeholders, 2, [&](auto& s) { io.Str(s); });
    io.Map(t.term_sets, 2, strings);
    Place(io, t.where);
  });
}

// A fold's term plan: each pattern as the units it shares with the one before and the units
// after them, then each term's pattern id plus one (0: none), list by list.
void WriteTerms(Writer& w, const RulesetSpec& spec, Fold fold) {
  const TermPlan plan = PlanTerms(fold == Fold::kObfuscated, TermListsOf(spec, fold));
  w.Var(static_cast<uint32_t>(plan.patterns.size()));
  std::u16string_view previous;
  for (const std::u16string& p : plan.patterns) {
    const size_t shared = TermTrie::SharedPrefix(previous, p);
    w.Var(static_cast<uint32_t>(shared));
    w.Var(static_cast<uint32_t>(p.size() - shared));
    for (size_t k = shared; k < p.size(); ++k) w.Var(p[k]);
    previous = p;
  }
  w.Var(static_cast<uint32_t>(plan.ids.size()));
  for (uint32_t id : plan.ids) w.Var(id == TermPlan::kNoPattern ? 0 : id + 1);
}

void ReadTerms(Reader& r, TermTrie* trie, std::vector<uint32_t>* ids) {
  TermTrie::Builder builder;
  std::u16string rest;
  for (uint32_t i = 0, n = r.Count(3); i < n && r.ok(); ++i) {  // a pattern is at least 3 bytes
    const uint32_t shared = r.Var();
    const uint32_t length = r.Count(1);
    r.Units(length, rest);
    if (!r.ok()) return;
    if (static_cast<uint64_t>(shared) + length > kMaxTermUnits)
      return r.Fail("a pattern longer than a term may be");
    if (!builder.Push(shared, rest)) return r.Fail("patterns out of order");
  }
  ids->resize(r.Count(1));
  for (uint32_t& id : *ids) {
    const uint32_t v = r.Var();
    id = v == 0 ? TermPlan::kNoPattern : v - 1;
  }
  *trie = builder.Finish();
}

// Prefilters: a pattern's analysis (RegexPrefilter's parts), for every pattern matched in the
// plain fold; the tables derived from it are derived again on reading.
void WriteUnits(Writer& w, const std::vector<char16_t>& units) {
  w.Var(static_cast<uint32_t>(units.size()));
  for (char16_t c : units) w.Var(c);
}

void WriteStart(Writer& w, const StartChars& s) {
  for (int byte = 0; byte < 16; ++byte) {
    uint8_t bits = 0;
    for (int k = 0; k < 8; ++k) bits |= static_cast<uint8_t>(s.ascii[byte * 8 + k]) << k;
    w.U8(bits);
  }
  WriteUnits(w, s.other);
  w.U8(s.other_classes);
}

void WritePrefilters(Writer& w, const RulesetSpec& spec) {
  std::set<std::string> patterns;
  for (const RuleSpec& r : spec.rules)
    ForEachExpr(r, [&](const Expr& e) {
      if (e.kind == ExprKind::kRegex && e.fold == Fold::kPlain) patterns.insert(e.regex);
    });
  w.Var(static_cast<uint32_t>(patterns.size()));
  for (const std::string& p : patterns) {
    w.Str(p);
    const RegexPrefilter f = RegexPrefilter::For(p);
    w.Bool(!f.always());
    if (f.always()) continue;
    w.Var(static_cast<uint32_t>(f.max_length()));
    w.Var(static_cast<uint32_t>(f.branches().size()));
    for (const RegexPrefilter::Branch& b : f.branches()) {
      w.Var(static_cast<uint32_t>(b.clauses.size()));
      for (const RegexPrefilter::Clause& c : b.clauses) {
        WriteUnits(w, c.chars);
        w.Var(static_cast<uint32_t>(c.pairs.size()));
        for (const auto& [a, b2] : c.pairs) {
          w.Var(a);
          w.Var(b2);
        }
        w.Var(static_cast<uint32_t>(c.triples.size()));
        for (const RegexPrefilter::Triple& t : c.triples) {
          w.Var(t.a);
          w.Var(t.b);
          w.Var(t.c);
        }
      }
    }
    w.Var(static_cast<uint32_t>(f.branch_starts().size()));
    for (const RegexPrefilter::BranchStart& s : f.branch_starts()) {
      WriteStart(w, s.first);
      w.Bool(s.has_second);
      if (s.has_second) WriteStart(w, s.second);
      w.Bool(s.word_start);
    }
  }
}

char16_t Unit(Reader& r) {
  const uint32_t v = r.Var();
  if (v > 0xFFFF) r.Fail("a character out of range");
  return static_cast<char16_t>(v);
}

void ReadUnits(Reader& r, std::vector<char16_t>& units) {
  units.resize(r.Count(1));
  for (char16_t& c : units) c = Unit(r);
}

void ReadStart(Reader& r, StartChars& s) {
  for (int byte = 0; byte < 16; ++byte) {
    const uint8_t bits = r.U8();
    for (int k = 0; k < 8; ++k) s.ascii[byte * 8 + k] = (bits >> k) & 1;
  }
  ReadUnits(r, s.other);
  s.other_classes = r.U8();
  if (s.other_classes > (StartChars::kDigits | StartChars::kSpaces | StartChars::kAnyOther))
    r.Fail("an unknown character class");
}

void ReadPrefilters(Reader& r, std::map<std::string, RegexPrefilter>& out) {
  for (uint32_t i = 0, n = r.Count(2); i < n && r.ok();
       ++i) {  // a pattern and its flag: 2 bytes at least
    std::string pattern;
    r.Str(pattern);
    bool filtered = false;
    r.Bool(filtered);
    if (!filtered) {
      out.emplace(std::move(pattern), RegexPrefilter());
      continue;
    }
    const uint32_t max_length = r.Var();
    std::vector<RegexPrefilter::Branch> branches(r.Count(1));
    for (RegexPrefilter::Branch& b : branches) {
      b.clauses.resize(r.Count(3));
      for (RegexPrefilter::Clause& c : b.clauses) {
        ReadUnits(r, c.chars);
        c.pairs.resize(r.Count(2));
        for (auto& [a, b2] : c.pairs) {
          a = Unit(r);
          b2 = Unit(r);
        }
        c.triples.resize(r.Count(3));
        for (RegexPrefilter::Triple& t : c.triples) {
          t.a = Unit(r);
          t.b = Unit(r);
          t.c = Unit(r);
        }
        if (!r.ok()) return;
      }
    }
    std::vector<RegexPrefilter::BranchStart> starts(r.Count(19));  // 16 + 1 + 1 + 1 bytes at least
    for (RegexPrefilter::BranchStart& s : starts) {
      ReadStart(r, s.first);
      r.Bool(s.has_second);
      if (s.has_second) ReadStart(r, s.second);
      r.Bool(s.word_start);
      if (!r.ok()) return;
    }
    if (!r.ok()) return;
    if (!out.emplace(std::move(pattern),
                     RegexPrefilter::Make(max_length, std::move(branches), std::move(starts)))
             .second)
      return r.Fail("a pattern's prefilter given twice");
  }
}

}  // namespace

std::string PackRulesetSpec(const RulesetSpec& spec) {
  Writer body;
  Fields(body, spec);
  for (Fold fold : {Fold::kPlain, Fold::kObfuscated}) WriteTerms(body, spec, fold);
  WritePrefilters(body, spec);
  const std::string payload = body.Take();
  Writer head;
  for (char c : kMagic) head.U8(static_cast<uint8_t>(c));
  head.U32(kFormat);
  const uint64_t sum = Checksum(payload);
  head.U32(static_cast<uint32_t>(sum));
  head.U32(static_cast<uint32_t>(sum >> 32));
  return head.Take() + payload;
}

Result<RulesetSpec> UnpackRulesetSpec(std::string_view block, const std::string& name,
                                      PackedTables* tables) {
  auto damaged = [&](const std::string& why) {
    Location at;
    at.file = name;
    return Status::Error(StatusCode::kSyntaxError, "not a packed ruleset this engine can read: " + why, at);
  };
  if (block.size() < kHeaderSize || std::memcmp(block.data(), kMagic, 4) != 0)
    return damaged("it does not start with PCRS");
  Reader r(block);
  for (int i = 0; i < 4; ++i) r.U8();  // the magic, checked above
  if (uint32_t format = r.U32(); format != kFormat)
    return damaged("format " + std::to_string(format) + ", this engine reads format " + std::to_string(kFormat) +
                   " (pack the rules again with this engine)");
  uint64_t sum = r.U32();
  sum |= static_cast<uint64_t>(r.U32()) << 32;
  if (sum != Checksum(block.substr(kHeaderSize)))
    return damaged("its checksum does not match (the file is damaged)");
  RulesetSpec spec;
  spec.examples_loaded = false;
  Fields(r, spec);
  for (int f = 0; f < 2; ++f) ReadTerms(r, &tables->tries[f], &tables->ids[f]);
  ReadPrefilters(r, tables->prefilters);
  if (r.ok() && !r.done()) r.Fail("unread bytes after the prefilters");
  if (!r.ok()) return damaged(r.error());
  return spec;
}

void ResealPackedRuleset(std::string* block) {
  if (block->size() < kHeaderSize) return;
  const uint64_t sum = Checksum(std::string_view(*block).substr(kHeaderSize));
  for (int i = 0; i < 8; ++i) (*block)[8 + i] = static_cast<char>((sum >> (8 * i)) & 0xFF);
}

}  // namespace postcheck
