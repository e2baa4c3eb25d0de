// RulesetTerms: walks rules the way a checker compiles them, but for every Trust at once.
#include "rules/ruleset_terms.h"

#include <unordered_set>

#include "load_path.h"

namespace postcheck {
namespace {

struct Walk {
  TermLists lists;
  std::unordered_set<const std::vector<std::string>*> seen;
  void Add(const std::vector<std::string>& list) {
    if (!list.empty() && seen.insert(&list).second) lists.push_back(&list);
  }
};

}  // namespace

POSTCHECK_LOAD_PATH TermLists TermListsOf(const RulesetSpec& spec, Fold fold) {
  Walk out;
  const auto add_set = [&](const std::map<std::string, std::vector<std::string>>& sets, const std::string& name) {
    if (auto it = sets.find(name); it != sets.end()) out.Add(it->second);
  };
  for (const RuleSpec& r : spec.rules) {
    ForEachExpr(r, [&](const Expr& e) {
      if (e.kind != ExprKind::kTerms || e.fold != fold) return;
      out.Add(e.terms);
      if (e.terms_ref.empty()) return;
      add_set(spec.term_sets, e.terms_ref);
      for (const TrustSpec& t : spec.trusts) add_set(t.term_sets, e.terms_ref);
    });
    if (fold == Fold::kPlain) out.Add(r.allow);
  }
  return std::move(out.lists);
}

}  // namespace postcheck
