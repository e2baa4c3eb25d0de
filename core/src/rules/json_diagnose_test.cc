// DiagnoseJsonSyntax: each everyday mistake in a rules file is named as the mistake, on the line where it is fixed.
#include "rules/json_diagnose.h"

#include <doctest/doctest.h>

#include "rules/json_source.h"

namespace postcheck {
namespace {

Status Parse(const std::string& text) {
  auto r = JsonSource::Parse({"t.json", text}, 64);
  return r.ok() ? Status::Ok() : r.status();
}

}  // namespace

TEST_CASE("a comma missing at the end of a line is named on that line, not the next") {
  // The parser trips over the next line's first text; the fix belongs after "a".
  Status s = Parse("{\n  \"terms\": [\n    \"a\"\n    \"b\"\n  ]\n}\n");
  REQUIRE(s.code == StatusCode::kSyntaxError);
  CHECK(s.message.find("missing comma") != std::string::npos);
  CHECK(s.where.line == 3);
  CHECK(s.where.column == 8);  // right after "a"
}

TEST_CASE("a comma missing between members of a group is named too") {
  Status s = Parse("{\"id\": \"x\" // note\n \"category\": \"y\"}");
  CHECK(s.message.find("missing comma") != std::string::npos);
  CHECK(s.where.line == 1);
}

TEST_CASE("an extra comma before a closing bracket is named at the comma") {
  Status s = Parse("{\"terms\": [\"a\", \"b\",\n]}");
  CHECK(s.message.find("extra comma before ']'") != std::string::npos);
  CHECK(s.where.line == 1);
  CHECK(s.where.column == 20);
  CHECK(Parse("{\"a\": 1,\n}").message.find("extra comma before '}'") != std::string::npos);
}

TEST_CASE("curly quotes pasted from Word are named, not shown as a replacement character") {
  Status s = Parse("{\"terms\": [\xE2\x80\x9C" "discount\xE2\x80\x9D]}");
  CHECK(s.message.find("curly quote") != std::string::npos);
  CHECK(s.message.find("\xE2\x80\x9C") != std::string::npos);
  CHECK(s.message.find("\xEF\xBF\xBD") == std::string::npos);
  // A curly closing quote leaves the text open to the end of the line.
  Status s2 = Parse("{\"terms\": [\"discount\xE2\x80\x9D]\n}");
  CHECK(s2.message.find("not closed before the end of the line") != std::string::npos);
  CHECK(s2.message.find("curly") != std::string::npos);
  // Curly apostrophes inside proper quotes are ordinary text.
  CHECK(Parse("{\"terms\": [\"don\xE2\x80\x99t\"]}").ok());
}

TEST_CASE("other mistakes get plain words") {
  CHECK(Parse("{\"a\" 1}").message.find("missing ':'") != std::string::npos);
  CHECK(Parse("{id: 1}").message.find("must be in double quotes") != std::string::npos);
  CHECK(Parse("{\"a\": 'x'}").message.find("double quotes") != std::string::npos);
  CHECK(Parse("{\"a\": True}").message.find("lower case") != std::string::npos);
  Status open = Parse("{\"rules\": [\n {\"a\": 1}\n");
  CHECK(open.message.find("never closed with ']'") != std::string::npos);
  CHECK(open.where.line == 1);
  CHECK(Parse("{\"a\": [1}").message.find("does not match") != std::string::npos);
  CHECK(Parse("{\"a\": 1}}").message.find("too many") != std::string::npos);
  CHECK(Parse("{\"a\": \"x\\q\"}").message.find("backslash") != std::string::npos);
  CHECK(Parse("{\"a\": [1,, 2]}").message.find("two commas") != std::string::npos);
  CHECK(Parse("{\"a\": 1,, \"b\": 2}").message.find("two commas") != std::string::npos);
}

TEST_CASE("text the parser accepts is never diagnosed") {
  const char* good = "// c\n{ /* d */ \"a\": [1, -2.5e3, true, null, {\"b\": \"\\u00e9\\n\"}], \"c\": {} }";
  CHECK(Parse(good).ok());
  CHECK_FALSE(DiagnoseJsonSyntax(good, 64).found);
}

}  // namespace postcheck
