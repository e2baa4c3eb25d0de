// UTF-8 <-> UTF-16 conversion at the edges (public Utf8ToUtf16/Utf16ToUtf8 live here too).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace postcheck {

std::u16string Utf8ToUtf16(std::string_view s);   // invalid sequences -> U+FFFD
std::string Utf16ToUtf8(std::u16string_view s);   // lone surrogates -> U+FFFD
// UTF-16 offset of the byte offset `byte` in UTF-8 `s` (for converting error columns, example markers).
uint32_t Utf16LengthOfUtf8Prefix(std::string_view s, size_t byte);

}  // namespace postcheck
