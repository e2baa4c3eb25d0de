// Packed ruleset: a round trip keeps everything a checker uses (same findings, same bytes again), and damage is an error, never a crash.
#include "rules/packed_ruleset.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "postcheck/checker.h"
#include "rules/ruleset_impl.h"

namespace postcheck {
namespace {

// Every kind of expression and every Trust field the format carries.
const char* kHeader = R"({"ruleset": {"name": "pack test", "version": "2.3.4",
  "term_sets": {"people": ["patient~", "service user"]}}})";
const char* kTrust = R"({"trust": {"id": "a", "name": "Alpha Trust", "aliases": ["AT"], "handles": ["@alpha"],
  "sites": ["alpha.example"],
  "policy": {"title": "Alpha policy", "short": "AP 1", "url": "https://a.example/policy"},
  "contacts": {"communications": {"phone": "01234 111111"}},
  "sections": {"patient_confidentiality": "6.11"},
  "disabled_rules": ["commercial_gain.*"], "severity_overrides": {"media_contact.reporter": "block"},
  "term_sets": {"wards": ["Ward 7"]}}})";
const char* kRules = R"({"rules": [
 {"id": "patient_confidentiality.detail", "category": "patient_confidentiality",
  "severity": {"low": "info", "medium": "warn", "high": "block"}, "confidence": "low", "min_evidence": 1,
  "title": "Patient details", "message": "About a patient; see {policy.short}.", "advice": "Call {contacts.communications.phone}.",
  "match": {"any": [{"terms_ref": "people"}, {"terms_ref": "trust.wards"}]},
  "evidence": [{"match": {"regex": "\\bbed\\s*\\d+"}, "within": 6}, {"match": {"detector": "age"}, "within": "sentence"}]},
 {"id": "media_contact.reporter", "category": "media_contact", "severity": "warn",
  "title": "Press \"quote\"", "message": "Press contact.", "advice": "Talk to comms.",
  "match": {"near": [{"terms": ["reporter~", "journalist~"]}, {"terms": ["asked", "contacted"]}], "within": 4},
  "unless": {"terms": ["press release"]}, "allow": ["reporter of the year"], "sites": ["x.com"],
  "examples": {"flag": ["a [[reporter asked]] me"], "pass": ["the reporter of the year asked"]}},
 {"id": "offensive_content.slur", "category": "offensive_content", "severity": "warn",
  "title": "Offensive", "message": "Offensive.", "advice": "Remove it.",
  "match": {"all": [{"terms": ["idiot*"], "fold": "obfuscated"}, {"not": {"terms": ["guide"]}}]}},
 {"id": "commercial_gain.code", "category": "commercial_gain", "severity": "info",
  "title": "Sales", "message": "Selling.", "advice": "Don't.",
  "match": {"phrase": [{"terms": ["discount"]}, {"terms": ["code"]}], "gap": 1},
  "examples": {"flag": ["a [[discount code]]"], "pass": ["no code"]}}
]})";

std::shared_ptr<const Ruleset> Load(const std::vector<SourceFile>& files) {
  auto r = LoadRuleset(files);
  if (!r.ok()) FAIL(r.status().ToString());
  return r.value();
}

std::vector<SourceFile> SmallRules() { return {{"h.json", kHeader}, {"a.json", kTrust}, {"r.json", kRules}}; }

// The repository's own rules, in the order the bundle uses (header, core, lexicons, Trusts).
std::vector<SourceFile> RealRules() {
  namespace fs = std::filesystem;
  const fs::path root = fs::path(POSTCHECK_SOURCE_DIR) / "rules";
  std::vector<SourceFile> files;
  auto add = [&](const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    files.push_back({fs::relative(p, root.parent_path()).generic_string(), ss.str()});
  };
  add(root / "core" / "ruleset.json");
  for (const char* dir : {"core", "lexicons", "trusts"}) {
    std::vector<fs::path> names;
    for (const auto& e : fs::directory_iterator(root / dir))
      if (e.path().extension() == ".json" && e.path().filename() != "ruleset.json") names.push_back(e.path());
    std::sort(names.begin(), names.end());
    for (const auto& p : names) add(p);
  }
  return files;
}

std::string Describe(const std::vector<Finding>& fs) {
  std::string out;
  for (const Finding& f : fs)
    out += f.rule + ' ' + std::to_string(f.start) + '-' + std::to_string(f.end) + ' ' + SeverityName(f.severity) + ' ' +
           ConfidenceName(f.confidence) + ' ' + f.title + '|' + f.message + '|' + f.advice + '|' + f.policy_ref + '|' +
           f.policy_url + '\n';
  return out;
}

// Packs, unpacks and packs again; then every example text (flag and pass) of every rule must get
// the same findings from both rulesets, for every Trust.
void RoundTrip(const std::vector<SourceFile>& files, size_t* texts_with_findings) {
  auto json = Load(files);
  const std::string block = PackRuleset(*json);
  auto packed = LoadPackedRuleset(block, "test.pack");
  REQUIRE(packed.ok());
  CHECK_FALSE(packed.value()->examples_loaded());
  CHECK(PackRuleset(*packed.value()) == block);
  CHECK(packed.value()->name() == json->name());
  CHECK(packed.value()->version() == json->version());
  REQUIRE(packed.value()->rules().size() == json->rules().size());
  REQUIRE(packed.value()->trusts().size() == json->trusts().size());
  for (const auto& t : json->trusts()) {
    CheckerOptions o;
    o.trust = t.id;
    auto a = MakeChecker(json, o), b = MakeChecker(packed.value(), o);
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    for (const RuleInfo& rule : json->rules()) {
      for (const RuleExample& ex : rule.examples) {
        const std::u16string text = Utf8ToUtf16(ex.text);
        const std::string x = Describe(a.value()->Check(text).findings), y = Describe(b.value()->Check(text).findings);
        REQUIRE(x == y);
        if (!x.empty()) ++*texts_with_findings;
      }
    }
  }
}

}  // namespace

TEST_CASE("packed ruleset: a round trip gives the same block and the same findings") {
  size_t found = 0;
  RoundTrip(SmallRules(), &found);
  CHECK(found > 0);
  found = 0;
  RoundTrip(RealRules(), &found);
  CHECK(found > 500);  // the real rules' flag examples, for each Trust
}

TEST_CASE("packed ruleset: what the small rules need survives, Trust choices included") {
  auto packed = LoadPackedRuleset(PackRuleset(*Load(SmallRules())), "test.pack");
  REQUIRE(packed.ok());
  CheckerOptions o;
  o.trust = "a";
  o.site = "x.com";
  auto c = MakeChecker(packed.value(), o);
  REQUIRE(c.ok());
  auto r = c.value()->Check(u"A reporter asked about the patient in bed 4 on Ward 7. Use discount code NHS.");
  std::string got = Describe(r.findings);
  CHECK(got.find("media_contact.reporter") != std::string::npos);
  CHECK(got.find(" block ") != std::string::npos);              // the Trust's severity override
  CHECK(got.find("see AP 1.") != std::string::npos);            // placeholders from the profile
  CHECK(got.find("Call 01234 111111.") != std::string::npos);
  CHECK(got.find("commercial_gain") == std::string::npos);      // switched off by the profile
  CHECK(got.find("Press \"quote\"") != std::string::npos);
}

TEST_CASE("packed ruleset: a pattern is compiled when a check first reaches it, not at load") {
  const char* kPattern = "\\bbed\\s*\\d+";
  auto json = Load(SmallRules());
  auto packed = LoadPackedRuleset(PackRuleset(*json), "test.pack");
  REQUIRE(packed.ok());
  CheckerOptions o;
  o.trust = "a";
  auto from_json = MakeChecker(json, o);
  auto c = MakeChecker(packed.value(), o);
  REQUIRE(from_json.ok());
  REQUIRE(c.ok());
  std::string error;
  // The ruleset keeps one matcher per pattern for all its checkers.
  auto json_matcher = static_cast<const RulesetImpl&>(*json).Regex(kPattern, &error);
  auto matcher = static_cast<const RulesetImpl&>(*packed.value()).Regex(kPattern, &error);
  REQUIRE(json_matcher);
  REQUIRE(matcher);
  CHECK(json_matcher->compiled());  // a JSON ruleset is checked at load, every pattern compiled
  CHECK_FALSE(matcher->compiled());
  c.value()->Check(u"a patient on the unit");  // no digit: the pattern's prefilter skips it
  CHECK_FALSE(matcher->compiled());
  // "bed" and a digit pass the prefilter, but a match can begin only at a "b" that starts a
  // word: "abed" has none, so there is no place to try and nothing is compiled.
  c.value()->Check(u"a patient abed 4 days");
  CHECK_FALSE(matcher->compiled());
  const std::u16string text = u"a patient in bed 4";
  const std::string got = Describe(c.value()->Check(text).findings);
  CHECK(matcher->compiled());
  CHECK(got == Describe(from_json.value()->Check(text).findings));
  CHECK(got.find("medium") != std::string::npos);  // the pattern's evidence raised the confidence
}

TEST_CASE("packed ruleset: a forged pattern that does not compile is a note, never a crash") {
  std::string block = PackRuleset(*Load(SmallRules()));
  const std::string good = "\\bbed\\s*\\d+", bad = "\\bbed(\\s*\\d+";
  const size_t at = block.find(good);
  REQUIRE(at != std::string::npos);
  // The same length: "\\bbed(\\s*\\d" is unbalanced.
  block.replace(at, good.size(), bad.substr(0, good.size()));
  ResealPackedRuleset(&block);
  auto packed = LoadPackedRuleset(block, "forged.pack");
  REQUIRE(packed.ok());
  CheckerOptions o;
  o.trust = "a";
  auto c = MakeChecker(packed.value(), o);
  REQUIRE(c.ok());
  // The rule needs one piece of evidence: the age gives it when the pattern cannot.
  CheckResult r = c.value()->Check(u"a patient aged 84 in bed 4");
  CHECK(Describe(r.findings).find("patient_confidentiality.detail") != std::string::npos);
  REQUIRE(r.notes.size() == 1);
  CHECK(r.notes[0] == "rule patient_confidentiality.detail: pattern failed to run");
}

TEST_CASE("packed ruleset: damage and other formats are errors that name the block, never a crash") {
  const std::string block = PackRuleset(*Load(SmallRules()));
  for (size_t n = 0; n < block.size(); ++n) {
    auto r = LoadPackedRuleset(std::string_view(block).substr(0, n), "cut.pack");
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().where.file == "cut.pack");
    CHECK(r.status().message.find("not a packed ruleset") != std::string::npos);
  }
  std::string longer = block + '\0';
  ResealPackedRuleset(&longer);
  auto extra = LoadPackedRuleset(longer, "long.pack");
  REQUIRE_FALSE(extra.ok());
  CHECK(extra.status().message.find("unread bytes") != std::string::npos);

  std::string other = block;
  other[4] = 99;  // the format version
  auto r = LoadPackedRuleset(other, "old.pack");
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message.find("format 99") != std::string::npos);
  std::string flipped = block;
  flipped[flipped.size() / 2] ^= 1;
  auto f = LoadPackedRuleset(flipped, "flipped.pack");
  REQUIRE_FALSE(f.ok());
  CHECK(f.status().message.find("checksum") != std::string::npos);

  LoadOptions small;
  small.max_total_bytes = block.size() - 1;
  CHECK(LoadPackedRuleset(block, "big.pack", small).status().code == StatusCode::kResourceLimit);

  // Changed bytes under a valid checksum (a forged block): an error, or a ruleset that still
  // compiles or says why; never a crash (this suite also runs under ASan in the fuzz suite).
  std::mt19937 rng(11);
  int loaded = 0;
  for (int i = 0; i < 2000; ++i) {
    std::string bad = block;
    for (int k = 0; k < 1 + static_cast<int>(rng() % 3); ++k) bad[16 + rng() % (bad.size() - 16)] = static_cast<char>(rng());
    ResealPackedRuleset(&bad);
    auto x = LoadPackedRuleset(bad, "forged.pack");
    if (!x.ok()) continue;
    ++loaded;
    CheckerOptions o;
    auto c = MakeChecker(x.value(), o);
    if (c.ok()) c.value()->Check(u"a reporter asked about the patient in bed 4");
  }
  CHECK(loaded < 2000);
}

}  // namespace postcheck

namespace postcheck {

TEST_CASE(
    "packed ruleset: checkers use the block's term tables and prefilters, not the rules again") {
  auto json = Load(SmallRules());
  std::string block = PackRuleset(*json);
  CheckerOptions o;
  o.trust = "a";
  const std::u16string text = u"Use discount code 5. A patient in bed 4 on Ward 7.";
  auto from_json = MakeChecker(json, o);
  REQUIRE(from_json.ok());
  const std::string want = Describe(from_json.value()->Check(text).findings);
  REQUIRE(want.find("commercial_gain") == std::string::npos);  // switched off for Trust a
  REQUIRE(want.find(" medium ") != std::string::npos);         // bed 4: the pattern's evidence

  // The stored pattern of "discount" comes after the rules' own text of it; "discounu" keeps the
  // order.
  std::string terms = block;
  const size_t at = terms.rfind("discount");
  REQUIRE(at != std::string::npos);
  REQUIRE(at > block.find("discount"));
  terms[at + 7] = 'u';
  ResealPackedRuleset(&terms);
  auto forged = LoadPackedRuleset(terms, "terms.pack");
  REQUIRE(forged.ok());
  CheckerOptions none;  // no Trust profile: commercial_gain is on
  none.no_trust_profile = true;
  auto c = MakeChecker(forged.value(), none);
  REQUIRE(c.ok());
  CHECK(Describe(c.value()->Check(u"a discounu code").findings).find("commercial_gain.code") !=
        std::string::npos);
  CHECK(Describe(c.value()->Check(u"a discount code").findings).find("commercial_gain.code") ==
        std::string::npos);

  // The stored prefilter of "\bbed\s*\d+" (after the pattern's last copy) asks for "bed"; asking
  // for "bex" instead skips the pattern on this text, so the evidence is lost.
  std::string filters = block;
  const size_t p = filters.rfind("\\bbed\\s*\\d+");
  REQUIRE(p != std::string::npos);
  const size_t bed = filters.find("bed", p + 10);
  REQUIRE(bed != std::string::npos);
  filters[bed + 2] = 'x';
  ResealPackedRuleset(&filters);
  auto skipped = LoadPackedRuleset(filters, "filters.pack");
  REQUIRE(skipped.ok());
  auto s = MakeChecker(skipped.value(), o);
  REQUIRE(s.ok());
  const std::string got = Describe(s.value()->Check(text).findings);
  CHECK(got != want);
  CHECK(got.find(" medium ") == std::string::npos);
}

TEST_CASE("packed ruleset: forged term tables are errors that say so") {
  const std::string block = PackRuleset(*Load(SmallRules()));
  // "reporter" is stored whole after "press release"; as "aeporter" it would sort before it.
  std::string swapped = block;
  const size_t at = swapped.rfind("reporter");
  REQUIRE(at != std::string::npos);
  swapped[at] = 'a';
  ResealPackedRuleset(&swapped);
  auto r = LoadPackedRuleset(swapped, "order.pack");
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message.find("out of order") != std::string::npos);
  CHECK(r.status().where.file == "order.pack");
}

}  // namespace postcheck
