// Checker end to end on a small inline ruleset: combinators, evidence, unless/allow, Trust citations, settings, offsets.
#include "postcheck/checker.h"

#include <doctest/doctest.h>

#include "text/utf.h"

namespace postcheck {
namespace {

const char* kHeader = R"({"ruleset": {"name": "test rules", "version": "0.0.1",
  "term_sets": {"patient_words": ["patient~", "pt"]}}})";

const char* kTrustA = R"({"trust": {"id": "a", "name": "Alpha Trust", "aliases": ["AT"],
  "policy": {"title": "Alpha policy", "short": "AP 1", "url": "https://a.example/policy"},
  "contacts": {"communications": {"phone": "01234 111111"}},
  "sections": {"patient_confidentiality": "6.11", "media_contact.reporter": "8.1"}}})";

const char* kTrustB = R"({"trust": {"id": "b", "name": "Beta Trust",
  "policy": {"title": "Beta guidance", "short": "BG"},
  "sections": {"patient_confidentiality": "Appendix A.2"}}})";

const char* kRules = R"({"rules": [
 {"id": "patient_confidentiality.patient_detail", "category": "patient_confidentiality",
  "severity": {"low": "info", "medium": "warn", "high": "block"}, "confidence": "low",
  "title": "Patient details", "message": "About a patient; see {policy.short}.", "advice": "Call {contacts.communications.phone}.",
  "match": {"terms_ref": "patient_words"},
  "evidence": [{"match": {"regex": "\\bbed\\s*\\d+"}, "within": 6}, {"match": {"terms": ["aged"]}, "within": "sentence"}]},
 {"id": "media_contact.reporter", "category": "media_contact", "severity": "warn",
  "title": "Press", "message": "Press contact.", "advice": "Talk to comms.",
  "match": {"near": [{"terms": ["reporter~", "journalist~"]}, {"terms": ["asked", "contacted"]}], "within": 4}},
 {"id": "personal_views_disclaimer.opinion", "category": "personal_views_disclaimer", "severity": "info",
  "title": "Views", "message": "Opinion.", "advice": "Add views my own.",
  "match": {"all": [{"terms_ref": "trust.names"}, {"not": {"terms": ["closing"]}}]},
  "unless": {"terms": ["views my own"]}},
 {"id": "offensive_content.slur", "category": "offensive_content", "severity": "warn",
  "title": "Offensive", "message": "Offensive.", "advice": "Remove it.",
  "match": {"terms": ["idiot~"], "fold": "obfuscated"}, "allow": ["idiots guide", "a right idiot"]},
 {"id": "patient_confidentiality.a_patient", "category": "patient_confidentiality", "severity": "warn",
  "title": "A patient", "message": "m", "advice": "a",
  "match": {"phrase": [{"terms": ["a", "this", "our"]}, {"terms_ref": "patient_words"}, {"not": {"terms": ["experience", "safety"]}}], "gap": 2}},
 {"id": "commercial_gain.linkedin_only", "category": "commercial_gain", "severity": "warn", "sites": ["linkedin.com"],
  "title": "Sales", "message": "Selling.", "advice": "Don't.", "match": {"terms": ["discount code"]}}
]})";

std::shared_ptr<const Ruleset> Rules() {
  auto r = LoadRuleset({{"h.json", kHeader}, {"a.json", kTrustA}, {"b.json", kTrustB}, {"r.json", kRules}});
  if (!r.ok()) FAIL(r.status().ToString());
  return r.value();
}

std::vector<Finding> Run(const std::string& text, CheckerOptions o = {}) {
  auto c = MakeChecker(Rules(), o);
  REQUIRE(c.ok());
  return c.value()->Check(Utf8ToUtf16(text)).findings;
}

}  // namespace

std::vector<Finding> Only(const std::vector<Finding>& all, const std::string& rule) {
  std::vector<Finding> out;
  for (const auto& f : all)
    if (f.rule == rule) out.push_back(f);
  return out;
}

TEST_CASE("phrase: ordered parts, a word gap, and a negated next word") {
  auto f = Only(Run("Had a lovely old patient today"), "patient_confidentiality.a_patient");
  REQUIRE(f.size() == 1);
  CHECK(f[0].start == 4);   // "a lovely old patient": the span covers the whole sequence
  CHECK(f[0].end == 24);
  CHECK(Only(Run("Had a really very lovely old patient"), "patient_confidentiality.a_patient").empty());  // 4 words between
  CHECK(Only(Run("patient a"), "patient_confidentiality.a_patient").empty());  // order matters
  CHECK(Only(Run("Our patient experience survey is out"), "patient_confidentiality.a_patient").empty());
  CHECK(Only(Run("Our patient was brave"), "patient_confidentiality.a_patient").size() == 1);
}

TEST_CASE("evidence raises confidence and severity") {
  auto low = Only(Run("A patient was lovely today"), "patient_confidentiality.patient_detail");
  REQUIRE(low.size() == 1);
  CHECK(low[0].confidence == Confidence::kLow);
  CHECK(low[0].severity == Severity::kInfo);
  auto high = Only(Run("Pt in bed 4, aged 94, was lovely"), "patient_confidentiality.patient_detail");
  REQUIRE(high.size() == 1);
  CHECK(high[0].start == 0);
  CHECK(high[0].end == 2);
  CHECK(high[0].confidence == Confidence::kHigh);
  CHECK(high[0].severity == Severity::kBlock);
}

TEST_CASE("evidence too far away does not count") {
  auto f = Only(Run("The patient went home. Much later, after lunch and a long walk around town, bed 4 was cleaned."), "patient_confidentiality.patient_detail");
  REQUIRE(f.size() == 1);
  CHECK(f[0].confidence == Confidence::kLow);
}

TEST_CASE("near needs every operand within the distance") {
  CHECK(Run("A reporter asked me about the ward").size() == 1);
  CHECK(Run("A reporter wrote a long long long piece; nobody asked").empty());
}

TEST_CASE("all/not and unless") {
  CHECK(Run("Alpha Trust is great").size() == 1);
  CHECK(Run("Alpha Trust is great, views my own").empty());
  CHECK(Run("Alpha Trust is closing the ward").empty());
  CHECK(Run("AT rocks").size() == 1);
}

TEST_CASE("obfuscated fold and allow list") {
  auto f = Run("what an 1d10t");
  REQUIRE(f.size() == 1);
  CHECK(f[0].rule == "offensive_content.slur");
  CHECK(Run("the idiots guide to wound care").empty());
  // An allowed phrase covers a finding that ends where it ends, and only the findings inside it.
  CHECK(Run("you are a right idiot").empty());
  auto later = Run("a right idiot, and the idiots guide calls him an idiot");
  REQUIRE(later.size() == 1);
  CHECK(later[0].start == 49);
}

TEST_CASE("each Trust cites its own section and fills its placeholders") {
  CheckerOptions a, b;
  a.trust = "a";
  b.trust = "b";
  auto fa = Only(Run("patient", a), "patient_confidentiality.patient_detail");
  auto fb = Only(Run("patient", b), "patient_confidentiality.patient_detail");
  REQUIRE(fa.size() == 1);
  REQUIRE(fb.size() == 1);
  CHECK(fa[0].policy_ref == "AP 1 \u00a76.11");
  CHECK(fb[0].policy_ref == "BG Appendix A.2");
  CHECK(fa[0].message == "About a patient; see AP 1.");
  CHECK(fa[0].advice == "Call 01234 111111.");
  CHECK(fb[0].advice == "Call.");  // Beta has no phone: the placeholder is dropped cleanly
  a.placeholders["contacts.communications.phone"] = "0800 000";
  CHECK(Only(Run("patient", a), "patient_confidentiality.patient_detail")[0].advice == "Call 0800 000.");
}

TEST_CASE("settings: disabled rules, severity overrides, sensitivity, sites") {
  CheckerOptions o;
  o.disabled_rules = {"patient_confidentiality.*"};
  CHECK(Run("patient", o).empty());
  o = {};
  o.severity_overrides["media_contact.reporter"] = Severity::kBlock;
  CHECK(Run("a journalist contacted me", o)[0].severity == Severity::kBlock);
  o = {};
  o.min_confidence = Confidence::kMedium;
  CHECK(Run("patient", o).empty());
  o = {};
  o.site = "x.com";
  CHECK(Run("use discount code NHS10", o).empty());
  o.site = "www.linkedin.com";
  CHECK(Run("use discount code NHS10", o).size() == 1);
}

TEST_CASE("offsets are UTF-16 into the text as typed") {
  // Emoji (surrogate pairs), a ZWJ family and a combining accent before the match.
  auto f = Only(Run("\xF0\x9F\x98\x80 \xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7 e\xCC\x81 pati\xE2\x80\x8B" "ent"), "patient_confidentiality.patient_detail");
  REQUIRE(f.size() == 1);
  // 😀(2) sp(1) 👩(2) ZWJ(1) 👧(2) sp(1) e(1) U+0301(1) sp(1) = 12 units before "pati" + ZWSP + "ent"
  CHECK(f[0].start == 12);
  CHECK(f[0].end == 20);
}

TEST_CASE("unknown trust and compile errors are reported with locations") {
  CheckerOptions o;
  o.trust = "zzz";
  auto c = MakeChecker(Rules(), o);
  CHECK_FALSE(c.ok());
  CHECK(c.status().message.find("unknown trust 'zzz'") != std::string::npos);
  auto bad = LoadRuleset({{"h.json", kHeader}, {"r.json", R"({"rules": [
{"id": "media_contact.x", "category": "media_contact", "severity": "warn", "title": "t", "message": "m", "advice": "a",
 "match": {"regex": "bed(\\d+"}}]})"}});
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().code == StatusCode::kCompileError);
  CHECK(bad.status().where.line == 3);
  CHECK(bad.status().where.json_path == "$.rules[0].match.regex");
  auto det = LoadRuleset({{"h.json", kHeader}, {"r.json", R"({"rules": [
{"id": "media_contact.x", "category": "media_contact", "severity": "warn", "title": "t", "message": "m", "advice": "a",
 "match": {"detector": "nhs_numbr"}}]})"}});
  REQUIRE_FALSE(det.ok());
  CHECK(det.status().message.find("unknown detector 'nhs_numbr'") != std::string::npos);
}

TEST_CASE("limits: long input is truncated at a code point boundary, findings capped") {
  auto c = MakeChecker(Rules(), {});
  REQUIRE(c.ok());
  std::u16string text;
  for (int i = 0; i < 100; ++i) text += u"idiot. ";  // not touching: each is its own finding
  CheckLimits limits;
  limits.max_findings = 10;
  auto r = c.value()->Check(text, limits);
  CHECK(r.findings.size() == 10);
  CHECK(r.truncated);
  limits = {};
  limits.max_text_units = 7;
  std::u16string emoji = u"idiot \U0001F600";
  r = c.value()->Check(emoji, limits);
  CHECK(r.truncated);
  CHECK(r.findings.size() == 1);
}

TEST_CASE("limits: a wall-clock budget, when set, stops the rules; without one nothing is cut") {
  auto c = MakeChecker(Rules(), {});
  REQUIRE(c.ok());
  const std::u16string text =
      u"The patient in bed 4 was an idiot, a reporter asked about Alpha Trust.";
  CheckLimits limits;
  CheckResult r = c.value()->Check(text, limits);  // no budget: every rule runs
  CHECK_FALSE(r.truncated);
  CHECK(r.notes.empty());
  CHECK(r.findings.size() >= 3);
  // A budget no check can keep is spent before the first rule: the clock is read when one is set.
  limits.total_budget_ms = 1e-9;
  r = c.value()->Check(text, limits);
  CHECK(r.truncated);
  REQUIRE(r.notes.size() == 1);
  CHECK(r.notes[0].find("time budget spent") == 0);
  CHECK(r.findings.empty());
}

TEST_CASE("rule examples: wrong spans and false flags are reported") {
  auto rs = LoadRuleset({{"h.json", kHeader}, {"r.json", R"({"rules": [
{"id": "media_contact.x", "category": "media_contact", "severity": "warn", "title": "t", "message": "m", "advice": "a",
 "match": {"terms": ["reporter"]},
 "examples": {"flag": ["a [[reporter]] rang", "the [[reporter rang]]"], "pass": ["nothing here", "a reporter"]}}]})"}});
  REQUIRE(rs.ok());
  auto failures = RunRuleExamples(rs.value());
  REQUIRE(failures.size() == 2);
  CHECK(failures[0].problem.find("expected 4-17 'reporter rang', found 4-12 'reporter'") != std::string::npos);
  CHECK(failures[1].problem.find("should pass") != std::string::npos);
  CHECK(failures[1].where.line == 4);
}

}  // namespace postcheck

namespace postcheck {

TEST_CASE("a load without examples skips them unread, checks the same, and cannot run them") {
  // A Trust example naming no real rule and a rule example with an unclosed marker: both errors
  // when examples are read, neither looked at when they are not.
  const std::string trust = R"({"trust": {"id": "a", "name": "Alpha Trust", "policy": {"title": "P", "short": "P1"},
  "examples": {"flag": [{"rule": "media_contact.nope", "text": "[[x]]"}]}}})";
  const std::string rules = R"({"rules": [
{"id": "media_contact.x", "category": "media_contact", "severity": "warn", "title": "t", "message": "m", "advice": "a",
 "match": {"terms": ["reporter"]},
 "examples": {"flag": ["a [[reporter rang"], "pass": ["nothing here"]}}]})";
  std::vector<SourceFile> files = {{"h.json", kHeader}, {"a.json", trust}, {"r.json", rules}};
  auto full = LoadRuleset(files);
  REQUIRE_FALSE(full.ok());
  CHECK(full.status().message.find("never closed") != std::string::npos);

  LoadOptions lean;
  lean.examples = false;
  auto rs = LoadRuleset(files, lean);
  REQUIRE(rs.ok());
  CHECK_FALSE(rs.value()->examples_loaded());
  REQUIRE(rs.value()->rules().size() == 1);
  CHECK(rs.value()->rules()[0].examples.empty());
  auto failures = RunRuleExamples(rs.value());
  REQUIRE(failures.size() == 1);
  CHECK(failures[0].problem.find("without its examples") != std::string::npos);

  // The checker is the same either way: the standard test rules, with and without examples.
  LoadOptions lean_all;
  lean_all.examples = false;
  auto a = LoadRuleset({{"h.json", kHeader}, {"a.json", kTrustA}, {"b.json", kTrustB}, {"r.json", kRules}}, lean_all);
  REQUIRE(a.ok());
  CHECK(Rules()->examples_loaded());
  for (const char* text : {"The patient in bed 4 aged 80", "a reporter asked me", "Alpha Trust is great", "you 1d10t"}) {
    CheckerOptions o;
    o.trust = "a";
    auto with = MakeChecker(Rules(), o), without = MakeChecker(a.value(), o);
    REQUIRE(with.ok());
    REQUIRE(without.ok());
    auto x = with.value()->Check(Utf8ToUtf16(text)).findings, y = without.value()->Check(Utf8ToUtf16(text)).findings;
    REQUIRE(x.size() == y.size());
    for (size_t i = 0; i < x.size(); ++i) CHECK((x[i].rule == y[i].rule && x[i].start == y[i].start && x[i].end == y[i].end));
  }
}

TEST_CASE("findings of one rule that touch across a space read as one underline") {
  auto f = Run("what an idiot idiot");
  REQUIRE(f.size() == 1);
  CHECK(f[0].start == 8);
  CHECK(f[0].end == 19);
  CHECK(Run("idiot, idiot").size() == 2);  // punctuation between: two findings
}

TEST_CASE("a finding lengthened by merging keeps the documented order (start, longest first, rule)") {
  // fuzz_check found this: "z" spans [0,5) and sorts before "a"'s [0,3); "a"'s two terms then
  // merge to [0,8), which must now come first.
  const char* rules = R"({"rules": [
   {"id": "offensive_content.a", "category": "offensive_content", "severity": "warn",
    "title": "A", "message": "m", "advice": "a", "match": {"terms": ["red", "blue"]}},
   {"id": "offensive_content.z", "category": "offensive_content", "severity": "warn",
    "title": "Z", "message": "m", "advice": "a", "match": {"regex": "red b"}}]})";
  auto r = LoadRuleset({{"h.json", kHeader}, {"a.json", kTrustA}, {"r.json", rules}});
  REQUIRE(r.ok());
  auto c = MakeChecker(r.value(), {});
  REQUIRE(c.ok());
  auto f = c.value()->Check(Utf8ToUtf16("red blue")).findings;
  REQUIRE(f.size() == 2);
  CHECK(f[0].rule == "offensive_content.a");
  CHECK(f[0].end == 8);
  CHECK(f[1].rule == "offensive_content.z");
  CHECK(f[1].end == 5);
}

}  // namespace postcheck

namespace postcheck {

TEST_CASE("proximity reaches emoji after the last word and before the first") {
  auto rs = LoadRuleset({{"h.json", R"({"ruleset": {"name": "t", "version": "1"}})"}, {"r.json", R"({"rules": [
{"id": "bullying_harassment.x", "category": "bullying_harassment", "severity": "warn", "title": "t", "message": "m", "advice": "a",
 "match": {"near": [{"terms": ["asked what"]}, {"terms": ["\ud83d\ude44"]}], "within": 3}}]})"}});
  REQUIRE(rs.ok());
  auto c = MakeChecker(rs.value(), {});
  REQUIRE(c.ok());
  CHECK(c.value()->Check(u"she asked what it was \U0001F644").findings.size() == 1);
  CHECK(c.value()->Check(u"\U0001F644 she asked what it was").findings.size() == 1);
  CHECK(c.value()->Check(u"\U0001F644 one two three four five asked what").findings.empty());
}

}  // namespace postcheck

namespace postcheck {

TEST_CASE("catastrophic patterns cost ICU steps, not wall time: other rules always report, results repeat exactly") {
  const char* rules = R"({"rules": [
 {"id": "offensive_content.evil1", "category": "offensive_content", "severity": "warn", "title": "t", "message": "m", "advice": "a",
  "match": {"regex": "(a+)+$"}},
 {"id": "offensive_content.evil2", "category": "offensive_content", "severity": "warn", "title": "t", "message": "m", "advice": "a",
  "match": {"regex": "(a|aa)+$"}},
 {"id": "offensive_content.evil3", "category": "offensive_content", "severity": "warn", "title": "t", "message": "m", "advice": "a",
  "match": {"regex": "(aa+)+c?$"}},
 {"id": "patient_confidentiality.word", "category": "patient_confidentiality", "severity": "warn", "title": "t", "message": "m", "advice": "a",
  "match": {"terms": ["patient"]}}]})";
  auto rs = LoadRuleset({{"h.json", kHeader}, {"r.json", rules}});
  REQUIRE(rs.ok());
  auto c = MakeChecker(rs.value(), {});
  REQUIRE(c.ok());
  const std::u16string text = u"my patient " + std::u16string(3000, u'a') + u"!";
  CheckLimits limits;
  limits.regex_time_limit = 20;
  limits.regex_check_limit = 30;  // the first pattern takes 20 units, the second the last 10
  auto first = c.value()->Check(text, limits);
  REQUIRE(first.findings.size() == 1);
  CHECK(first.findings[0].rule == "patient_confidentiality.word");
  std::string notes;
  for (const auto& n : first.notes) notes += n + "\n";
  CHECK_MESSAGE(notes.find("evil1: pattern hit its time limit") != std::string::npos, notes);
  CHECK_MESSAGE(notes.find("evil2: pattern hit its time limit") != std::string::npos, notes);
  CHECK_MESSAGE(notes.find("evil3: skipped, the check's regex step budget was spent") != std::string::npos, notes);
  CHECK(first.truncated);
  // Counted in steps, the same check gives the same result however busy the machine is.
  for (int i = 0; i < 3; ++i) {
    auto again = c.value()->Check(text, limits);
    CHECK(again.notes == first.notes);
    CHECK(again.findings.size() == first.findings.size());
  }
}

TEST_CASE(
    "a pattern whose rule lacks its words is not run: a slow pattern near a word costs nothing "
    "without it") {
  // The step-limit note shows whether a pattern ran.
  const char* rules = R"({"rules": [
 {"id": "personal_identifiers.slow_near", "category": "personal_identifiers", "severity": "warn", "title": "t", "message": "m", "advice": "a",
  "match": {"near": [{"regex": "(a+)+$"}, {"terms": ["patient", "lady"]}], "within": 5}},
 {"id": "personal_identifiers.slow_unfiltered", "category": "personal_identifiers", "severity": "warn", "title": "t", "message": "m", "advice": "a",
  "match": {"all": [{"terms": ["nurse"]}, {"regex": "(\\w+)+$"}]}},
 {"id": "personal_identifiers.slow_evidence", "category": "personal_identifiers", "severity": "warn", "title": "t", "message": "m", "advice": "a",
  "match": {"terms": ["bay"]}, "evidence": [{"match": {"regex": "(a|aa)+$"}, "within": 5}]}]})";
  auto rs = LoadRuleset({{"h.json", kHeader}, {"r.json", rules}});
  REQUIRE(rs.ok());
  auto c = MakeChecker(rs.value(), {});
  REQUIRE(c.ok());
  CheckLimits limits;
  limits.regex_time_limit = 20;
  const auto notes_of = [&](const std::u16string& text) {
    std::string notes;
    for (const auto& n : c.value()->Check(text, limits).notes) notes += n + "\n";
    return notes;
  };
  const std::u16string tail = std::u16string(3000, u'a') + u"!";
  std::string none = notes_of(u"my friend " + tail);
  CHECK_MESSAGE(none.empty(), none);
  std::string with_word = notes_of(u"my lady " + tail);
  CHECK_MESSAGE(with_word.find("slow_near: pattern hit its time limit") != std::string::npos,
                with_word);
  CHECK_MESSAGE(with_word.find("slow_evidence") == std::string::npos, with_word);
  // Evidence is read once the rule's own words are there.
  std::string with_bay = notes_of(u"bay " + tail);
  CHECK_MESSAGE(with_bay.find("slow_evidence: pattern hit its time limit") != std::string::npos,
                with_bay);
  CHECK_MESSAGE(with_bay.find("slow_near") == std::string::npos, with_bay);
  // A pattern with no required characters (nothing for the prefilter to skip it on) too.
  std::string with_nurse = notes_of(u"nurse " + tail);
  CHECK_MESSAGE(with_nurse.find("slow_unfiltered: pattern hit its time limit") != std::string::npos,
                with_nurse);
}

TEST_CASE("a pattern that cannot match the text is not run (prefilter), with the same findings") {
  const char* rules = R"({"rules": [
 {"id": "confidential_business.money", "category": "confidential_business", "severity": "warn", "title": "t", "message": "m", "advice": "a",
  "match": {"regex": "£\\s?\\d+\\s?(?:m|million)\\b"}}]})";
  auto rs = LoadRuleset({{"h.json", kHeader}, {"r.json", rules}});
  REQUIRE(rs.ok());
  auto c = MakeChecker(rs.value(), {});
  REQUIRE(c.ok());
  CHECK(c.value()->Check(u"we lost 5 million this year").findings.empty());
  auto hit = c.value()->Check(u"we lost \u00a3 5m this year");
  REQUIRE(hit.findings.size() == 1);
  CHECK(hit.findings[0].start == 8);
}

}  // namespace postcheck
