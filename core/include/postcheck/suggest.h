// ClosestName: the "did you mean ...?" for a misspelt name (a key, category, rule id, command or Trust id).
#pragma once

#include <string>
#include <vector>

namespace postcheck {

// The candidate closest to `word` (edit distance, letter case ignored) if it is close enough to
// be a slip of the keyboard (at most 2 edits, or 1 for short words, or the same letters in
// another case); "" when nothing is.
std::string ClosestName(const std::string& word, const std::vector<std::string>& candidates);

// " (did you mean 'x'?)" for the closest candidate, or "".
std::string DidYouMean(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace postcheck
