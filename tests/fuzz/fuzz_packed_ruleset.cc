// libFuzzer harness: arbitrary bytes as a packed ruleset (LoadPackedRuleset), checksum resealed so the reader's own checks are reached.
//
// A packed ruleset ships inside the extension, so the checksum guards against damage, not malice;
// a forged block (someone able to write the file) must still be refused or run safely. Whatever
// loads is compiled for every Trust and run once. The seed (corpus/fuzz_packed_ruleset/small.pack)
// is written by tests/fuzz/make_pack_seed.mjs.
#include <cstdint>
#include <string>

#include "fuzz_common.h"
#include "postcheck/ruleset.h"
#include "rules/packed_ruleset.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string block(reinterpret_cast<const char*>(data), size);
  postcheck::ResealPackedRuleset(&block);
  auto rs = postcheck::LoadPackedRuleset(block, "fuzz/input.pack");
  fuzz::CheckStatus(rs.status());
  if (rs.ok()) fuzz::ExerciseRuleset(rs.value());
  return 0;
}
