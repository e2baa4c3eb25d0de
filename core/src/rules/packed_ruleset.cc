// Packed ruleset: a validated RulesetSpec as one little-endian binary block, so a start-up reads it instead of parsing the rule files' JSON.
#include "rules/packed_ruleset.h"

#include <cstring>

namespace postcheck {
namespace {

// "PCRS", the format version, then a 64-bit FNV-1a checksum of the rest. Any change to the
// fields in Fields() below bumps the version, so a block from another engine build is refused
// instead of misread; the checksum refuses a damaged one. A checker trusts the shapes the JSON
// parser guarantees (a "not" has one operand, ...), so those are checked again on reading.
constexpr char kMagic[4] = {'P', 'C', 'R', 'S'};
constexpr uint32_t kFormat = 1;
constexpr size_t kHeaderSize = 16;
constexpr int kMaxExprDepth = 16;  // as the parser allows

uint64_t Fnv1a(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (char c : s) {
    h ^= static_cast<uint8_t>(c);
    h *= 0x100000001b3ull;
  }
  return h;
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
  void Check(const Expr& e) {
    if (!ok()) return;
    if (e.within.words < 0 || e.within.words > 1000) Fail("a distance out of range");
    else if (const char* bad = BadShape(e)) Fail(bad);
  }

 private:
  uint32_t Count(size_t min_size) {
    const uint32_t n = Var();
    if (ok() && static_cast<uint64_t>(n) * min_size > in_.size() - pos_) {
      Fail("count " + std::to_string(n) + " runs past the end");
      return 0;
    }
    return n;
  }
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

}  // namespace

std::string PackRulesetSpec(const RulesetSpec& spec) {
  Writer body;
  Fields(body, spec);
  const std::string payload = body.Take();
  Writer head;
  for (char c : kMagic) head.U8(static_cast<uint8_t>(c));
  head.U32(kFormat);
  const uint64_t sum = Fnv1a(payload);
  head.U32(static_cast<uint32_t>(sum));
  head.U32(static_cast<uint32_t>(sum >> 32));
  return head.Take() + payload;
}

Result<RulesetSpec> UnpackRulesetSpec(std::string_view block, const std::string& name) {
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
  if (sum != Fnv1a(block.substr(kHeaderSize))) return damaged("its checksum does not match (the file is damaged)");
  RulesetSpec spec;
  spec.examples_loaded = false;
  Fields(r, spec);
  if (r.ok() && !r.done()) r.Fail("unread bytes after the last Trust");
  if (!r.ok()) return damaged(r.error());
  return spec;
}

void ResealPackedRuleset(std::string* block) {
  if (block->size() < kHeaderSize) return;
  const uint64_t sum = Fnv1a(std::string_view(*block).substr(kHeaderSize));
  for (int i = 0; i < 8; ++i) (*block)[8 + i] = static_cast<char>((sum >> (8 * i)) & 0xFF);
}

}  // namespace postcheck
