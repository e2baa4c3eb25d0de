// Tests for the time detector.
#include <doctest/doctest.h>

#include "detect/detect_test_util.h"

using postcheck::testing::Detect;
using postcheck::testing::Found;

TEST_CASE("time: clock formats") {
  CHECK(Detect("time", "at 14:30 today") == Found{"14:30"});
  CHECK(Detect("time", "at 2.30pm and 3am") == Found{"2.30pm", "3am"});
  CHECK(Detect("time", "3 p.m. sharp") == Found{"3 p.m."});
  CHECK(Detect("time", "0300 hrs, 1430h") == Found{"0300 hrs", "1430h"});
  CHECK(Detect("time", "09:15:30") == Found{"09:15:30"});
  CHECK(Detect("time", "11:45 PM") == Found{"11:45 PM"});
  CHECK(Detect("time", "１４：３０") == Found{"１４：３０"});
}

TEST_CASE("time: not times") {
  CHECK(Detect("time", "score 3-1, ratio 1:2, cost 2.30, 25:61").empty());
  CHECK(Detect("time", "2024 and 0300 alone").empty());
  CHECK(Detect("time", "13pm and 2400 hrs").empty());
  CHECK(Detect("time", "I am here, 5 amps").empty());
  CHECK(Detect("time", "version 1.2.3").empty());
}
