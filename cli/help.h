// Help: the text `postcheck --help`, `postcheck help TOPIC` and `CMD --help` print, with usage examples, and the command names a typo is matched against.
#pragma once

#include <string>
#include <vector>

namespace postcheck::cli {

// Help for "" (everything), "check", "rules", "rules lint", "rules test", "explain", "help";
// nullptr for an unknown topic.
const char* HelpFor(const std::string& topic);

// The commands `postcheck` accepts, for "did you mean".
const std::vector<std::string>& CommandNames();
const std::vector<std::string>& RulesSubcommandNames();

// The version of this program (the project version in CMakeLists.txt).
const char* ProgramVersion();

}  // namespace postcheck::cli
