// RulesetImpl: the loaded ruleset (validated specs plus the parsed sources, kept so later errors can still name a line).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "match/regex_matcher.h"
#include "match/regex_prefilter.h"
#include "match/term_table.h"
#include "postcheck/ruleset.h"
#include "rules/json_source.h"
#include "rules/rule_spec.h"

namespace postcheck {

class RulesetImpl final : public Ruleset {
 public:
  // `packed`: the spec was read from a packed ruleset, whose every pattern compiled when it was
  // written, so patterns are compiled on first use (RegexMatcher::Deferred), not at load.
  RulesetImpl(RulesetSpec spec, std::vector<std::shared_ptr<const JsonSource>> sources,
              bool packed = false);
  const std::string& version() const override { return spec_.version; }
  const std::string& name() const override { return spec_.name; }
  const std::vector<RuleInfo>& rules() const override { return infos_; }
  const std::vector<TrustInfo>& trusts() const override { return trust_infos_; }
  const RuleInfo* FindRule(const std::string& id) const override;
  bool examples_loaded() const override { return spec_.examples_loaded; }
  Location Resolve(const Location& where) const override { return Locate(where.file, where.json_path); }

  const RulesetSpec& spec() const { return spec_; }
  // Location of a JSON path in a named file (for errors found after parsing, e.g. a bad regex).
  Location Locate(const std::string& file, const std::string& json_path) const;
  // Compiled patterns are the same for every Trust: compiled once, shared by all checkers.
  std::shared_ptr<const RegexMatcher> Regex(const std::string& pattern, std::string* error) const;
  // A pattern's prefilter, worked out once (or read with a packed ruleset) and shared by every
  // checker.
  const RegexPrefilter& Prefilter(const std::string& pattern) const;
  // Takes a packed ruleset's prefilters, before the ruleset is shared.
  void AdoptPrefilters(std::map<std::string, RegexPrefilter> prefilters) {
    prefilters_ = std::move(prefilters);
  }
  // The terms of one fold, normalized into one trie on first use (or read with a packed
  // ruleset) and shared by every checker: a checker for another Trust, site or setting only
  // maps the patterns to its own rules.
  std::shared_ptr<const TermTable> Terms(Fold fold) const;
  // Takes a packed ruleset's tables, before the ruleset is shared; an error if they do not fit
  // its terms.
  Status AdoptTerms(Fold fold, TermTrie trie, const std::vector<uint32_t>& ids);

 private:
  RulesetSpec spec_;
  std::vector<std::shared_ptr<const JsonSource>> sources_;
  std::vector<RuleInfo> infos_;
  std::vector<TrustInfo> trust_infos_;
  bool packed_;
  mutable std::once_flag terms_once_[2];
  mutable std::shared_ptr<const TermTable> terms_[2];  // by Fold
  mutable std::mutex regex_mu_;
  mutable std::map<std::string, std::shared_ptr<const RegexMatcher>> regexes_;
  // Under regex_mu_; a std::map, whose entries never move.
  mutable std::map<std::string, RegexPrefilter> prefilters_;
};

}  // namespace postcheck
