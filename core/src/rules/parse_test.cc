// ParseRuleset: what comms staff see when a rule file is wrong (unknown keys, categories, duplicates, markers).
#include "rules/parse.h"

#include <doctest/doctest.h>

namespace postcheck {
namespace {

const char* kHeader = R"({"ruleset": {"name": "t", "version": "1.2.3"}})";

Status Load(const std::string& rules_text) {
  std::vector<std::shared_ptr<const JsonSource>> files;
  for (const auto& [name, text] : std::vector<std::pair<std::string, std::string>>{{"h.json", kHeader}, {"r.json", rules_text}}) {
    auto s = JsonSource::Parse({name, text}, 64);
    REQUIRE(s.ok());
    files.push_back(s.value());
  }
  auto r = ParseRuleset(files);
  return r.ok() ? Status::Ok() : r.status();
}

std::string Rule(const std::string& extra) {
  return R"({"rules": [
  {"id": "media_contact.reporter", "category": "media_contact", "severity": "warn",
   "title": "t", "message": "m", "advice": "a", "match": {"terms": ["reporter"]})" + extra + "}\n]}";
}


Status LoadFiles(const std::vector<std::pair<std::string, std::string>>& named) {
  std::vector<std::shared_ptr<const JsonSource>> files;
  for (const auto& [name, text] : named) {
    auto s = JsonSource::Parse({name, text}, 64);
    if (!s.ok()) return s.status();
    files.push_back(s.value());
  }
  auto r = ParseRuleset(files);
  return r.ok() ? Status::Ok() : r.status();
}

const char* kLexicon = R"({"lexicon": {"name": "press", "source": "hand-made", "licence": "CC0", "version": "1", "date": "2026-12-04",
  "term_sets": {"lex.press": ["reporter~", "newsdesk"]}}})";

std::string RuleUsing(const std::string& set) {
  return R"({"rules": [{"id": "media_contact.r", "category": "media_contact", "severity": "warn", "title": "t", "message": "m",
    "advice": "a", "match": {"terms_ref": ")" + set + R"("}}]})";
}
}  // namespace

TEST_CASE("a valid rule parses") { CHECK(Load(Rule("")).ok()); }

TEST_CASE("unknown keys get a suggestion and a line") {
  Status s = Load(Rule(R"(, "mesage": "x")"));
  CHECK(s.code == StatusCode::kSchemaError);
  CHECK(s.message.find("did you mean 'message'") != std::string::npos);
  CHECK(s.where.file == "r.json");
  CHECK(s.where.line == 3);
  CHECK(s.where.json_path == "$.rules[0].mesage");
}

TEST_CASE("unknown category is listed with the valid ones") {
  std::string text = Rule("");
  text.replace(text.find("\"category\": \"media_contact\""), 27, "\"category\": \"press\"");
  Status s = Load(text);
  CHECK(s.message.find("unknown category 'press'") != std::string::npos);
  CHECK(s.where.json_path == "$.rules[0].category");
}

TEST_CASE("duplicate ids name the first definition") {
  std::string one = R"({"id": "media_contact.r", "category": "media_contact", "severity": "warn", "title": "t", "message": "m", "advice": "a", "match": {"terms": ["x"]}})";
  Status s = Load("{\"rules\": [" + one + ",\n" + one + "]}");
  CHECK(s.message.find("duplicate rule id") != std::string::npos);
  CHECK(s.message.find("r.json:1") != std::string::npos);
  CHECK(s.where.line == 2);
}

TEST_CASE("examples: markers become UTF-16 spans; flag needs a marker, pass must not have one") {
  std::string text;
  std::vector<std::pair<uint32_t, uint32_t>> spans;
  std::string error;
  REQUIRE(ParseExampleMarkers("\xF0\x9F\x98\x80 a [[reporter]] rang", &text, &spans, &error));
  CHECK(text == "\xF0\x9F\x98\x80 a reporter rang");
  CHECK(spans == std::vector<std::pair<uint32_t, uint32_t>>{{5, 13}});  // the emoji is 2 UTF-16 units
  CHECK_FALSE(ParseExampleMarkers("a [[b", &text, &spans, &error));
  CHECK(Load(Rule(R"(, "examples": {"flag": ["no markers here"]})")).message.find("mark the text") != std::string::npos);
  CHECK(Load(Rule(R"(, "examples": {"pass": ["a [[reporter]]"]})")).message.find("must not contain") != std::string::npos);
}

TEST_CASE("severity by confidence fills missing levels") {
  std::string text = Rule("");
  text.replace(text.find("\"severity\": \"warn\""), 18, R"("severity": {"low": "info", "high": "block"})");
  std::vector<std::shared_ptr<const JsonSource>> files{JsonSource::Parse({"h.json", kHeader}, 64).value(),
                                                       JsonSource::Parse({"r.json", text}, 64).value()};
  auto r = ParseRuleset(files);
  REQUIRE(r.ok());
  auto sev = r.value().rules[0].severity_by_confidence;
  CHECK(sev[0] == Severity::kInfo);
  CHECK(sev[1] == Severity::kInfo);  // medium takes the nearest lower level
  CHECK(sev[2] == Severity::kBlock);
}

TEST_CASE("match expressions: one kind each, near needs two, not cannot lead") {
  CHECK(Load(Rule("").replace(Rule("").find("{\"terms\": [\"reporter\"]}"), 23, R"({"terms": ["a"], "regex": "b"})")).message.find("exactly one kind") != std::string::npos);
  CHECK(Load(Rule("").replace(Rule("").find("{\"terms\": [\"reporter\"]}"), 23, R"({"near": [{"terms": ["a"]}]})")).message.find("at least two") != std::string::npos);
  CHECK(Load(Rule("").replace(Rule("").find("{\"terms\": [\"reporter\"]}"), 23, R"({"all": [{"not": {"terms": ["a"]}}]})")).message.find("cannot be a \"not\"") != std::string::npos);
  CHECK(Load(Rule("").replace(Rule("").find("{\"terms\": [\"reporter\"]}"), 23, R"({"terms_ref": "nope"})")).message.find("unknown term set") != std::string::npos);
}

TEST_CASE("a bad term is located at its own index in its list") {
  std::string rules = Rule("");
  rules.replace(rules.find("{\"terms\": [\"reporter\"]}"), 23, R"({"terms": ["reporter", "nu*rs"]})");
  Status s = Load(rules);
  CHECK(s.message.find("may only end a term") != std::string::npos);
  CHECK(s.where.json_path == "$.rules[0].match.terms[1]");
  CHECK(s.where.line == 3);
}

TEST_CASE("a missing header is an error") {
  auto s = JsonSource::Parse({"r.json", Rule("")}, 64);
  auto r = ParseRuleset({s.value()});
  CHECK_FALSE(r.ok());
  CHECK(r.status().message.find("header") != std::string::npos);
}

TEST_CASE("lexicon files: their term sets serve rules in any file order") {
  auto text = [](const Result<RulesetSpec>& r) { return r.value().term_sets.at("lex.press"); };
  CHECK(LoadFiles({{"h.json", kHeader}, {"r.json", RuleUsing("lex.press")}, {"lexicons/press.json", kLexicon}}).ok());
  std::vector<std::shared_ptr<const JsonSource>> files{JsonSource::Parse({"h.json", kHeader}, 64).value(),
                                                       JsonSource::Parse({"l.json", kLexicon}, 64).value()};
  auto r = ParseRuleset(files);
  REQUIRE(r.ok());
  CHECK(text(r) == std::vector<std::string>{"reporter~", "newsdesk"});
  Status unknown = LoadFiles({{"h.json", kHeader}, {"r.json", RuleUsing("lex.pres")}});
  CHECK(unknown.message.find("unknown term set 'lex.pres'") != std::string::npos);
  // Lexicons may come later, so this is found at the end and located then: still at the reference.
  CHECK(unknown.where.file == "r.json");
  CHECK(unknown.where.line == 2);
  CHECK(unknown.where.json_path == "$.rules[0].match.terms_ref");
}

TEST_CASE("lexicon files: provenance is required and bad lists are located") {
  std::string no_source = kLexicon;
  const std::string source_field = "\"source\": \"hand-made\", ";
  no_source.replace(no_source.find(source_field), source_field.size(), "");
  Status s = LoadFiles({{"h.json", kHeader}, {"lx.json", no_source}});
  CHECK(s.message.find("missing \"source\"") != std::string::npos);
  CHECK(s.where.file == "lx.json");
  CHECK(s.where.json_path == "$.lexicon");

  std::string bad_term = kLexicon;
  bad_term.replace(bad_term.find("\"newsdesk\""), 10, "\"news*desk\"");
  s = LoadFiles({{"h.json", kHeader}, {"lx.json", bad_term}});
  CHECK(s.where.json_path == "$.lexicon.term_sets[\"lex.press\"][1]");
  CHECK(s.where.line == 2);

  s = LoadFiles({{"h.json", kHeader}, {"a.json", kLexicon}, {"b.json", kLexicon}});
  CHECK(s.message.find("already defined (in a.json)") != std::string::npos);
  CHECK(s.where.file == "b.json");

  s = LoadFiles({{"h.json", kHeader}, {"lx.json", R"({"lexicon": {"name": "x", "source": "s", "licence": "l", "version": "1", "date": "d", "term_sets": {"e": []}}})"}});
  CHECK(s.message.find("empty list") != std::string::npos);
  s = LoadFiles({{"h.json", kHeader}, {"lx.json", std::string(R"({"lexicon": {"name": "x", "source": "s", "licence": "l", "version": "1", "date": "d", "term_sets": {"e": ["a"]}}, "rules": []})")}});
  CHECK(s.message.find("only the \"lexicon\" key") != std::string::npos);
}

}  // namespace postcheck
