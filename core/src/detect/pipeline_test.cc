// Whole text pipeline on a realistic post: ordinary prose gives no detector hits; all stages run together.
#include "text/utf.h"
#include <random>
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

// The detectors that skip a text without a digit (DetectInput::has_digit) must find nothing in one even when told it
// has a digit: random texts from the words and marks their patterns are made of, digits left out.
TEST_CASE("detectors that need a digit find nothing in digit-free texts even when not skipped") {
  const std::vector<std::string> pieces = {"bed", "bay", "ward", "aged", "age", "mrn", "hosp", "no.", "gir", "0aa"
                                           , "am", "pm", "hrs", "march", "may", "12th", "o", "O", "l", "I", "+", "(",
                                           ")", " ", "-", ".", ":", "/", "#", "RXQ", "y/o", "years old", "sw", "a",
                                           "nine", "four", "double", "oh", "zero", "one one one", "\xEF\xBC\x91"};
  const std::vector<std::string> need_digit = {"age", "date", "time", "hospital_number", "uk_postcode",
                                               "public_helpline", "uk_phone"};
  std::mt19937 rng(5);
  int texts = 0;
  for (int round = 0; round < 4000; ++round) {
    std::string s;
    for (size_t k = 1 + rng() % 12; k > 0; --k) s += pieces[rng() % pieces.size()] + (rng() % 2 ? " " : "");
    const std::u16string text = Utf8ToUtf16(s);
    const TextView base = MakeBaseView(text);
    if (HasAsciiDigit(base.text)) continue;  // "0aa" and the full-width one keep some texts out
    ++texts;
    DetectInput told{text, base};
    told.has_digit = true;
    for (const std::string& name : need_digit) {
      std::vector<Span> spans;
      FindDetector(name)->fn(told, spans);
      INFO(name, " on ", s);
      REQUIRE(spans.empty());
    }
  }
  CHECK(texts > 1000);
  // And a text with a digit is not skipped: the flag follows the base view, where full-width digits are ASCII.
  const std::u16string wide = Utf8ToUtf16("bed \xEF\xBC\x94");  // "bed ４"
  CHECK(DetectInput{wide, MakeBaseView(wide)}.has_digit);
}
