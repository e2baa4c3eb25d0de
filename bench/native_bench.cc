// Native engine benchmark: ruleset compile time, per-check latency (p50/p95) and throughput, cold start and peak memory; prints one JSON object.
//
// Usage: native_bench --rules BUNDLE.json [--trust ID] [--iters N] [--min-ms MS] [--budget-ms MS]
//                     [--max-findings N] [--compile-iters N] [--cold [--pack RULESET.pack]] POST.txt...
// --cold times one pass of everything a fresh process must do, once the rule files are in memory,
// before its first answer (ICU start-up, compile, first check) and exits; the caller runs it in
// several fresh processes. With --pack it loads that packed ruleset (scripts/pack-ruleset.mjs), as
// the extension starts, instead of the bundle's rule files.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "postcheck/checker.h"
#include "postcheck/ruleset.h"

using Clock = std::chrono::steady_clock;
using nlohmann::json;

static double Ms(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

static std::string ReadFile(const std::string& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) { std::fprintf(stderr, "cannot read %s\n", p.c_str()); std::exit(2); }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

static double Percentile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t i = static_cast<size_t>(q * (v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

int main(int argc, char** argv) {
  std::string rules_path, trust, pack_path;
  int iters = 200, compile_iters = 5;
  double min_ms = 1000;
  bool cold = false;
  bool per_rule = false;  // time each rule alone (all others disabled) on the first post
  postcheck::CheckLimits limits;
  std::vector<std::string> posts;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string { if (i + 1 >= argc) { std::fprintf(stderr, "%s needs a value\n", a.c_str()); std::exit(2); } return argv[++i]; };
    if (a == "--rules") rules_path = next();
    else if (a == "--trust") trust = next();
    else if (a == "--iters") iters = std::stoi(next());
    else if (a == "--min-ms") min_ms = std::stod(next());
    else if (a == "--compile-iters") compile_iters = std::stoi(next());
    else if (a == "--budget-ms") limits.total_budget_ms = std::stod(next());
    else if (a == "--max-findings") limits.max_findings = std::stoul(next());
    else if (a == "--max-units") limits.max_text_units = std::stoul(next());
    else if (a == "--cold") cold = true;
    else if (a == "--pack") pack_path = next();
    else if (a == "--per-rule") per_rule = true;
    else posts.push_back(a);
  }
  if (rules_path.empty()) { std::fprintf(stderr, "--rules BUNDLE.json is required\n"); return 2; }

  std::vector<postcheck::SourceFile> files;
  for (const auto& f : json::parse(ReadFile(rules_path)))
    files.push_back({f.at("name").get<std::string>(), f.at("text").get<std::string>()});
  size_t rule_bytes = 0;
  for (const auto& f : files) rule_bytes += f.text.size();

  json out;
  // First load: in a fresh process this includes ICU's one-time start-up. A cold start loads as
  // the wasm engine does (wasm/bindings.cc): only the Trust in use is compiled, by MakeChecker.
  // Until 2026-12-05 it compiled every Trust's rules as well, two checkers' work that the wasm
  // side does not do (~17 of ~43 ms).
  postcheck::LoadOptions load_options;
  load_options.compile_all_trusts = !cold;
  load_options.examples = !cold;  // the extension's everyday load skips them too
  const std::string pack = pack_path.empty() ? std::string() : ReadFile(pack_path);
  const auto t0 = Clock::now();
  auto rs = pack_path.empty() ? postcheck::LoadRuleset(files, load_options)
                              : postcheck::LoadPackedRuleset(pack, pack_path, load_options);
  const auto t1 = Clock::now();
  if (!rs.ok()) { std::fprintf(stderr, "ruleset: %s\n", rs.status().ToString().c_str()); return 1; }
  postcheck::CheckerOptions opt;
  opt.trust = trust.empty() && !rs.value()->trusts().empty() ? rs.value()->trusts()[0].id : trust;
  auto checker = postcheck::MakeChecker(rs.value(), opt);
  const auto t2 = Clock::now();
  if (!checker.ok()) { std::fprintf(stderr, "checker: %s\n", checker.status().ToString().c_str()); return 1; }

  if (cold) {
    std::u16string first = posts.empty() ? u"hello" : postcheck::Utf8ToUtf16(ReadFile(posts[0]));
    auto r = checker.value()->Check(first, limits);
    const auto t3 = Clock::now();
    // From the files in memory to the first answer, as bench/wasm_cold.mjs times the wasm
    // engine: reading and parsing the bundle file is the harness's work on both sides (it was
    // inside this interval until 2026-12-05, ~7 ms of a ~51 ms native cold start).
    out["cold_ms"] = Ms(t0, t3);
    out["first_load_ms"] = Ms(t0, t1);
    out["make_checker_ms"] = Ms(t1, t2);
    out["first_check_ms"] = Ms(t2, t3);
    out["first_findings"] = r.findings.size();
    std::printf("%s\n", out.dump().c_str());
    return 0;
  }

  // Warm compile time: LoadRuleset + MakeChecker again, ICU already up (what a ruleset update costs).
  std::vector<double> compile;
  for (int i = 0; i < compile_iters; ++i) {
    const auto a = Clock::now();
    auto again = postcheck::LoadRuleset(files);
    auto c = postcheck::MakeChecker(again.value(), opt);
    compile.push_back(Ms(a, Clock::now()));
  }
  out["rules"] = rs.value()->rules().size();
  out["rule_bytes"] = rule_bytes;
  out["trust"] = opt.trust;
  out["first_load_ms"] = Ms(t0, t1);
  out["compile_ms_p50"] = Percentile(compile, 0.5);

  json results = json::array();
  for (const auto& p : posts) {
    const std::string utf8 = ReadFile(p);
    const std::u16string text = postcheck::Utf8ToUtf16(utf8);
    for (int i = 0; i < 3; ++i) checker.value()->Check(text, limits);  // warm caches
    std::vector<double> samples;
    size_t findings = 0;
    bool truncated = false;
    const auto begin = Clock::now();
    while (static_cast<int>(samples.size()) < iters || Ms(begin, Clock::now()) < min_ms) {
      const auto a = Clock::now();
      auto r = checker.value()->Check(text, limits);
      samples.push_back(Ms(a, Clock::now()));
      findings = r.findings.size();
      truncated = r.truncated;
      if (samples.size() >= 100000) break;
    }
    double sum = 0;
    for (double s : samples) sum += s;
    const double mean = sum / samples.size();
    results.push_back({{"file", p}, {"units", text.size()}, {"utf8_bytes", utf8.size()},
                       {"samples", samples.size()}, {"p50_ms", Percentile(samples, 0.5)},
                       {"p95_ms", Percentile(samples, 0.95)}, {"mean_ms", mean},
                       {"mb_per_s", utf8.size() / 1e6 / (mean / 1000)},
                       {"ns_per_unit", mean * 1e6 / std::max<size_t>(1, text.size())},
                       {"findings", findings}, {"truncated", truncated}});
  }
  out["posts"] = results;

  if (per_rule && !posts.empty()) {
    // Which rules the time goes to: each rule checked alone, the same post, the same limits.
    const std::u16string text = postcheck::Utf8ToUtf16(ReadFile(posts[0]));
    json rules = json::array();
    for (const auto& rule : rs.value()->rules()) {
      postcheck::CheckerOptions only = opt;
      for (const auto& other : rs.value()->rules())
        if (other.id != rule.id) only.disabled_rules.push_back(other.id);
      auto c = postcheck::MakeChecker(rs.value(), only);
      if (!c.ok()) continue;
      std::vector<double> samples;
      for (int i = 0; i < 2; ++i) c.value()->Check(text, limits);
      for (int i = 0; i < std::max(5, iters / 4); ++i) {
        const auto a = Clock::now();
        c.value()->Check(text, limits);
        samples.push_back(Ms(a, Clock::now()));
      }
      rules.push_back({{"rule", rule.id}, {"p50_ms", Percentile(samples, 0.5)}});
    }
    out["per_rule"] = rules;
  }
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  out["peak_rss_kb"] = ru.ru_maxrss;
  std::printf("%s\n", out.dump().c_str());
  return 0;
}
