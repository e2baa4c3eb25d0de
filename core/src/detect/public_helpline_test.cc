// Tests for the public_helpline detector: short codes as tokens, 116 numbers, freephone/0300 numbers.
#include <doctest/doctest.h>

#include "detect/detect_test_util.h"

using postcheck::testing::Detect;
using postcheck::testing::Found;

TEST_CASE("public_helpline: short numbers as their own token") {
  CHECK(Detect("public_helpline", "call 111 or 999") == Found{"111", "999"});
  CHECK(Detect("public_helpline", "NHS 111, then 112.") == Found{"111", "112"});
  CHECK(Detect("public_helpline", "Samaritans 116 123, Childline 116111") == Found{"116 123", "116111"});
  CHECK(Detect("public_helpline", "PALS 0300 123 1234") == Found{"0300 123 1234"});
  CHECK(Detect("public_helpline", "free on 0800 123 4567 or 0808 800 5000") ==
        Found{"0800 123 4567", "0808 800 5000"});
}

TEST_CASE("public_helpline: not inside other numbers") {
  CHECK(Detect("public_helpline", "1111 and 9990").empty());
  CHECK(Detect("public_helpline", "999 123 4560").empty());
  CHECK(Detect("public_helpline", "£111 or 111.50 or 111%").empty());
  CHECK(Detect("public_helpline", "07700 900111").empty());
  CHECK(Detect("public_helpline", "12 111").empty());
  CHECK(Detect("public_helpline", "room111").empty());
}
