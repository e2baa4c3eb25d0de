// Whole text pipeline on a realistic post: ordinary prose gives no detector hits; all stages run together.
#include "text/utf.h"
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

// Speed is measured by scripts/bench.sh (benchmarks print numbers; unit tests do not time).
TEST_CASE("pipeline: views, segments and all detectors run together on a 3,000-character post") {
  const std::string sentence =
      std::string(kProse) + "Mrs J Brown, 94 y/o, bed 4, NHS 943 476 5919, DOB 12/03/1954, HP21 8AL. ";
  const std::u16string text = Repeat(sentence.c_str(), 3000);
  REQUIRE(text.size() >= 3000);
  const TextView base = MakeBaseView(text);
  const TextView folded = MakeFoldedView(base);
  const Segments seg = Segment(text);
  CHECK(folded.text.size() >= base.text.size() / 2);
  CHECK(seg.words.size() > 300);
  std::vector<Span> nhs;
  FindDetector("nhs_number")->fn(DetectInput{text, base}, nhs);
  const size_t copies = text.size() / Utf8ToUtf16(sentence).size();
  CHECK(nhs.size() >= copies);  // one NHS number per copy of the sentence, none missed
  for (const Span& s : nhs) CHECK(text.substr(s.start, s.end - s.start) == u"943 476 5919");
}
