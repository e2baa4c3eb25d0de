// Tests for the nhs_number detector: check digit, groupings, spelled-out digits and non-matches.
#include <doctest/doctest.h>

#include "detect/detect_test_util.h"

using postcheck::testing::Detect;
using postcheck::testing::Found;

TEST_CASE("nhs_number: valid numbers in any grouping") {
  CHECK(Detect("nhs_number", "NHS no 943 476 5919 thanks") == Found{"943 476 5919"});
  CHECK(Detect("nhs_number", "9434765919") == Found{"9434765919"});
  CHECK(Detect("nhs_number", "943-476-5919.") == Found{"943-476-5919"});
  CHECK(Detect("nhs_number", "943.476.5919") == Found{"943.476.5919"});
  CHECK(Detect("nhs_number", "94 34 76 59 19") == Found{"94 34 76 59 19"});
  CHECK(Detect("nhs_number", "943 - 476 - 5919") == Found{"943 - 476 - 5919"});
  // 450 123 456x: weights give 4*10+5*9+0+1*7+2*6+3*5+4*4+5*3+6*2 = 162, 162 mod 11 = 8, check 3
  CHECK(Detect("nhs_number", "450 123 4563") == Found{"450 123 4563"});
  CHECK(Detect("nhs_number", "full-width ９４３ ４７６ ５９１９") == Found{"９４３ ４７６ ５９１９"});
  CHECK(Detect("nhs_number", "bed 4 943 476 5919") == Found{"943 476 5919"});
}

TEST_CASE("nhs_number: wrong check digit, test range, longer runs") {
  CHECK(Detect("nhs_number", "943 476 5918").empty());
  CHECK(Detect("nhs_number", "450 123 4564").empty());
  CHECK(Detect("nhs_number", "999 123 4560").empty());  // valid check digit, test range
  CHECK(Detect("nhs_number", "99434765919").empty());
  CHECK(Detect("nhs_number", "94347659190").empty());
  CHECK(Detect("nhs_number", "A9434765919").empty());
  CHECK(Detect("nhs_number", "+44 943 476 5919").empty());
  CHECK(Detect("nhs_number", "call 111").empty());
  CHECK(Detect("nhs_number", "in 2024 we saw 1954 people").empty());
}

TEST_CASE("nhs_number: the check digit decides, computed for every last digit") {
  int hits = 0;
  for (int last = 0; last <= 9; ++last) {
    hits += !Detect("nhs_number", "943 476 591" + std::to_string(last)).empty();
  }
  CHECK(hits == 1);
}

TEST_CASE("nhs_number: spelled out") {
  CHECK(Detect("nhs_number", "it's nine four three four seven six five nine one nine ok") ==
        Found{"nine four three four seven six five nine one nine"});
  CHECK(Detect("nhs_number", "Four five oh, one two three, four five six three") ==
        Found{"Four five oh, one two three, four five six three"});
  CHECK(Detect("nhs_number", "four five zero one two three four five six three") ==
        Found{"four five zero one two three four five six three"});
  CHECK(Detect("nhs_number", "nine four three double four ... no") == Found{});
  CHECK(Detect("nhs_number", "nine four three four seven six five nine one eight").empty());
  CHECK(Detect("nhs_number", "one two three four five six seven eight nine zero one").empty());
}
