// EvalReport: scores a ruleset on labelled posts the way staff meet it (one Trust, one sensitivity).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "labelled_posts.h"
#include "postcheck/checker.h"

namespace postcheck::cli {

// A post "is flagged" for a category when a finding of that category has severity warn or block;
// info findings count neither way (../shared/eval/README.md). The checker's own min_confidence is
// the sensitivity scored.
struct CategoryScore {
  int posts = 0;    // non-borderline must-flag posts expecting this category
  int flagged = 0;  // ... flagged in it
};

struct RuleScore {
  int hits = 0;          // must-flag posts it flagged in one of their expected categories
  int off_category = 0;  // must-flag posts it flagged, none of whose expected categories is its own
  int false_alarms = 0;  // must-pass posts it flagged
};

struct PostOutcome {
  const LabelledPost* post = nullptr;
  std::vector<Finding> flagging;  // the warn/block findings
};

struct EvalReport {
  std::string trust;
  int must_flag = 0, warned = 0, category_recalled = 0;
  int must_pass = 0, false_alarms = 0;
  int borderline = 0, borderline_flagged = 0;
  int skipped_other_trust = 0;             // posts labelled for another Trust
  std::map<std::string, CategoryScore> categories;  // every known category, even with 0 posts
  std::map<std::string, RuleScore> rules;           // only rules that flagged something
  std::vector<PostOutcome> misses;         // must-flag posts not flagged in any expected category
  std::vector<PostOutcome> false_alarm_posts;
  std::vector<PostOutcome> borderline_posts;  // every borderline post, flagged or not

  double WarnedRate() const { return must_flag ? double(warned) / must_flag : 0; }
  double CategoryRecall() const { return must_flag ? double(category_recalled) / must_flag : 0; }
  double FalseAlarmRate() const { return must_pass ? double(false_alarms) / must_pass : 0; }
};

EvalReport ScorePosts(const std::vector<LabelledPost>& posts, const Checker& checker);

// Floors a CI run or a comms officer sets; a negative value means "not checked".
struct EvalFloors {
  double min_warned = -1, min_category_recall = -1, min_each_category = -1, max_false_alarms = -1;
  int each_category_min_posts = 5;  // categories with fewer posts are too small to hold to a floor
};

// One line per floor that the report falls short of; empty when all hold.
std::vector<std::string> FloorFailures(const EvalReport& r, const EvalFloors& floors);

}  // namespace postcheck::cli
