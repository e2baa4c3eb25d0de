// ClosestName: slips of the keyboard and wrong letter case find their name; unrelated words find nothing.
#include "postcheck/suggest.h"

#include <doctest/doctest.h>

namespace postcheck {

TEST_CASE("close names are suggested, far ones are not") {
  std::vector<std::string> keys = {"severity", "message", "category", "examples"};
  CHECK(ClosestName("servity", keys) == "severity");
  CHECK(ClosestName("mesage", keys) == "message");
  CHECK(ClosestName("colour", keys) == "");
  CHECK(DidYouMean("catgory", keys) == " (did you mean 'category'?)");
  CHECK(DidYouMean("zzz", keys) == "");
}

TEST_CASE("letter case alone is a slip") {
  CHECK(ClosestName("NDHT", {"bht", "ndht"}) == "ndht");
  CHECK(ClosestName("chek", {"check", "rules", "explain", "help"}) == "check");
}

TEST_CASE("short words need a near match") {
  CHECK(ClosestName("id", {"in", "ids"}) == "in");  // one edit is allowed...
  CHECK(ClosestName("ab", {"xyz"}) == "");           // ...but not three
}

}  // namespace postcheck
