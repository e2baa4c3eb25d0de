// Shared by the fuzz harnesses: real-rule discovery and the result invariants (a broken invariant aborts so libFuzzer saves the input).
#include "fuzz_common.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace fuzz {
namespace fs = std::filesystem;

void Fail(const std::string& what) {
  std::fprintf(stderr, "INVARIANT BROKEN: %s\n", what.c_str());
  std::fflush(stderr);
  std::abort();
}

static std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

static std::vector<postcheck::SourceFile> FromBundle(const fs::path& p) {
  std::vector<postcheck::SourceFile> files;
  auto j = nlohmann::json::parse(ReadFile(p), nullptr, /*allow_exceptions=*/false);
  if (!j.is_array()) return files;
  for (const auto& f : j) {
    if (!f.is_object() || !f.contains("name") || !f.contains("text")) continue;
    files.push_back({f["name"].get<std::string>(), f["text"].get<std::string>()});
  }
  return files;
}

static std::vector<postcheck::SourceFile> FromFolder(const fs::path& dir) {
  std::vector<postcheck::SourceFile> files;
  std::vector<fs::path> paths;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file() || e.path().extension() != ".json") continue;
    if (e.path().string().find("/schema/") != std::string::npos) continue;
    paths.push_back(e.path());
  }
  std::sort(paths.begin(), paths.end());  // a stable order keeps runs reproducible
  for (const auto& p : paths) files.push_back({fs::relative(p, dir.parent_path()).string(), ReadFile(p)});
  return files;
}

std::vector<postcheck::SourceFile> LoadRealRuleFiles() {
  std::vector<fs::path> candidates;
  if (const char* env = std::getenv("POSTCHECK_FUZZ_RULES")) candidates.emplace_back(env);
  candidates.emplace_back(fs::path(POSTCHECK_SOURCE_DIR) / "build/rules/bundle.json");
  candidates.emplace_back(fs::path(POSTCHECK_SOURCE_DIR) / "rules");
  for (const auto& c : candidates) {
    std::error_code ec;
    if (fs::is_regular_file(c, ec)) {
      auto files = FromBundle(c);
      if (!files.empty()) {
        std::fprintf(stderr, "fuzz: %zu rule files from %s\n", files.size(), c.c_str());
        return files;
      }
    } else if (fs::is_directory(c, ec)) {
      auto files = FromFolder(c);
      if (!files.empty()) {
        std::fprintf(stderr, "fuzz: %zu rule files from %s\n", files.size(), c.c_str());
        return files;
      }
    }
  }
  std::fprintf(stderr, "fuzz: no real rules found (set POSTCHECK_FUZZ_RULES or run scripts/build.sh)\n");
  return {};
}

static bool IsLow(char16_t c) { return c >= 0xDC00 && c <= 0xDFFF; }
static bool IsHigh(char16_t c) { return c >= 0xD800 && c <= 0xDBFF; }

// An offset splits a pair when it falls between a high surrogate and the low one after it.
static bool SplitsPair(std::u16string_view t, uint32_t off) {
  return off > 0 && off < t.size() && IsHigh(t[off - 1]) && IsLow(t[off]);
}

void AssertResultInvariants(std::u16string_view text, const postcheck::CheckResult& r,
                            const postcheck::CheckLimits& limits) {
  const size_t checked = std::min(text.size(), limits.max_text_units);
  if (r.findings.size() > limits.max_findings)
    Fail("more findings than max_findings: " + std::to_string(r.findings.size()));
  if (text.size() > limits.max_text_units && !r.truncated)
    Fail("input longer than max_text_units but result not marked truncated");
  for (size_t i = 0; i < r.findings.size(); ++i) {
    const auto& f = r.findings[i];
    const std::string at = "finding " + std::to_string(i) + " (" + f.rule + ") [" +
                           std::to_string(f.start) + "," + std::to_string(f.end) + ")";
    if (f.start >= f.end) Fail(at + ": empty or reversed span");
    if (f.end > checked) Fail(at + ": end past the checked text (" + std::to_string(checked) + ")");
    if (SplitsPair(text, f.start) || SplitsPair(text, f.end)) Fail(at + ": splits a surrogate pair");
    if (f.rule.empty() || f.category.empty()) Fail(at + ": missing rule id or category");
    if (i > 0) {
      const auto& p = r.findings[i - 1];
      // The documented order (finding.h): start, then longest first, then rule id.
      bool ordered = p.start < f.start || (p.start == f.start && (p.end > f.end ||
                     (p.end == f.end && p.rule <= f.rule)));
      if (!ordered) Fail(at + ": findings not sorted by start, longest first, rule");
    }
  }
}

void CheckStatus(const postcheck::Status& s) {
  if (s.ok()) return;
  if (s.message.empty()) Fail("error status without a message");
  // ToString must be safe to show for any input (it goes into the options page and CLI output).
  std::string shown = s.ToString();
  if (shown.empty()) Fail("empty Status::ToString()");
  if (s.where.line < 0 || s.where.column < 0) Fail("negative error location: " + shown);
}

void ExerciseRuleset(const std::shared_ptr<const postcheck::Ruleset>& rs) {
  static const std::u16string kText =
      u"Lovely lady in bed 4 today, NHS 943 476 5919, call 07700 900123. Views my own. "
      u"\U0001F600 Stoke Mandeville Hospital is rubbish, f*ck this.";
  std::vector<std::string> trusts;
  for (const auto& t : rs->trusts()) trusts.push_back(t.id);
  if (trusts.empty()) trusts.push_back("");
  for (const auto& id : trusts) {
    postcheck::CheckerOptions opt;
    opt.trust = id;
    auto c = postcheck::MakeChecker(rs, opt);
    if (!c.ok()) {
      CheckStatus(c.status());
      continue;
    }
    postcheck::CheckLimits limits;
    AssertResultInvariants(kText, c.value()->Check(kText, limits), limits);
  }
}

}  // namespace fuzz
