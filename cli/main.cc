// The `postcheck` command: check posts as staff would see them, lint and test rule files, explain a rule; help on every command.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "error_report.h"
#include "help.h"
#include "postcheck/checker.h"
#include "postcheck/ruleset.h"
#include "postcheck/suggest.h"
#include "rule_files.h"
#include "rules_eval.h"

namespace pc = postcheck;
// ordered_json keeps "id" first in JSONL output, as callers read it.
using json = nlohmann::ordered_json;

namespace {

constexpr int kExitOk = 0, kExitBlock = 1, kExitUsage = 2;
// What the extension shows by default (extension/src/shared/settings.js DEFAULTS.sensitivity), so
// "try a post" here shows what staff see.
constexpr const char* kDefaultSensitivity = "medium";

struct Args {
  std::string command, sub;
  std::string trust, site, format = "text", rules, min_conf = kDefaultSensitivity;
  std::vector<std::string> positional, drafts;
  bool help = false, version = false;
};

// Options each command takes, for parsing and for "did you mean".
const std::map<std::string, std::vector<std::string>>& OptionsOf() {
  static const std::map<std::string, std::vector<std::string>> kOptions = {
      {"check", {"--trust", "--site", "--format", "--rules", "--min-confidence", "--draft"}},
      {"rules lint", {"--trust", "--rules", "--draft"}},
      {"rules test", {"--trust", "--rules", "--draft"}},
      {"explain", {"--trust", "--rules", "--draft"}},
  };
  return kOptions;
}

std::string Topic(const Args& a) { return a.sub.empty() ? a.command : a.command + " " + a.sub; }

bool ParseArgs(int argc, char** argv, Args* a, std::string* error) {
  std::vector<std::string> v(argv + 1, argv + argc);
  size_t i = 0;
  if (v.empty()) { a->help = true; return true; }
  std::string first = v[i++];
  if (first == "-h" || first == "--help") { a->help = true; return true; }
  if (first == "--version" || first == "-V" || first == "version") { a->version = true; return true; }
  if (first == "help") {
    // postcheck help rules test
    a->help = true;
    for (; i < v.size(); ++i) {
      if (a->command.empty()) a->command = v[i];
      else if (a->sub.empty()) a->sub = v[i];
    }
    if (!pc::cli::HelpFor(Topic(*a))) {
      *error = "no help on '" + Topic(*a) + "'" + pc::DidYouMean(a->command, pc::cli::CommandNames());
      return false;
    }
    return true;
  }
  a->command = first;
  if (std::find(pc::cli::CommandNames().begin(), pc::cli::CommandNames().end(), first) == pc::cli::CommandNames().end()) {
    *error = "unknown command '" + first + "'" + pc::DidYouMean(first, pc::cli::CommandNames()) +
             "; run 'postcheck --help' to see the commands";
    return false;
  }
  if (a->command == "rules") {
    if (i >= v.size()) { a->help = true; return true; }
    a->sub = v[i++];
    if (a->sub == "-h" || a->sub == "--help" || a->sub == "help") { a->sub.clear(); a->help = true; return true; }
    const auto& subs = pc::cli::RulesSubcommandNames();
    if (std::find(subs.begin(), subs.end(), a->sub) == subs.end()) {
      *error = "unknown command 'rules " + a->sub + "'" + pc::DidYouMean(a->sub, subs) +
               "; run 'postcheck rules --help'";
      return false;
    }
  }
  auto known = OptionsOf().find(Topic(*a));
  std::vector<std::string> options = known == OptionsOf().end() ? std::vector<std::string>{} : known->second;
  for (; i < v.size(); ++i) {
    const std::string& s = v[i];
    if (s == "-h" || s == "--help") { a->help = true; return true; }
    if (s == "--version") { a->version = true; return true; }
    std::string name = s, inline_value;
    bool has_inline = false;
    if (size_t eq = s.find('='); s.rfind("--", 0) == 0 && eq != std::string::npos) {
      name = s.substr(0, eq);
      inline_value = s.substr(eq + 1);
      has_inline = true;
    }
    bool is_option = name.size() > 1 && name[0] == '-' && name != "-";
    if (!is_option) { a->positional.push_back(s); continue; }
    if (std::find(options.begin(), options.end(), name) == options.end()) {
      *error = "unknown option " + name + " for 'postcheck " + Topic(*a) + "'" + pc::DidYouMean(name, options) +
               "; run 'postcheck " + Topic(*a) + " --help'";
      return false;
    }
    std::string value;
    if (has_inline) value = inline_value;
    else if (i + 1 < v.size()) value = v[++i];
    else { *error = name + " needs a value; run 'postcheck " + Topic(*a) + " --help'"; return false; }
    if (name == "--trust") a->trust = value;
    else if (name == "--site") a->site = value;
    else if (name == "--format") a->format = value;
    else if (name == "--rules") a->rules = value;
    else if (name == "--min-confidence") a->min_conf = value;
    else if (name == "--draft") a->drafts.push_back(value);
  }
  return true;
}

// A loaded ruleset and the files it came from (for showing the line of an error).
struct Loaded {
  std::vector<pc::SourceFile> files;
  std::shared_ptr<const pc::Ruleset> ruleset;
  std::vector<std::string> notes;  // what each draft replaced
};

// Reads and loads the rules; on error prints it (with the line and a caret) and returns false.
bool Load(const Args& a, const char* argv0, const std::vector<std::string>& drafts, Loaded* out) {
  std::string dir = a.rules.empty() ? pc::cli::DefaultRulesDir(argv0) : a.rules;
  pc::cli::ReadOptions options;
  options.only_trust = a.trust;
  auto files = pc::cli::ReadRuleFiles(dir, drafts, options, &out->notes);
  if (!files.ok()) {
    pc::cli::PrintLoadErrors(files.status(), {}, stderr);
    return false;
  }
  out->files = files.value();
  for (const auto& n : out->notes) std::fprintf(stderr, "postcheck: %s\n", n.c_str());
  auto rs = pc::LoadRuleset(out->files);
  if (!rs.ok()) {
    pc::cli::PrintLoadErrors(rs.status(), out->files, stderr);
    return false;
  }
  out->ruleset = rs.value();
  return true;
}

// An unknown --trust, said before the checker says it, with a suggestion.
bool TrustKnown(const Args& a, const pc::Ruleset& rs) {
  if (a.trust.empty()) return true;
  std::vector<std::string> ids;
  for (const auto& t : rs.trusts()) ids.push_back(t.id);
  if (ids.empty() || std::find(ids.begin(), ids.end(), a.trust) != ids.end()) return true;
  std::string list;
  for (const auto& id : ids) list += (list.empty() ? "" : ", ") + id;
  std::fprintf(stderr, "postcheck: unknown Trust '%s'%s; this ruleset has: %s\n", a.trust.c_str(),
               pc::DidYouMean(a.trust, ids).c_str(), list.c_str());
  return false;
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

// "line 1, characters 16-20": the place in words, counting characters as a person does (from 1,
// the last one included).
std::string Position(std::u16string_view text, uint32_t start, uint32_t end) {
  auto [line, col] = LineCol(text, start);
  auto [end_line, end_col] = LineCol(text, end > start ? end - 1 : start);
  std::string out = "line " + std::to_string(line) + ", character";
  if (end_line != line) return out + " " + std::to_string(col) + " to line " + std::to_string(end_line) + ", character " + std::to_string(end_col);
  if (end_col == col) return out + " " + std::to_string(col);
  return out + "s " + std::to_string(col) + "-" + std::to_string(end_col);
}

const char* SeverityWords(pc::Severity s) {
  // The words the extension's card uses.
  switch (s) {
    case pc::Severity::kBlock: return "must fix";
    case pc::Severity::kWarn: return "warning";
    default: return "note";
  }
}

void PrintPostErrorAndUsage(const std::string& message, const std::string& topic) {
  std::fprintf(stderr, "postcheck: %s\n", message.c_str());
  std::fprintf(stderr, "run 'postcheck %s --help' for help\n", topic.c_str());
}

int Check(const Args& a, const char* argv0) {
  if (a.format != "text" && a.format != "json" && a.format != "jsonl") {
    PrintPostErrorAndUsage("--format must be text, json or jsonl" + pc::DidYouMean(a.format, {"text", "json", "jsonl"}), "check");
    return kExitUsage;
  }
  pc::CheckerOptions o;
  o.trust = a.trust;
  o.site = a.site;
  if (!pc::ParseConfidence(a.min_conf, &o.min_confidence)) {
    PrintPostErrorAndUsage("--min-confidence must be low, medium or high" + pc::DidYouMean(a.min_conf, {"low", "medium", "high"}), "check");
    return kExitUsage;
  }
  Loaded loaded;
  if (!Load(a, argv0, a.drafts, &loaded)) return kExitUsage;
  if (!TrustKnown(a, *loaded.ruleset)) return kExitUsage;
  auto checker = pc::MakeChecker(loaded.ruleset, o);
  if (!checker.ok()) { pc::cli::PrintLoadErrors(checker.status(), loaded.files, stderr); return kExitUsage; }
  const pc::Checker& c = *checker.value();
  const pc::Ruleset& rs = *loaded.ruleset;

  std::istream* in = &std::cin;
  std::ifstream file;
  bool from_stdin = a.positional.empty() || a.positional[0] == "-";
  if (!from_stdin) {
    file.open(a.positional[0], std::ios::binary);
    if (!file) { std::fprintf(stderr, "postcheck: cannot read %s\n", a.positional[0].c_str()); return kExitUsage; }
    in = &file;
  }
  if (from_stdin && isatty(STDIN_FILENO)) {
    // Without this a newcomer sees nothing happen and thinks it hangs.
    std::fputs(a.format == "jsonl"
                   ? "Waiting for posts, one {\"id\": ..., \"text\": ...} per line; Ctrl-D to finish.\n"
                   : "Type or paste the post, then press Enter and Ctrl-D to check it (on Windows: Ctrl-Z, then Enter).\n",
               stderr);
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
    json out = {{"ruleset", {{"name", rs.name()}, {"version", rs.version()}}},
                {"trust", c.options().trust}, {"min_confidence", pc::ConfidenceName(o.min_confidence)},
                {"findings", fs}, {"notes", r.notes}, {"truncated", r.truncated}};
    std::puts(out.dump(2, ' ', false, json::error_handler_t::replace).c_str());
    return block ? kExitBlock : kExitOk;
  }
  // Text: one card per finding, as the extension shows it.
  std::string where = from_stdin ? "" : a.positional[0] + ", ";
  for (const auto& f : r.findings) {
    std::printf("%s (%s) at %s%s: \"%s\"\n", f.title.c_str(), SeverityWords(f.severity), where.c_str(),
                Position(text, f.start, f.end).c_str(), pc::Utf16ToUtf8(text.substr(f.start, f.end - f.start)).c_str());
    std::printf("    %s\n", f.message.c_str());
    if (!f.advice.empty()) std::printf("    What to do instead: %s\n", f.advice.c_str());
    std::printf("    %s%srule %s, %s confidence\n\n", f.policy_ref.empty() ? "" : ("Policy: " + f.policy_ref).c_str(),
                f.policy_ref.empty() ? "" : " · ", f.rule.c_str(), pc::ConfidenceName(f.confidence));
  }
  for (const auto& n : r.notes) std::printf("note: %s\n", n.c_str());
  std::string trust_name = c.options().trust;
  for (const auto& t : rs.trusts())
    if (t.id == c.options().trust) trust_name = t.name + " (" + t.id + ")";
  std::printf("%zu finding%s for %s, ruleset %s %s, sensitivity %s%s.\n", r.findings.size(),
              r.findings.size() == 1 ? "" : "s", trust_name.c_str(), rs.name().c_str(), rs.version().c_str(),
              pc::ConfidenceName(o.min_confidence),
              a.min_conf == kDefaultSensitivity ? " (what staff see by default)" : "");
  if (o.min_confidence != pc::Confidence::kLow) {
    // Say what the sensitivity hides, so nobody mistakes "nothing shown" for "nothing found".
    pc::CheckerOptions all = o;
    all.min_confidence = pc::Confidence::kLow;
    auto every = pc::MakeChecker(loaded.ruleset, all);
    if (every.ok()) {
      size_t hidden = every.value()->Check(text).findings.size();
      hidden = hidden > r.findings.size() ? hidden - r.findings.size() : 0;
      if (hidden > 0)
        std::printf("%zu more at lower confidence %s not shown: staff see %s only with the sensitivity \"More "
                    "warnings (low)\"; add --min-confidence low to see %s.\n",
                    hidden, hidden == 1 ? "is" : "are", hidden == 1 ? "it" : "them", hidden == 1 ? "it" : "them");
    }
  }
  return block ? kExitBlock : kExitOk;
}

int RulesLint(const Args& a, const char* argv0) {
  std::vector<std::string> drafts = a.drafts;
  drafts.insert(drafts.end(), a.positional.begin(), a.positional.end());
  Loaded loaded;
  if (!Load(a, argv0, drafts, &loaded)) return kExitUsage;
  const pc::Ruleset& rs = *loaded.ruleset;
  int warnings = 0;
  for (const auto& r : rs.rules()) {
    int flag = 0, pass = 0;
    for (const auto& e : r.examples) (e.must_flag ? flag : pass)++;
    if (flag < 3 || pass < 3) {
      ++warnings;
      pc::Location where = rs.Resolve(r.where);
      std::printf("%s:%d:%d: warning: %s: rule %s has %d flag and %d pass examples; give at least 3 of each\n",
                  where.file.c_str(), where.line, where.column, where.json_path.c_str(), r.id.c_str(), flag, pass);
    }
  }
  std::printf("%s %s: %zu rules, %zu trusts, %d warning%s\n", rs.name().c_str(), rs.version().c_str(),
              rs.rules().size(), rs.trusts().size(), warnings, warnings == 1 ? "" : "s");
  return kExitOk;
}

int RulesTest(const Args& a, const char* argv0) {
  std::vector<std::string> drafts = a.drafts;
  drafts.insert(drafts.end(), a.positional.begin(), a.positional.end());
  Loaded loaded;
  if (!Load(a, argv0, drafts, &loaded)) return kExitUsage;
  if (!TrustKnown(a, *loaded.ruleset)) return kExitUsage;
  auto failures = pc::RunRuleExamples(loaded.ruleset);
  // Count what ran: each example once per Trust it applies to, less rules a Trust switched off.
  size_t total = 0;
  for (const auto& r : loaded.ruleset->rules()) {
    for (const auto& e : r.examples) {
      for (const auto& t : loaded.ruleset->trusts()) {
        if ((!e.trust.empty() && e.trust != t.id) || (!r.trust.empty() && r.trust != t.id)) continue;
        total += !(e.must_flag && pc::TrustSwitchesOff(t, r));
      }
      if (loaded.ruleset->trusts().empty()) ++total;
    }
  }
  for (const auto& f : failures) {
    std::printf("%s:%d:%d: FAIL %s [trust %s]: \"%s\": %s\n", f.where.file.c_str(), f.where.line,
                f.where.column, f.rule.c_str(), f.trust.c_str(), f.example.c_str(), f.problem.c_str());
  }
  std::string which = a.trust.empty() ? "" : " (trust " + a.trust + ")";
  std::printf("rule examples%s: %zu passed, %zu failed\n", which.c_str(), total - std::min(total, failures.size()),
              failures.size());
  return failures.empty() ? kExitOk : kExitBlock;
}

int Explain(const Args& a, const char* argv0) {
  if (a.positional.empty()) { PrintPostErrorAndUsage("explain needs a rule id, such as commercial_gain.sales_pitch", "explain"); return kExitUsage; }
  Loaded loaded;
  if (!Load(a, argv0, a.drafts, &loaded)) return kExitUsage;
  if (!TrustKnown(a, *loaded.ruleset)) return kExitUsage;
  const pc::Ruleset& rs = *loaded.ruleset;
  const pc::RuleInfo* r = rs.FindRule(a.positional[0]);
  if (!r) {
    std::vector<std::string> ids;
    for (const auto& x : rs.rules()) ids.push_back(x.id);
    std::fprintf(stderr, "postcheck: no rule '%s'%s; rule ids are listed in rules/CATALOG.md\n", a.positional[0].c_str(),
                 pc::DidYouMean(a.positional[0], ids).c_str());
    return kExitUsage;
  }
  pc::CheckerOptions o;
  o.trust = a.trust;
  auto checker = pc::MakeChecker(loaded.ruleset, o);
  if (!checker.ok()) { pc::cli::PrintLoadErrors(checker.status(), loaded.files, stderr); return kExitUsage; }
  pc::Location where = rs.Resolve(r->where);
  std::printf("%s — %s\n  category: %s\n  severity (high confidence): %s\n  defined at: %s:%d\n",
              r->id.c_str(), r->title.c_str(), r->category.c_str(), pc::SeverityName(r->severity),
              where.file.c_str(), where.line);
  for (const auto& t : rs.trusts()) {
    if (!a.trust.empty() && t.id != a.trust) continue;
    bool off = pc::TrustSwitchesOff(t, *r);
    auto sev = t.severity_overrides.find(r->id);
    if (off) std::printf("  %s's profile switches this rule off\n", t.id.c_str());
    else if (sev != t.severity_overrides.end())
      std::printf("  %s's profile sets its severity to %s\n", t.id.c_str(), pc::SeverityName(sev->second));
  }
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
    std::printf("    %s %s%s\n", e.must_flag ? "flag:" : "pass:", e.text.c_str(),
                e.trust.empty() ? "" : ("  [" + e.trust + " only]").c_str());
  return kExitOk;
}

int Version(const Args& a, const char* argv0) {
  std::printf("postcheck %s\n", pc::cli::ProgramVersion());
  std::string dir = a.rules.empty() ? pc::cli::DefaultRulesDir(argv0) : a.rules;
  auto files = pc::cli::ReadRuleFiles(dir, {});
  if (!files.ok()) { std::printf("rules: none found (%s)\n", files.status().ToString().c_str()); return kExitOk; }
  auto rs = pc::LoadRuleset(files.value());
  if (!rs.ok()) std::printf("rules in %s: do not load (run postcheck rules lint)\n", dir.c_str());
  else std::printf("rules: %s %s, in %s\n", rs.value()->name().c_str(), rs.value()->version().c_str(), dir.c_str());
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  // rules eval has options of its own (floors, id lists), so it parses its own arguments.
  if (argc >= 3 && std::strcmp(argv[1], "rules") == 0 && std::strcmp(argv[2], "eval") == 0)
    return pc::cli::RunRulesEval(argc - 3, argv + 3, argv[0]);
  Args a;
  std::string error;
  if (!ParseArgs(argc, argv, &a, &error)) {
    std::fprintf(stderr, "postcheck: %s\n", error.c_str());
    return kExitUsage;
  }
  if (a.version) return Version(a, argv[0]);
  if (a.help) {
    const char* text = pc::cli::HelpFor(Topic(a));
    std::fputs(text ? text : pc::cli::HelpFor(""), stdout);
    return kExitOk;
  }
  if (a.command == "check") return Check(a, argv[0]);
  if (a.command == "rules" && a.sub == "lint") return RulesLint(a, argv[0]);
  if (a.command == "rules" && a.sub == "test") return RulesTest(a, argv[0]);
  if (a.command == "explain") return Explain(a, argv[0]);
  std::fputs(pc::cli::HelpFor(""), stdout);
  return kExitOk;
}
