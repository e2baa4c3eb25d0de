// PrefilterPass: the windows or start places of every pattern of a checker from one pass over the
// text, so the cost of that pass does not grow with the number of patterns.
#pragma once

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "match/regex_prefilter.h"

namespace postcheck {

class PrefilterPass {
 public:
  // Where one pattern may match in a text: nowhere known (scan it all), inside windows, or from
  // start places (RegexPrefilter::Windows() / Starts(), with the same results).
  struct Places {
    enum class Kind : uint8_t { kWholeText, kWindows, kStarts } kind = Kind::kWholeText;
    std::vector<std::pair<uint32_t, uint32_t>> windows;
    std::vector<uint32_t> starts;
  };

  PrefilterPass() = default;
  // The filters in pattern order; they must outlive the pass.
  explicit PrefilterPass(std::vector<const RegexPrefilter*> filters);

  // `out[k]` for every pattern k with `active[k]` (the others are left empty). Starts(text,
  // most) giving up becomes kWholeText, as does a filter that neither windows nor anchors.
  void Run(std::u16string_view text, const std::vector<uint8_t>& active, size_t most,
           std::vector<Places>& out) const;

 private:
  std::vector<const RegexPrefilter*> filters_;
  size_t words_ = 0;  // 64-pattern words per mask
  // Per ASCII character (and one row for all others), the patterns whose test can accept it,
  // as bit masks: a place costs one masked load, whatever the number of patterns.
  std::vector<uint64_t> masks_;     // 129 rows of words_
  std::vector<uint64_t> windowed_;  // which patterns take windows rather than starts
  // Per ASCII character, the patterns that can still use it inside a word (after an ASCII
  // letter, digit or _): windowed ones, and anchored ones with a branch that can begin there
  // without \b. Most characters are inside words, and most anchored patterns begin at \b.
  std::vector<uint64_t> inside_word_;  // 128 rows of words_
};

}  // namespace postcheck
