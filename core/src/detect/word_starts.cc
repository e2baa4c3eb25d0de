// WordStarts: one pass over the base view that tells every detector where ASCII words begin.
#include "detect/word_starts.h"

#include "detect/scan.h"
#include "text/ascii.h"

namespace postcheck {

std::vector<uint32_t> AsciiWordStarts(std::u16string_view text) {
  std::vector<uint32_t> out;
  out.reserve(text.size() / 4 + 1);
  bool word_before = false;  // scan::WordChar(text, i - 1)
  for (size_t i = 0; i < text.size(); ++i) {
    const char16_t c = text[i];
    bool word;
    if (c < 0x80) {
      word = kAsciiLetterOrDigit[c];
      if (word && !word_before) out.push_back(static_cast<uint32_t>(i));
    } else {
      word = scan::WordChar(text, i);
    }
    word_before = word;
  }
  return out;
}

}  // namespace postcheck
