// Tests for the age detector.
#include <doctest/doctest.h>

#include "detect/detect_test_util.h"

using postcheck::testing::Detect;
using postcheck::testing::Found;

TEST_CASE("age: written ages") {
  CHECK(Detect("age", "lovely 94 y/o lady") == Found{"94 y/o"});
  CHECK(Detect("age", "94yo man, 87 yo woman") == Found{"94yo", "87 yo"});
  CHECK(Detect("age", "aged 94, Age: 3") == Found{"aged 94", "Age: 3"});
  CHECK(Detect("age", "a 94 years old, a 94-year-old and a 94 year old") ==
        Found{"94 years old", "94-year-old", "94 year old"});
  CHECK(Detect("age", "6 month old baby, 2 yrs old") == Found{"6 month old", "2 yrs old"});
  CHECK(Detect("age", "he is 80 years of age") == Found{"80 years of age"});
  CHECK(Detect("age", "９４ y.o.") == Found{"９４ y.o."});
}

TEST_CASE("age: durations, counts and years are not ages") {
  CHECK(Detect("age", "I'm 30 years into my career").empty());
  CHECK(Detect("age", "in 1954 and 2024").empty());
  CHECK(Detect("age", "94 you know").empty());
  CHECK(Detect("age", "Age UK and age concern").empty());
  CHECK(Detect("age", "aged 300 and 1.5 years old").empty());
  CHECK(Detect("age", "10 years ago").empty());
}
