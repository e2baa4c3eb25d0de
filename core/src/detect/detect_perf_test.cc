// Whole text pipeline on a realistic post: ordinary prose gives no detector hits, and it stays fast.
#include <chrono>
#include <string>

#include <doctest/doctest.h>

#include "detect/detect_test_util.h"
#include "text/segments.h"

using namespace postcheck;

namespace {

const char* kProse =
    "What a shift! I'm 30 years into my career and I still love this job. Bed bath and beyond "
    "was the joke of the night, the score was 3-1 to the night team, and version 1.2.3 of the rota "
    "app finally works. In 1954 the hospital opened; in 2024 we are still here. If you are unwell, "
    "call 111 rather than coming in. Thank you to everyone on the ward for the cakes. ";

std::u16string Repeat(const char* s, size_t target) {
  std::u16string one = Utf8ToUtf16(s), out;
  while (out.size() < target) out += one;
  return out;
}

}  // namespace

TEST_CASE("detectors: ordinary prose gives no hits except the helpline") {
  const std::u16string text = Repeat(kProse, 1);
  const TextView base = MakeBaseView(text);
  for (const DetectorDef& d : AllDetectors()) {
    std::vector<Span> spans;
    d.fn(DetectInput{text, base}, spans);
    if (std::string(d.name) == "public_helpline") {
      CHECK(spans.size() == 1);  // "call 111"
    } else {
      INFO("detector ", d.name);
      CHECK(spans.empty());
    }
  }
}

TEST_CASE("pipeline: views, segments and all detectors on a 3,000-character post") {
  const std::u16string text = Repeat(
      (std::string(kProse) + "Mrs J Brown, 94 y/o, bed 4, NHS 943 476 5919, DOB 12/03/1954, HP21 8AL. ").c_str(),
      3000);
  CHECK(text.size() >= 3000);
  size_t hits = 0;
  auto run = [&] {
    const TextView base = MakeBaseView(text);
    const TextView folded = MakeFoldedView(base);
    const Segments seg = Segment(text);
    std::vector<Span> spans;
    for (const DetectorDef& d : AllDetectors()) d.fn(DetectInput{text, base}, spans);
    hits = spans.size() + (folded.text.empty() ? 0 : 0) + (seg.words.empty() ? 0 : 0);
  };
  run();  // warm-up: ICU objects and skeleton caches
  constexpr int kRuns = 50;
  const auto t0 = std::chrono::steady_clock::now();
  for (int r = 0; r < kRuns; ++r) run();
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count() / kRuns;
  MESSAGE("text pipeline on ", text.size(), " units: ", ms, " ms per post");
  CHECK(hits > 0);
  CHECK(ms < 20.0);  // generous: sanitizer and wasm builds run this suite too
}
