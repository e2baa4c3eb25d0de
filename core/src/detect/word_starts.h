// WordStarts: where words begin with an ASCII letter or digit, found once per check for every detector.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace postcheck {

// Every i where text[i] is an ASCII letter or digit and text[i - 1] (if any) is no word
// character of any script: scan::StartBoundary(text, i) for exactly the places the detectors
// act on. Each detector used to ask that at every character of the text, a dozen passes
// that cost more than the detectors' own work.
std::vector<uint32_t> AsciiWordStarts(std::u16string_view text);

}  // namespace postcheck
