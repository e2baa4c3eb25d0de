// Tests for the uk_phone detector: formats, prefixes and non-matches.
#include <doctest/doctest.h>

#include "detect/detect_test_util.h"

using postcheck::testing::Detect;
using postcheck::testing::Found;

TEST_CASE("uk_phone: mobiles and landlines in common formats") {
  CHECK(Detect("uk_phone", "ring me on 07700 900123 later") == Found{"07700 900123"});
  CHECK(Detect("uk_phone", "07700900123") == Found{"07700900123"});
  CHECK(Detect("uk_phone", "07700-900-123") == Found{"07700-900-123"});
  CHECK(Detect("uk_phone", "comms on 01494 734959.") == Found{"01494 734959"});
  CHECK(Detect("uk_phone", "(01494) 734959") == Found{"(01494) 734959"});
  CHECK(Detect("uk_phone", "020 7946 0958") == Found{"020 7946 0958"});
  CHECK(Detect("uk_phone", "0345 123 4567") == Found{"0345 123 4567"});
  CHECK(Detect("uk_phone", "+44 (0)20 7946 0958") == Found{"+44 (0)20 7946 0958"});
  CHECK(Detect("uk_phone", "+447700900123") == Found{"+447700900123"});
  CHECK(Detect("uk_phone", "+44 7700 900123") == Found{"+44 7700 900123"});
  CHECK(Detect("uk_phone", "０７７００ ９００１２３") == Found{"０７７００ ９００１２３"});
  CHECK(Detect("uk_phone", "07700 900123 or 020 7946 0958") == Found{"07700 900123", "020 7946 0958"});
}

TEST_CASE("uk_phone: not helplines, short numbers or longer runs") {
  CHECK(Detect("uk_phone", "call 111").empty());
  CHECK(Detect("uk_phone", "0300 123 1234").empty());
  CHECK(Detect("uk_phone", "0800 123 4567").empty());
  CHECK(Detect("uk_phone", "077009001234").empty());
  CHECK(Detect("uk_phone", "12 07700 900123").empty());
  CHECK(Detect("uk_phone", "0770 090").empty());
  CHECK(Detect("uk_phone", "943 476 5919").empty());
  CHECK(Detect("uk_phone", "score 3-1 in 2024").empty());
}
