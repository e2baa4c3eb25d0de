// RunRuleExamples: every rule proves itself — each "flag" example must be underlined exactly at its [[ ]] spans, each "pass" example not at all.
#include <map>

#include "postcheck/checker.h"
#include "rules/trust_choices.h"
#include "text/utf.h"

namespace postcheck {
namespace {

std::string Describe(const std::u16string& text, uint32_t s, uint32_t e) {
  return std::to_string(s) + "-" + std::to_string(e) + " '" + Utf16ToUtf8(text.substr(s, e - s)) + "'";
}

}  // namespace

std::vector<ExampleFailure> RunRuleExamples(std::shared_ptr<const Ruleset> ruleset) {
  std::vector<ExampleFailure> failures;
  if (!ruleset->examples_loaded()) {
    // Reporting nothing here would read as "every example passed".
    failures.push_back({"", "", "", "the ruleset was loaded without its examples (LoadOptions::examples off), so none could be run", {}});
    return failures;
  }
  std::vector<std::string> trusts;
  for (const auto& t : ruleset->trusts()) trusts.push_back(t.id);
  if (trusts.empty()) trusts.push_back("");

  std::map<std::string, std::unique_ptr<Checker>> checkers;
  for (const auto& id : trusts) {
    CheckerOptions o;
    o.trust = id;
    auto c = MakeChecker(ruleset, o);
    if (!c.ok()) {
      failures.push_back({"", id, "", "could not compile for trust '" + id + "': " + c.status().ToString(), {}});
      continue;
    }
    checkers[id] = std::move(c).value();
  }

  for (const RuleInfo& rule : ruleset->rules()) {
    for (const RuleExample& ex : rule.examples) {
      for (const auto& [trust, checker] : checkers) {
        if (!ex.trust.empty() && ex.trust != trust) continue;
        if (!rule.trust.empty() && rule.trust != trust) continue;
        // A rule the Trust switched off flags nothing for that Trust: its flag examples are skipped there,
        // and its pass examples still run (and show the switch-off works).
        if (ex.must_flag && RuleSwitchedOff(checker->options().disabled_rules, rule)) continue;
        std::u16string text = Utf8ToUtf16(ex.text);
        CheckResult r = checker->Check(text);
        std::vector<std::pair<uint32_t, uint32_t>> got;
        std::string wrong_severity;
        for (const Finding& f : r.findings) {
          if (f.rule != rule.id) continue;
          got.emplace_back(f.start, f.end);
          if (ex.has_severity && f.severity != ex.severity) wrong_severity = SeverityName(f.severity);
        }
        std::string problem;
        if (ex.must_flag && got == ex.spans && !wrong_severity.empty()) {
          problem = std::string("expected severity ") + SeverityName(ex.severity) + ", found severity " + wrong_severity;
        } else if (ex.must_flag) {
          if (got != ex.spans) {
            problem = "expected";
            for (auto [s, e] : ex.spans) problem += " " + Describe(text, s, e);
            problem += ", found";
            if (got.empty()) problem += " nothing";
            for (auto [s, e] : got) problem += " " + Describe(text, s, e);
          }
        } else if (!got.empty()) {
          problem = "should pass, but flagged";
          for (auto [s, e] : got) problem += " " + Describe(text, s, e);
        }
        if (!problem.empty()) failures.push_back({rule.id, trust, ex.text, problem, ruleset->Resolve(ex.where)});
      }
    }
  }
  return failures;
}

}  // namespace postcheck
