// Tests for the ward_bed detector.
#include <doctest/doctest.h>

#include "detect/detect_test_util.h"

using postcheck::testing::Detect;
using postcheck::testing::Found;

TEST_CASE("ward_bed: locations") {
  CHECK(Detect("ward_bed", "Lovely lady in bed 4 today") == Found{"bed 4"});
  CHECK(Detect("ward_bed", "Bed 12B, Bay 3 on Ward 10") == Found{"Bed 12B", "Bay 3", "Ward 10"});
  CHECK(Detect("ward_bed", "on Ward C.") == Found{"Ward C"});
  CHECK(Detect("ward_bed", "side room 2 and side-room 3 and SR2") == Found{"side room 2", "side-room 3", "SR2"});
  CHECK(Detect("ward_bed", "cubicle 5, resus 2, resus bay 1") == Found{"cubicle 5", "resus 2", "resus bay 1"});
  CHECK(Detect("ward_bed", "bed no. 7 and bed #8") == Found{"bed no. 7", "bed #8"});
  CHECK(Detect("ward_bed", "ｂｅｄ　４") == Found{"ｂｅｄ　４"});
}

TEST_CASE("ward_bed: ordinary prose") {
  CHECK(Detect("ward_bed", "Bed bath and beyond").empty());
  CHECK(Detect("ward_bed", "went to bed 2 hours ago, in bed by 10pm").empty());
  CHECK(Detect("ward_bed", "the ward a few days ago, toward 5").empty());
  CHECK(Detect("ward_bed", "4 bed house, bedside 3, bays 4").empty());
  CHECK(Detect("ward_bed", "ebay 3 and Cardiff Bay 2019").empty());
  CHECK(Detect("ward_bed", "sr 2 lowercase").empty());
}
