// Confusables: a code point's confusable skeleton (UTS #39) from ICU's table, without uspoof.
#pragma once

#include <unicode/umachine.h>

#include <string>

namespace postcheck {

// The skeleton of `c`, as uspoof_getSkeleton gives it: NFD, each code point replaced by its
// prototype from confusables.txt, NFD again. uspoof_open first parses two large UnicodeSet
// patterns (its inclusion and recommended sets, ~4 ms of a wasm cold start's first check) that
// skeletons never use; this reads the same table ICU's data carries.
// False, writing `c` itself, when ICU's data holds no usable confusables table; EnsureIcu() first.
bool ConfusableSkeleton(UChar32 c, std::u16string* out);

}  // namespace postcheck
