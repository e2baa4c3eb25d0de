// DiagnoseJsonSyntax: names a JSON syntax mistake the way a person fixes it (a missing comma, an extra comma, a curly quote), at the place to fix.
#pragma once

#include <cstddef>
#include <string>

namespace postcheck {

struct JsonSyntaxProblem {
  bool found = false;   // false: the text has no mistake this scanner recognises
  std::string message;  // plain English, e.g. "missing comma between two items: put a ',' after this"
  size_t byte = 0;      // where to fix it (for a missing comma: right after the item before)
};

// Scans rules-file JSON (comments allowed) for its first syntax mistake. Used only after the real
// parser has refused the text, to explain why; the parser stays the judge of what is valid.
JsonSyntaxProblem DiagnoseJsonSyntax(const std::string& text, int max_depth);

}  // namespace postcheck
