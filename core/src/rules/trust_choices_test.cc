// TrustChoices: a profile's choices reach the checker, group policy stays above them, and examples prove them.
#include "rules/trust_choices.h"

#include <doctest/doctest.h>

#include "postcheck/checker.h"

namespace postcheck {
namespace {

const char* kCore = R"({"ruleset": {"name": "t", "version": "1.0.0"}, "rules": [
  {"id": "offensive_content.swearing", "category": "offensive_content", "severity": "info", "confidence": "high",
   "title": "Swearing", "message": "m", "advice": "a", "match": {"terms": ["bloody"]}},
  {"id": "commercial_gain.sales", "category": "commercial_gain", "severity": "warn", "confidence": "high",
   "title": "Selling", "message": "m", "advice": "a", "match": {"terms": ["dm for prices"]},
   "examples": {"flag": ["[[dm for prices]]"]}}]})";

std::string Trust(const std::string& id, const std::string& choices) {
  return R"({"trust": {"id": ")" + id + R"(", "name": "T )" + id + R"(", "policy": {"title": "P", "short": "P1"})" +
         choices + "}}";
}

Result<std::shared_ptr<const Ruleset>> Load(const std::string& aa) {
  return LoadRuleset({{"core.json", kCore}, {"trusts/aa.json", aa}, {"trusts/bb.json", Trust("bb", "")}});
}

std::vector<Finding> Check(const std::shared_ptr<const Ruleset>& rs, CheckerOptions o, const std::string& text) {
  auto c = MakeChecker(rs, o);
  REQUIRE(c.ok());
  return c.value()->Check(Utf8ToUtf16(text)).findings;
}

}  // namespace

TEST_CASE("a Trust's severity override and disabled rule apply to that Trust only") {
  auto rs = Load(Trust("aa", R"(, "severity_overrides": {"offensive_content.swearing": "warn"},
                                   "disabled_rules": ["commercial_gain.*"])"));
  REQUIRE(rs.ok());
  CheckerOptions aa;
  aa.trust = "aa";
  auto f = Check(rs.value(), aa, "bloody hell, dm for prices");
  REQUIRE(f.size() == 1);
  CHECK(f[0].rule == "offensive_content.swearing");
  CHECK(f[0].severity == Severity::kWarn);
  CheckerOptions bb;
  bb.trust = "bb";
  auto g = Check(rs.value(), bb, "bloody hell, dm for prices");
  REQUIRE(g.size() == 2);
  CHECK(g[0].severity == Severity::kInfo);
}

TEST_CASE("group policy stays above the Trust's choices") {
  auto rs = Load(Trust("aa", R"(, "severity_overrides": {"offensive_content.swearing": "warn"})"));
  REQUIRE(rs.ok());
  CheckerOptions o;
  o.trust = "aa";
  o.severity_overrides["offensive_content.swearing"] = Severity::kBlock;
  auto f = Check(rs.value(), o, "bloody hell");
  REQUIRE(f.size() == 1);
  CHECK(f[0].severity == Severity::kBlock);
}

TEST_CASE("unknown rule ids in a Trust's choices are refused with a suggestion and a line") {
  auto rs = Load(Trust("aa", ",\n \"disabled_rules\": [\"commercial_gain.sale\"]"));
  REQUIRE_FALSE(rs.ok());
  CHECK(rs.status().message.find("unknown rule 'commercial_gain.sale' (did you mean 'commercial_gain.sales'?)") != std::string::npos);
  CHECK(rs.status().where.file == "trusts/aa.json");
  CHECK(rs.status().where.line == 2);
  CHECK_FALSE(Load(Trust("aa", R"(, "severity_overrides": {"x.y": "warn"})")).ok());
  CHECK_FALSE(Load(Trust("aa", R"(, "disabled_rules": ["gossip.*"])")).ok());
}

TEST_CASE("a Trust example proves the severity its staff see") {
  auto good = Load(Trust("aa", R"(, "severity_overrides": {"offensive_content.swearing": "warn"},
    "examples": {"flag": [{"rule": "offensive_content.swearing", "text": "[[bloody]] rota", "severity": "warn"}]})"));
  REQUIRE(good.ok());
  CHECK(RunRuleExamples(good.value()).empty());
  auto wrong = Load(Trust("aa", R"(, "examples": {"flag": [{"rule": "offensive_content.swearing", "text": "[[bloody]] rota", "severity": "warn"}]})"));
  REQUIRE(wrong.ok());
  auto failures = RunRuleExamples(wrong.value());
  REQUIRE(failures.size() == 1);
  CHECK(failures[0].trust == "aa");
  CHECK(failures[0].problem.find("severity info") != std::string::npos);
}

TEST_CASE("a rule a Trust switched off skips its examples for that Trust, and cannot be given a flag example") {
  auto rs = Load(Trust("aa", R"(, "disabled_rules": ["commercial_gain.sales"])"));
  REQUIRE(rs.ok());
  CHECK(RunRuleExamples(rs.value()).empty());
  auto bad = Load(Trust("aa", R"(, "disabled_rules": ["commercial_gain.sales"],
    "examples": {"flag": [{"rule": "commercial_gain.sales", "text": "[[dm for prices]]"}]})"));
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().message.find("switched off") != std::string::npos);
  // Located only when the error is found, yet still at the example's "rule".
  CHECK(bad.status().where.file == "trusts/aa.json");
  CHECK(bad.status().where.line == 2);
  CHECK(bad.status().where.json_path == "$.trust.examples.flag[0].rule");
}

TEST_CASE("with no Trust profile there are no Trust's details, contacts or choices") {
  const char* core = R"({"ruleset": {"name": "t", "version": "1.0.0"}, "rules": [
    {"id": "offensive_content.swearing", "category": "offensive_content", "severity": "info", "confidence": "high",
     "title": "Swearing", "message": "m", "advice": "Call {contacts.communications.phone}.", "match": {"terms": ["bloody"]}}]})";
  auto rs = LoadRuleset({{"core.json", core},
                         {"trusts/aa.json", Trust("aa", R"(, "contacts": {"communications": {"phone": "01494 000000"}},
                           "sections": {"offensive_content": "6.14"}, "severity_overrides": {"offensive_content.swearing": "block"})")}});
  REQUIRE(rs.ok());
  CheckerOptions none;
  none.no_trust_profile = true;
  auto f = Check(rs.value(), none, "bloody hell");
  REQUIRE(f.size() == 1);
  CHECK(f[0].severity == Severity::kInfo);
  CHECK(f[0].policy_ref.empty());
  CHECK(f[0].advice.find("01494") == std::string::npos);
  CheckerOptions first;  // the default is still the first profile
  auto g = Check(rs.value(), first, "bloody hell");
  CHECK(g[0].advice.find("01494 000000") != std::string::npos);
}

}  // namespace postcheck
