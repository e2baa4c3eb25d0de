// libFuzzer harness: arbitrary UTF-16 text (lone surrogates, NULs, controls included) checked against the real ruleset.
//
// Input layout: byte 0 chooses the trust profile and the limits; the rest is read as UTF-16LE code
// units, so every 16-bit value, paired or not, reaches Check(). Every result must keep the
// invariants in fuzz_common.cc; sanitizers catch memory and UB errors on the way.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "fuzz_common.h"
#include "postcheck/checker.h"
#include "postcheck/ruleset.h"

namespace {

struct State {
  std::vector<std::unique_ptr<postcheck::Checker>> checkers;  // one per trust profile (or one)
};

State* g_state = nullptr;

State* Build() {
  auto files = fuzz::LoadRealRuleFiles();
  if (files.empty()) fuzz::Fail("fuzz_check needs the real rules");
  auto rs = postcheck::LoadRuleset(files);
  if (!rs.ok()) fuzz::Fail("real ruleset does not load: " + rs.status().ToString());
  auto* st = new State;
  std::vector<std::string> trusts;
  for (const auto& t : rs.value()->trusts()) trusts.push_back(t.id);
  if (trusts.empty()) trusts.push_back("");
  for (const auto& id : trusts) {
    postcheck::CheckerOptions opt;
    opt.trust = id;
    auto c = postcheck::MakeChecker(rs.value(), opt);
    if (!c.ok()) fuzz::Fail("MakeChecker(" + id + ") failed: " + c.status().ToString());
    st->checkers.push_back(std::move(c).value());
  }
  std::fprintf(stderr, "fuzz_check: %zu rules, %zu checkers\n", rs.value()->rules().size(),
               st->checkers.size());
  return st;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  g_state = Build();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t mode = data[0];
  ++data;
  --size;
  std::u16string text(size / 2, u'\0');
  for (size_t i = 0; i < text.size(); ++i)
    text[i] = static_cast<char16_t>(data[2 * i] | (data[2 * i + 1] << 8));

  const auto& checker = *g_state->checkers[mode % g_state->checkers.size()];
  postcheck::CheckLimits limits;
  // Small limits on some inputs reach the truncation paths (input cut mid-pair, findings capped)
  // that realistic limits would need megabytes to reach.
  if (mode & 0x10) limits.max_text_units = 1 + (mode >> 5) * 7;
  if (mode & 0x08) limits.max_findings = 1 + (mode & 0x03);
  auto result = checker.Check(text, limits);
  fuzz::AssertResultInvariants(text, result, limits);
  return 0;
}
