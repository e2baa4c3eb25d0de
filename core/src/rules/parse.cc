// ParseRuleset: validates the three file shapes of docs/rule-format.md; strict about unknown keys so typos surface at lint time.
#include "rules/parse.h"

#include <algorithm>
#include <set>

#include "postcheck/suggest.h"
#include "text/utf.h"

namespace postcheck {

const char* const kCategories[12] = {
    "patient_confidentiality", "personal_identifiers", "representing_trust",
    "personal_views_disclaimer", "bullying_harassment", "offensive_content",
    "patient_relationship", "raising_concerns", "commercial_gain",
    "media_contact", "confidential_business", "trust_branding"};

bool IsCategory(const std::string& s) {
  return std::find(std::begin(kCategories), std::end(kCategories), s) != std::end(kCategories);
}

bool ParseExampleMarkers(const std::string& marked, std::string* text,
                         std::vector<std::pair<uint32_t, uint32_t>>* spans, std::string* error) {
  text->clear();
  spans->clear();
  bool open = false;
  uint32_t open_at = 0;
  for (size_t i = 0; i < marked.size();) {
    if (marked.compare(i, 2, "[[") == 0) {
      if (open) { *error = "'[[' inside another '[[ ]]'"; return false; }
      open = true;
      open_at = Utf16LengthOfUtf8Prefix(*text, text->size());
      i += 2;
    } else if (marked.compare(i, 2, "]]") == 0) {
      if (!open) { *error = "']]' without '[['"; return false; }
      open = false;
      uint32_t end = Utf16LengthOfUtf8Prefix(*text, text->size());
      if (end == open_at) { *error = "empty '[[]]' span"; return false; }
      spans->emplace_back(open_at, end);
      i += 2;
    } else {
      text->push_back(marked[i++]);
    }
  }
  if (open) { *error = "'[[' is never closed with ']]'"; return false; }
  return true;
}

namespace {

using nlohmann::json;

std::string Suggest(const std::string& word, std::initializer_list<const char*> options) {
  return DidYouMean(word, std::vector<std::string>(options.begin(), options.end()));
}

class Parser {
 public:
  explicit Parser(bool examples) : examples_(examples) { spec_.examples_loaded = examples; }
  Result<RulesetSpec> Run(const std::vector<std::shared_ptr<const JsonSource>>& files) {
    bool have_header = false;
    for (const auto& f : files) {
      src_ = f.get();
      const json& root = f->root();
      if (!root.is_object()) return Err("$", "a rules file must be a JSON object");
      if (auto s = Keys(root, "$", {"ruleset", "rules", "trust", "lexicon", "$schema", "description"}); !s.ok())
        return s;
      if (root.contains("lexicon")) {
        if (root.size() - root.contains("$schema") - root.contains("description") != 1)
          return Err("$", "a lexicon file holds only the \"lexicon\" key (put rules in another file)");
        if (auto s = Lexicon(root["lexicon"]); !s.ok()) return s;
        continue;
      }
      if (root.contains("ruleset")) {
        if (have_header) return Err("$.ruleset", "a second \"ruleset\" header; only one file may have it");
        have_header = true;
        if (auto s = Header(root["ruleset"]); !s.ok()) return s;
      }
      std::string trust_id;
      if (root.contains("trust")) {
        if (auto s = Trust(root["trust"]); !s.ok()) return s;
        trust_id = spec_.trusts.back().info.id;
      }
      if (root.contains("rules")) {
        const json& rules = root["rules"];
        if (!rules.is_array()) return Err("$.rules", "\"rules\" must be a list [ ... ]");
        for (size_t i = 0; i < rules.size(); ++i) {
          if (auto s = Rule(rules[i], JsonPathIndex("$.rules", i), trust_id); !s.ok()) return s;
        }
      }
      if (!root.contains("ruleset") && !root.contains("rules") && !root.contains("trust"))
        return Err("$", "expected a \"ruleset\", \"rules\", \"trust\" or \"lexicon\" key");
    }
    if (!have_header) {
      return Status::Error(StatusCode::kSchemaError,
                           "no file has the \"ruleset\" header (name and version)");
    }
    if (auto s = CheckPendingRefs(); !s.ok()) return s;
    if (auto s = CheckTrustChoices(); !s.ok()) return s;
    return std::move(spec_);
  }

 private:
  // Where a value is, without its line: lines are resolved on demand (Ruleset::Resolve), so a
  // good ruleset loads without scanning its files for positions.
  Location At(const std::string& path) const {
    Location at;
    at.file = src_->name();
    at.json_path = path;
    return at;
  }

  Status Err(const std::string& path, const std::string& msg) const {
    return Status::Error(StatusCode::kSchemaError, msg, src_->Locate(path));
  }

  Status Keys(const json& obj, const std::string& path, std::initializer_list<const char*> allowed) {
    for (auto it = obj.begin(); it != obj.end(); ++it) {
      if (std::none_of(allowed.begin(), allowed.end(), [&](const char* a) { return it.key() == a; })) {
        return Err(JsonPathKey(path, it.key()),
                   "unknown key '" + it.key() + "'" + Suggest(it.key(), allowed));
      }
    }
    return Status::Ok();
  }

  Status Str(const json& obj, const std::string& path, const char* key, std::string* out,
             bool required) {
    if (!obj.contains(key)) {
      return required ? Err(path, std::string("missing \"") + key + "\"") : Status::Ok();
    }
    const json& v = obj[key];
    if (!v.is_string()) return Err(JsonPathKey(path, key), std::string("\"") + key + "\" must be text in quotes");
    *out = v.get<std::string>();
    if (required && out->empty()) return Err(JsonPathKey(path, key), std::string("\"") + key + "\" is empty");
    return Status::Ok();
  }

  Status StrList(const json& v, const std::string& path, std::vector<std::string>* out) {
    if (!v.is_array()) return Err(path, "must be a list of texts [\"...\", \"...\"]");
    for (size_t i = 0; i < v.size(); ++i) {
      if (!v[i].is_string()) return Err(JsonPathIndex(path, i), "must be text in quotes");
      out->push_back(v[i].get<std::string>());
    }
    return Status::Ok();
  }

  Status TermSets(const json& v, const std::string& path,
                  std::map<std::string, std::vector<std::string>>* out) {
    if (!v.is_object()) return Err(path, "\"term_sets\" must be an object of named lists");
    for (auto it = v.begin(); it != v.end(); ++it) {
      if (it.key().rfind("trust.", 0) == 0)
        return Err(JsonPathKey(path, it.key()), "names starting with 'trust.' are reserved");
      if (lexicon_owner_.count(it.key()))
        return Err(JsonPathKey(path, it.key()), "term set '" + it.key() + "' is already defined in the lexicon " +
                                                    lexicon_owner_.at(it.key()) + "; give this list another name");
      std::vector<std::string> terms;
      if (auto s = StrList(it.value(), JsonPathKey(path, it.key()), &terms); !s.ok()) return s;
      auto& dst = (*out)[it.key()];
      dst.insert(dst.end(), terms.begin(), terms.end());
    }
    return Status::Ok();
  }

  // Term `index` of the list at `list_path`; its own path is built only for an error, as
  // thousands of terms are read on every load.
  Status CheckTerm(const std::string& t, const std::string& list_path, size_t index) const {
    size_t star = t.find_first_of("*~");
    if (t.find_first_not_of(" ") == std::string::npos) return Err(JsonPathIndex(list_path, index), "empty term");
    if (star != std::string::npos && star + 1 != t.size())
      return Err(JsonPathIndex(list_path, index), "'*' and '~' may only end a term, as in \"nurs*\" or \"patient~\"");
    return Status::Ok();
  }

  // A lexicon file is a word list with its provenance (docs/rule-format.md, Lexicons): its term
  // sets join the ruleset's, and a name may be defined once only so two lists never merge unseen.
  Status Lexicon(const json& lx) {
    const std::string path = "$.lexicon";
    if (!lx.is_object()) return Err(path, "\"lexicon\" must be an object");
    if (auto s = Keys(lx, path, {"name", "description", "source", "licence", "version", "date", "term_sets"}); !s.ok())
      return s;
    std::string field;
    for (const char* key : {"name", "source", "licence", "version", "date"}) {
      if (auto s = Str(lx, path, key, &field, true); !s.ok()) return s;
    }
    if (!lx.contains("term_sets")) return Err(path, "missing \"term_sets\"");
    const json& sets = lx["term_sets"];
    if (!sets.is_object() || sets.empty())
      return Err(path + ".term_sets", "\"term_sets\" must be an object of named lists, at least one");
    for (auto it = sets.begin(); it != sets.end(); ++it) {
      const std::string set_path = JsonPathKey(path + ".term_sets", it.key());
      if (it.key().rfind("trust.", 0) == 0) return Err(set_path, "names starting with 'trust.' are reserved");
      if (spec_.term_sets.count(it.key()))
        return Err(set_path, "term set '" + it.key() + "' is already defined (in " +
                                 (lexicon_owner_.count(it.key()) ? lexicon_owner_[it.key()] : std::string("the ruleset header")) +
                                 "); give this list another name");
      std::vector<std::string> terms;
      if (auto s = StrList(it.value(), set_path, &terms); !s.ok()) return s;
      if (terms.empty()) return Err(set_path, "an empty list; remove it or add terms");
      for (size_t i = 0; i < terms.size(); ++i) {
        if (auto s = CheckTerm(terms[i], set_path, i); !s.ok()) return s;
      }
      spec_.term_sets[it.key()] = std::move(terms);
      lexicon_owner_[it.key()] = src_->name();
    }
    return Status::Ok();
  }

  Status Header(const json& h) {
    const std::string path = "$.ruleset";
    if (!h.is_object()) return Err(path, "\"ruleset\" must be an object");
    if (auto s = Keys(h, path, {"name", "version", "term_sets", "description"}); !s.ok()) return s;
    if (auto s = Str(h, path, "name", &spec_.name, true); !s.ok()) return s;
    if (auto s = Str(h, path, "version", &spec_.version, true); !s.ok()) return s;
    if (h.contains("term_sets")) return TermSets(h["term_sets"], path + ".term_sets", &spec_.term_sets);
    return Status::Ok();
  }

  Status FlattenStrings(const json& v, const std::string& path, const std::string& prefix,
                        std::map<std::string, std::string>* out) {
    if (v.is_string()) { (*out)[prefix] = v.get<std::string>(); return Status::Ok(); }
    if (!v.is_object()) return Err(path, "must be text or an object of texts");
    for (auto it = v.begin(); it != v.end(); ++it) {
      if (auto s = FlattenStrings(it.value(), JsonPathKey(path, it.key()), prefix + "." + it.key(), out);
          !s.ok())
        return s;
    }
    return Status::Ok();
  }

  Status Trust(const json& t) {
    const std::string path = "$.trust";
    if (!t.is_object()) return Err(path, "\"trust\" must be an object");
    if (auto s = Keys(t, path, {"id", "name", "aliases", "handles", "sites", "policy", "contacts",
                               "sections", "term_sets", "description", "disabled_rules",
                               "severity_overrides", "examples"});
        !s.ok())
      return s;
    TrustSpec ts;
    ts.where = At(path);
    if (auto s = Str(t, path, "id", &ts.info.id, true); !s.ok()) return s;
    if (auto s = Str(t, path, "name", &ts.info.name, true); !s.ok()) return s;
    for (const auto& other : spec_.trusts) {
      if (other.info.id == ts.info.id)
        return Err(path + ".id", "trust id '" + ts.info.id + "' is defined twice");
    }
    if (t.contains("aliases")) if (auto s = StrList(t["aliases"], path + ".aliases", &ts.aliases); !s.ok()) return s;
    if (t.contains("handles")) if (auto s = StrList(t["handles"], path + ".handles", &ts.handles); !s.ok()) return s;
    if (t.contains("sites")) if (auto s = StrList(t["sites"], path + ".sites", &ts.sites); !s.ok()) return s;
    if (!t.contains("policy")) return Err(path, "missing \"policy\" (title, short name, url)");
    const json& p = t["policy"];
    if (!p.is_object()) return Err(path + ".policy", "\"policy\" must be an object");
    if (auto s = Keys(p, path + ".policy", {"title", "short", "url"}); !s.ok()) return s;
    if (auto s = Str(p, path + ".policy", "title", &ts.info.policy_title, true); !s.ok()) return s;
    if (auto s = Str(p, path + ".policy", "short", &ts.info.policy_short, true); !s.ok()) return s;
    if (auto s = Str(p, path + ".policy", "url", &ts.info.policy_url, false); !s.ok()) return s;
    if (t.contains("contacts")) {
      if (auto s = FlattenStrings(t["contacts"], path + ".contacts", "contacts", &ts.placeholders); !s.ok())
        return s;
    }
    if (t.contains("sections")) {
      const json& sec = t["sections"];
      if (!sec.is_object()) return Err(path + ".sections", "\"sections\" must map categories or rule ids to sections");
      for (auto it = sec.begin(); it != sec.end(); ++it) {
        if (!it.value().is_string()) return Err(JsonPathKey(path + ".sections", it.key()), "must be text");
        ts.sections[it.key()] = it.value().get<std::string>();
      }
    }
    if (t.contains("term_sets")) {
      if (auto s = TermSets(t["term_sets"], path + ".term_sets", &ts.term_sets); !s.ok()) return s;
    }
    if (auto s = TrustChoices(t, path, &ts); !s.ok()) return s;
    ts.placeholders["trust.name"] = ts.info.name;
    ts.placeholders["trust.id"] = ts.info.id;
    ts.placeholders["policy.title"] = ts.info.policy_title;
    ts.placeholders["policy.short"] = ts.info.policy_short;
    ts.placeholders["policy.url"] = ts.info.policy_url;
    ts.term_sets["trust.names"] = ts.aliases;
    ts.term_sets["trust.names"].push_back(ts.info.name);
    ts.term_sets["trust.handles"] = ts.handles;
    ts.term_sets["trust.sites"] = ts.sites;
    spec_.trusts.push_back(std::move(ts));
    return Status::Ok();
  }

  // A Trust's own choices: rules switched off, severities changed, and examples that prove both.
  // Rule ids are checked once every file is read (CheckTrustChoices), since rules may come later.
  Status TrustChoices(const json& t, const std::string& path, TrustSpec* ts) {
    if (t.contains("disabled_rules")) {
      const std::string dpath = path + ".disabled_rules";
      if (auto s = StrList(t["disabled_rules"], dpath, &ts->info.disabled_rules); !s.ok()) return s;
      for (size_t i = 0; i < ts->info.disabled_rules.size(); ++i)
        pending_choices_.push_back({ts->info.disabled_rules[i], At(JsonPathIndex(dpath, i)), src_});
    }
    if (t.contains("severity_overrides")) {
      const std::string opath = path + ".severity_overrides";
      const json& o = t["severity_overrides"];
      if (!o.is_object()) return Err(opath, "\"severity_overrides\" must map rule ids to \"info\", \"warn\" or \"block\"");
      for (auto it = o.begin(); it != o.end(); ++it) {
        Severity sev;
        std::string kpath = JsonPathKey(opath, it.key());
        if (!it.value().is_string() || !ParseSeverity(it.value().get<std::string>(), &sev))
          return Err(kpath, "severity must be \"info\", \"warn\" or \"block\"");
        ts->info.severity_overrides[it.key()] = sev;
        pending_choices_.push_back({it.key(), At(kpath), src_});
      }
    }
    if (examples_ && t.contains("examples")) {
      const std::string epath = path + ".examples";
      RuleSpec holder;
      if (auto s = Examples(t["examples"], epath, &holder, /*trust_profile=*/true); !s.ok()) return s;
      for (size_t i = 0; i < holder.info.examples.size(); ++i) {
        RuleExample& ex = holder.info.examples[i];
        ex.trust = ts->info.id;
        trust_examples_.push_back({example_rules_[i], std::move(ex), src_});
      }
      example_rules_.clear();
    }
    return Status::Ok();
  }

  Status Within(const json& v, const std::string& path, Distance* out) {
    if (v.is_number_integer()) {
      long long n = v.get<long long>();
      if (n < 0 || n > 1000) return Err(path, "\"within\" must be 0 to 1000 words");
      out->unit = DistanceUnit::kWords;
      out->words = static_cast<int>(n);
      return Status::Ok();
    }
    if (v.is_string() && v.get<std::string>() == "sentence") { out->unit = DistanceUnit::kSentence; return Status::Ok(); }
    if (v.is_string() && v.get<std::string>() == "post") { out->unit = DistanceUnit::kPost; return Status::Ok(); }
    return Err(path, "\"within\" must be a number of words, \"sentence\" or \"post\"");
  }

  Status FoldOption(const json& v, const std::string& path, Expr* out) {
    if (!v.contains("fold")) return Status::Ok();
    const json& f = v["fold"];
    if (f == "plain") out->fold = Fold::kPlain;
    else if (f == "obfuscated") out->fold = Fold::kObfuscated;
    else return Err(path + ".fold", "\"fold\" must be \"plain\" or \"obfuscated\"");
    return Status::Ok();
  }

  Status Expression(const json& v, const std::string& path, Expr* out, int depth) {
    if (depth > 16) return Err(path, "match expressions nest deeper than 16 levels");
    if (!v.is_object()) return Err(path, "a match must be an object such as {\"terms\": [...]}");
    out->path = path;
    out->file = src_->name();
    static const char* kinds[] = {"terms", "regex", "detector", "any", "all", "not", "near", "phrase"};
    std::string kind;
    int found = 0;
    for (const char* k : kinds) {
      if (v.contains(k)) { ++found; if (kind.empty()) kind = k; }
    }
    if (!v.contains("terms") && v.contains("terms_ref")) { ++found; kind = kind.empty() ? "terms_ref" : kind; }
    if (found == 0) {
      return Err(path, "a match needs one of: terms, terms_ref, regex, detector, any, all, not, near, phrase");
    }
    if (found > 1) {
      return Err(path, "a match has exactly one kind (terms, regex, detector, any, all, not, near, phrase); wrap several in \"any\" or \"all\"");
    }
    if (kind == "terms" || kind == "terms_ref") {
      if (auto s = Keys(v, path, {"terms", "terms_ref", "fold"}); !s.ok()) return s;
      out->kind = ExprKind::kTerms;
      if (v.contains("terms")) {
        if (auto s = StrList(v["terms"], path + ".terms", &out->terms); !s.ok()) return s;
        const std::string list_path = path + ".terms";
        for (size_t i = 0; i < out->terms.size(); ++i) {
          if (auto s = CheckTerm(out->terms[i], list_path, i); !s.ok()) return s;
        }
      }
      if (v.contains("terms_ref")) {
        if (!v["terms_ref"].is_string()) return Err(path + ".terms_ref", "must be the name of a term set");
        out->terms_ref = v["terms_ref"].get<std::string>();
        if (out->terms_ref.rfind("trust.", 0) != 0 && !spec_.term_sets.count(out->terms_ref)) {
          pending_refs_.push_back({out->terms_ref, src_, path + ".terms_ref"});
        }
      }
      return FoldOption(v, path, out);
    }
    if (kind == "regex") {
      if (auto s = Keys(v, path, {"regex", "fold"}); !s.ok()) return s;
      out->kind = ExprKind::kRegex;
      if (!v["regex"].is_string() || v["regex"].get<std::string>().empty())
        return Err(path + ".regex", "\"regex\" must be a non-empty pattern");
      out->regex = v["regex"].get<std::string>();
      return FoldOption(v, path, out);
    }
    if (kind == "detector") {
      if (auto s = Keys(v, path, {"detector"}); !s.ok()) return s;
      out->kind = ExprKind::kDetector;
      if (!v["detector"].is_string()) return Err(path + ".detector", "\"detector\" must be a detector name");
      out->detector = v["detector"].get<std::string>();
      return Status::Ok();  // the name is checked by the compiler, which knows the detectors
    }
    if (kind == "not") {
      if (auto s = Keys(v, path, {"not"}); !s.ok()) return s;
      out->kind = ExprKind::kNot;
      out->children.emplace_back();
      return Expression(v["not"], path + ".not", &out->children[0], depth + 1);
    }
    // any / all / near: lists of expressions
    if (kind == "near") {
      if (auto s = Keys(v, path, {"near", "within"}); !s.ok()) return s;
      out->kind = ExprKind::kNear;
      out->within.words = 8;
      if (v.contains("within")) {
        if (auto s = Within(v["within"], path + ".within", &out->within); !s.ok()) return s;
      }
    } else if (kind == "phrase") {
      if (auto s = Keys(v, path, {"phrase", "gap"}); !s.ok()) return s;
      out->kind = ExprKind::kPhrase;
      if (v.contains("gap")) {
        const json& g = v["gap"];
        if (!g.is_number_integer() || g.get<long long>() < 0 || g.get<long long>() > 10)
          return Err(path + ".gap", "\"gap\" must be a whole number of words from 0 to 10");
        out->gap = static_cast<int>(g.get<long long>());
      }
    } else {
      if (auto s = Keys(v, path, {kind.c_str()}); !s.ok()) return s;
      out->kind = kind == "any" ? ExprKind::kAny : ExprKind::kAll;
    }
    const json& list = v[kind];
    std::string lpath = JsonPathKey(path, kind);
    if (!list.is_array() || list.empty()) return Err(lpath, "\"" + kind + "\" must be a non-empty list of matches");
    if ((kind == "near" || kind == "phrase") && list.size() < 2)
      return Err(lpath, "\"" + kind + "\" needs at least two matches");
    for (size_t i = 0; i < list.size(); ++i) {
      out->children.emplace_back();
      if (auto s = Expression(list[i], JsonPathIndex(lpath, i), &out->children.back(), depth + 1); !s.ok())
        return s;
    }
    if (out->kind != ExprKind::kAny && out->children[0].kind == ExprKind::kNot)
      return Err(JsonPathIndex(lpath, 0), "the first element gives the underlined text, so it cannot be a \"not\"");
    if (out->kind == ExprKind::kNear) {
      for (size_t i = 0; i < out->children.size(); ++i)
        if (out->children[i].kind == ExprKind::kNot)
          return Err(JsonPathIndex(lpath, i), "\"not\" cannot be used inside \"near\"; use \"unless\" on the rule");
    }
    return Status::Ok();
  }

  Status Severities(const json& v, const std::string& path, RuleSpec* r) {
    Severity s;
    if (v.is_string()) {
      if (!ParseSeverity(v.get<std::string>(), &s))
        return Err(path, "severity must be \"info\", \"warn\" or \"block\"" +
                             DidYouMean(v.get<std::string>(), {"info", "warn", "block"}));
      r->severity_by_confidence = {s, s, s};
      r->info.severity = s;
      return Status::Ok();
    }
    if (!v.is_object()) return Err(path, "severity must be \"info\", \"warn\", \"block\" or {\"low\": ..., \"high\": ...}");
    if (auto st = Keys(v, path, {"low", "medium", "high"}); !st.ok()) return st;
    std::array<int, 3> lv{-1, -1, -1};
    const char* names[3] = {"low", "medium", "high"};
    for (int i = 0; i < 3; ++i) {
      if (!v.contains(names[i])) continue;
      if (!v[names[i]].is_string() || !ParseSeverity(v[names[i]].get<std::string>(), &s))
        return Err(JsonPathKey(path, names[i]), "severity must be \"info\", \"warn\" or \"block\"");
      lv[i] = static_cast<int>(s);
    }
    if (lv[0] < 0 && lv[1] < 0 && lv[2] < 0) return Err(path, "give at least one of low, medium, high");
    for (int i = 0; i < 3; ++i) {
      int pick = -1;
      for (int j = i; j >= 0 && pick < 0; --j) pick = lv[j];
      for (int j = i; j < 3 && pick < 0; ++j) pick = lv[j];
      r->severity_by_confidence[i] = static_cast<Severity>(pick);
    }
    r->info.severity = r->severity_by_confidence[2];
    return Status::Ok();
  }

  Status Examples(const json& v, const std::string& path, RuleSpec* r, bool trust_profile = false) {
    if (!v.is_object()) return Err(path, "\"examples\" must be {\"flag\": [...], \"pass\": [...]}");
    if (auto s = Keys(v, path, {"flag", "pass"}); !s.ok()) return s;
    for (const char* key : {"flag", "pass"}) {
      if (!v.contains(key)) continue;
      const json& list = v[key];
      std::string lpath = JsonPathKey(path, key);
      if (!list.is_array()) return Err(lpath, "must be a list of example posts");
      for (size_t i = 0; i < list.size(); ++i) {
        std::string ipath = JsonPathIndex(lpath, i);
        RuleExample ex;
        ex.must_flag = std::string(key) == "flag";
        std::string marked;
        if (list[i].is_string() && !trust_profile) {
          marked = list[i].get<std::string>();
        } else if (trust_profile) {
          // In a Trust profile an example names its rule, and may name the severity staff see.
          if (!list[i].is_object())
            return Err(ipath, "a Trust example is {\"rule\": \"category.name\", \"text\": \"...\"}, with \"severity\" for a flag example if you like");
          if (auto s = Keys(list[i], ipath, {"rule", "text", "severity", "note"}); !s.ok()) return s;
          if (auto s = Str(list[i], ipath, "text", &marked, true); !s.ok()) return s;
          std::string rule, severity;
          if (auto s = Str(list[i], ipath, "rule", &rule, true); !s.ok()) return s;
          if (auto s = Str(list[i], ipath, "severity", &severity, false); !s.ok()) return s;
          if (!severity.empty()) {
            if (!ex.must_flag) return Err(JsonPathKey(ipath, "severity"), "only a \"flag\" example has a severity");
            if (!ParseSeverity(severity, &ex.severity))
              return Err(JsonPathKey(ipath, "severity"), "severity must be \"info\", \"warn\" or \"block\"");
            ex.has_severity = true;
          }
          example_rules_.push_back(rule);
        } else if (list[i].is_object()) {
          if (auto s = Keys(list[i], ipath, {"text", "trust", "note"}); !s.ok()) return s;
          if (auto s = Str(list[i], ipath, "text", &marked, true); !s.ok()) return s;
          if (auto s = Str(list[i], ipath, "trust", &ex.trust, false); !s.ok()) return s;
        } else {
          return Err(ipath, "an example is a text, or {\"text\": ..., \"trust\": ...}");
        }
        std::string why;
        if (!ParseExampleMarkers(marked, &ex.text, &ex.spans, &why)) return Err(ipath, why);
        if (ex.must_flag && ex.spans.empty())
          return Err(ipath, "mark the text this rule must underline with [[ and ]]");
        if (!ex.must_flag && !ex.spans.empty())
          return Err(ipath, "a \"pass\" example must not contain [[ ]] markers");
        ex.where = At(ipath);
        r->info.examples.push_back(std::move(ex));
      }
    }
    return Status::Ok();
  }

  Status Rule(const json& v, const std::string& path, const std::string& trust_id) {
    if (!v.is_object()) return Err(path, "a rule must be an object");
    if (auto s = Keys(v, path, {"id", "category", "severity", "title", "message", "advice", "match",
                               "evidence", "confidence", "min_evidence", "unless", "allow", "sites",
                               "examples", "description", "notes"});
        !s.ok())
      return s;
    RuleSpec r;
    r.info.where = At(path);
    r.info.trust = trust_id;
    if (auto s = Str(v, path, "id", &r.info.id, true); !s.ok()) return s;
    if (auto s = Str(v, path, "category", &r.info.category, true); !s.ok()) return s;
    if (!IsCategory(r.info.category)) {
      std::string list;
      for (const char* c : kCategories) list += std::string(list.empty() ? "" : ", ") + c;
      std::string hint = DidYouMean(r.info.category, std::vector<std::string>(std::begin(kCategories), std::end(kCategories)));
      return Err(path + ".category", "unknown category '" + r.info.category + "'" + hint + "; use one of: " + list);
    }
    const std::string& id = r.info.id;
    bool id_ok = std::all_of(id.begin(), id.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
    });
    if (!id_ok || id.rfind(r.info.category + ".", 0) != 0 || id.size() <= r.info.category.size() + 1)
      return Err(path + ".id", "rule id must be '<category>.<name>' in lower case, e.g. '" +
                                   r.info.category + ".my_rule'");
    if (auto it = seen_ids_.find(id); it != seen_ids_.end()) {
      Location first = it->second.first->Locate(it->second.second);
      return Err(path + ".id", "duplicate rule id '" + id + "' (first defined at " + first.file + ":" +
                                   std::to_string(first.line) + ")");
    }
    seen_ids_[id] = {src_, path};
    if (!v.contains("severity")) return Err(path, "missing \"severity\"");
    if (auto s = Severities(v["severity"], path + ".severity", &r); !s.ok()) return s;
    if (auto s = Str(v, path, "title", &r.info.title, true); !s.ok()) return s;
    if (auto s = Str(v, path, "message", &r.info.message, true); !s.ok()) return s;
    if (auto s = Str(v, path, "advice", &r.info.advice, true); !s.ok()) return s;
    if (!v.contains("match")) return Err(path, "missing \"match\"");
    if (auto s = Expression(v["match"], path + ".match", &r.match, 0); !s.ok()) return s;
    if (v.contains("evidence")) {
      const json& ev = v["evidence"];
      if (!ev.is_array()) return Err(path + ".evidence", "\"evidence\" must be a list of {\"match\": ..., \"within\": ...}");
      for (size_t i = 0; i < ev.size(); ++i) {
        std::string epath = JsonPathIndex(path + ".evidence", i);
        if (!ev[i].is_object() || !ev[i].contains("match"))
          return Err(epath, "evidence items are {\"match\": ..., \"within\": 12}");
        if (auto s = Keys(ev[i], epath, {"match", "within"}); !s.ok()) return s;
        EvidenceSpec e;
        if (auto s = Expression(ev[i]["match"], epath + ".match", &e.match, 0); !s.ok()) return s;
        if (ev[i].contains("within"))
          if (auto s = Within(ev[i]["within"], epath + ".within", &e.within); !s.ok()) return s;
        r.evidence.push_back(std::move(e));
      }
    }
    if (v.contains("confidence")) {
      if (!v["confidence"].is_string() || !ParseConfidence(v["confidence"].get<std::string>(), &r.base_confidence))
        return Err(path + ".confidence", "confidence must be \"low\", \"medium\" or \"high\"");
    }
    if (v.contains("min_evidence")) {
      const json& m = v["min_evidence"];
      if (!m.is_number_integer() || m.get<long long>() < 0 || m.get<long long>() > static_cast<long long>(r.evidence.size()))
        return Err(path + ".min_evidence", "\"min_evidence\" must be a whole number no larger than the evidence list");
      r.min_evidence = static_cast<int>(m.get<long long>());
    }
    if (v.contains("unless")) {
      r.has_unless = true;
      if (auto s = Expression(v["unless"], path + ".unless", &r.unless, 0); !s.ok()) return s;
    }
    if (v.contains("allow")) if (auto s = StrList(v["allow"], path + ".allow", &r.allow); !s.ok()) return s;
    if (v.contains("sites")) if (auto s = StrList(v["sites"], path + ".sites", &r.sites); !s.ok()) return s;
    if (examples_ && v.contains("examples")) {
      if (auto s = Examples(v["examples"], path + ".examples", &r); !s.ok()) return s;
    }
    spec_.rules.push_back(std::move(r));
    return Status::Ok();
  }

 public:
  Status CheckPendingRefs() const {
    for (const auto& ref : pending_refs_) {
      const std::string& name = ref.name;
      if (!spec_.term_sets.count(name)) {
        bool in_trust = std::any_of(spec_.trusts.begin(), spec_.trusts.end(),
                                    [&](const TrustSpec& t) { return t.term_sets.count(name) > 0; });
        if (!in_trust) {
          std::vector<std::string> known;
          for (const auto& [set, terms] : spec_.term_sets) known.push_back(set);
          for (const auto& t : spec_.trusts)
            for (const auto& [set, terms] : t.term_sets) known.push_back(set);
          return Status::Error(StatusCode::kSchemaError, "unknown term set '" + name + "'" + DidYouMean(name, known),
                               ref.src->Locate(ref.json_path));
        }
      }
    }
    return Status::Ok();
  }

  Status CheckTrustChoices() {
    std::vector<std::string> ids;
    for (const auto& r : spec_.rules) ids.push_back(r.info.id);
    auto where = [](const JsonSource* src, const Location& at) { return src->Locate(at.json_path); };
    for (const auto& c : pending_choices_) {
      if (c.id.size() > 2 && c.id.compare(c.id.size() - 2, 2, ".*") == 0) {
        std::string category = c.id.substr(0, c.id.size() - 2);
        if (!IsCategory(category))
          return Status::Error(StatusCode::kSchemaError, "unknown category '" + category + "'" +
                               DidYouMean(category, std::vector<std::string>(std::begin(kCategories), std::end(kCategories))),
                               where(c.src, c.at));
        continue;
      }
      if (!seen_ids_.count(c.id))
        return Status::Error(StatusCode::kSchemaError, "unknown rule '" + c.id + "'" + DidYouMean(c.id, ids) +
                             " (see rules/CATALOG.md for every rule id)", where(c.src, c.at));
    }
    for (auto& te : trust_examples_) {
      // Located only on error: building a file's path index costs more than parsing it.
      auto rule_at = [&] { return te.src->Locate(te.ex.where.json_path + ".rule"); };
      auto rule = std::find_if(spec_.rules.begin(), spec_.rules.end(), [&](const RuleSpec& r) { return r.info.id == te.rule; });
      if (rule == spec_.rules.end())
        return Status::Error(StatusCode::kSchemaError, "unknown rule '" + te.rule + "'" + DidYouMean(te.rule, ids), rule_at());
      if (!rule->info.trust.empty() && rule->info.trust != te.ex.trust)
        return Status::Error(StatusCode::kSchemaError, "rule '" + te.rule + "' belongs to Trust '" + rule->info.trust + "'", rule_at());
      const TrustSpec* trust = nullptr;
      for (const auto& t : spec_.trusts) if (t.info.id == te.ex.trust) trust = &t;
      bool off = trust && TrustSwitchesOff(trust->info, rule->info);
      if (off && te.ex.must_flag)
        return Status::Error(StatusCode::kSchemaError, "rule '" + te.rule + "' is switched off for this Trust (disabled_rules), so it cannot flag this example", rule_at());
      rule->info.examples.push_back(std::move(te.ex));
    }
    return Status::Ok();
  }

 private:
  struct PendingChoice {
    std::string id;
    Location at;
    const JsonSource* src;
  };
  struct TrustExample {
    std::string rule;
    RuleExample ex;
    const JsonSource* src;
  };
  std::vector<PendingChoice> pending_choices_;  // rule ids named by Trust profiles
  std::vector<TrustExample> trust_examples_;
  std::vector<std::string> example_rules_;      // "rule" of each Trust example, in order, while parsing
  const JsonSource* src_ = nullptr;
  const bool examples_;
  RulesetSpec spec_;
  std::map<std::string, std::string> lexicon_owner_;  // term set name -> lexicon file that defined it
  std::map<std::string, std::pair<const JsonSource*, std::string>> seen_ids_;  // id -> where first seen
  // Term set names not yet defined when read (lexicons may come later), with where they were
  // named; located only if one turns out unknown, because locating builds a path index of the file.
  struct PendingRef {
    std::string name;
    const JsonSource* src;
    std::string json_path;
  };
  std::vector<PendingRef> pending_refs_;
};

}  // namespace

Result<RulesetSpec> ParseRuleset(const std::vector<std::shared_ptr<const JsonSource>>& files,
                                 bool examples) {
  Parser p(examples);
  return p.Run(files);
}

}  // namespace postcheck
