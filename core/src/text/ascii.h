// Ascii: the ASCII letter-or-digit table the term scan, the detectors and (with the underscore) the regex prefilter share.
#pragma once

#include <array>

namespace postcheck {

// ASCII letters and digits, as one load: both the terms' word rule (IsWordCodePoint) and the
// detectors' (scan::WordChar) say this of ASCII, and they ask it at nearly every character.
inline constexpr std::array<bool, 128> kAsciiLetterOrDigit = [] {
  std::array<bool, 128> t{};
  for (int c = 0; c < 128; ++c)
    t[c] = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
  return t;
}();

static_assert(kAsciiLetterOrDigit['a'] && kAsciiLetterOrDigit['Z'] && kAsciiLetterOrDigit['0'] &&
              !kAsciiLetterOrDigit['_'] && !kAsciiLetterOrDigit[' '] && !kAsciiLetterOrDigit['@']);

}  // namespace postcheck
