// Tests for the email detector.
#include <doctest/doctest.h>

#include "detect/detect_test_util.h"

using postcheck::testing::Detect;
using postcheck::testing::Found;

TEST_CASE("email: addresses in text") {
  CHECK(Detect("email", "mail jane.smith@nhs.net today") == Found{"jane.smith@nhs.net"});
  CHECK(Detect("email", "<comms+press@buckshealthcare.nhs.uk>.") == Found{"comms+press@buckshealthcare.nhs.uk"});
  CHECK(Detect("email", "A@B.CO.UK and x_y@example.com") == Found{"A@B.CO.UK", "x_y@example.com"});
  CHECK(Detect("email", "ｊｏｅ＠ｎｈｓ．ｎｅｔ") == Found{"ｊｏｅ＠ｎｈｓ．ｎｅｔ"});
}

TEST_CASE("email: handles, bare @ and incomplete domains are not addresses") {
  CHECK(Detect("email", "follow @ndht on twitter").empty());
  CHECK(Detect("email", "meet @ 3pm").empty());
  CHECK(Detect("email", "joe@localhost or joe@nhs.").empty());
  CHECK(Detect("email", "joe@nhs.n1").empty());
}
