// RuleSpec and friends: the validated, trust-independent form of the rule files (what the parser produces, what checkers compile).
#pragma once

#include <array>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "postcheck/ruleset.h"

namespace postcheck {

enum class ExprKind { kTerms, kRegex, kDetector, kAny, kAll, kNot, kNear, kPhrase };
enum class Fold { kPlain, kObfuscated };
enum class DistanceUnit { kWords, kSentence, kPost };

struct Distance {
  DistanceUnit unit = DistanceUnit::kWords;
  int words = 12;
};

struct Expr {
  ExprKind kind = ExprKind::kTerms;
  std::string path;  // JSON path, for compile errors
  std::string file;
  // kTerms: literal terms and/or a named set
  std::vector<std::string> terms;
  std::string terms_ref;
  Fold fold = Fold::kPlain;
  // kRegex
  std::string regex;
  // kDetector
  std::string detector;
  // kAny, kAll, kNot (one child), kNear
  std::vector<Expr> children;
  Distance within;  // kNear
  int gap = 0;      // kPhrase: words allowed between consecutive parts
};

struct EvidenceSpec {
  Expr match;
  Distance within;
};

struct RuleSpec {
  RuleInfo info;
  std::array<Severity, 3> severity_by_confidence{Severity::kWarn, Severity::kWarn, Severity::kWarn};
  Expr match;
  std::vector<EvidenceSpec> evidence;
  Confidence base_confidence = Confidence::kMedium;
  int min_evidence = 0;
  bool has_unless = false;
  Expr unless;
  std::vector<std::string> allow;
  std::vector<std::string> sites;
};

struct TrustSpec {
  TrustInfo info;
  std::vector<std::string> aliases, handles, sites;
  std::map<std::string, std::string> sections;      // rule id or category -> section
  std::map<std::string, std::string> placeholders;  // "contacts.communications.phone" -> value
  std::map<std::string, std::vector<std::string>> term_sets;
  Location where;
};

struct RulesetSpec {
  std::string name, version;
  std::map<std::string, std::vector<std::string>> term_sets;
  std::vector<RuleSpec> rules;
  std::vector<TrustSpec> trusts;
  bool examples_loaded = true;
};

// Calls fn(expr) for every expression a checker compiles from a rule, operands included: its
// match, its "unless" when it has one, and its evidence.
template <typename F>
void ForEachExpr(const RuleSpec& r, F&& fn) {
  const auto walk = [&](const Expr& e, const auto& self) -> void {
    fn(e);
    for (const Expr& c : e.children) self(c, self);
  };
  walk(r.match, walk);
  if (r.has_unless) walk(r.unless, walk);
  for (const EvidenceSpec& e : r.evidence) walk(e.match, walk);
}

extern const char* const kCategories[12];
bool IsCategory(const std::string& s);

}  // namespace postcheck
