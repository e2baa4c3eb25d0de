// Tests for the hospital_number detector.
#include <doctest/doctest.h>

#include "detect/detect_test_util.h"

using postcheck::testing::Detect;
using postcheck::testing::Found;

TEST_CASE("hospital_number: labelled numbers") {
  CHECK(Detect("hospital_number", "MRN 1234567 seen") == Found{"MRN 1234567"});
  CHECK(Detect("hospital_number", "hospital number 123456") == Found{"hospital number 123456"});
  CHECK(Detect("hospital_number", "hosp no A123456 and Hosp. No.: K1234567") ==
        Found{"hosp no A123456", "Hosp. No.: K1234567"});
  CHECK(Detect("hospital_number", "RN: 1234567") == Found{"RN: 1234567"});
  CHECK(Detect("hospital_number", "mrn:12345678") == Found{"mrn:12345678"});
  CHECK(Detect("hospital_number", "label RXQ1234567 here") == Found{"RXQ1234567"});
}

TEST_CASE("hospital_number: unlabelled or short numbers are not enough") {
  CHECK(Detect("hospital_number", "ref 1234567 and K1234567").empty());
  CHECK(Detect("hospital_number", "MRN 12345 is short").empty());
  CHECK(Detect("hospital_number", "an RN 1234567 strong team").empty());
  CHECK(Detect("hospital_number", "rxq1234567 lower case").empty());
  CHECK(Detect("hospital_number", "MRN 12345678901").empty());
}

TEST_CASE("hospital_number: ten-digit numbers do not overflow (fuzz_check, UBSan)") {
  // Once overflowed an int while reading the digits; the sanitizer build of this suite catches it.
  CHECK(Detect("hospital_number", "MRN 9999999999") == Found{"MRN 9999999999"});
}
