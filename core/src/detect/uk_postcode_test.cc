// Tests for the uk_postcode detector: every outward format, spacing and case, and ordinary words.
#include <doctest/doctest.h>

#include "detect/detect_test_util.h"

using postcheck::testing::Detect;
using postcheck::testing::Found;

TEST_CASE("uk_postcode: all outward formats") {
  CHECK(Detect("uk_postcode", "lives at M1 1AE now") == Found{"M1 1AE"});
  CHECK(Detect("uk_postcode", "B33 8TH") == Found{"B33 8TH"});
  CHECK(Detect("uk_postcode", "W1A 0AX") == Found{"W1A 0AX"});
  CHECK(Detect("uk_postcode", "CR2 6XH") == Found{"CR2 6XH"});
  CHECK(Detect("uk_postcode", "DN55 1PT") == Found{"DN55 1PT"});
  CHECK(Detect("uk_postcode", "EC1A 1BB") == Found{"EC1A 1BB"});
  CHECK(Detect("uk_postcode", "HP21 8AL, Aylesbury") == Found{"HP21 8AL"});
  CHECK(Detect("uk_postcode", "GIR 0AA") == Found{"GIR 0AA"});
}

TEST_CASE("uk_postcode: case and spacing tolerant") {
  CHECK(Detect("uk_postcode", "sw1a 1aa") == Found{"sw1a 1aa"});
  CHECK(Detect("uk_postcode", "SW1A1AA") == Found{"SW1A1AA"});
  CHECK(Detect("uk_postcode", "M11AE") == Found{"M11AE"});
  CHECK(Detect("uk_postcode", "ex31  4jb") == Found{"ex31  4jb"});
  CHECK(Detect("uk_postcode", "ＳＷ１Ａ １ＡＡ") == Found{"ＳＷ１Ａ １ＡＡ"});
}

TEST_CASE("uk_postcode: no hits on words, partial codes or invalid letters") {
  CHECK(Detect("uk_postcode", "The patient in bed 4 was happy").empty());
  CHECK(Detect("uk_postcode", "SW1A on its own").empty());
  CHECK(Detect("uk_postcode", "covid19 a1b2c3 2024").empty());
  CHECK(Detect("uk_postcode", "M1 1CE").empty());     // C is not an inward letter
  CHECK(Detect("uk_postcode", "QA1 1AA").empty());    // Q cannot start
  CHECK(Detect("uk_postcode", "XM1 1AAB").empty());
  CHECK(Detect("uk_postcode", "AM1 1AAX").empty());
}
