// RulesetTerms: every list a checker of any Trust adds, once each, in the fold it is matched in.
#include "rules/ruleset_terms.h"

#include <doctest/doctest.h>

namespace postcheck {
namespace {

Expr Terms(std::vector<std::string> terms, std::string ref = "", Fold fold = Fold::kPlain) {
  Expr e;
  e.kind = ExprKind::kTerms;
  e.terms = std::move(terms);
  e.terms_ref = std::move(ref);
  e.fold = fold;
  return e;
}

}  // namespace

TEST_CASE("term lists come from every place a rule holds them, for every Trust, each once") {
  RulesetSpec spec;
  spec.term_sets["people"] = {"patient"};
  spec.trusts.resize(2);
  spec.trusts[0].term_sets["trust.wards"] = {"ward 7"};
  spec.trusts[1].term_sets["trust.wards"] = {"ward 9"};
  spec.trusts[1].term_sets["people"] = {"service user"};
  RuleSpec r;
  r.match.kind = ExprKind::kAll;
  r.match.children = {Terms({"nurse"}), Terms({}, "people"),
                      Terms({"idiot"}, "", Fold::kObfuscated)};
  r.has_unless = true;
  r.unless = Terms({"press release"}, "trust.wards");
  r.evidence.push_back({Terms({}, "people"), {}});  // the same set again: listed once
  r.allow = {"reporter of the year"};
  spec.rules.push_back(r);
  RuleSpec no_unless;
  no_unless.match = Terms({"bay"});
  no_unless.unless = Terms({"never seen"});  // has_unless is false: a checker never adds it
  spec.rules.push_back(no_unless);

  const TermLists plain = TermListsOf(spec, Fold::kPlain);
  const RuleSpec& r0 = spec.rules[0];
  CHECK(plain == TermLists{&r0.match.children[0].terms, &spec.term_sets["people"],
                           &spec.trusts[1].term_sets["people"], &r0.unless.terms,
                           &spec.trusts[0].term_sets["trust.wards"],
                           &spec.trusts[1].term_sets["trust.wards"], &r0.allow,
                           &spec.rules[1].match.terms});
  CHECK(TermListsOf(spec, Fold::kObfuscated) == TermLists{&r0.match.children[2].terms});
}

}  // namespace postcheck
