// JsonSource: comments allowed, syntax errors located, nesting limited, paths located to the line.
#include "rules/json_source.h"

#include <doctest/doctest.h>

namespace postcheck {

TEST_CASE("comments are allowed and paths are located") {
  SourceFile f{"r.json", "// header\n{\n  \"rules\": [\n    /* one */ {\"id\": \"x\"},\n    {\"id\": \"y\", \"odd key\": 1}\n  ]\n}\n"};
  auto src = JsonSource::Parse(f, 64);
  REQUIRE(src.ok());
  Location at = src.value()->Locate("$.rules[1].id");
  CHECK(at.file == "r.json");
  CHECK(at.line == 5);
  CHECK(at.column == 12);
  CHECK(src.value()->Locate("$.rules[1][\"odd key\"]").line == 5);
  // A path that does not exist falls back to its nearest ancestor.
  CHECK(src.value()->Locate("$.rules[0].message").line == 4);
}

TEST_CASE("syntax errors name the line and column") {
  SourceFile f{"bad.json", "{\n  \"rules\": [\n    {\"id\": \"x\",}\n  ]\n}\n"};
  auto src = JsonSource::Parse(f, 64);
  REQUIRE_FALSE(src.ok());
  CHECK(src.status().code == StatusCode::kSyntaxError);
  CHECK(src.status().where.line == 3);
  CHECK(src.status().ToString().rfind("bad.json:3:", 0) == 0);
}

TEST_CASE("deep nesting is refused, not recursed into") {
  std::string deep(10000, '[');
  auto src = JsonSource::Parse({"deep.json", deep}, 64);
  REQUIRE_FALSE(src.ok());
  CHECK(src.status().message.find("nesting") != std::string::npos);
}

TEST_CASE("json paths quote odd keys") {
  CHECK(JsonPathKey("$", "rules") == "$.rules");
  CHECK(JsonPathKey("$", "odd key") == "$[\"odd key\"]");
  CHECK(JsonPathIndex("$.rules", 3) == "$.rules[3]");
}

}  // namespace postcheck

namespace postcheck {

TEST_CASE("locating in a file whose line comment ends at a carriage return terminates") {
  // Fuzzer reproducer F1: the scanner used to loop for ever (and allocate) on this input.
  auto src = JsonSource::Parse({"x.json", "{\"a\": [1 // c\r], \"b\": 2\n}"}, 64);
  REQUIRE(src.ok());
  CHECK(src.value()->Locate("$.b").line == 1);
  CHECK(src.value()->Locate("$.zzz").file == "x.json");
}

}  // namespace postcheck

namespace postcheck {

TEST_CASE("a NUL byte is refused with its position, not read as the end of the file") {
  std::string text = "{\"rules\": []}\n";
  text += '\0';
  text += " anything";
  auto src = JsonSource::Parse({"nul.json", text}, 64);
  REQUIRE_FALSE(src.ok());
  CHECK(src.status().code == StatusCode::kSyntaxError);
  CHECK(src.status().where.line == 2);
  CHECK(src.status().where.column == 1);
}

}  // namespace postcheck
