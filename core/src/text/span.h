// Span: a half-open [start, end) range of UTF-16 code units; in original-text units unless a name says otherwise.
#pragma once

#include <cstdint>

namespace postcheck {

struct Span {
  uint32_t start = 0;
  uint32_t end = 0;
  bool empty() const { return end <= start; }
  bool operator==(const Span& o) const { return start == o.start && end == o.end; }
  bool operator<(const Span& o) const { return start != o.start ? start < o.start : end < o.end; }
};

}  // namespace postcheck
