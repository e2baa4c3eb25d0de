// libFuzzer harness: arbitrary bytes as one rules file, loaded alone and then alongside the real bundle.
//
// Alone, the input reaches the JSON-with-comments parser and the schema checks. When it is valid
// enough to get past syntax (a syntax error would be the same with or without other files), it is
// also loaded as an extra file of the real ruleset, where it can add rules and trusts, reuse ids,
// reference term sets and fail examples. Whatever loads is compiled into checkers and run once.
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "fuzz_common.h"
#include "postcheck/checker.h"
#include "postcheck/ruleset.h"

namespace {

std::vector<postcheck::SourceFile>* g_bundle = nullptr;

void CheckStatus(const postcheck::Status& s) {
  if (s.ok()) return;
  if (s.message.empty()) fuzz::Fail("error status without a message");
  // ToString must be safe to show for any input (it goes into the options page and CLI output).
  std::string shown = s.ToString();
  if (shown.empty()) fuzz::Fail("empty Status::ToString()");
  if (s.where.line < 0 || s.where.column < 0) fuzz::Fail("negative error location: " + shown);
}

void Exercise(const std::shared_ptr<const postcheck::Ruleset>& rs) {
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
    fuzz::AssertResultInvariants(kText, c.value()->Check(kText, limits), limits);
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  g_bundle = new std::vector<postcheck::SourceFile>(fuzz::LoadRealRuleFiles());
  if (!g_bundle->empty()) {
    auto rs = postcheck::LoadRuleset(*g_bundle);
    if (!rs.ok()) fuzz::Fail("real ruleset does not load: " + rs.status().ToString());
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  postcheck::SourceFile input{"fuzz/input.json", std::string(reinterpret_cast<const char*>(data), size)};

  auto alone = postcheck::LoadRuleset({input});
  CheckStatus(alone.status());
  if (alone.ok()) Exercise(alone.value());
  if (!alone.ok() && alone.status().code == postcheck::StatusCode::kSyntaxError) return 0;
  if (g_bundle->empty()) return 0;

  std::vector<postcheck::SourceFile> files = *g_bundle;
  files.push_back(input);
  auto together = postcheck::LoadRuleset(files);
  CheckStatus(together.status());
  if (together.ok()) Exercise(together.value());
  return 0;
}
