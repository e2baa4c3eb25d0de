// `postcheck rules eval`: argument parsing and the text/JSON report around EvalReport.
#include "rules_eval.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "eval_report.h"
#include "postcheck/suggest.h"
#include "labelled_posts.h"
#include "postcheck/checker.h"
#include "postcheck/ruleset.h"
#include "rule_files.h"

namespace postcheck::cli {

const char* const kRulesEvalUsage = R"(usage: postcheck rules eval FILE.jsonl [options]

Scores the rules on labelled posts, the way staff meet them: a post is flagged when a finding
has severity warn or block at the chosen sensitivity (default medium, the extension's default).
Prints, for each Trust: warned (must-flag posts with any warning), category recall (must-flag
posts warned in one of their expected categories), false alarms (must-pass posts with any
warning), borderline posts apart, recall per category, and each rule's hits and false alarms.

FILE.jsonl: one post per line, {"id", "text", "expect": [categories]} ([] = must not be flagged;
"labels" is read as "expect"; "borderline": true scores a post apart; "trust" limits it to one).

options:
  --trust ID            score this Trust only (repeatable; default: every Trust in the ruleset)
  --min-confidence L    sensitivity: low, medium (default) or high
  --rules DIR|BUNDLE    the ruleset (default: the shipped rules folder)
  --draft FILE          try a draft rule file in place of the one of the same name (repeatable)
  --ids FILE            score only the posts whose ids are listed (one per line, # comments)
  --exclude-ids FILE    leave out the posts whose ids are listed
  --show WHAT           also list posts: misses, false-alarms, borderline or all
  --format text|json    json is for scripts (rules/CATALOG.md is generated from it)
  --min-warned X, --min-category-recall X, --min-each-category X, --max-false-alarms X
                        floors (0 to 1); exit 1 when any is not met. --min-each-category applies
                        to categories with at least 5 posts.

example:
  postcheck rules eval ../shared/eval/real-cases-dev.jsonl --trust bht --show misses
)";

namespace {

using json = nlohmann::ordered_json;

struct EvalArgs {
  std::string file, rules, min_conf = "medium", format = "text", show, ids, exclude_ids;
  std::vector<std::string> trusts, drafts;
  EvalFloors floors;
};

int Usage(const std::string& error) {
  std::fprintf(stderr, "postcheck rules eval: %s\n\n%s", error.c_str(), kRulesEvalUsage);
  return 2;
}

bool ParseFraction(const std::string& s, double* out) {
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (s.empty() || *end != '\0' || v < 0 || v > 1) return false;
  *out = v;
  return true;
}

std::string Rate(int n, int of) {
  char buf[64];
  if (of == 0) return "n/a";
  std::snprintf(buf, sizeof buf, "%.3f (%d/%d)", double(n) / of, n, of);
  return buf;
}

std::string Snippet(const std::string& s, size_t max = 140) {
  std::string one;
  for (char c : s) one += (c == '\n' || c == '\r') ? ' ' : c;
  if (one.size() <= max) return one;
  size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(one[cut]) & 0xC0) == 0x80) --cut;  // UTF-8 boundary
  return one.substr(0, cut) + "…";
}

std::string FindingList(const PostOutcome& o) {
  if (o.flagging.empty()) return "no warning";
  std::string s;
  std::u16string text = Utf8ToUtf16(o.post->text);
  for (const auto& f : o.flagging) {
    if (!s.empty()) s += "; ";
    s += f.rule + " '" + Utf16ToUtf8(std::u16string_view(text).substr(f.start, f.end - f.start)) + "'";
  }
  return s;
}

std::string Join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ",") + x;
  return s;
}

void PrintText(const EvalArgs& a, const Ruleset& rs, const std::vector<EvalReport>& reports, size_t total) {
  const EvalReport& first = reports.front();
  std::printf("rules eval: %s\n", a.file.c_str());
  std::printf("ruleset %s %s, sensitivity %s%s\n", rs.name().c_str(), rs.version().c_str(), a.min_conf.c_str(),
              a.min_conf == "medium" ? " (what staff see by default)" : "");
  std::printf("%zu posts: %d must flag, %d must pass, %d borderline (scored apart)", total, first.must_flag,
              first.must_pass, first.borderline);
  if (first.skipped_other_trust) std::printf(", %d for another Trust", first.skipped_other_trust);
  std::set<std::string> rule_ids;
  for (const auto& r : reports)
    for (const auto& [id, s] : r.rules) rule_ids.insert(id);
  int width = 28;  // the label column fits the longest rule id, so every row stays one line
  for (const auto& id : rule_ids) width = std::max(width, int(id.size()) + 2);
  std::printf("\n\n%-*s", width, "");
  for (const auto& r : reports) std::printf("  %-20s", ("trust " + r.trust).c_str());
  auto row = [&](const std::string& label, auto cell) {
    std::printf("\n%-*s", width, label.c_str());
    for (const auto& r : reports) std::printf("  %-20s", cell(r).c_str());
  };
  row("warned", [](const EvalReport& r) { return Rate(r.warned, r.must_flag); });
  row("category recall", [](const EvalReport& r) { return Rate(r.category_recalled, r.must_flag); });
  row("false alarms", [](const EvalReport& r) { return Rate(r.false_alarms, r.must_pass); });
  row("borderline flagged", [](const EvalReport& r) { return Rate(r.borderline_flagged, r.borderline); });
  std::printf("\n\nrecall per category (posts expecting it, share warned in it)");
  for (const auto& [name, c] : first.categories) {
    if (c.posts == 0) continue;
    row("  " + name, [&](const EvalReport& r) {
      const auto& x = r.categories.at(name);
      return Rate(x.flagged, x.posts);
    });
  }
  std::printf("\n\nper rule: hits / other category / false alarms");
  for (const auto& id : rule_ids) {
    row(id, [&](const EvalReport& r) {
      auto it = r.rules.find(id);
      RuleScore s = it == r.rules.end() ? RuleScore{} : it->second;
      return std::to_string(s.hits) + " / " + std::to_string(s.off_category) + " / " + std::to_string(s.false_alarms);
    });
  }
  std::printf("\n");
  if (a.show.empty()) return;
  for (const auto& r : reports) {
    bool all = a.show == "all";
    if (all || a.show == "misses")
      for (const auto& o : r.misses)
        std::printf("[%s] MISS %s (%s): %s\n    -> %s\n", r.trust.c_str(), o.post->id.c_str(),
                    Join(o.post->expect).c_str(), Snippet(o.post->text).c_str(), FindingList(o).c_str());
    if (all || a.show == "false-alarms")
      for (const auto& o : r.false_alarm_posts)
        std::printf("[%s] FALSE ALARM %s: %s\n    -> %s\n", r.trust.c_str(), o.post->id.c_str(),
                    Snippet(o.post->text).c_str(), FindingList(o).c_str());
    if (all || a.show == "borderline")
      for (const auto& o : r.borderline_posts)
        std::printf("[%s] BORDERLINE %s (%s): %s\n    -> %s\n", r.trust.c_str(), o.post->id.c_str(),
                    Join(o.post->expect).c_str(), Snippet(o.post->text).c_str(), FindingList(o).c_str());
  }
}

json Counted(int n, int of) { return json{{"n", n}, {"of", of}, {"rate", of ? double(n) / of : 0.0}}; }

void PrintJson(const EvalArgs& a, const Ruleset& rs, const std::vector<EvalReport>& reports) {
  json out = {{"file", a.file},
              {"ruleset", {{"name", rs.name()}, {"version", rs.version()}}},
              {"sensitivity", a.min_conf},
              {"trusts", json::array()}};
  for (const auto& r : reports) {
    json t = {{"trust", r.trust},
              {"warned", Counted(r.warned, r.must_flag)},
              {"category_recall", Counted(r.category_recalled, r.must_flag)},
              {"false_alarms", Counted(r.false_alarms, r.must_pass)},
              {"borderline_flagged", Counted(r.borderline_flagged, r.borderline)},
              {"categories", json::object()},
              {"rules", json::object()},
              {"misses", json::array()},
              {"false_alarm_posts", json::array()}};
    for (const auto& [name, c] : r.categories) t["categories"][name] = Counted(c.flagged, c.posts);
    for (const auto& [id, s] : r.rules)
      t["rules"][id] = {{"hits", s.hits}, {"off_category", s.off_category}, {"false_alarms", s.false_alarms}};
    for (const auto& o : r.misses) t["misses"].push_back(o.post->id);
    for (const auto& o : r.false_alarm_posts) t["false_alarm_posts"].push_back(o.post->id);
    out["trusts"].push_back(std::move(t));
  }
  std::puts(out.dump(2, ' ', false, json::error_handler_t::replace).c_str());
}

}  // namespace

int RunRulesEval(int argc, char** argv, const char* argv0) {
  EvalArgs a;
  for (int i = 0; i < argc; ++i) {
    std::string s = argv[i];
    auto value = [&](std::string* out) {
      if (i + 1 >= argc) return false;
      *out = argv[++i];
      return true;
    };
    auto fraction = [&](double* out) {
      std::string v;
      return value(&v) && ParseFraction(v, out);
    };
    std::string v;
    if (s == "-h" || s == "--help") { std::fputs(kRulesEvalUsage, stdout); return 0; }
    else if (s == "--trust") { if (!value(&v)) return Usage("--trust needs a Trust id"); a.trusts.push_back(v); }
    else if (s == "--draft") { if (!value(&v)) return Usage("--draft needs a file"); a.drafts.push_back(v); }
    else if (s == "--rules") { if (!value(&a.rules)) return Usage("--rules needs a folder or bundle"); }
    else if (s == "--min-confidence") { if (!value(&a.min_conf)) return Usage("--min-confidence needs low, medium or high"); }
    else if (s == "--format") { if (!value(&a.format) || (a.format != "text" && a.format != "json")) return Usage("--format must be text or json"); }
    else if (s == "--show") {
      if (!value(&a.show) || (a.show != "misses" && a.show != "false-alarms" && a.show != "borderline" && a.show != "all"))
        return Usage("--show must be misses, false-alarms, borderline or all");
    }
    else if (s == "--ids") { if (!value(&a.ids)) return Usage("--ids needs a file"); }
    else if (s == "--exclude-ids") { if (!value(&a.exclude_ids)) return Usage("--exclude-ids needs a file"); }
    else if (s == "--min-warned") { if (!fraction(&a.floors.min_warned)) return Usage(s + " needs a number from 0 to 1"); }
    else if (s == "--min-category-recall") { if (!fraction(&a.floors.min_category_recall)) return Usage(s + " needs a number from 0 to 1"); }
    else if (s == "--min-each-category") { if (!fraction(&a.floors.min_each_category)) return Usage(s + " needs a number from 0 to 1"); }
    else if (s == "--max-false-alarms") { if (!fraction(&a.floors.max_false_alarms)) return Usage(s + " needs a number from 0 to 1"); }
    else if (s.size() > 1 && s[0] == '-')
      return Usage("unknown option " + s +
                   DidYouMean(s, {"--trust", "--draft", "--rules", "--min-confidence", "--format", "--show", "--ids",
                                  "--exclude-ids", "--min-warned", "--min-category-recall", "--min-each-category",
                                  "--max-false-alarms", "--help"}));
    else if (a.file.empty()) a.file = s;
    else return Usage("one labelled file at a time (got " + a.file + " and " + s + ")");
  }
  if (a.file.empty()) return Usage("which labelled posts? give a .jsonl file");
  CheckerOptions base;
  if (!ParseConfidence(a.min_conf, &base.min_confidence)) return Usage("--min-confidence must be low, medium or high");

  auto fail = [](const Status& s) {
    std::fprintf(stderr, "%s\n", s.ToString().c_str());
    return 2;
  };
  auto posts = ReadLabelledPosts(a.file);
  if (!posts.ok()) return fail(posts.status());
  std::vector<LabelledPost> selected = std::move(posts).value();
  auto filter = [&](const std::string& path, bool keep_listed) -> Status {
    if (path.empty()) return Status::Ok();
    auto ids = ReadIdList(path);
    if (!ids.ok()) return ids.status();
    std::set<std::string> listed(ids.value().begin(), ids.value().end());
    std::set<std::string> present;
    for (const auto& p : selected) present.insert(p.id);
    for (const auto& id : listed)  // a stale list must not silently shrink what is scored
      if (!present.count(id))
        return Status::Error(StatusCode::kInvalidArgument, "id '" + id + "' is not in " + a.file, Location{path});
    std::vector<LabelledPost> kept;
    for (auto& p : selected)
      if (listed.count(p.id) == keep_listed) kept.push_back(std::move(p));
    selected = std::move(kept);
    return Status::Ok();
  };
  if (Status s = filter(a.ids, true); !s.ok()) return fail(s);
  if (Status s = filter(a.exclude_ids, false); !s.ok()) return fail(s);

  auto files = ReadRuleFiles(a.rules.empty() ? DefaultRulesDir(argv0) : a.rules, a.drafts);
  if (!files.ok()) return fail(files.status());
  auto rs = LoadRuleset(files.value());
  if (!rs.ok()) return fail(rs.status());
  if (a.trusts.empty())
    for (const auto& t : rs.value()->trusts()) a.trusts.push_back(t.id);
  if (a.trusts.empty()) a.trusts.push_back("");

  std::vector<EvalReport> reports;
  for (const auto& trust : a.trusts) {
    CheckerOptions o = base;
    o.trust = trust;
    auto checker = MakeChecker(rs.value(), o);
    if (!checker.ok()) return fail(checker.status());
    reports.push_back(ScorePosts(selected, *checker.value()));
  }
  if (a.format == "json") PrintJson(a, *rs.value(), reports);
  else PrintText(a, *rs.value(), reports, selected.size());

  std::vector<std::string> failures;
  for (const auto& r : reports)
    for (auto& f : FloorFailures(r, a.floors)) failures.push_back(std::move(f));
  for (const auto& f : failures) std::fprintf(stderr, "floor not met: %s\n", f.c_str());
  return failures.empty() ? 0 : 1;
}

}  // namespace postcheck::cli
