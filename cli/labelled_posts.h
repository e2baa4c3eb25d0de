// LabelledPosts: reads posts labelled with the policy categories they must (or must not) raise, for `rules eval`.
#pragma once

#include <string>
#include <vector>

#include "postcheck/status.h"

namespace postcheck::cli {

// One labelled post. Two file shapes are read, one per line (JSONL):
//  - real cases (../shared/eval): {"id", "text", "expect": [categories], "borderline"?: true, ...}
//  - the corpus (tests/corpus):   {"id", "text", "labels": [categories], "trust"?: "bht"}
// An empty list means the post must not be flagged. Other fields (source, note...) are ignored.
struct LabelledPost {
  std::string id;
  std::string text;                   // UTF-8, as in the file
  std::vector<std::string> expect;    // categories the post must raise; empty = must pass
  std::string trust;                  // empty = scored under every Trust
  bool borderline = false;            // reviewers disagree: reported apart, not in the main numbers
  int line = 0;                       // 1-based line in the file, for messages
};

// Reads `path`. Any malformed line, unknown category or repeated id is an error naming file:line,
// so a typo in a comms officer's file is never silently scored as "must pass".
Result<std::vector<LabelledPost>> ReadLabelledPosts(const std::string& path);

// Reads a list of ids, one per line ('#' starts a comment), for --ids / --exclude-ids.
Result<std::vector<std::string>> ReadIdList(const std::string& path);

}  // namespace postcheck::cli
