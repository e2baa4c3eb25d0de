// RulesetTerms: every term list a ruleset matches in one fold, in one fixed order, so a term table and a packed ruleset's copy of it agree.
#pragma once

#include "match/term_table.h"
#include "rules/rule_spec.h"

namespace postcheck {

// The term lists of every expression matched in `fold`: its own terms, the shared set it names
// and every Trust's set of that name; and, in the plain fold, every rule's allow phrases. Each
// list once, where the walk first meets it; the pointers are into `spec`.
TermLists TermListsOf(const RulesetSpec& spec, Fold fold);

}  // namespace postcheck
