// LoadRuleset: parse every file, validate the format, then compile once per Trust so a bad term or regex is caught at load time.
#include "rules/ruleset_impl.h"

#include "postcheck/checker.h"
#include "rules/packed_ruleset.h"
#include "rules/parse.h"
#include "rules/ruleset_terms.h"

namespace postcheck {

RulesetImpl::RulesetImpl(RulesetSpec spec, std::vector<std::shared_ptr<const JsonSource>> sources,
                         bool packed)
    : spec_(std::move(spec)), sources_(std::move(sources)), packed_(packed) {
  for (const auto& r : spec_.rules) infos_.push_back(r.info);
  for (const auto& t : spec_.trusts) trust_infos_.push_back(t.info);
}

const RuleInfo* RulesetImpl::FindRule(const std::string& id) const {
  for (const auto& r : infos_)
    if (r.id == id) return &r;
  return nullptr;
}

std::shared_ptr<const RegexMatcher> RulesetImpl::Regex(const std::string& pattern,
                                                       std::string* error) const {
  std::lock_guard<std::mutex> lock(regex_mu_);
  if (auto it = regexes_.find(pattern); it != regexes_.end()) return it->second;
  std::shared_ptr<const RegexMatcher> m =
      packed_ ? RegexMatcher::Deferred(pattern) : RegexMatcher::Compile(pattern, error);
  if (m) regexes_.emplace(pattern, m);
  return m;
}

const RegexPrefilter& RulesetImpl::Prefilter(const std::string& pattern) const {
  std::lock_guard<std::mutex> lock(regex_mu_);
  if (auto it = prefilters_.find(pattern); it != prefilters_.end()) return it->second;
  return prefilters_.emplace(pattern, RegexPrefilter::For(pattern)).first->second;
}

std::shared_ptr<const TermTable> RulesetImpl::Terms(Fold fold) const {
  const int f = static_cast<int>(fold);
  std::call_once(terms_once_[f], [&] {
    if (!terms_[f])
      terms_[f] = TermTable::Build(fold == Fold::kObfuscated, TermListsOf(spec_, fold));
  });
  return terms_[f];
}

Status RulesetImpl::AdoptTerms(Fold fold, TermTrie trie, const std::vector<uint32_t>& ids) {
  auto table = TermTable::Assemble(fold == Fold::kObfuscated, TermListsOf(spec_, fold),
                                   std::move(trie), ids);
  if (!table.ok()) return table.status();
  terms_[static_cast<int>(fold)] = std::move(table).value();
  return Status::Ok();
}

Location RulesetImpl::Locate(const std::string& file, const std::string& json_path) const {
  for (const auto& s : sources_)
    if (s->name() == file) return s->Locate(json_path);
  Location at;
  at.file = file;
  at.json_path = json_path;
  return at;
}

namespace {

Result<std::shared_ptr<const Ruleset>> Finish(std::shared_ptr<const RulesetImpl> ruleset,
                                              const LoadOptions& options) {
  // Compiling per Trust surfaces bad regexes, empty terms and unknown detectors or placeholders
  // now, with their location, rather than at the first check.
  if (!options.compile_all_trusts) return std::shared_ptr<const Ruleset>(ruleset);
  std::vector<std::string> trusts;
  for (const auto& t : ruleset->trusts()) trusts.push_back(t.id);
  if (trusts.empty()) trusts.push_back("");
  for (const auto& id : trusts) {
    CheckerOptions o;
    o.trust = id;
    auto checker = MakeChecker(ruleset, o);
    if (!checker.ok()) return checker.status();
  }
  return std::shared_ptr<const Ruleset>(ruleset);
}

}  // namespace

Result<std::shared_ptr<const Ruleset>> LoadRuleset(const std::vector<SourceFile>& files,
                                                   const LoadOptions& options) {
  size_t total = 0;
  for (const auto& f : files) total += f.text.size();
  if (total > options.max_total_bytes) {
    return Status::Error(StatusCode::kResourceLimit,
                         "ruleset is " + std::to_string(total) + " bytes; the limit is " +
                             std::to_string(options.max_total_bytes));
  }
  if (files.empty()) return Status::Error(StatusCode::kInvalidArgument, "no rule files given");
  std::vector<std::shared_ptr<const JsonSource>> sources;
  for (const auto& f : files) {
    auto parsed = JsonSource::Parse(f, options.max_json_depth);
    if (!parsed.ok()) return parsed.status();
    sources.push_back(parsed.value());
  }
  auto spec = ParseRuleset(sources, options.examples);
  for (const auto& s : sources) s->ReleaseTree();
  if (!spec.ok()) return spec.status();
  return Finish(std::make_shared<const RulesetImpl>(std::move(spec).value(), std::move(sources)),
                options);
}

std::string PackRuleset(const Ruleset& ruleset) {
  // RulesetImpl is the only Ruleset there is.
  return PackRulesetSpec(static_cast<const RulesetImpl&>(ruleset).spec());
}

Result<std::shared_ptr<const Ruleset>> LoadPackedRuleset(std::string_view block, const std::string& name,
                                                         const LoadOptions& options) {
  if (block.size() > options.max_total_bytes) {
    return Status::Error(StatusCode::kResourceLimit, "packed ruleset is " + std::to_string(block.size()) +
                                                         " bytes; the limit is " + std::to_string(options.max_total_bytes));
  }
  PackedTables tables;
  auto spec = UnpackRulesetSpec(block, name, &tables);
  if (!spec.ok()) return spec.status();
  auto ruleset = std::make_shared<RulesetImpl>(
      std::move(spec).value(), std::vector<std::shared_ptr<const JsonSource>>{}, true);
  ruleset->AdoptPrefilters(std::move(tables.prefilters));
  for (Fold fold : {Fold::kPlain, Fold::kObfuscated}) {
    const int f = static_cast<int>(fold);
    if (Status s = ruleset->AdoptTerms(fold, std::move(tables.tries[f]), tables.ids[f]); !s.ok()) {
      Location at;
      at.file = name;
      return Status::Error(StatusCode::kSyntaxError,
                           "not a packed ruleset this engine can read: " + s.message, at);
    }
  }
  return Finish(std::move(ruleset), options);
}

}  // namespace postcheck
