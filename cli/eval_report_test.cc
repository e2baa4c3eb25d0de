// EvalReport and LabelledPosts on a small real ruleset and real files: the scoring rules of ../shared/eval/README.md.
#include "eval_report.h"

#include <cstdio>
#include <fstream>

#include <doctest/doctest.h>

#include "labelled_posts.h"
#include "postcheck/ruleset.h"

namespace postcheck::cli {
namespace {

// Two rules: "patient" warns at medium confidence; "bloody" is an info reminder, which must count
// neither as a catch nor as a false alarm; "sue" is a low-confidence warn, seen only at low sensitivity.
const char* kHeader = R"({"ruleset": {"name": "eval test", "version": "0.1.0"}})";
const char* kTrust = R"({"trust": {"id": "t", "name": "Test Trust", "policy": {"title": "P", "short": "P"}}})";
const char* kRules = R"({"rules": [
 {"id": "patient_confidentiality.word", "category": "patient_confidentiality", "severity": "warn",
  "title": "t", "message": "m", "advice": "a", "match": {"terms": ["patient~"]}},
 {"id": "offensive_content.mild", "category": "offensive_content", "severity": "info",
  "title": "t", "message": "m", "advice": "a", "match": {"terms": ["bloody"]}},
 {"id": "media_contact.sue", "category": "media_contact", "severity": "warn", "confidence": "low",
  "title": "t", "message": "m", "advice": "a", "match": {"terms": ["sue"]}}
]})";

std::unique_ptr<Checker> MakeTestChecker(Confidence min) {
  auto rs = LoadRuleset({{"h.json", kHeader}, {"t.json", kTrust}, {"r.json", kRules}});
  REQUIRE(rs.ok());
  CheckerOptions o;
  o.trust = "t";
  o.min_confidence = min;
  auto c = MakeChecker(rs.value(), o);
  REQUIRE(c.ok());
  return std::move(c).value();
}

LabelledPost Post(std::string id, std::string text, std::vector<std::string> expect, bool borderline = false) {
  LabelledPost p;
  p.id = std::move(id);
  p.text = std::move(text);
  p.expect = std::move(expect);
  p.borderline = borderline;
  return p;
}

std::string WriteTemp(const std::string& name, const std::string& content) {
  std::string path = std::string(POSTCHECK_SOURCE_DIR) + "/build/" + name;
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

TEST_CASE("warned, category recall, false alarms and per-rule counts follow the eval README") {
  std::vector<LabelledPost> posts = {
      Post("hit", "the patient in bay 2", {"patient_confidentiality"}),
      Post("wrong-category", "my patient was rude", {"bullying_harassment"}),   // warned, wrong card
      Post("two-labels", "patient chat", {"media_contact", "patient_confidentiality"}),
      Post("miss", "nothing here", {"patient_confidentiality"}),
      Post("info-only", "bloody rota", {"offensive_content"}),                 // info is not a catch
      Post("clean", "lovely day", {}),
      Post("alarm", "be patient with the printer", {}),
      Post("info-on-clean", "bloody weather", {}),                            // info is not an alarm
      Post("edge", "a patient story", {"patient_confidentiality"}, true),      // borderline: apart
  };
  auto checker = MakeTestChecker(Confidence::kMedium);
  EvalReport r = ScorePosts(posts, *checker);
  CHECK(r.must_flag == 5);
  CHECK(r.warned == 3);
  CHECK(r.category_recalled == 2);
  CHECK(r.must_pass == 3);
  CHECK(r.false_alarms == 1);
  CHECK(r.borderline == 1);
  CHECK(r.borderline_flagged == 1);
  CHECK(r.categories["patient_confidentiality"].posts == 3);
  CHECK(r.categories["patient_confidentiality"].flagged == 2);
  CHECK(r.categories["media_contact"].posts == 1);
  CHECK(r.categories["media_contact"].flagged == 0);
  CHECK(r.categories["offensive_content"].flagged == 0);
  const RuleScore& word = r.rules["patient_confidentiality.word"];
  CHECK(word.hits == 2);
  CHECK(word.off_category == 1);
  CHECK(word.false_alarms == 1);
  CHECK(r.rules.count("offensive_content.mild") == 0);
  REQUIRE(r.misses.size() == 3);
  CHECK(r.misses[0].post->id == "wrong-category");
  REQUIRE(r.false_alarm_posts.size() == 1);
  CHECK(r.false_alarm_posts[0].post->id == "alarm");
}

TEST_CASE("the checker's sensitivity is what gets scored") {
  std::vector<LabelledPost> posts = {Post("sue", "we will sue", {"media_contact"})};
  CHECK(ScorePosts(posts, *MakeTestChecker(Confidence::kMedium)).warned == 0);
  CHECK(ScorePosts(posts, *MakeTestChecker(Confidence::kLow)).warned == 1);
}

TEST_CASE("posts labelled for another Trust are skipped, not scored as passes") {
  LabelledPost p = Post("other", "patient", {"patient_confidentiality"});
  p.trust = "someone-else";
  EvalReport r = ScorePosts({p}, *MakeTestChecker(Confidence::kMedium));
  CHECK(r.must_flag == 0);
  CHECK(r.skipped_other_trust == 1);
}

TEST_CASE("floors name what fell short, and only categories with enough posts are held to one") {
  std::vector<LabelledPost> posts = {
      Post("a", "patient", {"patient_confidentiality"}), Post("b", "nothing", {"patient_confidentiality"}),
      Post("c", "patient", {}), Post("d", "quiet", {})};
  EvalReport r = ScorePosts(posts, *MakeTestChecker(Confidence::kMedium));
  EvalFloors f;
  f.min_warned = 0.5;
  CHECK(FloorFailures(r, f).empty());
  f.min_warned = 0.9;
  f.max_false_alarms = 0.4;
  f.min_each_category = 0.8;  // patient_confidentiality has 2 posts, under the 5-post minimum
  auto failures = FloorFailures(r, f);
  REQUIRE(failures.size() == 2);
  CHECK(failures[0].find("warned 0.500") != std::string::npos);
  CHECK(failures[1].find("false alarms 0.500") != std::string::npos);
  f.each_category_min_posts = 2;
  CHECK(FloorFailures(r, f).size() == 3);
}

TEST_CASE("both file shapes are read, and a bad line is named by file and line") {
  std::string path = WriteTemp("eval_shapes.jsonl",
      "{\"id\": \"r1\", \"text\": \"x\", \"expect\": [\"media_contact\"], \"borderline\": true, \"source\": \"u\"}\n"
      "\n"
      "{\"id\": \"c1\", \"text\": \"y\", \"labels\": [], \"trust\": \"bht\"}\n");
  auto posts = ReadLabelledPosts(path);
  REQUIRE(posts.ok());
  REQUIRE(posts.value().size() == 2);
  CHECK(posts.value()[0].borderline);
  CHECK(posts.value()[0].expect == std::vector<std::string>{"media_contact"});
  CHECK(posts.value()[1].trust == "bht");
  CHECK(posts.value()[1].line == 3);

  auto typo = ReadLabelledPosts(WriteTemp("eval_typo.jsonl",
      "{\"id\": \"a\", \"text\": \"x\", \"expect\": []}\n{\"id\": \"b\", \"text\": \"x\", \"expect\": [\"media\"]}\n"));
  REQUIRE_FALSE(typo.ok());
  CHECK(typo.status().where.line == 2);
  CHECK(typo.status().message.find("unknown category 'media'") != std::string::npos);

  auto twice = ReadLabelledPosts(WriteTemp("eval_twice.jsonl",
      "{\"id\": \"a\", \"text\": \"x\", \"expect\": []}\n{\"id\": \"a\", \"text\": \"y\", \"expect\": []}\n"));
  REQUIRE_FALSE(twice.ok());
  CHECK(twice.status().message.find("twice") != std::string::npos);

  auto nolabel = ReadLabelledPosts(WriteTemp("eval_nolabel.jsonl", "{\"id\": \"a\", \"text\": \"x\"}\n"));
  REQUIRE_FALSE(nolabel.ok());
  CHECK(nolabel.status().where.line == 1);
}

TEST_CASE("id lists skip comments and blank lines") {
  auto ids = ReadIdList(WriteTemp("eval_ids.txt", "# held back\na-1\n\n  b-2  # sibling of a-1\n"));
  REQUIRE(ids.ok());
  CHECK(ids.value() == std::vector<std::string>{"a-1", "b-2"});
}

}  // namespace
}  // namespace postcheck::cli
