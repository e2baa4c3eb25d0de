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

void Collect(const RulesetSpec& spec, const Expr& e, Fold fold, Walk& out) {
  if (e.kind == ExprKind::kTerms && e.fold == fold) {
    out.Add(e.terms);
    if (!e.terms_ref.empty()) {
      const auto add = [&](const std::map<std::string, std::vector<std::string>>& sets) {
        if (auto it = sets.find(e.terms_ref); it != sets.end()) out.Add(it->second);
      };
      add(spec.term_sets);
      for (const TrustSpec& t : spec.trusts) add(t.term_sets);
    }
  }
  for (const Expr& c : e.children) Collect(spec, c, fold, out);
}

}  // namespace

POSTCHECK_LOAD_PATH TermLists TermListsOf(const RulesetSpec& spec, Fold fold) {
  Walk out;
  for (const RuleSpec& r : spec.rules) {
    Collect(spec, r.match, fold, out);
    if (r.has_unless) Collect(spec, r.unless, fold, out);
    for (const EvidenceSpec& e : r.evidence) Collect(spec, e.match, fold, out);
    if (fold == Fold::kPlain) out.Add(r.allow);
  }
  return std::move(out.lists);
}

}  // namespace postcheck
