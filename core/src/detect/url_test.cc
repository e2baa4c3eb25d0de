// Tests for the url detector.
#include <doctest/doctest.h>

#include "detect/detect_test_util.h"

using postcheck::testing::Detect;
using postcheck::testing::Found;

TEST_CASE("url: schemes, www and bare domains") {
  CHECK(Detect("url", "see https://www.nhs.uk/conditions/flu/. Thanks") == Found{"https://www.nhs.uk/conditions/flu/"});
  CHECK(Detect("url", "(http://example.com/a_(b))") == Found{"http://example.com/a_(b)"});
  CHECK(Detect("url", "visit www.buckshealthcare.nhs.uk!") == Found{"www.buckshealthcare.nhs.uk"});
  CHECK(Detect("url", "on example.co.uk and nhs.uk/jobs.") == Found{"example.co.uk", "nhs.uk/jobs"});
  CHECK(Detect("url", "HTTPS://X.COM/ABC") == Found{"HTTPS://X.COM/ABC"});
}

TEST_CASE("url: abbreviations, file names, emails and versions are not links") {
  CHECK(Detect("url", "e.g. this, i.e. that, etc. and so on").empty());
  CHECK(Detect("url", "report.pdf and notes.docx").empty());
  CHECK(Detect("url", "mail jane@nhs.net").empty());
  CHECK(Detect("url", "version 1.2.3 is out.Next week").empty());
  CHECK(Detect("url", "http:// alone").empty());
}
