// Tests for the initials detector: honorific + surname and capital initial pairs, with the original casing.
#include <doctest/doctest.h>

#include "detect/detect_test_util.h"

using postcheck::testing::Detect;
using postcheck::testing::Found;

TEST_CASE("initials: honorific and surname") {
  CHECK(Detect("initials", "saw Mr Smith today") == Found{"Mr Smith"});
  CHECK(Detect("initials", "Mrs J Brown and Dr. Patel") == Found{"Mrs J Brown", "Dr. Patel"});
  CHECK(Detect("initials", "Miss O'Brien, Ms Smith-Jones, Mx Lee") == Found{"Miss O'Brien", "Ms Smith-Jones", "Mx Lee"});
  CHECK(Detect("initials", "Mr J.B. Priestley") == Found{"Mr J.B. Priestley"});
}

TEST_CASE("initials: initial pairs") {
  CHECK(Detect("initials", "patient J.B. was discharged") == Found{"J.B."});
  CHECK(Detect("initials", "patient JB was discharged") == Found{"JB"});
  CHECK(Detect("initials", "patient J. B. again") == Found{"J. B."});
}

TEST_CASE("initials: casing, acronyms and words") {
  CHECK(Detect("initials", "mr smith and dr patel").empty());
  CHECK(Detect("initials", "Mr smith").empty());
  CHECK(Detect("initials", "Miss You all").empty());
  CHECK(Detect("initials", "see the GP in the UK, OK? I AM SO TIRED").empty());
  CHECK(Detect("initials", "U.S.A. and A.M. and e.g.").empty());
  CHECK(Detect("initials", "CALL JB NOW").empty());
  CHECK(Detect("initials", "jb lower case").empty());
}
