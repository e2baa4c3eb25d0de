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
#include "postcheck/ruleset.h"

namespace {

std::vector<postcheck::SourceFile>* g_bundle = nullptr;

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
  fuzz::CheckStatus(alone.status());
  if (alone.ok()) fuzz::ExerciseRuleset(alone.value());
  if (!alone.ok() && alone.status().code == postcheck::StatusCode::kSyntaxError) return 0;
  if (g_bundle->empty()) return 0;

  std::vector<postcheck::SourceFile> files = *g_bundle;
  files.push_back(input);
  auto together = postcheck::LoadRuleset(files);
  fuzz::CheckStatus(together.status());
  if (together.ok()) fuzz::ExerciseRuleset(together.value());
  return 0;
}
