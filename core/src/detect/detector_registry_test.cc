// Tests for the detector table: sorted, complete, and looked up by name.
#include <cstring>

#include <doctest/doctest.h>

#include "detect/detector.h"

TEST_CASE("registry: every documented detector, sorted by name") {
  const auto& all = postcheck::AllDetectors();
  const char* expected[] = {"age", "date", "email", "hospital_number", "initials", "nhs_number",
                            "public_helpline", "time", "uk_phone", "uk_postcode", "url", "ward_bed"};
  REQUIRE(all.size() == sizeof(expected) / sizeof(expected[0]));
  for (size_t i = 0; i < all.size(); ++i) {
    CHECK(std::strcmp(all[i].name, expected[i]) == 0);
    CHECK((all[i].fn != nullptr));
    CHECK(std::strlen(all[i].description) > 0);
  }
  CHECK(postcheck::FindDetector("nhs_number") == &all[5]);
  CHECK(postcheck::FindDetector("nope") == nullptr);
}
