// EvalReport: per-Trust scoring of labelled posts (see eval_report.h for the definitions).
#include "eval_report.h"

#include <algorithm>
#include <cstdio>
#include <set>

#include "postcheck/ruleset.h"

namespace postcheck::cli {
namespace {

bool Flags(const Finding& f) { return f.severity == Severity::kWarn || f.severity == Severity::kBlock; }

bool Expects(const LabelledPost& p, const std::string& category) {
  return std::find(p.expect.begin(), p.expect.end(), category) != p.expect.end();
}

std::string Fmt(const char* format, double a, double b) {
  char buf[160];
  std::snprintf(buf, sizeof buf, format, a, b);
  return buf;
}

}  // namespace

EvalReport ScorePosts(const std::vector<LabelledPost>& posts, const Checker& checker) {
  EvalReport r;
  r.trust = checker.options().trust;
  for (const auto& c : KnownCategories()) r.categories[c];
  for (const auto& p : posts) {
    if (!p.trust.empty() && p.trust != r.trust) { ++r.skipped_other_trust; continue; }
    CheckResult res = checker.Check(Utf8ToUtf16(p.text));
    PostOutcome out{&p, {}};
    for (auto& f : res.findings)
      if (Flags(f)) out.flagging.push_back(std::move(f));
    if (p.borderline) {
      ++r.borderline;
      if (!out.flagging.empty()) ++r.borderline_flagged;
      r.borderline_posts.push_back(std::move(out));
      continue;
    }
    // A rule counts once per post, however many spans it underlined.
    std::set<std::string> rules_seen;
    if (p.expect.empty()) {
      ++r.must_pass;
      if (out.flagging.empty()) continue;
      ++r.false_alarms;
      for (const auto& f : out.flagging)
        if (rules_seen.insert(f.rule).second) ++r.rules[f.rule].false_alarms;
      r.false_alarm_posts.push_back(std::move(out));
      continue;
    }
    ++r.must_flag;
    if (!out.flagging.empty()) ++r.warned;
    bool recalled = false;
    for (const auto& c : p.expect) {
      auto& cs = r.categories[c];
      ++cs.posts;
      bool hit = std::any_of(out.flagging.begin(), out.flagging.end(),
                             [&](const Finding& f) { return f.category == c; });
      if (hit) { ++cs.flagged; recalled = true; }
    }
    if (recalled) ++r.category_recalled;
    for (const auto& f : out.flagging) {
      if (!rules_seen.insert(f.rule).second) continue;
      auto& rs = r.rules[f.rule];
      (Expects(p, f.category) ? rs.hits : rs.off_category)++;
    }
    if (!recalled) r.misses.push_back(std::move(out));
  }
  return r;
}

std::vector<std::string> FloorFailures(const EvalReport& r, const EvalFloors& floors) {
  std::vector<std::string> out;
  const std::string who = "trust " + r.trust + ": ";
  if (floors.min_warned >= 0 && r.WarnedRate() < floors.min_warned)
    out.push_back(who + Fmt("warned %.3f is below the floor %.3f", r.WarnedRate(), floors.min_warned));
  if (floors.min_category_recall >= 0 && r.CategoryRecall() < floors.min_category_recall)
    out.push_back(who + Fmt("category recall %.3f is below the floor %.3f", r.CategoryRecall(),
                            floors.min_category_recall));
  if (floors.max_false_alarms >= 0 && r.FalseAlarmRate() > floors.max_false_alarms)
    out.push_back(who + Fmt("false alarms %.3f are above the ceiling %.3f", r.FalseAlarmRate(),
                            floors.max_false_alarms));
  if (floors.min_each_category >= 0) {
    for (const auto& [name, c] : r.categories) {
      if (c.posts < floors.each_category_min_posts) continue;
      double rate = double(c.flagged) / c.posts;
      if (rate < floors.min_each_category)
        out.push_back(who + name + Fmt(" recall %.3f is below the floor %.3f", rate, floors.min_each_category));
    }
  }
  return out;
}

}  // namespace postcheck::cli
