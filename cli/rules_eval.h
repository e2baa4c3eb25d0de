// `postcheck rules eval`: how a ruleset does on labelled real posts, at the sensitivity staff see.
#pragma once

namespace postcheck::cli {

// args are what follows "rules eval"; argv0 finds the default rules folder. Exit status: 0, 1
// when a floor (--min-*, --max-false-alarms) is not met, 2 on usage or input errors.
int RunRulesEval(int argc, char** argv, const char* argv0);

extern const char* const kRulesEvalUsage;

}  // namespace postcheck::cli
