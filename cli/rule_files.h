// RuleFiles: finds and reads the rule files the CLI works on (a rules folder, a bundle, or files that override it).
#pragma once

#include <string>
#include <vector>

#include "postcheck/ruleset.h"
#include "postcheck/status.h"

namespace postcheck::cli {

// Default rules folder: $POSTCHECK_RULES, else <exe>/../../rules, else ./rules.
std::string DefaultRulesDir(const char* argv0);

struct ReadOptions {
  // Only this Trust's profile (rules/trusts/<id>.json) is read, with the core: another Trust's
  // broken edit cannot stop this one. Empty, or no file of that name: every profile is read.
  std::string only_trust;
};

// Reads the ruleset in `dir_or_bundle` (a folder laid out as rules/, or a bundle.json array of
// {name, text}) and then applies `overrides` (drafts): a draft replaces the file with the same
// name, or else the file that defines the same Trust or the same rule ids; any other is added.
// This is how a draft file is tried against the shipped ruleset. `notes` (if given) says, for
// each draft, what it replaced.
Result<std::vector<SourceFile>> ReadRuleFiles(const std::string& dir_or_bundle,
                                              const std::vector<std::string>& overrides,
                                              const ReadOptions& options = {},
                                              std::vector<std::string>* notes = nullptr);

}  // namespace postcheck::cli
