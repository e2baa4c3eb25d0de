// Tests for the date detector: numeric and written forms, validation, and look-alikes that are not dates.
#include <doctest/doctest.h>

#include "detect/detect_test_util.h"

using postcheck::testing::Detect;
using postcheck::testing::Found;

TEST_CASE("date: numeric forms") {
  CHECK(Detect("date", "DOB 12/03/1954.") == Found{"12/03/1954"});
  CHECK(Detect("date", "born 12.3.54 in") == Found{"12.3.54"});
  CHECK(Detect("date", "12-03-1954") == Found{"12-03-1954"});
  CHECK(Detect("date", "1954-03-12") == Found{"1954-03-12"});
  CHECK(Detect("date", "3/25/1954") == Found{"3/25/1954"});  // US order still a date
  CHECK(Detect("date", "１２/０３/１９５４") == Found{"１２/０３/１９５４"});
}

TEST_CASE("date: written forms") {
  CHECK(Detect("date", "on 12 March 1954 she") == Found{"12 March 1954"});
  CHECK(Detect("date", "12th Mar 1954") == Found{"12th Mar 1954"});
  CHECK(Detect("date", "12th of march, 1954") == Found{"12th of march, 1954"});
  CHECK(Detect("date", "March 12 1954") == Found{"March 12 1954"});
  CHECK(Detect("date", "March 12th, 1954") == Found{"March 12th, 1954"});
  CHECK(Detect("date", "see you on 3 May") == Found{"3 May"});
  CHECK(Detect("date", "Sept. 4 '54") == Found{"Sept. 4 '54"});
}

TEST_CASE("date: invalid or not dates") {
  CHECK(Detect("date", "32/01/1954 and 13/13/1954 and 31 February 2020").empty());
  CHECK(Detect("date", "version 1.2.3 and 1.2.34 and 1.2.3.4").empty());
  CHECK(Detect("date", "score 3-1 and 2-1-0").empty());
  CHECK(Detect("date", "2024").empty());
  CHECK(Detect("date", "in 1954").empty());
  CHECK(Detect("date", "3 may be fine").empty());
  CHECK(Detect("date", "march 12 people").empty());
  CHECK(Detect("date", "ratio 12/03 only").empty());
  CHECK(Detect("date", "943 476 5919").empty());
}
