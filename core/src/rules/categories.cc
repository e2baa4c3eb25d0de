// KnownCategories: the public view of the rule format's fixed category list (kCategories in parse.cc).
#include <string>
#include <vector>

#include "postcheck/ruleset.h"
#include "rules/rule_spec.h"

namespace postcheck {

const std::vector<std::string>& KnownCategories() {
  static const std::vector<std::string> list(std::begin(kCategories), std::end(kCategories));
  return list;
}

}  // namespace postcheck
