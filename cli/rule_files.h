// RuleFiles: finds and reads the rule files the CLI works on (a rules folder, a bundle, or files that override it).
#pragma once

#include <string>
#include <vector>

#include "postcheck/ruleset.h"
#include "postcheck/status.h"

namespace postcheck::cli {

// Default rules folder: $POSTCHECK_RULES, else <exe>/../../rules, else ./rules.
std::string DefaultRulesDir(const char* argv0);

// Reads the ruleset in `dir_or_bundle` (a folder laid out as rules/, or a bundle.json array of
// {name, text}) and then applies `overrides`: a file with the same name replaces the original,
// any other is added. This is how a draft file is tried against the shipped ruleset.
Result<std::vector<SourceFile>> ReadRuleFiles(const std::string& dir_or_bundle,
                                              const std::vector<std::string>& overrides);

}  // namespace postcheck::cli
