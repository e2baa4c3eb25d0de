// The `postcheck` command: check posts like a linter, lint and test rule files, explain a rule.
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "postcheck/checker.h"
#include "postcheck/ruleset.h"
#include "rule_files.h"

namespace pc = postcheck;
// ordered_json keeps "id" first in JSONL output, as callers read it.
using json = nlohmann::ordered_json;

namespace {

constexpr int kExitOk = 0, kExitBlock = 1, kExitUsage = 2;

const char* kUsage = R"(usage:
  postcheck check [--trust ID] [--site HOST] [--format text|json|jsonl] [--min-confidence low|medium|high]
                  [--rules DIR|BUNDLE] [--draft FILE]... [FILE|-]
  postcheck rules lint [--rules DIR|BUNDLE] [FILES...]
  postcheck rules test [--rules DIR|BUNDLE] [FILES...]
  postcheck explain RULE [--trust ID] [--rules DIR|BUNDLE]

check reads one post from FILE or standard input (jsonl: one {"id","text"} object per line).
Exit status: 1 when a block-level finding was reported, 2 on usage or ruleset errors, else 0.
FILES given to `rules` (and --draft to check) replace the rule file of the same name, or are added:
that is how a draft rule file is tried against the shipped ruleset.
)";

struct Args {
  std::string command, sub;
  std::string trust, site, format = "text", rules, min_conf = "low";
  std::vector<std::string> positional, drafts;
};

bool ParseArgs(int argc, char** argv, Args* a, std::string* error) {
  std::vector<std::string> v(argv + 1, argv + argc);
  if (v.empty()) { *error = "no command"; return false; }
  size_t i = 0;
  a->command = v[i++];
  if (a->command == "rules") {
    if (i >= v.size()) { *error = "rules needs 'lint' or 'test'"; return false; }
    a->sub = v[i++];
  }
  for (; i < v.size(); ++i) {
    const std::string& s = v[i];
    auto value = [&](std::string* out) {
      if (i + 1 >= v.size()) { *error = s + " needs a value"; return false; }
      *out = v[++i];
      return true;
    };
    if (s == "--trust") { if (!value(&a->trust)) return false; }
    else if (s == "--site") { if (!value(&a->site)) return false; }
    else if (s == "--format") { if (!value(&a->format)) return false; }
    else if (s == "--rules") { if (!value(&a->rules)) return false; }
    else if (s == "--min-confidence") { if (!value(&a->min_conf)) return false; }
    else if (s == "--draft") { std::string d; if (!value(&d)) return false; a->drafts.push_back(d); }
    else if (s == "-h" || s == "--help") { *error = ""; return false; }
    else if (s.size() > 1 && s[0] == '-' && s != "-") { *error = "unknown option " + s; return false; }
    else a->positional.push_back(s);
  }
  return true;
}

// "file:line:col: $.path: message" (what docs/rules-guide.md shows), so editors can jump to the line.
void PrintStatus(const pc::Status& s) {
  if (s.where.file.empty()) std::fprintf(stderr, "postcheck: error: %s\n", s.ToString().c_str());
  else std::fprintf(stderr, "%s\n", s.ToString().c_str());
}

pc::Result<std::shared_ptr<const pc::Ruleset>> Load(const Args& a, const char* argv0,
                                                    const std::vector<std::string>& overrides) {
  std::string dir = a.rules.empty() ? pc::cli::DefaultRulesDir(argv0) : a.rules;
  auto files = pc::cli::ReadRuleFiles(dir, overrides);
  if (!files.ok()) return files.status();
  return pc::LoadRuleset(files.value());
}

json FindingJson(const pc::Finding& f, std::u16string_view text) {
  return json{{"rule", f.rule},
              {"category", f.category},
              {"severity", pc::SeverityName(f.severity)},
              {"confidence", pc::ConfidenceName(f.confidence)},
              {"start", f.start},
              {"end", f.end},
              {"text", pc::Utf16ToUtf8(text.substr(f.start, f.end - f.start))},
              {"title", f.title},
              {"message", f.message},
              {"advice", f.advice},
              {"policy_ref", f.policy_ref},
              {"policy_url", f.policy_url}};
}

std::pair<int, int> LineCol(std::u16string_view text, uint32_t offset) {
  int line = 1, col = 1;
  for (uint32_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == u'\n') { ++line; col = 1; }
    else if ((text[i] & 0xFC00) != 0xDC00) ++col;  // count code points, not surrogate halves
  }
  return {line, col};
}

// JSON.stringify writes a lone surrogate as "\ud800", which nlohmann rejects; such text is
// still a post to check, so unpaired surrogate escapes become "\ufffd" before parsing (the
// offsets stay right: one UTF-16 unit either way).
std::string ReplaceLoneSurrogateEscapes(const std::string& line) {
  auto hex4 = [&](size_t at, unsigned* v) {
    if (at + 6 > line.size() || line[at] != '\\' || line[at + 1] != 'u') return false;
    unsigned x = 0;
    for (size_t k = at + 2; k < at + 6; ++k) {
      char c = line[k];
      x <<= 4;
      if (c >= '0' && c <= '9') x |= c - '0';
      else if (c >= 'a' && c <= 'f') x |= c - 'a' + 10;
      else if (c >= 'A' && c <= 'F') x |= c - 'A' + 10;
      else return false;
    }
    *v = x;
    return true;
  };
  if (line.find("\\u") == std::string::npos) return line;
  std::string out;
  out.reserve(line.size());
  for (size_t i = 0; i < line.size();) {
    unsigned v = 0, w = 0;
    if (line[i] == '\\' && i + 1 < line.size() && line[i + 1] != 'u') {  // other escapes, incl. "\\"
      out.append(line, i, 2);
      i += 2;
      continue;
    }
    if (hex4(i, &v) && v >= 0xD800 && v <= 0xDFFF) {
      if (v <= 0xDBFF && hex4(i + 6, &w) && w >= 0xDC00 && w <= 0xDFFF) {
        out.append(line, i, 12);  // a proper pair
        i += 12;
      } else {
        out += "\\ufffd";
        i += 6;
      }
      continue;
    }
    out += line[i++];
  }
  return out;
}

bool AnyBlock(const pc::CheckResult& r) {
  for (const auto& f : r.findings)
    if (f.severity == pc::Severity::kBlock) return true;
  return false;
}

int Check(const Args& a, const char* argv0) {
  if (a.format != "text" && a.format != "json" && a.format != "jsonl") {
    std::fprintf(stderr, "postcheck: --format must be text, json or jsonl\n");
    return kExitUsage;
  }
  pc::CheckerOptions o;
  o.trust = a.trust;
  o.site = a.site;
  if (!pc::ParseConfidence(a.min_conf, &o.min_confidence)) {
    std::fprintf(stderr, "postcheck: --min-confidence must be low, medium or high\n");
    return kExitUsage;
  }
  auto rs = Load(a, argv0, a.drafts);
  if (!rs.ok()) { PrintStatus(rs.status()); return kExitUsage; }
  auto checker = pc::MakeChecker(rs.value(), o);
  if (!checker.ok()) { PrintStatus(checker.status()); return kExitUsage; }
  const pc::Checker& c = *checker.value();

  std::istream* in = &std::cin;
  std::ifstream file;
  if (!a.positional.empty() && a.positional[0] != "-") {
    file.open(a.positional[0], std::ios::binary);
    if (!file) { std::fprintf(stderr, "postcheck: cannot read %s\n", a.positional[0].c_str()); return kExitUsage; }
    in = &file;
  }
  bool block = false;
  if (a.format == "jsonl") {
    std::string line;
    while (std::getline(*in, line)) {
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      json req = json::parse(ReplaceLoneSurrogateEscapes(line), nullptr, false);
      json out;
      if (req.is_discarded() || !req.is_object() || !req.contains("text") || !req["text"].is_string()) {
        out = {{"id", req.is_object() && req.contains("id") ? req["id"] : json(nullptr)},
               {"error", "each line must be a JSON object with a \"text\" string"}, {"findings", json::array()}};
      } else {
        std::u16string text = pc::Utf8ToUtf16(req["text"].get<std::string>());
        pc::CheckResult r = c.Check(text);
        block = block || AnyBlock(r);
        json fs = json::array();
        for (const auto& f : r.findings) fs.push_back(FindingJson(f, text));
        out = {{"id", req.contains("id") ? req["id"] : json(nullptr)}, {"findings", fs}};
        if (r.truncated) out["truncated"] = true;
      }
      std::string s = out.dump(-1, ' ', false, json::error_handler_t::replace);
      std::fwrite(s.data(), 1, s.size(), stdout);
      std::fputc('\n', stdout);
      std::fflush(stdout);  // a contract: callers stream requests and read answers line by line
    }
    return block ? kExitBlock : kExitOk;
  }
  std::ostringstream ss;
  ss << in->rdbuf();
  std::u16string text = pc::Utf8ToUtf16(ss.str());
  pc::CheckResult r = c.Check(text);
  block = AnyBlock(r);
  if (a.format == "json") {
    json fs = json::array();
    for (const auto& f : r.findings) fs.push_back(FindingJson(f, text));
    json out = {{"ruleset", {{"name", rs.value()->name()}, {"version", rs.value()->version()}}},
                {"trust", c.options().trust}, {"findings", fs}, {"notes", r.notes}, {"truncated", r.truncated}};
    std::puts(out.dump(2, ' ', false, json::error_handler_t::replace).c_str());
    return block ? kExitBlock : kExitOk;
  }
  std::string name = a.positional.empty() ? "<stdin>" : a.positional[0];
  for (const auto& f : r.findings) {
    auto [line, col] = LineCol(text, f.start);
    std::printf("%s:%d:%d: %s: %s [%s]\n", name.c_str(), line, col, pc::SeverityName(f.severity),
                f.message.c_str(), f.rule.c_str());
    std::printf("    \"%s\"\n", pc::Utf16ToUtf8(text.substr(f.start, f.end - f.start)).c_str());
    std::printf("    what to do: %s\n", f.advice.c_str());
    if (!f.policy_ref.empty()) std::printf("    policy: %s\n", f.policy_ref.c_str());
  }
  for (const auto& n : r.notes) std::printf("note: %s\n", n.c_str());
  std::printf("%zu finding%s (%s %s, trust %s)\n", r.findings.size(), r.findings.size() == 1 ? "" : "s",
              rs.value()->name().c_str(), rs.value()->version().c_str(), c.options().trust.c_str());
  return block ? kExitBlock : kExitOk;
}

int RulesLint(const Args& a, const char* argv0) {
  auto rs = Load(a, argv0, a.positional);
  if (!rs.ok()) { PrintStatus(rs.status()); return kExitUsage; }
  int warnings = 0;
  for (const auto& r : rs.value()->rules()) {
    int flag = 0, pass = 0;
    for (const auto& e : r.examples) (e.must_flag ? flag : pass)++;
    if (flag < 3 || pass < 3) {
      ++warnings;
      pc::Location where = rs.value()->Resolve(r.where);
      std::printf("%s:%d:%d: warning: %s: rule %s has %d flag and %d pass examples; give at least 3 of each\n",
                  where.file.c_str(), where.line, where.column, where.json_path.c_str(), r.id.c_str(), flag, pass);
    }
  }
  std::printf("%s %s: %zu rules, %zu trusts, %d warning%s\n", rs.value()->name().c_str(),
              rs.value()->version().c_str(), rs.value()->rules().size(), rs.value()->trusts().size(),
              warnings, warnings == 1 ? "" : "s");
  return kExitOk;
}

int RulesTest(const Args& a, const char* argv0) {
  auto rs = Load(a, argv0, a.positional);
  if (!rs.ok()) { PrintStatus(rs.status()); return kExitUsage; }
  size_t total = 0;
  size_t trusts = std::max<size_t>(1, rs.value()->trusts().size());
  for (const auto& r : rs.value()->rules())
    for (const auto& e : r.examples) total += (!e.trust.empty() || !r.trust.empty()) ? 1 : trusts;
  auto failures = pc::RunRuleExamples(rs.value());
  for (const auto& f : failures) {
    std::printf("%s:%d:%d: FAIL %s [trust %s]: \"%s\": %s\n", f.where.file.c_str(), f.where.line,
                f.where.column, f.rule.c_str(), f.trust.c_str(), f.example.c_str(), f.problem.c_str());
  }
  std::printf("rule examples: %zu passed, %zu failed\n", total - std::min(total, failures.size()), failures.size());
  return failures.empty() ? kExitOk : kExitBlock;
}

int Explain(const Args& a, const char* argv0) {
  if (a.positional.empty()) { std::fputs(kUsage, stderr); return kExitUsage; }
  auto rs = Load(a, argv0, {});
  if (!rs.ok()) { PrintStatus(rs.status()); return kExitUsage; }
  const pc::RuleInfo* r = rs.value()->FindRule(a.positional[0]);
  if (!r) { std::fprintf(stderr, "postcheck: no rule '%s'\n", a.positional[0].c_str()); return kExitUsage; }
  pc::CheckerOptions o;
  o.trust = a.trust;
  auto checker = pc::MakeChecker(rs.value(), o);
  if (!checker.ok()) { PrintStatus(checker.status()); return kExitUsage; }
  pc::Location where = rs.value()->Resolve(r->where);
  std::printf("%s — %s\n  category: %s\n  severity (high confidence): %s\n  defined at: %s:%d\n",
              r->id.c_str(), r->title.c_str(), r->category.c_str(), pc::SeverityName(r->severity),
              where.file.c_str(), where.line);
  // Show the message as the chosen Trust's staff would see it, by running a flag example.
  for (const auto& e : r->examples) {
    if (!e.must_flag) continue;
    auto res = checker.value()->Check(pc::Utf8ToUtf16(e.text));
    for (const auto& f : res.findings) {
      if (f.rule != r->id) continue;
      std::printf("  message: %s\n  advice: %s\n  policy: %s\n", f.message.c_str(), f.advice.c_str(), f.policy_ref.c_str());
      goto examples;
    }
  }
  std::printf("  message: %s\n  advice: %s\n", r->message.c_str(), r->advice.c_str());
examples:
  std::printf("  examples:\n");
  for (const auto& e : r->examples)
    std::printf("    %s %s\n", e.must_flag ? "flag:" : "pass:", e.text.c_str());
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  Args a;
  std::string error;
  if (!ParseArgs(argc, argv, &a, &error)) {
    if (!error.empty()) std::fprintf(stderr, "postcheck: %s\n", error.c_str());
    std::fputs(kUsage, error.empty() ? stdout : stderr);
    return error.empty() ? kExitOk : kExitUsage;
  }
  if (a.command == "check") return Check(a, argv[0]);
  if (a.command == "rules" && a.sub == "lint") return RulesLint(a, argv[0]);
  if (a.command == "rules" && a.sub == "test") return RulesTest(a, argv[0]);
  if (a.command == "explain") return Explain(a, argv[0]);
  std::fprintf(stderr, "postcheck: unknown command '%s'\n", a.command.c_str());
  std::fputs(kUsage, stderr);
  return kExitUsage;
}
